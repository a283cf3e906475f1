/*
 * fcsr.c - Zicsr on the FP CSRs: fflags accrue and stay set until written,
 * every CSR instruction form (register and immediate; write, set, clear;
 * the swap forms return the old value), fcsr = frm << 5 | fflags, writes
 * masked to the CSR's width, a new frm applies to the very next
 * instruction; which operations raise which flags; and the read-only
 * counters.
 */
#include "isa.h"

#define QNAN_D 0x7ff8000000000000ull
#define SNAN_D 0x7ff4000000000000ull
#define ONE_D 0x3ff0000000000000ull
#define THREE_D 0x4008000000000000ull
#define MAX_D 0x7fefffffffffffffull
#define TINY_D 0x0010000000000000ull
#define INF_D 0x7ff0000000000000ull

static void test(void)
{
	uint64_t r, old;

	/* flags from operations, and they accrue */
	clear_fflags();
	CHECK("no flags", get_fflags(), 0);
	FOP2("fdiv.d", ONE_D, THREE_D);
	CHECK("1/3: NX", get_fflags(), NX);
	FOP2("fdiv.d", ONE_D, 0);
	CHECK("1/0: DZ accrues", get_fflags(), NX | DZ);
	clear_fflags();
	CHECK("1/0 = inf", FOP2("fdiv.d", ONE_D, 0), INF_D);
	CHECK("1/0 alone: DZ", get_fflags(), DZ);
	clear_fflags();
	FOP1("fsqrt.d", 0xbff0000000000000ull);
	CHECK("sqrt(-1): NV", get_fflags(), NV);
	clear_fflags();
	FOP2("fsub.d", INF_D, INF_D);
	CHECK("inf-inf: NV", get_fflags(), NV);
	clear_fflags();
	FOP2("fmul.d", MAX_D, 0x4000000000000000ull);
	CHECK("overflow: OF NX", get_fflags(), OF | NX);
	clear_fflags();
	FOP2("fmul.d", TINY_D, 0x3fd5555555555555ull);
	CHECK("underflow: UF NX", get_fflags(), UF | NX);
	clear_fflags();
	FOP2("fmul.d", TINY_D, 0x3fe0000000000000ull);
	CHECK("exact subnormal: no flags", get_fflags(), 0);
	clear_fflags();
	FOP2("fadd.d", QNAN_D, ONE_D);
	CHECK("qNaN operand: none", get_fflags(), 0);
	FOP2("fadd.d", SNAN_D, ONE_D);
	CHECK("sNaN operand: NV", get_fflags(), NV);
	clear_fflags();
	FOP2("fadd.s", S(0x7fa00000), S(0x3f800000));
	CHECK("single sNaN: NV", get_fflags(), NV);
	/* compares: feq is quiet, flt/fle signal on any NaN */
	clear_fflags();
	CHECK("feq qNaN", FCMP("feq.d", QNAN_D, QNAN_D), 0);
	CHECK("feq qNaN: none", get_fflags(), 0);
	CHECK("feq sNaN", FCMP("feq.d", SNAN_D, ONE_D), 0);
	CHECK("feq sNaN: NV", get_fflags(), NV);
	clear_fflags();
	CHECK("flt qNaN", FCMP("flt.d", QNAN_D, ONE_D), 0);
	CHECK("flt qNaN: NV", get_fflags(), NV);
	clear_fflags();
	CHECK("fle qNaN", FCMP("fle.s", S(0x7fc00000), S(0)), 0);
	CHECK("fle qNaN: NV", get_fflags(), NV);
	clear_fflags();
	CHECK("fle -0 +0", FCMP("fle.d", 0x8000000000000000ull, 0), 1);
	CHECK("flt -0 +0", FCMP("flt.d", 0x8000000000000000ull, 0), 0);
	CHECK("feq -0 +0", FCMP("feq.s", S(0x80000000), S(0)), 1);
	/* bit operations raise nothing, even on sNaN */
	FOP2("fsgnj.d", SNAN_D, ONE_D);
	FOP2("fsgnjn.s", S(0x7fa00000), S(0));
	FTOI("fclass.d", SNAN_D);
	FTOI("fmv.x.d", SNAN_D);
	CHECK("bit ops: none", get_fflags(), 0);

	/* the CSR instruction forms */
	asm volatile("fsflags %0, %1" : "=r"(old) : "r"(0x1f));
	CHECK("fsflags returns old", old, 0);
	CHECK("fsflags wrote", get_fflags(), 0x1f);
	asm volatile("fsflags %0, %1" : "=r"(old) : "r"(0xffe1));
	CHECK("fsflags old", old, 0x1f);
	CHECK("fsflags masks to 5 bits", get_fflags(), 1);
	asm volatile("csrrs %0, fflags, %1" : "=r"(old) : "r"(6));
	CHECK("csrrs old", old, 1);
	CHECK("csrrs set", get_fflags(), 7);
	asm volatile("csrrc %0, fflags, %1" : "=r"(old) : "r"(3));
	CHECK("csrrc old", old, 7);
	CHECK("csrrc cleared", get_fflags(), 4);
	asm volatile("csrrsi %0, fflags, 0x18" : "=r"(old));
	CHECK("csrrsi", get_fflags(), 0x1c);
	asm volatile("csrrci %0, fflags, 0x14" : "=r"(old));
	CHECK("csrrci old", old, 0x1c);
	CHECK("csrrci", get_fflags(), 8);
	asm volatile("csrrwi %0, fflags, 0x3" : "=r"(old));
	CHECK("csrrwi old", old, 8);
	CHECK("csrrwi", get_fflags(), 3);
	asm volatile("csrrs %0, fflags, zero" : "=r"(old));
	CHECK("csrrs x0 reads", old, 3);
	/* an operation's flags merge with written ones */
	FOP2("fdiv.d", ONE_D, 0);
	CHECK("written + raised", get_fflags(), 3 | DZ);

	/* frm and fcsr */
	asm volatile("fsrm %0, %1" : "=r"(old) : "r"(RUP));
	CHECK("fsrm old", old, RNE);
	CHECK("frm", get_frm(), RUP);
	asm volatile("frcsr %0" : "=r"(r));
	CHECK("fcsr = frm:fflags", r, RUP << 5 | 3 | DZ);
	asm volatile("fscsr %0, %1" : "=r"(old) : "r"(0x1ff));
	CHECK("fscsr old", old, RUP << 5 | 3 | DZ);
	CHECK("fscsr fflags", get_fflags(), 0x1f);
	CHECK("fscsr frm", get_frm(), 7);
	asm volatile("frcsr %0" : "=r"(r));
	CHECK("fcsr masked to 8 bits", r, 0xff);
	asm volatile("csrrci %0, fcsr, 0x1f" : "=r"(old));
	asm volatile("frcsr %0" : "=r"(r));
	CHECK("csrrci fcsr", r, 0xe0);
	asm volatile("fsrmi %0, 2" : "=r"(old));
	CHECK("fsrmi old", old, 7);
	CHECK("fsrmi", get_frm(), RDN);
	asm volatile("csrrw %0, frm, %1" : "=r"(old) : "r"(0xfc));
	CHECK("frm masked to 3 bits", get_frm(), 4);
	asm volatile("csrrsi %0, frm, 1" : "=r"(old));
	CHECK("csrrsi frm", get_frm(), 5);
	asm volatile("csrrci %0, frm, 5" : "=r"(old));
	CHECK("csrrci frm", get_frm(), 0);

	/* a new frm rounds the next instruction, in the same straight line */
	asm volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t"
		     "fsrmi 3\n\t"
		     "fdiv.d ft2, ft0, ft1\n\t"
		     "fsrmi 2\n\t"
		     "fdiv.d ft3, ft0, ft1\n\t"
		     "fsub.d ft2, ft2, ft3\n\t"
		     "fsrmi 0\n\t"
		     "fmv.x.d %0, ft2"
		     : "=r"(r) : "r"(ONE_D), "r"(THREE_D) : "ft0", "ft1", "ft2", "ft3");
	CHECK("frm switch mid-block: up - down = 1 ulp", r, 0x3c90000000000000ull);
	clear_fflags();

	/* counters: readable, and time goes forward */
	{
		uint64_t c0, c1, t0, t1, i0, i1;

		asm volatile("rdcycle %0\n\trdtime %1\n\trdinstret %2"
			     : "=r"(c0), "=r"(t0), "=r"(i0));
		for (volatile int k = 0; k < 100000; k++)
			;
		asm volatile("rdcycle %0\n\trdtime %1\n\trdinstret %2"
			     : "=r"(c1), "=r"(t1), "=r"(i1));
		CHECK("cycle advances", c1 > c0, 1);
		CHECK("time advances", t1 > t0, 1);
		CHECK("instret advances", i1 > i0, 1);
	}
}
