/*
 * illegal_rm5.c - a static rounding mode of 5 (reserved) is an illegal
 * instruction.
 * expect: SIGILL
 */
#include "isa.h"

static void test(void)
{
	asm volatile(".word 0x02005053  # fadd.d ft0, ft0, ft0 with rm = 5");
	put("FAIL: the instruction did not trap\n");
	sys_exit(1);
}
