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
 *                    (constants written back; a clean global only where
 *                    every branch to it has it in a register too), or that
 *                    of its first branch when nothing falls in; at a loop
 *                    head (a branch comes back to it) the globals the body
 *                    uses most are added (head_state);
 *                    then each waiting branch gets a stub in cold code that
 *                    moves its snapshot to that state (ra_conform) and
 *                    jumps to the label, or the label itself when nothing
 *                    needs moving
 *   backward branch  a loop: the globals to the label's state, a check of
 *                    cpu->exit_request (its stub writes back and leaves
 *                    with IR_EXIT_REQUEST at the label's guest pc; that is
 *                    also how a thread leaves a loop whose block has been
 *                    invalidated, see tb_invalidate), jump back; a
 *                    conditional one branches over all that when not taken
 *
 * A loop head's state: up to LOOP_INT integer and LOOP_XMM FP globals in
 * registers, the ones the body (the label to its last back-edge) uses most
 * first, each where the way in has it or in a free register; dirty when
 * the body writes them anywhere (so that a back-edge never has to store
 * them).  Nothing depends on the choice but speed: the allocator may move
 * or evict anything in the body, and the back-edge puts it back.
 */
#include <string.h>
#include "x86.h"

/* registers a loop head may give to globals (the rest is for the body's
 * temporaries) */
#define LOOP_INT 9
#define LOOP_XMM 12

/* where a loop head puts a global it loads: callee-saved first (they
 * survive helper calls in the body), the fixed-use rax/rcx/rdx never */
static const int8_t loop_int_regs[] = {
	X_RBX, X_R12, X_R13, X_R14, X_RSI, X_RDI, X_R8, X_R9, X_R10, X_R11,
};

/*
 * A loop head's state, from BASE (the state of the way in, already in
 * treg/tdirty): the globals the body (insns from..to) uses most come into
 * registers, those the body does not use stay where they are while there is
 * room; a global the body writes is dirty there, so that back-edges need
 * not store it.
 */
static void head_state(struct xgen *g, struct xlabel *lb, unsigned from, unsigned to)
{
	const struct ir_block *ir = g->ir;
	unsigned ng = ir->n_globals, n_int = 0, n_xmm = 0;
	uint16_t *uses = g->uses;
	uint32_t taken = 0;

	for (unsigned i = 0; i < ng; i++)
		uses[i] = 0;
	for (unsigned i = from; i <= to; i++) {
		const struct ir_insn *in = &ir->insns[i];
		const struct ir_opdef *d = &ir_opdefs[in->op];
		unsigned n = d->nout + d->nin < 5 ? d->nout + d->nin : 5;
		for (unsigned k = 0; k < n; k++) {
			ir_temp t = in->args[k];
			if (t == IR_NONE || t >= ng)
				continue;
			/* bit 15: written */
			if ((uses[t] & 0x7fff) < 0x7fff)
				uses[t]++;
			if (k < d->nout)
				uses[t] |= 0x8000;
		}
	}
	/* keep the used ones of the way in, then the unused while there is
	 * room (most used first) */
	for (unsigned pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < ng; i++) {
			int r = lb->treg[i];
			bool used = uses[i] & 0x7fff;
			if (r < 0 || (taken & XR(r)) || used != (pass == 0))
				continue;
			unsigned *n = r >= 16 ? &n_xmm : &n_int;
			if (*n < (r >= 16 ? LOOP_XMM : LOOP_INT)) {
				(*n)++;
				taken |= XR(r);
			}
		}
	for (unsigned i = 0; i < ng; i++)
		if (lb->treg[i] >= 0 && !(taken & XR(lb->treg[i]))) {
			lb->treg[i] = -1;
			lb->tdirty[i] = 0;
		}
	/* load the most used that are in memory */
	for (;;) {
		int best = -1;
		for (unsigned i = 0; i < ng; i++) {
			bool xmm = x_is_fp_type(ir->globals[i].type);
			if (!(uses[i] & 0x7fff) || lb->treg[i] >= 0 ||
			    (xmm ? n_xmm == LOOP_XMM : n_int == LOOP_INT))
				continue;
			if (best < 0 || (uses[i] & 0x7fff) > (uses[best] & 0x7fff))
				best = (int)i;
		}
		if (best < 0)
			break;
		int r = -1;
		if (x_is_fp_type(ir->globals[best].type)) {
			for (int k = 31; k >= 16 && r < 0; k--)
				if (!(taken & XR(k)))
					r = k;
			n_xmm++;
		} else {
			for (unsigned k = 0; k < ARRAY_SIZE(loop_int_regs) && r < 0; k++)
				if (!(taken & XR(loop_int_regs[k])))
					r = loop_int_regs[k];
			n_int++;
		}
		uses[best] &= 0x8000;   /* considered */
		if (r < 0)
			continue;
		taken |= XR(r);
		lb->treg[best] = (int8_t)r;
		lb->tdirty[best] = 0;
	}
	for (unsigned i = 0; i < ng; i++)
		if (lb->treg[i] >= 0 && (uses[i] & 0x8000))
			lb->tdirty[i] = 1;
}

void lb_setup(struct xgen *g)
{
	const struct ir_block *ir = g->ir;

	g->n_pend = 0;
	for (unsigned l = 0; l < ir->n_labels; l++) {
		g->lab[l].idx = -1;
		g->lab[l].last_back = -1;
		g->lab[l].known = false;
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
}

static struct xsnap *pend_snap(struct xgen *g, unsigned p)
{
	return &g->snap[(size_t)p * g->ir->n_globals];
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
	bool head = lb->last_back >= 0;
	/* the way in: the path falling into the label (at a loop head, with
	 * everything it has in registers), else the first branch */
	if (g->reachable) {
		ra_join_state(g, waiting, head ? 0 : n_wait, lb->treg, lb->tdirty);
	} else if (first != ~0u) {
		ra_snap_state(g, pend_snap(g, first), lb->treg, lb->tdirty);
	} else {
		memset(lb->treg, -1, ng);
		memset(lb->tdirty, 0, ng);
	}
	if (head) {
		head_state(g, lb, (unsigned)lb->idx, (unsigned)lb->last_back);
		if (g->reachable) {
			ra_snapshot(g, g->cur);
			ra_conform(g, g->cur, lb->treg, lb->tdirty);
		}
	}
	lb->known = true;
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

/* A branch back to a placed label: a loop. */
static void back_edge(struct xgen *g, struct xlabel *lb, unsigned l)
{
	struct xbuf *b = g->b;

	ra_snapshot(g, g->cur);
	ra_conform(g, g->cur, lb->treg, lb->tdirty);
	if (lb->has_gpc) {
		struct xmem m = xm(X_RBP, CPU_OFF(exit_request));
		x_alu_mi(b, X_CMP, 4, &m, 0);
		x_cold_begin(g, X_CC_NE);
		ra_store_state(g, lb->treg, lb->tdirty);
		x_exit_code(g, IR_EXIT_REQUEST, true, lb->gpc);
		(void)x_cold_end(g, false);
	}
	int64_t rel8 = (int64_t)g->label_pos[l] - (int64_t)(b->pos + 2);
	if (x_fits8(rel8)) {
		x_byte(b, 0xeb);
		x_byte(b, (uint8_t)rel8);
	} else {
		size_t p = x_jmp32(b);
		x_fix(g, p, p + 4, XFX_LABEL, l);
	}
}

void lb_branch(struct xgen *g, int cc)
{
	unsigned l = g->in->aux2, ng = g->ir->n_globals;
	struct xlabel *lb = &g->lab[l];

	WARP_ASSERT(g->b == &g->main);
	if (g->label_pos[l] >= 0) {
		size_t skip = cc >= 0 ? x_jcc32(g->b, (unsigned)cc ^ 1) : 0;
		back_edge(g, lb, l);
		if (cc >= 0)
			x_patch32_to(g->b, skip, g->b->pos);
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
