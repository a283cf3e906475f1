/*
 * ir_opt.c - IR passes run on every block before a backend sees it.
 *
 *   ir_fold_constants: forward pass; tracks temps (locals and globals) that
 *     hold a known constant or are a copy of another temp, substitutes them
 *     into later uses, evaluates integer ops whose inputs are all constant,
 *     applies algebraic identities (x+0, x*1, x&0 ...) and resolves branches
 *     and side exits (EXIT_COND) on constants.  Knowledge is dropped at labels (control may merge) and
 *     for globals after helpers that write them.
 *   ir_link_exits: a superblock's direct exit (EXIT_COND, EXIT_DIRECT) to an
 *     instruction of the block itself becomes a branch (BRCOND, BR) to a
 *     label put before that instruction: a loop or a join kept inside the
 *     block.  Not where a local is live across that point (locals never
 *     cross a label) or where the pc starts more than one instruction.
 *     The exits left are given slots 0, 1, ... in order.
 *   ir_narrow_extensions: backward pass; the sign extension of an I32
 *     result (a W-op's) whose readers, up to where it is overwritten, all
 *     read only its low 32 bits (32-bit ops, extensions, masks below 2^32,
 *     shifts left by 32 or more, shift counts), with no point in between
 *     where the guest state may be seen (memory access, control flow,
 *     helper), becomes a zero extension, which is free on an I32.
 *   ir_eliminate_dead: backward liveness over locals; removes ops without
 *     side effects whose results are never read.  Loads (they may fault) and
 *     FP ops (they raise flags) are never removed.
 *
 * Invariant kept: the guest-visible effect of the block is unchanged,
 * including which instruction faults and the guest state at that fault.
 */
#include <stdlib.h>
#include <string.h>

#include "ir.h"

struct fold_state {
	struct ir_block *b;
	uint8_t *is_const;      /* per temp: value known */
	uint64_t *val;
	ir_temp *copy;          /* per temp: equal to this temp, or IR_NONE */
	uint8_t *copied;        /* per temp: some copy[] may name it */
	uint8_t *nonneg;        /* per temp: value in [0, 2^31) (as its type) */
	unsigned seen;          /* temps whose constness was recorded */
};

static void forget(struct fold_state *s, ir_temp t)
{
	s->is_const[t] = 0;
	s->nonneg[t] = 0;
	s->copy[t] = IR_NONE;
	if (!s->copied[t])
		return;
	/* anything that was a copy of t is no longer */
	s->copied[t] = 0;
	for (unsigned i = 0; i < s->b->n_temps; i++)
		if (s->copy[i] == t)
			s->copy[i] = IR_NONE;
}

static void forget_all(struct fold_state *s, bool globals_only)
{
	unsigned n = globals_only ? s->b->n_globals : s->b->n_temps;
	for (unsigned i = 0; i < n; i++) {
		if (s->b->temps[i].kind == IR_TK_CONST)
			continue;
		s->is_const[i] = 0;
		s->nonneg[i] = 0;
		s->copy[i] = IR_NONE;
	}
	if (globals_only)
		for (unsigned i = 0; i < s->b->n_temps; i++)
			if (s->copy[i] != IR_NONE && s->copy[i] < s->b->n_globals)
				s->copy[i] = IR_NONE;
}

/* Record constants appended to the temp table since the last call. */
static void sync_consts(struct fold_state *s, unsigned cap)
{
	WARP_ASSERT(s->b->n_temps < cap);
	for (; s->seen < s->b->n_temps; s->seen++)
		if (s->b->temps[s->seen].kind == IR_TK_CONST) {
			s->is_const[s->seen] = 1;
			s->val[s->seen] = s->b->temps[s->seen].val;
		}
}

static bool is_int_type(unsigned t)
{
	return t == IR_I32 || t == IR_I64;
}

static void make_mov_const(struct fold_state *s, struct ir_insn *in, uint64_t v)
{
	ir_temp d = in->args[0];
	enum ir_type t = s->b->temps[d].type;
	if (t != IR_I32 && t != IR_I64)
		t = in->type;
	ir_temp c = ir_const(s->b, t, v);
	memset(in->args, 0xff, sizeof in->args);
	in->op = IR_MOV;
	in->type = t;
	in->aux = 0;
	in->args[0] = d;
	in->args[1] = c;
}

static void make_mov(struct ir_insn *in, ir_temp src)
{
	ir_temp d = in->args[0];
	memset(in->args, 0xff, sizeof in->args);
	in->op = IR_MOV;
	in->aux = 0;
	in->args[0] = d;
	in->args[1] = src;
}

/* Identities with one constant operand; returns true when rewritten. */
static bool simplify(struct fold_state *s, struct ir_insn *in)
{
	ir_temp a = in->args[1], b = in->args[2];
	bool ca = s->is_const[a], cb = s->is_const[b];
	uint64_t mask = in->type == IR_I32 ? 0xffffffffull : ~0ull;
	uint64_t vb = cb ? s->val[b] & mask : 0, va = ca ? s->val[a] & mask : 0;

	switch (in->op) {
	case IR_ADD:
	case IR_OR:
	case IR_XOR:
		if (cb && vb == 0) { make_mov(in, a); return true; }
		if (ca && va == 0) { make_mov(in, b); return true; }
		break;
	case IR_SUB:
	case IR_SHL:
	case IR_SHR:
	case IR_SAR:
	case IR_ROTL:
	case IR_ROTR:
		if (cb && vb == 0) { make_mov(in, a); return true; }
		break;
	case IR_MUL:
		if (cb && vb == 1) { make_mov(in, a); return true; }
		if (ca && va == 1) { make_mov(in, b); return true; }
		if ((cb && vb == 0) || (ca && va == 0)) { make_mov_const(s, in, 0); return true; }
		break;
	case IR_AND:
		if (cb && vb == mask) { make_mov(in, a); return true; }
		if (ca && va == mask) { make_mov(in, b); return true; }
		if ((cb && vb == 0) || (ca && va == 0)) { make_mov_const(s, in, 0); return true; }
		break;
	default:
		break;
	}
	/* an I32 mov of a 64-bit value must still truncate: leave it to the
	 * backend (MOV I32 zero-extends) */
	return false;
}

/*
 * Scratch arrays of the passes, kept per thread and grown on demand: blocks
 * are translated by the thousand at start-up, and a malloc/free per array
 * per block showed up in profiles.  A cache, not state: nothing survives
 * from one block to the next.
 */
static __thread struct {
	uint8_t *bytes;         /* is_const/live, copied, nonneg/keep */
	uint64_t *val;
	ir_temp *copy;
	unsigned cap;
} scratch;

static void scratch_reserve(unsigned n)
{
	if (n <= scratch.cap)
		return;
	n = n * 2;
	free(scratch.bytes);
	free(scratch.val);
	free(scratch.copy);
	scratch.bytes = xmalloc(4 * (size_t)n);
	scratch.val = xmalloc(n * sizeof *scratch.val);
	scratch.copy = xmalloc(n * sizeof *scratch.copy);
	scratch.cap = n;
}

/* integer ops a zero-extension pair may be split by */
#define ZEXT_GAP 6

/*
 * x << 32 >> 32 (logical, 64-bit) is a zero extension: RISC-V without Zba
 * writes zext.w that way (slli; srli).  The SHR at I becomes EXT32U of the
 * SHL's input, and the SHL goes when the SHR overwrites its result, which
 * also leaves its input intact when it was the same register (slli
 * a0,a0,32; srli a0,a0,32).  Compilers often schedule other work between
 * the two: up to ZEXT_GAP integer ops may separate them when none reads or
 * writes the SHL's result, none writes its input, and none may observe the
 * guest state (memory, control flow, helpers), which sees the SHL's result
 * in a global no longer.
 */
static bool zext_pair(struct fold_state *s, unsigned i)
{
	struct ir_block *b = s->b;
	struct ir_insn *in = &b->insns[i];
	if (in->op != IR_SHR || in->type != IR_I64 || !s->is_const[in->args[2]] ||
	    s->val[in->args[2]] != 32)
		return false;
	ir_temp mid = in->args[1];
	struct ir_insn *p = NULL;
	for (unsigned j = i, gap = 0; j-- > 0;) {
		struct ir_insn *q = &b->insns[j];
		if (q->op == IR_INSN_START)
			continue;
		if (q->op == IR_SHL && q->args[0] == mid) {
			p = q;
			break;
		}
		if (++gap > ZEXT_GAP || q->op > IR_EXT32U || ir_insn_names(q, mid, true) ||
		    ir_insn_names(q, mid, false))
			return false;
	}
	if (!p || p->type != IR_I64 || !s->is_const[p->args[2]] || s->val[p->args[2]] != 32 ||
	    b->temps[p->args[1]].type != IR_I64)
		return false;
	ir_temp src = p->args[1], d = in->args[0];
	/* nothing between may write the input, which the SHR now reads */
	for (struct ir_insn *q = p + 1; q < in; q++)
		if (q->op != IR_INSN_START && ir_insn_names(q, src, true))
			return false;
	/* slli a0,a0,32: the input is gone, unless the SHL goes too */
	if (src == p->args[0] && d != p->args[0])
		return false;
	memset(in->args, 0xff, sizeof in->args);
	in->op = IR_EXT32U;
	in->args[0] = d;
	in->args[1] = src;
	if (p->args[0] == d) {
		/* dropped with the never-taken branches below */
		memset(p->args, 0xff, sizeof p->args);
		p->op = IR_BR;
		p->aux2 = ~0u;
	}
	return true;
}

static bool const_below(const struct fold_state *s, ir_temp t, unsigned type)
{
	if (t == IR_NONE || !s->is_const[t])
		return false;
	uint64_t v = s->val[t];
	return type == IR_I32 ? !(v & 0x80000000u) : v < 0x80000000u;
}

/* The result of IN (integer, not yet recorded) is known to lie in
 * [0, 2^31) as a value of its type. */
static bool below_2_31(const struct fold_state *s, const struct ir_insn *in)
{
	ir_temp a = in->args[1], c = in->args[2];
	switch (in->op) {
	case IR_MOV:
		return a != IR_NONE && s->b->temps[a].type == in->type &&
		       (s->nonneg[a] || const_below(s, a, in->type));
	case IR_EXT8U:
	case IR_EXT16U:
		return true;
	case IR_EXT32U:
	case IR_EXT32S:
		return a != IR_NONE && s->nonneg[a];
	case IR_AND:
		return const_below(s, a, in->type) || const_below(s, c, in->type) ||
		       (a != IR_NONE && s->nonneg[a]) || (c != IR_NONE && s->nonneg[c]);
	case IR_SHR:
		return in->type == IR_I32 && c != IR_NONE && s->is_const[c] &&
		       (s->val[c] & 31) != 0;
	case IR_LD:
		return !(in->aux2 & IR_MO_SIGN) && IR_MO_BYTES(in->aux2) < 4;
	default:
		return false;
	}
}

void ir_fold_constants(struct ir_block *b)
{
	/* globals are never constants: sync_consts starts after them */
	struct fold_state s = { .b = b, .seen = b->n_globals };
	/* ir_const may append temps while we run: size for growth */
	unsigned cap = b->n_temps + 8 * b->n_insns + 16;
	scratch_reserve(cap);
	s.is_const = scratch.bytes;
	s.copied = scratch.bytes + scratch.cap;
	s.nonneg = scratch.bytes + 2 * scratch.cap;
	s.val = scratch.val;
	s.copy = scratch.copy;
	memset(s.is_const, 0, cap);
	memset(s.copied, 0, cap);
	memset(s.nonneg, 0, cap);
	memset(s.copy, 0xff, cap * sizeof *s.copy);

	for (unsigned i = 0; i < b->n_insns; i++) {
		struct ir_insn *in = &b->insns[i];
		const struct ir_opdef *d = &ir_opdefs[in->op];

		/* constants appended since the last insn */
		sync_consts(&s, cap);

		if (in->op == IR_LABEL) {
			forget_all(&s, false);
			continue;
		}
		/* substitute inputs */
		for (unsigned k = d->nout; k < d->nout + d->nin; k++) {
			ir_temp t = in->args[k];
			if (t == IR_NONE)
				continue;
			if (s.copy[t] != IR_NONE)
				t = in->args[k] = s.copy[t];
			if (s.is_const[t] && b->temps[t].kind != IR_TK_CONST &&
			    is_int_type(b->temps[t].type))
				in->args[k] = ir_const(b, b->temps[t].type, s.val[t]);
		}
		sync_consts(&s, cap);
		if (in->op == IR_CALL) {
			const struct ir_helper *h = (const struct ir_helper *)(intptr_t)in->imm;
			if (h->flags & IRH_WRITES_GLOBALS)
				forget_all(&s, true);
		}
		if (zext_pair(&s, i))
			d = &ir_opdefs[in->op];
		/* sign extension of a value below 2^31 (srliw, a masked or
		 * unsigned narrow value): a zero extension, which the backends
		 * do for free on an I32 */
		if (in->op == IR_EXT32S && s.nonneg[in->args[1]])
			in->op = IR_EXT32U;
		/* evaluate */
		/* the integer ALU ops are the ones from MOV to EXT32U */
		if (is_int_type(in->type) && in->op <= IR_EXT32U && d->nin >= 1) {
			bool all = true;
			for (unsigned k = 1; k <= d->nin; k++)
				if (!s.is_const[in->args[k]])
					all = false;
			if (all && in->op != IR_MOVCOND && d->nin <= 2) {
				uint64_t va = s.val[in->args[1]];
				uint64_t vb = d->nin > 1 ? s.val[in->args[2]] : 0;
				make_mov_const(&s, in, ir_eval_int(in->op, in->type, in->aux, va, vb));
			} else if (in->op == IR_MOVCOND && s.is_const[in->args[1]] &&
				   s.is_const[in->args[2]]) {
				bool c = ir_eval_cond(in->aux, in->type, s.val[in->args[1]],
						      s.val[in->args[2]]);
				make_mov(in, c ? in->args[3] : in->args[4]);
			} else if (d->nin == 2) {
				simplify(&s, in);
			}
		}
		if (in->op == IR_BRCOND && s.is_const[in->args[0]] && s.is_const[in->args[1]]) {
			bool c = ir_eval_cond(in->aux, in->type, s.val[in->args[0]],
					      s.val[in->args[1]]);
			in->op = IR_BR;
			in->args[0] = in->args[1] = IR_NONE;
			if (!c)
				in->aux2 = ~0u; /* never taken: removed below */
		}
		if (in->op == IR_EXIT_COND && s.is_const[in->args[0]] &&
		    s.is_const[in->args[1]]) {
			bool c = ir_eval_cond(in->aux, in->type, s.val[in->args[0]],
					      s.val[in->args[1]]);
			in->args[0] = in->args[1] = IR_NONE;
			if (c) {
				/* always taken: what follows is never reached */
				in->op = IR_EXIT_DIRECT;
				in->aux = (uint8_t)in->aux2;
				in->aux2 = 0;
			} else {
				in->op = IR_BR;
				in->aux2 = ~0u;
			}
		}
		if (in->op == IR_EXIT_PREDICT && s.is_const[in->args[0]]) {
			uint64_t to = s.val[in->args[0]] & ~(uint64_t)in->imm;
			if (to == s.val[in->args[1]]) {
				/* the prediction holds: nothing to check */
				in->op = IR_BR;
				in->args[0] = in->args[1] = IR_NONE;
				in->aux2 = ~0u;
			} else {
				in->op = IR_EXIT_INDIRECT;
				in->args[0] = ir_const(b, IR_I64, to);
				in->args[1] = IR_NONE;
				sync_consts(&s, cap);
			}
			in->imm = 0;
		}
		/* record outputs */
		for (unsigned k = 0; k < d->nout; k++) {
			ir_temp t = in->args[k];
			if (t == IR_NONE)
				continue;
			forget(&s, t);
			if (k == 0 && is_int_type(b->temps[t].type))
				s.nonneg[t] = below_2_31(&s, in);
			if (in->op == IR_MOV) {
				ir_temp src = in->args[1];
				bool narrowing = in->type == IR_I32 && b->temps[t].type != IR_I32;
				if (s.is_const[src] && !narrowing) {
					s.is_const[t] = 1;
					s.val[t] = s.val[src];
				} else if (!narrowing && b->temps[src].type == b->temps[t].type &&
					   b->temps[src].kind != IR_TK_CONST) {
					s.copy[t] = s.copy[src] != IR_NONE ? s.copy[src] : src;
					s.copied[s.copy[t]] = 1;
				}
			}
		}
	}
	/* drop never-taken branches */
	unsigned o = 0;
	for (unsigned i = 0; i < b->n_insns; i++) {
		struct ir_insn *in = &b->insns[i];
		if (in->op == IR_BR && in->aux2 == ~0u)
			continue;
		b->insns[o++] = *in;
	}
	b->n_insns = o;
}

static bool removable(const struct ir_block *b, const struct ir_insn *in)
{
	const struct ir_opdef *d = &ir_opdefs[in->op];
	if (d->flags & (IRF_SIDE | IRF_MEM | IRF_FP | IRF_CTRL))
		return false;
	if (in->op == IR_FCVT_F2I)
		return false;
	for (unsigned k = 0; k < d->nout; k++) {
		ir_temp t = in->args[k];
		if (t != IR_NONE && b->temps[t].kind == IR_TK_GLOBAL)
			return false;
	}
	return d->nout > 0;
}

void ir_eliminate_dead(struct ir_block *b)
{
	scratch_reserve(b->n_temps > b->n_insns ? b->n_temps : b->n_insns);
	uint8_t *live = scratch.bytes, *keep = scratch.bytes + 2 * scratch.cap;
	memset(live, 0, b->n_temps);

	for (unsigned i = b->n_insns; i-- > 0;) {
		struct ir_insn *in = &b->insns[i];
		const struct ir_opdef *d = &ir_opdefs[in->op];
		bool dead = removable(b, in);

		if (in->op == IR_LABEL) {
			/* locals never live across labels; nothing to do */
		}
		for (unsigned k = 0; k < d->nout && dead; k++)
			if (in->args[k] != IR_NONE && live[in->args[k]])
				dead = false;
		if (in->op == IR_CALL) {
			const struct ir_helper *h = (const struct ir_helper *)(intptr_t)in->imm;
			ir_temp r = in->args[0];
			/* a pure helper is dead when its result is an unread local */
			dead = (h->flags & IRH_PURE) &&
			       (r == IR_NONE || (b->temps[r].kind == IR_TK_LOCAL && !live[r]));
		}
		keep[i] = !dead;
		if (dead)
			continue;
		for (unsigned k = 0; k < d->nout; k++)
			if (in->args[k] != IR_NONE)
				live[in->args[k]] = 0;
		unsigned first = d->nout, last = d->nout + d->nin;
		if (in->op == IR_CALL) {
			first = 1;
			last = 5;
		}
		for (unsigned k = first; k < last && k < ARRAY_SIZE(in->args); k++)
			if (in->args[k] != IR_NONE)
				live[in->args[k]] = 1;
	}
	unsigned o = 0;
	for (unsigned i = 0; i < b->n_insns; i++)
		if (keep[i]) {
			if (o != i)
				b->insns[o] = b->insns[i];
			o++;
		}
	b->n_insns = o;
}

/* Index of the only INSN_START for PC, or -1. */
static int insn_at(const struct ir_block *b, gaddr_t pc)
{
	int found = -1;
	for (unsigned i = 0; i < b->n_insns; i++)
		if (b->insns[i].op == IR_INSN_START && (gaddr_t)b->insns[i].imm == pc) {
			if (found >= 0)
				return -1;
			found = (int)i;
		}
	return found;
}

#define LINK_MAX 16

static void link_exits(struct ir_block *b)
{
	unsigned at[LINK_MAX], label[LINK_MAX], n = 0;
	bool any = false;

	gaddr_t lo = ~(gaddr_t)0, hi = 0;
	for (unsigned i = 0; i < b->n_insns; i++)
		if (b->insns[i].op == IR_INSN_START) {
			gaddr_t pc = (gaddr_t)b->insns[i].imm;
			lo = pc < lo ? pc : lo;
			hi = pc > hi ? pc : hi;
		}
	for (unsigned i = 0; i < b->n_insns && !any; i++) {
		const struct ir_insn *in = &b->insns[i];
		if ((in->op == IR_EXIT_COND || in->op == IR_EXIT_DIRECT) &&
		    (gaddr_t)in->imm >= lo && (gaddr_t)in->imm <= hi)
			any = insn_at(b, (gaddr_t)in->imm) >= 0;
	}
	if (!any)
		return;
	/* open[p]: locals live across the start of insn p (first use before
	 * it, last use at or after it) */
	scratch_reserve(b->n_temps > b->n_insns + 1 ? b->n_temps : b->n_insns + 1);
	uint32_t *first = (uint32_t *)(void *)scratch.val;
	int32_t *open = (int32_t *)(void *)(first + scratch.cap);
	for (unsigned t = 0; t < b->n_temps; t++)
		first[t] = ~0u;
	memset(open, 0, (b->n_insns + 1) * sizeof *open);
	for (unsigned i = 0; i < b->n_insns; i++) {
		const struct ir_insn *in = &b->insns[i];
		for (unsigned k = 0; k < ARRAY_SIZE(in->args); k++) {
			ir_temp t = in->args[k];
			if (t == IR_NONE || b->temps[t].kind != IR_TK_LOCAL)
				continue;
			if (first[t] == ~0u) {
				first[t] = i;
			} else {
				/* live across (first, i]: extended as uses come */
				open[first[t] + 1]++;
				open[i + 1]--;
				first[t] = i;
			}
		}
	}
	for (unsigned i = 1; i <= b->n_insns; i++)
		open[i] += open[i - 1];
	for (unsigned i = 0; i < b->n_insns; i++) {
		struct ir_insn *in = &b->insns[i];
		if (in->op != IR_EXIT_COND && in->op != IR_EXIT_DIRECT)
			continue;
		int p = insn_at(b, (gaddr_t)in->imm);
		if (p < 0 || open[p])
			continue;
		unsigned k;
		for (k = 0; k < n && at[k] != (unsigned)p; k++)
			;
		if (k == n) {
			if (n == LINK_MAX)
				continue;
			at[n] = (unsigned)p;
			label[n++] = ir_new_label(b);
		}
		if (in->op == IR_EXIT_COND) {
			in->op = IR_BRCOND;
		} else {
			in->op = IR_BR;
			in->aux = 0;
		}
		in->aux2 = label[k];
		in->imm = 0;
	}
	if (!n)
		return;
	/* insert the labels, back to front */
	unsigned old = b->n_insns;
	while (b->n_insns + n > b->cap_insns) {
		b->cap_insns *= 2;
		b->insns = xrealloc(b->insns, b->cap_insns * sizeof *b->insns);
	}
	b->n_insns += n;
	for (unsigned i = old, o = b->n_insns; i-- > 0;) {
		b->insns[--o] = b->insns[i];
		for (unsigned k = 0; k < n; k++)
			if (at[k] == i) {
				struct ir_insn *l = &b->insns[--o];
				memset(l, 0, sizeof *l);
				l->op = IR_LABEL;
				l->type = IR_I64;
				memset(l->args, 0xff, sizeof l->args);
				l->aux2 = label[k];
			}
	}
}

void ir_link_exits(struct ir_block *b)
{
	link_exits(b);
	/* the exits left take the slots in order: a frontend may have used
	 * more numbers than there are slots on exits it meant to be linked */
	unsigned slot = 0;
	for (unsigned i = 0; i < b->n_insns; i++) {
		struct ir_insn *in = &b->insns[i];
		if (in->op == IR_EXIT_DIRECT)
			in->aux = (uint8_t)(slot < 255 ? slot++ : 255);
		else if (in->op == IR_EXIT_COND)
			in->aux2 = slot < 255 ? slot++ : 255;
	}
}

/* How much of a value the next readers see (ir_narrow_extensions). */
enum { DEM_NONE, DEM_LOW32, DEM_FULL };

static bool const_high_zero(const struct ir_block *b, ir_temp t)
{
	return b->temps[t].kind == IR_TK_CONST && !(b->temps[t].val >> 32);
}

/* The part of its input K IN reads. */
static unsigned input_demand(const struct ir_block *b, const struct ir_insn *in,
			     unsigned k)
{
	switch (in->op) {
	case IR_EXT8S: case IR_EXT8U: case IR_EXT16S: case IR_EXT16U:
	case IR_EXT32S: case IR_EXT32U:
		return DEM_LOW32;
	case IR_AND:
		/* x & 0xff (andi): only the bits of the mask */
		if (in->type == IR_I64 && !const_high_zero(b, in->args[k == 1 ? 2 : 1]))
			return DEM_FULL;
		return DEM_LOW32;
	case IR_SHL: case IR_SHR: case IR_SAR: case IR_ROTL: case IR_ROTR: {
		/* counts are masked to the width */
		if (k == 2 || in->type == IR_I32)
			return DEM_LOW32;
		/* x << 32 and more (the first half of zext.w) */
		ir_temp c = in->args[2];
		return in->op == IR_SHL && b->temps[c].kind == IR_TK_CONST &&
		       (b->temps[c].val & 63) >= 32 ? DEM_LOW32 : DEM_FULL;
	}
	default:
		/* the integer ALU ops (MOV to MOVCOND) at their width */
		return in->op <= IR_MOVCOND && in->type == IR_I32 ? DEM_LOW32 : DEM_FULL;
	}
}

void ir_narrow_extensions(struct ir_block *b)
{
	scratch_reserve(b->n_temps);
	uint8_t *dem = scratch.bytes;
	memset(dem, DEM_FULL, b->n_globals);
	memset(dem + b->n_globals, DEM_NONE, b->n_temps - b->n_globals);

	for (unsigned i = b->n_insns; i-- > 0;) {
		struct ir_insn *in = &b->insns[i];
		const struct ir_opdef *d = &ir_opdefs[in->op];
		unsigned nin = d->nin, first = d->nout;
		if (in->op == IR_CALL) {
			first = 1;
			nin = 4;
		}
		for (unsigned k = 0; k < d->nout; k++) {
			ir_temp t = in->args[k];
			if (t == IR_NONE)
				continue;
			if (in->op == IR_EXT32S && dem[t] != DEM_FULL &&
			    b->temps[in->args[1]].type == IR_I32)
				in->op = IR_EXT32U;
			dem[t] = DEM_NONE;
		}
		/* a point where the guest state may be seen: every global in
		 * full (a fault sees the old value of a load's destination) */
		if ((d->flags & (IRF_MEM | IRF_CTRL)) || in->op == IR_CALL)
			memset(dem, DEM_FULL, b->n_globals);
		for (unsigned k = first; k < first + nin && k < ARRAY_SIZE(in->args); k++) {
			ir_temp t = in->args[k];
			if (t == IR_NONE)
				continue;
			unsigned w = input_demand(b, in, k);
			if (dem[t] < w)
				dem[t] = (uint8_t)w;
		}
	}
}

void ir_optimize(struct ir_block *b)
{
	ir_fold_constants(b);
	ir_narrow_extensions(b);
	ir_eliminate_dead(b);
}
