/*
 * codegen_mem.c - guest memory, CPU-state fields, atomics and helper calls.
 *
 * A guest access is one host instruction on [r15 + addr + disp] (or
 * [addr + disp] when guest_base is 0); a 32-bit guest address wraps at 4 GiB
 * before the base is added.  Every instruction that may fault is a
 * precise-state point (ra_site): the dirty globals living in registers at
 * that instant are recorded so that restore() can rebuild the guest state.
 * Dirty globals whose value is a known constant are stored before any
 * access, so that every dirty global at a site is in a register.  An add
 * whose sum only this access reads is folded into its address
 * ([a + c + disp], cg_alu's fuse_address): the site records that global
 * as the sum of the two registers.
 *
 * Byte order: IR_MO_BE swaps with movbe when the host has it, else with
 * bswap (rol r16, 8 for halfwords).  Alignment (IR_MO_ALIGN, and always for
 * atomics) is checked inline; a misaligned access leaves through a cold stub
 * with SIGBUS/BUS_ADRALN in cpu->fault_*.
 */
#include <signal.h>
#include "x86.h"

#define A(k) (g->in->args[k])

struct gop {
	struct xmem m;          /* the host memory operand */
	int areg;               /* register with the guest address, or -1 */
	int32_t adisp;          /* guest address = areg + adisp */
	uint64_t aconst;        /* guest address when areg < 0 */
	bool a32;               /* 32-bit guest address */
};

static void guest_addr(struct xgen *g, ir_temp a, int64_t disp, struct gop *o)
{
	uint64_t v;
	o->a32 = g->t[a].type == IR_I32;
	if (g->fused.on && g->fused.at == g->idx && a == g->fused.d) {
		/* the add cg_alu left out: [a + c + disp] */
		int ra = ra_use(g, g->fused.a, XR_INT), rc = ra_use(g, g->fused.c, XR_INT);
		g->fused.ra = ra;
		g->fused.rc = rc;
		o->areg = ra;
		o->adisp = (int32_t)disp;
		o->m = xmi(ra, rc, 0, (int32_t)disp);
		return;
	}
	if (ra_const(g, a, &v)) {
		v += (uint64_t)disp;
		if (o->a32)
			v = (uint32_t)v;
		o->areg = -1;
		o->aconst = v;
		o->adisp = 0;
		if (x_fits32((int64_t)v)) {
			o->m = g->use_gb ? xm(X_R15, (int32_t)v) : xm(X_NOREG, (int32_t)v);
		} else {
			int s = ra_alloc(g, XR_INT);
			x_mov_ri(g->b, true, s, v);
			o->m = g->use_gb ? xmi(X_R15, s, 0, 0) : xm(s, 0);
		}
		return;
	}
	int r = ra_use(g, a, XR_INT);
	if ((o->a32 && disp) || !x_fits32(disp)) {
		int s = ra_alloc(g, XR_INT);
		if (o->a32) {
			struct xmem m = xm(r, (int32_t)disp);
			x_lea(g->b, false, s, &m);
		} else {
			x_mov_ri(g->b, true, s, (uint64_t)disp);
			x_alu_rr(g->b, X_ADD, true, s, r);
		}
		r = s;
		disp = 0;
	}
	o->areg = r;
	o->adisp = (int32_t)disp;
	o->m = g->use_gb ? xmi(X_R15, r, 0, (int32_t)disp) : xm(r, (int32_t)disp);
}

/* Leave the block with SIGBUS for the misaligned address in o. */
static void fault_stub(struct xgen *g, const struct gop *o)
{
	struct xbuf *b = g->b;
	ra_store_all_dirty(g);
	if (o->areg < 0) {
		x_mov_ri(b, true, X_RAX, o->aconst);
	} else {
		struct xmem m = xm(o->areg, o->adisp);
		x_lea(b, !o->a32, X_RAX, &m);
	}
	struct xmem fa = xm(X_RBP, CPU_OFF(fault_addr));
	x_store(b, 8, &fa, X_RAX);
	struct xmem fs = xm(X_RBP, CPU_OFF(fault_signo));
	x_store_imm(b, 4, &fs, SIGBUS);
	struct xmem fc = xm(X_RBP, CPU_OFF(fault_code));
	x_store_imm(b, 4, &fc, BUS_ADRALN);
	x_exit_code(g, IR_EXIT_FAULT, true, g->insn_pc);
}

static void check_align(struct xgen *g, const struct gop *o, unsigned size)
{
	if (size == 1)
		return;
	if (o->areg < 0) {
		if (o->aconst & (size - 1)) {
			x_cold_begin(g, 16);
			fault_stub(g, o);
			(void)x_cold_end(g, false);
		}
		return;
	}
	int r = o->areg;
	if (o->adisp & (size - 1)) {
		r = ra_alloc(g, XR_INT);
		struct xmem m = xm(o->areg, o->adisp);
		x_lea(g->b, false, r, &m);
	}
	x_test_ri(g->b, false, r, size - 1);
	x_cold_begin(g, X_CC_NE);
	fault_stub(g, o);
	(void)x_cold_end(g, false);
}

/* byte-swap the low SIZE bytes of r (zero-extending for size 4) */
static void swap_reg(struct xgen *g, unsigned size, int r)
{
	if (size == 2)
		x_rol16_8(g->b, r);
	else if (size >= 4)
		x_bswap(g->b, size == 8, r);
}

/* extend the low SIZE bytes of r per the memop, for a temp of TYPE */
static void extend_reg(struct xgen *g, unsigned mo, unsigned type, int r)
{
	unsigned size = IR_MO_BYTES(mo);
	bool sign = mo & IR_MO_SIGN;
	if (size < 8) {
		if (sign)
			x_movsx(g->b, size, r, r);
		else
			x_movzx(g->b, size, r, r);
	}
	if (sign && size < 8 && type == IR_I32)
		x_mov_rr(g->b, false, r, r);
}

static void cg_ld(struct xgen *g)
{
	unsigned mo = g->in->aux2, size = IR_MO_BYTES(mo);
	bool be = (mo & IR_MO_BE) && size > 1, sign = mo & IR_MO_SIGN;
	ir_temp d = A(0);
	struct xtemp *xd = &g->t[d];
	struct gop o;
	int rd;

	guest_addr(g, A(1), g->in->imm, &o);
	if (mo & IR_MO_ALIGN)
		check_align(g, &o, size);
	if (xd->xmm && !be && (size == 4 || size == 8)) {
		ra_release_dead(g);
		rd = ra_out(g, d, XR_XMM, -1);
		ra_site(g);
		x_sse_rm(g->b, X_SSE_MOV_LD, size == 8, rd, &o.m);
		ra_def(g, d, rd);
		return;
	}
	int ri = xd->xmm ? ra_alloc(g, XR_INT) : -1;
	ra_release_dead(g);
	if (ri < 0)
		ri = rd = ra_out(g, d, XR_INT, o.areg >= 0 && ra_clob(g, o.areg) ? o.areg : -1);
	else
		rd = ra_out(g, d, XR_XMM, -1);
	ra_site(g);
	if (!be) {
		x_load(g->b, size, sign, ri, &o.m);
		if (sign && size < 8 && xd->type == IR_I32)
			x_mov_rr(g->b, false, ri, ri);
	} else {
		if (size >= 4 && (g->feat & XF_MOVBE)) {
			x_movbe_load(g->b, size, ri, &o.m);
		} else {
			x_load(g->b, size, false, ri, &o.m);
			swap_reg(g, size, ri);
		}
		if (sign || size == 2)
			extend_reg(g, mo, xd->type, ri);
	}
	if (ri != rd)
		x_movq_to_xmm(g->b, true, rd, ri);
	ra_def(g, d, rd);
}

static uint64_t bswap_const(uint64_t v, unsigned size)
{
	switch (size) {
	case 2: return __builtin_bswap16((uint16_t)v);
	case 4: return __builtin_bswap32((uint32_t)v);
	case 8: return __builtin_bswap64(v);
	}
	return v;
}

static void cg_st(struct xgen *g)
{
	unsigned mo = g->in->aux2, size = IR_MO_BYTES(mo);
	bool be = (mo & IR_MO_BE) && size > 1;
	ir_temp val = A(0);
	uint64_t cv;
	bool known = ra_const(g, val, &cv);
	struct gop o;
	int rv = -1;

	if (!known) {
		g->narrow = size <= 4;          /* stores the low half only */
		rv = ra_use(g, val, g->t[val].xmm ? XR_XMM : XR_INT);
		g->narrow = false;
	}
	guest_addr(g, A(1), g->in->imm, &o);
	if (mo & IR_MO_ALIGN)
		check_align(g, &o, size);
	if (known) {
		if (be)
			cv = bswap_const(cv, size);
		be = false;
		if (size == 8 && !x_fits32((int64_t)cv)) {
			rv = ra_alloc(g, XR_INT);
			x_mov_ri(g->b, true, rv, cv);
			known = false;
		}
	} else if (rv >= 16 && !be && (size == 4 || size == 8)) {
		ra_site(g);
		x_movss_st(g->b, size == 8, &o.m, rv);
		ra_release_dead(g);
		return;
	} else if (rv >= 16 || (be && !(g->feat & XF_MOVBE))) {
		int s = ra_alloc(g, XR_INT);
		x_move(g, s, rv);
		if (be)
			swap_reg(g, size, s);
		rv = s;
		be = false;
	}
	ra_site(g);
	if (known)
		x_store_imm(g->b, size, &o.m, (int32_t)(uint32_t)cv);
	else if (be)
		x_movbe_store(g->b, size, &o.m, rv);
	else
		x_store(g->b, size, &o.m, rv);
	ra_release_dead(g);
}

/* result of a cmpxchg/atomic in r: swap and extend per the memop */
static void atomic_result(struct xgen *g, unsigned mo, ir_temp d, int r)
{
	unsigned size = IR_MO_BYTES(mo);
	if ((mo & IR_MO_BE) && size > 1)
		swap_reg(g, size, r);
	if (size < 8) {
		if (size == 4 && !(mo & IR_MO_SIGN))
			x_mov_rr(g->b, false, r, r);
		else
			extend_reg(g, mo, g->t[d].type, r);
	}
}

static void cg_cmpxchg(struct xgen *g)
{
	unsigned mo = g->in->aux2, size = IR_MO_BYTES(mo);
	bool be = (mo & IR_MO_BE) && size > 1;
	struct gop o;

	ra_flush_consts(g);
	ra_fixed(g, A(2), X_RAX);
	int rc = ra_use(g, A(3), XR_INT & ~XR(X_RAX));
	guest_addr(g, A(1), g->in->imm, &o);
	check_align(g, &o, size);
	if (be) {
		swap_reg(g, size, X_RAX);
		int s = ra_alloc(g, XR_INT);
		x_mov_rr(g->b, true, s, rc);
		swap_reg(g, size, s);
		rc = s;
	}
	ra_site(g);
	x_lock_cmpxchg(g->b, size, &o.m, rc);
	atomic_result(g, mo, A(0), X_RAX);
	ra_release_dead(g);
	ra_def(g, A(0), X_RAX);
}

static void cg_atomic(struct xgen *g)
{
	unsigned mo = g->in->aux2, size = IR_MO_BYTES(mo), kind = g->in->aux;
	bool be = (mo & IR_MO_BE) && size > 1, w = size == 8;
	struct gop o;

	ra_flush_consts(g);
	if (kind == IR_AT_XCHG || (kind == IR_AT_ADD && !be)) {
		int rb = ra_use(g, A(2), XR_INT);
		guest_addr(g, A(1), g->in->imm, &o);
		check_align(g, &o, size);
		ra_release_dead(g);
		int rd = ra_out(g, A(0), XR_INT, rb != o.areg && ra_clob(g, rb) ? rb : -1);
		if (rd != rb)
			x_mov_rr(g->b, true, rd, rb);
		if (be)
			swap_reg(g, size, rd);
		ra_site(g);
		if (kind == IR_AT_XCHG)
			x_xchg_mr(g->b, size, &o.m, rd);
		else
			x_lock_xadd(g->b, size, &o.m, rd);
		atomic_result(g, mo, A(0), rd);
		ra_def(g, A(0), rd);
		return;
	}

	/* load; loop { new = old op b; lock cmpxchg } */
	ra_reserve(g, X_RAX);
	int rb = ra_use(g, A(2), XR_INT & ~XR(X_RAX));
	guest_addr(g, A(1), g->in->imm, &o);
	check_align(g, &o, size);
	int rt = ra_alloc(g, XR_INT);
	bool minmax = kind >= IR_AT_SMIN, sgn = kind == IR_AT_SMIN || kind == IR_AT_SMAX;
	if (minmax && size < 4) {
		/* compare sub-word values as properly extended 32-bit ones */
		int s = ra_alloc(g, XR_INT);
		if (sgn)
			x_movsx(g->b, size, s, rb);
		else
			x_movzx(g->b, size, s, rb);
		rb = s;
	}
	ra_site(g);
	x_load(g->b, size, false, X_RAX, &o.m);
	size_t loop = g->b->pos;
	x_mov_rr(g->b, true, rt, X_RAX);
	if (be)
		swap_reg(g, size, rt);
	if (minmax && size < 4) {
		if (sgn)
			x_movsx(g->b, size, rt, rt);
		else
			x_movzx(g->b, size, rt, rt);
	}
	switch (kind) {
	case IR_AT_ADD: x_alu_rr(g->b, X_ADD, w, rt, rb); break;
	case IR_AT_AND: x_alu_rr(g->b, X_AND, w, rt, rb); break;
	case IR_AT_OR: x_alu_rr(g->b, X_OR, w, rt, rb); break;
	case IR_AT_XOR: x_alu_rr(g->b, X_XOR, w, rt, rb); break;
	default: {
		static const uint8_t cc[] = {
			[IR_AT_SMIN] = X_CC_G, [IR_AT_SMAX] = X_CC_L,
			[IR_AT_UMIN] = X_CC_A, [IR_AT_UMAX] = X_CC_B,
		};
		x_alu_rr(g->b, X_CMP, w, rt, rb);
		x_cmov(g->b, cc[kind], w, rt, rb);
		break;
	}
	}
	if (be)
		swap_reg(g, size, rt);
	ra_site(g);
	x_lock_cmpxchg(g->b, size, &o.m, rt);
	int64_t rel = (int64_t)loop - (int64_t)(g->b->pos + 2);
	WARP_ASSERT(x_fits8(rel));
	x_byte(g->b, 0x70 + X_CC_NE);
	x_byte(g->b, (uint8_t)rel);
	atomic_result(g, mo, A(0), X_RAX);
	ra_release_dead(g);
	ra_def(g, A(0), X_RAX);
}

static void cg_ld_env(struct xgen *g)
{
	unsigned mo = g->in->aux2, size = IR_MO_BYTES(mo);
	bool sign = mo & IR_MO_SIGN;
	ir_temp d = A(0);
	struct xmem m = xm(X_RBP, (int32_t)g->in->imm);
	int rd;

	ra_env_access(g, (unsigned)g->in->imm, size, false);
	if (g->t[d].xmm && (size == 4 || size == 8)) {
		rd = ra_out(g, d, XR_XMM, -1);
		x_sse_rm(g->b, X_SSE_MOV_LD, size == 8, rd, &m);
	} else if (g->t[d].xmm) {
		int ri = ra_alloc(g, XR_INT);
		x_load(g->b, size, sign, ri, &m);
		rd = ra_out(g, d, XR_XMM, -1);
		x_movq_to_xmm(g->b, true, rd, ri);
	} else {
		rd = ra_out(g, d, XR_INT, -1);
		x_load(g->b, size, sign, rd, &m);
		if (sign && size < 8 && g->t[d].type == IR_I32)
			x_mov_rr(g->b, false, rd, rd);
	}
	ra_def(g, d, rd);
}

static void cg_st_env(struct xgen *g)
{
	unsigned size = IR_MO_BYTES(g->in->aux2);
	unsigned off = (unsigned)g->in->imm;
	struct xmem m = xm(X_RBP, (int32_t)off);
	ir_temp val = A(0);
	int32_t imm;

	ra_env_access(g, off, size, true);
	if ((size < 8 || !g->t[val].xmm) && ra_imm(g, val, size == 8, &imm)) {
		x_store_imm(g->b, size, &m, imm);
	} else {
		int r = ra_use(g, val, g->t[val].xmm ? XR_XMM : XR_INT);
		if (r >= 16 && (size == 4 || size == 8)) {
			x_movss_st(g->b, size == 8, &m, r);
		} else {
			if (r >= 16) {
				int s = ra_alloc(g, XR_INT);
				x_movq_from_xmm(g->b, true, s, r);
				r = s;
			}
			x_store(g->b, size, &m, r);
		}
	}
	ra_release_dead(g);
	ra_env_access(g, off, size, true);
}

void cg_mem(struct xgen *g)
{
	switch (g->in->op) {
	case IR_LD: cg_ld(g); g->fused.on = false; break;
	case IR_ST: cg_st(g); g->fused.on = false; break;
	case IR_CMPXCHG: cg_cmpxchg(g); break;
	case IR_ATOMIC: cg_atomic(g); break;
	case IR_LD_ENV: cg_ld_env(g); break;
	case IR_ST_ENV: cg_st_env(g); break;
	case IR_FENCE:
		/* x86 is TSO: only store->load ordering needs a barrier */
		if (g->in->aux & IR_FENCE_SL)
			x_mfence(g->b);
		break;
	}
}

/* ---- helper calls ---- */

static const int8_t callee_saved[] = { X_RBX, X_R12, X_R13, X_R14, X_R15 };

static bool arg_dies_here(struct xgen *g, ir_temp t)
{
	for (unsigned k = 1; k < 5; k++)
		if (A(k) == t)
			return ra_dies(g, k);
	return false;
}

struct pmove {
	int dst;
	int src;                /* register source, or -1 */
	ir_temp t;              /* otherwise the temp to load (or IR_NONE: 0) */
};

/* Move the arguments into their registers (a parallel move). */
static void call_args(struct xgen *g)
{
	static const int8_t argreg[4] = { X_RSI, X_RDX, X_RCX, X_R8 };
	struct pmove mv[4];
	unsigned n = 0;

	for (unsigned k = 0; k < 4; k++) {
		ir_temp t = A(1 + k);
		mv[n] = (struct pmove){ .dst = argreg[k], .src = -1, .t = t };
		if (t != IR_NONE && g->t[t].loc == XL_REG && g->t[t].reg < 16)
			mv[n].src = g->t[t].reg;
		n++;
	}
	/* register sources first; a cycle is broken with xchg */
	for (;;) {
		int pick = -1, any = -1;
		for (unsigned i = 0; i < n; i++) {
			if (mv[i].src < 0 || mv[i].src == mv[i].dst)
				continue;
			any = (int)i;
			bool blocked = false;
			for (unsigned j = 0; j < n; j++)
				if (j != i && mv[j].src == mv[i].dst && mv[j].src != mv[j].dst)
					blocked = true;
			if (!blocked) {
				pick = (int)i;
				break;
			}
		}
		if (any < 0)
			break;
		if (pick >= 0) {
			x_mov_rr(g->b, true, mv[pick].dst, mv[pick].src);
			mv[pick].src = mv[pick].dst;
			continue;
		}
		/* cycle: swap, then whoever wanted dst's old value finds it in src */
		struct pmove *c = &mv[any];
		x_rr(g->b, 0x87 | XO_W, c->src, c->dst);
		for (unsigned j = 0; j < n; j++)
			if ((int)j != any && mv[j].src == c->dst)
				mv[j].src = c->src;
		c->src = c->dst;
	}
	for (unsigned i = 0; i < n; i++) {
		uint64_t v;
		if (mv[i].src >= 0)
			continue;
		/* flags are dead here: zero with xor */
		if (mv[i].t == IR_NONE || (ra_const(g, mv[i].t, &v) && v == 0))
			x_zero(g->b, mv[i].dst);
		else
			ra_load_to(g, mv[i].t, mv[i].dst);
	}
}

void cg_call(struct xgen *g)
{
	const struct ir_helper *h = (const struct ir_helper *)(intptr_t)g->in->imm;
	unsigned f = h->flags;
	ir_temp ret = A(0);

	if (f & (IRH_READS_GLOBALS | IRH_WRITES_GLOBALS | IRH_MAY_FAULT))
		ra_sync(g);
	/* nothing the callee may clobber may hold a value we still need */
	for (int r = 0; r < 32; r++) {
		int u = g->reg_temp[r];
		if (u < 0 || !(XR_CLOBBERED & XR(r)))
			continue;
		if (g->t[u].kind == IR_TK_LOCAL) {
			if (r < 16 && arg_dies_here(g, u))
				continue;
			int r2 = -1;
			for (unsigned i = 0; r < 16 && i < ARRAY_SIZE(callee_saved); i++)
				if (g->reg_temp[callee_saved[i]] < 0 &&
				    !(g->reserved & XR(callee_saved[i]))) {
					r2 = callee_saved[i];
					break;
				}
			if (r2 >= 0) {
				x_mov_rr(g->b, true, r2, r);
				g->reg_temp[r2] = (int16_t)u;
				g->reg_temp[r] = -1;
				g->t[u].reg = (uint8_t)r2;
				continue;
			}
		}
		ra_evict(g, r);
	}
	call_args(g);
	if (f & IRH_MAY_FAULT) {
		x_store_u64(g, CPU_OFF(pc), g->insn_pc, X_RAX);
		struct xmem m = xm(X_RBP, CPU_OFF(guest_access));
		x_store_imm(g->b, 4, &m, 1);
	}
	x_mov_rr(g->b, true, X_RDI, X_RBP);
	x_call_abs(g, (const void *)h->fn);
	if (f & IRH_MAY_FAULT) {
		struct xmem m = xm(X_RBP, CPU_OFF(guest_access));
		x_store_imm(g->b, 4, &m, 0);
	}
	ra_release_dead(g);
	if (f & IRH_WRITES_GLOBALS) {
		for (unsigned i = 0; i < g->ir->n_globals; i++) {
			struct xtemp *x = &g->t[i];
			if (x->loc == XL_REG)
				g->reg_temp[x->reg] = -1;
			x->loc = XL_MEM;
			x->dirty = 0;
			x->from_arith = 0;
		}
	}
	if (ret != IR_NONE) {
		if (g->t[ret].xmm) {
			int rd = ra_out(g, ret, XR_XMM, -1);
			x_movq_to_xmm(g->b, true, rd, X_RAX);
			ra_def(g, ret, rd);
		} else {
			if (g->t[ret].type == IR_I32)
				x_mov_rr(g->b, false, X_RAX, X_RAX);
			ra_def(g, ret, X_RAX);
		}
	}
}
