/*
 * illegal_zero.c - the all-zero 16-bit word is an illegal instruction.
 * expect: SIGILL
 */
#include "isa.h"

static void test(void)
{
	asm volatile(".2byte 0");
	put("FAIL: the instruction did not trap\n");
	sys_exit(1);
}
