/*
 * illegal_csr_ro.c - writing a read-only counter (csrw cycle) is an
 * illegal instruction.
 * expect: SIGILL
 */
#include "isa.h"

static void test(void)
{
	asm volatile("csrw cycle, zero");
	put("FAIL: the instruction did not trap\n");
	sys_exit(1);
}
