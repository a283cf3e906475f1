/*
 * fp_fma: fused multiply-add in all four forms the compiler maps onto
 * fmadd/fmsub/fnmsub/fnmadd (.d and .s): a*b+c, a*b-c, -(a*b)+c and
 * -(a*b)-c, with a single rounding, over random operands chosen so that
 * the product and the addend nearly cancel (where double rounding would
 * show), in every rounding mode; plus known cases where fusing matters.
 * test-cflags: -frounding-math
 */
#include "fpcommon.h"

static double gen(void)
{
	uint64_t r = rng();
	double m = 1.0 + (double)(r >> 12) / 0x1p52;
	int e = (int)((r >> 3) % 40) - 20;
	return (r & 1) ? -ldexp(m, e) : ldexp(m, e);
}

int main(void)
{
	for (int m = 0; m < NRMODES; m++) {
		uint64_t h[4] = {0}, hf = 0;
		rng_state = 777;
		fesetround(rmodes[m].mode);
		for (int i = 0; i < 20000; i++) {
			volatile double a = gen(), b = gen();
			/* c close to -a*b: massive cancellation */
			volatile double c = (i & 1) ? -(a * b) : gen();
			volatile double r0 = fma(a, b, c), r1 = fma(a, b, -c);
			volatile double r2 = fma(-a, b, c), r3 = fma(-a, b, -c);
			h[0] = mix64(h[0], dbits(r0));
			h[1] = mix64(h[1], dbits(r1));
			h[2] = mix64(h[2], dbits(r2));
			h[3] = mix64(h[3], dbits(r3));
			volatile float fa = (float)a, fb = (float)b, fc = (float)c;
			volatile float s0 = fmaf(fa, fb, (i & 2) ? -(fa * fb) : fc);
			volatile float s1 = fmaf(-fa, fb, -fc);
			hf = mix64(hf, fbits(s0) ^ ((uint64_t)fbits(s1) << 32));
		}
		printf("%s madd %016llx msub %016llx nmsub %016llx nmadd %016llx single %016llx\n",
		       rmodes[m].name, (unsigned long long)h[0], (unsigned long long)h[1],
		       (unsigned long long)h[2], (unsigned long long)h[3],
		       (unsigned long long)hf);
	}
	fesetround(FE_TONEAREST);

	/* (1+2^-30)(1-2^-30) - 1 = -2^-60 exactly; unfused gives 0 */
	volatile double a = 1 + 0x1p-30, b = 1 - 0x1p-30, c = -1;
	volatile double fused = fma(a, b, c), unfused = a * b + c;
	printf("fused %a unfused %a\n", fused, unfused);
	CHECK(fused == -0x1p-60);
	CHECK(unfused == 0);
	/* a product that overflows but the fused sum does not */
	volatile double big = 0x1p1000, nbig = -0x1p1023;
	volatile double r = fma(big, 0x1p24, nbig);
	printf("fma(2^1000, 2^24, -2^1023) = %a\n", r);
	CHECK(isinf(big * 0x1p24) && !isinf(r));
	/* exact zero results: the sign depends on the mode */
	volatile double one = 1, mone = -1;
	for (int m = 0; m < NRMODES; m++) {
		fesetround(rmodes[m].mode);
		volatile double z = fma(one, one, mone);
		volatile double nz = fma(mone, one, one);
		printf("%s: fma(1,1,-1) %s0, fma(-1,1,1) %s0\n", rmodes[m].name,
		       signbit(z) ? "-" : "+", signbit(nz) ? "-" : "+");
	}
	fesetround(FE_TONEAREST);
	return finish();
}
