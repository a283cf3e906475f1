/*
 * trans_rvi.c - RV64I base instructions to IR: integer arithmetic, loads
 * and stores, branches and jumps, fence, fence.i, ecall, ebreak.
 *
 * Invariants: x0 is never written (rv_dst/rv_set_x drop it) and reads of
 * x0 are the constant 0; W-ops compute on 32 bits and sign-extend.
 * Control transfers (exit slots are taken in order, dc->next_slot):
 *   branch:  EXIT_COND to the target; a superblock goes on at the next
 *            instruction (translate.c ends it when its exits would not
 *            fit the slots), a basic block ends with EXIT_DIRECT there
 *   jal x0:  dc->jump: translate.c goes on at the target or exits there
 *   jal:     a call; in a superblock dc->jump too (dc->call: translate.c
 *            keeps the return address to predict the return), in a basic
 *            block EXIT_DIRECT to the target, ending it
 *   jalr:    EXIT_INDIRECT (target & ~1), ending the block; a superblock
 *            predicts the target instead when it can (the return of a
 *            call it followed, else where the first tier saw the jump go
 *            last): EXIT_PREDICT, which leaves through the jump cache on a
 *            miss, and dc->jump to the predicted pc
 */
#include "rv.h"
#include "tb.h"

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

/* x1 and x5: the link registers, by the ISA's hints for return-address
 * prediction */
static unsigned link_reg(int64_t r)
{
	return r == 1 || r == 5 ? (unsigned)r : 0;
}

bool rv_trans_jal(struct rv_dc *dc, const struct rv_args_j *a)
{
	if (!a->rd) {
		dc->jump = true;
		dc->jump_pc = dc->pc + a->imm;
		return true;
	}
	ir_movi(dc->ir, IR_I64, rv_dst(dc, a->rd), dc->next_pc);
	if (dc->ir->superblock) {
		/* a call: the superblock may go on into the callee */
		dc->jump = true;
		dc->call = link_reg(a->rd);
		dc->jump_pc = dc->pc + a->imm;
		return true;
	}
	dc->ir->can_grow = true;
	ir_exit_direct(dc->ir, dc->next_slot++, dc->pc + a->imm);
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
	/* a superblock goes on where it predicts the jump to go, guarded:
	 * after the return of a call it followed, to the return address;
	 * else where the first tier saw the jump go last */
	gaddr_t to, alt = 0;
	if (!a->rd && !a->imm && dc->n_rets && dc->rets[dc->n_rets - 1].link == a->rs1) {
		to = dc->rets[--dc->n_rets].pc;
	} else if (!dc->ir->superblock ||
		   !tb_indirect_profile(dc->cpu->tc, dc->head, dc->flags, dc->next_pc, &to,
					&alt)) {
		/* a basic block keeps where it went (and may grow) */
		dc->ir->can_grow |= !dc->ir->superblock;
		ir_exit_indirect(dc->ir, t);
		dc->end = true;
		return true;
	}
	if (alt && !(alt & 1) && dc->n_alts < RV_MAX_ALTS) {
		/* a jump that goes back and forth (a switch in a loop): the
		 * other target is a side exit first, which translate.c may
		 * take into the block like a branch's */
		ir_exit_cond(dc->ir, IR_I64, IR_EQ, sum, rv_imm(dc, (int64_t)alt),
			     dc->next_slot++, alt);
		dc->n_cond++;
		dc->alts[dc->n_alts++] = alt;
	}
	/* compared before the & ~1, which a miss does (t may be dead then) */
	ir_exit_predict(dc->ir, sum, to, 1);
	dc->jump = true;
	dc->jump_pc = to;
	dc->call = link_reg(a->rd);
	return true;
}

static bool gen_branch(struct rv_dc *dc, const struct rv_args_b *a, enum ir_cond c)
{
	ir_exit_cond(dc->ir, IR_I64, c, rv_x(dc, a->rs1), rv_x(dc, a->rs2),
		     dc->next_slot++, dc->pc + a->imm);
	dc->n_cond++;
	if (!dc->ir->superblock) {
		dc->ir->can_grow = true;
		ir_exit_direct(dc->ir, dc->next_slot++, dc->next_pc);
		dc->end = true;
	}
	return true;
}

TRANS(beq, b, gen_branch(dc, a, IR_EQ))
TRANS(bne, b, gen_branch(dc, a, IR_NE))
TRANS(blt, b, gen_branch(dc, a, IR_LT))
TRANS(bge, b, gen_branch(dc, a, IR_GE))
TRANS(bltu, b, gen_branch(dc, a, IR_LTU))
TRANS(bgeu, b, gen_branch(dc, a, IR_GEU))

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

TRANS(lb, i, gen_load(dc, a, IR_MO_8 | IR_MO_SIGN))
TRANS(lh, i, gen_load(dc, a, IR_MO_16 | IR_MO_SIGN))
TRANS(lw, i, gen_load(dc, a, IR_MO_32 | IR_MO_SIGN))
TRANS(ld, i, gen_load(dc, a, IR_MO_64))
TRANS(lbu, i, gen_load(dc, a, IR_MO_8))
TRANS(lhu, i, gen_load(dc, a, IR_MO_16))
TRANS(lwu, i, gen_load(dc, a, IR_MO_32))
TRANS(sb, s, gen_store(dc, a, IR_MO_8))
TRANS(sh, s, gen_store(dc, a, IR_MO_16))
TRANS(sw, s, gen_store(dc, a, IR_MO_32))
TRANS(sd, s, gen_store(dc, a, IR_MO_64))

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

TRANS(ori, i, gen_i(dc, a, IR_OR))
TRANS(andi, i, gen_i(dc, a, IR_AND))
TRANS(slli, i, gen_i(dc, a, IR_SHL))
TRANS(srli, i, gen_i(dc, a, IR_SHR))
TRANS(srai, i, gen_i(dc, a, IR_SAR))

TRANS(add, r, gen_r(dc, a, IR_ADD))
TRANS(sub, r, gen_r(dc, a, IR_SUB))
TRANS(sll, r, gen_r(dc, a, IR_SHL))
TRANS(xor, r, gen_r(dc, a, IR_XOR))
TRANS(srl, r, gen_r(dc, a, IR_SHR))
TRANS(sra, r, gen_r(dc, a, IR_SAR))
TRANS(or, r, gen_r(dc, a, IR_OR))
TRANS(and, r, gen_r(dc, a, IR_AND))

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

TRANS(slliw, i, gen_shiftw_imm(dc, a, IR_SHL))
TRANS(srliw, i, gen_shiftw_imm(dc, a, IR_SHR))
TRANS(sraiw, i, gen_shiftw_imm(dc, a, IR_SAR))

static bool gen_rw(struct rv_dc *dc, const struct rv_args_r *a, enum ir_opcode op)
{
	gen_w(dc, a->rd, rv_x(dc, a->rs1), rv_x(dc, a->rs2), op);
	return true;
}

TRANS(addw, r, gen_rw(dc, a, IR_ADD))
TRANS(subw, r, gen_rw(dc, a, IR_SUB))
TRANS(sllw, r, gen_rw(dc, a, IR_SHL))
TRANS(srlw, r, gen_rw(dc, a, IR_SHR))
TRANS(sraw, r, gen_rw(dc, a, IR_SAR))

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
