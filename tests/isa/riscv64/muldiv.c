/*
 * muldiv.c - the M extension's edge cases: division by zero gives all
 * ones (remainder: the dividend), the most negative value divided by -1
 * overflows to itself (remainder 0), W forms work on 32 bits and
 * sign-extend even the unsigned results; the high multiplies for all
 * sign combinations.
 */
#include "isa.h"

#define R2(insn, a, b) ({                                                    \
	uint64_t _r;                                                         \
	asm volatile(insn " %0, %1, %2" : "=r"(_r)                           \
		     : "r"((uint64_t)(a)), "r"((uint64_t)(b)));              \
	_r; })

#define MIN64 0x8000000000000000ull
#define MIN32 0xffffffff80000000ull

static void test(void)
{
	/* by zero */
	CHECK("div /0", R2("div", 7, 0), 0xffffffffffffffff);
	CHECK("div -7/0", R2("div", -7, 0), 0xffffffffffffffff);
	CHECK("divu /0", R2("divu", 7, 0), 0xffffffffffffffff);
	CHECK("rem /0", R2("rem", -7, 0), (uint64_t)-7);
	CHECK("remu /0", R2("remu", 7, 0), 7);
	CHECK("divw /0", R2("divw", 7, 0), 0xffffffffffffffff);
	CHECK("divuw /0", R2("divuw", 7, 0), 0xffffffffffffffff);
	CHECK("remw /0", R2("remw", 0x1ffffffff, 0), 0xffffffffffffffff);
	CHECK("remw /0 pos", R2("remw", 0x100000005, 0), 5);
	CHECK("remuw /0", R2("remuw", 0x80000000, 0), MIN32);
	/* overflow */
	CHECK("div overflow", R2("div", MIN64, -1), MIN64);
	CHECK("rem overflow", R2("rem", MIN64, -1), 0);
	CHECK("divw overflow", R2("divw", 0x80000000, -1), MIN32);
	CHECK("remw overflow", R2("remw", 0x80000000, -1), 0);
	CHECK("divu big", R2("divu", MIN64, -1), 0);
	/* signs and rounding toward zero */
	CHECK("div -7/2", R2("div", -7, 2), (uint64_t)-3);
	CHECK("rem -7/2", R2("rem", -7, 2), (uint64_t)-1);
	CHECK("rem 7/-2", R2("rem", 7, -2), 1);
	CHECK("divu", R2("divu", -7, 2), 0x7ffffffffffffffc);
	CHECK("remu", R2("remu", -7, 2), 1);
	/* W: 32-bit operands, sign-extended results */
	CHECK("divw ignores high", R2("divw", 0x7fffffff00000010, 0x1200000002), 8);
	CHECK("divuw sext", R2("divuw", 0xfffffffe, 1), 0xfffffffffffffffe);
	CHECK("divuw", R2("divuw", 0xffffffff, 2), 0x7fffffff);
	CHECK("remuw sext", R2("remuw", 0xffffffff, 0xfffffffe), 1);
	CHECK("remuw big", R2("remuw", 0x80000001, 0x90000000), MIN32 | 1);
	CHECK("divw neg", R2("divw", -9, 2), (uint64_t)-4);
	CHECK("remw neg", R2("remw", -9, 2), (uint64_t)-1);
	/* multiplies */
	CHECK("mul", R2("mul", 0x100000001, 0x100000001), 0x200000001);
	CHECK("mulh", R2("mulh", -1, -1), 0);
	CHECK("mulh neg", R2("mulh", MIN64, 2), 0xffffffffffffffff);
	CHECK("mulh min*min", R2("mulh", MIN64, MIN64), 0x4000000000000000);
	CHECK("mulhu", R2("mulhu", -1, -1), 0xfffffffffffffffe);
	CHECK("mulhsu -1*max", R2("mulhsu", -1, -1), 0xffffffffffffffff);
	CHECK("mulhsu 2*max", R2("mulhsu", 2, -1), 1);
	CHECK("mulhsu min*2", R2("mulhsu", MIN64, 2), 0xffffffffffffffff);
	CHECK("mulw", R2("mulw", 0xffffffff, 0xffffffff), 1);
}
