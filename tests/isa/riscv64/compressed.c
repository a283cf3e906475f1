/*
 * compressed.c - the RVC forms, each written out explicitly (c.*) so the
 * 16-bit encodings are what runs: immediates at their extremes (scaled,
 * sign-extended, the 6-bit shift amounts of RV64), the restricted
 * register fields, stack-relative loads and stores, and control transfer.
 */
#include "isa.h"

static uint64_t buf[64] __attribute__((aligned(16)));

/* run CODE with a0 = A, a1 = B, s0 = buf; result in a0 */
#define RUN(code, A, B) ({                                                   \
	register uint64_t _a0 asm("a0") = (A);                               \
	register uint64_t _a1 asm("a1") = (B);                               \
	register uint64_t *_s0 asm("s0") = buf;                              \
	asm volatile(code : "+r"(_a0), "+r"(_a1), "+r"(_s0)                  \
		     : : "a2", "a3", "a4", "a5", "s1", "memory");            \
	_a0; })

static void test(void)
{
	uint64_t r;

	CHECK("c.li", RUN("c.li a0, -32", 0, 0), (uint64_t)-32);
	CHECK("c.li max", RUN("c.li a0, 31", 0, 0), 31);
	CHECK("c.lui", RUN("c.lui a0, 0xfffe0", 0, 0), 0xfffffffffffe0000);
	CHECK("c.lui 1", RUN("c.lui a0, 1", 0, 0), 0x1000);
	CHECK("c.lui 31", RUN("c.lui a0, 31", 0, 0), 0x1f000);
	CHECK("c.addi", RUN("c.addi a0, -32", 100, 0), 68);
	CHECK("c.addiw", RUN("c.addiw a0, 1", 0x7fffffff, 0), 0xffffffff80000000);
	CHECK("c.addiw 0", RUN("c.addiw a0, 0", 0x1ffffffff, 0), 0xffffffffffffffff);
	CHECK("c.slli 63", RUN("c.slli a0, 63", 1, 0), 0x8000000000000000);
	CHECK("c.slli 32", RUN("c.slli a0, 32", 3, 0), 0x300000000);
	CHECK("c.srli 63", RUN("c.srli a0, 63", 0x8000000000000000, 0), 1);
	CHECK("c.srai 33", RUN("c.srai a0, 33", 0x8000000000000000, 0), 0xffffffffc0000000);
	CHECK("c.andi", RUN("c.andi a0, -16", 0xffff, 0), 0xfff0);
	CHECK("c.andi pos", RUN("c.andi a0, 31", 0xffff, 0), 31);
	CHECK("c.mv", RUN("c.mv a0, a1", 1, 0x1234), 0x1234);
	CHECK("c.add", RUN("c.add a0, a1", 5, 6), 11);
	CHECK("c.sub", RUN("c.sub a0, a1", 5, 6), (uint64_t)-1);
	CHECK("c.xor", RUN("c.xor a0, a1", 0xff, 0x0f), 0xf0);
	CHECK("c.or", RUN("c.or a0, a1", 0xf0, 0x0f), 0xff);
	CHECK("c.and", RUN("c.and a0, a1", 0xf0, 0x3c), 0x30);
	CHECK("c.subw", RUN("c.subw a0, a1", 0, 1), (uint64_t)-1);
	CHECK("c.subw sext", RUN("c.subw a0, a1", 0x80000000, 0x100000000), 0xffffffff80000000);
	CHECK("c.addw", RUN("c.addw a0, a1", 0x7fffffff, 1), 0xffffffff80000000);

	/* loads and stores, register-relative: offsets up to 124 (w) / 248 (d) */
	buf[31] = 0x1122334455667788;
	CHECK("c.ld 248", RUN("c.ld a0, 248(s0)", 0, 0), 0x1122334455667788);
	buf[15] = 0xfffffffe80000001;
	CHECK("c.lw 124", RUN("c.lw a0, 124(s0)", 0, 0), 0xfffffffffffffffe);
	CHECK("c.lw 120", RUN("c.lw a0, 120(s0)", 0, 0), 0xffffffff80000001);
	RUN("c.sd a1, 8(s0)", 0, 0xabcdef0123456789);
	CHECK("c.sd", buf[1], 0xabcdef0123456789);
	RUN("c.sw a1, 4(s0)", 0, 0xffffffff00000000);
	CHECK("c.sw", buf[0] >> 32, 0);

	/* stack-relative, and c.addi4spn / c.addi16sp */
	r = RUN("mv a5, sp\n\t"
		"c.addi16sp sp, -512\n\t"
		"c.addi4spn a2, sp, 1020\n\t"
		"sub a0, a2, sp\n\t"
		"li a1, 0x55\n\t"
		"c.sdsp a1, 504(sp)\n\t"
		"c.ldsp a3, 504(sp)\n\t"
		"c.swsp a1, 252(sp)\n\t"
		"c.lwsp a4, 252(sp)\n\t"
		"add a0, a0, a3\n\t"
		"add a0, a0, a4\n\t"
		"c.addi16sp sp, 496\n\t"
		"c.addi16sp sp, 16\n\t"
		"sub a5, a5, sp\n\t"
		"add a0, a0, a5", 0, 0);
	CHECK("stack forms", r, 1020 + 0x55 + 0x55);

	/* FP loads and stores */
	buf[2] = 0x400921fb54442d18;
	r = RUN("c.fld fa5, 16(s0)\n\t"
		"c.fsd fa5, 24(s0)\n\t"
		"addi sp, sp, -16\n\t"
		"c.fsdsp fa5, 8(sp)\n\t"
		"c.fldsp fa4, 8(sp)\n\t"
		"addi sp, sp, 16\n\t"
		"fmv.x.d a0, fa4", 0, 0);
	CHECK("c.fld/c.fsd/c.fldsp/c.fsdsp", r, 0x400921fb54442d18);
	CHECK("c.fsd stored", buf[3], 0x400921fb54442d18);

	/* control transfer */
	r = RUN("li a0, 1\n\t"
		"c.beqz a1, 1f\n\t"
		"li a0, 2\n"
		"1:\n\t"
		"c.bnez a0, 2f\n\t"
		"li a0, 3\n"
		"2:\n\t"
		"c.j 3f\n\t"
		"li a0, 4\n"
		"3:", 0, 0);
	CHECK("c.beqz/c.bnez/c.j", r, 1);
	r = RUN("c.beqz a1, 1f\n\t"
		"li a0, 7\n"
		"1:", 0, 5);
	CHECK("c.beqz not taken", r, 7);
	r = RUN("lla a2, 1f\n\t"
		"mv a4, ra\n\t"
		"c.jalr a2\n\t"
		"2: j 3f\n"
		"1:\n\t"
		"mv a0, ra\n\t"
		"c.jr ra\n"
		"3:\n\t"
		"mv ra, a4\n\t"
		"lla a1, 2b\n\t"
		"sub a0, a0, a1", 0, 0);
	CHECK("c.jalr links past itself, c.jr", r, 0);
	CHECK("c.nop", RUN("c.nop\n\tc.addi a0, 1", 1, 0), 2);
}
