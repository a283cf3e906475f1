/*
 * int_arith: add/sub/mul/neg/logic of 8, 16, 32 and 64-bit integers, signed
 * and unsigned, over edge values; narrowing and widening conversions.
 * Signed wrap-around is done in unsigned arithmetic (C leaves signed
 * overflow undefined) and converted back, which GCC defines as modulo.
 */
#include "common.h"

static const uint64_t vals[] = {
	0, 1, 2, 3, 7, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
	0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
	0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
	0xfffffffffffffffeull, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
	0x00000000deadbeefull, 0xdeadbeef00000000ull, 0x5555555555555555ull,
	0xaaaaaaaaaaaaaaaaull, 0x8000000080000000ull, 0x7fffffff7fffffffull,
	12345, (uint64_t)-12345, 1000000007, (uint64_t)-1000000007,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

#define OPS(T, NAME)							\
static void test_##NAME(void)						\
{									\
	uint64_t h[8] = {0};						\
	for (size_t i = 0; i < NV; i++) {				\
		for (size_t j = 0; j < NV; j++) {			\
			volatile T a = (T)vals[i], b = (T)vals[j];	\
			T s = (T)(a + b), d = (T)(a - b);		\
			T m = (T)((unsigned long long)a * (unsigned long long)b); \
			h[0] = mix64(h[0], (uint64_t)(int64_t)s);	\
			h[1] = mix64(h[1], (uint64_t)(int64_t)d);	\
			h[2] = mix64(h[2], (uint64_t)(int64_t)m);	\
			h[3] = mix64(h[3], (uint64_t)(int64_t)(T)(a & b)); \
			h[4] = mix64(h[4], (uint64_t)(int64_t)(T)(a | b)); \
			h[5] = mix64(h[5], (uint64_t)(int64_t)(T)(a ^ b)); \
			h[6] = mix64(h[6], (uint64_t)(int64_t)(T)~a);	\
			h[7] = mix64(h[7], (uint64_t)(int64_t)(T)(0 - (unsigned long long)a)); \
		}							\
	}								\
	printf("%-8s add %016llx sub %016llx mul %016llx\n", #NAME,	\
	       (unsigned long long)h[0], (unsigned long long)h[1],	\
	       (unsigned long long)h[2]);				\
	printf("%-8s and %016llx or  %016llx xor %016llx\n", #NAME,	\
	       (unsigned long long)h[3], (unsigned long long)h[4],	\
	       (unsigned long long)h[5]);				\
	printf("%-8s not %016llx neg %016llx\n", #NAME,		\
	       (unsigned long long)h[6], (unsigned long long)h[7]);	\
}

OPS(int8_t, i8)
OPS(uint8_t, u8)
OPS(int16_t, i16)
OPS(uint16_t, u16)
OPS(int32_t, i32)
OPS(uint32_t, u32)
OPS(int64_t, i64)
OPS(uint64_t, u64)

static void spot_checks(void)
{
	volatile int8_t c = 127;
	volatile uint8_t uc = 255;
	volatile int16_t s = -32768;
	volatile int32_t i = 0x7fffffff;
	volatile int64_t l = INT64_MIN;
	volatile uint32_t u = 0xffffffffu;

	CHECK_EQ((int8_t)(c + 1), (uint64_t)-128);
	CHECK_EQ((uint8_t)(uc + 1), 0);
	CHECK_EQ((int16_t)(s - 1), 32767);
	CHECK_EQ((int32_t)((uint32_t)i + 1), (uint64_t)(int64_t)INT32_MIN);
	CHECK_EQ((int64_t)((uint64_t)l - 1), INT64_MAX);
	CHECK_EQ((uint64_t)u + 1, 0x100000000ull);
	CHECK_EQ((uint32_t)(u + 1), 0);
	CHECK_EQ((int64_t)(int32_t)u, -1);
	CHECK_EQ((int64_t)(uint32_t)(int32_t)-1, 0xffffffffull);
	CHECK_EQ((int64_t)(int8_t)uc, -1);
	CHECK_EQ((int64_t)(int16_t)(uint16_t)0x8001, (uint64_t)-32767);
	printf("c+1=%d uc+1=%d s-1=%d i+1=%d\n", (int8_t)(c + 1),
	       (uint8_t)(uc + 1), (int16_t)(s - 1), (int32_t)((uint32_t)i + 1));
	printf("l-1=%lld u+1=%llu (int)u=%d (long)(int8)uc=%ld\n",
	       (long long)(int64_t)((uint64_t)l - 1),
	       (unsigned long long)((uint64_t)u + 1), (int)u, (long)(int8_t)uc);
}

/* Accumulations in loops: the kind of code that gets strength-reduced. */
static void loops(void)
{
	uint64_t acc64 = 1;
	uint32_t acc32 = 1;
	uint16_t acc16 = 1;
	int64_t sacc = 0;

	for (int k = 0; k < 100000; k++) {
		acc64 = acc64 * 6364136223846793005ull + 1442695040888963407ull;
		acc32 = acc32 * 1664525u + 1013904223u;
		acc16 = (uint16_t)(acc16 * 75 + 74);
		sacc += (int32_t)acc32 >> 7;
		sacc -= (int64_t)(int16_t)acc16 * k;
	}
	printf("lcg64 %016llx lcg32 %08x lcg16 %04x sacc %lld\n",
	       (unsigned long long)acc64, acc32, acc16, (long long)sacc);
}

int main(void)
{
	test_i8();
	test_u8();
	test_i16();
	test_u16();
	test_i32();
	test_u32();
	test_i64();
	test_u64();
	spot_checks();
	loops();
	return finish();
}
