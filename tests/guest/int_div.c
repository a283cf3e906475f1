/*
 * int_div: integer division and remainder of every width, including the
 * cases C leaves undefined (x / 0, INT_MIN / -1).  For those the riscv64
 * build uses the M-extension instructions directly (div, divu, rem, remu
 * and their W forms) and the native build computes what the RISC-V spec
 * defines: x / 0 = all ones, x % 0 = x, INT_MIN / -1 = INT_MIN, rem 0.
 * Divisions by constants (compiled to multiply-high sequences) too.
 */
#include "common.h"
#include <limits.h>

#ifdef __riscv
#define RV_OP(name, insn, T)						\
static T name(T a, T b)							\
{									\
	T r;								\
	__asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); \
	return r;							\
}
RV_OP(rv_div, "div", int64_t)
RV_OP(rv_divu, "divu", uint64_t)
RV_OP(rv_rem, "rem", int64_t)
RV_OP(rv_remu, "remu", uint64_t)
RV_OP(rv_divw, "divw", int64_t)
RV_OP(rv_divuw, "divuw", int64_t)
RV_OP(rv_remw, "remw", int64_t)
RV_OP(rv_remuw, "remuw", int64_t)
#else
static int64_t rv_div(int64_t a, int64_t b)
{
	if (b == 0)
		return -1;
	if (a == INT64_MIN && b == -1)
		return INT64_MIN;
	return a / b;
}
static uint64_t rv_divu(uint64_t a, uint64_t b)
{
	return b ? a / b : UINT64_MAX;
}
static int64_t rv_rem(int64_t a, int64_t b)
{
	if (b == 0)
		return a;
	if (a == INT64_MIN && b == -1)
		return 0;
	return a % b;
}
static uint64_t rv_remu(uint64_t a, uint64_t b)
{
	return b ? a % b : a;
}
static int64_t rv_divw(int64_t a, int64_t b)
{
	int32_t x = (int32_t)a, y = (int32_t)b;

	if (y == 0)
		return -1;
	if (x == INT32_MIN && y == -1)
		return INT32_MIN;
	return x / y;
}
static int64_t rv_divuw(int64_t a, int64_t b)
{
	uint32_t x = (uint32_t)a, y = (uint32_t)b;

	return (int32_t)(y ? x / y : UINT32_MAX);
}
static int64_t rv_remw(int64_t a, int64_t b)
{
	int32_t x = (int32_t)a, y = (int32_t)b;

	if (y == 0)
		return x;
	if (x == INT32_MIN && y == -1)
		return 0;
	return x % y;
}
static int64_t rv_remuw(int64_t a, int64_t b)
{
	uint32_t x = (uint32_t)a, y = (uint32_t)b;

	return (int32_t)(y ? x % y : x);
}
#endif

static const int64_t vals[] = {
	0, 1, -1, 2, -2, 3, -3, 7, -7, 10, 100, -100, 0x7fffffff,
	-0x7fffffffll - 1, 0xffffffff, 0x80000000, 0x100000000ll,
	INT64_MAX, INT64_MIN, INT64_MIN + 1, 0x123456789abcdefll,
	-0x123456789abcdefll, 0x7fffffff00000001ll, (int64_t)0xffffffff80000000ull,
	(int64_t)0xdeadbeef00000000ull, 1000000007, 0x5555555555555555ll,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

static void table(void)
{
	uint64_t h[8] = {0};

	for (size_t i = 0; i < NV; i++) {
		for (size_t j = 0; j < NV; j++) {
			int64_t a = vals[i], b = vals[j];

			h[0] = mix64(h[0], rv_div(a, b));
			h[1] = mix64(h[1], rv_divu(a, b));
			h[2] = mix64(h[2], rv_rem(a, b));
			h[3] = mix64(h[3], rv_remu(a, b));
			h[4] = mix64(h[4], rv_divw(a, b));
			h[5] = mix64(h[5], rv_divuw(a, b));
			h[6] = mix64(h[6], rv_remw(a, b));
			h[7] = mix64(h[7], rv_remuw(a, b));
		}
	}
	printf("div %016llx divu %016llx rem %016llx remu %016llx\n",
	       (unsigned long long)h[0], (unsigned long long)h[1],
	       (unsigned long long)h[2], (unsigned long long)h[3]);
	printf("divw %016llx divuw %016llx remw %016llx remuw %016llx\n",
	       (unsigned long long)h[4], (unsigned long long)h[5],
	       (unsigned long long)h[6], (unsigned long long)h[7]);
}

static void edges(void)
{
	/* division by zero */
	CHECK_EQ(rv_div(5, 0), -1);
	CHECK_EQ(rv_div(-5, 0), -1);
	CHECK_EQ(rv_divu(5, 0), UINT64_MAX);
	CHECK_EQ(rv_rem(-5, 0), -5);
	CHECK_EQ(rv_remu(5, 0), 5);
	CHECK_EQ(rv_divw(5, 0), -1);
	CHECK_EQ(rv_divuw(5, 0), -1);
	CHECK_EQ(rv_remw(0x100000005ll, 0), 5);
	CHECK_EQ(rv_remw(0xfffffffbll, 0), -5);
	CHECK_EQ(rv_remuw(0x1fffffffbll, 0), -5);
	CHECK_EQ(rv_divw(7, 0x100000000ll), -1);	/* only low 32 bits */
	/* overflow */
	CHECK_EQ(rv_div(INT64_MIN, -1), INT64_MIN);
	CHECK_EQ(rv_rem(INT64_MIN, -1), 0);
	CHECK_EQ(rv_divw(INT32_MIN, -1), (int64_t)INT32_MIN);
	CHECK_EQ(rv_remw(INT32_MIN, -1), 0);
	CHECK_EQ(rv_divw(0x180000000ll, 0xffffffffll), (int64_t)INT32_MIN);
	/* sign of the remainder follows the dividend */
	CHECK_EQ(rv_rem(-7, 2), -1);
	CHECK_EQ(rv_rem(7, -2), 1);
	CHECK_EQ(rv_remw(-7, 2), -1);
	CHECK_EQ(rv_div(-7, 2), -3);
	CHECK_EQ(rv_divuw(-1, 2), 0x7fffffff);
	CHECK_EQ(rv_divuw(-2, 1), -2);
	printf("5/0=%lld 5u/0=%llu -5%%0=%lld MIN/-1=%lld MIN%%-1=%lld\n",
	       (long long)rv_div(5, 0), (unsigned long long)rv_divu(5, 0),
	       (long long)rv_rem(-5, 0), (long long)rv_div(INT64_MIN, -1),
	       (long long)rv_rem(INT64_MIN, -1));
	printf("w: 5/0=%lld 5u/0=%lld MIN/-1=%lld remuw=%lld\n",
	       (long long)rv_divw(5, 0), (long long)rv_divuw(5, 0),
	       (long long)rv_divw(INT32_MIN, -1),
	       (long long)rv_remuw(0x1fffffffbll, 0));
}

/* Compiler-generated division of every width, by variables and constants. */
#define CDIV(T, NAME)							\
static uint64_t cdiv_##NAME(void)					\
{									\
	uint64_t h = 0;							\
	for (size_t i = 0; i < NV; i++) {				\
		volatile T a = (T)vals[i];				\
		h = mix64(h, (uint64_t)(T)(a / 3));			\
		h = mix64(h, (uint64_t)(T)(a / 7));			\
		h = mix64(h, (uint64_t)(T)(a % 10));			\
		h = mix64(h, (uint64_t)(T)(a / 16));			\
		h = mix64(h, (uint64_t)(T)(a % 16));			\
		h = mix64(h, (uint64_t)(T)(a / -5));			\
		h = mix64(h, (uint64_t)(T)(a / 1000000007));		\
		for (size_t j = 0; j < NV; j++) {			\
			volatile T b = (T)vals[j];			\
			if (b == 0 || (b == (T)-1 && (T)-1 < 0))	\
				continue;				\
			h = mix64(h, (uint64_t)(T)(a / b));		\
			h = mix64(h, (uint64_t)(T)(a % b));		\
		}							\
	}								\
	return h;							\
}

CDIV(int8_t, i8)
CDIV(uint8_t, u8)
CDIV(int16_t, i16)
CDIV(uint16_t, u16)
CDIV(int32_t, i32)
CDIV(uint32_t, u32)
CDIV(int64_t, i64)
CDIV(uint64_t, u64)

int main(void)
{
	table();
	edges();
	printf("c i8 %016llx u8 %016llx\n", (unsigned long long)cdiv_i8(),
	       (unsigned long long)cdiv_u8());
	printf("c i16 %016llx u16 %016llx\n", (unsigned long long)cdiv_i16(),
	       (unsigned long long)cdiv_u16());
	printf("c i32 %016llx u32 %016llx\n", (unsigned long long)cdiv_i32(),
	       (unsigned long long)cdiv_u32());
	printf("c i64 %016llx u64 %016llx\n", (unsigned long long)cdiv_i64(),
	       (unsigned long long)cdiv_u64());
	return finish();
}
