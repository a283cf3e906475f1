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
 * ends with EXIT_MODE so that the CPU loop recomputes the flags (unless the
 * write is a constant equal to the block's frm).
 *
 * The FP CSRs' state (rv_state.fflags/frm, MXCSR) is not an IR global, so
 * their helper is declared without global effects.  Two cases need no code:
 * reading one into x0, and `fsflags t` where t provably holds the current
 * flags, as in GCC's `frflags t; flt/fle (done on the bits, trans_rvf.c);
 * fsflags t`, which so costs one read of MXCSR.
 */
#include "rv.h"

/* How many instructions back fflags_known() looks for the read. */
#define FFLAGS_LOOKBACK 4

static bool is_const(struct ir_block *ir, ir_temp t, uint64_t v)
{
	return t != IR_NONE && ir->temps[t].kind == IR_TK_CONST && ir->temps[t].val == v;
}

/*
 * Does global G hold the current fflags?  True when a few instructions
 * back, in this block, G was set by a read of fflags, and nothing since
 * may have raised flags (an FP op, a helper call, a memory access that may
 * fault), written G, or left the straight line.
 */
static bool fflags_known(struct rv_dc *dc, ir_temp g)
{
	struct ir_block *ir = dc->ir;
	unsigned starts = 0;

	for (unsigned i = ir->n_insns; i-- > 0;) {
		const struct ir_insn *in = &ir->insns[i];
		const struct ir_opdef *d = &ir_opdefs[in->op];

		if (in->op == IR_INSN_START) {
			if (++starts > FFLAGS_LOOKBACK)
				return false;
			continue;
		}
		if (in->op == IR_CALL)
			return (const struct ir_helper *)(intptr_t)in->imm == &rv_helper_fcsr &&
			       in->args[0] == g &&
			       is_const(ir, in->args[1], RV_CSR_FFLAGS) &&
			       is_const(ir, in->args[2], RV_CSR_READ);
		/* a fault's signal handler may change fflags, too */
		if (d->flags & (IRF_FP | IRF_CTRL | IRF_SIDE | IRF_MEM))
			return false;
		for (unsigned k = 0; k < d->nout; k++)
			if (in->args[k] == g)
				return false;
	}
	return false;
}

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
		if (!write && !rd)
			return true;
		if (csr == RV_CSR_FFLAGS && op == RV_CSR_WRITE && !rd &&
		    ir->temps[src].kind == IR_TK_GLOBAL && fflags_known(dc, src))
			return true;
		t = rv_dst(dc, rd);
		ir_call(ir, &rv_helper_fcsr, t, rv_imm(dc, csr), rv_imm(dc, op), src,
			IR_NONE);
		if (write && csr != RV_CSR_FFLAGS &&
		    !(csr == RV_CSR_FRM && op == RV_CSR_WRITE &&
		      is_const(ir, src, dc->flags & RV_TBF_FRM)))
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
