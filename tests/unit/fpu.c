/*
 * tests/unit/fpu.c - translate/fpu.c against GNU MPFR.
 *
 * The oracle never runs host FP arithmetic: each operation is computed by
 * MPFR at 160 bits toward zero and made round-to-odd (the last bit set when
 * inexact), which rounds like the exact value at any precision of 158 bits
 * or less.  That value is then rounded to binary32/binary64 by scaling to the
 * format's quantum and rounding to an integer (mpfr_rint for RNE/RTZ/RDN/RUP,
 * mpfr_round for ties-away), which gives subnormals and RMM without MPFR's
 * own exponent-range machinery.  Flags are derived from that: PE when the
 * rounded value differs, OE when rounding with an unbounded exponent lands
 * at or above 2^(emax+1), UE when that unbounded rounding is below 2^emin
 * and the result is inexact (x86's after-rounding tininess), IE and ZE from
 * the operands' classes and MPFR's NaN / divide-by-zero outcome.
 *
 * Inputs are random (fixed seed) but skewed towards what breaks FP code:
 * zeros, subnormals, extreme normals, infinities, NaNs of both kinds, short
 * significands (whose sums, products and quotients are often exact or exact
 * midpoints), close exponents, and integer-conversion limits.  Every call
 * runs under a random host rounding field, sometimes with flags already set,
 * to check that fpu.c honours rm, restores the field and keeps sticky flags.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpfr.h>     /* after stdint.h: enables the intmax_t functions */

#include "fpu.h"
#include "ir.h"

#define PBIG 160
#define N_RANDOM 30000          /* inputs per op and type; 5 modes each */

static const char *const rm_name[] = { "rne", "rtz", "rdn", "rup", "rmm" };

/* ---- deterministic inputs ----------------------------------------------- */

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t rnd64(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static int rndn(int n)
{
	return (int)(rnd64() % (uint64_t)n);
}

struct fmt {
	int p, emin, emax;
	uint64_t sign, inf, max, qbit;
};
static const struct fmt fmt64 = { 53, -1022, 1023, 1ull << 63,
				  0x7ff0000000000000ull, 0x7fefffffffffffffull, 1ull << 51 };
static const struct fmt fmt32 = { 24, -126, 127, 1u << 31, 0x7f800000u, 0x7f7fffffu,
				  1u << 22 };

static const struct fmt *fmt_of(unsigned type)
{
	return type == IR_F64 ? &fmt64 : &fmt32;
}

static bool bits_nan(unsigned type, uint64_t v)
{
	const struct fmt *f = fmt_of(type);

	return (v & ~f->sign) > f->inf;
}

static bool bits_snan(unsigned type, uint64_t v)
{
	return bits_nan(type, v) && !(v & fmt_of(type)->qbit);
}

/* m * 2^e (|m| < 2^53) rounded to the format by plain bit assembly via
 * ldexp; exactness does not matter for an input. */
static uint64_t make(unsigned type, bool neg, uint64_t m, int e)
{
	double d = ldexp((double)m, e);
	uint64_t v;

	if (neg)
		d = -d;
	if (type == IR_F64) {
		memcpy(&v, &d, 8);
	} else {
		float f = (float)d;
		uint32_t w;

		memcpy(&w, &f, 4);
		v = w;
	}
	return v;
}

/* A significand of 1..p bits, often short. */
static uint64_t rand_mant(unsigned type)
{
	int p = fmt_of(type)->p;
	int len = rndn(2) ? 1 + rndn(6) : 1 + rndn(p);

	return (rnd64() >> (64 - len)) | (1ull << (len - 1));
}

/* A value whose top bit is at 2^e. */
static uint64_t near_exp(unsigned type, int e)
{
	uint64_t m = rand_mant(type);
	int len = 64 - __builtin_clzll(m);

	return make(type, rndn(2), m, e - len + 1);
}

static uint64_t special(unsigned type)
{
	static const uint64_t s64[] = {
		0, 1, 2, 0x000fffffffffffffull, 0x0010000000000000ull,
		0x0010000000000001ull, 0x7fefffffffffffffull, 0x7feffffffffffffeull,
		0x3ff0000000000000ull, 0x3ff0000000000001ull, 0x3fefffffffffffffull,
		0x7ff0000000000000ull, 0x7ff8000000000000ull, 0x7ff0000000000001ull,
		0x7ffc0000000abcdeull, 0x7ff4000000000000ull, 0x3fe0000000000000ull,
		0x4000000000000000ull, 0x0008000000000000ull, 0x3ca0000000000000ull,
	};
	static const uint64_t s32[] = {
		0, 1, 2, 0x007fffff, 0x00800000, 0x00800001, 0x7f7fffff, 0x7f7ffffe,
		0x3f800000, 0x3f800001, 0x3f7fffff, 0x7f800000, 0x7fc00000, 0x7f800001,
		0x7fe0abcd, 0x7fa00000, 0x3f000000, 0x40000000, 0x00400000, 0x33800000,
	};
	uint64_t v = type == IR_F64 ? s64[rndn(ARRAY_SIZE(s64))] : s32[rndn(ARRAY_SIZE(s32))];

	return rndn(2) ? v | fmt_of(type)->sign : v;
}

static int exp_of(unsigned type, uint64_t v)
{
	if (type == IR_F64)
		return (int)((v >> 52) & 0x7ff) - 1023;
	return (int)((v >> 23) & 0xff) - 127;
}

static uint64_t gen(unsigned type)
{
	const struct fmt *f = fmt_of(type);

	switch (rndn(10)) {
	case 0:
	case 1:
		return type == IR_F64 ? rnd64() : rnd64() >> 32;
	case 2:
		return special(type);
	case 3:         /* subnormal and the lowest normals */
		return near_exp(type, f->emin - f->p + 1 + rndn(f->p + 3));
	case 4:         /* the top of the range */
		return near_exp(type, f->emax - rndn(4));
	default:
		return near_exp(type, rndn(2) ? rndn(40) - 20 :
				rndn(f->emax - f->emin + f->p) + f->emin - f->p + 1);
	}
}

/* A second operand related to a, when a is finite. */
static uint64_t gen_near(unsigned type, uint64_t a, int lo, int hi)
{
	int e = exp_of(type, a);

	if (rndn(4) == 0 || e > fmt_of(type)->emax)
		return gen(type);
	return near_exp(type, e + lo + rndn(hi - lo + 1));
}

/* ---- the oracle ------------------------------------------------------------ */

struct expect {
	uint64_t bits;
	unsigned flags;
	bool nan;
};

static void mp_from(mpfr_t x, unsigned type, uint64_t v)
{
	if (type == IR_F64) {
		double d;

		memcpy(&d, &v, 8);
		mpfr_set_d(x, d, MPFR_RNDN);
	} else {
		uint32_t w = (uint32_t)v;
		float f;

		memcpy(&f, &w, 4);
		mpfr_set_flt(x, f, MPFR_RNDN);
	}
}

/* x is representable: its bit pattern. */
static uint64_t mp_bits(unsigned type, mpfr_t x)
{
	uint64_t v;

	if (type == IR_F64) {
		double d = mpfr_get_d(x, MPFR_RNDN);

		memcpy(&v, &d, 8);
	} else {
		float f = mpfr_get_flt(x, MPFR_RNDN);
		uint32_t w;

		memcpy(&w, &f, 4);
		v = w;
	}
	return v;
}

/* Make a toward-zero result with ternary t round-to-odd. */
static void make_odd(mpfr_t y, int t)
{
	mpz_t z;

	if (!t || !mpfr_regular_p(y))
		return;
	mpz_init(z);
	mpfr_get_z_2exp(z, y);
	if (mpz_even_p(z)) {
		if (mpfr_sgn(y) > 0)
			mpfr_nextabove(y);
		else
			mpfr_nextbelow(y);
	}
	mpz_clear(z);
}

static void rint_mode(mpfr_t r, mpfr_t x, unsigned rm)
{
	static const mpfr_rnd_t m[] = { MPFR_RNDN, MPFR_RNDZ, MPFR_RNDD, MPFR_RNDU };

	if (rm == IR_RM_RMM)
		mpfr_round(r, x);
	else
		mpfr_rint(r, x, m[rm]);
}

/* r = x rounded to a multiple of 2^qe. */
static void round_quantum(mpfr_t r, mpfr_t x, long qe, unsigned rm)
{
	mpfr_t s;

	mpfr_init2(s, PBIG);
	mpfr_mul_2si(s, x, -qe, MPFR_RNDN);
	rint_mode(r, s, rm);
	mpfr_mul_2si(r, r, qe, MPFR_RNDN);
	mpfr_clear(s);
}

static uint64_t overflow_bits(const struct fmt *f, unsigned rm, bool neg)
{
	bool to_max = rm == IR_RM_RTZ || (rm == IR_RM_RDN && !neg) ||
		      (rm == IR_RM_RUP && neg);

	return (to_max ? f->max : f->inf) | (neg ? f->sign : 0);
}

/* y exact or round-to-odd at PBIG bits; rounded into the format. */
static struct expect round_fmt(unsigned type, unsigned rm, mpfr_t y)
{
	const struct fmt *f = fmt_of(type);
	struct expect e = { 0 };
	mpfr_t t;
	long top;

	if (mpfr_nan_p(y)) {
		e.nan = true;
		return e;
	}
	if (!mpfr_regular_p(y)) {
		e.bits = mp_bits(type, y);
		return e;
	}
	mpfr_init2(t, PBIG);
	top = mpfr_get_exp(y) - 1;      /* y in [2^top, 2^(top+1)) */
	round_quantum(t, y, top - (f->p - 1), rm);
	if (mpfr_get_exp(t) - 1 > f->emax) {
		e.bits = overflow_bits(f, rm, mpfr_signbit(y));
		e.flags = FPU_OE | FPU_PE;
	} else {
		bool tiny = mpfr_get_exp(t) - 1 < f->emin;

		round_quantum(t, y, (top > f->emin ? top : f->emin) - (f->p - 1), rm);
		if (mpfr_cmp(t, y))
			e.flags = FPU_PE | (tiny ? FPU_UE : 0);
		e.bits = mp_bits(type, t);
	}
	mpfr_clear(t);
	return e;
}

enum { T_ADD, T_SUB, T_MUL, T_DIV, T_SQRT, T_FMA, T_NUM };
static const char *const op_name[] = { "add", "sub", "mul", "div", "sqrt", "fma" };

static int mp_op(int op, mpfr_t y, mpfr_t a, mpfr_t b, mpfr_t c, mpfr_rnd_t r)
{
	switch (op) {
	case T_ADD: return mpfr_add(y, a, b, r);
	case T_SUB: return mpfr_sub(y, a, b, r);
	case T_MUL: return mpfr_mul(y, a, b, r);
	case T_DIV: return mpfr_div(y, a, b, r);
	case T_SQRT: return mpfr_sqrt(y, a, r);
	default: return mpfr_fma(y, a, b, c, r);
	}
}

static int n_operands(int op)
{
	return op == T_SQRT ? 1 : op == T_FMA ? 3 : 2;
}

/*
 * Expected results of an arithmetic op in all five modes.  NaN operands
 * give a NaN with IE for an sNaN, and (our documented choice, as RISC-V and
 * AArch64) for 0 * inf + qNaN.
 */
static void expect_arith(int op, unsigned type, unsigned neg, const uint64_t *in,
			 struct expect out[5])
{
	static const mpfr_rnd_t zero_rnd[] = { MPFR_RNDN, MPFR_RNDZ, MPFR_RNDD,
					       MPFR_RNDU, MPFR_RNDN };
	const struct fmt *f = fmt_of(type);
	int n = n_operands(op);
	bool any_nan = false, any_snan = false;
	mpfr_t x[3], y;
	unsigned extra = 0;
	int t;

	for (int i = 0; i < n; i++) {
		any_nan |= bits_nan(type, in[i]);
		any_snan |= bits_snan(type, in[i]);
	}
	if (any_nan) {
		bool inf_zero = op == T_FMA &&
			(((in[0] & ~f->sign) == 0 && (in[1] & ~f->sign) == f->inf) ||
			 ((in[0] & ~f->sign) == f->inf && (in[1] & ~f->sign) == 0));

		for (int m = 0; m < 5; m++)
			out[m] = (struct expect){ 0, any_snan || inf_zero ? FPU_IE : 0, true };
		return;
	}
	for (int i = 0; i < 3; i++) {
		mpfr_init2(x[i], PBIG);
		mp_from(x[i], type, in[i < n ? i : 0]);
	}
	if (op == T_FMA && (neg & IR_FMA_NEG_PROD))
		mpfr_neg(x[0], x[0], MPFR_RNDN);
	if (op == T_FMA && (neg & IR_FMA_NEG_ADD))
		mpfr_neg(x[2], x[2], MPFR_RNDN);
	mpfr_init2(y, PBIG);
	mpfr_clear_flags();
	t = mp_op(op, y, x[0], x[1], x[2], MPFR_RNDZ);
	if (mpfr_nan_p(y))
		extra = FPU_IE;
	if (mpfr_divby0_p())
		extra |= FPU_ZE;
	make_odd(y, t);
	for (int m = 0; m < 5; m++) {
		if (mpfr_zero_p(y))     /* an exact zero's sign depends on the mode */
			mp_op(op, y, x[0], x[1], x[2], zero_rnd[m]);
		out[m] = round_fmt(type, m, y);
		out[m].flags |= extra;
	}
	for (int i = 0; i < 3; i++)
		mpfr_clear(x[i]);
	mpfr_clear(y);
}

/* ---- running fpu.c --------------------------------------------------------- */

static uint32_t call_csr;
static unsigned call_pre;

static void pre_call(void)
{
	call_pre = rndn(8) == 0 ? (unsigned)rnd64() & FPU_FLAGS : 0;
	call_csr = 0x1f80 | (rndn(4) << 13) | call_pre;
	fpu_set_mxcsr(call_csr);
}

/* The flags the call left (with the preset ones); control bits intact. */
static unsigned post_call(void)
{
	uint32_t v = fpu_get_mxcsr();

	fpu_set_mxcsr(0x1f80);
	ck_assert_msg((v & ~0x3fu) == (call_csr & ~0x3fu),
		      "MXCSR control changed: %#x -> %#x", call_csr, v);
	return v & FPU_FLAGS;
}

#define RUN(flags, expr)                          \
	({                                        \
		uint64_t r_;                      \
		pre_call();                       \
		r_ = (expr);                      \
		(flags) = post_call();            \
		r_;                               \
	})

static unsigned n_fail;

/* Compare one result; print the first mismatches in full. */
static void verdict(const char *what, unsigned type, unsigned rm, const uint64_t *in,
		    int n_in, struct expect e, uint64_t got, unsigned flags)
{
	bool ok = (flags & FPU_FLAGS) == ((e.flags | call_pre) & FPU_FLAGS);

	if (e.nan)
		ok &= bits_nan(type, got) && (type == IR_F64 || got >> 32 == 0);
	else
		ok &= got == e.bits;
	if (ok)
		return;
	if (n_fail++ < 25) {
		fprintf(stderr, "%s.%s %s:", what, type == IR_F64 ? "d" : type == IR_F32 ? "s" : "i",
			rm_name[rm]);
		for (int i = 0; i < n_in; i++)
			fprintf(stderr, " %#llx", (unsigned long long)in[i]);
		fprintf(stderr, " -> %#llx flags %#x, want %s%#llx flags %#x\n",
			(unsigned long long)got, flags & ~call_pre,
			e.nan ? "NaN " : "", (unsigned long long)e.bits, e.flags);
	}
}

static uint64_t call_arith(int op, unsigned type, unsigned rm, unsigned neg,
			   const uint64_t *in)
{
	switch (op) {
	case T_ADD: return fpu_add(type, rm, in[0], in[1]);
	case T_SUB: return fpu_sub(type, rm, in[0], in[1]);
	case T_MUL: return fpu_mul(type, rm, in[0], in[1]);
	case T_DIV: return fpu_div(type, rm, in[0], in[1]);
	case T_SQRT: return fpu_sqrt(type, rm, in[0]);
	default: return fpu_fma(type, rm, neg, in[0], in[1], in[2]);
	}
}

/* How often RMM differed from RNE: proves ties were exercised. */
static unsigned n_ties;

static void check_arith(int op, unsigned type, unsigned neg, const uint64_t *in)
{
	struct expect e[5];
	unsigned flags;
	uint64_t got;

	expect_arith(op, type, neg, in, e);
	n_ties += !e[IR_RM_RMM].nan && e[IR_RM_RMM].bits != e[IR_RM_RNE].bits;
	for (unsigned rm = 0; rm < 5; rm++) {
		got = RUN(flags, call_arith(op, type, rm, neg, in));
		verdict(op_name[op], type, rm, in, n_operands(op), e[rm], got, flags);
	}
}

static void gen_operands(int op, unsigned type, uint64_t *in)
{
	const struct fmt *f = fmt_of(type);
	int ea, eb;

	in[0] = gen(type);
	in[1] = gen(type);
	in[2] = gen(type);
	switch (op) {
	case T_ADD:
	case T_SUB:
		in[1] = gen_near(type, in[0], -60, 3);
		ea = exp_of(type, in[0]);
		if (rndn(3) == 0 && ea <= f->emax)      /* lowest bit at half an ulp */
			in[1] = make(type, rndn(2), rand_mant(type) | 1, ea - f->p);
		break;
	case T_MUL:     /* products anywhere, often near underflow or overflow */
		if (rndn(4) == 0) {     /* odd * odd with p + 1 or p + 2 bits */
			int la = 2 + rndn(f->p - 2), lb = f->p + rndn(2) - la + 1;

			in[0] = make(type, rndn(2), (rnd64() >> (64 - la)) | 1 | 1ull << (la - 1),
				     rndn(80) - 40 - la);
			in[1] = make(type, rndn(2), (rnd64() >> (64 - lb)) | 1 | 1ull << (lb - 1),
				     (rndn(2) ? rndn(80) - 40 : f->emin - rndn(f->p)) - lb);
			break;
		}
		ea = exp_of(type, in[0]);
		if (rndn(2) && ea <= f->emax && ea >= f->emin)
			in[1] = near_exp(type, (rndn(2) ? f->emin - rndn(f->p + 2)
					       : f->emax - rndn(3)) - ea);
		break;
	case T_DIV:     /* quotients near underflow are where ties live */
		if (rndn(4) == 0) {     /* odd/2^(emin-p) * (ob*2^eb) / (ob*2^eb) */
			uint64_t ob = 2 * rndn(3) + 1, m = rand_mant(type) | 1;

			if (m * ob >> f->p)
				m >>= 2;
			eb = rndn(f->emax - 4);
			in[1] = make(type, rndn(2), ob, eb);
			in[0] = make(type, rndn(2), m * ob, eb + f->emin - f->p);
			break;
		}
		eb = exp_of(type, in[1]);
		if (rndn(2) && eb <= f->emax && eb >= f->emin) {
			in[1] = rndn(2) ? make(type, rndn(2), 1, eb) : in[1];
			in[0] = near_exp(type, eb + f->emin - rndn(f->p + 2));
		}
		break;
	case T_FMA:
		if (rndn(4) == 0) {     /* short a*b plus c down at its half ulp */
			in[0] = near_exp(type, rndn(60) - 30);
			in[1] = near_exp(type, rndn(60) - 30);
			ea = exp_of(type, in[0]) + exp_of(type, in[1]) + rndn(2);
			in[2] = make(type, rndn(2), rand_mant(type) | 1, ea - f->p);
			break;
		}
		ea = exp_of(type, in[0]);
		eb = exp_of(type, in[1]);
		if (rndn(4) && ea <= f->emax && eb <= f->emax && ea >= f->emin &&
		    eb >= f->emin && ea + eb >= f->emin - f->p && ea + eb <= f->emax)
			in[2] = near_exp(type, ea + eb + rndn(120) - 60);
		break;
	}
}

static void random_arith(int op, unsigned type)
{
	uint64_t in[3];

	n_fail = 0;
	n_ties = 0;
	for (int i = 0; i < N_RANDOM; i++) {
		gen_operands(op, type, in);
		check_arith(op, type, op == T_FMA ? (unsigned)rndn(4) : 0, in);
	}
	if (getenv("FPU_TEST_VERBOSE"))
		fprintf(stderr, "%s.%d: %u ties\n", op_name[op], type, n_ties);
	ck_assert_msg(n_fail == 0, "%s: %u mismatches", op_name[op], n_fail);
	if (op != T_SQRT)
		ck_assert_msg(n_ties > 20, "%s: only %u RMM ties exercised",
			      op_name[op], n_ties);
	else
		ck_assert_uint_eq(n_ties, 0);
}

START_TEST(random_add) { random_arith(T_ADD, _i ? IR_F64 : IR_F32); }
END_TEST
START_TEST(random_sub) { random_arith(T_SUB, _i ? IR_F64 : IR_F32); }
END_TEST
START_TEST(random_mul) { random_arith(T_MUL, _i ? IR_F64 : IR_F32); }
END_TEST
START_TEST(random_div) { random_arith(T_DIV, _i ? IR_F64 : IR_F32); }
END_TEST
START_TEST(random_sqrt) { random_arith(T_SQRT, _i ? IR_F64 : IR_F32); }
END_TEST
START_TEST(random_fma) { random_arith(T_FMA, _i ? IR_F64 : IR_F32); }
END_TEST

/* ---- conversions and compares ----------------------------------------------- */

static const uint64_t kind_max[4] = { 0x7fffffff, 0xffffffff, INT64_MAX, UINT64_MAX };
static const uint64_t kind_min[4] = { 0xffffffff80000000ull, 0, 1ull << 63, 0 };

static struct expect expect_f2i(unsigned type, unsigned rm, unsigned cvt, uint64_t a)
{
	unsigned kind = cvt & IR_CVT_KIND;
	bool is_signed = kind == IR_CVT_I32 || kind == IR_CVT_I64;
	int width = kind <= IR_CVT_U32 ? 32 : 64;
	struct expect e = { 0 };
	mpfr_t x, r, lo, hi;

	if (bits_nan(type, a))
		return (struct expect){ cvt & IR_CVT_NAN_ZERO ? 0 : kind_max[kind], FPU_IE };
	mpfr_inits2(PBIG, x, r, lo, hi, (mpfr_ptr)0);
	mp_from(x, type, a);
	if (is_signed) {
		mpfr_set_si_2exp(lo, -1, width - 1, MPFR_RNDN);
		mpfr_set_ui_2exp(hi, 1, width - 1, MPFR_RNDN);
	} else {
		mpfr_set_ui(lo, 0, MPFR_RNDN);
		mpfr_set_ui_2exp(hi, 1, width, MPFR_RNDN);
	}
	mpfr_sub_ui(hi, hi, 1, MPFR_RNDN);
	if (mpfr_inf_p(x)) {
		e = (struct expect){ mpfr_signbit(x) ? kind_min[kind] : kind_max[kind], FPU_IE };
	} else {
		rint_mode(r, x, rm);
		if (mpfr_cmp(r, lo) < 0)
			e = (struct expect){ kind_min[kind], FPU_IE };
		else if (mpfr_cmp(r, hi) > 0)
			e = (struct expect){ kind_max[kind], FPU_IE };
		else
			e = (struct expect){ is_signed ? (uint64_t)mpfr_get_sj(r, MPFR_RNDZ)
						       : (uint64_t)mpfr_get_uj(r, MPFR_RNDZ),
					     mpfr_cmp(r, x) ? FPU_PE : 0 };
	}
	mpfr_clears(x, r, lo, hi, (mpfr_ptr)0);
	return e;
}

/* Values around the integer limits, halves, and the usual random mix. */
static uint64_t gen_f2i(unsigned type)
{
	static const int pow2[] = { 0, 1, 15, 16, 24, 31, 32, 52, 53, 63, 64, 65 };
	uint64_t v;

	switch (rndn(4)) {
	case 0:
		v = make(type, rndn(2), 1, pow2[rndn(ARRAY_SIZE(pow2))]);
		return v + rndn(9) - 4;   /* a few ulps either side */
	case 1:         /* j + 1/2 */
		return make(type, rndn(2), 2 * (rnd64() >> (40 + rndn(24))) + 1, -1);
	case 2:
		return near_exp(type, rndn(70) - 4);
	default:
		return gen(type);
	}
}

START_TEST(random_f2i)
{
	unsigned type = _i ? IR_F64 : IR_F32;
	unsigned flags;

	n_fail = 0;
	for (int i = 0; i < N_RANDOM * 2; i++) {
		uint64_t a = gen_f2i(type);
		unsigned cvt = rndn(4) | (rndn(2) ? IR_CVT_NAN_ZERO : 0);

		for (unsigned rm = 0; rm < 5; rm++) {
			uint64_t got = RUN(flags, fpu_f2i(type, rm, cvt, a));

			verdict(cvt & IR_CVT_NAN_ZERO ? "f2i0" : "f2i", type, rm, &a, 1,
				expect_f2i(type, rm, cvt, a), got, flags);
		}
	}
	ck_assert_msg(n_fail == 0, "f2i: %u mismatches", n_fail);
}
END_TEST

/* Random integers of random length, often ending in a rounding tie. */
static uint64_t gen_int(void)
{
	uint64_t v = rnd64() >> rndn(64);

	if (rndn(2)) {
		int k = 1 + rndn(14);

		v = (v & ~((1ull << k) - 1)) | (1ull << (k - 1));
	}
	return rndn(4) ? v : -v;
}

START_TEST(random_i2f)
{
	unsigned type = _i ? IR_F64 : IR_F32;
	unsigned flags;
	mpfr_t y;

	n_fail = 0;
	n_ties = 0;
	mpfr_init2(y, PBIG);
	for (int i = 0; i < N_RANDOM * 2; i++) {
		uint64_t a = gen_int();
		unsigned kind = rndn(4);
		struct expect e[5];

		switch (kind) {
		case IR_CVT_I32: mpfr_set_sj(y, (int32_t)a, MPFR_RNDN); break;
		case IR_CVT_U32: mpfr_set_uj(y, (uint32_t)a, MPFR_RNDN); break;
		case IR_CVT_I64: mpfr_set_sj(y, (int64_t)a, MPFR_RNDN); break;
		default: mpfr_set_uj(y, a, MPFR_RNDN); break;
		}
		for (unsigned rm = 0; rm < 5; rm++)
			e[rm] = round_fmt(type, rm, y);
		n_ties += e[IR_RM_RMM].bits != e[IR_RM_RNE].bits;
		for (unsigned rm = 0; rm < 5; rm++) {
			uint64_t got = RUN(flags, fpu_i2f(type, rm, kind, a));

			verdict("i2f", type, rm, &a, 1, e[rm], got, flags);
		}
	}
	mpfr_clear(y);
	ck_assert_msg(n_fail == 0, "i2f: %u mismatches", n_fail);
	ck_assert_msg(n_ties > 20, "i2f: only %u RMM ties", n_ties);
}
END_TEST

START_TEST(random_f2f)
{
	unsigned dst = _i ? IR_F64 : IR_F32, src = _i ? IR_F32 : IR_F64;
	unsigned flags;
	mpfr_t y;

	n_fail = 0;
	n_ties = 0;
	mpfr_init2(y, PBIG);
	for (int i = 0; i < N_RANDOM * 2; i++) {
		uint64_t a = src == IR_F64 && rndn(2) ? near_exp(src, rndn(290) - 160) : gen(src);
		struct expect e[5];

		for (unsigned rm = 0; rm < 5; rm++) {
			if (bits_nan(src, a)) {
				e[rm] = (struct expect){ 0, bits_snan(src, a) ? FPU_IE : 0, true };
			} else {
				mp_from(y, src, a);
				e[rm] = round_fmt(dst, rm, y);
			}
		}
		n_ties += !e[0].nan && e[IR_RM_RMM].bits != e[IR_RM_RNE].bits;
		for (unsigned rm = 0; rm < 5; rm++) {
			uint64_t got = RUN(flags, fpu_f2f(dst, rm, a));

			verdict("f2f", dst, rm, &a, 1, e[rm], got, flags);
		}
	}
	mpfr_clear(y);
	ck_assert_msg(n_fail == 0, "f2f: %u mismatches", n_fail);
	if (dst == IR_F32)
		ck_assert_msg(n_ties > 20, "f2f: only %u RMM ties", n_ties);
}
END_TEST

START_TEST(random_cmp)
{
	unsigned type = _i ? IR_F64 : IR_F32;
	unsigned flags;
	mpfr_t x, y;

	n_fail = 0;
	mpfr_inits2(PBIG, x, y, (mpfr_ptr)0);
	for (int i = 0; i < N_RANDOM * 2; i++) {
		uint64_t in[2] = { gen(type), 0 };
		unsigned cmp = rndn(3);
		bool sig = rndn(2);
		struct expect e = { 0 };

		switch (rndn(4)) {
		case 0: in[1] = in[0]; break;
		case 1: in[1] = in[0] ^ fmt_of(type)->sign; break;
		case 2: in[1] = in[0] + rndn(3) - 1; break;
		default: in[1] = gen(type); break;
		}
		if (bits_nan(type, in[0]) || bits_nan(type, in[1])) {
			e.flags = sig || bits_snan(type, in[0]) || bits_snan(type, in[1])
				  ? FPU_IE : 0;
		} else {
			mp_from(x, type, in[0]);
			mp_from(y, type, in[1]);
			e.bits = cmp == IR_FCMP_EQ ? mpfr_equal_p(x, y) :
				 cmp == IR_FCMP_LT ? mpfr_less_p(x, y) : mpfr_lessequal_p(x, y);
		}
		uint64_t got = RUN(flags, fpu_cmp(type, cmp, sig, in[0], in[1]));

		verdict(cmp == IR_FCMP_EQ ? "feq" : cmp == IR_FCMP_LT ? "flt" : "fle",
			type, 0, in, 2, e, got, flags);
	}
	mpfr_clears(x, y, (mpfr_ptr)0);
	ck_assert_msg(n_fail == 0, "cmp: %u mismatches", n_fail);
}
END_TEST

/* ---- hand-worked cases (independent of MPFR) ------------------------------------ */

#define D(x) ((union { double d; uint64_t u; }){ .d = (x) }.u)
#define S(x) ((uint64_t)(union { float f; uint32_t u; }){ .f = (x) }.u)
#define QNAN64 0x7ff8000000000000ull
#define SNAN64 0x7ff0000000000001ull

static void hand(const char *what, uint64_t got, unsigned flags, uint64_t want,
		 unsigned want_flags)
{
	ck_assert_msg(got == want && flags == ((want_flags | call_pre) & FPU_FLAGS),
		      "%s: got %#llx flags %#x, want %#llx flags %#x", what,
		      (unsigned long long)got, flags & ~call_pre,
		      (unsigned long long)want, want_flags);
}

#define HAND(expr, want, want_flags)                          \
	do {                                                  \
		unsigned f_;                                  \
		uint64_t r_ = RUN(f_, expr);                  \
		hand(#expr, r_, f_, want, want_flags);        \
	} while (0)

START_TEST(hand_f2i)
{
	const unsigned PE = FPU_PE, IE = FPU_IE;

	HAND(fpu_f2i(IR_F64, IR_RM_RTZ, IR_CVT_U32, D(-0.9)), 0, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RTZ, IR_CVT_U32, D(-1.0)), 0, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_U32, D(-0.5)), 0, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RMM, IR_CVT_U32, D(-0.5)), 0, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_U32, D(-0.0)), 0, 0);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I32, D(2147483647.5)), 0x7fffffff, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RTZ, IR_CVT_I32, D(2147483647.5)), 0x7fffffff, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RMM, IR_CVT_I32, D(2147483647.5)), 0x7fffffff, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I32, D(-2147483648.5)), 0xffffffff80000000ull, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RMM, IR_CVT_I32, D(-2147483648.5)), 0xffffffff80000000ull, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I32, D(-1.0)), 0xffffffffffffffffull, 0);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_U32, D(4294967295.0)), 0xffffffff, 0);
	HAND(fpu_f2i(IR_F64, IR_RM_RUP, IR_CVT_U32, D(4294967294.5)), 0xffffffff, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I64, D(0x1p63)), INT64_MAX, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I64, D(-0x1p63)), 1ull << 63, 0);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I64, 0xc3e0000000000001ull), 1ull << 63, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_U64, D(0x1p64)), UINT64_MAX, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_U64, 0x43efffffffffffffull), 0xfffffffffffff800ull, 0);
	HAND(fpu_f2i(IR_F32, IR_RM_RNE, IR_CVT_I64, S(-0x1p63f)), 1ull << 63, 0);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I32, QNAN64), 0x7fffffff, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I32 | IR_CVT_NAN_ZERO, QNAN64), 0, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_U32, SNAN64), 0xffffffff, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_U64, D(-INFINITY)), 0, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I32, D(INFINITY)), 0x7fffffff, IE);
	HAND(fpu_f2i(IR_F64, IR_RM_RMM, IR_CVT_I64, D(0.5)), 1, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I64, D(0.5)), 0, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RMM, IR_CVT_I64, D(2.5)), 3, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RNE, IR_CVT_I64, D(2.5)), 2, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RMM, IR_CVT_I64, D(-2.5)), (uint64_t)-3, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RDN, IR_CVT_I64, D(-2.25)), (uint64_t)-3, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RUP, IR_CVT_I64, D(-2.25)), (uint64_t)-2, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RUP, IR_CVT_I64, D(0x1p-1074)), 1, PE);
	HAND(fpu_f2i(IR_F64, IR_RM_RMM, IR_CVT_I64, D(0x1p-1074)), 0, PE);
}
END_TEST

START_TEST(hand_arith)
{
	const unsigned PE = FPU_PE, IE = FPU_IE, UE = FPU_UE, OE = FPU_OE, ZE = FPU_ZE;
	unsigned f;

	HAND(fpu_add(IR_F64, IR_RM_RNE, D(1.0), D(0x1p-53)), D(1.0), PE);
	HAND(fpu_add(IR_F64, IR_RM_RMM, D(1.0), D(0x1p-53)), D(1.0) + 1, PE);
	HAND(fpu_add(IR_F64, IR_RM_RMM, D(-1.0), D(-0x1p-53)), D(-1.0) + 1, PE);
	HAND(fpu_add(IR_F64, IR_RM_RMM, D(1.0) + 1, D(0x1p-53)), D(1.0) + 2, PE);
	HAND(fpu_add(IR_F64, IR_RM_RUP, D(1.0), D(0x1p-80)), D(1.0) + 1, PE);
	HAND(fpu_sub(IR_F64, IR_RM_RDN, D(1.0), D(1.0)), D(-0.0), 0);
	HAND(fpu_sub(IR_F64, IR_RM_RMM, D(1.0), D(1.0)), D(0.0), 0);
	HAND(fpu_add(IR_F32, IR_RM_RMM, S(1.0f), S(0x1p-24f)), S(1.0f) + 1, PE);
	HAND(fpu_mul(IR_F64, IR_RM_RNE, D(0x1p-1074), D(0.5)), D(0.0), UE | PE);
	HAND(fpu_mul(IR_F64, IR_RM_RMM, D(0x1p-1074), D(0.5)), 1, UE | PE);
	HAND(fpu_mul(IR_F64, IR_RM_RMM, D(-0x1p-1074), D(0.5)), D(-0.0) + 1, UE | PE);
	HAND(fpu_mul(IR_F64, IR_RM_RNE, D(0x1p-1074), D(0.25)), D(0.0), UE | PE);
	/* (1 - 2^-53) * 2^-1022: tiny after rounding with an unbounded
	 * exponent (the product has 53 bits), but rounds up to 2^-1022 */
	HAND(fpu_mul(IR_F64, IR_RM_RNE, 0x3fefffffffffffffull, D(0x1p-1022)), D(0x1p-1022),
	     UE | PE);
	HAND(fpu_mul(IR_F64, IR_RM_RNE, D(0x1p1000), D(0x1p100)), D(INFINITY), OE | PE);
	HAND(fpu_mul(IR_F64, IR_RM_RTZ, D(0x1p1000), D(0x1p100)), 0x7fefffffffffffffull, OE | PE);
	HAND(fpu_mul(IR_F64, IR_RM_RMM, D(-0x1p1000), D(0x1p100)), D(-INFINITY), OE | PE);
	HAND(fpu_mul(IR_F64, IR_RM_RNE, D(0.0), D(INFINITY)) >> 52 & 0x7ff, 0x7ff, IE);
	HAND(fpu_div(IR_F64, IR_RM_RNE, D(1.0), D(-0.0)), D(-INFINITY), ZE);
	HAND(fpu_div(IR_F64, IR_RM_RMM, D(0x1.8p-1070), D(16.0)), 2, UE | PE);
	HAND(fpu_div(IR_F64, IR_RM_RMM, D(0x1.4p-1070), D(8.0)), 3, UE | PE);
	HAND(fpu_div(IR_F64, IR_RM_RNE, D(0x1.4p-1070), D(8.0)), 2, UE | PE);
	HAND(fpu_sqrt(IR_F64, IR_RM_RNE, D(-0.0)), D(-0.0), 0);
	HAND(fpu_sqrt(IR_F64, IR_RM_RNE, D(-1.0)), 0xfff8000000000000ull, IE);
	HAND(fpu_sqrt(IR_F64, IR_RM_RMM, D(INFINITY)), D(INFINITY), 0);
	HAND(fpu_sqrt(IR_F32, IR_RM_RNE, S(-INFINITY)), 0xffc00000, IE);
	HAND(fpu_sqrt(IR_F64, IR_RM_RMM, D(2.0)), D(0x1.6a09e667f3bcdp+0), PE);
	/* 0 * inf + qNaN raises IE (RISC-V, AArch64), 1 * inf + qNaN does not */
	HAND(fpu_fma(IR_F64, IR_RM_RNE, 0, D(0.0), D(INFINITY), QNAN64), QNAN64, IE);
	HAND(fpu_fma(IR_F64, IR_RM_RMM, 0, D(-INFINITY), D(0.0), QNAN64), QNAN64, IE);
	HAND(fpu_fma(IR_F32, IR_RM_RNE, 0, S(0.0f), S(INFINITY), 0x7fc00000), 0x7fc00000, IE);
	HAND(fpu_fma(IR_F64, IR_RM_RNE, 0, D(1.0), D(INFINITY), QNAN64), QNAN64, 0);
	HAND(fpu_fma(IR_F64, IR_RM_RNE, 0, D(INFINITY), D(1.0), D(-INFINITY)) >> 52 & 0x7ff,
	     0x7ff, IE);
	/* a*b + c exact to the last bit: 1 + 2^-53 is a tie only when fused */
	HAND(fpu_fma(IR_F64, IR_RM_RMM, 0, D(1.0) + 1, D(1.0) - 1, D(0x1p-105)), D(1.0) + 1,
	     PE);
	HAND(fpu_fma(IR_F64, IR_RM_RNE, 0, D(1.0) + 1, D(1.0) - 1, D(0x1p-105)), D(1.0), PE);
	HAND(fpu_fma(IR_F64, IR_RM_RMM, 0, D(0x1p-27), D(0x1p-26), D(1.0)), D(1.0) + 1, PE);
	HAND(fpu_fma(IR_F64, IR_RM_RNE, 0, D(0x1p-27), D(0x1p-26), D(1.0)), D(1.0), PE);
	HAND(fpu_fma(IR_F64, IR_RM_RMM, IR_FMA_NEG_PROD | IR_FMA_NEG_ADD, D(0x1p-27),
		     D(0x1p-26), D(1.0)), D(-1.0) + 1, PE);
	HAND(fpu_fma(IR_F64, IR_RM_RDN, IR_FMA_NEG_ADD, D(2.0), D(3.0), D(6.0)), D(-0.0), 0);
	(void)f;
}
END_TEST

START_TEST(hand_convert)
{
	const unsigned PE = FPU_PE, IE = FPU_IE, UE = FPU_UE, OE = FPU_OE;

	HAND(fpu_i2f(IR_F64, IR_RM_RNE, IR_CVT_U64, UINT64_MAX), D(0x1p64), PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RTZ, IR_CVT_U64, UINT64_MAX), 0x43efffffffffffffull, PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RMM, IR_CVT_U64, UINT64_MAX), D(0x1p64), PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RNE, IR_CVT_U64, (1ull << 63) + 1024), D(0x1p63), PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RMM, IR_CVT_U64, (1ull << 63) + 1024), D(0x1p63) + 1, PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RNE, IR_CVT_U64, (1ull << 63) + 1025), D(0x1p63) + 1, PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RUP, IR_CVT_U64, (1ull << 63) + 1), D(0x1p63) + 1, PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RNE, IR_CVT_I64, (1ull << 53) + 1), D(0x1p53), PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RMM, IR_CVT_I64, (1ull << 53) + 1), D(0x1p53) + 1, PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RMM, IR_CVT_I64, -(1ull << 53) - 1), D(-0x1p53) + 1, PE);
	HAND(fpu_i2f(IR_F32, IR_RM_RNE, IR_CVT_I32, 0xffffffff), S(-1.0f), 0);
	HAND(fpu_i2f(IR_F32, IR_RM_RNE, IR_CVT_U32, 0xffffffff), S(0x1p32f), PE);
	HAND(fpu_i2f(IR_F32, IR_RM_RDN, IR_CVT_I32, 0x80000001), S(-0x1p31f), PE);
	HAND(fpu_i2f(IR_F32, IR_RM_RUP, IR_CVT_I32, 0x80000001), S(-0x1p31f) - 1, PE);
	HAND(fpu_i2f(IR_F64, IR_RM_RNE, IR_CVT_I32, 0x80000000), D(-0x1p31), 0);
	HAND(fpu_f2f(IR_F32, IR_RM_RNE, 0x3ff0000010000000ull), S(1.0f), PE);
	HAND(fpu_f2f(IR_F32, IR_RM_RMM, 0x3ff0000010000000ull), S(1.0f) + 1, PE);
	HAND(fpu_f2f(IR_F32, IR_RM_RNE, 0x7fefffffffffffffull), S(INFINITY), OE | PE);
	HAND(fpu_f2f(IR_F32, IR_RM_RTZ, 0x7fefffffffffffffull), 0x7f7fffff, OE | PE);
	HAND(fpu_f2f(IR_F32, IR_RM_RNE, D(0x1p-150)), 0, UE | PE);
	HAND(fpu_f2f(IR_F32, IR_RM_RMM, D(0x1p-150)), 1, UE | PE);
	HAND(fpu_f2f(IR_F32, IR_RM_RNE, D(0x1p-149)), 1, 0);
	HAND(fpu_f2f(IR_F32, IR_RM_RNE, SNAN64), 0x7fc00000, IE);
	HAND(fpu_f2f(IR_F64, IR_RM_RTZ, 0x7f800001), 0x7ff8000020000000ull, IE);
	HAND(fpu_f2f(IR_F64, IR_RM_RMM, S(0x1p-149f)), D(0x1p-149), 0);
	HAND(fpu_cmp(IR_F64, IR_FCMP_EQ, false, QNAN64, QNAN64), 0, 0);
	HAND(fpu_cmp(IR_F64, IR_FCMP_EQ, false, SNAN64, D(1.0)), 0, IE);
	HAND(fpu_cmp(IR_F64, IR_FCMP_LT, true, D(1.0), QNAN64), 0, IE);
	HAND(fpu_cmp(IR_F64, IR_FCMP_LE, false, D(1.0), QNAN64), 0, 0);
	HAND(fpu_cmp(IR_F64, IR_FCMP_EQ, false, D(-0.0), D(0.0)), 1, 0);
	HAND(fpu_cmp(IR_F64, IR_FCMP_LT, true, D(-0.0), D(0.0)), 0, 0);
	HAND(fpu_cmp(IR_F64, IR_FCMP_LE, true, D(-0.0), D(0.0)), 1, 0);
	HAND(fpu_cmp(IR_F32, IR_FCMP_LT, false, S(-INFINITY), S(-0x1p127f)), 1, 0);
}
END_TEST

START_TEST(mxcsr_control)
{
	ck_assert_uint_eq(fpu_mxcsr_rc(IR_RM_RNE), 0x0000);
	ck_assert_uint_eq(fpu_mxcsr_rc(IR_RM_RDN), 0x2000);
	ck_assert_uint_eq(fpu_mxcsr_rc(IR_RM_RUP), 0x4000);
	ck_assert_uint_eq(fpu_mxcsr_rc(IR_RM_RTZ), 0x6000);
	ck_assert_uint_eq(fpu_mxcsr_rc(IR_RM_RMM), 0x0000);
	fpu_set_mxcsr(0x1f80 | 0x4000);
	ck_assert_uint_eq(fpu_get_mxcsr(), 0x1f80 | 0x4000);
	fpu_raise(FPU_UE | FPU_PE);
	ck_assert_uint_eq(fpu_get_mxcsr(), 0x1f80 | 0x4000 | FPU_UE | FPU_PE);
	fpu_raise(0);
	fpu_raise(FPU_IE);
	ck_assert_uint_eq(fpu_get_mxcsr(), 0x1f80 | 0x4000 | FPU_UE | FPU_PE | FPU_IE);
	/* an op in RMM under an RUP field leaves RUP and all old flags */
	fpu_add(IR_F64, IR_RM_RMM, D(1.0), D(0x1p-53));
	ck_assert_uint_eq(fpu_get_mxcsr(), 0x1f80 | 0x4000 | FPU_UE | FPU_PE | FPU_IE);
	fpu_set_mxcsr(0x1f80);
	fpu_div(IR_F64, IR_RM_RTZ, D(1.0), D(0.0));
	ck_assert_uint_eq(fpu_get_mxcsr(), 0x1f80 | FPU_ZE);
	fpu_set_mxcsr(0x1f80);
}
END_TEST

/* The oracle itself on facts worked out by hand, so that a broken oracle
 * cannot make the random tests vacuous. */
START_TEST(oracle_self_check)
{
	uint64_t in[3] = { D(0x1p-1074), D(-0.5), 0 };
	struct expect e[5];

	expect_arith(T_MUL, IR_F64, 0, in, e);
	ck_assert_uint_eq(e[IR_RM_RNE].bits, D(-0.0));
	ck_assert_uint_eq(e[IR_RM_RNE].flags, FPU_UE | FPU_PE);
	ck_assert_uint_eq(e[IR_RM_RMM].bits, D(-0x1p-1074));
	ck_assert_uint_eq(e[IR_RM_RDN].bits, D(-0x1p-1074));
	ck_assert_uint_eq(e[IR_RM_RUP].bits, D(-0.0));
	in[0] = D(1.0);
	in[1] = D(0x1p-53);
	expect_arith(T_ADD, IR_F64, 0, in, e);
	ck_assert_uint_eq(e[IR_RM_RNE].bits, D(1.0));
	ck_assert_uint_eq(e[IR_RM_RMM].bits, D(1.0) + 1);
	ck_assert_uint_eq(e[IR_RM_RUP].bits, D(1.0) + 1);
	ck_assert_uint_eq(e[IR_RM_RTZ].flags, FPU_PE);
	in[1] = D(-1.0);
	expect_arith(T_ADD, IR_F64, 0, in, e);
	ck_assert_uint_eq(e[IR_RM_RDN].bits, D(-0.0));
	ck_assert_uint_eq(e[IR_RM_RNE].bits, D(0.0));
	ck_assert_uint_eq(e[IR_RM_RNE].flags, 0);
	in[0] = D(0x1p1023);
	in[1] = D(2.0);
	expect_arith(T_MUL, IR_F64, 0, in, e);
	ck_assert_uint_eq(e[IR_RM_RTZ].bits, 0x7fefffffffffffffull);
	ck_assert_uint_eq(e[IR_RM_RMM].bits, D(INFINITY));
	ck_assert_uint_eq(e[IR_RM_RMM].flags, FPU_OE | FPU_PE);
}
END_TEST

static Suite *fpu_suite(void)
{
	Suite *s = suite_create("fpu");
	TCase *hand_tc = tcase_create("hand");
	TCase *rand_tc = tcase_create("random");

	tcase_add_test(hand_tc, oracle_self_check);
	tcase_add_test(hand_tc, mxcsr_control);
	tcase_add_test(hand_tc, hand_f2i);
	tcase_add_test(hand_tc, hand_arith);
	tcase_add_test(hand_tc, hand_convert);
	suite_add_tcase(s, hand_tc);
	tcase_set_timeout(rand_tc, 300);
	tcase_add_loop_test(rand_tc, random_add, 0, 2);
	tcase_add_loop_test(rand_tc, random_sub, 0, 2);
	tcase_add_loop_test(rand_tc, random_mul, 0, 2);
	tcase_add_loop_test(rand_tc, random_div, 0, 2);
	tcase_add_loop_test(rand_tc, random_sqrt, 0, 2);
	tcase_add_loop_test(rand_tc, random_fma, 0, 2);
	tcase_add_loop_test(rand_tc, random_f2i, 0, 2);
	tcase_add_loop_test(rand_tc, random_i2f, 0, 2);
	tcase_add_loop_test(rand_tc, random_f2f, 0, 2);
	tcase_add_loop_test(rand_tc, random_cmp, 0, 2);
	suite_add_tcase(s, rand_tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fpu_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
