/*
 * trans_rvf.c - the F extension, and the FP code generators D shares.
 *
 * FP registers are F64 globals holding raw bits.  A single is read through
 * NANUNBOX (an improperly boxed value reads as the canonical NaN) and
 * written through NANBOX.  Every arithmetic result goes through FCANON:
 * RISC-V produces the canonical NaN where x86 would propagate a payload.
 * Sign injection, moves and fclass work on the bits and raise no flags.
 *
 * Rounding: a static rm is used as is; rm=7 takes frm from the block's
 * flags, so the rounding mode is always known at translation time.  rm
 * 5/6, or rm=7 while frm holds 5-7, is an illegal instruction: the
 * generators check it before emitting anything.
 */
#include <setjmp.h>
#include "rv.h"
#include "signals/fault.h"

/* A single is unboxed once per block and register (dc->fs_cache). */
ir_temp rv_fget(struct rv_dc *dc, int64_t r, enum ir_type type)
{
	ir_temp t;

	if (type == IR_F64)
		return rv_f64reg(dc, r);
	if (dc->fs_cache[r] != IR_NONE)
		return dc->fs_cache[r];
	t = ir_new(dc->ir, IR_F32);
	ir_op1(dc->ir, IR_NANUNBOX, IR_F32, t, rv_f64reg(dc, r))->imm = RV_QNAN_S;
	dc->fs_cache[r] = t;
	return t;
}

void rv_fset(struct rv_dc *dc, int64_t r, enum ir_type type, ir_temp t)
{
	if (type == IR_F64) {
		ir_mov(dc->ir, IR_F64, rv_fdst(dc, r), t);
	} else {
		ir_op1(dc->ir, IR_NANBOX, IR_F64, rv_fdst(dc, r), t);
		dc->fs_cache[r] = t;
	}
}

/* Canonicalise T (a fresh result) and write it to fd. */
static void set_canon(struct rv_dc *dc, int64_t rd, enum ir_type type, ir_temp t)
{
	if (type == IR_F64) {
		ir_op1(dc->ir, IR_FCANON, IR_F64, rv_fdst(dc, rd), t)->imm = RV_QNAN_D;
	} else {
		ir_temp c = ir_new(dc->ir, IR_F32);

		ir_op1(dc->ir, IR_FCANON, IR_F32, c, t)->imm = RV_QNAN_S;
		rv_fset(dc, rd, IR_F32, c);
	}
}

bool rv_gen_fload(struct rv_dc *dc, const struct rv_args_i *a, enum ir_type type)
{
	if (type == IR_F64) {
		ir_ld(dc->ir, IR_F64, rv_fdst(dc, a->rd), rv_x(dc, a->rs1), a->imm,
		      IR_MO_64);
	} else {
		ir_temp t = ir_new(dc->ir, IR_F32);

		ir_ld(dc->ir, IR_F32, t, rv_x(dc, a->rs1), a->imm, IR_MO_32);
		rv_fset(dc, a->rd, IR_F32, t);
	}
	return true;
}

/* A store moves the low bits out unchecked (no NaN-unboxing). */
bool rv_gen_fstore(struct rv_dc *dc, const struct rv_args_s *a, enum ir_type type)
{
	if (type == IR_F64) {
		ir_st(dc->ir, IR_F64, rv_f64reg(dc, a->rs2), rv_x(dc, a->rs1), a->imm,
		      IR_MO_64);
	} else {
		ir_temp bits = ir_new(dc->ir, IR_I64);

		ir_op1(dc->ir, IR_FMOV_F2I, IR_F64, bits, rv_f64reg(dc, a->rs2));
		ir_st(dc->ir, IR_I64, bits, rv_x(dc, a->rs1), a->imm, IR_MO_32);
	}
	return true;
}

bool rv_gen_farith(struct rv_dc *dc, const struct rv_args_fr *a,
		   enum ir_opcode op, enum ir_type type)
{
	unsigned rm;
	ir_temp t;

	if (!rv_rm(dc, a->rm, &rm))
		return false;
	t = ir_new(dc->ir, type);
	ir_op2(dc->ir, op, type, t, rv_fget(dc, a->rs1, type),
	       rv_fget(dc, a->rs2, type))->aux = rm;
	set_canon(dc, a->rd, type, t);
	return true;
}

bool rv_gen_fsqrt(struct rv_dc *dc, const struct rv_args_fr2 *a, enum ir_type type)
{
	unsigned rm;
	ir_temp t;

	if (!rv_rm(dc, a->rm, &rm))
		return false;
	t = ir_new(dc->ir, type);
	ir_op1(dc->ir, IR_FSQRT, type, t, rv_fget(dc, a->rs1, type))->aux = rm;
	set_canon(dc, a->rd, type, t);
	return true;
}

bool rv_gen_fma(struct rv_dc *dc, const struct rv_args_fr4 *a, unsigned neg,
		enum ir_type type)
{
	unsigned rm;
	ir_temp t;
	struct ir_insn *in;

	if (!rv_rm(dc, a->rm, &rm))
		return false;
	t = ir_new(dc->ir, type);
	in = ir_op3(dc->ir, IR_FMA, type, t, rv_fget(dc, a->rs1, type),
		    rv_fget(dc, a->rs2, type), rv_fget(dc, a->rs3, type));
	in->aux = rm;
	in->aux2 = neg;
	set_canon(dc, a->rd, type, t);
	return true;
}

/*
 * Sign injection on the raw bits.  With rs1 == rs2 these are the fmv,
 * fneg and fabs idioms: a plain move, FNEG or FABS.
 */
bool rv_gen_fsgnj(struct rv_dc *dc, const struct rv_args_r *a, int kind,
		  enum ir_type type)
{
	struct ir_block *ir = dc->ir;
	uint64_t sign = type == IR_F32 ? 0x80000000ull : 1ull << 63;
	ir_temp x, y, s, r;

	if (a->rs1 == a->rs2) {
		ir_temp s = rv_fget(dc, a->rs1, type), t = s;

		if (kind == 0 && type == IR_F64) {
			if (a->rd != a->rs1)
				rv_fset(dc, a->rd, type, s);
			return true;
		}
		if (kind) {
			t = ir_new(ir, type);
			ir_op1(ir, kind == 1 ? IR_FNEG : IR_FABS, type, t, s);
		}
		rv_fset(dc, a->rd, type, t);
		return true;
	}
	/* each temp is assigned once */
	x = ir_new(ir, IR_I64);
	y = ir_new(ir, IR_I64);
	ir_op1(ir, IR_FMOV_F2I, type, x, rv_fget(dc, a->rs1, type));
	ir_op1(ir, IR_FMOV_F2I, type, y, rv_fget(dc, a->rs2, type));
	if (kind == 1) {
		ir_temp n = ir_new(ir, IR_I64);

		ir_op1(ir, IR_NOT, IR_I64, n, y);
		y = n;
	}
	s = ir_new(ir, IR_I64);
	ir_op2(ir, IR_AND, IR_I64, s, y, rv_imm(dc, sign));
	r = ir_new(ir, IR_I64);
	if (kind == 2) {
		ir_op2(ir, IR_XOR, IR_I64, r, x, s);
	} else {
		ir_temp m = ir_new(ir, IR_I64);

		ir_op2(ir, IR_AND, IR_I64, m, x, rv_imm(dc, ~sign));
		ir_op2(ir, IR_OR, IR_I64, r, m, s);
	}
	if (type == IR_F32) {
		ir_temp b = ir_new(ir, IR_I64);

		ir_op2(ir, IR_OR, IR_I64, b, r, rv_imm(dc, RV_BOX_HI));
		r = b;
	}
	ir_op1(ir, IR_FMOV_I2F, IR_F64, rv_fdst(dc, a->rd), r);
	return true;
}

/* fmin/fmax: the helper gets the raw register bits and boxes its result. */
bool rv_gen_fminmax(struct rv_dc *dc, const struct rv_args_r *a, bool max,
		    enum ir_type type)
{
	struct ir_block *ir = dc->ir;
	ir_temp x = ir_new(ir, IR_I64), y = ir_new(ir, IR_I64);
	ir_temp r = ir_new(ir, IR_I64);

	ir_op1(ir, IR_FMOV_F2I, IR_F64, x, rv_f64reg(dc, a->rs1));
	ir_op1(ir, IR_FMOV_F2I, IR_F64, y, rv_f64reg(dc, a->rs2));
	ir_call(ir, &rv_helper_fminmax, r, x, y,
		rv_imm(dc, (int64_t)max | (type == IR_F64) << 1), IR_NONE);
	ir_op1(ir, IR_FMOV_I2F, IR_F64, rv_fdst(dc, a->rd), r);
	return true;
}

/*
 * Does the next instruction overwrite fflags whatever it held (csrrw or
 * csrrwi x0, fflags)?  Then this instruction's flags are never seen.  The
 * next instruction is read only when it lies on this one's page, which the
 * block was just fetched from (and is still read with a recovery point:
 * another thread may unmap it meanwhile).
 */
static bool next_writes_fflags(struct rv_dc *dc)
{
	gaddr_t p = dc->next_pc;
	sigjmp_buf env;
	sigjmp_buf *saved = sig_recover;
	uint32_t insn;

	if ((p & ~(gaddr_t)4095) != (dc->pc & ~(gaddr_t)4095) || (p & 4095) > 4092)
		return false;
	if (sigsetjmp(env, 0)) {
		sig_recover = saved;
		return false;
	}
	sig_recover = &env;
	insn = *(const volatile uint16_t *)g2h(dc->cpu, p);
	insn |= (uint32_t)*(const volatile uint16_t *)g2h(dc->cpu, p + 2) << 16;
	sig_recover = saved;
	/* csr 0x001, rd 0, SYSTEM; funct3 1 (csrrw) or 5 (csrrwi) */
	return (insn & 0xfff03fffu) == 0x00101073u;
}

/*
 * A compare that raises nothing, on the bit patterns: the result of
 * flt/fle/feq for ordered operands, 0 when either is a NaN.  Each operand
 * becomes a signed key (the magnitude, negated for negative values), so
 * that -0 and +0 both map to 0 and the keys order as the values do.
 */
static void gen_fcmp_bits(struct rv_dc *dc, ir_temp d, ir_temp a, ir_temp b,
			  unsigned cmp, enum ir_type type)
{
	static const uint8_t cond[] = {
		[IR_FCMP_EQ] = IR_EQ, [IR_FCMP_LT] = IR_LT, [IR_FCMP_LE] = IR_LE,
	};
	struct ir_block *ir = dc->ir;
	bool dbl = type == IR_F64;
	ir_temp mag = rv_imm(dc, dbl ? 0x7fffffffffffffffll : 0x7fffffff);
	ir_temp inf = rv_imm(dc, dbl ? 0x7ff0000000000000ll : 0x7f800000);
	ir_temp m[2], k[2], in[2] = { a, b }, c, r;

	for (int i = 0; i < 2; i++) {
		ir_temp x = ir_new(ir, IR_I64), s = ir_new(ir, IR_I64);
		ir_temp t = ir_new(ir, IR_I64);

		ir_op1(ir, IR_FMOV_F2I, type, x, in[i]);
		if (!dbl) {
			ir_temp w = ir_new(ir, IR_I64);

			ir_op1(ir, IR_EXT32S, IR_I64, w, x);
			x = w;
		}
		m[i] = ir_new(ir, IR_I64);
		k[i] = ir_new(ir, IR_I64);
		ir_op2(ir, IR_AND, IR_I64, m[i], x, mag);
		ir_op2(ir, IR_SAR, IR_I64, s, x, rv_imm(dc, 63));
		ir_op2(ir, IR_XOR, IR_I64, t, m[i], s);
		ir_op2(ir, IR_SUB, IR_I64, k[i], t, s);
	}
	c = ir_new(ir, IR_I64);
	r = ir_new(ir, IR_I64);
	ir_setcond(ir, IR_I64, cond[cmp], c, k[0], k[1]);
	ir_movcond(ir, IR_I64, IR_GTU, r, m[0], inf, rv_imm(dc, 0), c);
	ir_movcond(ir, IR_I64, IR_GTU, d, m[1], inf, rv_imm(dc, 0), r);
}

/*
 * GCC brackets the quiet compares of isless() and friends with
 * `frflags t; flt/fle; fsflags t`: when the next instruction overwrites
 * fflags, the compare's flags are never seen and it is done on the bits,
 * so that the sequence touches no flags at all (trans_zicsr.c then drops
 * the fsflags).  The one observer left is a signal handler run between the
 * two, which needs the block to end right after the compare (max_insns)
 * and the handler to read fflags.
 */
bool rv_gen_fcmp(struct rv_dc *dc, const struct rv_args_r *a, unsigned cmp,
		 bool signaling, enum ir_type type)
{
	struct ir_insn *in;
	ir_temp x = rv_fget(dc, a->rs1, type), y = rv_fget(dc, a->rs2, type);

	if (next_writes_fflags(dc)) {
		gen_fcmp_bits(dc, rv_dst(dc, a->rd), x, y, cmp, type);
		return true;
	}
	in = ir_op2(dc->ir, IR_FCMP, type, rv_dst(dc, a->rd), x, y);
	in->aux = cmp;
	in->aux2 = signaling ? IR_FCMP_SIGNALING : 0;
	return true;
}

bool rv_gen_fclass(struct rv_dc *dc, const struct rv_args_r2 *a, enum ir_type type)
{
	ir_temp x, r;

	if (!a->rd)
		return true;
	x = ir_new(dc->ir, IR_I64);
	r = ir_new(dc->ir, IR_I64);
	ir_op1(dc->ir, IR_FMOV_F2I, IR_F64, x, rv_f64reg(dc, a->rs1));
	/* into a local first: a pure call's only output is never a global */
	ir_call(dc->ir, &rv_helper_fclass, r, x, rv_imm(dc, type == IR_F64),
		IR_NONE, IR_NONE);
	rv_set_x(dc, a->rd, r);
	return true;
}

/* float -> integer; 32-bit results are sign-extended (also for wu). */
bool rv_gen_f2i(struct rv_dc *dc, const struct rv_args_fr2 *a, unsigned cvt,
		enum ir_type type)
{
	unsigned rm;
	ir_temp t;
	struct ir_insn *in;

	if (!rv_rm(dc, a->rm, &rm))
		return false;
	t = cvt == IR_CVT_U32 || !a->rd ? ir_new(dc->ir, IR_I64) : rv_dst(dc, a->rd);
	in = ir_op1(dc->ir, IR_FCVT_F2I, type, t, rv_fget(dc, a->rs1, type));
	in->aux = rm;
	in->aux2 = cvt | IR_CVT_NAN_MAX;
	if (cvt == IR_CVT_U32 && a->rd)
		ir_op1(dc->ir, IR_EXT32S, IR_I64, rv_dst(dc, a->rd), t);
	return true;
}

bool rv_gen_i2f(struct rv_dc *dc, const struct rv_args_fr2 *a, unsigned cvt,
		enum ir_type type)
{
	unsigned rm;
	ir_temp t;
	struct ir_insn *in;

	if (!rv_rm(dc, a->rm, &rm))
		return false;
	t = ir_new(dc->ir, type);
	in = ir_op1(dc->ir, IR_FCVT_I2F, type, t, rv_x(dc, a->rs1));
	in->aux = rm;
	in->aux2 = cvt;
	rv_fset(dc, a->rd, type, t);
	return true;
}

#define S IR_F32

TRANS(flw, i, rv_gen_fload(dc, a, S))
TRANS(fsw, s, rv_gen_fstore(dc, a, S))
TRANS(fmadd_s, fr4, rv_gen_fma(dc, a, 0, S))
TRANS(fmsub_s, fr4, rv_gen_fma(dc, a, IR_FMA_NEG_ADD, S))
TRANS(fnmsub_s, fr4, rv_gen_fma(dc, a, IR_FMA_NEG_PROD, S))
TRANS(fnmadd_s, fr4, rv_gen_fma(dc, a, IR_FMA_NEG_PROD | IR_FMA_NEG_ADD, S))
TRANS(fadd_s, fr, rv_gen_farith(dc, a, IR_FADD, S))
TRANS(fsub_s, fr, rv_gen_farith(dc, a, IR_FSUB, S))
TRANS(fmul_s, fr, rv_gen_farith(dc, a, IR_FMUL, S))
TRANS(fdiv_s, fr, rv_gen_farith(dc, a, IR_FDIV, S))
TRANS(fsqrt_s, fr2, rv_gen_fsqrt(dc, a, S))
TRANS(fsgnj_s, r, rv_gen_fsgnj(dc, a, 0, S))
TRANS(fsgnjn_s, r, rv_gen_fsgnj(dc, a, 1, S))
TRANS(fsgnjx_s, r, rv_gen_fsgnj(dc, a, 2, S))
TRANS(fmin_s, r, rv_gen_fminmax(dc, a, false, S))
TRANS(fmax_s, r, rv_gen_fminmax(dc, a, true, S))
TRANS(fcvt_w_s, fr2, rv_gen_f2i(dc, a, IR_CVT_I32, S))
TRANS(fcvt_wu_s, fr2, rv_gen_f2i(dc, a, IR_CVT_U32, S))
TRANS(fcvt_l_s, fr2, rv_gen_f2i(dc, a, IR_CVT_I64, S))
TRANS(fcvt_lu_s, fr2, rv_gen_f2i(dc, a, IR_CVT_U64, S))
TRANS(fcvt_s_w, fr2, rv_gen_i2f(dc, a, IR_CVT_I32, S))
TRANS(fcvt_s_wu, fr2, rv_gen_i2f(dc, a, IR_CVT_U32, S))
TRANS(fcvt_s_l, fr2, rv_gen_i2f(dc, a, IR_CVT_I64, S))
TRANS(fcvt_s_lu, fr2, rv_gen_i2f(dc, a, IR_CVT_U64, S))
TRANS(feq_s, r, rv_gen_fcmp(dc, a, IR_FCMP_EQ, false, S))
TRANS(flt_s, r, rv_gen_fcmp(dc, a, IR_FCMP_LT, true, S))
TRANS(fle_s, r, rv_gen_fcmp(dc, a, IR_FCMP_LE, true, S))
TRANS(fclass_s, r2, rv_gen_fclass(dc, a, S))

/* fmv.x.w: the low 32 bits, sign-extended, boxed or not */
bool rv_trans_fmv_x_w(struct rv_dc *dc, const struct rv_args_r2 *a)
{
	ir_temp t;

	if (!a->rd)
		return true;
	t = ir_new(dc->ir, IR_I64);
	ir_op1(dc->ir, IR_FMOV_F2I, IR_F64, t, rv_f64reg(dc, a->rs1));
	ir_op1(dc->ir, IR_EXT32S, IR_I64, rv_dst(dc, a->rd), t);
	return true;
}

/* fmv.w.x: box the low 32 bits of rs1 */
bool rv_trans_fmv_w_x(struct rv_dc *dc, const struct rv_args_r2 *a)
{
	ir_temp t = ir_new(dc->ir, IR_I64);

	ir_op2(dc->ir, IR_OR, IR_I64, t, rv_x(dc, a->rs1), rv_imm(dc, RV_BOX_HI));
	ir_op1(dc->ir, IR_FMOV_I2F, IR_F64, rv_fdst(dc, a->rd), t);
	return true;
}
