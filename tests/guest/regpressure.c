/*
 * regpressure: loops that keep more values live than there are registers:
 * 28 integer accumulators and 24 double accumulators updated every
 * iteration, so the guest code uses nearly every integer and FP register
 * (callee-saved ones too) and spills the rest.  A translator keeping
 * guest registers in host registers must map and spill them all right.
 */
#include "common.h"
#include <math.h>

#define I28(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) \
	X(12) X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) X(22) \
	X(23) X(24) X(25) X(26) X(27)
#define D24(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) \
	X(12) X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23)

static uint64_t __attribute__((noinline)) ints(const uint64_t *in, int n)
{
#define DECL(k) uint64_t a##k = in[k];
	I28(DECL)
#undef DECL
	for (int i = 0; i < n; i++) {
		uint64_t x = in[i & 31];
#define STEP(k) a##k = (a##k ^ x) * (2 * k + 3) + (a##k >> (k % 13 + 1)) + a##k##_prev(k);
#define a0_prev(k) a27
#define a1_prev(k) a0
#define a2_prev(k) a1
#define a3_prev(k) a2
#define a4_prev(k) a3
#define a5_prev(k) a4
#define a6_prev(k) a5
#define a7_prev(k) a6
#define a8_prev(k) a7
#define a9_prev(k) a8
#define a10_prev(k) a9
#define a11_prev(k) a10
#define a12_prev(k) a11
#define a13_prev(k) a12
#define a14_prev(k) a13
#define a15_prev(k) a14
#define a16_prev(k) a15
#define a17_prev(k) a16
#define a18_prev(k) a17
#define a19_prev(k) a18
#define a20_prev(k) a19
#define a21_prev(k) a20
#define a22_prev(k) a21
#define a23_prev(k) a22
#define a24_prev(k) a23
#define a25_prev(k) a24
#define a26_prev(k) a25
#define a27_prev(k) a26
		I28(STEP)
	}
	uint64_t h = 0;
#define FOLD(k) h = mix64(h, a##k);
	I28(FOLD)
	return h;
}

static double __attribute__((noinline)) dbls(const double *in, int n)
{
#define DDECL(k) double d##k = in[k];
	D24(DDECL)
	double s = 0;
	for (int i = 0; i < n; i++) {
		double x = in[i & 31];
#define DSTEP(k) d##k = d##k * 0.999 + x * (k + 1) * 1e-3 - d##k * d##k * 1e-6;
		D24(DSTEP)
		s += d0 - d23;
	}
#define DFOLD(k) s += d##k * (k + 1);
	D24(DFOLD)
	return s;
}

/* both at once, and a call in the loop (caller-saved registers die) */
static double __attribute__((noinline)) opaque_call(double x, uint64_t y)
{
	return x * 0.5 + (double)(y & 1023);
}

static double __attribute__((noinline)) mixed(const uint64_t *iv, const double *dv, int n)
{
	uint64_t a = iv[0], b = iv[1], c = iv[2], d = iv[3], e = iv[4], f = iv[5];
	uint64_t g = iv[6], h = iv[7], i2 = iv[8], j = iv[9];
	double p = dv[0], q = dv[1], r = dv[2], s = dv[3], t = dv[4], u = dv[5];
	double v = dv[6], w = dv[7];

	for (int i = 0; i < n; i++) {
		a += b ^ c; b = (b << 3) + d; c ^= e * 5; d += f >> 2; e = e * 33 + g;
		f ^= h; g += i2; h = (h >> 1) | (j << 63); i2 -= a; j += i2 ^ b;
		p = p * 0.75 + q; q = q * 0.5 - r * 0.25; r += s * 1e-3; s = s * 0.9 + t;
		t = t * 0.8 + u * 0.1; u -= v * 1e-4; v = v * 0.95 + w; w = opaque_call(w, a);
	}
	return p + q + r + s + t + u + v + w +
	       (double)((a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ i2 ^ j) >> 11);
}

int main(void)
{
	uint64_t iv[32];
	double dv[32];

	for (int i = 0; i < 32; i++) {
		iv[i] = rng();
		dv[i] = (double)(rng() >> 11) / 0x1p53;
	}
	printf("ints %016llx\n", (unsigned long long)ints(iv, 20000));
	double d = dbls(dv, 20000);
	printf("doubles %a\n", d);
	double m = mixed(iv, dv, 20000);
	printf("mixed %a\n", m);
	CHECK(!isnan(d) && !isnan(m));
	return finish();
}
