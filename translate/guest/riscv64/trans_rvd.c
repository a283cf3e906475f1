/*
 * trans_rvd.c - the D extension.  The generators live in trans_rvf.c and
 * take the precision as a parameter; only what has no single-precision
 * twin is here: fcvt.s.d / fcvt.d.s and the 64-bit moves.
 */
#include "rv.h"

#define D IR_F64

bool rv_trans_fld(struct rv_dc *dc, const struct rv_args_i *a) { return rv_gen_fload(dc, a, D); }
bool rv_trans_fsd(struct rv_dc *dc, const struct rv_args_s *a) { return rv_gen_fstore(dc, a, D); }
bool rv_trans_fmadd_d(struct rv_dc *dc, const struct rv_args_fr4 *a) { return rv_gen_fma(dc, a, 0, D); }
bool rv_trans_fmsub_d(struct rv_dc *dc, const struct rv_args_fr4 *a) { return rv_gen_fma(dc, a, IR_FMA_NEG_ADD, D); }
bool rv_trans_fnmsub_d(struct rv_dc *dc, const struct rv_args_fr4 *a) { return rv_gen_fma(dc, a, IR_FMA_NEG_PROD, D); }
bool rv_trans_fnmadd_d(struct rv_dc *dc, const struct rv_args_fr4 *a) { return rv_gen_fma(dc, a, IR_FMA_NEG_PROD | IR_FMA_NEG_ADD, D); }
bool rv_trans_fadd_d(struct rv_dc *dc, const struct rv_args_fr *a) { return rv_gen_farith(dc, a, IR_FADD, D); }
bool rv_trans_fsub_d(struct rv_dc *dc, const struct rv_args_fr *a) { return rv_gen_farith(dc, a, IR_FSUB, D); }
bool rv_trans_fmul_d(struct rv_dc *dc, const struct rv_args_fr *a) { return rv_gen_farith(dc, a, IR_FMUL, D); }
bool rv_trans_fdiv_d(struct rv_dc *dc, const struct rv_args_fr *a) { return rv_gen_farith(dc, a, IR_FDIV, D); }
bool rv_trans_fsqrt_d(struct rv_dc *dc, const struct rv_args_fr2 *a) { return rv_gen_fsqrt(dc, a, D); }
bool rv_trans_fsgnj_d(struct rv_dc *dc, const struct rv_args_r *a) { return rv_gen_fsgnj(dc, a, 0, D); }
bool rv_trans_fsgnjn_d(struct rv_dc *dc, const struct rv_args_r *a) { return rv_gen_fsgnj(dc, a, 1, D); }
bool rv_trans_fsgnjx_d(struct rv_dc *dc, const struct rv_args_r *a) { return rv_gen_fsgnj(dc, a, 2, D); }
bool rv_trans_fmin_d(struct rv_dc *dc, const struct rv_args_r *a) { return rv_gen_fminmax(dc, a, false, D); }
bool rv_trans_fmax_d(struct rv_dc *dc, const struct rv_args_r *a) { return rv_gen_fminmax(dc, a, true, D); }
bool rv_trans_fcvt_w_d(struct rv_dc *dc, const struct rv_args_fr2 *a) { return rv_gen_f2i(dc, a, IR_CVT_I32, D); }
bool rv_trans_fcvt_wu_d(struct rv_dc *dc, const struct rv_args_fr2 *a) { return rv_gen_f2i(dc, a, IR_CVT_U32, D); }
bool rv_trans_fcvt_l_d(struct rv_dc *dc, const struct rv_args_fr2 *a) { return rv_gen_f2i(dc, a, IR_CVT_I64, D); }
bool rv_trans_fcvt_lu_d(struct rv_dc *dc, const struct rv_args_fr2 *a) { return rv_gen_f2i(dc, a, IR_CVT_U64, D); }
bool rv_trans_fcvt_d_w(struct rv_dc *dc, const struct rv_args_fr2 *a) { return rv_gen_i2f(dc, a, IR_CVT_I32, D); }
bool rv_trans_fcvt_d_wu(struct rv_dc *dc, const struct rv_args_fr2 *a) { return rv_gen_i2f(dc, a, IR_CVT_U32, D); }
bool rv_trans_fcvt_d_l(struct rv_dc *dc, const struct rv_args_fr2 *a) { return rv_gen_i2f(dc, a, IR_CVT_I64, D); }
bool rv_trans_fcvt_d_lu(struct rv_dc *dc, const struct rv_args_fr2 *a) { return rv_gen_i2f(dc, a, IR_CVT_U64, D); }
bool rv_trans_feq_d(struct rv_dc *dc, const struct rv_args_r *a) { return rv_gen_fcmp(dc, a, IR_FCMP_EQ, false, D); }
bool rv_trans_flt_d(struct rv_dc *dc, const struct rv_args_r *a) { return rv_gen_fcmp(dc, a, IR_FCMP_LT, true, D); }
bool rv_trans_fle_d(struct rv_dc *dc, const struct rv_args_r *a) { return rv_gen_fcmp(dc, a, IR_FCMP_LE, true, D); }
bool rv_trans_fclass_d(struct rv_dc *dc, const struct rv_args_r2 *a) { return rv_gen_fclass(dc, a, D); }

/* Narrowing rounds (rm used); a NaN comes out canonical. */
bool rv_trans_fcvt_s_d(struct rv_dc *dc, const struct rv_args_fr2 *a)
{
	unsigned rm;
	ir_temp t, c;

	if (!rv_rm(dc, a->rm, &rm))
		return false;
	t = ir_new(dc->ir, IR_F32);
	c = ir_new(dc->ir, IR_F32);
	ir_op1(dc->ir, IR_FCVT_F2F, IR_F32, t, rv_f64reg(dc, a->rs1))->aux = rm;
	ir_op1(dc->ir, IR_FCANON, IR_F32, c, t)->imm = RV_QNAN_S;
	rv_fset(dc, a->rd, IR_F32, c);
	return true;
}

/* Widening is exact, but rm is still decoded (and may be illegal). */
bool rv_trans_fcvt_d_s(struct rv_dc *dc, const struct rv_args_fr2 *a)
{
	unsigned rm;
	ir_temp t;

	if (!rv_rm(dc, a->rm, &rm))
		return false;
	t = ir_new(dc->ir, IR_F64);
	ir_op1(dc->ir, IR_FCVT_F2F, IR_F64, t, rv_fget(dc, a->rs1, IR_F32))->aux = rm;
	ir_op1(dc->ir, IR_FCANON, IR_F64, rv_fdst(dc, a->rd), t)->imm = RV_QNAN_D;
	return true;
}

bool rv_trans_fmv_x_d(struct rv_dc *dc, const struct rv_args_r2 *a)
{
	if (a->rd)
		ir_op1(dc->ir, IR_FMOV_F2I, IR_F64, rv_dst(dc, a->rd),
		       rv_f64reg(dc, a->rs1));
	return true;
}

bool rv_trans_fmv_d_x(struct rv_dc *dc, const struct rv_args_r2 *a)
{
	ir_op1(dc->ir, IR_FMOV_I2F, IR_F64, rv_fdst(dc, a->rd), rv_x(dc, a->rs1));
	return true;
}
