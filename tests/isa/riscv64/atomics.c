/*
 * atomics.c - the A extension, single-threaded: LR/SC pairs that succeed,
 * SC without a reservation, SC to another address, SC after an
 * intervening SC, and every AMO in both widths (.w results are
 * sign-extended, min/max compare signed or unsigned on the access width).
 */
#include "isa.h"

static volatile uint64_t d[4] __attribute__((aligned(16)));
static volatile uint32_t w[4] __attribute__((aligned(16)));

#define AMO(insn, addr, v) ({                                                \
	uint64_t _r;                                                         \
	asm volatile(insn " %0, %2, (%1)" : "=r"(_r)                         \
		     : "r"(addr), "r"((uint64_t)(v)) : "memory");            \
	_r; })

static void test(void)
{
	uint64_t r, s;

	/* lr/sc success */
	d[0] = 5;
	asm volatile("lr.d %0, (%2)\n\taddi %0, %0, 1\n\tsc.d %1, %0, (%2)"
		     : "=&r"(r), "=&r"(s) : "r"(&d[0]) : "memory");
	CHECK("sc.d succeeds", s, 0);
	CHECK("sc.d stored", d[0], 6);
	w[0] = 0x80000000;
	asm volatile("lr.w.aq %0, (%2)\n\tsc.w.rl %1, %3, (%2)"
		     : "=&r"(r), "=&r"(s) : "r"(&w[0]), "r"(7) : "memory");
	CHECK("lr.w sign-extends", r, 0xffffffff80000000);
	CHECK("sc.w succeeds", s, 0);
	CHECK("sc.w stored", w[0], 7);
	/* a second sc without a new lr fails */
	asm volatile("sc.w %0, %2, (%1)" : "=r"(s) : "r"(&w[0]), "r"(9) : "memory");
	CHECK("sc.w again fails", s, 1);
	CHECK("failed sc does not store", w[0], 7);
	/* sc to another address fails and stores nothing */
	d[1] = 11;
	asm volatile("lr.d %0, (%2)\n\tsc.d %1, %3, (%4)"
		     : "=&r"(r), "=&r"(s) : "r"(&d[0]), "r"(42), "r"(&d[1])
		     : "memory");
	CHECK("sc.d other address fails", s, 1);
	CHECK("sc.d other address untouched", d[1], 11);
	CHECK("sc.d reserved address untouched", d[0], 6);
	/* the reservation is gone after the failed sc */
	asm volatile("sc.d %0, %2, (%1)" : "=r"(s) : "r"(&d[0]), "r"(1) : "memory");
	CHECK("sc.d after failure fails", s, 1);
	/* an lr/sc loop as compilers emit it */
	d[2] = 100;
	asm volatile("1: lr.d.aqrl %0, (%2)\n\tadd %0, %0, %3\n\t"
		     "sc.d.aqrl %1, %0, (%2)\n\tbnez %1, 1b"
		     : "=&r"(r), "=&r"(s) : "r"(&d[2]), "r"(23) : "memory");
	CHECK("lr/sc loop", d[2], 123);

	/* AMOs return the old value */
	d[0] = 10;
	CHECK("amoadd.d old", AMO("amoadd.d", &d[0], 5), 10);
	CHECK("amoadd.d new", d[0], 15);
	CHECK("amoswap.d", AMO("amoswap.d.aq", &d[0], -1), 15);
	CHECK("amoswap.d new", d[0], 0xffffffffffffffff);
	CHECK("amoand.d", AMO("amoand.d", &d[0], 0xf0f0), 0xffffffffffffffff);
	CHECK("amoor.d", AMO("amoor.d.rl", &d[0], 0x0f0f), 0xf0f0);
	CHECK("amoxor.d", AMO("amoxor.d", &d[0], 0xff), 0xffff);
	CHECK("amoxor.d new", d[0], 0xff00);
	d[0] = 5;
	CHECK("amomin.d", AMO("amomin.d", &d[0], -3), 5);
	CHECK("amomin.d new", d[0], (uint64_t)-3);
	CHECK("amomax.d", AMO("amomax.d", &d[0], 2), (uint64_t)-3);
	CHECK("amomax.d new", d[0], 2);
	CHECK("amominu.d", AMO("amominu.d", &d[0], -3), 2);
	CHECK("amominu.d new", d[0], 2);
	CHECK("amomaxu.d", AMO("amomaxu.d.aqrl", &d[0], -3), 2);
	CHECK("amomaxu.d new", d[0], (uint64_t)-3);

	w[1] = 0x7fffffff;
	w[2] = 0x12345678;
	CHECK("amoadd.w sext", AMO("amoadd.w", &w[1], 1), 0x7fffffff);
	CHECK("amoadd.w new", w[1], 0x80000000);
	CHECK("amoadd.w old neg", AMO("amoadd.w", &w[1], 0x100000000), 0xffffffff80000000);
	CHECK("amoadd.w ignores high", w[1], 0x80000000);
	CHECK("neighbour untouched", w[2], 0x12345678);
	CHECK("amomin.w signed", AMO("amomin.w", &w[1], 1), 0xffffffff80000000);
	CHECK("amomin.w kept", w[1], 0x80000000);
	CHECK("amominu.w", AMO("amominu.w", &w[1], 1), 0xffffffff80000000);
	CHECK("amominu.w new", w[1], 1);
	CHECK("amomax.w high bits ignored", AMO("amomax.w", &w[1], 0xffffffff00000002), 1);
	CHECK("amomax.w new", w[1], 2);
	CHECK("amomaxu.w", AMO("amomaxu.w", &w[1], 0xfffffffe), 2);
	CHECK("amomaxu.w new", w[1], 0xfffffffe);
	CHECK("amoswap.w", AMO("amoswap.w", &w[1], 3), 0xfffffffffffffffe);
	CHECK("amoand.w", AMO("amoand.w", &w[1], 1), 3);
	CHECK("amoor.w", AMO("amoor.w", &w[1], 0x80000000), 1);
	CHECK("amoxor.w", AMO("amoxor.w", &w[1], 1), 0xffffffff80000001);
	CHECK("amoxor.w new", w[1], 0x80000000);
	/* rd = x0 still performs the operation */
	asm volatile("amoadd.w zero, %1, (%0)" : : "r"(&w[1]), "r"(5) : "memory");
	CHECK("amo rd=x0", w[1], 0x80000005);
}
