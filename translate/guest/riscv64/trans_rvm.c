/*
 * trans_rvm.c - the M extension: multiply and divide.
 *
 * Division needs no guarding: the IR's DIVS/DIVU/REMS/REMU are total with
 * exactly RISC-V's results for a zero divisor and for INT_MIN / -1.  The
 * W forms operate on the low 32 bits and sign-extend the 32-bit result
 * (also for divuw/remuw).
 */
#include "rv.h"

static bool gen_m(struct rv_dc *dc, const struct rv_args_r *a, enum ir_opcode op)
{
	if (a->rd)
		ir_op2(dc->ir, op, IR_I64, rv_dst(dc, a->rd), rv_x(dc, a->rs1),
		       rv_x(dc, a->rs2));
	return true;
}

static bool gen_mw(struct rv_dc *dc, const struct rv_args_r *a, enum ir_opcode op)
{
	ir_temp t;

	if (!a->rd)
		return true;
	t = ir_new(dc->ir, IR_I32);
	ir_op2(dc->ir, op, IR_I32, t, rv_x(dc, a->rs1), rv_x(dc, a->rs2));
	ir_op1(dc->ir, IR_EXT32S, IR_I64, rv_dst(dc, a->rd), t);
	return true;
}

bool rv_trans_mul(struct rv_dc *dc, const struct rv_args_r *a) { return gen_m(dc, a, IR_MUL); }
bool rv_trans_mulh(struct rv_dc *dc, const struct rv_args_r *a) { return gen_m(dc, a, IR_MULHS); }
bool rv_trans_mulhsu(struct rv_dc *dc, const struct rv_args_r *a) { return gen_m(dc, a, IR_MULHSU); }
bool rv_trans_mulhu(struct rv_dc *dc, const struct rv_args_r *a) { return gen_m(dc, a, IR_MULHU); }
bool rv_trans_div(struct rv_dc *dc, const struct rv_args_r *a) { return gen_m(dc, a, IR_DIVS); }
bool rv_trans_divu(struct rv_dc *dc, const struct rv_args_r *a) { return gen_m(dc, a, IR_DIVU); }
bool rv_trans_rem(struct rv_dc *dc, const struct rv_args_r *a) { return gen_m(dc, a, IR_REMS); }
bool rv_trans_remu(struct rv_dc *dc, const struct rv_args_r *a) { return gen_m(dc, a, IR_REMU); }
bool rv_trans_mulw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_mw(dc, a, IR_MUL); }
bool rv_trans_divw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_mw(dc, a, IR_DIVS); }
bool rv_trans_divuw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_mw(dc, a, IR_DIVU); }
bool rv_trans_remw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_mw(dc, a, IR_REMS); }
bool rv_trans_remuw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_mw(dc, a, IR_REMU); }
