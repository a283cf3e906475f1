/*
 * trans_rvi.c - RV64I base instructions to IR: integer arithmetic, loads
 * and stores, branches and jumps, fence, fence.i, ecall, ebreak.
 *
 * Invariants: x0 is never written (rv_dst/rv_set_x drop it) and reads of
 * x0 are the constant 0; W-ops compute on 32 bits and sign-extend; a
 * control transfer ends the block (dc->end) with its exits:
 *   branch: BRCOND taken -> EXIT_DIRECT slot 0, fall-through slot 1
 *   jal:    EXIT_DIRECT slot 0        jalr: EXIT_INDIRECT (target & ~1)
 */
#include "rv.h"

/* rd = rs1 OP rs2 on 64 bits */
static bool gen_r(struct rv_dc *dc, const struct rv_args_r *a, enum ir_opcode op)
{
	if (a->rd)
		ir_op2(dc->ir, op, IR_I64, rv_dst(dc, a->rd), rv_x(dc, a->rs1),
		       rv_x(dc, a->rs2));
	return true;
}

static bool gen_i(struct rv_dc *dc, const struct rv_args_i *a, enum ir_opcode op)
{
	if (a->rd)
		ir_op2(dc->ir, op, IR_I64, rv_dst(dc, a->rd), rv_x(dc, a->rs1),
		       rv_imm(dc, a->imm));
	return true;
}

/* rd = sext32(rs1 OP b) */
static void gen_w(struct rv_dc *dc, int64_t rd, ir_temp x, ir_temp y,
		  enum ir_opcode op)
{
	ir_temp t;

	if (!rd)
		return;
	t = ir_new(dc->ir, IR_I32);
	ir_op2(dc->ir, op, IR_I32, t, x, y);
	ir_op1(dc->ir, IR_EXT32S, IR_I64, rv_dst(dc, rd), t);
}

static bool gen_setcond(struct rv_dc *dc, int64_t rd, enum ir_cond c, ir_temp x,
			ir_temp y)
{
	if (rd)
		ir_setcond(dc->ir, IR_I64, c, rv_dst(dc, rd), x, y);
	return true;
}

bool rv_trans_lui(struct rv_dc *dc, const struct rv_args_u *a)
{
	if (a->rd)
		ir_movi(dc->ir, IR_I64, rv_dst(dc, a->rd), (uint64_t)a->imm);
	return true;
}

bool rv_trans_auipc(struct rv_dc *dc, const struct rv_args_u *a)
{
	if (a->rd)
		ir_movi(dc->ir, IR_I64, rv_dst(dc, a->rd), dc->pc + a->imm);
	return true;
}

bool rv_trans_jal(struct rv_dc *dc, const struct rv_args_j *a)
{
	if (a->rd)
		ir_movi(dc->ir, IR_I64, rv_dst(dc, a->rd), dc->next_pc);
	ir_exit_direct(dc->ir, 0, dc->pc + a->imm);
	dc->end = true;
	return true;
}

bool rv_trans_jalr(struct rv_dc *dc, const struct rv_args_i *a)
{
	ir_temp sum = ir_new(dc->ir, IR_I64), t = ir_new(dc->ir, IR_I64);

	/* compute the target first: rd may be rs1.  Fresh temps (one
	 * assignment each) let constant folding see through auipc+jalr. */
	ir_op2(dc->ir, IR_ADD, IR_I64, sum, rv_x(dc, a->rs1), rv_imm(dc, a->imm));
	ir_op2(dc->ir, IR_AND, IR_I64, t, sum, rv_imm(dc, -2));
	if (a->rd)
		ir_movi(dc->ir, IR_I64, rv_dst(dc, a->rd), dc->next_pc);
	ir_exit_indirect(dc->ir, t);
	dc->end = true;
	return true;
}

static bool gen_branch(struct rv_dc *dc, const struct rv_args_b *a, enum ir_cond c)
{
	unsigned taken = ir_new_label(dc->ir);

	ir_brcond(dc->ir, IR_I64, c, rv_x(dc, a->rs1), rv_x(dc, a->rs2), taken);
	ir_exit_direct(dc->ir, 1, dc->next_pc);
	ir_label(dc->ir, taken);
	ir_exit_direct(dc->ir, 0, dc->pc + a->imm);
	dc->end = true;
	return true;
}

bool rv_trans_beq(struct rv_dc *dc, const struct rv_args_b *a) { return gen_branch(dc, a, IR_EQ); }
bool rv_trans_bne(struct rv_dc *dc, const struct rv_args_b *a) { return gen_branch(dc, a, IR_NE); }
bool rv_trans_blt(struct rv_dc *dc, const struct rv_args_b *a) { return gen_branch(dc, a, IR_LT); }
bool rv_trans_bge(struct rv_dc *dc, const struct rv_args_b *a) { return gen_branch(dc, a, IR_GE); }
bool rv_trans_bltu(struct rv_dc *dc, const struct rv_args_b *a) { return gen_branch(dc, a, IR_LTU); }
bool rv_trans_bgeu(struct rv_dc *dc, const struct rv_args_b *a) { return gen_branch(dc, a, IR_GEU); }

/* Loads go to a scratch temp for x0: the access may still fault. */
static bool gen_load(struct rv_dc *dc, const struct rv_args_i *a, unsigned memop)
{
	ir_ld(dc->ir, IR_I64, rv_dst(dc, a->rd), rv_x(dc, a->rs1), a->imm, memop);
	return true;
}

static bool gen_store(struct rv_dc *dc, const struct rv_args_s *a, unsigned memop)
{
	ir_st(dc->ir, IR_I64, rv_x(dc, a->rs2), rv_x(dc, a->rs1), a->imm, memop);
	return true;
}

bool rv_trans_lb(struct rv_dc *dc, const struct rv_args_i *a) { return gen_load(dc, a, IR_MO_8 | IR_MO_SIGN); }
bool rv_trans_lh(struct rv_dc *dc, const struct rv_args_i *a) { return gen_load(dc, a, IR_MO_16 | IR_MO_SIGN); }
bool rv_trans_lw(struct rv_dc *dc, const struct rv_args_i *a) { return gen_load(dc, a, IR_MO_32 | IR_MO_SIGN); }
bool rv_trans_ld(struct rv_dc *dc, const struct rv_args_i *a) { return gen_load(dc, a, IR_MO_64); }
bool rv_trans_lbu(struct rv_dc *dc, const struct rv_args_i *a) { return gen_load(dc, a, IR_MO_8); }
bool rv_trans_lhu(struct rv_dc *dc, const struct rv_args_i *a) { return gen_load(dc, a, IR_MO_16); }
bool rv_trans_lwu(struct rv_dc *dc, const struct rv_args_i *a) { return gen_load(dc, a, IR_MO_32); }
bool rv_trans_sb(struct rv_dc *dc, const struct rv_args_s *a) { return gen_store(dc, a, IR_MO_8); }
bool rv_trans_sh(struct rv_dc *dc, const struct rv_args_s *a) { return gen_store(dc, a, IR_MO_16); }
bool rv_trans_sw(struct rv_dc *dc, const struct rv_args_s *a) { return gen_store(dc, a, IR_MO_32); }
bool rv_trans_sd(struct rv_dc *dc, const struct rv_args_s *a) { return gen_store(dc, a, IR_MO_64); }

bool rv_trans_addi(struct rv_dc *dc, const struct rv_args_i *a)
{
	if (a->imm == 0) {
		/* mv: no add */
		if (a->rd && a->rd != a->rs1)
			ir_mov(dc->ir, IR_I64, rv_dst(dc, a->rd), rv_x(dc, a->rs1));
		return true;
	}
	if (a->rs1 == 0) {
		/* li */
		if (a->rd)
			ir_movi(dc->ir, IR_I64, rv_dst(dc, a->rd), (uint64_t)a->imm);
		return true;
	}
	return gen_i(dc, a, IR_ADD);
}

bool rv_trans_slti(struct rv_dc *dc, const struct rv_args_i *a)
{
	return gen_setcond(dc, a->rd, IR_LT, rv_x(dc, a->rs1), rv_imm(dc, a->imm));
}

bool rv_trans_sltiu(struct rv_dc *dc, const struct rv_args_i *a)
{
	return gen_setcond(dc, a->rd, IR_LTU, rv_x(dc, a->rs1), rv_imm(dc, a->imm));
}

bool rv_trans_xori(struct rv_dc *dc, const struct rv_args_i *a)
{
	if (a->imm == -1) {
		if (a->rd)
			ir_op1(dc->ir, IR_NOT, IR_I64, rv_dst(dc, a->rd), rv_x(dc, a->rs1));
		return true;
	}
	return gen_i(dc, a, IR_XOR);
}

bool rv_trans_ori(struct rv_dc *dc, const struct rv_args_i *a) { return gen_i(dc, a, IR_OR); }
bool rv_trans_andi(struct rv_dc *dc, const struct rv_args_i *a) { return gen_i(dc, a, IR_AND); }
bool rv_trans_slli(struct rv_dc *dc, const struct rv_args_i *a) { return gen_i(dc, a, IR_SHL); }
bool rv_trans_srli(struct rv_dc *dc, const struct rv_args_i *a) { return gen_i(dc, a, IR_SHR); }
bool rv_trans_srai(struct rv_dc *dc, const struct rv_args_i *a) { return gen_i(dc, a, IR_SAR); }

bool rv_trans_add(struct rv_dc *dc, const struct rv_args_r *a) { return gen_r(dc, a, IR_ADD); }
bool rv_trans_sub(struct rv_dc *dc, const struct rv_args_r *a) { return gen_r(dc, a, IR_SUB); }
bool rv_trans_sll(struct rv_dc *dc, const struct rv_args_r *a) { return gen_r(dc, a, IR_SHL); }
bool rv_trans_xor(struct rv_dc *dc, const struct rv_args_r *a) { return gen_r(dc, a, IR_XOR); }
bool rv_trans_srl(struct rv_dc *dc, const struct rv_args_r *a) { return gen_r(dc, a, IR_SHR); }
bool rv_trans_sra(struct rv_dc *dc, const struct rv_args_r *a) { return gen_r(dc, a, IR_SAR); }
bool rv_trans_or(struct rv_dc *dc, const struct rv_args_r *a) { return gen_r(dc, a, IR_OR); }
bool rv_trans_and(struct rv_dc *dc, const struct rv_args_r *a) { return gen_r(dc, a, IR_AND); }

bool rv_trans_slt(struct rv_dc *dc, const struct rv_args_r *a)
{
	return gen_setcond(dc, a->rd, IR_LT, rv_x(dc, a->rs1), rv_x(dc, a->rs2));
}

bool rv_trans_sltu(struct rv_dc *dc, const struct rv_args_r *a)
{
	return gen_setcond(dc, a->rd, IR_LTU, rv_x(dc, a->rs1), rv_x(dc, a->rs2));
}

bool rv_trans_addiw(struct rv_dc *dc, const struct rv_args_i *a)
{
	if (a->imm == 0) {
		/* sext.w */
		if (a->rd)
			ir_op1(dc->ir, IR_EXT32S, IR_I64, rv_dst(dc, a->rd),
			       rv_x(dc, a->rs1));
		return true;
	}
	gen_w(dc, a->rd, rv_x(dc, a->rs1), rv_imm(dc, a->imm), IR_ADD);
	return true;
}

static bool gen_shiftw_imm(struct rv_dc *dc, const struct rv_args_i *a,
			   enum ir_opcode op)
{
	gen_w(dc, a->rd, rv_x(dc, a->rs1), rv_imm(dc, a->imm), op);
	return true;
}

bool rv_trans_slliw(struct rv_dc *dc, const struct rv_args_i *a) { return gen_shiftw_imm(dc, a, IR_SHL); }
bool rv_trans_srliw(struct rv_dc *dc, const struct rv_args_i *a) { return gen_shiftw_imm(dc, a, IR_SHR); }
bool rv_trans_sraiw(struct rv_dc *dc, const struct rv_args_i *a) { return gen_shiftw_imm(dc, a, IR_SAR); }

static bool gen_rw(struct rv_dc *dc, const struct rv_args_r *a, enum ir_opcode op)
{
	gen_w(dc, a->rd, rv_x(dc, a->rs1), rv_x(dc, a->rs2), op);
	return true;
}

bool rv_trans_addw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_rw(dc, a, IR_ADD); }
bool rv_trans_subw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_rw(dc, a, IR_SUB); }
bool rv_trans_sllw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_rw(dc, a, IR_SHL); }
bool rv_trans_srlw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_rw(dc, a, IR_SHR); }
bool rv_trans_sraw(struct rv_dc *dc, const struct rv_args_r *a) { return gen_rw(dc, a, IR_SAR); }

/*
 * fence PRED,SUCC: each of R/W (I/O count as R/W: user mode sees no
 * devices) before, ordered against each of R/W after.  fence.tso (fm=8)
 * orders everything except store->load.
 */
bool rv_trans_fence(struct rv_dc *dc, const struct rv_args_fence *a)
{
	bool pr = a->pred & 0xa, pw = a->pred & 0x5;
	bool sr = a->succ & 0xa, sw = a->succ & 0x5;
	unsigned kind = 0;

	if (pr && sr)
		kind |= IR_FENCE_LL;
	if (pr && sw)
		kind |= IR_FENCE_LS;
	if (pw && sr)
		kind |= IR_FENCE_SL;
	if (pw && sw)
		kind |= IR_FENCE_SS;
	if (a->fm == 8)
		kind &= ~IR_FENCE_SL;
	if (kind)
		ir_emit(dc->ir, IR_FENCE, IR_I64)->aux = kind;
	return true;
}

bool rv_trans_fence_i(struct rv_dc *dc, const struct rv_args_empty *a)
{
	rv_exit_loop(dc, IR_EXIT_FLUSH, dc->next_pc);
	return true;
}

bool rv_trans_ecall(struct rv_dc *dc, const struct rv_args_empty *a)
{
	rv_exit_loop(dc, IR_EXIT_SYSCALL, dc->pc);
	return true;
}

bool rv_trans_ebreak(struct rv_dc *dc, const struct rv_args_empty *a)
{
	rv_exit_loop(dc, IR_EXIT_BREAKPOINT, dc->pc);
	return true;
}
