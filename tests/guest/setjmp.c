/*
 * setjmp: setjmp/longjmp out of deep recursion, through several frames,
 * with values (longjmp(env, 0) returns 1), nested jump buffers, volatile
 * locals preserved across the jump, callee-saved FP registers restored,
 * and _setjmp/_longjmp.  The jump target must see the stack and
 * registers as they were at setjmp.
 */
#include "common.h"
#include <setjmp.h>

static jmp_buf env, env2;
static int depth_reached;

static void __attribute__((noinline)) dive(int n, int at)
{
	volatile int pad[16];

	pad[0] = n;
	depth_reached = n;
	if (n == at)
		longjmp(env, n + pad[0] - n);
	dive(n + 1, at);
	pad[1] = 0;	/* not reached */
}

static double __attribute__((noinline)) fp_work(double x)
{
	/* clobber FP registers, including callee-saved ones */
	double a = x * 1.5, b = x + 2, c = x / 3, d = a * b - c;
	if (x > 0)
		longjmp(env2, 7);
	return a + b + c + d;
}

int main(void)
{
	int r;

	for (int at = 0; at < 2000; at += 333) {
		r = setjmp(env);
		if (r == 0) {
			dive(0, at);
			printf("FAIL not reached\n");
		}
		printf("jumped back with %d from depth %d\n", r, depth_reached);
	}
	if (setjmp(env) == 0)
		longjmp(env, 0);	/* 0 becomes 1 */
	else
		printf("longjmp(env, 0) arrives as 1\n");

	volatile int counter = 0;
	volatile double keep = 1.25;
	register double live = 3.75;	/* in a callee-saved FP register */
	if ((r = setjmp(env2)) == 0) {
		counter = 5;
		keep = 2.5;
		fp_work(live);
	}
	printf("r %d counter %d keep %g live %g\n", r, counter, keep, live);
	CHECK_EQ(counter, 5);

	/* nested: inner buffer used first, then outer */
	jmp_buf outer, inner;
	volatile int path = 0;
	if (setjmp(outer) == 0) {
		path = path * 10 + 1;
		if (setjmp(inner) == 0) {
			path = path * 10 + 2;
			longjmp(inner, 1);
		}
		path = path * 10 + 3;
		longjmp(outer, 1);
	}
	path = path * 10 + 4;
	printf("path %d\n", path);
	CHECK_EQ(path, 1234);

	sigjmp_buf sj;
	if (_setjmp(sj) == 0)
		_longjmp(sj, 99);
	printf("_setjmp ok\n");
	/* many round trips: the jump target block is re-entered a lot */
	volatile long n = 0;
	jmp_buf loop;
	if (setjmp(loop) < 100000) {
		n++;
		if (n < 100000)
			longjmp(loop, (int)n);
	}
	printf("loop n %ld\n", n);
	CHECK_EQ(n, 100000);
	return finish();
}
