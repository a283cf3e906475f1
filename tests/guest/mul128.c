/*
 * mul128: 64x64->128 multiplication (mulh, mulhu, and mulhsu through asm,
 * which C cannot express directly), __int128 add/sub/shift/compare, and
 * 128-bit division and modulo (libgcc __divti3/__udivti3), printed in
 * decimal by repeated division.
 */
#include "common.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

#ifdef __riscv
static int64_t rv_mulhsu(int64_t a, uint64_t b)
{
	int64_t r;

	__asm__ volatile("mulhsu %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
	return r;
}
#else
static int64_t rv_mulhsu(int64_t a, uint64_t b)
{
	return (int64_t)(((s128)a * (s128)(u128)b) >> 64);
}
#endif

static void print_u128(u128 v)
{
	char buf[64], *p = buf + sizeof(buf);

	*--p = 0;
	do {
		*--p = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	fputs(p, stdout);
}

static void print_s128(s128 v)
{
	if (v < 0) {
		putchar('-');
		print_u128(-(u128)v);
	} else {
		print_u128((u128)v);
	}
}

static const uint64_t vals[] = {
	0, 1, 2, 3, 0x7fffffffffffffffull, 0x8000000000000000ull,
	0xffffffffffffffffull, 0x00000000ffffffffull, 0xffffffff00000000ull,
	0x123456789abcdef0ull, 0xfedcba9876543210ull, 10000000000000000000ull,
	0x8000000000000001ull, 0xdeadbeefcafebabeull,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

int main(void)
{
	uint64_t h = 0;

	for (size_t i = 0; i < NV; i++) {
		for (size_t j = 0; j < NV; j++) {
			volatile uint64_t a = vals[i], b = vals[j];
			u128 pu = (u128)a * b;
			s128 ps = (s128)(int64_t)a * (int64_t)b;
			int64_t hsu = rv_mulhsu((int64_t)a, b);

			h = mix64(h, (uint64_t)(pu >> 64));	/* mulhu */
			h = mix64(h, (uint64_t)pu);		/* mul */
			h = mix64(h, (uint64_t)(ps >> 64));	/* mulh */
			h = mix64(h, (uint64_t)hsu);
			CHECK_EQ((uint64_t)pu, (uint64_t)ps);
			/* mulhsu = mulhu - (a < 0 ? b : 0) */
			CHECK_EQ((uint64_t)hsu,
				 (uint64_t)(pu >> 64) - ((int64_t)a < 0 ? b : 0));
			if (b != 0) {
				u128 n = ((u128)a << 64) | b;
				u128 q = n / b, r = n % b;
				CHECK(q * b + r == n);
				h = mix64(h, (uint64_t)q ^ (uint64_t)(q >> 64));
				h = mix64(h, (uint64_t)r);
				s128 sn = (s128)n, sd = (s128)(int64_t)b;
				if (!(sd == -1 && sn == (s128)((u128)1 << 127))) {
					s128 sq = sn / sd, sr = sn % sd;
					CHECK(sq * sd + sr == sn);
					h = mix64(h, (uint64_t)sq ^ (uint64_t)(sq >> 64));
					h = mix64(h, (uint64_t)sr);
				}
			}
		}
	}
	printf("hash %016llx\n", (unsigned long long)h);

	volatile uint64_t m = 0xffffffffffffffffull;
	u128 sq = (u128)m * m;
	printf("max*max = ");
	print_u128(sq);
	printf("\nhi %016llx lo %016llx\n", (unsigned long long)(sq >> 64),
	       (unsigned long long)sq);
	s128 neg = (s128)(int64_t)0x8000000000000000ull * (int64_t)0x7fffffffffffffffll;
	printf("min*max = ");
	print_s128(neg);
	printf("\nmulhsu(-1, max) = %lld, mulhsu(min, 2) = %lld\n",
	       (long long)rv_mulhsu(-1, m), (long long)rv_mulhsu(INT64_MIN, 2));

	/* factorial 30 in 128 bits, and 2^127 - 1 */
	u128 f = 1;
	for (int i = 2; i <= 30; i++)
		f *= (unsigned)i;
	printf("30! = ");
	print_u128(f);
	printf("\n2^127-1 = ");
	print_s128((s128)(((u128)1 << 127) - 1));
	printf("\n-2^127 = ");
	print_s128((s128)((u128)1 << 127));
	putchar('\n');

	/* 128-bit shifts by variable amounts */
	u128 x = ((u128)0x0123456789abcdefull << 64) | 0xfedcba9876543210ull;
	uint64_t hs = 0;
	for (volatile int s = 0; s < 128; s++) {
		hs = mix64(hs, (uint64_t)(x << s) ^ (uint64_t)((x << s) >> 64));
		hs = mix64(hs, (uint64_t)(x >> s) ^ (uint64_t)((x >> s) >> 64));
		hs = mix64(hs, (uint64_t)((s128)x >> s) ^ (uint64_t)(((s128)~x >> s) >> 64));
	}
	printf("shifts %016llx\n", (unsigned long long)hs);
	return finish();
}
