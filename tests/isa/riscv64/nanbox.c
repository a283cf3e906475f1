/*
 * nanbox.c - single-precision values in 64-bit FP registers.  Anything
 * that computes with a single checks the NaN-box (upper 32 bits all ones)
 * and reads an improperly boxed value as the canonical NaN; transfers
 * (fsw, fmv.x.w) move the low 32 bits unchecked; results (flw, fmv.w.x,
 * arithmetic, conversions) are written boxed.
 */
#include "isa.h"

#define BAD 0x123456783f800000ull       /* 1.0f, improperly boxed */
#define CANON_S 0xffffffff7fc00000ull

static void test(void)
{
	static volatile uint32_t m32[2] = { 0x40490fdb, 0 };
	uint64_t r;

	clear_fflags();
	CHECK("fadd.s bad box", FOP2("fadd.s", BAD, S(0x3f800000)), CANON_S);
	CHECK("fadd.s bad box, quiet", get_fflags(), 0);
	CHECK("fadd.s good box", FOP2("fadd.s", S(0x3f800000), S(0x3f800000)),
	      S(0x40000000));
	/* upper bits all ones except one */
	CHECK("almost boxed", FOP2("fmul.s", 0xfffffffe3f800000ull, S(0x40000000)),
	      CANON_S);
	CHECK("fsqrt.s bad box", FOP1("fsqrt.s", 0x40800000ull), CANON_S);
	CHECK("fmadd.s bad box", FOP3("fmadd.s", S(0x3f800000), BAD, S(0)), CANON_S);
	/* sign injection and moves unbox too */
	CHECK("fsgnj.s bad rs1", FOP2("fsgnj.s", BAD, S(0x80000000)), S(0xffc00000));
	CHECK("fsgnj.s bad rs2", FOP2("fsgnj.s", S(0x3f800000), BAD), S(0x3f800000));
	CHECK("fsgnjn.s bad rs2", FOP2("fsgnjn.s", S(0x3f800000), BAD), S(0xbf800000));
	CHECK("fmv.s bad", FOP2("fsgnj.s", BAD, BAD), CANON_S);
	CHECK("fneg.s bad", FOP2("fsgnjn.s", BAD, BAD), S(0xffc00000));
	CHECK("fabs.s bad", FOP2("fsgnjx.s", BAD, BAD), CANON_S);
	CHECK("fneg.s good", FOP2("fsgnjn.s", S(0x3f800000), S(0x3f800000)),
	      S(0xbf800000));
	CHECK("fclass.s bad: qNaN", FTOI("fclass.s", BAD), 1 << 9);
	CHECK("feq.s bad", FCMP("feq.s", BAD, BAD), 0);
	CHECK("feq.s bad: quiet", get_fflags(), 0);
	CHECK("fmin.s bad", FOP2("fmin.s", BAD, S(0x40000000)), S(0x40000000));
	CHECK("fmax.s both bad", FOP2("fmax.s", BAD, BAD), CANON_S);
	CHECK("fcvt.d.s bad", FOP1("fcvt.d.s", BAD), 0x7ff8000000000000ull);
	CHECK("fcvt.w.s bad: NaN -> max", FTOI("fcvt.w.s", BAD), 0x7fffffff);
	CHECK("fcvt.w.s bad: NV", get_fflags(), NV);
	clear_fflags();
	/* transfers ignore the box */
	CHECK("fmv.x.w bad", FTOI("fmv.x.w", BAD), 0x3f800000);
	CHECK("fmv.x.w sign-extends", FTOI("fmv.x.w", 0x00000000bf800000ull),
	      0xffffffffbf800000ull);
	asm volatile("fmv.d.x ft0, %1\n\tfsw ft0, 4(%0)" : : "r"(m32), "r"(BAD)
		     : "ft0", "memory");
	CHECK("fsw bad", m32[1], 0x3f800000);
	/* results are boxed */
	asm volatile("flw ft0, 0(%1)\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(m32) : "ft0");
	CHECK("flw boxes", r, S(0x40490fdb));
	CHECK("fmv.w.x boxes", ITOF("fmv.w.x", 0x1234567880000000ull), S(0x80000000));
	CHECK("fcvt.s.w boxes", ITOF("fcvt.s.w", 3), S(0x40400000));
	CHECK("fcvt.s.d boxes", FOP1("fcvt.s.d", 0x3ff0000000000000ull), S(0x3f800000));
	/* doubles are never unboxed: a boxed single is just a NaN double */
	CHECK("fadd.d of a boxed single", FOP2("fadd.d", S(0x3f800000), 0),
	      0x7ff8000000000000ull);
	CHECK("boxed single is a qNaN double: quiet", get_fflags(), 0);
}
