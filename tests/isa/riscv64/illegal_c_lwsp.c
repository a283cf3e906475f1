/*
 * illegal_c_lwsp.c - c.lwsp with rd = x0 is reserved.
 * expect: SIGILL
 */
#include "isa.h"

static void test(void)
{
	asm volatile(".2byte 0x4002");
	put("FAIL: the instruction did not trap\n");
	sys_exit(1);
}
