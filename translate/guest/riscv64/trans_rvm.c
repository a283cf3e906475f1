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

TRANS(mul, r, gen_m(dc, a, IR_MUL))
TRANS(mulh, r, gen_m(dc, a, IR_MULHS))
TRANS(mulhsu, r, gen_m(dc, a, IR_MULHSU))
TRANS(mulhu, r, gen_m(dc, a, IR_MULHU))
TRANS(div, r, gen_m(dc, a, IR_DIVS))
TRANS(divu, r, gen_m(dc, a, IR_DIVU))
TRANS(rem, r, gen_m(dc, a, IR_REMS))
TRANS(remu, r, gen_m(dc, a, IR_REMU))
TRANS(mulw, r, gen_mw(dc, a, IR_MUL))
TRANS(divw, r, gen_mw(dc, a, IR_DIVS))
TRANS(divuw, r, gen_mw(dc, a, IR_DIVU))
TRANS(remw, r, gen_mw(dc, a, IR_REMS))
TRANS(remuw, r, gen_mw(dc, a, IR_REMU))
