/*
 * illegal_frm_cvt.c - fcvt.d.w is exact, but its rm field is decoded: rm =
 * dyn with frm = 7 is illegal.
 * expect: SIGILL
 */
#include "isa.h"

static void test(void)
{
	asm volatile("fsrmi 7\n\t.word 0xd2007053  # fcvt.d.w ft0, zero, dyn");
	put("FAIL: the instruction did not trap\n");
	sys_exit(1);
}
