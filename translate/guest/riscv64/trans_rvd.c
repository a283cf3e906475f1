/*
 * trans_rvd.c - the D extension.  The generators live in trans_rvf.c and
 * take the precision as a parameter; only what has no single-precision
 * twin is here: fcvt.s.d / fcvt.d.s and the 64-bit moves.
 */
#include "rv.h"

#define D IR_F64

TRANS(fld, i, rv_gen_fload(dc, a, D))
TRANS(fsd, s, rv_gen_fstore(dc, a, D))
TRANS(fmadd_d, fr4, rv_gen_fma(dc, a, 0, D))
TRANS(fmsub_d, fr4, rv_gen_fma(dc, a, IR_FMA_NEG_ADD, D))
TRANS(fnmsub_d, fr4, rv_gen_fma(dc, a, IR_FMA_NEG_PROD, D))
TRANS(fnmadd_d, fr4, rv_gen_fma(dc, a, IR_FMA_NEG_PROD | IR_FMA_NEG_ADD, D))
TRANS(fadd_d, fr, rv_gen_farith(dc, a, IR_FADD, D))
TRANS(fsub_d, fr, rv_gen_farith(dc, a, IR_FSUB, D))
TRANS(fmul_d, fr, rv_gen_farith(dc, a, IR_FMUL, D))
TRANS(fdiv_d, fr, rv_gen_farith(dc, a, IR_FDIV, D))
TRANS(fsqrt_d, fr2, rv_gen_fsqrt(dc, a, D))
TRANS(fsgnj_d, r, rv_gen_fsgnj(dc, a, 0, D))
TRANS(fsgnjn_d, r, rv_gen_fsgnj(dc, a, 1, D))
TRANS(fsgnjx_d, r, rv_gen_fsgnj(dc, a, 2, D))
TRANS(fmin_d, r, rv_gen_fminmax(dc, a, false, D))
TRANS(fmax_d, r, rv_gen_fminmax(dc, a, true, D))
TRANS(fcvt_w_d, fr2, rv_gen_f2i(dc, a, IR_CVT_I32, D))
TRANS(fcvt_wu_d, fr2, rv_gen_f2i(dc, a, IR_CVT_U32, D))
TRANS(fcvt_l_d, fr2, rv_gen_f2i(dc, a, IR_CVT_I64, D))
TRANS(fcvt_lu_d, fr2, rv_gen_f2i(dc, a, IR_CVT_U64, D))
TRANS(fcvt_d_w, fr2, rv_gen_i2f(dc, a, IR_CVT_I32, D))
TRANS(fcvt_d_wu, fr2, rv_gen_i2f(dc, a, IR_CVT_U32, D))
TRANS(fcvt_d_l, fr2, rv_gen_i2f(dc, a, IR_CVT_I64, D))
TRANS(fcvt_d_lu, fr2, rv_gen_i2f(dc, a, IR_CVT_U64, D))
TRANS(feq_d, r, rv_gen_fcmp(dc, a, IR_FCMP_EQ, false, D))
TRANS(flt_d, r, rv_gen_fcmp(dc, a, IR_FCMP_LT, true, D))
TRANS(fle_d, r, rv_gen_fcmp(dc, a, IR_FCMP_LE, true, D))
TRANS(fclass_d, r2, rv_gen_fclass(dc, a, D))

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
