/*
 * ebreak.c - ebreak with no debugger and no handler: the process dies of
 * SIGTRAP.
 * expect: SIGTRAP
 */
#include "isa.h"

static void test(void)
{
	asm volatile("ebreak");
	put("FAIL: the instruction did not trap\n");
	sys_exit(1);
}
