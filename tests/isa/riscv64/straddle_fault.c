/*
 * straddle_fault.c - a 32-bit instruction whose upper half is on a page
 * that cannot be read: fetching it faults (SIGSEGV), after the
 * instructions before it on the readable page have run.
 * expect: SIGSEGV
 */
#include "isa.h"

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long a0 asm("a0") = a;
	register long a1 asm("a1") = b;
	register long a2 asm("a2") = c;
	register long a3 asm("a3") = d;
	register long a4 asm("a4") = e;
	register long a5 asm("a5") = f;
	register long a7 asm("a7") = nr;

	asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4),
		     "r"(a5), "r"(a7) : "memory");
	return a0;
}

static void test(void)
{
	volatile uint8_t *p = (volatile uint8_t *)sys6(222, 0, 8192, 7, 0x22, -1, 0);
	void (*f)(void);

	/* 4092: c.li a0, 1 (0x4505); 4094: the first half of sw a0, 0(zero)...
	 * which never completes: its upper half is on a PROT_NONE page */
	p[4092] = 0x05;
	p[4093] = 0x45;
	p[4094] = 0x23;
	p[4095] = 0x20;
	sys6(226, (long)(p + 4096), 4096, 0, 0, 0, 0);  /* mprotect PROT_NONE */
	asm volatile("fence.i" ::: "memory");
	f = (void (*)(void))(p + 4092);
	f();
	put("FAIL: the fetch did not fault\n");
	sys_exit(1);
}
