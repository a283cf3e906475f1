/*
 * ir.c - building and printing IR blocks.
 *
 * A block owns two growable arrays: insns and temps.  Temps 0..n_globals-1
 * are the arch's globals in every block; constants and locals are appended
 * as the decoder asks for them.  Nothing here knows any guest or host.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"

const struct ir_opdef ir_opdefs[IR_NUM_OPS] = {
#define IR_OP(name, nout, nin, flags) { #name, nout, nin, flags },
#include "ir_ops.def"
#undef IR_OP
};

void ir_block_init(struct ir_block *b, const struct ir_global *globals,
		   unsigned n_globals)
{
	memset(b, 0, sizeof *b);
	b->globals = globals;
	b->n_globals = n_globals;
	b->cap_insns = 256;
	b->insns = xmalloc(b->cap_insns * sizeof *b->insns);
	b->cap_temps = n_globals + 256;
	b->temps = xmalloc(b->cap_temps * sizeof *b->temps);
	/* the globals' entries, once: nothing writes them afterwards */
	for (unsigned i = 0; i < n_globals; i++) {
		b->temps[i].type = globals[i].type;
		b->temps[i].kind = IR_TK_GLOBAL;
		b->temps[i].val = 0;
	}
	ir_block_reset(b, 0, 0);
}

bool ir_insn_names(const struct ir_insn *in, ir_temp t, bool outs)
{
	const struct ir_opdef *d = &ir_opdefs[in->op];
	unsigned from = outs ? 0 : d->nout, to = outs ? d->nout : d->nout + d->nin;
	for (unsigned k = from; k < to && k < ARRAY_SIZE(in->args); k++)
		if (in->args[k] == t)
			return true;
	return false;
}

void ir_block_reset(struct ir_block *b, gaddr_t pc, uint32_t flags)
{
	b->n_insns = 0;
	b->n_labels = 0;
	b->n_guest_insns = 0;
	b->pc = b->end_pc = b->lo_pc = pc;
	b->superblock = b->can_grow = false;
	b->flags = flags;
	b->rm_default = IR_RM_RNE;
	b->n_temps = b->n_globals;      /* the globals' entries stay as set */
}

void ir_block_free(struct ir_block *b)
{
	free(b->insns);
	free(b->temps);
	b->insns = NULL;
	b->temps = NULL;
}

struct ir_block *ir_block_clone(const struct ir_block *b)
{
	struct ir_block *c = xmalloc(sizeof *c);
	*c = *b;
	c->cap_insns = b->n_insns ? b->n_insns : 1;
	c->cap_temps = b->n_temps ? b->n_temps : 1;
	c->insns = xmalloc(c->cap_insns * sizeof *c->insns);
	c->temps = xmalloc(c->cap_temps * sizeof *c->temps);
	memcpy(c->insns, b->insns, b->n_insns * sizeof *b->insns);
	memcpy(c->temps, b->temps, b->n_temps * sizeof *b->temps);
	return c;
}

static ir_temp new_temp(struct ir_block *b, enum ir_type type, enum ir_temp_kind kind,
			uint64_t val)
{
	if (b->n_temps == b->cap_temps) {
		b->cap_temps *= 2;
		WARP_ASSERT(b->cap_temps < IR_NONE);
		b->temps = xrealloc(b->temps, b->cap_temps * sizeof *b->temps);
	}
	WARP_ASSERT(b->n_temps < IR_NONE - 1);
	b->temps[b->n_temps] = (struct ir_tempinfo){ .type = type, .kind = kind, .val = val };
	return (ir_temp)b->n_temps++;
}

ir_temp ir_new(struct ir_block *b, enum ir_type type)
{
	return new_temp(b, type, IR_TK_LOCAL, 0);
}

ir_temp ir_const(struct ir_block *b, enum ir_type type, uint64_t val)
{
	if (type == IR_I32 || type == IR_F32)
		val = (uint32_t)val;
	/* reuse a recent identical constant: decoders ask for 0 and 1 a lot */
	for (unsigned i = b->n_temps, n = 0; i > b->n_globals && n < 16; i--, n++) {
		const struct ir_tempinfo *t = &b->temps[i - 1];
		if (t->kind == IR_TK_CONST && t->type == type && t->val == val)
			return (ir_temp)(i - 1);
	}
	return new_temp(b, type, IR_TK_CONST, val);
}

unsigned ir_new_label(struct ir_block *b)
{
	return b->n_labels++;
}

struct ir_insn *ir_emit(struct ir_block *b, enum ir_opcode op, enum ir_type type)
{
	if (b->n_insns == b->cap_insns) {
		b->cap_insns *= 2;
		b->insns = xrealloc(b->insns, b->cap_insns * sizeof *b->insns);
	}
	struct ir_insn *in = &b->insns[b->n_insns++];
	memset(in, 0, sizeof *in);
	in->op = op;
	in->type = type;
	for (unsigned i = 0; i < ARRAY_SIZE(in->args); i++)
		in->args[i] = IR_NONE;
	return in;
}

struct ir_insn *ir_op1(struct ir_block *b, enum ir_opcode op, enum ir_type t,
		       ir_temp d, ir_temp a)
{
	struct ir_insn *in = ir_emit(b, op, t);
	in->args[0] = d;
	in->args[1] = a;
	return in;
}

struct ir_insn *ir_op2(struct ir_block *b, enum ir_opcode op, enum ir_type t,
		       ir_temp d, ir_temp a, ir_temp c)
{
	struct ir_insn *in = ir_op1(b, op, t, d, a);
	in->args[2] = c;
	return in;
}

struct ir_insn *ir_op3(struct ir_block *b, enum ir_opcode op, enum ir_type t,
		       ir_temp d, ir_temp a, ir_temp c, ir_temp e)
{
	struct ir_insn *in = ir_op2(b, op, t, d, a, c);
	in->args[3] = e;
	return in;
}

void ir_mov(struct ir_block *b, enum ir_type t, ir_temp d, ir_temp a)
{
	if (d != a)
		ir_op1(b, IR_MOV, t, d, a);
}

void ir_movi(struct ir_block *b, enum ir_type t, ir_temp d, uint64_t v)
{
	ir_op1(b, IR_MOV, t, d, ir_const(b, t, v));
}

void ir_setcond(struct ir_block *b, enum ir_type t, enum ir_cond c, ir_temp d,
		ir_temp x, ir_temp y)
{
	ir_op2(b, IR_SETCOND, t, d, x, y)->aux = c;
}

void ir_movcond(struct ir_block *b, enum ir_type t, enum ir_cond c, ir_temp d,
		ir_temp x, ir_temp y, ir_temp vt, ir_temp vf)
{
	struct ir_insn *in = ir_op3(b, IR_MOVCOND, t, d, x, y, vt);
	in->args[4] = vf;
	in->aux = c;
}

void ir_ld(struct ir_block *b, enum ir_type t, ir_temp d, ir_temp addr,
	   int64_t disp, unsigned memop)
{
	struct ir_insn *in = ir_op1(b, IR_LD, t, d, addr);
	in->imm = disp;
	in->aux2 = memop;
}

void ir_st(struct ir_block *b, enum ir_type t, ir_temp val, ir_temp addr,
	   int64_t disp, unsigned memop)
{
	struct ir_insn *in = ir_emit(b, IR_ST, t);
	in->args[0] = val;
	in->args[1] = addr;
	in->imm = disp;
	in->aux2 = memop;
}

void ir_ld_env(struct ir_block *b, enum ir_type t, ir_temp d, unsigned offset,
	       unsigned memop)
{
	struct ir_insn *in = ir_emit(b, IR_LD_ENV, t);
	in->args[0] = d;
	in->imm = offset;
	in->aux2 = memop;
}

void ir_st_env(struct ir_block *b, enum ir_type t, ir_temp val, unsigned offset,
	       unsigned memop)
{
	struct ir_insn *in = ir_emit(b, IR_ST_ENV, t);
	in->args[0] = val;
	in->imm = offset;
	in->aux2 = memop;
}

void ir_call(struct ir_block *b, const struct ir_helper *h, ir_temp ret,
	     ir_temp a0, ir_temp a1, ir_temp a2, ir_temp a3)
{
	struct ir_insn *in = ir_emit(b, IR_CALL, IR_I64);
	in->args[0] = ret;
	in->args[1] = a0;
	in->args[2] = a1;
	in->args[3] = a2;
	in->args[4] = a3;
	in->imm = (int64_t)(intptr_t)h;
}

void ir_insn_start(struct ir_block *b, gaddr_t pc)
{
	ir_emit(b, IR_INSN_START, IR_I64)->imm = (int64_t)pc;
	b->n_guest_insns++;
}

void ir_label(struct ir_block *b, unsigned label)
{
	ir_emit(b, IR_LABEL, IR_I64)->aux2 = label;
}

void ir_br(struct ir_block *b, unsigned label)
{
	ir_emit(b, IR_BR, IR_I64)->aux2 = label;
}

void ir_brcond(struct ir_block *b, enum ir_type t, enum ir_cond c, ir_temp x,
	       ir_temp y, unsigned label)
{
	struct ir_insn *in = ir_emit(b, IR_BRCOND, t);
	in->args[0] = x;
	in->args[1] = y;
	in->aux = c;
	in->aux2 = label;
}

void ir_exit_direct(struct ir_block *b, unsigned slot, gaddr_t target)
{
	struct ir_insn *in = ir_emit(b, IR_EXIT_DIRECT, IR_I64);
	in->aux = slot;
	in->imm = (int64_t)target;
}

void ir_exit_cond(struct ir_block *b, enum ir_type t, enum ir_cond c, ir_temp x,
		  ir_temp y, unsigned slot, gaddr_t target)
{
	struct ir_insn *in = ir_emit(b, IR_EXIT_COND, t);
	in->args[0] = x;
	in->args[1] = y;
	in->aux = c;
	in->aux2 = slot;
	in->imm = (int64_t)target;
}

void ir_exit_indirect(struct ir_block *b, ir_temp target)
{
	ir_emit(b, IR_EXIT_INDIRECT, IR_I64)->args[0] = target;
}

void ir_exit_predict(struct ir_block *b, ir_temp target, gaddr_t predicted,
		     uint64_t ignore)
{
	ir_temp p = ir_const(b, IR_I64, predicted);
	struct ir_insn *in = ir_emit(b, IR_EXIT_PREDICT, IR_I64);
	WARP_ASSERT(!(predicted & ignore));
	in->args[0] = target;
	in->args[1] = p;
	in->aux = IR_EQ;
	in->imm = (int64_t)ignore;
}

void ir_exit_loop(struct ir_block *b, enum ir_exit reason, gaddr_t pc)
{
	struct ir_insn *in = ir_emit(b, IR_EXIT_LOOP, IR_I64);
	in->aux2 = reason;
	in->imm = (int64_t)pc;
}

/* ---- evaluation shared by constant folding and the interpreter ---- */

bool ir_eval_cond(enum ir_cond c, enum ir_type t, uint64_t a, uint64_t b)
{
	if (t == IR_I32) {
		a = (uint32_t)a;
		b = (uint32_t)b;
	}
	int64_t sa = t == IR_I32 ? (int32_t)a : (int64_t)a;
	int64_t sb = t == IR_I32 ? (int32_t)b : (int64_t)b;
	switch (c) {
	case IR_EQ: return a == b;
	case IR_NE: return a != b;
	case IR_LT: return sa < sb;
	case IR_GE: return sa >= sb;
	case IR_LE: return sa <= sb;
	case IR_GT: return sa > sb;
	case IR_LTU: return a < b;
	case IR_GEU: return a >= b;
	case IR_LEU: return a <= b;
	case IR_GTU: return a > b;
	case IR_ALWAYS: return true;
	case IR_NEVER: return false;
	}
	return false;
}

static uint64_t mulh_u64(uint64_t a, uint64_t b)
{
	return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

static uint64_t mulh_s64(int64_t a, int64_t b)
{
	return (uint64_t)(((__int128)a * b) >> 64);
}

static uint64_t mulh_su64(int64_t a, uint64_t b)
{
	return (uint64_t)(((__int128)a * (__int128)(unsigned __int128)b) >> 64);
}

/* Integer ops of ir_ops.def; I32 results come back zero-extended. */
uint64_t ir_eval_int(enum ir_opcode op, enum ir_type t, unsigned aux,
		     uint64_t a, uint64_t b)
{
	bool w = t == IR_I32;
	unsigned bits = w ? 32 : 64;
	uint64_t mask = w ? 0xffffffffull : ~0ull;
	int64_t sa = w ? (int32_t)a : (int64_t)a;
	int64_t sb = w ? (int32_t)b : (int64_t)b;
	uint64_t ua = a & mask, ub = b & mask;
	uint64_t r;

	switch (op) {
	case IR_MOV: r = a; break;
	case IR_ADD: r = a + b; break;
	case IR_SUB: r = a - b; break;
	case IR_MUL: r = a * b; break;
	case IR_AND: r = a & b; break;
	case IR_OR: r = a | b; break;
	case IR_XOR: r = a ^ b; break;
	case IR_SHL: r = ua << (b & (bits - 1)); break;
	case IR_SHR: r = ua >> (b & (bits - 1)); break;
	case IR_SAR: r = (uint64_t)(sa >> (b & (bits - 1))); break;
	case IR_ROTL: {
		unsigned s = b & (bits - 1);
		r = s ? (ua << s) | (ua >> (bits - s)) : ua;
		break;
	}
	case IR_ROTR: {
		unsigned s = b & (bits - 1);
		r = s ? (ua >> s) | (ua << (bits - s)) : ua;
		break;
	}
	case IR_NEG: r = -a; break;
	case IR_NOT: r = ~a; break;
	case IR_MULHS:
		r = w ? (uint64_t)(((int64_t)sa * sb) >> 32) : mulh_s64(sa, sb);
		break;
	case IR_MULHU:
		r = w ? (ua * ub) >> 32 : mulh_u64(ua, ub);
		break;
	case IR_MULHSU:
		r = w ? (uint64_t)((sa * (int64_t)ub) >> 32) : mulh_su64(sa, ub);
		break;
	case IR_DIVS:
		if (sb == 0)
			r = ~0ull;
		else if (sb == -1)
			r = (uint64_t)-(uint64_t)sa; /* INT_MIN / -1 = INT_MIN */
		else
			r = (uint64_t)(sa / sb);
		break;
	case IR_DIVU: r = ub == 0 ? ~0ull : ua / ub; break;
	case IR_REMS:
		if (sb == 0)
			r = (uint64_t)sa;
		else if (sb == -1)
			r = 0;
		else
			r = (uint64_t)(sa % sb);
		break;
	case IR_REMU: r = ub == 0 ? ua : ua % ub; break;
	case IR_SETCOND: r = ir_eval_cond(aux, t, a, b); break;
	case IR_EXT8S: return (uint64_t)(int64_t)(int8_t)a;
	case IR_EXT8U: return (uint8_t)a;
	case IR_EXT16S: return (uint64_t)(int64_t)(int16_t)a;
	case IR_EXT16U: return (uint16_t)a;
	case IR_EXT32S: return (uint64_t)(int64_t)(int32_t)a;
	case IR_EXT32U: return (uint32_t)a;
	default:
		WARP_ASSERT(!"not an integer op");
		return 0;
	}
	return r & mask;
}

/* ---- printing (-d op) ---- */

static const char *const cond_names[] = {
	"eq", "ne", "lt", "ge", "le", "gt", "ltu", "geu", "leu", "gtu", "always", "never",
};
static const char *const exit_names[] = {
	"lookup", "syscall", "breakpoint", "illegal", "flush", "mode", "request",
	"halt", "fault", "hot",
};
static const char *const type_names[] = { "i32", "i64", "f32", "f64", "v128" };

const char *ir_cond_name(enum ir_cond c)
{
	return c < ARRAY_SIZE(cond_names) ? cond_names[c] : "?";
}

const char *ir_exit_name(enum ir_exit e)
{
	return e < ARRAY_SIZE(exit_names) ? exit_names[e] : "?";
}

static void print_temp(const struct ir_block *b, ir_temp t, FILE *f)
{
	if (t == IR_NONE) {
		fputs("-", f);
		return;
	}
	const struct ir_tempinfo *ti = &b->temps[t];
	if (ti->kind == IR_TK_GLOBAL)
		fputs(b->globals[t].name, f);
	else if (ti->kind == IR_TK_CONST)
		fprintf(f, "$0x%" PRIx64, ti->val);
	else
		fprintf(f, "t%u", (unsigned)(t - b->n_globals));
}

void ir_dump(const struct ir_block *b, FILE *f)
{
	for (unsigned i = 0; i < b->n_insns; i++) {
		const struct ir_insn *in = &b->insns[i];
		const struct ir_opdef *d = &ir_opdefs[in->op];
		unsigned nargs = d->nout + d->nin;

		if (in->op == IR_INSN_START) {
			fprintf(f, " ---- 0x%" PRIx64 "\n", (uint64_t)in->imm);
			continue;
		}
		if (in->op == IR_LABEL) {
			fprintf(f, " L%u:\n", in->aux2);
			continue;
		}
		fprintf(f, "  %-10s %-4s", d->name, type_names[in->type]);
		if (in->op == IR_CALL) {
			const struct ir_helper *h = (const struct ir_helper *)(intptr_t)in->imm;
			fprintf(f, " %s", h ? h->name : "?");
		}
		for (unsigned k = 0; k < nargs && k < ARRAY_SIZE(in->args); k++) {
			fputs(k ? ", " : " ", f);
			print_temp(b, in->args[k], f);
		}
		switch (in->op) {
		case IR_SETCOND:
		case IR_MOVCOND:
		case IR_BRCOND:
		case IR_EXIT_COND:
			fprintf(f, " %s", ir_cond_name(in->aux));
			break;
		default:
			break;
		}
		switch (in->op) {
		case IR_LD:
		case IR_ST:
		case IR_LD_ENV:
		case IR_ST_ENV:
			fprintf(f, " [%+" PRId64 "] mo=%#x", in->imm, in->aux2);
			break;
		case IR_CMPXCHG:
		case IR_ATOMIC:
			fprintf(f, " kind=%u mo=%#x", in->aux, in->aux2);
			break;
		case IR_BR:
		case IR_BRCOND:
			fprintf(f, " L%u", in->aux2);
			break;
		case IR_EXIT_DIRECT:
			fprintf(f, " slot%u 0x%" PRIx64, in->aux, (uint64_t)in->imm);
			break;
		case IR_EXIT_COND:
			fprintf(f, " slot%u 0x%" PRIx64, in->aux2, (uint64_t)in->imm);
			break;
		case IR_EXIT_LOOP:
			fprintf(f, " %s pc=0x%" PRIx64, ir_exit_name(in->aux2), (uint64_t)in->imm);
			break;
		default:
			if (d->flags & IRF_FP)
				fprintf(f, " rm=%u", in->aux);
			if (in->aux2 && (in->op == IR_FMA || in->op == IR_FCMP ||
					 in->op == IR_FCVT_F2I || in->op == IR_FCVT_I2F))
				fprintf(f, " f=%#x", in->aux2);
			break;
		}
		fputc('\n', f);
	}
}
