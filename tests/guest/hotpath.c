/*
 * hotpath: branches whose hot way is the taken one.  A superblock follows
 * the way the first tier counted more often (translate.c: follow_taken),
 * so here it goes on at the targets and leaves at the fall-throughs.  The
 * phases change which way is hot after the superblocks are made: the rare
 * way (now a side exit) must still compute the same thing, and so must a
 * block that was shaped by a profile that no longer holds.
 */
#include "common.h"

static uint32_t seed = 12345;

static uint32_t next(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

/* __builtin_expect(c, 0) lays the body of a mostly true c out of line:
 * the branch to it is the one usually taken */
static __attribute__((noinline)) uint64_t mix(const uint8_t *d, unsigned n)
{
	uint64_t acc = 1;
	for (unsigned i = 0; i < n; i++) {
		unsigned v = d[i];
		if (__builtin_expect(v < 240, 0))
			acc = acc * 31 + v;
		else
			acc ^= (uint64_t)v << (i & 31);
		if (__builtin_expect(v & 1, 0)) {
			acc += i;
			if (__builtin_expect(v > 3, 0))
				acc = (acc << 3) | (acc >> 61);
		} else {
			acc -= 3;
		}
	}
	return acc;
}

/* a search loop whose exit test is mostly taken back into the body */
static __attribute__((noinline)) unsigned run_len(const uint8_t *a, const uint8_t *b,
						  unsigned max)
{
	unsigned n = 0;
	while (n < max) {
		if (__builtin_expect(a[n] != b[n], 1))
			break;
		n++;
	}
	return n;
}

int main(void)
{
	enum { N = 4096 };
	static uint8_t d[N], e[N];
	/* phase 1: v < 240 and odd nearly always */
	for (unsigned i = 0; i < N; i++)
		d[i] = (uint8_t)((next() % 120) * 2 + 1);
	uint64_t h1 = 0;
	for (unsigned r = 0; r < 50; r++)
		h1 = h1 * 3 + mix(d, N);
	printf("phase 1: %016llx\n", (unsigned long long)h1);

	/* phase 2: the other way, now that the blocks are made */
	for (unsigned i = 0; i < N; i++)
		d[i] = (uint8_t)(240 + (next() % 8) * 2);
	uint64_t h2 = 0;
	for (unsigned r = 0; r < 50; r++)
		h2 = h2 * 3 + mix(d, N);
	printf("phase 2: %016llx\n", (unsigned long long)h2);

	/* phase 3: mixed, every way taken often */
	for (unsigned i = 0; i < N; i++)
		d[i] = (uint8_t)next();
	uint64_t h3 = 0;
	for (unsigned r = 0; r < 50; r++)
		h3 = h3 * 3 + mix(d, N);
	printf("phase 3: %016llx\n", (unsigned long long)h3);

	/* long equal runs, then short ones */
	for (unsigned i = 0; i < N; i++)
		d[i] = e[i] = (uint8_t)next();
	uint64_t s = 0;
	for (unsigned k = 0; k < 2000; k++) {
		unsigned at = next() % (N - 64);
		e[at + 40] ^= 1;
		s += run_len(d + at, e + at, 64);
		e[at + 40] ^= 1;
	}
	for (unsigned k = 0; k < 2000; k++) {
		unsigned at = next() % (N - 64);
		e[at + 1] ^= 0x80;
		s = s * 7 + run_len(d + at, e + at, 64);
		e[at + 1] ^= 0x80;
	}
	printf("runs: %llu\n", (unsigned long long)s);
	CHECK(run_len(d, e, 64) == 64);
	return finish();
}
