/*
 * getrandom: getrandom(2) with several lengths and flags, reading
 * /dev/urandom, and AT_RANDOM: only lengths and coarse statistics print
 * (the bytes differ every run).  Two reads must differ.
 */
#include "common.h"
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <unistd.h>

int main(void)
{
	static unsigned char a[4096], b[4096];
	static const size_t lens[] = { 0, 1, 16, 255, 256, 4096 };

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		ssize_t n = getrandom(a, lens[i], 0);
		printf("getrandom(%zu) = %zd\n", lens[i], n);
		CHECK_EQ(n, lens[i]);
	}
	ssize_t n = getrandom(b, sizeof(b), GRND_NONBLOCK);
	printf("GRND_NONBLOCK: %zd\n", n);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	/* coarse statistics: 4096 random bytes have about 16384 set bits */
	unsigned bits = 0;
	for (size_t i = 0; i < sizeof(b); i++)
		bits += (unsigned)__builtin_popcount(b[i]);
	printf("bit count plausible: %d\n", bits > 15000 && bits < 17800);
	CHECK(bits > 15000 && bits < 17800);

	int fd = open("/dev/urandom", O_RDONLY);
	CHECK(fd >= 0);
	n = read(fd, a, 1000);
	printf("/dev/urandom read %zd\n", n);
	close(fd);

	const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
	CHECK(r != NULL);
	int nonzero = 0;
	for (int i = 0; i < 16; i++)
		nonzero += r[i] != 0;
	printf("AT_RANDOM has 16 readable bytes, mostly non-zero: %d\n", nonzero > 8);
	return finish();
}
