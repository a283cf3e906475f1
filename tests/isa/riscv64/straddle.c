/*
 * straddle.c - code written at run time (fence.i before running it): a
 * 32-bit instruction straddling a page boundary runs, and rewriting the
 * code and running it again gives the new result.
 */
#include "isa.h"

static long sys_mmap(long len)
{
	register long a0 asm("a0") = 0;
	register long a1 asm("a1") = len;
	register long a2 asm("a2") = 7;         /* PROT_READ|WRITE|EXEC */
	register long a3 asm("a3") = 0x22;      /* MAP_PRIVATE|ANONYMOUS */
	register long a4 asm("a4") = -1;
	register long a5 asm("a5") = 0;
	register long a7 asm("a7") = 222;

	asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4),
		     "r"(a5), "r"(a7) : "memory");
	return a0;
}

static void put16(volatile uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static void test(void)
{
	volatile uint8_t *p = (volatile uint8_t *)sys_mmap(8192);
	uint64_t (*f)(uint64_t);
	uint64_t r;

	CHECK("mmap", (long)p < 0, 0);
	if ((long)p < 0)
		return;
	/* 4090: c.nop; 4092: c.nop; 4094: addi a0, a0, 1 (to 4098); 4098: ret */
	put16(p + 4090, 0x0001);
	put16(p + 4092, 0x0001);
	put16(p + 4094, 0x0513);
	put16(p + 4096, 0x0015);
	put16(p + 4098, 0x8082);
	asm volatile("fence.i" ::: "memory");
	f = (uint64_t (*)(uint64_t))(p + 4090);
	r = f(41);
	CHECK("straddling addi", r, 42);
	/* entering at the straddling instruction itself */
	f = (uint64_t (*)(uint64_t))(p + 4094);
	CHECK("block starts straddling", f(1), 2);
	/* rewrite the upper half: addi a0, a0, 0x101 */
	put16(p + 4096, 0x1015);
	asm volatile("fence.i" ::: "memory");
	CHECK("rewritten", f(1), 0x102);
	f = (uint64_t (*)(uint64_t))(p + 4090);
	CHECK("rewritten from the start", f(1), 0x102);
}
