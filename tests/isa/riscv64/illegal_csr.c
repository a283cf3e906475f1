/*
 * illegal_csr.c - a CSR user mode does not have (mstatus) is an illegal
 * instruction.
 * expect: SIGILL
 */
#include "isa.h"

static void test(void)
{
	asm volatile("csrr a0, mstatus" : : : "a0");
	put("FAIL: the instruction did not trap\n");
	sys_exit(1);
}
