/*
 * compressed: the RVC (C extension) forms with their edge cases, written
 * explicitly as c.* instructions on riscv64: c.li/c.lui/c.addi/c.addiw
 * (sign-extended 6-bit immediates, c.lui's upper range), c.slli/c.srli/
 * c.srai by 1 and 63, c.andi negative, the register-register ALU forms
 * including c.addw/c.subw, the sp-relative and register-relative loads
 * and stores (integer and FP), c.addi4spn/c.addi16sp, and c.beqz/c.bnez/
 * c.j/c.jal-free control flow.  Native computes the same values in C.
 */
#include "common.h"

#ifdef __riscv
#define UN(name, insn)							\
static int64_t name(int64_t x)						\
{									\
	register int64_t a0 __asm__("a0") = x;				\
	__asm__ volatile(insn : "+r"(a0));				\
	return a0;							\
}
#define BIN(name, insn)							\
static int64_t name(int64_t x, int64_t y)				\
{									\
	register int64_t a0 __asm__("a0") = x;				\
	register int64_t a1 __asm__("a1") = y;				\
	__asm__ volatile(insn : "+r"(a0) : "r"(a1));			\
	return a0;							\
}
UN(c_li_m32, "c.li a0, -32")
UN(c_li_31, "c.li a0, 31")
UN(c_lui_1, "c.lui a0, 1")
UN(c_lui_max, "c.lui a0, 0xfffff")	/* -1 << 12 */
UN(c_lui_neg, "c.lui a0, 0xfffe0")	/* -32 << 12 */
UN(c_addi_m32, "c.addi a0, -32")
UN(c_addi_31, "c.addi a0, 31")
UN(c_addiw_0, "c.addiw a0, 0")		/* sext.w */
UN(c_addiw_m1, "c.addiw a0, -1")
UN(c_slli_1, "c.slli a0, 1")
UN(c_slli_63, "c.slli a0, 63")
UN(c_srli_1, "c.srli a0, 1")
UN(c_srli_63, "c.srli a0, 63")
UN(c_srai_1, "c.srai a0, 1")
UN(c_srai_63, "c.srai a0, 63")
UN(c_andi_m1, "c.andi a0, -1")
UN(c_andi_m32, "c.andi a0, -32")
UN(c_andi_15, "c.andi a0, 15")
BIN(c_mv, "c.mv a0, a1")
BIN(c_add, "c.add a0, a1")
BIN(c_sub, "c.sub a0, a1")
BIN(c_xor, "c.xor a0, a1")
BIN(c_or, "c.or a0, a1")
BIN(c_and, "c.and a0, a1")
BIN(c_addw, "c.addw a0, a1")
BIN(c_subw, "c.subw a0, a1")

static int64_t c_mem(int64_t x)
{
	register int64_t a0 __asm__("a0") = x;
	register int64_t a1 __asm__("a1");
	/* c.sdsp/c.ldsp/c.swsp/c.lwsp, then c.sd/c.ld/c.sw/c.lw off a1 */
	__asm__ volatile(
		"addi sp, sp, -64\n\t"
		"c.sdsp a0, 8(sp)\n\t"
		"c.swsp a0, 16(sp)\n\t"
		"c.lwsp a1, 16(sp)\n\t"	/* sign-extended low word */
		"c.ldsp a0, 8(sp)\n\t"
		"c.xor a0, a1\n\t"
		"c.addi4spn a1, sp, 24\n\t"
		"c.sd a0, 8(a1)\n\t"	/* sp + 32 */
		"c.sw a0, 0(a1)\n\t"	/* sp + 24 */
		"c.ld a0, 8(a1)\n\t"
		"c.lw a1, 0(a1)\n\t"
		"c.add a0, a1\n\t"
		"addi sp, sp, 64\n\t"
		: "+r"(a0), "=&r"(a1) : : "memory");
	return a0;
}

static int64_t c_sp(void)
{
	register int64_t a0 __asm__("a0");
	__asm__ volatile(
		"mv a0, sp\n\t"
		"c.addi16sp sp, -64\n\t"
		"sub a0, a0, sp\n\t"	/* 64 */
		"c.addi16sp sp, 64\n\t"
		"c.addi4spn a1, sp, 1020\n\t"
		"sub a1, a1, sp\n\t"
		"c.add a0, a1\n\t"	/* 64 + 1020 */
		: "=&r"(a0) : : "a1");
	return a0;
}

static double c_fmem(double d)
{
	register double fa0 __asm__("fa0") = d;
	register double fa1 __asm__("fa1");
	register int64_t a1 __asm__("a1");
	__asm__ volatile(
		"addi sp, sp, -32\n\t"
		"c.fsdsp fa0, 8(sp)\n\t"
		"c.fldsp fa1, 8(sp)\n\t"
		"fadd.d fa0, fa0, fa1\n\t"
		"c.addi4spn a1, sp, 16\n\t"
		"c.fsd fa0, 0(a1)\n\t"
		"c.fld fa1, 0(a1)\n\t"
		"fadd.d fa0, fa0, fa1\n\t"
		"addi sp, sp, 32\n\t"
		: "+f"(fa0), "=&f"(fa1), "=&r"(a1) : : "memory");
	return fa0;
}

/* count set bits with c.beqz/c.bnez/c.j/c.andi/c.srli loops */
static int64_t c_branches(int64_t x)
{
	register int64_t a0 __asm__("a0") = x;
	register int64_t a1 __asm__("a1") = 0;
	register int64_t a2 __asm__("a2");
	__asm__ volatile(
		"1:\n\t"
		"c.beqz a0, 3f\n\t"
		"c.mv a2, a0\n\t"
		"c.andi a2, 1\n\t"
		"c.beqz a2, 2f\n\t"
		"c.addi a1, 1\n\t"
		"2:\n\t"
		"c.srli a0, 1\n\t"
		"c.bnez a0, 1b\n\t"
		"c.j 3f\n\t"
		"c.li a1, -1\n\t"	/* skipped */
		"3:\n\t"
		: "+r"(a0), "+r"(a1), "=&r"(a2));
	return a1;
}
#else
static int64_t c_li_m32(int64_t x) { return -32; }
static int64_t c_li_31(int64_t x) { return 31; }
static int64_t c_lui_1(int64_t x) { return 1 << 12; }
static int64_t c_lui_max(int64_t x) { return -1l << 12; }
static int64_t c_lui_neg(int64_t x) { return -32l * 4096; }
static int64_t c_addi_m32(int64_t x) { return (int64_t)((uint64_t)x - 32); }
static int64_t c_addi_31(int64_t x) { return (int64_t)((uint64_t)x + 31); }
static int64_t c_addiw_0(int64_t x) { return (int32_t)x; }
static int64_t c_addiw_m1(int64_t x) { return (int32_t)((uint32_t)x - 1); }
static int64_t c_slli_1(int64_t x) { return (int64_t)((uint64_t)x << 1); }
static int64_t c_slli_63(int64_t x) { return (int64_t)((uint64_t)x << 63); }
static int64_t c_srli_1(int64_t x) { return (int64_t)((uint64_t)x >> 1); }
static int64_t c_srli_63(int64_t x) { return (int64_t)((uint64_t)x >> 63); }
static int64_t c_srai_1(int64_t x) { return x >> 1; }
static int64_t c_srai_63(int64_t x) { return x >> 63; }
static int64_t c_andi_m1(int64_t x) { return x; }
static int64_t c_andi_m32(int64_t x) { return x & -32; }
static int64_t c_andi_15(int64_t x) { return x & 15; }
static int64_t c_mv(int64_t x, int64_t y) { return y; }
static int64_t c_add(int64_t x, int64_t y) { return (int64_t)((uint64_t)x + (uint64_t)y); }
static int64_t c_sub(int64_t x, int64_t y) { return (int64_t)((uint64_t)x - (uint64_t)y); }
static int64_t c_xor(int64_t x, int64_t y) { return x ^ y; }
static int64_t c_or(int64_t x, int64_t y) { return x | y; }
static int64_t c_and(int64_t x, int64_t y) { return x & y; }
static int64_t c_addw(int64_t x, int64_t y) { return (int32_t)((uint32_t)x + (uint32_t)y); }
static int64_t c_subw(int64_t x, int64_t y) { return (int32_t)((uint32_t)x - (uint32_t)y); }
static int64_t c_mem(int64_t x)
{
	int64_t a = x ^ (int64_t)(int32_t)x;
	return (int64_t)((uint64_t)a + (uint64_t)(int64_t)(int32_t)a);
}
static int64_t c_sp(void) { return 64 + 1020; }
static double c_fmem(double d) { double a = d + d; return a + a; }
static int64_t c_branches(int64_t x) { return __builtin_popcountll((uint64_t)x); }
#endif

static const uint64_t vals[] = {
	0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x8000000000000000ull,
	0xffffffffffffffffull, 0x123456789abcdef0ull, 0xfffffffffffffff0ull,
	0x00000000ffffffe0ull, 0x7fffffffffffffe1ull,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

int main(void)
{
	uint64_t h = 0;
	static int64_t (*const un[])(int64_t) = {
		c_li_m32, c_li_31, c_lui_1, c_lui_max, c_lui_neg, c_addi_m32,
		c_addi_31, c_addiw_0, c_addiw_m1, c_slli_1, c_slli_63, c_srli_1,
		c_srli_63, c_srai_1, c_srai_63, c_andi_m1, c_andi_m32, c_andi_15,
		c_mem, c_branches,
	};
	static int64_t (*const bin[])(int64_t, int64_t) = {
		c_mv, c_add, c_sub, c_xor, c_or, c_and, c_addw, c_subw,
	};

	for (size_t f = 0; f < sizeof(un) / sizeof(un[0]); f++) {
		uint64_t hf = 0;
		for (size_t i = 0; i < NV; i++)
			hf = mix64(hf, (uint64_t)un[f]((int64_t)vals[i]));
		printf("unary %2zu: %016llx\n", f, (unsigned long long)hf);
		h = mix64(h, hf);
	}
	for (size_t f = 0; f < sizeof(bin) / sizeof(bin[0]); f++) {
		uint64_t hf = 0;
		for (size_t i = 0; i < NV; i++)
			for (size_t j = 0; j < NV; j++)
				hf = mix64(hf, (uint64_t)bin[f]((int64_t)vals[i],
								(int64_t)vals[j]));
		printf("binary %zu: %016llx\n", f, (unsigned long long)hf);
		h = mix64(h, hf);
	}
	printf("c.lui max %lld neg %lld c.li %lld %lld\n", (long long)c_lui_max(0),
	       (long long)c_lui_neg(0), (long long)c_li_m32(0), (long long)c_li_31(0));
	printf("c.addiw(0x80000000, -1) = %lld c.srai63(min) = %lld\n",
	       (long long)c_addiw_m1(0x80000000), (long long)c_srai_63(INT64_MIN));
	printf("sp arithmetic %lld fp mem %g popcount %lld\n", (long long)c_sp(),
	       c_fmem(1.25), (long long)c_branches(0xf0f0f0f0f0f0f0f1ll));
	CHECK_EQ(c_lui_max(0), (uint64_t)(-1l << 12));
	CHECK_EQ(c_addiw_m1(0x80000000), 0x7fffffff);
	CHECK_EQ(c_sp(), 1084);
	CHECK_EQ(c_branches(0xf0f0f0f0f0f0f0f1ll), 33);
	printf("total %016llx\n", (unsigned long long)h);
	return finish();
}
