/*
 * calls: hot loops that call functions.  A superblock goes on into the
 * callee of a direct call and, after the callee's return, at the return
 * address, with a guard (EXIT_PREDICT) that leaves through the jump cache
 * when the return goes elsewhere (translate.c, trans_rvi.c).  Here: leaf
 * and nested calls, one function called from several sites, recursion,
 * calls nested deeper than the predictions kept, tail calls, setjmp and
 * longjmp out of a callee, and (riscv64) returns that do not go back to
 * the call: a callee that moves ra on, a callee that returns through
 * another register, and a call through t0.  Jumps through a register are
 * predicted where the first tier saw them go last (tb_indirect_profile):
 * calls through a function pointer and a switch's jump table whose
 * targets change after the superblocks are made; a switch in a loop
 * whose jump goes back and forth between cases, where the superblock
 * takes in a second target too.
 */
#include <setjmp.h>
#include "common.h"

#define NOINLINE __attribute__((noinline))

static volatile uint64_t sink;

static NOINLINE uint64_t leaf(uint64_t x)
{
	return x * 2654435761u + 7;
}

static NOINLINE uint64_t leaf2(uint64_t x, uint64_t y)
{
	return (x ^ (y << 3)) + (y >> 2);
}

/* a non-leaf function: saves ra, calls twice, restores it */
static NOINLINE uint64_t mid(uint64_t x)
{
	uint64_t a = leaf(x);
	sink = a;
	return leaf2(a, x) + leaf(a & 0xff);
}

/* nested deeper than the predictions a block keeps */
static NOINLINE uint64_t d6(uint64_t x) { sink = x; return x + 6; }
static NOINLINE uint64_t d5(uint64_t x) { uint64_t r = d6(x * 3); sink = r; return r + 5; }
static NOINLINE uint64_t d4(uint64_t x) { uint64_t r = d5(x ^ 9); sink = r; return r + 4; }
static NOINLINE uint64_t d3(uint64_t x) { uint64_t r = d4(x + 1); sink = r; return r * 3; }
static NOINLINE uint64_t d2(uint64_t x) { uint64_t r = d3(x - 2); sink = r; return r ^ 2; }
static NOINLINE uint64_t d1(uint64_t x) { uint64_t r = d2(x << 1); sink = r; return r + 1; }

static NOINLINE uint64_t fib(unsigned n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/* a tail call: the callee returns straight to our caller */
static NOINLINE uint64_t tail_target(uint64_t x)
{
	sink = x;
	return x * 5 + 1;
}

static NOINLINE uint64_t tail(uint64_t x)
{
	if (x & 1)
		return tail_target(x + 1);
	return tail_target(x) ^ 3;
}

static jmp_buf jb;

static NOINLINE uint64_t maybe_jump(uint64_t x)
{
	if (x % 7 == 3)
		longjmp(jb, (int)(x % 5) + 1);
	return x + 11;
}

#if defined(__riscv)
/* move_on: returns 4 bytes past its call (the caller skips an addi);
 * via_t1: returns through t1, to the call plus 8; by_t0: called with t0 as
 * the link register */
__asm__(".text\n"
	".option push\n"
	".option norvc\n"
	"calls_move_on:\n"
	"	addi ra, ra, 4\n"
	"	ret\n"
	"calls_via_t1:\n"
	"	addi t1, ra, 8\n"
	"	jr t1\n"
	"calls_by_t0:\n"
	"	addi a0, a0, 100\n"
	"	jr t0\n"
	".option pop\n");

static NOINLINE uint64_t call_move_on(uint64_t x)
{
	register uint64_t a0 __asm__("a0") = x;
	__asm__ volatile(".option push\n.option norvc\n"
			 "jal ra, calls_move_on\n"
			 "addi a0, a0, 1\n"     /* skipped */
			 "addi a0, a0, 2\n"
			 ".option pop\n"
			 : "+r"(a0) : : "ra", "memory");
	return a0;
}

static NOINLINE uint64_t call_via_t1(uint64_t x)
{
	register uint64_t a0 __asm__("a0") = x;
	__asm__ volatile(".option push\n.option norvc\n"
			 "jal ra, calls_via_t1\n"
			 "addi a0, a0, 1\n"     /* skipped */
			 "addi a0, a0, 2\n"     /* skipped */
			 "addi a0, a0, 4\n"
			 ".option pop\n"
			 : "+r"(a0) : : "ra", "t1", "memory");
	return a0;
}

static NOINLINE uint64_t call_by_t0(uint64_t x)
{
	register uint64_t a0 __asm__("a0") = x;
	__asm__ volatile("jal t0, calls_by_t0\n"
			 "addi a0, a0, 3\n"
			 : "+r"(a0) : : "t0", "memory");
	return a0;
}
#else
static NOINLINE uint64_t call_move_on(uint64_t x) { return x + 2; }
static NOINLINE uint64_t call_via_t1(uint64_t x) { return x + 4; }
static NOINLINE uint64_t call_by_t0(uint64_t x) { return x + 103; }
#endif

static NOINLINE uint64_t op_add(uint64_t a, uint64_t b) { return a + b; }
static NOINLINE uint64_t op_xor(uint64_t a, uint64_t b) { return a ^ (b * 3); }
static NOINLINE uint64_t op_rot(uint64_t a, uint64_t b) { return (a << 7 | a >> 57) + b; }

static uint64_t (*const ops[3])(uint64_t, uint64_t) = { op_add, op_xor, op_rot };

/* a dense switch: a jump table */
static NOINLINE uint64_t step(unsigned k, uint64_t x)
{
	switch (k) {
	case 0: return x + 1;
	case 1: return x * 3;
	case 2: return x ^ 0x5555;
	case 3: return x >> 1;
	case 4: return x - 7;
	case 5: return ~x;
	case 6: return x << 2;
	default: return x + k;
	}
}

/* a switch in a loop, as a range coder's: its jump table's jump goes
 * back and forth between cases, and the superblock takes the second
 * target in as well (the profile's alternative, translate.c) */
static NOINLINE uint64_t machine(const uint8_t *sym, unsigned n, uint64_t h)
{
	for (unsigned i = 0; i < n; i++) {
		switch (sym[i]) {
		case 0: h = h * 5 + 1; break;
		case 1: h ^= h >> 7; h += 3; break;
		case 2: h = (h << 3) - h; break;
		case 3: h += i; break;
		case 4: h = ~h; break;
		case 5: h -= 11; break;
		case 6: h = h << 1 | h >> 63; break;
		default: h += sym[i]; break;
		}
	}
	return h;
}

/* symbols for machine(): from SET (values), WEIGHT out of 16 for the
 * first one */
static void symbols(uint8_t *sym, unsigned n, const uint8_t *set, unsigned nset,
		    unsigned weight, uint32_t seed)
{
	for (unsigned i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = seed >> 16;
		sym[i] = (r & 15) < weight ? set[0] : set[1 + (r >> 4) % (nset - 1)];
	}
}

static uint64_t run_ops(unsigned phase, unsigned n)
{
	uint64_t h = phase;
	for (unsigned i = 0; i < n; i++) {
		/* phase 0: always op_add; 1: always op_rot; 2: all three */
		unsigned k = phase == 0 ? 0 : phase == 1 ? 2 : i % 3;
		h = ops[k](h, i);
		h = step(phase == 2 ? (i ^ (unsigned)h) & 7 : phase * 3, h);
	}
	return h;
}

int main(void)
{
	uint64_t h = 0;

	for (unsigned i = 0; i < 20000; i++) {
		/* the same leaf from three sites */
		h = leaf(h + i);
		h ^= leaf(i) >> 7;
		if (i & 3)
			h += leaf(h & 0xffff);
		h += mid(h ^ i);
	}
	printf("leaf/mid %016llx\n", (unsigned long long)h);

	h = 0;
	for (unsigned i = 0; i < 20000; i++)
		h = h * 31 + d1(i + h % 1000);
	printf("deep %016llx\n", (unsigned long long)h);

	h = 0;
	for (unsigned i = 0; i < 3000; i++)
		h += fib(i % 16);
	printf("fib %llu\n", (unsigned long long)h);
	CHECK_EQ(fib(20), 6765);

	h = 0;
	for (unsigned i = 0; i < 20000; i++)
		h += tail(i);
	printf("tail %llu\n", (unsigned long long)h);

	/* longjmp out of a callee: its return never happens */
	h = 0;
	unsigned jumps = 0;
	for (volatile unsigned i = 0; i < 5000; i++) {
		int r = setjmp(jb);
		if (r) {
			jumps++;
			h += (uint64_t)r;
			continue;
		}
		h += maybe_jump(i);
	}
	printf("longjmp %llu jumps %u\n", (unsigned long long)h, jumps);

	for (unsigned phase = 0; phase < 3; phase++)
		printf("indirect phase %u: %016llx\n", phase,
		       (unsigned long long)run_ops(phase, 30000));
	printf("indirect again: %016llx\n", (unsigned long long)run_ops(0, 30000));

	/* two cases half and half, then other mixes once the superblocks
	 * are made: the predictions miss, and must still go right */
	static uint8_t sym[4096];
	static const struct { uint8_t set[4]; unsigned nset, weight; } mix[] = {
		{ { 0, 1 }, 2, 8 }, { { 0, 1 }, 2, 15 }, { { 2, 5 }, 2, 8 },
		{ { 0, 1, 2, 3 }, 4, 4 }, { { 1, 0 }, 2, 8 }, { { 4, 6, 7 }, 3, 2 },
	};
	for (unsigned m = 0; m < sizeof mix / sizeof mix[0]; m++) {
		h = m;
		for (unsigned rep = 0; rep < 8; rep++) {
			symbols(sym, sizeof sym, mix[m].set, mix[m].nset, mix[m].weight,
				m * 77 + rep);
			h = machine(sym, sizeof sym, h);
		}
		printf("switch mix %u: %016llx\n", m, (unsigned long long)h);
	}

	/* returns that go somewhere else than after the call */
	h = 0;
	for (unsigned i = 0; i < 20000; i++) {
		h += call_move_on(i);
		h += call_via_t1(h & 0xff);
		h += call_by_t0(i);
	}
	printf("odd returns %llu\n", (unsigned long long)h);
	CHECK_EQ(call_move_on(10), 12);
	CHECK_EQ(call_via_t1(10), 14);
	CHECK_EQ(call_by_t0(10), 113);
	return finish();
}
