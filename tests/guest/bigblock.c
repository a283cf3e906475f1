/*
 * bigblock: extremes of block shape.  One function is a single straight
 * basic block of about 3000 instructions (longer than any sensible block
 * size limit, so a translator must split it and continue mid-stream),
 * another a long FP block; then a function that is nothing but tiny
 * blocks (a branch every two instructions), and a loop whose body jumps
 * back into the middle of code that was first translated as part of a
 * longer block.
 */
#include "common.h"

#define R4(X) X X X X
#define R16(X) R4(X) R4(X) R4(X) R4(X)
#define R64(X) R16(X) R16(X) R16(X) R16(X)
#define R256(X) R64(X) R64(X) R64(X) R64(X)

static uint64_t __attribute__((noinline)) straight(uint64_t x, uint64_t y)
{
	/* each step depends on the previous one: no reordering, no loop */
#define STEP x = (x ^ (x >> 7)) * 0x2545f4914f6cdd1dull + y; y += x << 3;
	R256(STEP) R256(STEP) R256(STEP)
#undef STEP
	return x ^ y;
}

static double __attribute__((noinline)) straight_fp(double a, double b)
{
#define FSTEP a = a * 0.9990234375 + b; b = b * 0.5 - a * 0.25;
	R256(FSTEP) R256(FSTEP)
#undef FSTEP
	return a + b;
}

static unsigned __attribute__((noinline)) branchy(uint64_t x)
{
	unsigned r = 0;
#define B(k) if (x & (1ull << (k))) r = r * 3 + k; else r ^= k;
	B(0) B(1) B(2) B(3) B(4) B(5) B(6) B(7) B(8) B(9) B(10) B(11) B(12)
	B(13) B(14) B(15) B(16) B(17) B(18) B(19) B(20) B(21) B(22) B(23)
	B(24) B(25) B(26) B(27) B(28) B(29) B(30) B(31) B(32) B(33) B(34)
	B(35) B(36) B(37) B(38) B(39) B(40) B(41) B(42) B(43) B(44) B(45)
	B(46) B(47) B(48) B(49) B(50) B(51) B(52) B(53) B(54) B(55) B(56)
	B(57) B(58) B(59) B(60) B(61) B(62) B(63)
#undef B
	return r;
}

/* the first call enters at the top and runs through; later iterations
 * jump back to `again`, in the middle of what was one block */
static uint64_t __attribute__((noinline)) midentry(uint64_t x, int n)
{
	x = x * 3 + 1;
	x ^= x >> 5;
again:
	x = x * 0x9e3779b97f4a7c15ull;
	x ^= x >> 29;
	if (--n > 0)
		goto again;
	return x;
}

int main(void)
{
	uint64_t h = 0;

	for (int i = 0; i < 200; i++)
		h = mix64(h, straight(rng(), (uint64_t)i));
	printf("straight %016llx\n", (unsigned long long)h);
	printf("straight_fp %a\n", straight_fp(1.0, 0.5));
	h = 0;
	for (int i = 0; i < 20000; i++)
		h = mix64(h, branchy(rng()));
	printf("branchy %016llx\n", (unsigned long long)h);
	h = 0;
	for (int n = 1; n < 300; n += 7)
		h = mix64(h, midentry((uint64_t)n, n));
	printf("midentry %016llx\n", (unsigned long long)h);
	return finish();
}
