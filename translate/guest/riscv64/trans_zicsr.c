/*
 * trans_zicsr.c - CSR instructions.  User mode has few CSRs:
 *
 *   fflags 0x001, frm 0x002, fcsr 0x003   read/write (helper rv_helper_fcsr)
 *   cycle 0xc00, time 0xc01, instret 0xc02 read-only (helper rv_helper_counter)
 *
 * Anything else, and any write to a read-only CSR, is an illegal
 * instruction.  csrrs/csrrc with rs1 = x0 (and the immediate forms with 0)
 * do not write, so reading a counter that way is legal; csrrw always writes.
 *
 * frm is part of the block key: after a write to frm or fcsr the block
 * ends with EXIT_MODE so that the CPU loop recomputes the flags.
 */
#include "rv.h"

static bool gen_csr(struct rv_dc *dc, int64_t rd, int64_t csr, ir_temp src,
		    int op)
{
	struct ir_block *ir = dc->ir;
	bool write = op != RV_CSR_READ;
	ir_temp t;

	switch (csr) {
	case RV_CSR_FFLAGS:
	case RV_CSR_FRM:
	case RV_CSR_FCSR:
		t = rv_dst(dc, rd);
		ir_call(ir, &rv_helper_fcsr, t, rv_imm(dc, csr), rv_imm(dc, op), src,
			IR_NONE);
		if (write && csr != RV_CSR_FFLAGS)
			rv_exit_loop(dc, IR_EXIT_MODE, dc->next_pc);
		return true;
	case RV_CSR_CYCLE:
	case RV_CSR_TIME:
	case RV_CSR_INSTRET:
		if (write)
			return false;
		if (rd)
			ir_call(ir, &rv_helper_counter, rv_dst(dc, rd), rv_imm(dc, csr),
				IR_NONE, IR_NONE, IR_NONE);
		return true;
	default:
		return false;
	}
}

bool rv_trans_csrrw(struct rv_dc *dc, const struct rv_args_csr *a)
{
	return gen_csr(dc, a->rd, a->csr, rv_x(dc, a->rs1), RV_CSR_WRITE);
}

bool rv_trans_csrrs(struct rv_dc *dc, const struct rv_args_csr *a)
{
	return gen_csr(dc, a->rd, a->csr, rv_x(dc, a->rs1),
		       a->rs1 ? RV_CSR_SET : RV_CSR_READ);
}

bool rv_trans_csrrc(struct rv_dc *dc, const struct rv_args_csr *a)
{
	return gen_csr(dc, a->rd, a->csr, rv_x(dc, a->rs1),
		       a->rs1 ? RV_CSR_CLEAR : RV_CSR_READ);
}

/* the immediate forms: rs1 holds the 5-bit zero-extended value */
bool rv_trans_csrrwi(struct rv_dc *dc, const struct rv_args_csr *a)
{
	return gen_csr(dc, a->rd, a->csr, rv_imm(dc, a->rs1), RV_CSR_WRITE);
}

bool rv_trans_csrrsi(struct rv_dc *dc, const struct rv_args_csr *a)
{
	return gen_csr(dc, a->rd, a->csr, rv_imm(dc, a->rs1),
		       a->rs1 ? RV_CSR_SET : RV_CSR_READ);
}

bool rv_trans_csrrci(struct rv_dc *dc, const struct rv_args_csr *a)
{
	return gen_csr(dc, a->rd, a->csr, rv_imm(dc, a->rs1),
		       a->rs1 ? RV_CSR_CLEAR : RV_CSR_READ);
}
