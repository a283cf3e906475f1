/*
 * labels.c - joins and loops inside one block: where the guest globals are
 * at each label.
 *
 * A label has a state for the globals (struct xlabel: each in a register or
 * in memory, and whether its memory copy is stale) that every way into it
 * establishes; locals never cross a label (ir.h).  So registers survive a
 * branch, a join and a loop, where writing every dirty global back at a
 * branch and forgetting them all at a label would cost stores and loads on
 * each pass.
 *
 *   forward branch   the label is not placed yet: jcc/jmp rel32 whose
 *                    target is fixed when it is, and a snapshot of where
 *                    the globals are at the branch (struct xpend)
 *   label            its state is that of the path falling into it
 *                    (constants put in registers; a clean global only where
 *                    every branch to it has it in a register too), or that
 *                    of its first branch when nothing falls in; at a loop
 *                    head the body's most used globals come first
 *                    (head_state);
 *                    then each waiting branch gets a stub in cold code that
 *                    moves its snapshot to that state (ra_conform) and
 *                    jumps to the label, or the label itself when nothing
 *                    needs moving
 *   backward branch  a loop: the globals to the label's state, jump back
 *                    (a conditional one branches over both when not
 *                    taken, or is the jump back itself when nothing
 *                    needs moving).  The jump's rel32 is patchable:
 *                    break_loops points it at a stub in cold code that
 *                    writes back and leaves with IR_EXIT_REQUEST at the
 *                    label's guest pc; that is how a thread leaves a
 *                    loop whose block has been invalidated
 *                    (tb_invalidate).  No poll of cpu->exit_request: a
 *                    loop costs its jump only.
 *
 * Loops are found on the block's basic blocks (find_loops): a label heads
 * one when branches come back to it from code that every way from the
 * entry reaches through it; the loop's body is what reaches those branches
 * without passing the label.  (A branch back to a label that does not
 * dominate it, such as a side segment's way back into the block, is a
 * plain join.)  A loop head's state: up to LOOP_INT integer and LOOP_XMM
 * FP globals in registers, the body's most used first (a use in an inner
 * loop counts eight times), each where the way in has it or in a free
 * register, then what else the way in has in registers; dirty when the
 * body writes them anywhere (so that a back-edge never has to store them).
 * Nothing depends on the choice but speed: the allocator may move or evict
 * anything in the body, and the back-edge puts it back.
 *
 * A lazily sign-extended global (a W-op's result, regalloc.c) stays so in
 * a label's state (TD_SX32) where every way in gives it so (sx_agree); at
 * a loop head, where the way in does and the body writes it with nothing
 * but sign-extended 32-bit values (head_bits).  A 32-bit loop counter
 * then costs no movsxd at its back-edge.
 */
#include <string.h>
#include "x86.h"

/* registers a loop head may give to globals (the rest is for the body's
 * temporaries: rax, rcx, rdx, and r15 when the guest base is 0; xz -9:
 * 10 rather than 9 saves 0.7% of the generated instructions) */
#define LOOP_INT 10
#define LOOP_XMM 12

/* where a loop head puts a global it loads: callee-saved first (they
 * survive helper calls in the body), the fixed-use rax/rcx/rdx never */
static const int8_t loop_int_regs[] = {
	X_RBX, X_R12, X_R13, X_R14, X_RSI, X_RDI, X_R8, X_R9, X_R10, X_R11,
};

#define WRITTEN 0x80000000u
#define NOT_SX 0x40000000u
#define USES 0x3fffffffu

/* Does IN give its result (args[0]) a value that is the sign extension
 * of its low half? */
static bool sext32_result(const struct ir_block *ir, const struct ir_insn *in)
{
	if (in->op == IR_EXT32S)
		return true;
	if (in->op != IR_MOV || ir->temps[in->args[1]].kind != IR_TK_CONST)
		return false;
	uint64_t v = ir->temps[in->args[1]].val;
	return v == (uint64_t)(int64_t)(int32_t)v;
}

/* Uses of each global in insns [from, to), weighted by WEIGHT; bit 31:
 * written there; bit 30: written there with a value that may not be the
 * sign extension of its low half (a lazily extended global at the loop's
 * head stays one only without such writes). */
static void count_uses(struct xgen *g, unsigned from, unsigned to, uint32_t weight)
{
	const struct ir_block *ir = g->ir;
	unsigned ng = ir->n_globals;
	uint32_t *uses = g->uses;

	for (unsigned i = from; i < to; i++) {
		const struct ir_insn *in = &ir->insns[i];
		const struct ir_opdef *d = &ir_opdefs[in->op];
		unsigned n = d->nout + d->nin < 5 ? d->nout + d->nin : 5;
		if (in->op == IR_ST_ENV || (in->op == IR_CALL &&
		    (((const struct ir_helper *)(intptr_t)in->imm)->flags & IRH_WRITES_GLOBALS)))
			for (unsigned t = 0; t < ng; t++)
				uses[t] |= NOT_SX;
		for (unsigned k = 0; k < n; k++) {
			ir_temp t = in->args[k];
			if (t == IR_NONE || t >= ng)
				continue;
			if ((uses[t] & USES) + weight <= USES)
				uses[t] += weight;
			if (k < d->nout)
				uses[t] |= WRITTEN | (sext32_result(ir, in) ? 0 : NOT_SX);
		}
	}
}

/* A register for a global of class XMM none of TAKEN, preferring ones
 * AVOID does not hold either. */
static int free_for(bool xmm, uint32_t taken, uint32_t avoid)
{
	for (int pass = 0; pass < 2; pass++, avoid = 0) {
		if (xmm) {
			for (int k = 31; k >= 16; k--)
				if (!((taken | avoid) & XR(k)))
					return k;
		} else {
			for (unsigned k = 0; k < ARRAY_SIZE(loop_int_regs); k++)
				if (!((taken | avoid) & XR(loop_int_regs[k])))
					return loop_int_regs[k];
		}
	}
	return -1;
}

/* A loop head's TD_* bits for a global the way in has with BITS, USES
 * its uses in the body: dirty when the body writes it; lazily extended
 * when the way in has it so and the body writes it, only with such values
 * (known only where the body is known to be its basic blocks).  One the
 * body only reads is extended on the way in, once: lazily extended at the
 * head, it would be extended by every pass that needs it whole. */
static uint8_t head_bits(const struct xgen *g, uint8_t bits, uint32_t uses)
{
	uint8_t td = bits & TD_DIRTY;
	if (uses & WRITTEN)
		td |= TD_DIRTY;
	if ((bits & TD_SX32) && (uses & WRITTEN) && !(uses & NOT_SX) && g->nbb)
		td |= TD_SX32;
	return td;
}

/* A loop head's state, from the way in's (in treg/tdirty on entry). */
static void head_state(struct xgen *g, struct xlabel *lb)
{
	const struct ir_block *ir = g->ir;
	unsigned ng = ir->n_globals, n[2] = { 0, 0 };
	const unsigned room[2] = { LOOP_INT, LOOP_XMM };
	uint32_t *uses = g->uses;
	int8_t *base = g->base_reg;
	uint8_t *base_dirty = g->base_dirty;
	uint32_t taken = 0, in_base = 0;
	const uint32_t *next = &g->label_next[(size_t)(lb - g->lab) * ng];

	for (unsigned i = 0; i < ng; i++) {
		uses[i] = 0;
		base[i] = lb->treg[i];
		base_dirty[i] = lb->tdirty[i];
		if (base[i] >= 0)
			in_base |= XR(base[i]);
		lb->treg[i] = -1;
		lb->tdirty[i] = 0;
	}
	/* a use in an inner loop counts as eight, in one inside that 64 */
	if (g->nbb) {
		for (unsigned b = 0; b < g->nbb; b++)
			if (lb->body & (1ull << b)) {
				unsigned depth = 0;
				for (unsigned l = 0; l < ir->n_labels; l++)
					depth += g->lab[l].head && g->lab[l].body & (1ull << b) &&
						 (g->lab[l].body & lb->body) != lb->body;
				count_uses(g, g->bb_start[b], g->bb_start[b + 1],
					   1u << (3 * (depth < 4 ? depth : 4)));
			}
	} else {
		count_uses(g, (unsigned)lb->idx, (unsigned)lb->last_back + 1, 1);
	}
	/* the body's globals, most used first: where the way in has them,
	 * else in a register the way in leaves free if there is one; those
	 * written before anything reads them (their value here is dead) last */
	for (bool dead = false;;) {
		int best = -1;
		for (unsigned i = 0; i < ng; i++) {
			unsigned c = x_is_fp_type(ir->globals[i].type);
			if ((uses[i] & USES) && n[c] < room[c] && (next[i] == X_NEVER) == dead &&
			    (best < 0 || (uses[i] & USES) > (uses[best] & USES)))
				best = (int)i;
		}
		if (best < 0 && !dead) {
			dead = true;
			continue;
		}
		if (best < 0)
			break;
		unsigned c = x_is_fp_type(ir->globals[best].type);
		int r = base[best];
		uint8_t bits = base_dirty[best];
		if (r < 0 || (taken & XR(r))) {
			r = free_for(c, taken, in_base);
			bits = 0;
		}
		uses[best] &= WRITTEN | NOT_SX;  /* considered */
		if (r < 0)
			continue;
		n[c]++;
		taken |= XR(r);
		lb->treg[best] = (int8_t)r;
		/* written in the body: dirty, so that back-edges need not
		 * store it */
		lb->tdirty[best] = head_bits(g, bits, uses[best]);
	}
	/* then what else the way in has in registers, while there is room */
	for (unsigned i = 0; i < ng; i++) {
		int r = base[i];
		unsigned c = r >= 16;
		if (r < 0 || lb->treg[i] >= 0 || (taken & XR(r)) || n[c] == room[c] ||
		    next[i] == X_NEVER)
			continue;
		n[c]++;
		taken |= XR(r);
		lb->treg[i] = (int8_t)r;
		lb->tdirty[i] = head_bits(g, base_dirty[i], uses[i]);
	}
}

static bool ends_bb(unsigned op)
{
	return op == IR_BR || op == IR_BRCOND || op == IR_EXIT_DIRECT ||
	       op == IR_EXIT_INDIRECT || op == IR_EXIT_LOOP;
}

/*
 * Which labels head loops, and their bodies: the basic blocks (split at
 * labels and after branches and exits) from which a branch back to the
 * label is reached without passing it.  A label some path from the entry
 * gets around is no loop head, only a join that a later branch comes back
 * to (a side segment's way back into the block).
 */
static void find_loops(struct xgen *g)
{
	const struct ir_block *ir = g->ir;
	uint64_t pred[X_MAX_BB];
	unsigned nbb = 0, start = 0, l;

	g->nbb = 0;
	for (l = 0; l < ir->n_labels && g->lab[l].last_back < 0; l++)
		;
	if (l == ir->n_labels)
		return;         /* no branch back: no loop */

	for (unsigned i = 0; i <= ir->n_insns; i++) {
		bool cut = i == ir->n_insns || (ir->insns[i].op == IR_LABEL && i > start) ||
			   (i > start && ends_bb(ir->insns[i - 1].op));
		if (!cut)
			continue;
		if (nbb == X_MAX_BB) {
			g->nbb = 0;     /* too many: bodies are ranges */
			return;
		}
		g->bb_start[nbb++] = start;
		start = i;
	}
	g->bb_start[nbb] = ir->n_insns;
	g->nbb = nbb;
	for (unsigned b = 0; b < nbb; b++)
		pred[b] = 0;
	for (unsigned b = 0; b < nbb; b++) {
		const struct ir_insn *last = &ir->insns[g->bb_start[b + 1] - 1];
		if (last->op == IR_BR || last->op == IR_BRCOND) {
			int lb_idx = g->lab[last->aux2].idx;
			for (unsigned c = 0; c < nbb; c++)
				if (g->bb_start[c] == (uint32_t)lb_idx)
					pred[c] |= 1ull << b;
		}
		if (b + 1 < nbb && last->op != IR_BR && !ends_bb(last->op))
			pred[b + 1] |= 1ull << b;
		else if (b + 1 < nbb && last->op == IR_BRCOND)
			pred[b + 1] |= 1ull << b;
	}
	for (l = 0; l < ir->n_labels; l++) {
		struct xlabel *lb = &g->lab[l];
		if (lb->last_back < 0)
			continue;
		unsigned h = 0;
		while (g->bb_start[h] != (uint32_t)lb->idx)
			h++;
		/* the sources of the branches back to it */
		uint64_t work = 0, body = 1ull << h;
		for (unsigned b = h; b < nbb; b++) {
			const struct ir_insn *last = &ir->insns[g->bb_start[b + 1] - 1];
			if ((last->op == IR_BR || last->op == IR_BRCOND) && last->aux2 == l)
				work |= 1ull << b;
		}
		bool around = false;    /* reached from the entry around it */
		while (work && !around) {
			unsigned b = (unsigned)__builtin_ctzll(work);
			work &= work - 1;
			if (body & (1ull << b))
				continue;
			around = b == 0;
			body |= 1ull << b;
			work |= pred[b] & ~body;
		}
		lb->head = !around;
		lb->body = body;
	}
}

void lb_setup(struct xgen *g)
{
	const struct ir_block *ir = g->ir;

	g->n_pend = 0;
	for (unsigned l = 0; l < ir->n_labels; l++) {
		g->lab[l].idx = -1;
		g->lab[l].last_back = -1;
		g->lab[l].head = false;
		g->lab[l].has_gpc = false;
	}
	for (unsigned i = 0; i < ir->n_insns; i++) {
		const struct ir_insn *in = &ir->insns[i];
		if (in->op == IR_LABEL) {
			struct xlabel *lb = &g->lab[in->aux2];
			unsigned k = i + 1;
			lb->idx = (int32_t)i;
			while (k < ir->n_insns && ir->insns[k].op == IR_LABEL)
				k++;
			if (k < ir->n_insns && ir->insns[k].op == IR_INSN_START) {
				lb->has_gpc = true;
				lb->gpc = (gaddr_t)ir->insns[k].imm;
			}
		} else if ((in->op == IR_BR || in->op == IR_BRCOND) &&
			   g->lab[in->aux2].idx >= 0) {
			g->lab[in->aux2].last_back = (int32_t)i;
		}
	}
	find_loops(g);
	if (!g->nbb)    /* no basic blocks (too many): every branch back is a loop */
		for (unsigned l = 0; l < ir->n_labels; l++)
			g->lab[l].head = g->lab[l].last_back >= 0;
	g->cur_bb = 0;
	g->any_head = false;
	for (unsigned l = 0; l < ir->n_labels; l++)
		g->any_head |= g->lab[l].head;
}

/*
 * A result for global T inside a loop goes best where the loop's head
 * state has T: the back-edge then has nothing to move (ra_out).  The
 * innermost loop whose body holds insn idx (the generator goes forward,
 * so cur_bb only moves on); its head, placed before its body, has its
 * state.
 */
int lb_loop_reg(struct xgen *g, ir_temp t, ir_temp *into)
{
	const struct ir_block *ir = g->ir;
	int best = -1;
	unsigned best_n = ~0u;

	if (!g->any_head)
		return -1;
	if (t >= ir->n_globals) {
		/* a local that the next op copies or extends into a global
		 * (the 32-bit result of a W-op): that global's register */
		unsigned j = g->idx + 1;
		while (j < ir->n_insns && ir->insns[j].op == IR_INSN_START)
			j++;
		const struct ir_insn *in = &ir->insns[j];
		if (j == ir->n_insns || in->args[1] != t || in->args[0] >= ir->n_globals ||
		    (in->op != IR_MOV && in->op != IR_EXT32U && in->op != IR_EXT32S))
			return -1;
		t = in->args[0];
	}
	*into = t;
	if (g->nbb)
		while (g->cur_bb + 1 < g->nbb && g->bb_start[g->cur_bb + 1] <= g->idx)
			g->cur_bb++;
	for (unsigned l = 0; l < ir->n_labels; l++) {
		const struct xlabel *lb = &g->lab[l];
		if (!lb->head || lb->idx < 0 || (unsigned)lb->idx > g->idx)
			continue;
		unsigned n;
		if (g->nbb) {
			if (!(lb->body & (1ull << g->cur_bb)))
				continue;
			n = (unsigned)__builtin_popcountll(lb->body);
		} else {
			if ((unsigned)lb->last_back < g->idx)
				continue;
			n = (unsigned)(lb->last_back - lb->idx);
		}
		if (n < best_n) {
			best = (int)l;
			best_n = n;
		}
	}
	return best < 0 ? -1 : g->lab[best].treg[t];
}

static struct xsnap *pend_snap(struct xgen *g, unsigned p)
{
	return &g->snap[(size_t)p * g->ir->n_globals];
}

/*
 * Label L's state may have a global lazily extended (TD_SX32) only where
 * every way in can give it so: the branches waiting for it (a constant
 * or a lazily extended register; ra_snap_sx32), and the path falling in,
 * which has it so when the state came from it (ra_join_state) and is
 * extended here otherwise.  The branches back to a loop head give it so
 * by head_bits; a label others branch back to takes none.
 */
static void sx_agree(struct xgen *g, unsigned l, bool head)
{
	struct xlabel *lb = &g->lab[l];
	for (unsigned i = 0; i < g->ir->n_globals; i++) {
		if (!(lb->tdirty[i] & TD_SX32))
			continue;
		/* (branches back to a label that heads no loop come from
		 * code nothing here knows) */
		bool ok = head || lb->last_back < 0;
		for (unsigned p = 0; p < g->n_pend && ok; p++)
			if (g->pend[p].label == l)
				ok = ra_snap_sx32(pend_snap(g, p), i);
		if (ok)
			continue;
		lb->tdirty[i] &= (uint8_t)~TD_SX32;
		if (g->reachable && !head)
			ra_sx(g, (ir_temp)i);   /* the state is the path's */
	}
}

void lb_place(struct xgen *g)
{
	unsigned l = g->in->aux2, ng = g->ir->n_globals;
	struct xlabel *lb = &g->lab[l];
	const struct xsnap *waiting[16];
	unsigned n_wait = 0, first = ~0u;

	for (unsigned p = 0; p < g->n_pend; p++)
		if (g->pend[p].label == l) {
			if (first == ~0u)
				first = p;
			if (n_wait < ARRAY_SIZE(waiting))
				waiting[n_wait++] = pend_snap(g, p);
		}
	bool head = lb->head;
	/* the way in: the path falling into the label (at a loop head, with
	 * everything it has in registers), else the first branch */
	if (g->reachable) {
		ra_join_state(g, waiting, head ? 0 : n_wait, lb->treg, lb->tdirty, head);
	} else if (first != ~0u) {
		ra_snap_state(g, pend_snap(g, first), lb->treg, lb->tdirty);
	} else {
		memset(lb->treg, -1, ng);
		memset(lb->tdirty, 0, ng);
	}
	if (head)
		head_state(g, lb);
	sx_agree(g, l, head);
	if (head && g->reachable) {
		ra_snapshot(g, g->cur);
		ra_conform(g, g->cur, lb->treg, lb->tdirty);
	}
	g->label_pos[l] = (int32_t)g->main.pos;
	/* the waiting branches' way in */
	unsigned o = 0;
	for (unsigned p = 0; p < g->n_pend; p++) {
		struct xpend pe = g->pend[p];
		if (pe.label != l) {
			if (o != p)
				memcpy(pend_snap(g, o), pend_snap(g, p), ng * sizeof *g->snap);
			g->pend[o++] = pe;
			continue;
		}
		size_t start = g->cold.pos;
		g->b = &g->cold;
		ra_conform(g, pend_snap(g, p), lb->treg, lb->tdirty);
		if (g->cold.pos == start) {
			g->fix[pe.fix].kind = XFX_LABEL;
			g->fix[pe.fix].target = l;
		} else {
			size_t j = x_jmp32(g->b);
			x_fix(g, j, j + 4, XFX_LABEL, l);
			g->fix[pe.fix].kind = XFX_COLD;
			g->fix[pe.fix].target = start;
		}
		g->b = &g->main;
	}
	g->n_pend = o;
	ra_set_state(g, lb->treg, lb->tdirty, &g->label_next[(size_t)l * ng]);
}

/* A branch back to a placed label (taken on CC, always if < 0): a loop.
 * A conditional one branches over the moves to the label's state and the
 * jump back, or, when nothing needs moving, is the jump back itself. */
static void back_edge(struct xgen *g, struct xlabel *lb, unsigned l, int cc)
{
	struct xbuf *b = g->b;

	ra_snapshot(g, g->cur);
	size_t at = b->pos, skip = cc >= 0 ? x_jcc32(b, (unsigned)cc ^ 1) : 0;
	size_t moves = b->pos;
	ra_conform(g, g->cur, lb->treg, lb->tdirty);
	if (!lb->has_gpc) {
		/* a loop inside one guest insn: never broken */
		int64_t rel8 = (int64_t)g->label_pos[l] - (int64_t)(b->pos + 2);
		if (x_fits8(rel8)) {
			x_byte(b, 0xeb);
			x_byte(b, (uint8_t)rel8);
		} else {
			size_t p = x_jmp32(b);
			x_fix(g, p, p + 4, XFX_LABEL, l);
		}
		if (cc >= 0)
			x_patch32_to(b, skip, b->pos);
		return;
	}
	/* break_loops points the rel32 at the stub while the loop may run */
	size_t p;
	if (cc >= 0 && b->pos == moves) {
		b->pos = at;
		p = x_jcc32_patchable(b, (unsigned)cc);
	} else {
		p = x_jmp32_patchable(b);
		if (cc >= 0)
			x_patch32_to(b, skip, b->pos);
	}
	x_fix(g, p, p + 4, XFX_LABEL, l);
	g->loops[g->n_loops++] = (struct tb_loop){ (uint32_t)p, (uint32_t)g->cold.pos };
	g->b = &g->cold;
	ra_store_state(g, lb->treg, lb->tdirty);
	x_exit_code(g, IR_EXIT_REQUEST, true, lb->gpc);
	g->b = &g->main;
}

void lb_branch(struct xgen *g, int cc)
{
	unsigned l = g->in->aux2, ng = g->ir->n_globals;
	struct xlabel *lb = &g->lab[l];

	WARP_ASSERT(g->b == &g->main);
	if (g->label_pos[l] >= 0) {
		back_edge(g, lb, l, cc);
	} else {
		if (g->n_pend == g->cap_pend) {
			g->cap_pend = g->cap_pend ? 2 * g->cap_pend : 8;
			g->pend = xrealloc(g->pend, g->cap_pend * sizeof *g->pend);
		}
		if (g->n_pend == g->cap_snap) {
			g->cap_snap = g->cap_pend;
			g->snap = xrealloc(g->snap, (size_t)g->cap_snap * ng * sizeof *g->snap);
		}
		ra_snapshot(g, pend_snap(g, g->n_pend));
		size_t p = cc < 0 ? x_jmp32(g->b) : x_jcc32(g->b, (unsigned)cc);
		g->pend[g->n_pend++] = (struct xpend){ .label = l, .fix = g->n_fix };
		x_fix(g, p, p + 4, XFX_COLD, 0);        /* target set by lb_place */
	}
	if (cc < 0) {
		g->reachable = false;
		ra_drop(g);
	}
}
