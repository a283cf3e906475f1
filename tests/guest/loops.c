/*
 * loops: loop shapes the JIT turns into loops inside one superblock
 * (ir_link_exits) and must keep guest registers correct across: nested
 * loops, rotated (do-while) loops, loops left early by break and goto,
 * continue, a loop entered in its middle (Duff's device), loops with a
 * call inside, loops with more live values than host registers, a loop
 * over a page boundary of code (a long unrolled body), and a loop whose
 * trip count depends on memory it writes.  Each result is a checksum
 * printed for comparison with the native run.
 */
#include "common.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static volatile unsigned sink;

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

static uint64_t __attribute__((noinline)) nested(unsigned n)
{
	uint64_t h = 1;
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < i; j++)
			for (unsigned k = j; k < i; k += 3)
				h = mix(h, i * 31 + j * 7 + k);
	return h;
}

static uint64_t __attribute__((noinline)) rotated(uint64_t x)
{
	uint64_t h = 0;
	do {
		h += x & 0xff;
		x = x * 6364136223846793005ull + 1442695040888963407ull;
	} while ((x >> 60) != 0xf || h < 100000);
	return h ^ x;
}

static uint64_t __attribute__((noinline)) early_exits(const uint32_t *a, unsigned n)
{
	uint64_t h = 0;
	for (unsigned i = 0; i < n; i++) {
		if (a[i] % 7 == 3)
			continue;
		if (a[i] % 1009 == 17)
			break;
		for (unsigned j = 0; j < 8; j++) {
			if (((a[i] >> j) & 3) == 2)
				goto next;
			h = mix(h, a[i] + j);
		}
next:
		h += i;
	}
	return h;
}

static void __attribute__((noinline)) duff(uint8_t *to, const uint8_t *from, unsigned count)
{
	unsigned n = (count + 7) / 8;
	if (!count)
		return;
	switch (count % 8) {
	case 0: do { *to++ = *from++;
	case 7: *to++ = *from++;
	case 6: *to++ = *from++;
	case 5: *to++ = *from++;
	case 4: *to++ = *from++;
	case 3: *to++ = *from++;
	case 2: *to++ = *from++;
	case 1: *to++ = *from++;
		} while (--n > 0);
	}
}

static unsigned __attribute__((noinline)) callee(unsigned x)
{
	sink = x;
	return x * 3 + 1;
}

static uint64_t __attribute__((noinline)) with_calls(unsigned n)
{
	uint64_t h = 0;
	unsigned x = 27;
	for (unsigned i = 0; i < n; i++) {
		x = (x & 1) ? callee(x) : x / 2;
		if (x == 1)
			x = i + 27;
		h = mix(h, x);
	}
	return h;
}

/* more live values than the host has registers, all changing each trip */
static uint64_t __attribute__((noinline)) pressure(unsigned n)
{
	uint64_t a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;
	uint64_t i2 = 9, j = 10, k = 11, l = 12, m = 13, o = 14, p = 15, q = 16;
	uint64_t r = 17, s = 18, t = 19, u = 20;
	for (unsigned it = 0; it < n; it++) {
		a += b ^ u; b += c * 3; c ^= d >> 1; d += e; e -= f; f ^= g << 2;
		g += h; h ^= i2; i2 += j * 5; j ^= k; k += l; l ^= m >> 3;
		m += o; o ^= p; p += q; q ^= r * 7; r += s; s ^= t; t += u; u ^= a;
	}
	return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ i2 ^ j ^ k ^ l ^ m ^ o ^ p ^ q ^
	       r ^ s ^ t ^ u;
}

#define STEP(x) (x) = (x) * 2862933555777941757ull + 3037000493ull; acc ^= (x) >> 17;
#define STEP8(x) STEP(x) STEP(x) STEP(x) STEP(x) STEP(x) STEP(x) STEP(x) STEP(x)
#define STEP64(x) STEP8(x) STEP8(x) STEP8(x) STEP8(x) STEP8(x) STEP8(x) STEP8(x) STEP8(x)

/* a loop body longer than a page of code */
static uint64_t __attribute__((noinline)) long_body(unsigned n)
{
	uint64_t x = 42, acc = 0;
	for (unsigned i = 0; i < n; i++) {
		STEP64(x) STEP64(x) STEP64(x)
	}
	return acc ^ x;
}

/* the trip count is re-read from memory the loop writes */
static unsigned __attribute__((noinline)) self_limit(unsigned *lim)
{
	unsigned i = 0, seen = 0;
	for (i = 0; i < *lim; i++) {
		if (i % 10 == 9)
			*lim -= 1;
		seen += i;
	}
	return seen * 1000 + i;
}

int main(void)
{
	static uint32_t a[50000];
	static uint8_t src[1000], dst[1000];
	uint32_t x = 12345;
	unsigned lim = 500;

	for (unsigned i = 0; i < ARRAY_SIZE(a); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		a[i] = x;
	}
	for (unsigned i = 0; i < sizeof src; i++)
		src[i] = (uint8_t)(i * 7 + 3);

	printf("nested %016llx\n", (unsigned long long)nested(120));
	printf("rotated %016llx\n", (unsigned long long)rotated(99));
	printf("early_exits %016llx\n", (unsigned long long)early_exits(a, ARRAY_SIZE(a)));
	for (unsigned count = 0; count < 20; count++) {
		memset(dst, 0, sizeof dst);
		duff(dst, src + count, 900 - count * 13);
		uint64_t h = 0;
		for (unsigned i = 0; i < sizeof dst; i++)
			h = mix(h, dst[i]);
		printf("duff %2u %016llx\n", count, (unsigned long long)h);
	}
	printf("with_calls %016llx\n", (unsigned long long)with_calls(100000));
	printf("pressure %016llx\n", (unsigned long long)pressure(1000000));
	printf("long_body %016llx\n", (unsigned long long)long_body(20000));
	unsigned sl = self_limit(&lim);  /* before reading lim: argument order */
	printf("self_limit %u (lim now %u)\n", sl, lim);
	return 0;
}
