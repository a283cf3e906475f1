/*
 * interp.c - the portable backend: executes optimised IR directly.
 *
 * It is the oracle the JIT is tested against, so it favours being obviously
 * right over being fast: every op is one case below, FP goes through the
 * exact fpu_* functions, guest globals are read and written in struct cpu
 * directly (so guest state is precise at every instruction), and cpu->pc is
 * updated at every INSN_START.  A fault in a guest access is recognised by
 * cpu->guest_access being set while the host access runs.  Constants are
 * read from the block's temp table, locals from a per-thread scratch array.
 * A branch back to an earlier label (a loop kept inside a superblock)
 * leaves with IR_EXIT_REQUEST when cpu->exit_request is set.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "tb.h"
#include "cpu.h"
#include "fpu.h"

struct interp_frame {
	const struct ir_block *b;
	struct cpu *cpu;
	uint64_t *v;            /* locals and constants */
};

static inline uint64_t rd(struct interp_frame *f, ir_temp t)
{
	const struct ir_tempinfo *ti = &f->b->temps[t];
	if (ti->kind == IR_TK_GLOBAL) {
		const struct ir_global *g = &f->b->globals[t];
		const uint8_t *p = (const uint8_t *)f->cpu + g->offset;
		if (g->type == IR_I32 || g->type == IR_F32) {
			uint32_t x;
			memcpy(&x, p, 4);
			return x;
		}
		uint64_t x;
		memcpy(&x, p, 8);
		return x;
	}
	if (ti->kind == IR_TK_CONST)
		return ti->val;
	return f->v[t];
}

/* Results are widened by the op's type (see W below), as ir_ops.def says,
 * not by the type of the temp they land in. */
static inline void wr(struct interp_frame *f, ir_temp t, uint64_t val)
{
	const struct ir_tempinfo *ti = &f->b->temps[t];
	if (ti->kind == IR_TK_GLOBAL) {
		const struct ir_global *g = &f->b->globals[t];
		uint8_t *p = (uint8_t *)f->cpu + g->offset;
		if (g->type == IR_I32 || g->type == IR_F32) {
			uint32_t x = (uint32_t)val;
			memcpy(p, &x, 4);
		} else {
			memcpy(p, &val, 8);
		}
		return;
	}
	f->v[t] = val;
}

static uint64_t bswap_n(uint64_t v, unsigned size)
{
	switch (size) {
	case 1: return __builtin_bswap16((uint16_t)v);
	case 2: return __builtin_bswap32((uint32_t)v);
	case 3: return __builtin_bswap64(v);
	default: return v;
	}
}

static uint64_t extend(uint64_t v, unsigned mo)
{
	unsigned size = mo & IR_MO_SIZE;
	if (mo & IR_MO_SIGN) {
		switch (size) {
		case 0: return (uint64_t)(int64_t)(int8_t)v;
		case 1: return (uint64_t)(int64_t)(int16_t)v;
		case 2: return (uint64_t)(int64_t)(int32_t)v;
		}
	}
	return v;
}

static uint64_t load_host(const void *p, unsigned mo)
{
	switch (mo & IR_MO_SIZE) {
	case 0: return *(const volatile uint8_t *)p;
	case 1: { uint16_t x; memcpy(&x, p, 2); return x; }
	case 2: { uint32_t x; memcpy(&x, p, 4); return x; }
	default: { uint64_t x; memcpy(&x, p, 8); return x; }
	}
}

static void store_host(void *p, uint64_t v, unsigned mo)
{
	switch (mo & IR_MO_SIZE) {
	case 0: *(volatile uint8_t *)p = (uint8_t)v; break;
	case 1: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
	case 2: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
	default: memcpy(p, &v, 8); break;
	}
}

/* Misaligned access where the guest requires alignment: SIGBUS. */
static bool misaligned(struct cpu *cpu, gaddr_t a, unsigned mo)
{
	if (!(mo & IR_MO_ALIGN) || !(a & (IR_MO_BYTES(mo) - 1)))
		return false;
	cpu->fault_addr = a;
	cpu->fault_signo = SIGBUS;
	cpu->fault_code = BUS_ADRALN;
	return true;
}

static uint64_t rmw_value(unsigned kind, unsigned size, uint64_t old, uint64_t b)
{
	bool w = size == 2;
	int64_t so = w ? (int32_t)old : (int64_t)old, sb = w ? (int32_t)b : (int64_t)b;
	switch (kind) {
	case IR_AT_XCHG: return b;
	case IR_AT_ADD: return old + b;
	case IR_AT_AND: return old & b;
	case IR_AT_OR: return old | b;
	case IR_AT_XOR: return old ^ b;
	case IR_AT_SMIN: return so < sb ? old : b;
	case IR_AT_SMAX: return so > sb ? old : b;
	case IR_AT_UMIN: return old < b ? old : b;
	default: return old > b ? old : b;
	}
}

static uint64_t cmpxchg(void *p, unsigned mo, uint64_t expect, uint64_t nv);

static uint64_t atomic_rmw(void *p, unsigned kind, unsigned mo, uint64_t val)
{
	unsigned size = mo & IR_MO_SIZE;
	if (mo & IR_MO_BE) {
		/* big-endian memory: compute in host order, swap on the way */
		uint64_t mask = size == 2 ? 0xffffffffull : ~0ull;
		uint64_t old = bswap_n(load_host(p, mo), size), seen;
		for (;;) {
			uint64_t nv = rmw_value(kind, size, old, val) & mask;
			seen = bswap_n(cmpxchg(p, mo & ~IR_MO_BE, bswap_n(old, size),
					       bswap_n(nv, size)), size);
			if (seen == old)
				return old;
			old = seen;
		}
	}
	if (size == 2) {
		uint32_t *q = p, old = __atomic_load_n(q, __ATOMIC_RELAXED), nv;
		do
			nv = (uint32_t)rmw_value(kind, size, old, (uint32_t)val);
		while (!__atomic_compare_exchange_n(q, &old, nv, false, __ATOMIC_SEQ_CST,
						    __ATOMIC_RELAXED));
		return old;
	}
	WARP_ASSERT(size == 3);
	uint64_t *q = p, old = __atomic_load_n(q, __ATOMIC_RELAXED), nv;
	do
		nv = rmw_value(kind, size, old, val);
	while (!__atomic_compare_exchange_n(q, &old, nv, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_RELAXED));
	return old;
}

static uint64_t cmpxchg(void *p, unsigned mo, uint64_t expect, uint64_t nv)
{
	if (mo & IR_MO_BE) {
		unsigned size = mo & IR_MO_SIZE;
		return bswap_n(cmpxchg(p, mo & ~IR_MO_BE, bswap_n(expect, size),
				       bswap_n(nv, size)), size);
	}
	switch (mo & IR_MO_SIZE) {
	case 2: {
		uint32_t e = (uint32_t)expect;
		__atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)nv, false,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		return e;
	}
	case 3: {
		uint64_t e = expect;
		__atomic_compare_exchange_n((uint64_t *)p, &e, nv, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST);
		return e;
	}
	}
	WARP_ASSERT(!"cmpxchg size");
	return 0;
}

static unsigned find_label(const struct ir_block *b, unsigned label)
{
	for (unsigned i = 0; i < b->n_insns; i++)
		if (b->insns[i].op == IR_LABEL && b->insns[i].aux2 == label)
			return i;
	WARP_ASSERT(!"branch to a missing label");
	return 0;
}

static uint64_t fp_unop_bits(unsigned op, unsigned type, uint64_t a)
{
	uint64_t sign = type == IR_F32 ? 0x80000000ull : 0x8000000000000000ull;
	return op == IR_FNEG ? a ^ sign : a & ~sign;
}

static bool is_nan_bits(unsigned type, uint64_t a)
{
	if (type == IR_F32)
		return ((uint32_t)a & 0x7fffffffu) > 0x7f800000u;
	return (a & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
}

static uint64_t exec_block(struct cpu *cpu, const struct ir_block *b, uint64_t *v)
{
	struct interp_frame f = { .b = b, .cpu = cpu, .v = v };
/* write the op's result, zero-extended from 32 bits for I32 ops */
#define W(x) wr(&f, a[0], t == IR_I32 ? (uint32_t)(x) : (x))

	for (unsigned pc = 0; pc < b->n_insns; pc++) {
		const struct ir_insn *in = &b->insns[pc];
		const ir_temp *a = in->args;
		unsigned t = in->type;

		switch (in->op) {
		case IR_MOV:
			W(rd(&f, a[1]));
			break;
		case IR_ADD: case IR_SUB: case IR_MUL: case IR_AND: case IR_OR:
		case IR_XOR: case IR_SHL: case IR_SHR: case IR_SAR: case IR_ROTL:
		case IR_ROTR: case IR_MULHS: case IR_MULHU: case IR_MULHSU:
		case IR_DIVS: case IR_DIVU: case IR_REMS: case IR_REMU: case IR_SETCOND:
			W(ir_eval_int(in->op, t, in->aux, rd(&f, a[1]), rd(&f, a[2])));
			break;
		case IR_NEG: case IR_NOT: case IR_EXT8S: case IR_EXT8U: case IR_EXT16S:
		case IR_EXT16U: case IR_EXT32S: case IR_EXT32U:
			W(ir_eval_int(in->op, t, in->aux, rd(&f, a[1]), 0));
			break;
		case IR_MOVCOND:
			W(ir_eval_cond(in->aux, t, rd(&f, a[1]), rd(&f, a[2]))
					     ? rd(&f, a[3]) : rd(&f, a[4]));
			break;
		case IR_LD: {
			gaddr_t ga = rd(&f, a[1]) + in->imm;
			if (b->temps[a[1]].type == IR_I32)
				ga = (uint32_t)ga;
			if (misaligned(cpu, ga, in->aux2))
				return IR_EXIT_FAULT;
			cpu->guest_access = 1;
			uint64_t x = load_host(g2h(cpu, ga), in->aux2);
			cpu->guest_access = 0;
			if (in->aux2 & IR_MO_BE)
				x = bswap_n(x, in->aux2 & IR_MO_SIZE);
			W(extend(x, in->aux2));
			break;
		}
		case IR_ST: {
			gaddr_t ga = rd(&f, a[1]) + in->imm;
			if (b->temps[a[1]].type == IR_I32)
				ga = (uint32_t)ga;
			uint64_t x = rd(&f, a[0]);
			if (misaligned(cpu, ga, in->aux2))
				return IR_EXIT_FAULT;
			if (in->aux2 & IR_MO_BE)
				x = bswap_n(x, in->aux2 & IR_MO_SIZE);
			cpu->guest_access = 1;
			store_host(g2h(cpu, ga), x, in->aux2);
			cpu->guest_access = 0;
			break;
		}
		case IR_CMPXCHG: {
			gaddr_t ga = rd(&f, a[1]);
			if ((ga & (IR_MO_BYTES(in->aux2) - 1))) {
				cpu->fault_addr = ga;
				cpu->fault_signo = SIGBUS;
				cpu->fault_code = BUS_ADRALN;
				return IR_EXIT_FAULT;
			}
			cpu->guest_access = 1;
			uint64_t old = cmpxchg(g2h(cpu, ga), in->aux2, rd(&f, a[2]), rd(&f, a[3]));
			cpu->guest_access = 0;
			W(extend(old, in->aux2));
			break;
		}
		case IR_ATOMIC: {
			gaddr_t ga = rd(&f, a[1]);
			if ((ga & (IR_MO_BYTES(in->aux2) - 1))) {
				cpu->fault_addr = ga;
				cpu->fault_signo = SIGBUS;
				cpu->fault_code = BUS_ADRALN;
				return IR_EXIT_FAULT;
			}
			cpu->guest_access = 1;
			uint64_t old = atomic_rmw(g2h(cpu, ga), in->aux, in->aux2, rd(&f, a[2]));
			cpu->guest_access = 0;
			W(extend(old, in->aux2));
			break;
		}
		case IR_FENCE:
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			break;
		case IR_LD_ENV:
			W(extend(load_host((uint8_t *)cpu + in->imm, in->aux2), in->aux2));
			break;
		case IR_ST_ENV:
			store_host((uint8_t *)cpu + in->imm, rd(&f, a[0]), in->aux2);
			break;
		case IR_FADD:
			W(fpu_add(t, in->aux, rd(&f, a[1]), rd(&f, a[2])));
			break;
		case IR_FSUB:
			W(fpu_sub(t, in->aux, rd(&f, a[1]), rd(&f, a[2])));
			break;
		case IR_FMUL:
			W(fpu_mul(t, in->aux, rd(&f, a[1]), rd(&f, a[2])));
			break;
		case IR_FDIV:
			W(fpu_div(t, in->aux, rd(&f, a[1]), rd(&f, a[2])));
			break;
		case IR_FSQRT:
			W(fpu_sqrt(t, in->aux, rd(&f, a[1])));
			break;
		case IR_FMA:
			W(fpu_fma(t, in->aux, in->aux2, rd(&f, a[1]), rd(&f, a[2]),
					     rd(&f, a[3])));
			break;
		case IR_FNEG:
		case IR_FABS:
			W(fp_unop_bits(in->op, t, rd(&f, a[1])));
			break;
		case IR_FCANON: {
			uint64_t x = rd(&f, a[1]);
			W(is_nan_bits(t, x) ? (uint64_t)in->imm : x);
			break;
		}
		case IR_FCMP:
			W(fpu_cmp(t, in->aux, in->aux2 & IR_FCMP_SIGNALING,
					     rd(&f, a[1]), rd(&f, a[2])));
			break;
		case IR_FCVT_F2I:
			W(fpu_f2i(t, in->aux, in->aux2, rd(&f, a[1])));
			break;
		case IR_FCVT_I2F:
			W(fpu_i2f(t, in->aux, in->aux2, rd(&f, a[1])));
			break;
		case IR_FCVT_F2F:
			W(fpu_f2f(t, in->aux, rd(&f, a[1])));
			break;
		case IR_FMOV_I2F:
		case IR_FMOV_F2I:
			W(t == IR_F32 ? (uint32_t)rd(&f, a[1]) : rd(&f, a[1]));
			break;
		case IR_NANBOX:
			W(0xffffffff00000000ull | (uint32_t)rd(&f, a[1]));
			break;
		case IR_NANUNBOX: {
			uint64_t x = rd(&f, a[1]);
			W((x >> 32) == 0xffffffffu ? (uint32_t)x : (uint32_t)in->imm);
			break;
		}
		case IR_CALL: {
			const struct ir_helper *h = (const struct ir_helper *)(intptr_t)in->imm;
			uint64_t x[4];
			for (unsigned k = 0; k < 4; k++)
				x[k] = a[k + 1] == IR_NONE ? 0 : rd(&f, a[k + 1]);
			if (h->flags & IRH_MAY_FAULT)
				cpu->guest_access = 1;
			uint64_t r = h->fn(cpu, x[0], x[1], x[2], x[3]);
			cpu->guest_access = 0;
			if (a[0] != IR_NONE)
				W(r);
			break;
		}
		case IR_INSN_START:
			cpu->pc = in->imm;
			break;
		case IR_LABEL:
			break;
		case IR_BR:
		case IR_BRCOND: {
			if (in->op == IR_BRCOND &&
			    !ir_eval_cond(in->aux, t, rd(&f, a[0]), rd(&f, a[1])))
				break;
			unsigned to = find_label(b, in->aux2), i = to;
			if (to < pc && cpu->exit_request) {
				/* a loop inside the block: leave it when asked, if
				 * the label starts a guest instruction */
				while (i < b->n_insns && b->insns[i].op == IR_LABEL)
					i++;
				if (i < b->n_insns && b->insns[i].op == IR_INSN_START) {
					cpu->pc = b->insns[i].imm;
					return IR_EXIT_REQUEST;
				}
			}
			pc = to;
			break;
		}
		case IR_EXIT_DIRECT:
			cpu->pc = in->imm;
			return IR_EXIT_LOOKUP;
		case IR_EXIT_COND:
			if (ir_eval_cond(in->aux, t, rd(&f, a[0]), rd(&f, a[1]))) {
				cpu->pc = in->imm;
				return IR_EXIT_LOOKUP;
			}
			break;
		case IR_EXIT_INDIRECT:
			cpu->pc = rd(&f, a[0]);
			return IR_EXIT_LOOKUP;
		case IR_EXIT_PREDICT:
			if (rd(&f, a[0]) != rd(&f, a[1])) {
				cpu->pc = rd(&f, a[0]) & ~(uint64_t)in->imm;
				return IR_EXIT_LOOKUP;
			}
			break;
		case IR_EXIT_LOOP:
			cpu->pc = in->imm;
			return in->aux2;
		default:
			warp_bug(__FILE__, __LINE__, "interp: op %s not implemented",
				 ir_opdefs[in->op].name);
		}
	}
	warp_bug(__FILE__, __LINE__, "block 0x%llx fell off its end",
		 (unsigned long long)b->pc);
}

static int interp_gen(struct tcache *tc, struct tb *tb, struct ir_block *ir)
{
	tb->ir = ir_block_clone(ir);
	tb->code = NULL;
	tb->code_size = 0;
	return 0;
}

static __thread uint64_t *scratch;
static __thread unsigned scratch_cap;

static uint64_t interp_exec(struct cpu *cpu, struct tb *tb)
{
	const struct ir_block *b = tb->ir;
	if (b->n_temps > scratch_cap) {
		free(scratch);
		scratch_cap = b->n_temps * 2;
		scratch = xmalloc(scratch_cap * sizeof *scratch);
	}
	return exec_block(cpu, b, scratch);
}

static bool interp_restore(struct cpu *cpu, struct tb *tb, uintptr_t host_pc,
			   const ucontext_t *uc)
{
	/* state in struct cpu is always precise; never called for interp */
	return false;
}

const struct backend backend_interp = {
	.name = "interp",
	.gen = interp_gen,
	.exec = interp_exec,
	.chain = NULL,
	.restore = interp_restore,
	.disas_host = NULL,
};
