/*
 * x86_rand.c - randomised differential tests of the x86-64 backend against
 * the IR interpreter (the oracle): random well-typed blocks of integer ops,
 * loads and stores, atomics, branches and helper calls, and random blocks
 * of FP ops in every rounding mode on values chosen to hit the edge cases
 * (NaNs, infinities, zeros, subnormals, conversion limits).  Both backends
 * start from the same guest state and memory; the globals, memory, exit,
 * pc and the accrued MXCSR flags must come out identical.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "x86_test.h"
#include "fpu.h"
#include "host/x86_64/x86.h"

static uint64_t seed;

static uint64_t rnd(void)
{
	seed ^= seed >> 12;
	seed ^= seed << 25;
	seed ^= seed >> 27;
	return seed * 0x2545F4914F6CDD1Dull;
}

static unsigned rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static const uint64_t ivals[] = {
	0, 1, 2, 5, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
	0x8000000000000000ull, ~0ull, ~1ull, 0xffffffff80000000ull, 0xdeadbeefcafebabeull,
};

static uint64_t rval(void)
{
	return rn(3) ? ivals[rn(sizeof ivals / sizeof ivals[0])] : rnd() >> rn(64);
}

/* ---- random integer blocks ---- */

struct rg {
	struct ir_block *b;
	ir_temp loc[64];
	unsigned nloc;
	unsigned nslot;         /* side exits so far (slots 2..6) */
};

static ir_temp pick(struct rg *r, unsigned type)
{
	unsigned k = rn(10);
	if (k < 2)
		return ir_const(r->b, type, rval());
	if (k < 6 && r->nloc)
		return r->loc[rn(r->nloc)];
	k = rn(14);
	return k < 12 ? XT_G(k) : XT_W(k - 12);
}

static ir_temp dest(struct rg *r, unsigned type)
{
	if (rn(10) < 6 && r->nloc < 64) {
		ir_temp t = ir_new(r->b, type);
		r->loc[r->nloc++] = t;
		return t;
	}
	if (type == IR_I32 && rn(4) == 0)
		return XT_W(rn(2));
	return XT_G(rn(12));
}

/*
 * A destination of exactly TYPE.  The interpreter widens an I32 MOV, MOVCOND
 * or sign-extending load into an I64 temp by the temp's type rather than
 * zero-extending by the op's (as ir_ops.def says); the JIT follows
 * ir_ops.def, so random blocks avoid that combination.
 */
static ir_temp dest_exact(struct rg *r, unsigned type)
{
	if (type == IR_I64)
		return dest(r, type);
	if (rn(10) < 6 && r->nloc < 64) {
		ir_temp t = ir_new(r->b, type);
		r->loc[r->nloc++] = t;
		return t;
	}
	return XT_W(rn(2));
}

static uint64_t h_mix(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	return (a * 31 + b) ^ (d << 7) ^ (e >> 3);
}

static uint64_t h_sum_env(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	uint64_t s = a;
	for (unsigned i = 0; i < 12; i++)
		s = s * 3 + ((uint64_t *)c->env)[i];
	return s;
}

static uint64_t h_poke_env(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	((uint64_t *)c->env)[a % 12] = b;
	return d;
}

static const struct ir_helper helpers[] = {
	{ "mix", h_mix, IRH_PURE },
	{ "sum_env", h_sum_env, IRH_READS_GLOBALS },
	{ "poke_env", h_poke_env, IRH_READS_GLOBALS | IRH_WRITES_GLOBALS },
};

static void gen_int_op(struct rg *r)
{
	static const unsigned bin[] = {
		IR_ADD, IR_SUB, IR_MUL, IR_AND, IR_OR, IR_XOR, IR_SHL, IR_SHR, IR_SAR,
		IR_ROTL, IR_ROTR, IR_MULHS, IR_MULHU, IR_MULHSU, IR_DIVS, IR_DIVU, IR_REMS,
		IR_REMU, IR_ADD, IR_SUB, IR_AND,
	};
	static const unsigned un[] = {
		IR_NEG, IR_NOT, IR_EXT8S, IR_EXT8U, IR_EXT16S, IR_EXT16U, IR_EXT32S, IR_EXT32U,
	};
	struct ir_block *b = r->b;
	unsigned t = rn(2) ? IR_I64 : IR_I32, k = rn(100);

	if (k < 40) {
		ir_temp a = pick(r, t), c = pick(r, t);
		ir_op2(b, bin[rn(sizeof bin / sizeof bin[0])], t, dest(r, t), a, c);
	} else if (k < 48) {
		unsigned op = un[rn(sizeof un / sizeof un[0])];
		if (op >= IR_EXT8S)
			t = IR_I64;
		ir_temp a = pick(r, t);
		ir_op1(b, op, t, dest(r, t), a);
	} else if (k < 53) {
		ir_temp a = pick(r, t), c = pick(r, t);
		ir_setcond(b, t, rn(12), dest(r, t), a, c);
	} else if (k < 58) {
		ir_temp a = pick(r, t), c = pick(r, t), x = pick(r, t), y = pick(r, t);
		ir_movcond(b, t, rn(12), dest_exact(r, t), a, c, x, y);
	} else if (k < 68 && rn(4) == 0) {
		/* an indexed access: g = base + index, then [g + disp] (the
		 * backend folds the add into the address when g is dead
		 * after), a load into g itself or a store and g overwritten */
		unsigned gi = rn(12), gd = rn(12);
		ir_op2(b, IR_AND, IR_I64, XT_G(gi), pick(r, IR_I64), ir_const(b, IR_I64, 0x78));
		ir_op2(b, IR_ADD, IR_I64, XT_G(gd), XT_G(15), XT_G(gi));
		if (rn(2)) {
			unsigned mo = rn(4);
			if (mo != 3 && rn(2))
				mo |= IR_MO_SIGN;
			ir_ld(b, IR_I64, XT_G(gd), XT_G(gd), rn(64), mo);
		} else {
			/* g holds a host address, which differs between the two
			 * runs: neither stored nor left behind */
			ir_temp v = pick(r, t), nv = pick(r, IR_I64);
			ir_st(b, t, v == XT_G(gd) ? XT_G(gi) : v, XT_G(gd), rn(64), rn(4));
			ir_mov(b, IR_I64, XT_G(gd), nv == XT_G(gd) ? XT_G(gi) : nv);
		}
	} else if (k < 68) {
		unsigned mo = rn(16);
		if (t == IR_I32 && (mo & 3) == 3)
			mo &= ~3u;
		if ((mo & 3) == 3)
			mo &= ~(unsigned)IR_MO_SIGN;
		ir_temp d = (mo & IR_MO_SIGN) ? dest_exact(r, t) : dest(r, t);
		ir_ld(b, t, d, XT_G(15), rn(200), mo);
	} else if (k < 78) {
		ir_temp v = pick(r, t);
		ir_st(b, t, v, XT_G(15), rn(200), rn(16) & ~(unsigned)IR_MO_SIGN);
	} else if (k < 82) {
		/* (the interpreter ignores IR_MO_BE on atomics; t_atomics covers it) */
		unsigned mo = 2 + rn(2) + (rn(2) ? IR_MO_SIGN : 0);
		if ((mo & 3) == 3)
			mo &= ~(unsigned)IR_MO_SIGN;
		ir_temp a = ir_new(b, IR_I64);
		ir_op2(b, IR_ADD, IR_I64, a, XT_G(15), ir_const(b, IR_I64, 8 * rn(24)));
		struct ir_insn *in;
		if (rn(3) == 0) {
			ir_temp c = pick(r, IR_I64), n = pick(r, IR_I64);
			in = ir_op3(b, IR_CMPXCHG, IR_I64, dest(r, IR_I64), a, c, n);
		} else {
			ir_temp v = pick(r, IR_I64);
			in = ir_op2(b, IR_ATOMIC, IR_I64, dest(r, IR_I64), a, v);
			in->aux = rn(IR_AT_UMAX + 1);
		}
		in->aux2 = mo;
	} else if (k < 84 && r->nslot < 5) {
		/* a superblock's side exit: locals live on across it */
		ir_temp a = pick(r, t), c = pick(r, t);
		ir_exit_cond(b, t, rn(12), a, c, 2 + r->nslot++, 0x5000 + 8 * rn(64));
	} else if (k < 86) {
		/* a forward branch over a few global-only writes */
		unsigned l = ir_new_label(b);
		ir_temp a = pick(r, t), c = pick(r, t);
		ir_brcond(b, t, rn(12), a, c, l);
		r->nloc = 0;
		for (unsigned n = rn(3); n-- > 0;)
			ir_op2(b, IR_ADD, IR_I64, XT_G(rn(12)), pick(r, IR_I64), pick(r, IR_I64));
		ir_label(b, l);
	} else if (k < 90) {
		const struct ir_helper *h = &helpers[rn(3)];
		ir_temp a[4];
		for (unsigned i = 0; i < 4; i++)
			a[i] = rn(5) ? pick(r, IR_I64) : IR_NONE;
		ir_call(b, h, rn(4) ? dest(r, IR_I64) : IR_NONE, a[0], a[1], a[2], a[3]);
	} else if (k < 95) {
		ir_temp a = pick(r, t);
		ir_mov(b, t, dest_exact(r, t), a);
	} else {
		ir_insn_start(b, b->pc + 4 * rn(50));
	}
}

static uint64_t norm_exit(uint64_t r)
{
	return r >= 4096 ? IR_EXIT_LOOKUP : r;
}

struct side {
	struct cpu *cpu;
	uint8_t *mem;
};

static void init_side(struct side *s, const uint64_t *g, const uint8_t *mem, bool gb)
{
	memset(s->cpu->env, 0, 256);
	memcpy(s->cpu->env, g, 16 * 8);
	memcpy(s->cpu->env + 128, g + 16, 8);
	memcpy(s->cpu->env + 136, g + 17, 8 * 8);
	memcpy(s->mem, mem, 512);
	s->cpu->guest_base = gb ? (uint64_t)(uintptr_t)s->mem : 0;
	*(uint64_t *)(s->cpu->env + 8 * 15) = gb ? 0x40 : (uint64_t)(uintptr_t)s->mem + 0x40;
}

START_TEST(t_rand_int)
{
	struct side jit = { xt_new_cpu(), xcalloc(1, 512) };
	struct side ref = { xt_new_cpu(), xcalloc(1, 512) };
	unsigned feats = x86_host_features;
	seed = 0x9e3779b97f4a7c15ull + 12345 * (uint64_t)_i;

	for (unsigned iter = 0; iter < 1500; iter++) {
		bool gb = iter & 1;
		struct rg r = { .b = xt_begin() };
		x86_host_features = feats & (unsigned)rnd();
		ir_insn_start(r.b, 0x1000);
		for (unsigned n = 5 + rn(40); n-- > 0;)
			gen_int_op(&r);
		/* a third of the blocks loop back to their entry while the
		 * counter g12 (no random op writes it) lasts: the JIT keeps
		 * the loop inside the block, the interpreter leaves each time */
		unsigned loop = rn(3);
		if (loop) {
			ir_op2(r.b, IR_SUB, IR_I64, XT_G(12), XT_G(12), ir_const(r.b, IR_I64, 1));
			if (loop == 1) {
				ir_exit_cond(r.b, IR_I64, IR_NE, XT_G(12), ir_const(r.b, IR_I64, 0),
					     7, 0x1000);
			} else {
				ir_exit_cond(r.b, IR_I64, IR_EQ, XT_G(12), ir_const(r.b, IR_I64, 0),
					     7, 0x6000);
				ir_exit_direct(r.b, 0, 0x1000);
			}
			for (unsigned n = rn(6); n-- > 0;)
				gen_int_op(&r);
		}
		/* half of those keep the loop inside the block */
		bool link = loop && rn(2);
		switch (rn(4)) {
		case 0: ir_exit_direct(r.b, rn(2), 0x4000 + 4 * rn(100)); break;
		case 1: {
			/* (a target of ~0 would match an empty jump-cache entry) */
			ir_temp t = ir_new(r.b, IR_I64);
			ir_op2(r.b, IR_AND, IR_I64, t, pick(&r, IR_I64), ir_const(r.b, IR_I64, ~1ull));
			ir_exit_indirect(r.b, t);
			break;
		}
		default: ir_exit_loop(r.b, IR_EXIT_HALT, 0x1004); break;
		}
		if (link)
			ir_link_exits(r.b);
		/* the JIT generates for its cpu's guest_base */
		jit.cpu->guest_base = gb;
		cpu_current = jit.cpu;
		struct tb *tj = xt_gen(r.b);
		struct tb *ti = xt_gen_interp(r.b);
		for (unsigned run = 0; run < 3; run++) {
			uint64_t g[25];
			uint8_t mem[512];
			for (unsigned i = 0; i < 25; i++)
				g[i] = rval();
			g[12] = 1 + rn(6);
			for (unsigned i = 0; i < 512; i++)
				mem[i] = (uint8_t)rnd();
			init_side(&jit, g, mem, gb);
			init_side(&ref, g, mem, gb);
			uint64_t rj, ri;
			/* as the CPU loop would: again while it loops (a few
			 * times: an indirect exit may come back forever) */
			unsigned nj = 0, ni = 0;
			do
				rj = norm_exit(xt_run_on(jit.cpu, &backend_x86_64, tj));
			while (rj == IR_EXIT_LOOKUP && jit.cpu->pc == 0x1000 && ++nj < 8);
			do
				ri = xt_run_on(ref.cpu, &backend_interp, ti);
			while (ri == IR_EXIT_LOOKUP && ref.cpu->pc == 0x1000 && ++ni < 8);
			bool same = rj == ri && jit.cpu->pc == ref.cpu->pc &&
				    !memcmp(jit.cpu->env, ref.cpu->env, 8 * 15) &&
				    !memcmp(jit.cpu->env + 128, ref.cpu->env + 128, 8) &&
				    !memcmp(jit.mem, ref.mem, 512);
			if (!same) {
				fprintf(stderr, "iter %u run %u gb %d feats %#x\n", iter, run, gb,
					x86_host_features);
				for (unsigned i = 0; i < 18; i++) {
					unsigned off = i < 16 ? 8 * i : 128 + 4 * (i - 16);
					uint64_t a = 0, c = 0;
					memcpy(&a, jit.cpu->env + off, i < 16 ? 8 : 4);
					memcpy(&c, ref.cpu->env + off, i < 16 ? 8 : 4);
					fprintf(stderr, "  %2u: in %#018" PRIx64 " jit %#018" PRIx64
						" ref %#018" PRIx64 "%s\n", i, i < 16 ? g[i] : g[16],
						a, c, a != c ? "  <--" : "");
				}
				xt_dump(r.b, tj);
			}
			ck_assert_msg(rj == ri, "exit %" PRIu64 " vs %" PRIu64, rj, ri);
			ck_assert_msg(jit.cpu->pc == ref.cpu->pc, "pc %#" PRIx64 " vs %#" PRIx64,
				      jit.cpu->pc, ref.cpu->pc);
			ck_assert_msg(same, "state differs (iter %u)", iter);
		}
	}
	x86_host_features = feats;
	cpu_current = xt_cpu;
}
END_TEST

/* ---- random FP blocks ---- */

static const uint64_t dvals[] = {
	0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
	0x3ff8000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
	0x7ff8000000000000ull, 0x7ff4000000000000ull, 0xfff8000000000001ull,
	0x0000000000000001ull, 0x000fffffffffffffull, 0x0010000000000000ull,
	0x7fefffffffffffffull, 0x41e0000000000000ull, 0x41dfffffffc00000ull,
	0xc1e0000000000000ull, 0xc1e0000000100000ull, 0x41efffffffe00000ull,
	0x41f0000000000000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
	0x43f0000000000000ull, 0x43efffffffffffffull, 0x3fe0000000000000ull,
	0xbfe0000000000000ull, 0x4004000000000000ull, 0x3fb999999999999aull,
	0xc00c000000000000ull, 0x400c000000000000ull, 0x3ff0000000000001ull,
	/* conversion boundaries: 2^32 - 0.5, 2^32 - 1, 2^32 - 0.3, -0.3, -0.7,
	 * 2^63 - 1024, 2^31 - 0.5, -2^31 + 0.5 */
	0x41effffffff00000ull, 0x41efffffffe00000ull, 0x41effffffff66666ull,
	0xbfd3333333333333ull, 0xbfe6666666666666ull, 0x43dfffffffffffffull,
	0x41dfffffffe00000ull, 0xc1dfffffffe00000ull,
};
static const uint32_t svals[] = {
	0, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x7f800000, 0xff800000,
	0x7fc00000, 0x7fa00000, 0x00000001, 0x007fffff, 0x00800000, 0x7f7fffff,
	0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000,
	0x3f000000, 0xbf000000, 0x40200000, 0x3dcccccd, 0x4effffff, 0xbf400000,
	0x4f7fffff, 0xbe99999a, 0xbf333333,
};

static uint64_t rfp(void)
{
	unsigned k = rn(8);
	if (k < 3)
		return dvals[rn(sizeof dvals / sizeof dvals[0])];
	if (k < 6)
		return 0xffffffff00000000ull | svals[rn(sizeof svals / sizeof svals[0])];
	if (k < 7)
		return svals[rn(sizeof svals / sizeof svals[0])];   /* not boxed */
	return rnd();
}

struct fg {
	struct ir_block *b;
	ir_temp f32[16], f64[16];
	unsigned n32, n64;
};

static ir_temp pick_fp(struct fg *r, unsigned type)
{
	struct ir_block *b = r->b;
	if (type == IR_F64) {
		if (r->n64 && rn(2))
			return r->f64[rn(r->n64)];
		if (rn(8) == 0)
			return ir_const(b, IR_F64, dvals[rn(sizeof dvals / sizeof dvals[0])]);
		return XT_F(rn(8));
	}
	if (r->n32 && rn(2))
		return r->f32[rn(r->n32)];
	if (rn(8) == 0)
		return ir_const(b, IR_F32, svals[rn(sizeof svals / sizeof svals[0])]);
	ir_temp t = ir_new(b, IR_F32);
	ir_op1(b, IR_NANUNBOX, IR_F32, t, XT_F(rn(8)))->imm = 0x7fc00000;
	return t;
}

/* store a result: F64 to a global (or keep as a local), F32 boxed */
static void put_fp(struct fg *r, unsigned type, ir_temp t)
{
	if (type == IR_F64 && r->n64 < 16 && rn(2)) {
		r->f64[r->n64++] = t;
		return;
	}
	if (type == IR_F32 && r->n32 < 16 && rn(2)) {
		r->f32[r->n32++] = t;
		return;
	}
	if (type == IR_F64)
		ir_mov(r->b, IR_F64, XT_F(rn(8)), t);
	else
		ir_op1(r->b, IR_NANBOX, IR_F64, XT_F(rn(8)), t);
}

static void gen_fp_op(struct fg *r)
{
	struct ir_block *b = r->b;
	unsigned t = rn(2) ? IR_F64 : IR_F32, k = rn(100), rm = rn(5);
	ir_temp d = ir_new(b, t);

	if (k < 30) {
		static const unsigned ops[] = { IR_FADD, IR_FSUB, IR_FMUL, IR_FDIV };
		ir_temp a = pick_fp(r, t), c = pick_fp(r, t);
		ir_op2(b, ops[rn(4)], t, d, a, c)->aux = rm;
		put_fp(r, t, d);
	} else if (k < 35) {
		ir_op1(b, IR_FSQRT, t, d, pick_fp(r, t))->aux = rm;
		put_fp(r, t, d);
	} else if (k < 45) {
		ir_temp a = pick_fp(r, t), c = pick_fp(r, t), e = pick_fp(r, t);
		struct ir_insn *in = ir_op3(b, IR_FMA, t, d, a, c, e);
		in->aux = rm;
		in->aux2 = rn(4);
		put_fp(r, t, d);
	} else if (k < 52) {
		static const unsigned ops[] = { IR_FNEG, IR_FABS, IR_FCANON };
		unsigned op = ops[rn(3)];
		struct ir_insn *in = ir_op1(b, op, t, d, pick_fp(r, t));
		in->imm = t == IR_F64 ? 0x7ff8000000000000ll : 0x7fc00000;
		put_fp(r, t, d);
	} else if (k < 60) {
		ir_temp a = pick_fp(r, t), c = pick_fp(r, t);
		struct ir_insn *in = ir_op2(b, IR_FCMP, t, XT_G(rn(8)), a, c);
		in->aux = rn(3);
		in->aux2 = rn(2);
	} else if (k < 72) {
		unsigned cvt = rn(8);
		ir_temp dst = rn(4) ? XT_G(rn(8)) : XT_W(rn(2));
		struct ir_insn *in = ir_op1(b, IR_FCVT_F2I, t, dst, pick_fp(r, t));
		in->aux = rm;
		in->aux2 = cvt;
	} else if (k < 82) {
		unsigned cvt = rn(4);
		ir_temp src = rn(5) ? XT_G(rn(8)) : ir_const(b, IR_I64, rval());
		struct ir_insn *in = ir_op1(b, IR_FCVT_I2F, t, d, src);
		in->aux = rm;
		in->aux2 = cvt;
		put_fp(r, t, d);
	} else if (k < 88) {
		ir_op1(b, IR_FCVT_F2F, t, d, pick_fp(r, t == IR_F64 ? IR_F32 : IR_F64))->aux = rm;
		put_fp(r, t, d);
	} else if (k < 94) {
		if (rn(2)) {
			ir_op1(b, IR_FMOV_I2F, t, d, XT_G(rn(8)));
			put_fp(r, t, d);
		} else {
			ir_op1(b, IR_FMOV_F2I, t, XT_G(rn(8)), pick_fp(r, t));
		}
	} else if (k < 97) {
		/* a forward branch over global-only FP work: no local crosses it */
		unsigned l = ir_new_label(b);
		ir_brcond(b, IR_I64, rn(12), XT_G(rn(8)), XT_G(rn(8)), l);
		r->n32 = r->n64 = 0;
		for (unsigned n = 1 + rn(2); n-- > 0;) {
			ir_temp f = XT_F(rn(8));
			if (rn(2))
				ir_op2(b, rn(2) ? IR_FADD : IR_FMUL, IR_F64, f, XT_F(rn(8)),
				       XT_F(rn(8)))->aux = rn(5);
			else
				ir_op1(b, IR_FCANON, IR_F64, f, XT_F(rn(8)))->imm =
					0x7ff8000000000000ll;
		}
		ir_label(b, l);
	} else {
		ir_insn_start(b, b->pc + 4 * rn(50));
	}
}

START_TEST(t_rand_fp)
{
	struct cpu *jc = xt_new_cpu(), *rc = xt_new_cpu();
	unsigned feats = x86_host_features;
	seed = 0x51ed270b7f4a7c15ull + 777 * (uint64_t)_i;

	for (unsigned iter = 0; iter < 1500; iter++) {
		struct fg r = { .b = xt_begin() };
		r.b->rm_default = rn(5);
		x86_host_features = feats & (rn(2) ? ~0u : ~(unsigned)XF_FMA);
		ir_insn_start(r.b, 0x1000);
		for (unsigned n = 3 + rn(20); n-- > 0;)
			gen_fp_op(&r);
		ir_exit_loop(r.b, IR_EXIT_HALT, 0x1004);
		cpu_current = jc;
		struct tb *tj = xt_gen(r.b);
		struct tb *ti = xt_gen_interp(r.b);
		uint32_t rcbits = fpu_mxcsr_rc(r.b->rm_default);
		for (unsigned run = 0; run < 4; run++) {
			uint8_t env[256];
			for (unsigned i = 0; i < 16; i++) {
				uint64_t v = rval();
				memcpy(env + 8 * i, &v, 8);
			}
			for (unsigned i = 0; i < 8; i++) {
				uint64_t v = rfp();
				memcpy(env + 136 + 8 * i, &v, 8);
			}
			memcpy(env + 128, env + 40, 8);
			memcpy(jc->env, env, 256);
			memcpy(rc->env, env, 256);
			fpu_set_mxcsr(0x1f80 | rcbits);
			uint64_t rj = xt_run_on(jc, &backend_x86_64, tj);
			uint32_t mj = fpu_get_mxcsr();
			fpu_set_mxcsr(0x1f80 | rcbits);
			uint64_t ri = xt_run_on(rc, &backend_interp, ti);
			uint32_t mi = fpu_get_mxcsr();
			fpu_set_mxcsr(0x1f80);
			/* DE (denormal operand) is not a guest-visible flag */
			bool same = rj == ri && !memcmp(jc->env, rc->env, 256) &&
				    ((mj ^ mi) & ~0x02u) == 0;
			if (!same) {
				fprintf(stderr, "fp iter %u run %u: mxcsr %#x vs %#x rm_default %u\n",
					iter, run, mj, mi, r.b->rm_default);
				for (unsigned i = 0; i < 256; i += 8) {
					uint64_t a, c, in;
					memcpy(&a, jc->env + i, 8);
					memcpy(&c, rc->env + i, 8);
					memcpy(&in, env + i, 8);
					if (a != c || i >= 136)
						fprintf(stderr, "  +%3u: in %#018" PRIx64 " jit %#018" PRIx64
							" ref %#018" PRIx64 "%s\n", i, in, a, c,
							a != c ? "  <--" : "");
				}
				xt_dump(r.b, tj);
			}
			ck_assert_msg(same, "fp state differs (iter %u)", iter);
		}
	}
	x86_host_features = feats;
	cpu_current = xt_cpu;
}
END_TEST

void x86_rand_tests(Suite *s)
{
	TCase *tc = tcase_create("random");
	tcase_add_checked_fixture(tc, xt_setup, xt_teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, t_rand_int, 0, 4);
	tcase_add_loop_test(tc, t_rand_fp, 0, 4);
	suite_add_tcase(s, tc);
}
