/*
 * fpu.c - exact IEEE-754 binary32/binary64 arithmetic on the host's SSE and
 * FMA units, in all five IR rounding modes, with the exception flags left in
 * the host MXCSR exactly as the SSE instruction would leave them.
 *
 * Owns nothing but the MXCSR rounding field while one op runs: every helper
 * that changes it restores it before returning, keeping the flags the op
 * raised.  Assumes what cpu_exec establishes for guest code: exceptions
 * masked, FTZ and DAZ clear.
 *
 * How each mode is computed:
 * - RNE, RTZ, RDN, RUP: the host instruction under that rounding field.
 * - RMM (ties away from zero, no host mode): the host instruction under
 *   RNE.  RNE and RMM differ only when the exact result is a midpoint
 *   between two neighbours, and then only when RNE picked the neighbour
 *   nearer zero.  Their flags never differ: inexactness does not depend on
 *   the mode, both overflow from the same threshold (the midpoint above the
 *   largest finite number rounds up in both, its lower neighbour being odd),
 *   and with after-rounding tininess the one midpoint that straddles the
 *   smallest normal 2^emin also rounds up in both.  So the host's flags
 *   stand, and the result steps one unit away from zero when the exact
 *   result, rebuilt from the operands' integer significands, is such a
 *   midpoint (a product of two significands fits 128 bits; sums are aligned
 *   when they fit and cannot be midpoints when they do not).  A quotient is
 *   a midpoint only when it is dyadic, checked by integer division; a
 *   square root never is (an odd (p+1)-bit root squares to more than p
 *   bits).  Looking at the host's PE instead would mean clearing the sticky
 *   flags around the op, and an ldmxcsr that clears flags costs more than
 *   the integer check.
 * - Conversions to integers are decoded here in integer arithmetic: the
 *   host's cvtsd2si has no unsigned forms, no RMM and answers out-of-range
 *   values with 0x80..0 instead of saturating.
 *
 * Every FP instruction that depends on, or writes, the MXCSR is an asm
 * volatile, and so are the MXCSR accesses: GCC keeps volatile asms in order
 * and cannot fold or move the arithmetic across a rounding-mode change
 * (GCC ignores #pragma STDC FENV_ACCESS).
 */
#include <sys/platform/x86.h>
#include <math.h>
#include <string.h>

#include "fpu.h"
#include "ir.h"

#define MXCSR_RC 0x6000u
#define MXCSR_ALL_FLAGS 0x3fu   /* FPU_FLAGS plus DE */

typedef unsigned __int128 u128;

/* ---- MXCSR ---------------------------------------------------------- */

static inline uint32_t csr_read(void)
{
	uint32_t v;

	asm volatile("stmxcsr %0" : "=m"(v) : : "memory");
	return v;
}

static inline void csr_write(uint32_t v)
{
	asm volatile("ldmxcsr %0" : : "m"(v) : "memory");
}

unsigned fpu_mxcsr_rc(unsigned rm)
{
	static const uint16_t rc[] = {
		[IR_RM_RNE] = 0x0000, [IR_RM_RTZ] = 0x6000,
		[IR_RM_RDN] = 0x2000, [IR_RM_RUP] = 0x4000,
		[IR_RM_RMM] = 0x0000,
	};

	return rm < ARRAY_SIZE(rc) ? rc[rm] : 0;
}

uint32_t fpu_get_mxcsr(void)
{
	return csr_read();
}

void fpu_set_mxcsr(uint32_t v)
{
	csr_write(v);
}

void fpu_raise(unsigned flags)
{
	uint32_t v;

	flags &= MXCSR_ALL_FLAGS;
	if (!flags)
		return;
	v = csr_read();
	if ((v & flags) != flags)
		csr_write(v | flags);
}

/* Switch the rounding field for one op (usually it already matches: blocks
 * run with their default mode loaded).  Returns the MXCSR to take the
 * rounding field back from. */
static inline uint32_t rc_enter(unsigned rm)
{
	uint32_t old = csr_read();
	uint32_t rc = fpu_mxcsr_rc(rm);

	if ((old & MXCSR_RC) != rc)
		csr_write((old & ~MXCSR_RC) | rc);
	return old;
}

static inline void rc_leave(uint32_t old)
{
	uint32_t cur = csr_read();

	if ((cur & MXCSR_RC) != (old & MXCSR_RC))
		csr_write((cur & ~MXCSR_RC) | (old & MXCSR_RC));
}

/* ---- bit patterns ----------------------------------------------------- */

static inline double as_d(uint64_t v)
{
	double d;

	memcpy(&d, &v, sizeof(d));
	return d;
}

static inline float as_f(uint64_t v)
{
	uint32_t w = (uint32_t)v;
	float f;

	memcpy(&f, &w, sizeof(f));
	return f;
}

static inline uint64_t of_d(double d)
{
	uint64_t v;

	memcpy(&v, &d, sizeof(v));
	return v;
}

static inline uint64_t of_f(float f)
{
	uint32_t w;

	memcpy(&w, &f, sizeof(w));
	return w;
}

static inline uint64_t sign_bit(unsigned type)
{
	return type == IR_F64 ? 1ull << 63 : 1ull << 31;
}

static inline uint64_t mag_bits(unsigned type, uint64_t v)
{
	return type == IR_F64 ? v & ~(1ull << 63) : v & 0x7fffffffu;
}

static inline uint64_t inf_bits(unsigned type)
{
	return type == IR_F64 ? 0x7ff0000000000000ull : 0x7f800000u;
}

static inline bool is_nan(unsigned type, uint64_t v)
{
	return mag_bits(type, v) > inf_bits(type);
}

static inline bool is_inf(unsigned type, uint64_t v)
{
	return mag_bits(type, v) == inf_bits(type);
}

static inline bool is_finite(unsigned type, uint64_t v)
{
	return mag_bits(type, v) < inf_bits(type);
}

static inline bool is_zero(unsigned type, uint64_t v)
{
	return mag_bits(type, v) == 0;
}

static inline bool is_qnan(unsigned type, uint64_t v)
{
	uint64_t quiet = type == IR_F64 ? 1ull << 51 : 1u << 22;

	return is_nan(type, v) && (v & quiet);
}

/* A finite value as (-1)^neg * m * 2^e, m an integer (0 for zeros). */
struct fpu_num {
	bool neg;
	uint64_t m;
	int e;
};

static struct fpu_num decode(unsigned type, uint64_t v)
{
	struct fpu_num n;

	if (type == IR_F64) {
		unsigned ex = (v >> 52) & 0x7ff;

		n.neg = v >> 63;
		n.m = v & ((1ull << 52) - 1);
		n.e = ex ? (int)ex - 1075 : -1074;
		if (ex)
			n.m |= 1ull << 52;
	} else {
		unsigned ex = (v >> 23) & 0xff;

		n.neg = (v >> 31) & 1;
		n.m = v & ((1u << 23) - 1);
		n.e = ex ? (int)ex - 150 : -149;
		if (ex)
			n.m |= 1u << 23;
	}
	return n;
}

/* ---- RMM: midpoint detection --------------------------------------- */

static inline int ctz128(u128 x)
{
	uint64_t lo = (uint64_t)x;

	return lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll((uint64_t)(x >> 64));
}

static inline int bitlen128(u128 x)
{
	uint64_t hi = (uint64_t)(x >> 64);

	return hi ? 128 - __builtin_clzll(hi) : 64 - __builtin_clzll((uint64_t)x);
}

/*
 * The exact result X = m * 2^e (m != 0) rounded under RNE; must RMM step one
 * unit away from zero?  Only if X is a midpoint of the format (an odd
 * multiple of half the quantum of X's binade, the quantum being fixed below
 * 2^emin) and the neighbour nearer zero is even, since that is what RNE
 * picked.  That neighbour's last bit is the bit of X at the quantum.
 */
static bool rmm_away_exact(unsigned type, u128 m, int e)
{
	int p = type == IR_F64 ? 53 : 24;
	int emin = type == IR_F64 ? -1022 : -126;
	int v, top, q;

	if (!m)
		return false;
	v = ctz128(m);
	top = e + bitlen128(m) - 1;
	q = (top > emin ? top : emin) - (p - 1);
	if (e + v != q - 1 || v + 1 >= 128)
		return false;
	return !((m >> (v + 1)) & 1);
}

/*
 * Same for X = (-1)^n1 m1 2^e1 + (-1)^n2 m2 2^e2, m1 and m2 below 2^106.
 * When the span from the lower term's lowest set bit to the higher term's top
 * bit exceeds 120 bits, the terms are apart: the lower one sets X's lowest
 * bit and cannot cancel more than one bit of the higher one, so X has more
 * than p + 1 significant bits and is no midpoint.  Otherwise X fits a signed
 * 128-bit integer.
 */
static bool rmm_away_sum(unsigned type, bool n1, u128 m1, int e1, bool n2,
			 u128 m2, int e2)
{
	int t1, t2, lo, hi, z;
	__int128 x;

	if (!m1 || !m2)
		return (m1 | m2) && rmm_away_exact(type, m1 | m2, m1 ? e1 : e2);
	z = ctz128(m1);
	m1 >>= z;
	e1 += z;
	z = ctz128(m2);
	m2 >>= z;
	e2 += z;
	t1 = e1 + bitlen128(m1) - 1;
	t2 = e2 + bitlen128(m2) - 1;
	lo = e1 < e2 ? e1 : e2;
	hi = t1 > t2 ? t1 : t2;
	if (hi - lo > 120)
		return false;
	x = (n1 ? -(__int128)(m1 << (e1 - lo)) : (__int128)(m1 << (e1 - lo))) +
	    (n2 ? -(__int128)(m2 << (e2 - lo)) : (__int128)(m2 << (e2 - lo)));
	if (!x)
		return false;
	return rmm_away_exact(type, x < 0 ? -(u128)x : (u128)x, lo);
}

/* X = a / b: a midpoint only if the quotient of the odd parts is exact. */
static bool rmm_away_div(unsigned type, struct fpu_num a, struct fpu_num b)
{
	int ta, tb;
	uint64_t oa, ob;

	if (!a.m || !b.m)
		return false;
	ta = __builtin_ctzll(a.m);
	tb = __builtin_ctzll(b.m);
	oa = a.m >> ta;
	ob = b.m >> tb;
	if (oa % ob)
		return false;
	return rmm_away_exact(type, oa / ob, a.e + ta - b.e - tb);
}

/* Apply the RMM correction to an RNE result r (an overflow stays inf). */
static inline uint64_t rmm_fix(unsigned type, uint64_t r, bool away)
{
	if (away && !is_inf(type, r) && !is_nan(type, r))
		r += 1;         /* one unit up in magnitude, sign unchanged */
	return r;
}

/* ---- arithmetic ------------------------------------------------------ */

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT };

#define SSE2(insn, x, y) asm volatile(insn " %1, %0" : "+x"(x) : "x"(y))

static inline __attribute__((always_inline)) uint64_t
hw_arith(int op, unsigned type, uint64_t a, uint64_t b)
{
	if (type == IR_F64) {
		double x = as_d(a), y = as_d(b);

		switch (op) {
		case OP_ADD: SSE2("addsd", x, y); break;
		case OP_SUB: SSE2("subsd", x, y); break;
		case OP_MUL: SSE2("mulsd", x, y); break;
		case OP_DIV: SSE2("divsd", x, y); break;
		default: SSE2("sqrtsd", x, x); break;
		}
		return of_d(x);
	} else {
		float x = as_f(a), y = as_f(b);

		switch (op) {
		case OP_ADD: SSE2("addss", x, y); break;
		case OP_SUB: SSE2("subss", x, y); break;
		case OP_MUL: SSE2("mulss", x, y); break;
		case OP_DIV: SSE2("divss", x, y); break;
		default: SSE2("sqrtss", x, x); break;
		}
		return of_f(x);
	}
}

static bool rmm_away_arith(int op, unsigned type, uint64_t a, uint64_t b)
{
	struct fpu_num x = decode(type, a), y = decode(type, b);

	if (!is_finite(type, a) || !is_finite(type, b))
		return false;   /* the result is special or exact */
	switch (op) {
	case OP_ADD:
		return rmm_away_sum(type, x.neg, x.m, x.e, y.neg, y.m, y.e);
	case OP_SUB:
		return rmm_away_sum(type, x.neg, x.m, x.e, !y.neg, y.m, y.e);
	case OP_MUL:
		return rmm_away_exact(type, (u128)x.m * y.m, x.e + y.e);
	case OP_DIV:
		return rmm_away_div(type, x, y);
	default:
		return false;   /* square roots are never midpoints */
	}
}

static inline __attribute__((always_inline)) uint64_t
arith(int op, unsigned type, unsigned rm, uint64_t a, uint64_t b)
{
	uint64_t r;
	uint32_t old;

	old = rc_enter(rm);
	r = hw_arith(op, type, a, b);
	rc_leave(old);
	if (unlikely(rm == IR_RM_RMM))
		r = rmm_fix(type, r, rmm_away_arith(op, type, a, b));
	return r;
}

uint64_t fpu_add(unsigned type, unsigned rm, uint64_t a, uint64_t b)
{
	return arith(OP_ADD, type, rm, a, b);
}

uint64_t fpu_sub(unsigned type, unsigned rm, uint64_t a, uint64_t b)
{
	return arith(OP_SUB, type, rm, a, b);
}

uint64_t fpu_mul(unsigned type, unsigned rm, uint64_t a, uint64_t b)
{
	return arith(OP_MUL, type, rm, a, b);
}

uint64_t fpu_div(unsigned type, unsigned rm, uint64_t a, uint64_t b)
{
	return arith(OP_DIV, type, rm, a, b);
}

uint64_t fpu_sqrt(unsigned type, unsigned rm, uint64_t a)
{
	return arith(OP_SQRT, type, rm, a, a);
}

/* ---- fused multiply-add -------------------------------------------------- */

/*
 * FPU_NO_HOST_FMA builds the fallback for hosts without FMA3 (used to test
 * it): glibc's fma()/fmaf(), correctly rounded in the MXCSR's mode with IEEE
 * flags.  Its operands and result pass through empty asm volatiles so that
 * GCC, which treats fma() as a const function, cannot move the call out of
 * the rounding-mode bracket.
 */
static inline bool host_has_fma(void)
{
#ifdef FPU_NO_HOST_FMA
	return false;
#else
	/* glibc's answer (it probed the CPU at start; each cpuid instruction
	 * costs microseconds in a VM): FMA usable, the OS saving AVX state */
	return CPU_FEATURE_ACTIVE(FMA);
#endif
}

#define FMA3(insn, sfx, x, y, z) \
	asm volatile(insn sfx " %2, %1, %0" : "+x"(z) : "x"(x), "x"(y))

/* d = +-(a*b) +- c, once rounded; the 231 forms: z = x*y + z */
#define FMA_VARIANTS(sfx, x, y, z, neg)                                     \
	do {                                                                \
		switch (neg) {                                              \
		case 0: FMA3("vfmadd231", sfx, x, y, z); break;             \
		case IR_FMA_NEG_ADD: FMA3("vfmsub231", sfx, x, y, z); break; \
		case IR_FMA_NEG_PROD: FMA3("vfnmadd231", sfx, x, y, z); break; \
		default: FMA3("vfnmsub231", sfx, x, y, z); break;           \
		}                                                           \
	} while (0)

static uint64_t fma_host(unsigned type, unsigned neg, uint64_t a, uint64_t b,
			 uint64_t c)
{
	if (type == IR_F64) {
		double x = as_d(a), y = as_d(b), z = as_d(c);

		FMA_VARIANTS("sd", x, y, z, neg);
		return of_d(z);
	} else {
		float x = as_f(a), y = as_f(b), z = as_f(c);

		FMA_VARIANTS("ss", x, y, z, neg);
		return of_f(z);
	}
}

/* Negating by the sign bit flips a NaN operand's sign too, unlike the FMA3
 * forms; NaN results are the host's either way. */
static uint64_t fma_libm(unsigned type, unsigned neg, uint64_t a, uint64_t b,
			 uint64_t c)
{
	if (neg & IR_FMA_NEG_PROD)
		a ^= sign_bit(type);
	if (neg & IR_FMA_NEG_ADD)
		c ^= sign_bit(type);
	if (type == IR_F64) {
		double x = as_d(a), y = as_d(b), z = as_d(c), r;

		asm volatile("" : "+x"(x), "+x"(y), "+x"(z));
		r = fma(x, y, z);
		asm volatile("" : "+x"(r));
		return of_d(r);
	} else {
		float x = as_f(a), y = as_f(b), z = as_f(c), r;

		asm volatile("" : "+x"(x), "+x"(y), "+x"(z));
		r = fmaf(x, y, z);
		asm volatile("" : "+x"(r));
		return of_f(r);
	}
}

static inline uint64_t fma_any(unsigned type, unsigned neg, uint64_t a,
			       uint64_t b, uint64_t c)
{
	return host_has_fma() ? fma_host(type, neg, a, b, c)
			      : fma_libm(type, neg, a, b, c);
}

static bool rmm_away_fma(unsigned type, unsigned neg, uint64_t a, uint64_t b,
			 uint64_t c)
{
	struct fpu_num x = decode(type, a), y = decode(type, b), z = decode(type, c);
	bool np = x.neg ^ y.neg ^ !!(neg & IR_FMA_NEG_PROD);

	if (!is_finite(type, a) || !is_finite(type, b) || !is_finite(type, c))
		return false;

	return rmm_away_sum(type, np, (u128)x.m * y.m, x.e + y.e,
			    z.neg ^ !!(neg & IR_FMA_NEG_ADD), z.m, z.e);
}

/*
 * 0 * inf + qNaN: IEEE 754 leaves the invalid flag to the implementation.
 * RISC-V requires NV and AArch64's FPMulAdd raises Invalid, but x86's FMA
 * instructions return the qNaN silently, so the flag is raised here.  (The
 * result stays the host's: the addend's NaN.)
 */
uint64_t fpu_fma(unsigned type, unsigned rm, unsigned fma_flags, uint64_t a,
		 uint64_t b, uint64_t c)
{
	unsigned neg = fma_flags & (IR_FMA_NEG_PROD | IR_FMA_NEG_ADD);
	uint64_t r;
	uint32_t old;

	if (unlikely(is_qnan(type, c)) &&
	    ((is_zero(type, a) && is_inf(type, b)) ||
	     (is_inf(type, a) && is_zero(type, b))))
		fpu_raise(FPU_IE);
	old = rc_enter(rm);
	r = fma_any(type, neg, a, b, c);
	rc_leave(old);
	if (unlikely(rm == IR_RM_RMM))
		r = rmm_fix(type, r, rmm_away_fma(type, neg, a, b, c));
	return r;
}

/* ---- compare ----------------------------------------------------------- */

/* comis* raises IE for any NaN, ucomis* for sNaN only; both report
 * unordered as ZF = PF = CF = 1. */
uint64_t fpu_cmp(unsigned type, unsigned cmp, bool signaling, uint64_t a, uint64_t b)
{
	bool below, equal, unordered;

#define FCOMI(insn, x, y)                                                     \
	asm volatile(insn " %[y], %[x]"                                       \
		     : "=@ccb"(below), "=@ccz"(equal), "=@ccp"(unordered)     \
		     : [x] "x"(x), [y] "x"(y))
	if (type == IR_F64) {
		double x = as_d(a), y = as_d(b);

		if (signaling)
			FCOMI("comisd", x, y);
		else
			FCOMI("ucomisd", x, y);
	} else {
		float x = as_f(a), y = as_f(b);

		if (signaling)
			FCOMI("comiss", x, y);
		else
			FCOMI("ucomiss", x, y);
	}
#undef FCOMI
	if (unordered)
		return 0;
	switch (cmp) {
	case IR_FCMP_EQ:
		return equal;
	case IR_FCMP_LT:
		return below;
	default:
		return below || equal;
	}
}

/* ---- conversions --------------------------------------------------------- */

/*
 * float -> integer.  The value is m * 2^e; the integer part and the
 * discarded fraction (compared with one half) decide the rounding, then the
 * rounded magnitude is checked against the kind's range.  Values in (-1, 0)
 * that round to 0 are in range even for unsigned kinds.
 */
uint64_t fpu_f2i(unsigned type, unsigned rm, unsigned cvt, uint64_t a)
{
	static const uint64_t max[4] = {
		[IR_CVT_I32] = 0x7fffffff, [IR_CVT_U32] = 0xffffffff,
		[IR_CVT_I64] = INT64_MAX, [IR_CVT_U64] = UINT64_MAX,
	};
	static const uint64_t min[4] = {        /* as 64-bit patterns */
		[IR_CVT_I32] = 0xffffffff80000000ull, [IR_CVT_U32] = 0,
		[IR_CVT_I64] = 1ull << 63, [IR_CVT_U64] = 0,
	};
	static const u128 neg_limit[4] = {      /* largest negated magnitude */
		[IR_CVT_I32] = 1ull << 31, [IR_CVT_U32] = 0,
		[IR_CVT_I64] = 1ull << 63, [IR_CVT_U64] = 0,
	};
	unsigned kind = cvt & IR_CVT_KIND;
	struct fpu_num n;
	u128 mag, rem = 0, half = 1;
	bool inexact, up;

	if (is_nan(type, a)) {
		fpu_raise(FPU_IE);
		return (cvt & IR_CVT_NAN_ZERO) ? 0 : max[kind];
	}
	n = decode(type, a);
	if (is_inf(type, a))
		goto invalid;
	if (n.e >= 0) {
		if (n.e > 64)
			goto invalid;
		mag = (u128)n.m << n.e;         /* below 2^118 */
	} else if (-n.e <= 120) {
		mag = (u128)n.m >> -n.e;
		rem = n.m & (((u128)1 << -n.e) - 1);
		half = (u128)1 << (-n.e - 1);
	} else {                                /* far below one half */
		mag = 0;
		rem = n.m;
		half = (u128)n.m + 1;
	}
	inexact = rem != 0;
	switch (rm) {
	case IR_RM_RTZ: up = false; break;
	case IR_RM_RDN: up = inexact && n.neg; break;
	case IR_RM_RUP: up = inexact && !n.neg; break;
	case IR_RM_RMM: up = inexact && rem >= half; break;
	default: up = rem > half || (inexact && rem == half && (mag & 1)); break;
	}
	mag += up;
	if (n.neg ? mag > neg_limit[kind] : mag > max[kind])
		goto invalid;
	if (inexact)
		fpu_raise(FPU_PE);
	return n.neg ? -(uint64_t)mag : (uint64_t)mag;
invalid:
	fpu_raise(FPU_IE);
	return n.neg ? min[kind] : max[kind];
}

/* cvtsi2s[sd] from a signed 64-bit source, under the current rounding. */
static inline uint64_t hw_i2f(unsigned type, int64_t v)
{
	if (type == IR_F64) {
		double d;

		asm volatile("xorpd %0, %0\n\tcvtsi2sdq %1, %0" : "=&x"(d) : "r"(v));
		return of_d(d);
	} else {
		float f;

		asm volatile("xorps %0, %0\n\tcvtsi2ssq %1, %0" : "=&x"(f) : "r"(v));
		return of_f(f);
	}
}

/*
 * Every source kind becomes a signed 64-bit conversion.  A u64 with the top
 * bit set is halved first, its lost bit ORed into bit 0 (round to odd): 63
 * bits still hold the p + 2 a single correct rounding needs in any mode,
 * and doubling the result back is exact.
 */
static inline uint64_t i2f_any(unsigned type, unsigned kind, uint64_t a)
{
	uint64_t r;

	switch (kind) {
	case IR_CVT_I32:
		return hw_i2f(type, (int32_t)a);
	case IR_CVT_U32:
		return hw_i2f(type, (uint32_t)a);
	case IR_CVT_I64:
		return hw_i2f(type, (int64_t)a);
	default:
		if ((int64_t)a >= 0)
			return hw_i2f(type, (int64_t)a);
		r = hw_i2f(type, (int64_t)((a >> 1) | (a & 1)));
		return r + (type == IR_F64 ? 1ull << 52 : 1u << 23);
	}
}

static uint64_t int_magnitude(unsigned kind, uint64_t a)
{
	switch (kind) {
	case IR_CVT_I32:
		a = (uint64_t)(int64_t)(int32_t)a;
		break;
	case IR_CVT_U32:
		return (uint32_t)a;
	case IR_CVT_U64:
		return a;
	}
	return (int64_t)a < 0 ? -a : a;
}

uint64_t fpu_i2f(unsigned type, unsigned rm, unsigned cvt, uint64_t a)
{
	unsigned kind = cvt & IR_CVT_KIND;
	uint64_t r;
	uint32_t old;

	old = rc_enter(rm);
	r = i2f_any(type, kind, a);
	rc_leave(old);
	if (unlikely(rm == IR_RM_RMM))
		r = rmm_fix(type, r, rmm_away_exact(type, int_magnitude(kind, a), 0));
	return r;
}

static inline uint64_t hw_f2f(unsigned type, uint64_t a)
{
	if (type == IR_F32) {
		double x = as_d(a);
		float f;

		asm volatile("xorps %0, %0\n\tcvtsd2ss %1, %0" : "=&x"(f) : "x"(x));
		return of_f(f);
	} else {
		float x = as_f(a);
		double d;

		asm volatile("xorpd %0, %0\n\tcvtss2sd %1, %0" : "=&x"(d) : "x"(x));
		return of_d(d);
	}
}

uint64_t fpu_f2f(unsigned type, unsigned rm, uint64_t a)
{
	struct fpu_num n;
	uint64_t r;
	uint32_t old;

	if (type == IR_F64)             /* widening is exact in every mode */
		return hw_f2f(type, a);
	old = rc_enter(rm);
	r = hw_f2f(type, a);
	rc_leave(old);
	if (unlikely(rm == IR_RM_RMM) && is_finite(IR_F64, a)) {
		n = decode(IR_F64, a);
		r = rmm_fix(type, r, rmm_away_exact(type, n.m, n.e));
	}
	return r;
}
