/*
 * c_ebreak.c - c.ebreak, the compressed form, likewise.
 * expect: SIGTRAP
 */
#include "isa.h"

static void test(void)
{
	asm volatile("c.ebreak");
	put("FAIL: the instruction did not trap\n");
	sys_exit(1);
}
