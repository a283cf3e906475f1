/*
 * compare: signed and unsigned comparisons of every width, as branches and
 * as values (slt/sltu/slti/sltiu/seqz/snez), against registers and against
 * immediates at the 12-bit boundaries; usual-arithmetic-conversion traps
 * (int vs unsigned) which C defines; min/max selects.
 */
#include "common.h"

static const uint64_t vals[] = {
	0, 1, 2, 0x7ff, 0x800, 0xfff, 0x7fffffff, 0x80000000, 0xffffffff,
	0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
	0xffffffffffffffffull, 0xfffffffffffff800ull, 0xfffffffffffff7ffull,
	0xffffffff80000000ull, 0x8000000000000001ull, 0x0000000100000001ull,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

#define CMP(T, NAME)							\
static uint64_t cmp_##NAME(void)					\
{									\
	uint64_t bits = 0, h = 0;					\
	for (size_t i = 0; i < NV; i++) {				\
		for (size_t j = 0; j < NV; j++) {			\
			volatile T a = (T)vals[i], b = (T)vals[j];	\
			unsigned r = (a < b) | (a <= b) << 1 | (a > b) << 2 | \
				(a >= b) << 3 | (a == b) << 4 | (a != b) << 5; \
			bits = bits * 64 + r;				\
			h = mix64(h, bits);				\
			T mn = a < b ? a : b, mx = a > b ? a : b;	\
			h = mix64(h, (uint64_t)mn ^ ((uint64_t)mx << 1)); \
			if (a < b)					\
				h += 3;					\
			if (a >= b)					\
				h ^= 5;					\
			if (a == b)					\
				h += 11;				\
		}							\
	}								\
	return h;							\
}

CMP(int8_t, i8)
CMP(uint8_t, u8)
CMP(int16_t, i16)
CMP(uint16_t, u16)
CMP(int32_t, i32)
CMP(uint32_t, u32)
CMP(int64_t, i64)
CMP(uint64_t, u64)

static void immediates(void)
{
	uint64_t h = 0;

	for (size_t i = 0; i < NV; i++) {
		volatile int64_t a = (int64_t)vals[i];
		volatile uint64_t u = vals[i];
		unsigned r = (a < 2047) | (a < -2048) << 1 | (a < 0) << 2 |
			(u < 2047) << 3 | (u < 1) << 4 | (a == 0) << 5 |
			(a != 0) << 6 | (u > 0xfffffffffffff7ffull) << 7 |
			(a <= -1) << 8 | (a > 2047) << 9 |
			((int32_t)a < -2048) << 10 | ((uint32_t)u >= 0x800u) << 11;
		printf("%016llx: %03x\n", (unsigned long long)u, r);
		h = mix64(h, r);
	}
	printf("imm %016llx\n", (unsigned long long)h);
}

static void conversions(void)
{
	volatile int m1 = -1;
	volatile unsigned one = 1;
	volatile long lm1 = -1;
	volatile unsigned long ulone = 1;
	volatile short sm1 = -1;
	volatile unsigned short usone = 1;

	/* -1 converts to UINT_MAX when compared with an unsigned */
	CHECK(m1 > one);
	CHECK(lm1 > ulone);
	/* unsigned int fits in long: no conversion trap */
	CHECK(lm1 < one);
	/* short promotes to int on both sides */
	CHECK(sm1 < usone);
	CHECK((unsigned)m1 == 0xffffffffu);
	printf("m1>one=%d lm1>ulone=%d lm1<one=%d sm1<usone=%d\n", m1 > one,
	       lm1 > ulone, lm1 < one, sm1 < usone);
}

int main(void)
{
	printf("i8  %016llx u8  %016llx\n", (unsigned long long)cmp_i8(),
	       (unsigned long long)cmp_u8());
	printf("i16 %016llx u16 %016llx\n", (unsigned long long)cmp_i16(),
	       (unsigned long long)cmp_u16());
	printf("i32 %016llx u32 %016llx\n", (unsigned long long)cmp_i32(),
	       (unsigned long long)cmp_u32());
	printf("i64 %016llx u64 %016llx\n", (unsigned long long)cmp_i64(),
	       (unsigned long long)cmp_u64());
	immediates();
	conversions();
	return finish();
}
