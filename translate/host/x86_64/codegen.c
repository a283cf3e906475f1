/*
 * codegen.c - IR integer and control-flow ops to x86-64 instructions.
 *
 * Each cg_* function follows the allocator's protocol (regalloc.c): fixed
 * registers first, then inputs, release dead inputs, choose the output,
 * emit, bind the output.  Two-operand x86 forms are fed by reusing a dying
 * input's register (ra_clob) so that `d = a op b` costs one instruction
 * when a dies, and `add` with a live input becomes lea.  I32 results are
 * produced by 32-bit instructions, which zero-extend into the container as
 * the IR requires.
 *
 * Control flow: LABEL/BR/BRCOND keep the globals where they are, each label
 * having one state every way in establishes (labels.c); exits write back
 * and leave through the trampoline's epilogue (runtime.c) or a chained
 * jump; a side exit (EXIT_COND) does so on a cold path only.
 */
#include "x86.h"

#define A(k) (g->in->args[k])

static bool wide(const struct xgen *g)
{
	return g->in->type == IR_I64;
}

static const uint8_t cc_of[] = {
	[IR_EQ] = X_CC_E, [IR_NE] = X_CC_NE, [IR_LT] = X_CC_L, [IR_GE] = X_CC_GE,
	[IR_LE] = X_CC_LE, [IR_GT] = X_CC_G, [IR_LTU] = X_CC_B, [IR_GEU] = X_CC_AE,
	[IR_LEU] = X_CC_BE, [IR_GTU] = X_CC_A,
};

static const uint8_t cond_swap[] = {
	[IR_EQ] = IR_EQ, [IR_NE] = IR_NE, [IR_LT] = IR_GT, [IR_GE] = IR_LE,
	[IR_LE] = IR_GE, [IR_GT] = IR_LT, [IR_LTU] = IR_GTU, [IR_GEU] = IR_LEU,
	[IR_LEU] = IR_GEU, [IR_GTU] = IR_LTU, [IR_ALWAYS] = IR_ALWAYS,
	[IR_NEVER] = IR_NEVER,
};

/* all inputs known: the optimiser normally folded these already */
static bool fold(struct xgen *g)
{
	const struct ir_opdef *d = x_def(g);
	uint64_t v[2] = { 0, 0 };
	for (unsigned k = 0; k < d->nin; k++)
		if (!ra_const(g, A(1 + k), &v[k]))
			return false;
	ra_def_const(g, A(0), ir_eval_int(g->in->op, g->in->type, g->in->aux, v[0], v[1]));
	return true;
}

static void cg_mov(struct xgen *g)
{
	ir_temp d = A(0), a = A(1);
	struct xtemp *xd = &g->t[d], *xa = &g->t[a];
	uint64_t v;

	if (ra_const(g, a, &v)) {
		ra_def_const(g, d, v);
		return;
	}
	bool trunc = !xd->xmm && g->in->type == IR_I32 && xa->type != IR_I32;
	if (d == a && !trunc)
		return;
	uint8_t arith = xa->from_arith;
	if (d != a && !trunc && xd->xmm == xa->xmm && xa->kind == IR_TK_GLOBAL &&
	    xa->loc == XL_MEM && !(g->reread[g->idx] & 2)) {
		/* a global read once: load it straight into d's register */
		int rd = ra_out(g, d, xd->xmm ? XR_XMM : XR_INT, -1);
		ra_load_to(g, a, rd);
		ra_def(g, d, rd);
		xd->from_arith = arith;
		return;
	}
	int ra = ra_use(g, a, xa->xmm ? XR_XMM : XR_INT);
	ra_release_dead(g);
	if (xd->xmm == xa->xmm && ra_clob(g, ra) && !trunc) {
		ra_def(g, d, ra);
	} else {
		int rd = ra_out(g, d, xd->xmm ? XR_XMM : XR_INT, -1);
		if (trunc)
			x_mov_rr(g->b, false, rd, ra);
		else
			x_move(g, rd, ra);
		ra_def(g, d, rd);
	}
	xd->from_arith = arith;
}

/* the second operand of a two-operand op: register, immediate or memory */
struct opnd {
	int reg;                /* >= 0: a register */
	bool mem;
	int32_t imm;
	struct xmem m;
	unsigned lit1;          /* m is literal lit1 - 1 of the pool; 0: not */
};

static void alu_op(struct xgen *g, unsigned xop, bool w, int rd, const struct opnd *o)
{
	if (o->reg >= 0)
		x_alu_rr(g->b, xop, w, rd, o->reg);
	else if (o->mem)
		x_alu_rm(g->b, xop, w, rd, &o->m);
	else
		x_alu_ri(g->b, xop, w, rd, o->imm);
	if (o->lit1)
		x_lit_fix(g, o->lit1 - 1);
}

/* Constant temp T as operand O of a W-wide op: an imm32, or a 64-bit value
 * from the literal pool (one instruction, where a register would take a
 * mov of an imm64 first).  False when T is not a constant. */
static bool const_opnd(struct xgen *g, ir_temp t, bool w, struct opnd *o)
{
	uint64_t v;
	if (ra_imm(g, t, w, &o->imm))
		return true;
	if (!w || !ra_const(g, t, &v))
		return false;
	unsigned idx;
	o->m = x_lit(g, v, 0, &idx);
	o->mem = true;
	o->lit1 = idx + 1;
	return true;
}

/* Is global D's value at insn J neither read nor observed after J (the
 * access at J observes it, through its site)?  Looks a few insns ahead. */
static bool dead_after(const struct xgen *g, unsigned j, ir_temp d)
{
	const struct ir_block *ir = g->ir;
	if (ir->insns[j].op == IR_LD && ir->insns[j].args[0] == d)
		return true;
	for (unsigned i = j + 1; i < ir->n_insns && i < j + 16; i++) {
		const struct ir_insn *in = &ir->insns[i];
		if (observes_globals(in) || ir_insn_names(in, d, false))
			return false;
		if (ir_insn_names(in, d, true))
			return true;
	}
	return false;
}

/*
 * rd = rs1 + rs2 whose only reader is the next instruction's address (RISC-V
 * has no indexed addressing: add a5,a5,a4; lw a5,0(a5)): no code here, the
 * access takes [rs1 + rs2 + disp] (guest_addr) and its precise-state site
 * gives rd as the sum of the two registers (TB_LOC_PLUS).  Only for
 * globals in registers or memory, an access without an alignment check,
 * and guest memory without a base register (x86 has one index).
 */
static bool fuse_address(struct xgen *g)
{
	const struct ir_block *ir = g->ir;
	ir_temp d = A(0), a = A(1), c = A(2);
	if (g->in->op != IR_ADD || g->in->type != IR_I64 || g->use_gb ||
	    d >= ir->n_globals || a >= ir->n_globals || c >= ir->n_globals ||
	    g->t[a].loc == XL_CONST || g->t[c].loc == XL_CONST ||
	    g->t[a].xmm || g->t[c].xmm || g->t[d].type != IR_I64)
		return false;
	unsigned j = g->idx + 1;
	while (j < ir->n_insns && ir->insns[j].op == IR_INSN_START)
		j++;
	if (j == ir->n_insns)
		return false;
	const struct ir_insn *m = &ir->insns[j];
	if ((m->op != IR_LD && m->op != IR_ST) || m->args[1] != d ||
	    (m->op == IR_ST && m->args[0] == d) || (m->aux2 & IR_MO_ALIGN) ||
	    !x_fits32(m->imm) || !dead_after(g, j, d))
		return false;
	g->fused.on = true;
	g->fused.at = j;
	g->fused.d = d;
	g->fused.a = a;
	g->fused.c = c;
	return true;
}

/* d = a OP c for add/sub/and/or/xor/mul */
static void cg_alu(struct xgen *g)
{
	unsigned op = g->in->op;
	bool w = wide(g), commut = ir_opdefs[op].flags & IRF_COMMUT;
	ir_temp d = A(0), a = A(1), c = A(2);
	unsigned kc = 2;
	struct opnd o = { .reg = -1 };
	uint64_t cv;
	static const uint8_t xop[] = {
		[IR_ADD] = X_ADD, [IR_SUB] = X_SUB, [IR_AND] = X_AND, [IR_OR] = X_OR,
		[IR_XOR] = X_XOR,
	};

	if (fold(g))
		return;
	if (fuse_address(g))
		return;
	if (op == IR_SUB && ra_const(g, a, &cv) && (w ? cv : (uint32_t)cv) == 0) {
		/* 0 - c (riscv64's neg, negw): in place when c dies here */
		int rc = ra_use(g, c, XR_INT);
		ra_release_dead(g);
		int rd = ra_out(g, d, XR_INT, ra_clob(g, rc) ? rc : -1);
		if (rd != rc)
			x_mov_rr(g->b, w, rd, rc);
		x_unary(g->b, X_NEG, w, rd);
		ra_def(g, d, rd);
		return;
	}
	if (commut && (g->t[a].loc == XL_CONST ||
		       (ra_memop(g, 1, w, &o.m) && g->t[c].loc == XL_REG))) {
		/* constants and memory operands go second */
		ir_temp tmp = a;
		a = c;
		c = tmp;
		kc = 1;
	}
	int ra = ra_use(g, a, XR_INT);
	bool ci = ra_imm(g, c, w, &o.imm);
	if (op == IR_SUB && ci && (!w || o.imm != INT32_MIN)) {
		op = IR_ADD;
		o.imm = (int32_t)-(uint32_t)o.imm;
	}
	/* ops that turn into moves, extensions or not */
	int special = -1;       /* 0: mov, 1: movzx8, 2: movzx16, 3: mov32, 4: not */
	if (ra_const(g, c, &cv)) {
		if (!w)
			cv = (uint32_t)cv;
		uint64_t ones = w ? ~0ull : 0xffffffffull;
		if ((op == IR_ADD || op == IR_OR || op == IR_XOR) && cv == 0)
			special = 0;
		else if (op == IR_AND && cv == ones)
			special = 0;
		else if (op == IR_AND && cv == 0xff)
			special = 1;
		else if (op == IR_AND && cv == 0xffff)
			special = 2;
		else if (op == IR_AND && cv == 0xffffffff)
			special = 3;
		else if (op == IR_XOR && cv == ones)
			special = 4;
	}
	if (!ci && special < 0 && (op == IR_MUL || !const_opnd(g, c, w, &o))) {
		o.mem = ra_memop(g, kc, w, &o.m);
		if (!o.mem)
			o.reg = ra_use(g, c, XR_INT);
	}
	ra_release_dead(g);

	int rd;
	if (special >= 0) {
		rd = ra_out(g, d, XR_INT, ra_clob(g, ra) ? ra : -1);
		switch (special) {
		case 0:
			if (rd != ra || !w)
				x_mov_rr(g->b, w, rd, ra);
			break;
		case 1: x_movzx(g->b, 1, rd, ra); break;
		case 2: x_movzx(g->b, 2, rd, ra); break;
		case 3: x_mov_rr(g->b, false, rd, ra); break;
		case 4:
			if (rd != ra)
				x_mov_rr(g->b, w, rd, ra);
			x_unary(g->b, X_NOT, w, rd);
			break;
		}
	} else if (op == IR_MUL) {
		if (ci) {
			rd = ra_out(g, d, XR_INT, ra_clob(g, ra) ? ra : -1);
			x_imul_rri(g->b, w, rd, ra, o.imm);
		} else if (o.reg >= 0 && !ra_clob(g, ra) && ra_clob(g, o.reg)) {
			rd = ra_out(g, d, XR_INT, o.reg);
			x_imul_rr(g->b, w, rd, ra);
		} else {
			rd = ra_out(g, d, XR_INT, ra_clob(g, ra) ? ra : -1);
			if (rd != ra)
				x_mov_rr(g->b, w, rd, ra);
			if (o.mem)
				x_imul_rm(g->b, w, rd, &o.m);
			else
				x_imul_rr(g->b, w, rd, o.reg);
		}
	} else if (ra_clob(g, ra)) {
		rd = ra_out(g, d, XR_INT, ra);
		alu_op(g, xop[op], w, rd, &o);
	} else if (o.reg >= 0 && (commut || op == IR_SUB) && ra_clob(g, o.reg)) {
		rd = ra_out(g, d, XR_INT, o.reg);
		if (op == IR_SUB) {
			/* d = -(c) + a */
			x_unary(g->b, X_NEG, w, rd);
			x_alu_rr(g->b, X_ADD, w, rd, ra);
		} else {
			x_alu_rr(g->b, xop[op], w, rd, ra);
		}
	} else if (op == IR_ADD && !o.mem) {
		rd = ra_out(g, d, XR_INT, -1);
		struct xmem m = ci ? xm(ra, o.imm) : xmi(ra, o.reg, 0, 0);
		x_lea(g->b, w, rd, &m);
	} else {
		rd = ra_out(g, d, XR_INT, -1);
		x_mov_rr(g->b, w, rd, ra);
		alu_op(g, xop[op], w, rd, &o);
	}
	ra_def(g, d, rd);
}

static void cg_unary(struct xgen *g)
{
	bool w = wide(g);
	unsigned op = g->in->op;
	ir_temp d = A(0), a = A(1);

	if (fold(g))
		return;
	int ra = ra_use(g, a, XR_INT);
	ra_release_dead(g);
	int rd = ra_out(g, d, XR_INT, ra_clob(g, ra) ? ra : -1);
	bool lazy = false;
	switch (op) {
	case IR_NEG:
	case IR_NOT:
		if (rd != ra)
			x_mov_rr(g->b, w, rd, ra);
		x_unary(g->b, op == IR_NEG ? X_NEG : X_NOT, w, rd);
		break;
	case IR_EXT8U: x_movzx(g->b, 1, rd, ra); break;
	case IR_EXT16U: x_movzx(g->b, 2, rd, ra); break;
	case IR_EXT32U:
		if (rd != ra || g->t[a].type != IR_I32)
			x_mov_rr(g->b, false, rd, ra);
		break;
	case IR_EXT8S: x_movsx(g->b, 1, rd, ra); break;
	case IR_EXT16S: x_movsx(g->b, 2, rd, ra); break;
	case IR_EXT32S:
		/* in place: extended when something needs all 64 bits */
		lazy = w && rd == ra;
		if (!lazy)
			x_movsx(g->b, 4, rd, ra);
		break;
	}
	if (!w && (op == IR_EXT8S || op == IR_EXT16S || op == IR_EXT32S))
		x_mov_rr(g->b, false, rd, rd);     /* an I32 result stays zero-extended */
	ra_def(g, d, rd);
	g->t[d].sx32 = lazy;
}

static void cg_shift(struct xgen *g)
{
	bool w = wide(g);
	unsigned bits = w ? 64 : 32, op = g->in->op;
	ir_temp d = A(0), a = A(1), c = A(2);
	static const uint8_t xop[] = {
		[IR_SHL] = X_SHL, [IR_SHR] = X_SHR, [IR_SAR] = X_SAR,
		[IR_ROTL] = X_ROL, [IR_ROTR] = X_ROR,
	};
	uint64_t cv;
	int rd;

	if (fold(g))
		return;
	if (ra_const(g, c, &cv)) {
		unsigned n = cv & (bits - 1);
		int ra = ra_use(g, a, XR_INT);
		ra_release_dead(g);
		bool clob = ra_clob(g, ra);
		rd = ra_out(g, d, XR_INT, clob ? ra : -1);
		if (n == 0) {
			if (rd != ra || !w)
				x_mov_rr(g->b, w, rd, ra);
		} else if (clob) {
			x_shift_ri(g->b, xop[op], w, rd, n);
		} else if (op == IR_SHL && n <= 3) {
			/* a copy and a shift in one */
			struct xmem m = n == 1 ? xmi(ra, ra, 0, 0) : xmi(X_NOREG, ra, n, 0);
			x_lea(g->b, w, rd, &m);
		} else if ((op == IR_ROTL || op == IR_ROTR) && (g->feat & XF_BMI2)) {
			x_rorx(g->b, w, rd, ra, op == IR_ROTR ? n : bits - n);
		} else {
			x_mov_rr(g->b, w, rd, ra);
			x_shift_ri(g->b, xop[op], w, rd, n);
		}
	} else if ((g->feat & XF_BMI2) && op != IR_ROTL && op != IR_ROTR) {
		int ra = ra_use(g, a, XR_INT);
		int rc = ra_use(g, c, XR_INT);
		ra_release_dead(g);
		rd = ra_out(g, d, XR_INT, ra_clob(g, ra) ? ra : ra_clob(g, rc) ? rc : -1);
		x_shiftx(g->b, xop[op], w, rd, ra, rc);
	} else {
		ra_fixed(g, c, X_RCX);
		int ra = ra_use(g, a, XR_INT & ~XR(X_RCX));
		ra_release_dead(g);
		rd = ra_out(g, d, XR_INT & ~XR(X_RCX), ra_clob(g, ra) ? ra : -1);
		if (rd != ra)
			x_mov_rr(g->b, w, rd, ra);
		x_shift_cl(g->b, xop[op], w, rd);
	}
	ra_def(g, d, rd);
}

/* high halves of products */
static void cg_mulh(struct xgen *g)
{
	bool w = wide(g);
	unsigned op = g->in->op;
	ir_temp d = A(0), a = A(1), c = A(2);

	if (fold(g))
		return;
	if (!w) {
		/* 32-bit: the whole product fits in 64 bits */
		int ra = ra_use(g, a, XR_INT);
		int rc = ra_use(g, c, XR_INT);
		int s = ra_alloc(g, XR_INT);
		ra_release_dead(g);
		int rd = ra_out(g, d, XR_INT, ra_clob(g, ra) ? ra : -1);
		if (op == IR_MULHU) {
			x_mov_rr(g->b, false, s, rc);
			x_mov_rr(g->b, false, rd, ra);
		} else {
			if (op == IR_MULHS)
				x_movsx(g->b, 4, s, rc);
			else
				x_mov_rr(g->b, false, s, rc);
			x_movsx(g->b, 4, rd, ra);
		}
		x_imul_rr(g->b, true, rd, s);
		x_shift_ri(g->b, X_SHR, true, rd, 32);
		ra_def(g, d, rd);
		return;
	}
	ra_fixed(g, a, X_RAX);
	ra_reserve(g, X_RDX);
	int rc = ra_use(g, c, XR_INT & ~(XR(X_RAX) | XR(X_RDX)));
	int fix = -1;
	if (op == IR_MULHSU) {
		/* signed a x unsigned c = unsigned product - (a < 0 ? c << 64 : 0) */
		fix = ra_alloc(g, XR_INT);
		x_mov_rr(g->b, true, fix, X_RAX);
		x_shift_ri(g->b, X_SAR, true, fix, 63);
		x_alu_rr(g->b, X_AND, true, fix, rc);
	}
	x_unary(g->b, op == IR_MULHS ? X_IMUL1 : X_MUL, true, rc);
	if (fix >= 0)
		x_alu_rr(g->b, X_SUB, true, X_RDX, fix);
	ra_release_dead(g);
	ra_def(g, d, X_RDX);
}

/* total division: x/0 = -1, x%0 = x, INT_MIN/-1 = INT_MIN, INT_MIN%-1 = 0 */
static void cg_div(struct xgen *g)
{
	bool w = wide(g);
	unsigned op = g->in->op;
	bool sign = op == IR_DIVS || op == IR_REMS, rem = op == IR_REMS || op == IR_REMU;
	ir_temp d = A(0), a = A(1), c = A(2);
	uint64_t cv;
	bool known = ra_const(g, c, &cv);
	struct xbuf *b = g->b;

	if (fold(g))
		return;
	if (known && !w)
		cv = (uint32_t)cv;
	bool minus1 = known && (w ? cv == ~0ull : cv == 0xffffffffull);
	ra_fixed(g, a, X_RAX);
	ra_reserve(g, X_RDX);
	int rc = -1;
	if (!(sign && minus1) && !(known && cv == 0))
		rc = ra_use(g, c, XR_INT & ~(XR(X_RAX) | XR(X_RDX)));
	int res = rem ? X_RDX : X_RAX;
	size_t j_m1 = 0, j_zero = 0, j_done = 0, j_done2 = 0;

	if (known && cv == 0) {
		if (rem)
			x_mov_rr(b, w, X_RDX, X_RAX);
		else
			x_mov_ri(b, w, X_RAX, ~0ull);
	} else if (sign && minus1) {
		if (rem)
			x_zero(b, X_RDX);
		else
			x_unary(b, X_NEG, w, X_RAX);
	} else {
		if (sign && !known) {
			x_alu_ri(b, X_CMP, w, rc, -1);
			j_m1 = x_jcc8(b, X_CC_E);
		}
		if (!known) {
			x_test_rr(b, w, rc, rc);
			j_zero = x_jcc8(b, X_CC_E);
		}
		if (sign) {
			x_cqo(b, w);
			x_unary(b, X_IDIV, w, rc);
		} else {
			x_zero(b, X_RDX);
			x_unary(b, X_DIV, w, rc);
		}
		if (!known) {
			j_done = x_jmp8(b);
			if (sign) {
				x_patch8(b, j_m1);
				if (rem)
					x_zero(b, X_RDX);
				else
					x_unary(b, X_NEG, w, X_RAX);
				j_done2 = x_jmp8(b);
			}
			x_patch8(b, j_zero);
			if (rem)
				x_mov_rr(b, w, X_RDX, X_RAX);
			else
				x_alu_ri(b, X_OR, w, X_RAX, -1);
			x_patch8(b, j_done);
			if (sign)
				x_patch8(b, j_done2);
		}
	}
	ra_release_dead(g);
	ra_def(g, d, res);
}

/* compare a with c */
static void emit_cmp(struct xgen *g, bool w, int ra, const struct opnd *o)
{
	if (o->reg < 0 && !o->mem && o->imm == 0)
		x_test_rr(g->b, w, ra, ra);
	else
		alu_op(g, X_CMP, w, ra, o);
}

/* Is T's value the sign extension of its low 32 bits, as far as the
 * generator knows (a lazily extended register, a constant)? */
static bool sext32_valued(struct xgen *g, ir_temp t)
{
	uint64_t v;
	if (g->t[t].loc == XL_REG)
		return g->t[t].sx32;
	return ra_const(g, t, &v) && v == (uint64_t)(int64_t)(int32_t)v;
}

/* load the compare operands of in (args at ia, ia+1); may swap the cond;
 * *W: compare 64 bits (else 32) */
static unsigned cmp_operands(struct xgen *g, unsigned ia, int *ra, struct opnd *o, bool *wp)
{
	bool w = wide(g), narrow = g->narrow;
	unsigned cond = g->in->aux, kc = ia + 1;
	ir_temp a = A(ia), c = A(ia + 1);
	if (g->t[a].loc == XL_CONST && g->t[c].loc != XL_CONST) {
		ir_temp t = a;
		a = c;
		c = t;
		kc = ia;
		cond = cond_swap[cond];
	}
	/* two sign-extended 32-bit values compare as their low halves do,
	 * signed and unsigned alike (the extension keeps both orders) */
	if (w && (g->t[a].sx32 || g->t[c].sx32) && sext32_valued(g, a) && sext32_valued(g, c)) {
		w = false;
		g->narrow = true;
	}
	*wp = w;
	*o = (struct opnd){ .reg = -1 };
	*ra = ra_use(g, a, XR_INT);
	if (!const_opnd(g, c, w, o)) {
		o->mem = ra_memop(g, kc, w, &o->m);
		if (!o->mem)
			o->reg = ra_use(g, c, XR_INT);
	}
	g->narrow = narrow;
	return cond;
}

static void cg_setcond(struct xgen *g)
{
	int ra;
	struct opnd o;

	if (g->in->aux >= IR_ALWAYS) {
		ra_def_const(g, A(0), g->in->aux == IR_ALWAYS);
		return;
	}
	if (fold(g))
		return;
	bool w;
	unsigned cond = cmp_operands(g, 1, &ra, &o, &w);
	ra_release_dead(g);
	int rd = ra_out(g, A(0), XR_INT, -1);
	bool pre = rd != ra && rd != o.reg;
	if (pre)
		x_zero(g->b, rd);
	emit_cmp(g, w, ra, &o);
	x_setcc(g->b, cc_of[cond], rd);
	if (!pre)
		x_movzx(g->b, 1, rd, rd);
	ra_def(g, A(0), rd);
}

static void cg_movcond(struct xgen *g)
{
	bool w = wide(g);
	int ra;
	struct opnd o;
	uint64_t va, vc;
	unsigned cond = g->in->aux;

	if (cond >= IR_ALWAYS || (ra_const(g, A(1), &va) && ra_const(g, A(2), &vc))) {
		bool t = cond == IR_ALWAYS || (cond != IR_NEVER &&
					       ir_eval_cond(cond, g->in->type, va, vc));
		ir_temp s = t ? A(3) : A(4);
		uint64_t cv;
		if (ra_const(g, s, &cv)) {
			ra_release_dead(g);
			ra_def_const(g, A(0), cv);
			return;
		}
		int r = ra_use(g, s, XR_INT);
		ra_release_dead(g);
		int rd = ra_out(g, A(0), XR_INT, ra_clob(g, r) ? r : -1);
		if (rd != r || !w)
			x_mov_rr(g->b, w, rd, r);
		ra_def(g, A(0), rd);
		return;
	}
	bool w1;
	cond = cmp_operands(g, 1, &ra, &o, &w1);
	int r1 = ra_use(g, A(3), XR_INT);
	int r2 = ra_use(g, A(4), XR_INT);
	ra_release_dead(g);
	unsigned cc = cc_of[cond];
	int rd;
	if (ra_clob(g, r2) && r2 != r1) {
		rd = ra_out(g, A(0), XR_INT, r2);
		emit_cmp(g, w1, ra, &o);
		x_cmov(g->b, cc, w, rd, r1);
	} else if (ra_clob(g, r1)) {
		rd = ra_out(g, A(0), XR_INT, r1);
		emit_cmp(g, w1, ra, &o);
		x_cmov(g->b, cc ^ 1, w, rd, r2);
	} else {
		rd = ra_out(g, A(0), XR_INT, -1);
		x_mov_rr(g->b, w, rd, r2);
		emit_cmp(g, w1, ra, &o);
		x_cmov(g->b, cc, w, rd, r1);
	}
	ra_def(g, A(0), rd);
}

/* ---- control flow ---- */

static void cg_br(struct xgen *g)
{
	lb_branch(g, -1);
}

static void cg_brcond(struct xgen *g)
{
	int ra;
	struct opnd o;
	uint64_t va, vc;
	unsigned cond = g->in->aux;

	if (cond == IR_NEVER)
		return;
	if (cond == IR_ALWAYS || (ra_const(g, A(0), &va) && ra_const(g, A(1), &vc))) {
		if (cond == IR_ALWAYS || ir_eval_cond(cond, g->in->type, va, vc))
			cg_br(g);
		return;
	}
	bool w;
	cond = cmp_operands(g, 0, &ra, &o, &w);
	emit_cmp(g, w, ra, &o);
	/* (lazily extended values: ra_conform extends what the label
	 * wants extended, without touching the flags) */
	lb_branch(g, cc_of[cond]);
	ra_release_dead(g);
}

void x_direct_exit(struct xgen *g, unsigned slot, gaddr_t target)
{
	struct xbuf *b = g->b;

	if (slot >= g->tb->n_exits || (g->slots_used & (1u << slot))) {
		x_exit_code(g, IR_EXIT_LOOKUP, true, target);
		return;
	}
	g->slots_used |= 1u << slot;
	/* chaining rewrites the rel32 while threads may run this code */
	size_t p = x_jmp32_patchable(b);
	/* rel32 = 0 enters the stub right behind it */
	if (b == &g->main)
		g->tb->exit[slot].jmp_off = (int32_t)p;
	else
		g->cold_jmp[slot] = (int32_t)p;
	/* the CPU loop reads the target from tb->exit[slot].pc */
	g->tb->exit[slot].pc = target;
	x_mov_addr(g, X_RAX, XFX_TB64, slot + 1);
	x_jmp_epilogue(g);
}

static void cg_exit_direct(struct xgen *g)
{
	ra_sync(g);
	x_direct_exit(g, g->in->aux, (gaddr_t)g->in->imm);
	g->reachable = false;
	ra_drop(g);
}

/*
 * A superblock's side exit: compare, and on the cold path write back what
 * is dirty and leave through a chainable exit.  The main path keeps every
 * binding, dirty globals included.
 */
static void cg_exit_cond(struct xgen *g)
{
	int ra;
	struct opnd o;
	uint64_t va, vc;
	unsigned cond = g->in->aux, slot = g->in->aux2;
	gaddr_t target = (gaddr_t)g->in->imm;

	if (cond == IR_NEVER)
		return;
	if (cond == IR_ALWAYS || (ra_const(g, A(0), &va) && ra_const(g, A(1), &vc))) {
		if (cond == IR_ALWAYS || ir_eval_cond(cond, g->in->type, va, vc)) {
			ra_sync(g);
			x_direct_exit(g, slot, target);
			g->reachable = false;
			ra_drop(g);
		}
		return;
	}
	if (g->idx + 1 < g->ir->n_insns && g->ir->insns[g->idx + 1].op == IR_EXIT_DIRECT)
		ra_sync(g);     /* the block's last branch: write back once */
	bool w;
	cond = cmp_operands(g, 0, &ra, &o, &w);
	emit_cmp(g, w, ra, &o);
	x_cold_begin(g, cc_of[cond]);
	ra_store_all_dirty(g);
	if (g->ir->can_grow && !g->ir->superblock) {
		/* a basic block of the first tier counts the runs that take
		 * its branch, for the superblock it becomes (tb_branch_profile);
		 * everything is written back, rax is free */
		x_mov_addr(g, X_RAX, XFX_TB64, offsetof(struct tb, taken));
		struct xmem m = xm(X_RAX, 0);
		x_alu_mi(g->b, X_ADD, 4, &m, 1);
	}
	x_direct_exit(g, slot, target);
	(void)x_cold_end(g, false);
	ra_release_dead(g);
}

/*
 * Leave to the guest pc in register R: straight into its block when the
 * CPU's jump cache knows it, else through the CPU loop.  Everything is
 * written back: any other register is free to use.
 */
static void jc_jump(struct xgen *g, int r)
{
	struct xbuf *b = g->b;
	int ix = r == X_RCX ? X_RDX : X_RCX, jc = r == X_RAX ? X_RDX : X_RAX;
	/* entry = jc[(pc >> 1) & (JC_SIZE - 1)]; 16-byte entries */
	_Static_assert(sizeof(struct jc_entry) == 16, "jc entry layout");
	x_mov_rr(b, false, ix, r);
	x_alu_ri(b, X_AND, false, ix, (JC_SIZE - 1) << 1);
	struct xmem mjc = xm(X_RBP, CPU_OFF(jc));
	x_load(b, 8, false, jc, &mjc);
	struct xmem e = xmi(jc, ix, 3, 0);
	uint64_t fkey = jc_flags_key(g->ir->flags);
	if (fkey) {
		/* entries are keyed by pc ^ mode flags (translate/cpu.h) */
		int k = r == X_RSI || ix == X_RSI || jc == X_RSI ? X_RDI : X_RSI;
		x_mov_ri(b, true, k, fkey);
		x_alu_rr(b, X_XOR, true, k, r);
		x_alu_rm(b, X_CMP, true, k, &e);
	} else {
		x_alu_rm(b, X_CMP, true, r, &e);
	}
	size_t miss = x_jcc8(b, X_CC_NE);
	e.disp = 8;
	x_jmp_m(b, &e);
	x_patch8(b, miss);
	struct xmem mpc = xm(X_RBP, CPU_OFF(pc));
	x_store(b, 8, &mpc, r);
	x_mov_ri(b, false, X_RAX, IR_EXIT_LOOKUP);
	x_jmp_epilogue(g);
}

/*
 * A basic block of the first tier keeps where its indirect jump (to R)
 * went, for the superblock that predicts it (tb_indirect_profile): when
 * the target is not the last one, the last one becomes the alternative
 * and the change is counted.  Everything is written back: any register
 * but R is free.
 */
static void keep_target(struct xgen *g, int r)
{
	struct xbuf *b = g->b;
	int s = r == X_RAX ? X_RDX : X_RAX, o = r == X_RCX ? X_RSI : X_RCX;
	_Static_assert(offsetof(struct tb_ind, target) == 0, "tb_ind layout");
	x_mov_addr(g, s, XFX_TB64, offsetof(struct tb, ind));
	struct xmem last = xm(s, offsetof(struct tb_ind, target));
	struct xmem alt = xm(s, offsetof(struct tb_ind, alt));
	struct xmem changes = xm(s, offsetof(struct tb_ind, changes));
	x_alu_rm(b, X_CMP, true, r, &last);
	size_t same = x_jcc8(b, X_CC_E);
	x_load(b, 8, false, o, &last);
	x_store(b, 8, &alt, o);
	x_store(b, 8, &last, r);
	x_alu_mi(b, X_ADD, 4, &changes, 1);
	x_patch8(b, same);
}

static void cg_exit_indirect(struct xgen *g)
{
	ir_temp t = A(0);
	uint64_t v;

	ra_sync(g);
	if (ra_const(g, t, &v)) {
		x_exit_code(g, IR_EXIT_LOOKUP, true, v);
	} else {
		int r = ra_use(g, t, XR_INT);
		if (g->ir->can_grow && !g->ir->superblock)
			keep_target(g, r);
		jc_jump(g, r);
	}
	g->reachable = false;
	ra_drop(g);
}

/*
 * A predicted indirect jump: compare the target with the prediction; on
 * the cold path (a miss) write back what is dirty and leave to the target.
 * The main path keeps every binding, as after a side exit.
 */
static void cg_exit_predict(struct xgen *g)
{
	uint64_t va, vp;

	if (ra_const(g, A(0), &va) && ra_const(g, A(1), &vp)) {
		if (va != vp) {
			ra_sync(g);
			x_exit_code(g, IR_EXIT_LOOKUP, true, va);
			g->reachable = false;
			ra_drop(g);
		}
		return;
	}
	int ra;
	struct opnd o;
	bool w;
	(void)cmp_operands(g, 0, &ra, &o, &w);  /* aux: IR_EQ */
	emit_cmp(g, true, ra, &o);
	x_cold_begin(g, cc_of[IR_NE]);
	ra_store_all_dirty(g);
	/* leaving: the register may change (its global is written back
	 * when dirty, and clean in memory otherwise) */
	if (g->in->imm)
		x_alu_ri(g->b, X_AND, true, ra, (int32_t)~(uint32_t)g->in->imm);
	jc_jump(g, ra);
	(void)x_cold_end(g, false);
	ra_release_dead(g);
}

static void cg_exit_loop(struct xgen *g)
{
	ra_sync(g);
	x_exit_code(g, g->in->aux2, true, (gaddr_t)g->in->imm);
	g->reachable = false;
	ra_drop(g);
}

void cg_insn(struct xgen *g)
{
	const struct ir_insn *in = g->in;

	if (!g->reachable && in->op != IR_LABEL)
		return;
	/* lazily extended values (ra_sx) live across these ops only; the
	 * ones of type I32 read their operands' low halves */
	switch (in->op) {
	case IR_EXT8S: case IR_EXT8U: case IR_EXT16S: case IR_EXT16U:
	case IR_EXT32S: case IR_EXT32U:
		g->narrow = true;
		break;
	case IR_ADD: case IR_SUB: case IR_MUL: case IR_AND: case IR_OR: case IR_XOR:
	case IR_SHR: case IR_SAR: case IR_ROTL: case IR_ROTR:
	case IR_NEG: case IR_NOT: case IR_SETCOND: case IR_EXIT_COND: case IR_BRCOND:
		g->narrow = in->type == IR_I32;
		break;
	case IR_SHL: {
		/* a shift left by 32 or more reads the low half only (riscv64's
		 * zero extension: slli 32, then srli) */
		uint64_t n;
		g->narrow = in->type == IR_I32 ||
			    (ra_const(g, in->args[2], &n) && n >= 32 && n < 64);
		break;
	}
	case IR_INSN_START: case IR_MOV: case IR_LD: case IR_ST:
	case IR_LABEL: case IR_BR:      /* label states keep them (labels.c) */
		g->narrow = false;
		break;
	default:
		g->narrow = false;
		ra_sx_all(g);
		break;
	}
	switch (in->op) {
	case IR_INSN_START:
		g->insn_pc = (gaddr_t)in->imm;
		return;
	case IR_MOV:
		cg_mov(g);
		break;
	case IR_ADD: case IR_SUB: case IR_MUL: case IR_AND: case IR_OR: case IR_XOR:
		cg_alu(g);
		break;
	case IR_SHL: case IR_SHR: case IR_SAR: case IR_ROTL: case IR_ROTR:
		cg_shift(g);
		break;
	case IR_NEG: case IR_NOT: case IR_EXT8S: case IR_EXT8U: case IR_EXT16S:
	case IR_EXT16U: case IR_EXT32S: case IR_EXT32U:
		cg_unary(g);
		break;
	case IR_MULHS: case IR_MULHU: case IR_MULHSU:
		cg_mulh(g);
		break;
	case IR_DIVS: case IR_DIVU: case IR_REMS: case IR_REMU:
		cg_div(g);
		break;
	case IR_SETCOND:
		cg_setcond(g);
		break;
	case IR_MOVCOND:
		cg_movcond(g);
		break;
	case IR_LD: case IR_ST: case IR_CMPXCHG: case IR_ATOMIC: case IR_FENCE:
	case IR_LD_ENV: case IR_ST_ENV:
		cg_mem(g);
		break;
	case IR_CALL:
		cg_call(g);
		break;
	case IR_LABEL:
		lb_place(g);
		break;
	case IR_BR:
		cg_br(g);
		break;
	case IR_BRCOND:
		cg_brcond(g);
		break;
	case IR_EXIT_DIRECT:
		cg_exit_direct(g);
		break;
	case IR_EXIT_COND:
		cg_exit_cond(g);
		break;
	case IR_EXIT_INDIRECT:
		cg_exit_indirect(g);
		break;
	case IR_EXIT_PREDICT:
		cg_exit_predict(g);
		break;
	case IR_EXIT_LOOP:
		cg_exit_loop(g);
		break;
	default:
		cg_fp(g);
		break;
	}
	ra_end_insn(g);
}
