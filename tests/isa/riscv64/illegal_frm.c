/*
 * illegal_frm.c - rm = dyn while frm holds an invalid mode (5) is illegal;
 * the write of frm itself is fine.
 * expect: SIGILL
 */
#include "isa.h"

static void test(void)
{
	asm volatile("fsrmi 5\n\tfadd.d ft0, ft0, ft0");
	put("FAIL: the instruction did not trap\n");
	sys_exit(1);
}
