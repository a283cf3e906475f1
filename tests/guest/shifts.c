/*
 * shifts: shifts of every width by every in-range amount (C), and the
 * RISC-V semantics for amounts >= the width, which C leaves undefined:
 * sll/srl/sra use the low 6 bits of the amount, sllw/srlw/sraw the low 5
 * bits and sign-extend the 32-bit result.  riscv64 uses the instructions;
 * native computes the same masks.
 */
#include "common.h"

#ifdef __riscv
#define RV_SH(name, insn)						\
static int64_t name(int64_t a, int64_t b)				\
{									\
	int64_t r;							\
	__asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); \
	return r;							\
}
RV_SH(rv_sll, "sll")
RV_SH(rv_srl, "srl")
RV_SH(rv_sra, "sra")
RV_SH(rv_sllw, "sllw")
RV_SH(rv_srlw, "srlw")
RV_SH(rv_sraw, "sraw")
#else
static int64_t rv_sll(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a << (b & 63));
}
static int64_t rv_srl(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a >> (b & 63));
}
static int64_t rv_sra(int64_t a, int64_t b)
{
	return a >> (b & 63);
}
static int64_t rv_sllw(int64_t a, int64_t b)
{
	return (int32_t)((uint32_t)a << (b & 31));
}
static int64_t rv_srlw(int64_t a, int64_t b)
{
	return (int32_t)((uint32_t)a >> (b & 31));
}
static int64_t rv_sraw(int64_t a, int64_t b)
{
	return (int32_t)a >> (b & 31);
}
#endif

static const uint64_t vals[] = {
	0, 1, 0x80, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000001ull,
	0x8000000000000000ull, 0xffffffffffffffffull, 0x123456789abcdef0ull,
	0xfedcba9876543210ull, 0x00000000deadbeefull, 0xdeadbeef7f00ff01ull,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

static void reg_shifts(void)
{
	static const int64_t amounts[] = {
		0, 1, 5, 31, 32, 33, 63, 64, 65, 95, 127, 128, -1, -32, -33,
		0x7fffffff, (int64_t)0x8000000000000020ull, 0x100000003ll,
	};
	uint64_t h[6] = {0};

	for (size_t i = 0; i < NV; i++) {
		for (size_t j = 0; j < sizeof(amounts) / sizeof(amounts[0]); j++) {
			int64_t a = (int64_t)vals[i], b = amounts[j];

			h[0] = mix64(h[0], rv_sll(a, b));
			h[1] = mix64(h[1], rv_srl(a, b));
			h[2] = mix64(h[2], rv_sra(a, b));
			h[3] = mix64(h[3], rv_sllw(a, b));
			h[4] = mix64(h[4], rv_srlw(a, b));
			h[5] = mix64(h[5], rv_sraw(a, b));
		}
	}
	printf("sll %016llx srl %016llx sra %016llx\n", (unsigned long long)h[0],
	       (unsigned long long)h[1], (unsigned long long)h[2]);
	printf("sllw %016llx srlw %016llx sraw %016llx\n", (unsigned long long)h[3],
	       (unsigned long long)h[4], (unsigned long long)h[5]);

	CHECK_EQ(rv_sll(1, 64), 1);
	CHECK_EQ(rv_sll(1, 65), 2);
	CHECK_EQ(rv_srl(-1, 127), 1);
	CHECK_EQ(rv_sra(INT64_MIN, 127), -1);
	CHECK_EQ(rv_sllw(1, 31), (int64_t)INT32_MIN);
	CHECK_EQ(rv_sllw(1, 32), 1);
	CHECK_EQ(rv_srlw(0xffffffff00000000ull, 0), 0);
	CHECK_EQ(rv_srlw(0x80000000, 0), (int64_t)INT32_MIN);
	CHECK_EQ(rv_srlw(0x80000000, 32), (int64_t)INT32_MIN);
	CHECK_EQ(rv_srlw(0x80000000, 1), 0x40000000);
	CHECK_EQ(rv_sraw(0x80000000, 31), -1);
	CHECK_EQ(rv_sraw(0x180000000ll, 4), (int64_t)(int32_t)0xf8000000);
	printf("sll(1,64)=%lld sllw(1,32)=%lld srlw(1<<31,32)=%lld sraw=%lld\n",
	       (long long)rv_sll(1, 64), (long long)rv_sllw(1, 32),
	       (long long)rv_srlw(0x80000000, 32), (long long)rv_sraw(0x80000000, 63));
}

/* Shifts C defines: every width, every in-range amount, both directions. */
#define CSH(T, UT, NAME, W)						\
static uint64_t csh_##NAME(void)					\
{									\
	uint64_t h = 0;							\
	for (size_t i = 0; i < NV; i++) {				\
		for (volatile int s = 0; s < W; s++) {			\
			volatile T a = (T)vals[i];			\
			h = mix64(h, (uint64_t)(T)((UT)a << s));	\
			h = mix64(h, (uint64_t)(T)(a >> s));		\
			h = mix64(h, (uint64_t)(T)((UT)a >> s));	\
		}							\
		volatile T a = (T)vals[i];				\
		h = mix64(h, (uint64_t)(T)((UT)a << 3));		\
		h = mix64(h, (uint64_t)(T)(a >> (W - 1)));		\
		h = mix64(h, (uint64_t)(T)((UT)a >> (W - 1)));		\
		h = mix64(h, (uint64_t)(T)((UT)a << (W - 1)));		\
		h = mix64(h, (uint64_t)(T)(((UT)a << 5) | ((UT)a >> (W - 5)))); \
	}								\
	return h;							\
}

CSH(int8_t, uint8_t, i8, 8)
CSH(int16_t, uint16_t, i16, 16)
CSH(int32_t, uint32_t, i32, 32)
CSH(int64_t, uint64_t, i64, 64)
CSH(uint32_t, uint32_t, u32, 32)
CSH(uint64_t, uint64_t, u64, 64)

int main(void)
{
	reg_shifts();
	printf("c i8 %016llx i16 %016llx\n", (unsigned long long)csh_i8(),
	       (unsigned long long)csh_i16());
	printf("c i32 %016llx i64 %016llx\n", (unsigned long long)csh_i32(),
	       (unsigned long long)csh_i64());
	printf("c u32 %016llx u64 %016llx\n", (unsigned long long)csh_u32(),
	       (unsigned long long)csh_u64());
	return finish();
}
