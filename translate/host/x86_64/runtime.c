/*
 * runtime.c - the x86-64 backend: block generation driver, block layout,
 * the trampoline, chaining, precise-state restore and host disassembly.
 *
 * Layout of one block in the code buffer (tb->code is its first byte):
 *
 *   +-----------------+  entry: (a basic block that could grow: count a
 *   | main code       |  run, see prologue) the ops, exits with their
 *   |                 |  chaining stubs, loops' back-edges (labels.c)
 *   +-----------------+  8-byte aligned
 *   | cold code       |  side exits, fault stubs, slow paths, stubs moving
 *   |                 |  globals to a label's state, loop-leaving stubs
 *   +-----------------+  16-byte aligned
 *   | literal pool    |  16-byte FP constants and masks (rip-relative)
 *   +-----------------+
 *
 * Cold code is generated into a side buffer while the main code is (with
 * the allocator state of its branch point) and appended at the end; every
 * rel32 whose target is not yet placed is a struct xfix resolved then.
 *
 * A direct exit is `jmp rel32` (x_jmp32_patchable) followed by its stub
 * (return tb | slot+1; the CPU loop finds the target in tb->exit[]).
 * Unchained, rel32 = 0 falls into the stub; chaining stores the distance to
 * the next block with one atomic write through the RW view.
 *
 * Generated code never polls cpu->exit_request: a chain of blocks is left
 * by unchaining a jump in it, a loop inside a block by pointing its
 * back-edge at its stub (x86_break_loops).  Block entries and back-edges
 * cost nothing for it (they cost 4% of the instructions of xz -9 when both
 * polled).
 *
 * The trampoline lives in the page after the code buffer's usable size
 * (codebuf_init reserves it), so flushing the cache never touches it:
 *   entry(cpu, code): push callee-saved; sub rsp, X_FRAME; rbp = cpu;
 *                     r15 = cpu->guest_base; jmp code
 *   epilogue:         add rsp, X_FRAME; pop callee-saved; ret  (rax = exit)
 */
#include <sys/platform/x86.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <Zydis/Zydis.h>

#include "x86.h"
#include "guest.h"
#include "fpu.h"

unsigned x86_host_features;
static bool features_known;

void x86_detect_features(void)
{
	unsigned f = 0;

	if (features_known)
		return;
	/* glibc probed the CPU at start-up: ask it rather than run cpuid,
	 * which traps to the hypervisor in a VM (microseconds each).  Active
	 * means usable: FMA3 (VEX) also needs the OS to save AVX state. */
	if (CPU_FEATURE_ACTIVE(MOVBE))
		f |= XF_MOVBE;
	if (CPU_FEATURE_ACTIVE(FMA))
		f |= XF_FMA;
	if (CPU_FEATURE_ACTIVE(BMI2))
		f |= XF_BMI2;
	x86_host_features = f;
	features_known = true;
}

/* ---- layout helpers ---- */

void x_fix(struct xgen *g, size_t pos, size_t end, unsigned kind, uint64_t target)
{
	if (g->n_fix == g->cap_fix) {
		g->cap_fix = g->cap_fix ? 2 * g->cap_fix : 64;
		g->fix = xrealloc(g->fix, g->cap_fix * sizeof *g->fix);
	}
	g->fix[g->n_fix++] = (struct xfix){
		.buf = g->b == &g->cold, .kind = (uint8_t)kind, .pos = (uint32_t)pos,
		.end = (uint32_t)end, .target = target,
	};
}

struct xmem x_lit(struct xgen *g, uint64_t lo, uint64_t hi, unsigned *idx)
{
	unsigned i;
	for (i = 0; i < g->n_lit; i++)
		if (g->lit[i].lo == lo && g->lit[i].hi == hi)
			break;
	if (i == g->n_lit) {
		if (g->n_lit == g->cap_lit) {
			g->cap_lit = g->cap_lit ? 2 * g->cap_lit : 16;
			g->lit = xrealloc(g->lit, g->cap_lit * sizeof *g->lit);
		}
		g->lit[g->n_lit++] = (struct xlit){ lo, hi };
	}
	*idx = i;
	return xm(X_RIP, 0);
}

void x_mov_addr(struct xgen *g, int reg, unsigned kind, uint64_t target)
{
	x_byte(g->b, 0x48 | ((reg & 8) ? 1 : 0));
	x_byte(g->b, 0xb8 | (reg & 7));
	x_fix(g, g->b->pos, g->b->pos + 8, kind, target);
	x_imm64(g->b, 0);
}

void x_lit_fix(struct xgen *g, unsigned idx)
{
	x_fix(g, g->b->rip_pos, g->b->pos, XFX_LIT, idx);
}

void x_jmp_epilogue(struct xgen *g)
{
	size_t p = x_jmp32(g->b);
	x_fix(g, p, p + 4, XFX_ABS, (uintptr_t)g->epilogue);
}

/* Can code anywhere in the buffer reach fn with a rel32? */
static bool near_code(struct xgen *g, const void *fn)
{
	int64_t lo = (int64_t)((uintptr_t)fn - (uintptr_t)g->tc->cb.rx);
	int64_t hi = lo - (int64_t)(g->tc->cb.size + X86_TRAMP_SIZE);
	return x_fits32(lo) && x_fits32(hi);
}

void x_call_abs(struct xgen *g, const void *fn)
{
	if (near_code(g, fn)) {
		size_t p = x_call32(g->b);
		x_fix(g, p, p + 4, XFX_ABS, (uintptr_t)fn);
	} else {
		x_mov_addr(g, X_RAX, XFX_FN64, (uintptr_t)fn);
		x_call_r(g->b, X_RAX);
	}
}

void x_cold_begin(struct xgen *g, unsigned cc)
{
	WARP_ASSERT(g->b == &g->main);
	size_t p = cc >= 16 ? x_jmp32(g->b) : x_jcc32(g->b, cc);
	x_fix(g, p, p + 4, XFX_COLD, g->cold.pos);
	g->b = &g->cold;
}

unsigned x_cold_end(struct xgen *g, bool back)
{
	unsigned idx = 0;
	if (back) {
		size_t p = x_jmp32(g->b);
		idx = g->n_fix;
		x_fix(g, p, p + 4, XFX_MAIN, g->main.pos);
	}
	g->b = &g->main;
	return idx;
}

void x_exit_code(struct xgen *g, unsigned code, bool store_pc, gaddr_t pc)
{
	if (store_pc)
		x_store_u64(g, CPU_OFF(pc), pc, X_RAX);
	x_mov_ri(g->b, false, X_RAX, code);
	x_jmp_epilogue(g);
}

/*
 * Call fn(args...) (SysV, up to six integer arguments) in the middle of an
 * op: every caller-saved register that holds a value or an operand is saved
 * in the frame's save area and restored after, so the allocator's state is
 * untouched.  Register arguments are read back from the save area, which
 * makes the argument shuffle order-independent.
 */
void x_pcall(struct xgen *g, const void *fn, const struct xarg *args, unsigned n,
	     int result)
{
	static const int8_t argreg[6] = { X_RDI, X_RSI, X_RDX, X_RCX, X_R8, X_R9 };
	uint32_t save = g->locked;

	for (int r = 0; r < 32; r++)
		if (g->reg_temp[r] >= 0)
			save |= XR(r);
	for (unsigned k = 0; k < n; k++)
		if (args[k].kind == XA_REG)
			save |= XR(args[k].reg);
	save &= XR_CLOBBERED;
	for (int r = 0; r < 32; r++) {
		if (!(save & XR(r)))
			continue;
		struct xmem m = xm(X_RSP, X_OFF_SAVE + 8 * r);
		if (r < 16)
			x_store(g->b, 8, &m, r);
		else
			x_movss_st(g->b, true, &m, r);
	}
	WARP_ASSERT(n <= 6);
	for (unsigned k = 0; k < n; k++) {
		int dst = argreg[k], src = args[k].reg;
		if (args[k].kind == XA_IMM) {
			x_mov_ri(g->b, true, dst, args[k].imm);
		} else if (src >= 16) {
			x_movq_from_xmm(g->b, true, dst, src);
		} else if (save & XR(src)) {
			struct xmem m = xm(X_RSP, X_OFF_SAVE + 8 * src);
			x_load(g->b, 8, false, dst, &m);
		} else {
			x_mov_rr(g->b, true, dst, src);
		}
	}
	x_call_abs(g, fn);
	if (result >= 0)
		x_move(g, result, X_RAX);
	for (int r = 0; r < 32; r++) {
		if (!(save & XR(r)) || r == result)
			continue;
		struct xmem m = xm(X_RSP, X_OFF_SAVE + 8 * r);
		if (r < 16)
			x_load(g->b, 8, false, r, &m);
		else
			x_sse_rm(g->b, X_SSE_MOV_LD, true, r, &m);
	}
}

/* An inline FMA gave a NaN: if the product was 0 * inf, raise invalid,
 * which x86 omits when the addend is a quiet NaN. */
void x86_fma_nan_fix(unsigned type, uint64_t a, uint64_t b)
{
	uint64_t abs_mask = type == IR_F64 ? ~(1ull << 63) : 0x7fffffffu;
	uint64_t inf = type == IR_F64 ? 0x7ff0000000000000ull : 0x7f800000u;
	a &= abs_mask;
	b &= abs_mask;
	if ((a == 0 && b == inf) || (a == inf && b == 0))
		fpu_raise(FPU_IE);
}

/* ---- generation ---- */

/* Does insn observe every guest global (so none may be dead before it)? */
bool observes_globals(const struct ir_insn *in)
{
	unsigned f = ir_opdefs[in->op].flags;
	if (f & (IRF_CTRL | IRF_MEM))
		return true;
	if (in->op == IR_LD_ENV || in->op == IR_ST_ENV)
		return true;
	if (in->op == IR_CALL) {
		const struct ir_helper *h = (const struct ir_helper *)(intptr_t)in->imm;
		return h->flags & (IRH_READS_GLOBALS | IRH_WRITES_GLOBALS | IRH_MAY_FAULT);
	}
	return false;
}

/*
 * Backward pass: for every operand, the index of the next insn reading the
 * same temp (X_NEVER when its value is not read again).  Globals are also
 * read by everything that observes guest state: exits, labels and branches
 * (they write globals back), memory ops (a fault must see them), helpers
 * that read globals, and the end of the block.  So a global whose next use
 * is X_NEVER is overwritten before anyone could see its old value, and its
 * register may be reused like a dead local's.
 */
/*
 * A global's next use is the nearer of its own next read and the next op
 * that observes every global (an exit, a memory access: ir_opdefs flags).
 * Those observing ops are frequent, so instead of stamping all globals at
 * each one, remember the latest (in this backward walk) observing op and
 * the order in which it and each global's own entry were written: a
 * global's entry counts only when written after the latest observation.
 */
struct gnext {
	uint32_t obs_at, obs_seq, seq;
	uint32_t *gseq;         /* per global: seq of its own next[] entry */
};

static inline uint32_t gnext_get(const struct gnext *gn, const uint32_t *next,
				 unsigned n_globals, ir_temp t)
{
	if (t < n_globals && gn->gseq[t] < gn->obs_seq)
		return gn->obs_at;
	return next[t];
}

static inline void gnext_set(struct gnext *gn, uint32_t *next, unsigned n_globals,
			     ir_temp t, uint32_t v)
{
	next[t] = v;
	if (t < n_globals)
		gn->gseq[t] = ++gn->seq;
}

static __thread uint32_t *gseq_buf;
static __thread unsigned gseq_cap;

static void liveness(struct xgen *g, uint32_t *next, uint32_t *read)
{
	const struct ir_block *ir = g->ir;
	unsigned ng = ir->n_globals;
	struct gnext gn = { .obs_at = ir->n_insns, .obs_seq = 1, .seq = 1 };

	if (ng > gseq_cap) {
		free(gseq_buf);
		gseq_cap = ng;
		gseq_buf = xmalloc(ng * sizeof *gseq_buf);
	}
	gn.gseq = gseq_buf;
	/* globals are read at the block's end (its exit observes them) */
	for (unsigned t = 0; t < ng; t++)
		next[t] = ir->n_insns;
	_Static_assert(X_NEVER == 0xffffffffu, "memset fills X_NEVER");
	memset(next + ng, 0xff, (ir->n_temps - ng) * sizeof *next);
	memset(read, 0xff, ir->n_temps * sizeof *read);
	memset(gn.gseq, 0, ng * sizeof *gn.gseq); /* older than the block-end observation */
	for (unsigned i = ir->n_insns; i-- > 0;) {
		const struct ir_insn *in = &ir->insns[i];
		const struct ir_opdef *d = &ir_opdefs[in->op];
		unsigned n = d->nout + d->nin < 5 ? d->nout + d->nin : 5;
		uint32_t *nu = &g->nu[5 * i];
		if (in->op == IR_LABEL) {       /* reads after the label */
			uint32_t *ln = &g->label_next[(size_t)in->aux2 * ng];
			for (unsigned t = 0; t < ng; t++)
				ln[t] = gnext_get(&gn, next, ng, (ir_temp)t);
		}
		for (unsigned k = 0; k < 5; k++)
			nu[k] = X_NEVER;
		g->reread[i] = 0;
		for (unsigned k = 0; k < d->nout; k++) {
			ir_temp t = in->args[k];
			if (t != IR_NONE) {
				nu[k] = gnext_get(&gn, next, ng, t);
				gnext_set(&gn, next, ng, t, X_NEVER);
				read[t] = X_NEVER;
			}
		}
		/* the op sees the globals as they are before its outputs */
		if (observes_globals(in)) {
			gn.obs_at = i;
			gn.obs_seq = ++gn.seq;
		}
		for (unsigned k = d->nout; k < n; k++)
			if (in->args[k] != IR_NONE) {
				nu[k] = gnext_get(&gn, next, ng, in->args[k]);
				if (read[in->args[k]] != X_NEVER)
					g->reread[i] |= 1u << k;
			}
		for (unsigned k = d->nout; k < n; k++)
			if (in->args[k] != IR_NONE) {
				gnext_set(&gn, next, ng, in->args[k], i);
				read[in->args[k]] = i;
			}
	}
}

/*
 * Buffers the generator reuses from block to block (one set per thread;
 * blocks are generated under tc->lock, but the buffers need no lock then).
 */
struct xscratch {
	void *arena;
	size_t arena_cap;
	uint8_t *cold;
	size_t cold_cap;
	struct xfix *fix;
	unsigned cap_fix;
	struct xlit *lit;
	unsigned cap_lit;
	struct tb_site *sites;
	unsigned cap_sites;
	struct tb_loc *locs;
	unsigned cap_locs;
	struct xpend *pend;
	unsigned cap_pend;
	struct xsnap *snap;
	unsigned cap_snap;
};
static __thread struct xscratch scratch;
static __thread unsigned scratch_ng;

static void *carve(uint8_t **p, size_t n)
{
	void *r = *p;
	*p += ALIGN_UP(n, 16);
	return r;
}

/* per-temp, per-insn and per-label arrays out of one arena */
static uint32_t *gen_arrays(struct xgen *g)
{
	const struct ir_block *ir = g->ir;
	size_t nt = ir->n_temps + 1, ni = ir->n_insns + 1, nl = ir->n_labels + 1;
	size_t ng = ir->n_globals + 1;
	size_t need = ALIGN_UP(nt * sizeof *g->t, 16) + ALIGN_UP(5 * ni * sizeof *g->nu, 16) +
		      ALIGN_UP(ni, 16) + ALIGN_UP(nl * sizeof *g->label_pos, 16) +
		      ALIGN_UP(2 * nt * sizeof(uint32_t), 16) +
		      ALIGN_UP(2 * (ir->n_globals + 1) * sizeof *g->dconst, 16) +
		      ALIGN_UP(nl * sizeof *g->lab, 16) + ALIGN_UP(nl * ng * 2, 16) +
		      ALIGN_UP(nl * ng * sizeof *g->label_next, 16) +
		      ALIGN_UP(ng * sizeof *g->uses, 16) + ALIGN_UP(ng * sizeof *g->cur, 16) +
		      ALIGN_UP(2 * ng, 16) + ALIGN_UP(ni * sizeof *g->loops, 16);
	if (need > scratch.arena_cap) {
		free(scratch.arena);
		scratch.arena_cap = need * 2;
		scratch.arena = xmalloc(scratch.arena_cap);
	}
	uint8_t *p = scratch.arena;
	g->t = carve(&p, nt * sizeof *g->t);
	g->nu = carve(&p, 5 * ni * sizeof *g->nu);
	g->reread = carve(&p, ni);
	g->label_pos = carve(&p, nl * sizeof *g->label_pos);
	g->dconst = carve(&p, 2 * (ir->n_globals + 1) * sizeof *g->dconst);
	g->lab = carve(&p, nl * sizeof *g->lab);
	int8_t *states = carve(&p, nl * ng * 2);
	for (size_t l = 0; l < nl; l++) {
		g->lab[l].treg = states + 2 * l * ng;
		g->lab[l].tdirty = (uint8_t *)states + (2 * l + 1) * ng;
	}
	g->label_next = carve(&p, nl * ng * sizeof *g->label_next);
	g->uses = carve(&p, ng * sizeof *g->uses);
	g->cur = carve(&p, ng * sizeof *g->cur);
	g->base_reg = carve(&p, 2 * ng);
	g->base_dirty = (uint8_t *)g->base_reg + ng;
	g->loops = carve(&p, ni * sizeof *g->loops);
	return carve(&p, 2 * nt * sizeof(uint32_t));
}

static void scratch_take(struct xgen *g)
{
	g->cold = (struct xbuf){ .p = scratch.cold, .cap = scratch.cold_cap };
	g->fix = scratch.fix;
	g->cap_fix = scratch.cap_fix;
	g->lit = scratch.lit;
	g->cap_lit = scratch.cap_lit;
	g->sites = scratch.sites;
	g->cap_sites = scratch.cap_sites;
	g->locs = scratch.locs;
	g->cap_locs = scratch.cap_locs;
	g->pend = scratch.pend;
	g->cap_pend = scratch.cap_pend;
	/* snapshots are as wide as the globals: keep them per arch */
	if (scratch.snap && scratch.cap_snap && g->ir->n_globals != scratch_ng) {
		free(scratch.snap);
		scratch.snap = NULL;
		scratch.cap_snap = 0;
	}
	scratch_ng = g->ir->n_globals;
	g->snap = scratch.snap;
	g->cap_snap = scratch.cap_snap;
}

/* the buffers may have grown: keep them for the next block */
static void scratch_give_back(struct xgen *g)
{
	scratch.cold = g->cold.p;
	scratch.cold_cap = g->cold.cap;
	scratch.fix = g->fix;
	scratch.cap_fix = g->cap_fix;
	scratch.lit = g->lit;
	scratch.cap_lit = g->cap_lit;
	scratch.sites = g->sites;
	scratch.cap_sites = g->cap_sites;
	scratch.locs = g->locs;
	scratch.cap_locs = g->cap_locs;
	scratch.pend = g->pend;
	scratch.cap_pend = g->cap_pend;
	scratch.snap = g->snap;
	scratch.cap_snap = g->cap_snap;
}

static void grow_cold(struct xgen *g)
{
	if (g->cold.cap - g->cold.pos >= 8192)
		return;
	g->cold.cap = g->cold.cap * 2 + 16384;
	g->cold.p = xrealloc(g->cold.p, g->cold.cap);
}

/* Block entry: a basic block that could grow counts its runs; at 0 it asks
 * to be made a superblock (IR_EXIT_HOT, tb_promote), every run after that
 * too until it is. */
static void prologue(struct xgen *g, bool hot)
{
	if (!hot)
		return;
	x_mov_addr(g, X_RAX, XFX_TB64, offsetof(struct tb, hot_left));
	struct xmem m = xm(X_RAX, 0);
	x_alu_mi(g->b, X_SUB, 4, &m, 1);
	x_cold_begin(g, X_CC_LE);
	x_exit_code(g, IR_EXIT_HOT, true, g->ir->pc);
	(void)x_cold_end(g, false);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* Place cold code and literals after the main code and resolve fixups. */
static int layout(struct xgen *g, size_t start, size_t *size)
{
	struct codebuf *cb = &g->tc->cb;
	/* 8-byte aligned, as x_jmp32_patchable assumes of cold code */
	size_t cold_off = ALIGN_UP(g->main.pos, 8);
	/* a ud2 (never generated otherwise) tells x86_disas the pool starts */
	size_t lit_off = g->n_lit ? ALIGN_UP(cold_off + g->cold.pos + 2, 16)
				  : cold_off + g->cold.pos;
	size_t total = lit_off + 16 * (size_t)g->n_lit;

	WARP_ASSERT(!g->cold.overflow);
	if (g->main.overflow || start + total > cb->size)
		return -ENOSPC;
	uint8_t *rw = cb->rw + start, *rx = cb->rx + start;
	memset(rw + g->main.pos, 0xcc, cold_off - g->main.pos);
	memcpy(rw + cold_off, g->cold.p, g->cold.pos);
	for (unsigned s = 0; s < TB_NSLOTS; s++)
		if (g->cold_jmp[s] >= 0)
			g->tb->exit[s].jmp_off = (int32_t)(cold_off + (size_t)g->cold_jmp[s]);
	for (unsigned i = 0; i < g->n_loops; i++)
		g->loops[i].stub_off += (uint32_t)cold_off;
	memset(rw + cold_off + g->cold.pos, 0xcc, lit_off - cold_off - g->cold.pos);
	if (g->n_lit) {
		rw[cold_off + g->cold.pos] = 0x0f;
		rw[cold_off + g->cold.pos + 1] = 0x0b;
	}
	for (unsigned i = 0; i < g->n_lit; i++) {
		memcpy(rw + lit_off + 16 * i, &g->lit[i].lo, 8);
		memcpy(rw + lit_off + 16 * i + 8, &g->lit[i].hi, 8);
	}
	for (unsigned i = 0; i < g->n_fix; i++) {
		const struct xfix *f = &g->fix[i];
		size_t base = f->buf ? cold_off : 0;
		uintptr_t target;
		if (f->kind == XFX_TB64 || f->kind == XFX_FN64) {
			uint64_t v = f->kind == XFX_TB64 ? (uintptr_t)g->tb + f->target : f->target;
			memcpy(rw + base + f->pos, &v, 8);
			if (f->kind == XFX_TB64)
				tb_reloc_add(g->tc, TBR_TB_ABS64, base + f->pos, (int64_t)f->target);
			else
				tb_reloc_add_fn(g->tc, TBR_WARP_ABS64, base + f->pos, (uintptr_t)v);
			continue;
		}
		if (f->kind == XFX_ABS) {
			if ((uint8_t *)(uintptr_t)f->target == g->epilogue)
				tb_reloc_add(g->tc, TBR_CB_REL32, base + f->pos,
					     (int64_t)(f->target - (uintptr_t)cb->rx));
			else
				tb_reloc_add_fn(g->tc, TBR_WARP_REL32, base + f->pos,
						(uintptr_t)f->target);
		}
		switch (f->kind) {
		case XFX_MAIN: target = (uintptr_t)rx + f->target; break;
		case XFX_COLD: target = (uintptr_t)rx + cold_off + f->target; break;
		case XFX_LIT: target = (uintptr_t)rx + lit_off + 16 * f->target; break;
		case XFX_LABEL:
			WARP_ASSERT(g->label_pos[f->target] >= 0);
			target = (uintptr_t)rx + (uint32_t)g->label_pos[f->target];
			break;
		default: target = (uintptr_t)f->target; break;
		}
		int64_t rel = (int64_t)(target - ((uintptr_t)rx + base + f->end));
		WARP_ASSERT(x_fits32(rel));
		put32(rw + base + f->pos, (uint32_t)rel);
	}
	*size = total;
	return 0;
}

static int x86_gen(struct tcache *tc, struct tb *tb, struct ir_block *ir)
{
	struct codebuf *cb = &tc->cb;
	struct xgen g;
	size_t start = ALIGN_UP(cb->used, 16), size;
	int err;

	if (start + 256 > cb->size)
		return -ENOSPC;
	memset(&g, 0, sizeof g);
	x86_detect_features();
	g.tc = tc;
	g.tb = tb;
	g.ir = ir;
	g.feat = x86_host_features & (tc->host_fma ? ~0u : ~(unsigned)XF_FMA);
	g.epilogue = cb->rx + cb->size + X86_EPI_OFF;
	/* guest_base is fixed for the process: 0 saves the r15 base */
	g.use_gb = !(cpu_current && cpu_current->guest_base == 0);
	g.reserved = g.use_gb ? XR(X_R15) : 0;
	g.main = (struct xbuf){ .p = cb->rw + start, .cap = cb->size - start };
	g.b = &g.main;
	scratch_take(&g);
	uint32_t *next = gen_arrays(&g);
	for (unsigned i = 0; i < ir->n_labels; i++)
		g.label_pos[i] = -1;
	liveness(&g, next, next + ir->n_temps + 1);
	for (unsigned s = 0; s < TB_NSLOTS; s++) {
		if (s < tb->n_exits)
			tb->exit[s] = (struct tb_exit){ .jmp_off = -1 };
		g.cold_jmp[s] = -1;
	}
	ra_init(&g);
	g.reachable = true;
	g.insn_pc = ir->pc;
	grow_cold(&g);

	lb_setup(&g);
	prologue(&g, ir->can_grow && !ir->superblock);
	for (unsigned i = 0; i < ir->n_insns && !g.main.overflow; i++) {
		g.idx = i;
		g.in = &ir->insns[i];
		grow_cold(&g);
		cg_insn(&g);
	}
	if (g.reachable) {
		/* a block that falls off its end continues at end_pc */
		ra_sync(&g);
		x_exit_code(&g, IR_EXIT_LOOKUP, true, ir->end_pc);
	}
	err = layout(&g, start, &size);
	if (!err) {
		tb->code = cb->rx + start;
		tb->code_size = (uint32_t)size;
		tb->n_sites = g.n_sites;
		tb->sites = NULL;
		tb->locs = NULL;
		if (g.n_sites) {
			tb->sites = xmalloc(g.n_sites * sizeof *g.sites);
			memcpy(tb->sites, g.sites, g.n_sites * sizeof *g.sites);
		}
		if (g.n_locs) {
			tb->locs = xmalloc(g.n_locs * sizeof *g.locs);
			memcpy(tb->locs, g.locs, g.n_locs * sizeof *g.locs);
		}
		tb->n_loops = (uint16_t)g.n_loops;
		tb->loops = NULL;
		if (g.n_loops) {
			tb->loops = xmalloc(g.n_loops * sizeof *g.loops);
			memcpy(tb->loops, g.loops, g.n_loops * sizeof *g.loops);
		}
		cb->used = start + size;
	}
	scratch_give_back(&g);
	return err;
}

/* ---- running ---- */

void x86_tramp_install(struct codebuf *cb)
{
	static const int8_t saved[] = { X_RBP, X_RBX, X_R12, X_R13, X_R14, X_R15 };
	struct xbuf b = { .p = cb->rw + cb->size, .cap = X86_TRAMP_SIZE };

	for (unsigned i = 0; i < ARRAY_SIZE(saved); i++)
		x_push(&b, saved[i]);
	x_alu_ri(&b, X_SUB, true, X_RSP, X_FRAME);
	x_mov_rr(&b, true, X_RBP, X_RDI);
	struct xmem gb = xm(X_RDI, CPU_OFF(guest_base));
	x_load(&b, 8, false, X_R15, &gb);
	x_jmp_r(&b, X_RSI);
	WARP_ASSERT(b.pos <= X86_EPI_OFF);
	while (b.pos < X86_EPI_OFF)
		x_byte(&b, 0xcc);
	x_alu_ri(&b, X_ADD, true, X_RSP, X_FRAME);
	for (unsigned i = ARRAY_SIZE(saved); i-- > 0;)
		x_pop(&b, saved[i]);
	x_ret(&b);
	WARP_ASSERT(!b.overflow);
}

static uint64_t x86_exec(struct cpu *cpu, struct tb *tb)
{
	uint64_t (*tramp)(struct cpu *, void *) =
		(uint64_t (*)(struct cpu *, void *))(void *)(cpu->tc->cb.rx + cpu->tc->cb.size);
	return tramp(cpu, tb->code);
}

/* One atomic store of the rel32 at FIELD (x_jmp32_patchable,
 * x_jcc32_patchable), through the RW view, to jump to TARGET: threads may
 * be running the code. */
static void patch_jump(struct tcache *tc, uint8_t *field, const uint8_t *target)
{
	int64_t rel = (int64_t)(target - (field + 4));
	WARP_ASSERT(x_fits32(rel) && (uintptr_t)field % 8 <= 4);
	uint8_t *rw = tc->cb.rw + (field - tc->cb.rx);
	/* the 8 bytes around it, so that the store is an aligned one */
	_Atomic uint64_t *chunk = (_Atomic uint64_t *)(void *)((uintptr_t)rw & ~(uintptr_t)7);
	unsigned shift = 8 * (unsigned)((uintptr_t)rw & 7);
	uint64_t old = atomic_load_explicit(chunk, memory_order_relaxed), v;
	do {
		v = (old & ~(0xffffffffull << shift)) | ((uint64_t)(uint32_t)(int32_t)rel << shift);
	} while (!atomic_compare_exchange_weak_explicit(chunk, &old, v, memory_order_release,
							memory_order_relaxed));
}

static void x86_chain(struct tcache *tc, struct tb *from, unsigned slot, struct tb *to)
{
	WARP_ASSERT(slot < from->n_exits && from->exit[slot].jmp_off >= 0);
	uint8_t *field = (uint8_t *)from->code + from->exit[slot].jmp_off;
	/* unchained, the rel32 is 0: the stub right behind the jump */
	patch_jump(tc, field, to ? (const uint8_t *)to->code : field + 4);
}

static void x86_break_loops(struct tcache *tc, struct tb *tb)
{
	uint8_t *code = tb->code;
	for (unsigned i = 0; i < tb->n_loops; i++)
		patch_jump(tc, code + tb->loops[i].jmp_off, code + tb->loops[i].stub_off);
}

static const int greg_of[16] = {
	REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
	REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

static bool x86_restore(struct cpu *cpu, struct tb *tb, uintptr_t host_pc,
			const ucontext_t *uc)
{
	uintptr_t code = (uintptr_t)tb->code;
	if (host_pc < code || host_pc >= code + tb->code_size)
		return false;
	uint32_t off = (uint32_t)(host_pc - code);
	unsigned lo = 0, hi = tb->n_sites;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (tb->sites[mid].host_off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == tb->n_sites || tb->sites[lo].host_off != off)
		return false;
	const struct tb_site *s = &tb->sites[lo];
	const struct ir_global *gl = cpu->arch ? cpu->arch->globals : cpu->tc->ir.globals;
	for (unsigned i = 0; i < s->n_locs; i++) {
		const struct tb_loc *l = &tb->locs[s->loc_first + i];
		const struct ir_global *gg = &gl[l->global];
		uint64_t v;
		if (l->hreg == TB_LOC_CONST) {
			v = tb_loc_const(l);
			i += TB_LOC_CONST_N;
		} else if (l->hreg < 16) {
			v = (uint64_t)uc->uc_mcontext.gregs[greg_of[l->hreg]];
			if (l->plus & TB_LOC_PLUS)
				v += (uint64_t)uc->uc_mcontext.gregs[greg_of[l->plus & 15]];
			else if (l->plus == TB_LOC_SEXT32)
				v = (uint64_t)(int64_t)(int32_t)v;
		} else {
			const uint32_t *e = uc->uc_mcontext.fpregs->_xmm[l->hreg - 16].element;
			v = e[0] | ((uint64_t)e[1] << 32);
		}
		memcpy((uint8_t *)cpu + gg->offset, &v,
		       gg->type == IR_I32 || gg->type == IR_F32 ? 4 : 8);
	}
	/* signed: a superblock may have jumped back before its entry */
	cpu->pc = tb->pc + (gaddr_t)(int64_t)(int32_t)s->guest_off;
	return true;
}

static void x86_disas(const void *code, size_t len, FILE *f)
{
	const uint8_t *p = code;
	size_t off = 0;
	while (off < len) {
		ZydisDisassembledInstruction di;
		uintptr_t a = (uintptr_t)p + off;
		if (p[off] == 0x0f && off + 1 < len && p[off + 1] == 0x0b) {
			/* layout(): the literal pool follows, 16-byte aligned */
			size_t lit = ALIGN_UP(a + 2, 16) - (uintptr_t)p;
			fprintf(f, "  0x%016" PRIxPTR ":  (literal pool, %zu bytes)\n",
				(uintptr_t)p + lit, len > lit ? len - lit : 0);
			for (; lit + 8 <= len; lit += 8) {
				uint64_t v;
				memcpy(&v, p + lit, 8);
				fprintf(f, "  0x%016" PRIxPTR ":  .quad 0x%016" PRIx64 "\n",
					(uintptr_t)p + lit, v);
			}
			return;
		}
		if (p[off] == 0xcc) {
			off++;          /* alignment padding */
			continue;
		}
		if (ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, a, p + off,
						       len - off, &di))) {
			fprintf(f, "  0x%016" PRIxPTR ":  %s\n", a, di.text);
			off += di.info.length;
		} else {
			fprintf(f, "  0x%016" PRIxPTR ":  .byte 0x%02x\n", a, p[off]);
			off++;
		}
	}
}

const struct backend backend_x86_64 = {
	.name = "x86_64",
	.gen = x86_gen,
	.exec = x86_exec,
	.chain = x86_chain,
	.break_loops = x86_break_loops,
	.restore = x86_restore,
	.disas_host = x86_disas,
};
