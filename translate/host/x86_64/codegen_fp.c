/*
 * codegen_fp.c - IR floating-point ops on SSE/FMA3.
 *
 * F32 values live in the low 32 bits of an xmm register, F64 in the low 64.
 * While a block runs, MXCSR's rounding field is the block's rm_default
 * (RNE when that is RMM, which SSE lacks) with every exception masked, so
 * exception flags accrue in MXCSR exactly as the guest wants them.  An op
 * with another static rounding mode flips the rounding field around that
 * one instruction (the field's current value is known, so an xor of the
 * saved MXCSR does it without a scratch register).  What SSE cannot do
 * exactly is delegated to the fpu_* functions (fpu.h): RMM, FMA without
 * FMA3, out-of-range or unsigned conversions (on a cold path when the fast
 * path's result shows it is needed).
 */
#include <string.h>

#include "x86.h"
#include "fpu.h"

#define A(k) (g->in->args[k])

static bool dbl(const struct xgen *g)
{
	return g->in->type == IR_F64;
}

/*
 * AVX comes with FMA3 (and the check that the OS saves its state): its
 * three-operand forms save the copy of the first operand, and do not merge
 * into the destination's old value.  VEX.128 clears the upper halves of
 * the ymm registers, so mixing with legacy SSE costs no transition.
 */
static bool avx(const struct xgen *g)
{
	return g->feat & XF_FMA;
}

/* v<op>s[sd] d, a, b: d = a op b, d's bits 64-127 (32-127) from a */
static void vex_sse(struct xgen *g, unsigned op, bool d, int rd, int ra, int rb)
{
	x_vex_rr(g->b, (d ? XO_F2 : XO_F3) | XO_0F | op, rd, ra, rb);
}

static unsigned rc_bits(unsigned rm)
{
	switch (rm) {
	case IR_RM_RTZ: return 0x6000;
	case IR_RM_RDN: return 0x2000;
	case IR_RM_RUP: return 0x4000;
	default: return 0;
	}
}

/* flip MXCSR's rounding field between rm_default and rm (call twice) */
static void rm_flip(struct xgen *g, unsigned rm)
{
	unsigned x = rc_bits(rm) ^ rc_bits(g->ir->rm_default);
	if (!x)
		return;
	struct xmem m = xm(X_RSP, X_OFF_MXCSR);
	x_stmxcsr(g->b, &m);
	x_alu_mi(g->b, X_XOR, 4, &m, (int32_t)x);
	x_ldmxcsr(g->b, &m);
}

static struct xarg aimm(uint64_t v)
{
	return (struct xarg){ .kind = XA_IMM, .imm = v };
}

static struct xarg areg(int r)
{
	return (struct xarg){ .kind = XA_REG, .reg = (int8_t)r };
}

static void sse_lit(struct xgen *g, unsigned op, bool d, int r, uint64_t v)
{
	unsigned idx;
	struct xmem m = x_lit(g, v, 0, &idx);
	x_sse_rm(g->b, op, d, r, &m);
	x_lit_fix(g, idx);
}

static void logps_lit(struct xgen *g, unsigned op, int r, uint64_t v)
{
	unsigned idx;
	struct xmem m = x_lit(g, v, 0, &idx);
	x_logps_rm(g->b, op, r, &m);
	x_lit_fix(g, idx);
}

static void cg_fbin(struct xgen *g)
{
	static const uint8_t sse[] = {
		[IR_FADD] = X_SSE_ADD, [IR_FSUB] = X_SSE_SUB,
		[IR_FMUL] = X_SSE_MUL, [IR_FDIV] = X_SSE_DIV,
	};
	static const void *const slow[] = {
		[IR_FADD] = (const void *)fpu_add, [IR_FSUB] = (const void *)fpu_sub,
		[IR_FMUL] = (const void *)fpu_mul, [IR_FDIV] = (const void *)fpu_div,
	};
	unsigned op = g->in->op, rm = g->in->aux;
	bool d = dbl(g);
	int ra = ra_use(g, A(1), XR_XMM);
	int rc = ra_use(g, A(2), XR_XMM);
	int rd;

	ra_release_dead(g);
	if (rm == IR_RM_RMM) {
		rd = ra_out(g, A(0), XR_XMM, -1);
		struct xarg args[4] = { aimm(g->in->type), aimm(rm), areg(ra), areg(rc) };
		x_pcall(g, slow[op], args, 4, rd);
	} else if (avx(g)) {
		/* three operands: no copy of ra.  Operands stay in order even
		 * for add/mul: with two NaNs, SSE returns the first one */
		rd = ra_out(g, A(0), XR_XMM, -1);
		rm_flip(g, rm);
		vex_sse(g, sse[op], d, rd, ra, rc);
		rm_flip(g, rm);
	} else {
		/* operands stay in order even for add/mul: with two NaNs, SSE
		 * returns the first one */
		if (ra_clob(g, ra)) {
			rd = ra_out(g, A(0), XR_XMM, ra);
		} else {
			rd = ra_out(g, A(0), XR_XMM, -1);
			x_movaps(g->b, rd, ra);
		}
		rm_flip(g, rm);
		x_sse_rr(g->b, sse[op], d, rd, rc);
		rm_flip(g, rm);
	}
	ra_def(g, A(0), rd);
	g->t[A(0)].from_arith = 1;
}

static void cg_fsqrt(struct xgen *g)
{
	unsigned rm = g->in->aux;
	int ra = ra_use(g, A(1), XR_XMM);
	ra_release_dead(g);
	int rd = ra_out(g, A(0), XR_XMM, ra_clob(g, ra) ? ra : -1);
	if (rm == IR_RM_RMM) {
		struct xarg args[3] = { aimm(g->in->type), aimm(rm), areg(ra) };
		x_pcall(g, (const void *)fpu_sqrt, args, 3, rd);
	} else {
		rm_flip(g, rm);
		/* the VEX form does not merge into rd: no false dependency */
		if (avx(g))
			vex_sse(g, X_SSE_SQRT, dbl(g), rd, ra, ra);
		else
			x_sse_rr(g->b, X_SSE_SQRT, dbl(g), rd, ra);
		rm_flip(g, rm);
	}
	ra_def(g, A(0), rd);
	g->t[A(0)].from_arith = 1;
}

static void cg_fma(struct xgen *g)
{
	unsigned rm = g->in->aux, fl = g->in->aux2;
	bool np = fl & IR_FMA_NEG_PROD, na = fl & IR_FMA_NEG_ADD;
	int ra = ra_use(g, A(1), XR_XMM);
	int rb = ra_use(g, A(2), XR_XMM);
	int rc = ra_use(g, A(3), XR_XMM);
	int rd;

	ra_release_dead(g);
	if (rm == IR_RM_RMM || !(g->feat & XF_FMA)) {
		rd = ra_out(g, A(0), XR_XMM, -1);
		struct xarg args[6] = { aimm(g->in->type), aimm(rm), aimm(fl), areg(ra),
					areg(rb), areg(rc) };
		x_pcall(g, (const void *)fpu_fma, args, 6, rd);
	} else {
		/* always the 231 form, d = a*b + d with d = c: its NaN priority
		 * (c, a, b) is fpu_fma's, and a and b survive for the fix-up */
		if (ra_clob(g, rc) && rc != ra && rc != rb) {
			rd = ra_out(g, A(0), XR_XMM, rc);
		} else {
			rd = ra_out(g, A(0), XR_XMM, -1);
			x_movaps(g->b, rd, rc);
		}
		rm_flip(g, rm);
		x_vfma(g->b, 231, dbl(g), np, na, rd, ra, rb);
		rm_flip(g, rm);
		/* 0 * inf + qNaN: x86 raises nothing, IEEE wants invalid */
		x_ucomis(g->b, dbl(g), false, rd, rd);
		x_cold_begin(g, X_CC_P);
		struct xarg args[3] = { aimm(g->in->type), areg(ra), areg(rb) };
		x_pcall(g, (const void *)x86_fma_nan_fix, args, 3, -1);
		(void)x_cold_end(g, true);
	}
	ra_def(g, A(0), rd);
	g->t[A(0)].from_arith = 1;
}

/* FNEG, FABS, NANBOX: one packed logic op with a mask */
static void cg_fmask(struct xgen *g)
{
	unsigned op = g->in->op;
	bool d = dbl(g);
	uint64_t v;
	uint8_t arith = g->t[A(1)].from_arith;

	if (ra_const(g, A(1), &v)) {
		uint64_t sign = d ? 1ull << 63 : 1ull << 31;
		if (op == IR_NANBOX)
			v = 0xffffffff00000000ull | (uint32_t)v;
		else
			v = op == IR_FNEG ? v ^ sign : v & ~sign;
		ra_release_dead(g);
		ra_def_const(g, A(0), v);
		return;
	}
	int ra = ra_use(g, A(1), XR_XMM);
	ra_release_dead(g);
	int rd = ra_out(g, A(0), XR_XMM, ra_clob(g, ra) ? ra : -1);
	if (rd != ra)
		x_movaps(g->b, rd, ra);
	if (op == IR_NANBOX)
		logps_lit(g, X_ORPS, rd, 0xffffffff00000000ull);
	else if (op == IR_FNEG)
		logps_lit(g, X_XORPS, rd, d ? 1ull << 63 : 1ull << 31);
	else
		logps_lit(g, X_ANDPS, rd, d ? ~(1ull << 63) : 0x7fffffffull);
	ra_def(g, A(0), rd);
	g->t[A(0)].from_arith = arith;
}

/*
 * The NaN case goes to cold code: a result is almost never a NaN, and the
 * fall-through keeps the hot path free of taken branches (tight FP loops
 * are bound by them otherwise).
 */
static void cg_fcanon(struct xgen *g)
{
	bool d = dbl(g);
	uint64_t imm = (uint64_t)g->in->imm;
	uint8_t arith = g->t[A(1)].from_arith;
	int ra = ra_use(g, A(1), XR_XMM);
	/* an SSE result is never a signalling NaN, so ucomis raises nothing;
	 * anything else is tested on its bits */
	int s = arith ? -1 : ra_alloc(g, XR_INT);
	ra_release_dead(g);
	int rd = ra_out(g, A(0), XR_XMM, ra_clob(g, ra) ? ra : -1);
	if (rd != ra)
		x_movaps(g->b, rd, ra);
	if (arith) {
		x_ucomis(g->b, d, false, rd, rd);
		x_cold_begin(g, X_CC_P);
	} else {
		x_movq_from_xmm(g->b, d, s, rd);
		x_alu_rr(g->b, X_ADD, d, s, s);
		if (d) {
			unsigned idx;
			struct xmem m = x_lit(g, 0xffe0000000000000ull, 0, &idx);
			x_alu_rm(g->b, X_CMP, true, s, &m);
			x_lit_fix(g, idx);
		} else {
			x_alu_ri(g->b, X_CMP, false, s, (int32_t)0xff000000u);
		}
		x_cold_begin(g, X_CC_A);
	}
	sse_lit(g, X_SSE_MOV_LD, d, rd, d ? imm : (uint32_t)imm);
	(void)x_cold_end(g, true);
	ra_def(g, A(0), rd);
	g->t[A(0)].from_arith = arith;
}

static void cg_fcmp(struct xgen *g)
{
	bool d = dbl(g), sig = g->in->aux2 & IR_FCMP_SIGNALING;
	int ra = ra_use(g, A(1), XR_XMM);
	int rb = ra_use(g, A(2), XR_XMM);
	ra_release_dead(g);
	int rd = ra_out(g, A(0), XR_INT, -1);
	x_zero(g->b, rd);
	switch (g->in->aux) {
	case IR_FCMP_EQ: {
		x_ucomis(g->b, d, sig, ra, rb);
		size_t un = x_jcc8(g->b, X_CC_P);
		x_setcc(g->b, X_CC_E, rd);
		x_patch8(g->b, un);
		break;
	}
	case IR_FCMP_LT:
		/* a < b is b > a: "above" is false when unordered */
		x_ucomis(g->b, d, sig, rb, ra);
		x_setcc(g->b, X_CC_A, rd);
		break;
	default:
		x_ucomis(g->b, d, sig, rb, ra);
		x_setcc(g->b, X_CC_AE, rd);
		break;
	}
	ra_def(g, A(0), rd);
}

/* ucomis x with an F32/F64 constant */
static void ucomis_lit(struct xgen *g, bool d, int x, double v)
{
	uint64_t bits;
	if (d) {
		memcpy(&bits, &v, 8);
	} else {
		float f = (float)v;
		uint32_t b32;
		memcpy(&b32, &f, 4);
		bits = b32;
	}
	unsigned idx;
	struct xmem m = x_lit(g, bits, 0, &idx);
	x_ucomis_m(g->b, d, false, x, &m);
	x_lit_fix(g, idx);
}

static void cg_f2i(struct xgen *g)
{
	unsigned rm = g->in->aux, cvt = g->in->aux2, kind = cvt & IR_CVT_KIND;
	bool d = dbl(g), w = kind >= IR_CVT_I64 || kind == IR_CVT_U32;
	ir_temp dst = A(0);
	int ra = ra_use(g, A(1), XR_XMM);
	ra_release_dead(g);
	int rd = ra_out(g, dst, XR_INT, -1);
	struct xarg args[4] = { aimm(g->in->type), aimm(rm), aimm(cvt), areg(ra) };

	if (rm == IR_RM_RMM) {
		x_pcall(g, (const void *)fpu_f2i, args, 4, rd);
	} else if (kind & 1) {
		/*
		 * Unsigned: convert with the signed 64-bit instruction only when
		 * the value is known to round into range, so that its flags are
		 * exact; NaNs and everything else go to fpu_f2i.  The result is
		 * at least 0 for x above -1 (RTZ, RUP), -0.5 (RNE) or -0 (RDN).
		 */
		static const double low[] = {
			[IR_RM_RNE] = -0.5, [IR_RM_RTZ] = -1.0, [IR_RM_RDN] = 0.0,
			[IR_RM_RUP] = -1.0,
		};
		ucomis_lit(g, d, ra, low[rm & 3]);
		x_cold_begin(g, rm == IR_RM_RTZ || rm == IR_RM_RUP ? X_CC_BE : X_CC_B);
		x_pcall(g, (const void *)fpu_f2i, args, 4, rd);
		unsigned back1 = x_cold_end(g, true);
		/* and at most 2^32 - 1 (2^64 - 1 needs the slow path above 2^63);
		 * only doubles lie between 2^32 - 1 and 2^32 */
		double high = kind == IR_CVT_U64 ? 9223372036854775808.0 : 4294967296.0;
		unsigned cc = X_CC_AE;
		if (kind == IR_CVT_U32 && d && rm == IR_RM_RNE)
			high = 4294967295.5;
		if (kind == IR_CVT_U32 && d && rm == IR_RM_RUP) {
			high = 4294967295.0;
			cc = X_CC_A;
		}
		ucomis_lit(g, d, ra, high);
		x_cold_begin(g, cc);
		x_pcall(g, (const void *)fpu_f2i, args, 4, rd);
		unsigned back2 = x_cold_end(g, true);
		if (rm != IR_RM_RTZ)
			rm_flip(g, rm);
		x_cvt2si(g->b, d, rm == IR_RM_RTZ, true, rd, ra);
		if (rm != IR_RM_RTZ)
			rm_flip(g, rm);
		g->fix[back1].target = g->fix[back2].target = g->main.pos;
	} else {
		if (rm != IR_RM_RTZ)
			rm_flip(g, rm);
		x_cvt2si(g->b, d, rm == IR_RM_RTZ, w, rd, ra);
		if (rm != IR_RM_RTZ)
			rm_flip(g, rm);
		/* out of range or NaN gives the "integer indefinite" INT_MIN,
		 * the only value for which rd - 1 overflows */
		x_alu_ri(g->b, X_CMP, w, rd, 1);
		x_cold_begin(g, X_CC_O);
		x_pcall(g, (const void *)fpu_f2i, args, 4, rd);
		(void)x_cold_end(g, true);
	}
	if (kind == IR_CVT_I32 && g->t[dst].type == IR_I64)
		x_movsx(g->b, 4, rd, rd);
	else if (g->t[dst].type == IR_I32)
		x_mov_rr(g->b, false, rd, rd);
	ra_def(g, dst, rd);
}

static void cg_i2f(struct xgen *g)
{
	unsigned rm = g->in->aux, kind = g->in->aux2 & IR_CVT_KIND;
	bool d = dbl(g);
	ir_temp a = A(1);
	int ra = ra_use(g, a, XR_INT);
	int s = kind == IR_CVT_U32 && g->t[a].type != IR_I32 ? ra_alloc(g, XR_INT) : -1;
	ra_release_dead(g);
	int rd = ra_out(g, A(0), XR_XMM, -1);
	struct xarg args[4] = { aimm(g->in->type), aimm(rm), aimm(g->in->aux2), areg(ra) };

	if (rm == IR_RM_RMM) {
		x_pcall(g, (const void *)fpu_i2f, args, 4, rd);
	} else {
		/* 32-bit integers -> double are exact; everything else may round */
		bool exact = (kind == IR_CVT_I32 || kind == IR_CVT_U32) && d;
		if (kind == IR_CVT_U64) {
			/* values with the top bit set go the slow way */
			x_test_rr(g->b, true, ra, ra);
			x_cold_begin(g, X_CC_S);
			x_pcall(g, (const void *)fpu_i2f, args, 4, rd);
			unsigned back = x_cold_end(g, true);
			x_logps_rr(g->b, X_XORPS, rd, rd);
			rm_flip(g, rm);
			x_cvtsi2s(g->b, d, true, rd, ra);
			rm_flip(g, rm);
			g->fix[back].target = g->main.pos;
		} else {
			int src = ra;
			bool w = kind != IR_CVT_I32;
			if (s >= 0) {
				x_mov_rr(g->b, false, s, ra);
				src = s;
			}
			x_logps_rr(g->b, X_XORPS, rd, rd);
			if (!exact)
				rm_flip(g, rm);
			x_cvtsi2s(g->b, d, w, rd, src);
			if (!exact)
				rm_flip(g, rm);
		}
	}
	ra_def(g, A(0), rd);
	g->t[A(0)].from_arith = 1;
}

static void cg_f2f(struct xgen *g)
{
	unsigned rm = g->in->aux;
	bool d = dbl(g);
	int ra = ra_use(g, A(1), XR_XMM);
	ra_release_dead(g);
	int rd = ra_out(g, A(0), XR_XMM, ra_clob(g, ra) ? ra : -1);
	if (!d && rm == IR_RM_RMM) {
		struct xarg args[3] = { aimm(g->in->type), aimm(rm), areg(ra) };
		x_pcall(g, (const void *)fpu_f2f, args, 3, rd);
	} else {
		/* widening is exact; cvtsd2ss rounds */
		if (!d)
			rm_flip(g, rm);
		if (avx(g))
			vex_sse(g, X_SSE_CVT, !d, rd, ra, ra);
		else
			x_sse_rr(g->b, X_SSE_CVT, !d, rd, ra);
		if (!d)
			rm_flip(g, rm);
	}
	ra_def(g, A(0), rd);
	g->t[A(0)].from_arith = 1;
}

static void cg_fmov(struct xgen *g)
{
	bool to_fp = g->in->op == IR_FMOV_I2F, w = dbl(g);
	uint64_t v;
	if (ra_const(g, A(1), &v)) {
		ra_release_dead(g);
		ra_def_const(g, A(0), w ? v : (uint32_t)v);
		return;
	}
	int ra = ra_use(g, A(1), to_fp ? XR_INT : XR_XMM);
	ra_release_dead(g);
	int rd = ra_out(g, A(0), to_fp ? XR_XMM : XR_INT, -1);
	if (to_fp)
		x_movq_to_xmm(g->b, w, rd, ra);
	else
		x_movq_from_xmm(g->b, w, rd, ra);
	ra_def(g, A(0), rd);
}

static void cg_nanunbox(struct xgen *g)
{
	uint64_t v, imm = (uint32_t)g->in->imm;
	if (ra_const(g, A(1), &v)) {
		ra_release_dead(g);
		ra_def_const(g, A(0), (v >> 32) == 0xffffffffu ? (uint32_t)v : imm);
		return;
	}
	int ra = ra_use(g, A(1), XR_XMM);
	int s = ra_alloc(g, XR_INT);
	ra_release_dead(g);
	int rd = ra_out(g, A(0), XR_XMM, ra_clob(g, ra) ? ra : -1);
	/* boxed iff the 64-bit pattern is >= 0xffffffff00000000; the
	 * improperly boxed case is cold */
	x_movq_from_xmm(g->b, true, s, ra);
	if (rd != ra)
		x_movaps(g->b, rd, ra);
	unsigned idx;
	struct xmem m = x_lit(g, 0xffffffff00000000ull, 0, &idx);
	x_alu_rm(g->b, X_CMP, true, s, &m);
	x_lit_fix(g, idx);
	x_cold_begin(g, X_CC_B);
	sse_lit(g, X_SSE_MOV_LD, false, rd, imm);
	(void)x_cold_end(g, true);
	/* not from_arith: the low half of a quiet F64 NaN may be a
	 * signalling F32 one */
	ra_def(g, A(0), rd);
}

void cg_fp(struct xgen *g)
{
	switch (g->in->op) {
	case IR_FADD: case IR_FSUB: case IR_FMUL: case IR_FDIV:
		cg_fbin(g);
		break;
	case IR_FSQRT:
		cg_fsqrt(g);
		break;
	case IR_FMA:
		cg_fma(g);
		break;
	case IR_FNEG: case IR_FABS: case IR_NANBOX:
		cg_fmask(g);
		break;
	case IR_FCANON:
		cg_fcanon(g);
		break;
	case IR_FCMP:
		cg_fcmp(g);
		break;
	case IR_FCVT_F2I:
		cg_f2i(g);
		break;
	case IR_FCVT_I2F:
		cg_i2f(g);
		break;
	case IR_FCVT_F2F:
		cg_f2f(g);
		break;
	case IR_FMOV_I2F: case IR_FMOV_F2I:
		cg_fmov(g);
		break;
	case IR_NANUNBOX:
		cg_nanunbox(g);
		break;
	default:
		warp_bug(__FILE__, __LINE__, "x86: op %s not supported", x_def(g)->name);
	}
}
