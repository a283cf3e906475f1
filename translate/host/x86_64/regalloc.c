/*
 * regalloc.c - the x86-64 backend's local register allocator.
 *
 * One forward pass over the block, driven by next-use distances computed
 * by a backward pass (runtime.c: liveness).  Every temp is in one place:
 *
 *   XL_NONE   a local not yet defined or dead
 *   XL_CONST  value known at generation time (constants, and any temp a
 *             MOV of a constant defined; a dirty global is stored lazily)
 *   XL_MEM    in memory: a global in struct cpu, a local in its spill slot
 *   XL_REG    in a host register; `dirty` says the memory copy is stale
 *
 * Guest globals stay in host registers across guest instructions, branches
 * and labels, and are written back only at exits (ra_sync; a side exit's
 * cold path stores without changing the state), before helpers that read
 * them, or when evicted.  At a label the globals take the label's state
 * (labels.c, which moves them there with ra_conform on every way in);
 * locals never cross a label, so ra_drop() may forget them there.
 *
 * Within one insn the registers it uses are `locked`: inputs first (ra_use,
 * ra_fixed), then dead inputs are released (still locked, so a scratch
 * never lands on an input that is still to be read, but the output may
 * reuse them: ra_clob), then the output is chosen (ra_out) and bound after
 * the instruction is emitted (ra_def).  Binding the output last keeps the
 * precise-state snapshot of a faulting load (ra_site) showing the old value
 * of a global that is also the load's destination.
 *
 * Liveness (runtime.c) gives each operand the index of the next insn that
 * reads it.  A global counts as read by everything that observes guest
 * state (exits, labels, branches, memory ops, helpers reading globals), so
 * a global whose next read is X_NEVER is overwritten before anyone could
 * see its old value: it dies like a local and its register is reused in
 * place.  A global that is in memory and read only once is used as a
 * memory operand (ra_memop) instead of being loaded.
 *
 * Eviction picks the register whose value is needed furthest in the future
 * (clean values first on ties), the classic Belady choice.
 *
 * A 32-bit result sign-extended to 64 bits (EXT32S: RISC-V's W ops) is
 * extended lazily: its register is marked sx32 and holds only the low 32
 * bits right.  Ops that read 32 bits of their operands (g->narrow) take it
 * as it is; anything else gets it extended in place first (ra_sx), and so
 * does every store of it to memory and every state an exit or a helper
 * sees (ra_sx_all).  A label's state may keep it lazily extended
 * (TD_SX32) where every way in gives it so (labels.c): ra_conform extends
 * what the label wants extended.  Extending in place never changes the
 * low half, so it may be emitted anywhere; only on the main path does
 * the state remember it.  A precise-state site records an sx32 global as
 * TB_LOC_SEXT32.
 */
#include <stdlib.h>
#include "x86.h"

static const int8_t int_order[] = {
	X_RBX, X_RSI, X_RDI, X_R8, X_R9, X_R10, X_R11, X_R14,
	X_RAX, X_RCX, X_RDX, X_R12, X_R13, X_R15,
};

static bool is_global(const struct xtemp *x)
{
	return x->kind == IR_TK_GLOBAL;
}

static unsigned type_size(unsigned type)
{
	return type == IR_I32 || type == IR_F32 ? 4 : 8;
}

static struct xmem home(struct xgen *g, ir_temp t)
{
	struct xtemp *x = &g->t[t];
	if (is_global(x))
		return xm(X_RBP, g->ir->globals[t].offset);
	return xm(X_RSP, 8 * x->slot);
}

static unsigned home_size(struct xgen *g, ir_temp t)
{
	return is_global(&g->t[t]) ? type_size(g->t[t].type) : 8;
}

void x_move(struct xgen *g, int d, int s)
{
	if (d == s)
		return;
	if (d < 16 && s < 16)
		x_mov_rr(g->b, true, d, s);
	else if (d >= 16 && s >= 16)
		x_movaps(g->b, d, s);
	else if (d >= 16)
		x_movq_to_xmm(g->b, true, d, s);
	else
		x_movq_from_xmm(g->b, true, d, s);
}

static void load_mem(struct xgen *g, int r, const struct xmem *m, unsigned size)
{
	if (r < 16)
		x_load(g->b, size, false, r, m);
	else
		x_sse_rm(g->b, X_SSE_MOV_LD, size == 8, r, m);
}

static void store_mem(struct xgen *g, const struct xmem *m, unsigned size, int r)
{
	if (r < 16)
		x_store(g->b, size, m, r);
	else
		x_movss_st(g->b, size == 8, m, r);
}

/*
 * Store the 64-bit constant V at OFF in struct cpu.  One 8-byte store
 * through SCRATCH (a free integer register, or an XMM one loaded from the
 * literal pool); two 4-byte stores only when no register is free, since a
 * later 8-byte load of the value cannot be forwarded from two stores and
 * waits for them to reach the cache.
 */
void x_store_u64(struct xgen *g, unsigned off, uint64_t v, int scratch)
{
	struct xmem m = xm(X_RBP, off);
	if (x_fits32((int64_t)v)) {
		x_store_imm(g->b, 8, &m, (int32_t)v);
	} else if (scratch >= 16) {
		unsigned idx;
		struct xmem lit = x_lit(g, v, 0, &idx);
		x_sse_rm(g->b, X_SSE_MOV_LD, true, scratch, &lit);
		x_lit_fix(g, idx);
		x_movss_st(g->b, true, &m, scratch);
	} else if (scratch >= 0) {
		x_mov_ri(g->b, true, scratch, v);
		x_store(g->b, 8, &m, scratch);
	} else {
		x_store_imm(g->b, 4, &m, (int32_t)(uint32_t)v);
		m.disp += 4;
		x_store_imm(g->b, 4, &m, (int32_t)(uint32_t)(v >> 32));
	}
}

/* a constant into register r (never touches the flags) */
static void load_const(struct xgen *g, int r, uint64_t v, unsigned type)
{
	if (r < 16) {
		x_mov_ri(g->b, true, r, v);
	} else if (v == 0) {
		x_logps_rr(g->b, X_XORPS, r, r);
	} else {
		unsigned idx;
		struct xmem m = x_lit(g, v, 0, &idx);
		x_sse_rm(g->b, X_SSE_MOV_LD, type != IR_F32 && type != IR_I32, r, &m);
		x_lit_fix(g, idx);
	}
}

static int alloc_slot(struct xgen *g)
{
	for (unsigned i = 0; i < X_NSLOTS / 64; i++)
		if (~g->slots[i]) {
			unsigned b = __builtin_ctzll(~g->slots[i]);
			g->slots[i] |= 1ull << b;
			return (int)(i * 64 + b);
		}
	warp_bug(__FILE__, __LINE__, "x86: block at 0x%llx needs more than %u spill slots",
		 (unsigned long long)g->ir->pc, X_NSLOTS);
}

static void free_slot(struct xgen *g, struct xtemp *x)
{
	if (x->slot >= 0) {
		g->slots[x->slot / 64] &= ~(1ull << (x->slot % 64));
		x->slot = -1;
	}
}

static void unbind(struct xgen *g, ir_temp t)
{
	struct xtemp *x = &g->t[t];
	if (x->loc == XL_REG && g->reg_temp[x->reg] == (int16_t)t)
		g->reg_temp[x->reg] = -1;
	x->sx32 = 0;
}

static void bind(struct xgen *g, ir_temp t, int r)
{
	struct xtemp *x = &g->t[t];
	g->reg_temp[r] = (int16_t)t;
	x->loc = XL_REG;
	x->reg = (uint8_t)r;
	x->sx32 = 0;
}

void ra_sx(struct xgen *g, ir_temp t)
{
	struct xtemp *x = &g->t[t];
	if (!x->sx32 || x->loc != XL_REG)
		return;
	x_movsx(g->b, 4, x->reg, x->reg);
	if (g->b == &g->main)
		x->sx32 = 0;
}

void ra_sx_all(struct xgen *g)
{
	for (int r = 0; r < 16; r++)
		if (g->reg_temp[r] >= 0)
			ra_sx(g, (ir_temp)g->reg_temp[r]);
}

/* The globals' initial state is the same for every block: kept per thread
 * for the globals table last seen, and copied. */
static __thread struct xtemp *gtemplate;
static __thread const struct ir_global *gtemplate_of;
static __thread unsigned gtemplate_n;

void ra_init(struct xgen *g)
{
	const struct ir_block *ir = g->ir;
	unsigned first = 0;

	for (unsigned i = 0; i < 32; i++)
		g->reg_temp[i] = -1;
	g->locked = g->reserved;
	for (unsigned i = 0; i < X_NSLOTS / 64; i++)
		g->slots[i] = 0;
	if (gtemplate && gtemplate_of == ir->globals && gtemplate_n == ir->n_globals) {
		memcpy(g->t, gtemplate, ir->n_globals * sizeof *g->t);
		first = ir->n_globals;
	}
	for (unsigned i = first; i < ir->n_temps; i++) {
		const struct ir_tempinfo *ti = &g->ir->temps[i];
		struct xtemp *x = &g->t[i];
		x->kind = ti->kind;
		x->type = ti->type;
		x->xmm = x_is_fp_type(ti->type);
		x->dirty = 0;
		x->slot = -1;
		x->from_arith = 0;
		x->sx32 = 0;
		x->next = X_NEVER;
		x->val = ti->val;
		x->loc = ti->kind == IR_TK_GLOBAL ? XL_MEM : ti->kind == IR_TK_CONST ? XL_CONST
										: XL_NONE;
	}
	if (!first && ir->n_globals) {
		free(gtemplate);
		gtemplate = xmalloc(ir->n_globals * sizeof *gtemplate);
		memcpy(gtemplate, g->t, ir->n_globals * sizeof *gtemplate);
		gtemplate_of = ir->globals;
		gtemplate_n = ir->n_globals;
	}
}

/* a free, unlocked register of MASK without evicting anything, or -1 */
static int free_reg(struct xgen *g, uint32_t mask)
{
	mask &= ~g->locked;
	if (mask & XR_INT)
		for (unsigned i = 0; i < ARRAY_SIZE(int_order); i++) {
			int r = int_order[i];
			if ((mask & XR(r)) && g->reg_temp[r] < 0)
				return r;
		}
	for (int r = 16; r < 32; r++)
		if ((mask & XR(r)) && g->reg_temp[r] < 0)
			return r;
	return -1;
}

void ra_evict(struct xgen *g, int r)
{
	int u = g->reg_temp[r];
	if (u < 0)
		return;
	struct xtemp *x = &g->t[u];
	if (!is_global(x) && x->next == X_NEVER) {
		x->loc = XL_NONE;
	} else {
		ra_sx(g, (ir_temp)u);
		if (!is_global(x) && x->slot < 0) {
			x->slot = (int16_t)alloc_slot(g);
			x->dirty = 1;
		}
		if (x->dirty) {
			struct xmem m = home(g, u);
			store_mem(g, &m, home_size(g, u), r);
		}
		x->dirty = 0;
		x->loc = XL_MEM;
	}
	x->sx32 = 0;
	g->reg_temp[r] = -1;
}

int ra_alloc(struct xgen *g, uint32_t mask)
{
	int r = free_reg(g, mask);
	if (r < 0) {
		uint64_t best_key = 0;
		mask &= ~g->locked & (XR_INT | XR_XMM);
		for (int i = 0; i < 32; i++) {
			if (!(mask & XR(i)))
				continue;
			const struct xtemp *x = &g->t[g->reg_temp[i]];
			uint64_t key = ((uint64_t)x->next << 1) | !x->dirty;
			if (r < 0 || key > best_key) {
				r = i;
				best_key = key;
			}
		}
		if (r < 0)
			warp_bug(__FILE__, __LINE__, "x86: no register left for op %s",
				 x_def(g)->name);
		ra_evict(g, r);
	}
	g->locked |= XR(r);
	return r;
}

bool ra_const(struct xgen *g, ir_temp t, uint64_t *val)
{
	if (t == IR_NONE || g->t[t].loc != XL_CONST)
		return false;
	*val = g->t[t].val;
	return true;
}

/* t is a known constant usable as an imm32 of a W-wide operation */
bool ra_imm(struct xgen *g, ir_temp t, bool w, int32_t *imm)
{
	uint64_t v;
	if (!ra_const(g, t, &v))
		return false;
	if (w && !x_fits32((int64_t)v))
		return false;
	*imm = (int32_t)(uint32_t)v;
	return true;
}

/*
 * Input k as a memory operand of a W-wide integer op: a global that is in
 * memory anyway and that no later op reads again, so loading it into a
 * register would buy nothing.
 */
bool ra_memop(struct xgen *g, unsigned k, bool w, struct xmem *m)
{
	ir_temp t = g->in->args[k];
	if (t == IR_NONE || t >= g->ir->n_globals || (g->reread[g->idx] & (1u << k)))
		return false;
	const struct xtemp *x = &g->t[t];
	if (x->loc != XL_MEM || x->xmm || (w && type_size(x->type) < 8))
		return false;
	*m = home(g, t);
	return true;
}

void ra_load_to(struct xgen *g, ir_temp t, int r)
{
	struct xtemp *x = &g->t[t];
	switch (x->loc) {
	case XL_REG:
		ra_sx(g, t);
		x_move(g, r, x->reg);
		break;
	case XL_CONST:
		load_const(g, r, x->val, x->type);
		break;
	case XL_MEM: {
		struct xmem m = home(g, t);
		load_mem(g, r, &m, home_size(g, t));
		break;
	}
	default:
		warp_bug(__FILE__, __LINE__, "x86: block 0x%llx reads undefined temp %u in %s",
			 (unsigned long long)g->ir->pc, t, x_def(g)->name);
	}
}

int ra_use(struct xgen *g, ir_temp t, uint32_t mask)
{
	struct xtemp *x = &g->t[t];
	int r;

	if (x->loc == XL_REG) {
		if (x->sx32 && !(g->narrow && (mask & XR(x->reg))))
			ra_sx(g, t);
		if (mask & XR(x->reg)) {
			g->locked |= XR(x->reg);
			return x->reg;
		}
		int old = x->reg;
		r = ra_alloc(g, mask);
		x_move(g, r, old);
		if ((r >= 16) == (old >= 16) && !(g->locked & XR(old))) {
			g->reg_temp[old] = -1;
			bind(g, t, r);
		}
		return r;
	}
	r = ra_alloc(g, mask);
	ra_load_to(g, t, r);
	if ((r >= 16) != x->xmm || x->kind == IR_TK_CONST)
		return r;       /* a copy: constants and other-class uses stay put */
	if (x->loc == XL_CONST)
		x->dirty = 1;
	else
		x->dirty = 0;
	bind(g, t, r);
	return r;
}

/* Make R available for the current insn to clobber, keeping what it held. */
void ra_reserve(struct xgen *g, int r)
{
	int u = g->reg_temp[r];
	WARP_ASSERT(!(g->locked & XR(r)));
	if (u >= 0) {
		int r2 = g->t[u].next != X_NEVER ? free_reg(g, (r >= 16 ? XR_XMM : XR_INT) & ~XR(r))
						 : -1;
		if (r2 >= 0) {
			x_move(g, r2, r);
			bind(g, u, r2);
			g->reg_temp[r] = -1;
		} else {
			ra_evict(g, r);
		}
	}
	g->locked |= XR(r);
}

static unsigned uses_in_insn(struct xgen *g, ir_temp t)
{
	const struct ir_opdef *d = x_def(g);
	unsigned n = 0;
	for (unsigned k = d->nout; k < d->nout + d->nin && k < 5; k++)
		n += g->in->args[k] == t;
	return n;
}

/* R receives a copy of T that the insn may clobber (a fixed-register operand). */
void ra_fixed(struct xgen *g, ir_temp t, int r)
{
	struct xtemp *x = &g->t[t];
	if (x->loc == XL_REG && x->reg == r) {
		bool last = !is_global(x) && x->kind == IR_TK_LOCAL && uses_in_insn(g, t) == 1;
		for (unsigned k = x_def(g)->nout; last && k < 5; k++)
			if (g->in->args[k] == t && !ra_dies(g, k))
				last = false;
		if (last) {
			g->reg_temp[r] = -1;
			x->loc = XL_NONE;
			free_slot(g, x);
		} else {
			ra_reserve(g, r);
			return;
		}
		g->locked |= XR(r);
		return;
	}
	ra_reserve(g, r);
	ra_load_to(g, t, r);
}

/* Is input k's value unused after this insn?  (For a global: overwritten
 * before anything observes it, see liveness() in runtime.c.) */
bool ra_dies(struct xgen *g, unsigned k)
{
	ir_temp t = g->in->args[k];
	return t != IR_NONE && g->t[t].kind != IR_TK_CONST &&
	       g->nu[5 * g->idx + k] == X_NEVER;
}

void ra_release_dead(struct xgen *g)
{
	const struct ir_opdef *d = x_def(g);
	for (unsigned k = d->nout; k < d->nout + d->nin && k < 5; k++) {
		ir_temp t = g->in->args[k];
		if (!ra_dies(g, k))
			continue;
		struct xtemp *x = &g->t[t];
		unbind(g, t);
		/* a dead global's memory copy is stale, but nothing reads it
		 * before the global is written again */
		x->loc = x->kind == IR_TK_GLOBAL ? XL_MEM : XL_NONE;
		x->dirty = 0;
		free_slot(g, x);
	}
}

/* May the output be written into R (free, or holding the output itself)? */
bool ra_clob(struct xgen *g, int r)
{
	int u = g->reg_temp[r];
	return u < 0 || (x_def(g)->nout && g->in->args[0] == (ir_temp)u);
}

int ra_out(struct xgen *g, ir_temp d, uint32_t mask, int hint)
{
	struct xtemp *x = &g->t[d];
	int r, h;
	ir_temp into = d;
	if (hint >= 0 && (mask & XR(hint)) && ra_clob(g, hint)) {
		r = hint;
	} else if ((h = lb_loop_reg(g, d, &into)) >= 0 && (mask & XR(h)) &&
		   !(g->locked & XR(h)) &&
		   (ra_clob(g, h) || (into != d && g->reg_temp[h] == (int16_t)into &&
				      !observes_globals(g->in)))) {
		/* where the loop's back-edge wants it; the global the next
		 * op overwrites with it may give up the register (its value
		 * is dead: not an input here, not observed before) */
		if (g->reg_temp[h] == (int16_t)into && into != d) {
			g->reg_temp[h] = -1;
			g->t[into].loc = XL_MEM;
			g->t[into].dirty = 0;
		}
		r = h;
	} else if (x->loc == XL_REG && (mask & XR(x->reg)) && !(g->locked & XR(x->reg)))
		r = x->reg;
	else
		r = ra_alloc(g, mask);
	g->locked |= XR(r);
	return r;
}

void ra_def(struct xgen *g, ir_temp d, int r)
{
	struct xtemp *x = &g->t[d];
	WARP_ASSERT(x->kind != IR_TK_CONST);
	unbind(g, d);
	WARP_ASSERT(g->reg_temp[r] < 0);
	bind(g, d, r);
	x->dirty = 1;
	x->from_arith = 0;
}

void ra_def_const(struct xgen *g, ir_temp d, uint64_t val)
{
	struct xtemp *x = &g->t[d];
	WARP_ASSERT(x->kind != IR_TK_CONST);
	unbind(g, d);
	if (x->type == IR_I32 || x->type == IR_F32)
		val = (uint32_t)val;
	if (x->kind == IR_TK_GLOBAL && !(x->loc == XL_CONST && x->dirty)) {
		if (g->n_dconst == 2 * g->ir->n_globals) {
			/* full of stale entries: rebuild */
			g->n_dconst = 0;
			for (unsigned i = 0; i < g->ir->n_globals; i++)
				if (g->t[i].loc == XL_CONST && g->t[i].dirty)
					g->dconst[g->n_dconst++] = (uint16_t)i;
		}
		g->dconst[g->n_dconst++] = d;
	}
	x->loc = XL_CONST;
	x->val = val;
	x->dirty = 1;
	x->from_arith = 0;
}

static void store_const_global(struct xgen *g, unsigned gi)
{
	struct xtemp *x = &g->t[gi];
	unsigned off = g->ir->globals[gi].offset;
	if (type_size(x->type) == 4) {
		struct xmem m = xm(X_RBP, off);
		x_store_imm(g->b, 4, &m, (int32_t)(uint32_t)x->val);
	} else {
		int r = free_reg(g, XR_INT);
		x_store_u64(g, off, x->val, r >= 0 ? r : free_reg(g, XR_XMM));
	}
}

void ra_sync_global(struct xgen *g, unsigned gi)
{
	struct xtemp *x = &g->t[gi];
	if (!x->dirty)
		return;
	if (x->loc == XL_REG) {
		struct xmem m = home(g, gi);
		ra_sx(g, gi);
		store_mem(g, &m, home_size(g, gi), x->reg);
	} else if (x->loc == XL_CONST) {
		store_const_global(g, gi);
	}
	x->dirty = 0;
}

void ra_flush_consts(struct xgen *g)
{
	for (unsigned i = 0; i < g->n_dconst; i++) {
		unsigned gi = g->dconst[i];
		if (g->t[gi].loc == XL_CONST && g->t[gi].dirty)
			ra_sync_global(g, gi);
	}
	g->n_dconst = 0;
}

void ra_sync(struct xgen *g)
{
	for (int r = 0; r < 32; r++) {
		int u = g->reg_temp[r];
		if (u >= 0 && is_global(&g->t[u]))
			ra_sync_global(g, u);
	}
	ra_flush_consts(g);
}

/* Stores of the dirty globals in registers, leaving the state alone (for
 * cold paths that leave the block). */
void ra_store_dirty_to_env(struct xgen *g)
{
	for (int r = 0; r < 32; r++) {
		int u = g->reg_temp[r];
		if (u >= 0 && is_global(&g->t[u]) && g->t[u].dirty) {
			struct xmem m = home(g, u);
			ra_sx(g, (ir_temp)u);
			store_mem(g, &m, home_size(g, u), r);
		}
	}
}

/* ... and the dirty constants too: everything a side exit writes back. */
void ra_store_all_dirty(struct xgen *g)
{
	ra_store_dirty_to_env(g);
	for (unsigned i = 0; i < g->n_dconst; i++) {
		unsigned gi = g->dconst[i], j;
		if (g->t[gi].loc != XL_CONST || !g->t[gi].dirty)
			continue;
		for (j = 0; j < i && g->dconst[j] != gi; j++)
			;
		if (j == i)     /* listed twice: stored once */
			store_const_global(g, gi);
	}
}

void ra_snapshot(struct xgen *g, struct xsnap *snap)
{
	for (unsigned i = 0; i < g->ir->n_globals; i++) {
		const struct xtemp *x = &g->t[i];
		snap[i] = (struct xsnap){ .loc = x->loc, .reg = x->reg, .dirty = x->dirty,
					  .sx32 = x->loc == XL_REG && x->sx32, .val = x->val };
	}
}

/* May a way in with SRC give a label whose state has global I lazily
 * extended (TD_SX32)?  When its value is known to be a sign extension of
 * its low half. */
bool ra_snap_sx32(const struct xsnap *src, unsigned i)
{
	const struct xsnap *x = &src[i];
	return x->loc == XL_REG ? x->sx32 :
	       x->loc == XL_CONST && x->val == (uint64_t)(int64_t)(int32_t)x->val;
}

/*
 * Code that takes the globals from state SRC (a snapshot of the allocator's
 * state somewhere) to the state (treg, tdirty): global i in register
 * treg[i] (< 0: in memory), its memory copy stale only where tdirty[i].
 * For a path to a point that has that state (a label); the allocator's own
 * state is left alone.  Needs every global's value valid in SRC, which
 * holds at any op that observes the globals (liveness() in runtime.c).
 *
 *   1. stores: dirty values the target keeps only in memory (or clean)
 *   2. register to register moves, as one parallel move; a cycle is
 *      broken through a register no pending move uses
 *   3. loads and constants into the target registers
 */
void ra_conform(struct xgen *g, const struct xsnap *src, const int8_t *treg,
		const uint8_t *tdirty)
{
	unsigned n = g->ir->n_globals;
	int8_t src_of[32];
	uint32_t pending = 0;

	/* a register no global holds in SRC: scratch for 64-bit constants */
	uint32_t held = g->locked;
	for (unsigned i = 0; i < n; i++)
		if (src[i].loc == XL_REG)
			held |= XR(src[i].reg);
	int scratch = -1;
	for (unsigned i = 0; i < ARRAY_SIZE(int_order) && scratch < 0; i++)
		if (!(held & XR(int_order[i])))
			scratch = int_order[i];
	for (int r = 16; r < 32 && scratch < 0; r++)
		if (!(held & XR(r)))
			scratch = r;
	/* lazily extended values to be stored, or that the target wants
	 * extended: in place first, on this way only (the allocator's state
	 * is not this one) */
	for (unsigned i = 0; i < n; i++) {
		const struct xsnap *x = &src[i];
		if (x->loc != XL_REG || !x->sx32)
			continue;
		bool stored = x->dirty && !(treg[i] >= 0 && (tdirty[i] & TD_DIRTY));
		if (stored || (treg[i] >= 0 && !(tdirty[i] & TD_SX32)))
			x_movsx(g->b, 4, x->reg, x->reg);
	}
	for (unsigned i = 0; i < n; i++) {
		const struct xsnap *x = &src[i];
		if (!x->dirty || (treg[i] >= 0 && (tdirty[i] & TD_DIRTY)))
			continue;
		struct xmem m = home(g, (ir_temp)i);
		if (x->loc == XL_REG) {
			store_mem(g, &m, home_size(g, (ir_temp)i), x->reg);
		} else if (x->loc == XL_CONST) {
			if (home_size(g, (ir_temp)i) == 4)
				x_store_imm(g->b, 4, &m, (int32_t)(uint32_t)x->val);
			else
				x_store_u64(g, m.disp, x->val, scratch);
		}
	}
	uint32_t targets = 0;   /* hold (or will) what the target wants */
	for (unsigned i = 0; i < n; i++) {
		const struct xsnap *x = &src[i];
		if (treg[i] >= 0)
			targets |= XR(treg[i]);
		if (treg[i] < 0 || x->loc != XL_REG || x->reg == treg[i])
			continue;
		src_of[treg[i]] = (int8_t)x->reg;
		pending |= XR(treg[i]);
	}
	while (pending) {
		uint32_t srcs = 0;
		bool progress = false;
		for (int d = 0; d < 32; d++)
			if (pending & XR(d))
				srcs |= XR(src_of[d]);
		for (int d = 0; d < 32; d++) {
			if (!(pending & XR(d)) || (srcs & XR(d)))
				continue;
			x_move(g, d, src_of[d]);
			pending &= ~XR(d);
			progress = true;
		}
		if (progress)
			continue;
		/* only cycles are left: save one source in a register that
		 * holds nothing wanted, or swap two */
		int d = __builtin_ctz(pending), s = src_of[d];
		uint32_t free = (d < 16 ? XR_INT : XR_XMM) & ~(srcs | targets | g->reserved);
		if (free) {
			int r = __builtin_ctz(free);
			x_move(g, r, s);
			src_of[d] = (int8_t)r;
			continue;
		}
		if (d < 16) {
			x_rr(g->b, 0x87 | XO_W, d, s);          /* xchg */
		} else {
			x_logps_rr(g->b, X_XORPS, d, s);
			x_logps_rr(g->b, X_XORPS, s, d);
			x_logps_rr(g->b, X_XORPS, d, s);
		}
		/* d is done; what was to come from d is now in s */
		pending &= ~XR(d);
		for (int e = 0; e < 32; e++)
			if ((pending & XR(e)) && src_of[e] == d)
				src_of[e] = (int8_t)s;
		if ((pending & XR(s)) && src_of[s] == s)
			pending &= ~XR(s);
	}
	for (unsigned i = 0; i < n; i++) {
		const struct xsnap *x = &src[i];
		if (treg[i] < 0 || x->loc == XL_REG)
			continue;
		if (x->loc == XL_CONST) {
			load_const(g, treg[i], x->val, g->t[i].type);
		} else {
			struct xmem m = home(g, (ir_temp)i);
			load_mem(g, treg[i], &m, home_size(g, (ir_temp)i));
		}
	}
}

/* The state a join keeps from the path falling into it: a dirty constant
 * goes into a free register (a join knows no values) or back to memory,
 * and a clean global stays in its register only if every branch to the
 * join (SNAPS, N of them) has it in a register too, so that they need not
 * load it.  At a loop's head (LOOP), a constant that is the sign
 * extension of its low half is taken as a lazily extended value (a
 * 32-bit counter starting at a constant stays one around the loop). */
void ra_join_state(struct xgen *g, const struct xsnap *const *snaps, unsigned n,
		   int8_t *treg, uint8_t *tdirty, bool loop)
{
	for (unsigned i = 0; i < g->ir->n_globals; i++) {
		struct xtemp *x = &g->t[i];
		if (x->loc == XL_CONST && x->dirty) {
			/* into a register no global holds (locals are dead
			 * here), else back to memory */
			int r = -1;
			uint32_t mask = (x->xmm ? XR_XMM : XR_INT) & ~g->reserved;
			for (int k = 0; k < 32 && r < 0; k++)
				if ((mask & XR(k)) && (g->reg_temp[k] < 0 ||
						       !is_global(&g->t[g->reg_temp[k]])))
					r = k;
			if (r >= 0) {
				if (g->reg_temp[r] >= 0)
					g->t[g->reg_temp[r]].loc = XL_NONE;
				g->reg_temp[r] = -1;
				uint64_t v = x->val;
				load_const(g, r, v, x->type);
				bind(g, (ir_temp)i, r);
				x->sx32 = loop && x->type == IR_I64 &&
					  v == (uint64_t)(int64_t)(int32_t)v;
			} else {
				ra_sync_global(g, i);
			}
		}
		treg[i] = -1;
		tdirty[i] = 0;
		if (x->loc != XL_REG)
			continue;
		bool keep = true;
		for (unsigned k = 0; k < n && !x->dirty; k++)
			if (snaps[k][i].loc != XL_REG)
				keep = false;
		if (keep) {
			/* lazily extended as it is (sx_agree, labels.c,
			 * asks the branches) */
			treg[i] = (int8_t)x->reg;
			tdirty[i] = (x->dirty ? TD_DIRTY : 0) | (x->sx32 ? TD_SX32 : 0);
		}
	}
}

/* The state of a join no path falls into: its first branch's, constants
 * in memory (the branch's stub writes them back). */
void ra_snap_state(struct xgen *g, const struct xsnap *snap, int8_t *treg,
		   uint8_t *tdirty)
{
	for (unsigned i = 0; i < g->ir->n_globals; i++) {
		treg[i] = snap[i].loc == XL_REG ? (int8_t)snap[i].reg : -1;
		tdirty[i] = treg[i] < 0 ? 0 :
			    (snap[i].dirty ? TD_DIRTY : 0) | (snap[i].sx32 ? TD_SX32 : 0);
	}
}

/* Write back the dirty globals of state (treg, tdirty), held as it says. */
void ra_store_state(struct xgen *g, const int8_t *treg, const uint8_t *tdirty)
{
	for (unsigned i = 0; i < g->ir->n_globals; i++)
		if (treg[i] >= 0 && (tdirty[i] & TD_DIRTY)) {
			struct xmem m = home(g, (ir_temp)i);
			if (tdirty[i] & TD_SX32)
				x_movsx(g->b, 4, treg[i], treg[i]);
			store_mem(g, &m, home_size(g, (ir_temp)i), treg[i]);
		}
}

/* Make (treg, tdirty) the allocator's state, with no locals live;
 * NEXT_USE: each global's next read from here on. */
void ra_set_state(struct xgen *g, const int8_t *treg, const uint8_t *tdirty,
		  const uint32_t *next_use)
{
	g->reachable = false;   /* ra_drop: nothing dirty is kept */
	ra_drop(g);
	g->reachable = true;
	for (unsigned i = 0; i < g->ir->n_globals; i++) {
		if (treg[i] < 0)
			continue;
		bind(g, (ir_temp)i, treg[i]);
		g->t[i].dirty = (tdirty[i] & TD_DIRTY) != 0;
		g->t[i].sx32 = (tdirty[i] & TD_SX32) != 0;
		g->t[i].next = next_use[i];
	}
}

void ra_drop(struct xgen *g)
{
	unsigned ng = g->ir->n_globals;
	/* another path may reach here with other values: the globals (the
	 * first ng temps) in memory, the locals nowhere */
	for (unsigned i = 0; i < ng; i++) {
		struct xtemp *x = &g->t[i];
		WARP_ASSERT(!x->dirty || !g->reachable);
		x->from_arith = 0;
		x->sx32 = 0;
		x->loc = XL_MEM;
		x->dirty = 0;
	}
	for (unsigned i = ng; i < g->ir->n_temps; i++) {
		struct xtemp *x = &g->t[i];
		x->from_arith = 0;
		x->sx32 = 0;
		if (x->kind == IR_TK_LOCAL) {
			x->loc = XL_NONE;
			x->slot = -1;
		}
	}
	for (int r = 0; r < 32; r++)
		g->reg_temp[r] = -1;
	for (unsigned i = 0; i < X_NSLOTS / 64; i++)
		g->slots[i] = 0;
	g->n_dconst = 0;
}

/* LD_ENV/ST_ENV touching bytes a global lives in: keep them coherent. */
void ra_env_access(struct xgen *g, unsigned off, unsigned size, bool write)
{
	for (unsigned i = 0; i < g->ir->n_globals; i++) {
		unsigned go = g->ir->globals[i].offset;
		if (off >= go + type_size(g->t[i].type) || go >= off + size)
			continue;
		ra_sync_global(g, i);
		if (write)
			g->t[i].from_arith = 0;
		if (write && g->t[i].loc != XL_MEM) {
			WARP_ASSERT(!(g->t[i].loc == XL_REG && (g->locked & XR(g->t[i].reg))));
			unbind(g, i);
			g->t[i].loc = XL_MEM;
		}
	}
}

/* Record the next main-code instruction as a precise-state point. */
static void site_loc(struct xgen *g, struct tb_site *s, struct tb_loc l)
{
	if (g->n_locs == g->cap_locs) {
		g->cap_locs = g->cap_locs ? 2 * g->cap_locs : 64;
		g->locs = xrealloc(g->locs, g->cap_locs * sizeof *g->locs);
	}
	g->locs[g->n_locs++] = l;
	s->n_locs++;
}

/* A host instruction that may fault: where the dirty globals are, so that
 * x86_restore can rebuild the guest state there. */
void ra_site(struct xgen *g)
{
	if (g->b != &g->main)
		return;
	if (g->n_sites == g->cap_sites) {
		g->cap_sites = g->cap_sites ? 2 * g->cap_sites : 32;
		g->sites = xrealloc(g->sites, g->cap_sites * sizeof *g->sites);
	}
	struct tb_site *s = &g->sites[g->n_sites++];
	s->host_off = (uint32_t)g->main.pos;
	s->guest_off = (uint32_t)(g->insn_pc - g->ir->pc);
	s->loc_first = g->n_locs;
	s->n_locs = 0;
	for (int r = 0; r < 32; r++) {
		int u = g->reg_temp[r];
		if (u < 0 || !is_global(&g->t[u]) || !g->t[u].dirty)
			continue;
		if (g->fused.on && u == g->fused.d)
			continue;
		site_loc(g, s, (struct tb_loc){ .global = (uint16_t)u, .hreg = (uint8_t)r,
						 .plus = g->t[u].sx32 ? TB_LOC_SEXT32 : 0 });
	}
	/* constants not stored yet: their values (the list may name one
	 * twice, or one that is no longer a constant) */
	for (unsigned i = 0; i < g->n_dconst; i++) {
		unsigned gi = g->dconst[i], j;
		if (g->t[gi].loc != XL_CONST || !g->t[gi].dirty)
			continue;
		for (j = 0; j < i && g->dconst[j] != gi; j++)
			;
		if (j < i)
			continue;
		struct tb_loc v[1 + TB_LOC_CONST_N] = {
			{ .global = (uint16_t)gi, .hreg = TB_LOC_CONST },
		};
		memcpy(&v[1], &g->t[gi].val, sizeof g->t[gi].val);
		for (unsigned k = 0; k < ARRAY_SIZE(v); k++)
			site_loc(g, s, v[k]);
	}
	/* last, so that it wins over an old constant of the same global */
	if (g->fused.on)
		site_loc(g, s, (struct tb_loc){ .global = g->fused.d, .hreg = (uint8_t)g->fused.ra,
						 .plus = (uint8_t)(TB_LOC_PLUS | g->fused.rc) });
}

void ra_end_insn(struct xgen *g)
{
	const struct ir_opdef *d = x_def(g);
	const uint32_t *nu = &g->nu[5 * g->idx];
	unsigned n = d->nout + d->nin < 5 ? d->nout + d->nin : 5;
	/* inputs first: a temp that is also the output takes the output's
	 * next use */
	for (unsigned j = 0; j < n; j++) {
		unsigned k = (j + d->nout) % n;
		ir_temp t = g->in->args[k];
		if (t == IR_NONE || g->t[t].kind == IR_TK_CONST)
			continue;
		struct xtemp *x = &g->t[t];
		x->next = nu[k];
		if (k < d->nout && nu[k] == X_NEVER) {
			/* a result nobody reads (a global's is overwritten first) */
			unbind(g, t);
			x->loc = x->kind == IR_TK_GLOBAL ? XL_MEM : XL_NONE;
			x->dirty = 0;
			free_slot(g, x);
		}
	}
	g->locked = g->reserved;
}
