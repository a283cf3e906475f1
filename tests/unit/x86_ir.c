/*
 * x86_ir.c - IR-level tests of the x86-64 backend: small blocks built by
 * hand with the ir.h builder are generated and run on a cpu, and their
 * effect on guest globals and host memory is checked against values
 * computed here (ir_eval_int, C, the fpu_* functions).  Every test runs with
 * each set of host features the generator can use (BMI2, MOVBE, FMA3 on
 * and off) where they matter.  Randomised comparisons with the IR
 * interpreter are in x86_rand.c, control flow in x86_flow.c, the
 * precise state after a fault in x86_restore.c.
 */
#include <errno.h>
#include <fenv.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "x86_test.h"
#include "fpu.h"
#include "host/x86_64/x86.h"

struct tcache *xt_tc;
struct cpu *xt_cpu;
struct ir_block xt_ir;

static struct ir_global globals[XT_NG];
static char gnames[XT_NG][8];
static struct guest_arch fake_arch;
static unsigned all_features;

static unsigned global_off(unsigned i)
{
	if (i < 16)
		return 8 * i;
	if (i < 18)
		return 128 + 4 * (i - 16);
	return 136 + 8 * (i - 18);
}

struct cpu *xt_new_cpu(void)
{
	struct cpu *c;
	ck_assert(posix_memalign((void **)&c, 64, sizeof *c) == 0);
	memset(c, 0, sizeof *c);
	c->tc = xt_tc;
	c->arch = &fake_arch;
	c->jc = xmalloc(JC_SIZE * sizeof *c->jc);
	for (unsigned i = 0; i < JC_SIZE; i++)
		c->jc[i] = (struct jc_entry){ ~0ull, NULL };
	return c;
}

void xt_setup(void)
{
	for (unsigned i = 0; i < XT_NG; i++) {
		snprintf(gnames[i], sizeof gnames[i], "%c%u", i < 16 ? 'g' : i < 18 ? 'w' : 'f',
			 i < 16 ? i : i < 18 ? i - 16 : i - 18);
		globals[i] = (struct ir_global){
			.name = gnames[i],
			.type = i < 16 ? IR_I64 : i < 18 ? IR_I32 : IR_F64,
			.offset = (uint16_t)global_off(i),
		};
	}
	fake_arch = (struct guest_arch){ .name = "fake", .globals = globals, .n_globals = XT_NG };
	xt_tc = xcalloc(1, sizeof *xt_tc);
	xt_tc->arch = &fake_arch;
	xt_tc->be = &backend_x86_64;
	pthread_mutex_init(&xt_tc->lock, NULL);
	ck_assert_int_eq(codebuf_init(&xt_tc->cb, 64 << 20), 0);
	ir_block_init(&xt_tc->ir, globals, XT_NG);
	ir_block_init(&xt_ir, globals, XT_NG);
	x86_detect_features();
	all_features = x86_host_features;
	xt_tc->host_fma = true;
	xt_cpu = xt_new_cpu();
	cpu_current = xt_cpu;
	fpu_set_mxcsr(0x1f80);
}

void xt_teardown(void)
{
	x86_host_features = all_features;
}

struct ir_block *xt_begin(void)
{
	ir_block_reset(&xt_ir, 0x1000, 0);
	xt_ir.end_pc = 0x1004;
	return &xt_ir;
}

struct tb *xt_gen(struct ir_block *b)
{
	struct tb *tb = tb_alloc(TB_NSLOTS);
	tb->pc = b->pc;
	tb->end_pc = b->end_pc;
	tb->lo_pc = b->lo_pc;
	int err = backend_x86_64.gen(xt_tc, tb, b);
	ck_assert_int_eq(err, 0);
	return tb;
}

struct tb *xt_gen_interp(struct ir_block *b)
{
	struct tb *tb = tb_alloc(TB_NSLOTS);
	tb->pc = b->pc;
	tb->end_pc = b->end_pc;
	tb->lo_pc = b->lo_pc;
	ck_assert_int_eq(backend_interp.gen(xt_tc, tb, b), 0);
	return tb;
}

uint64_t xt_run_on(struct cpu *cpu, const struct backend *be, struct tb *tb)
{
	struct cpu *old = cpu_current;
	cpu_current = cpu;
	uint64_t r = be->exec(cpu, tb);
	cpu_current = old;
	if (r >= 4096) {
		/* a direct exit: the target pc, as the CPU loop finds it */
		struct tb *from = (struct tb *)(uintptr_t)(r & ~(uint64_t)TB_EXIT_CHAIN_MASK);
		cpu->pc = from->exit[(r & TB_EXIT_CHAIN_MASK) - 1].pc;
	}
	return r;
}

uint64_t xt_run(struct tb *tb)
{
	return xt_run_on(xt_cpu, &backend_x86_64, tb);
}

uint64_t *xt_g(unsigned i)
{
	return (uint64_t *)(xt_cpu->env + global_off(i));
}

uint32_t *xt_w(unsigned i)
{
	return (uint32_t *)(xt_cpu->env + global_off(XT_W(i)));
}

uint64_t *xt_f(unsigned i)
{
	return (uint64_t *)(xt_cpu->env + global_off(XT_F(i)));
}

void xt_dump(struct ir_block *b, struct tb *tb)
{
	ir_dump(b, stderr);
	if (tb && tb->code)
		backend_x86_64.disas_host(tb->code, tb->code_size, stderr);
}

/* the feature sets to try: everything, nothing, and each one missing */
static unsigned feature_set(unsigned k)
{
	static const unsigned drop[] = { 0, ~0u, XF_BMI2, XF_MOVBE, XF_FMA };
	return all_features & ~drop[k];
}
#define N_FEATURE_SETS 5

/* ---- integer ops ---- */

const uint64_t xt_ivals[] = {
	0, 1, 2, 3, 7, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xffffffff,
	0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, ~1ull,
	0xfffffffffffffff0ull, 0xffffffff80000000ull, 0x123456789abcdef0ull,
	0xfedcba9876543210ull, 0x00000000deadbeefull, 0xffffffff7fffffffull,
};
const unsigned xt_n_ivals = sizeof xt_ivals / sizeof xt_ivals[0];

enum shape {
	SH_DISTINCT,    /* g2 = g0 op g1 */
	SH_DEST_A,      /* g0 = g0 op g1 */
	SH_DEST_B,      /* g1 = g0 op g1 */
	SH_SAME,        /* g2 = g0 op g0 */
	SH_CONST_B,     /* g2 = g0 op C */
	SH_CONST_A,     /* g2 = C op g1 */
	SH_CONST_A_DIES, /* u = g1; v = C op u; g2 = v (u dies: in place) */
	SH_LOCALS,      /* t = g0; u = g1; v = t op u; g2 = v */
	SH_LIVE,        /* v = g0 op g1; g2 = v; g3 = v + 1; g4 = g0 */
	SH_I32_DEST,    /* w0 = g0 op g1 (I32 ops only) */
	N_SHAPES
};

/* build the block for op/type/shape (k: which constant) */
static void build_binop(struct ir_block *b, unsigned op, unsigned type, unsigned aux,
			unsigned shape, uint64_t c)
{
	ir_temp g0 = XT_G(0), g1 = XT_G(1), g2 = XT_G(2);
	struct ir_insn *in = NULL;
	ir_insn_start(b, 0x1000);
	switch (shape) {
	case SH_DISTINCT: in = ir_op2(b, op, type, g2, g0, g1); break;
	case SH_DEST_A: in = ir_op2(b, op, type, g0, g0, g1); break;
	case SH_DEST_B: in = ir_op2(b, op, type, g1, g0, g1); break;
	case SH_SAME: in = ir_op2(b, op, type, g2, g0, g0); break;
	case SH_CONST_B: in = ir_op2(b, op, type, g2, g0, ir_const(b, type, c)); break;
	case SH_CONST_A: in = ir_op2(b, op, type, g2, ir_const(b, type, c), g1); break;
	case SH_CONST_A_DIES: {
		ir_temp u = ir_new(b, type), v = ir_new(b, type);
		ir_mov(b, type, u, g1);
		in = ir_op2(b, op, type, v, ir_const(b, type, c), u);
		ir_mov(b, IR_I64, g2, v);
		break;
	}
	case SH_LOCALS: {
		ir_temp t = ir_new(b, type), u = ir_new(b, type), v = ir_new(b, type);
		ir_mov(b, type, t, g0);
		ir_mov(b, type, u, g1);
		in = ir_op2(b, op, type, v, t, u);
		ir_mov(b, IR_I64, g2, v);
		break;
	}
	case SH_LIVE: {
		ir_temp v = ir_new(b, type);
		in = ir_op2(b, op, type, v, g0, g1);
		ir_mov(b, IR_I64, g2, v);
		ir_op2(b, IR_ADD, IR_I64, XT_G(3), v, ir_const(b, IR_I64, 1));
		ir_mov(b, IR_I64, XT_G(4), g0);
		break;
	}
	case SH_I32_DEST: in = ir_op2(b, op, type, XT_W(0), g0, g1); break;
	}
	in->aux = aux;
	ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
}

static void check_binop(unsigned op, unsigned type, unsigned aux)
{
	for (unsigned shape = 0; shape < N_SHAPES; shape++) {
		if (shape == SH_I32_DEST && type != IR_I32)
			continue;
		unsigned nc = shape == SH_CONST_A || shape == SH_CONST_A_DIES ||
			      shape == SH_CONST_B ? xt_n_ivals : 1;
		for (unsigned k = 0; k < nc; k++) {
			uint64_t c = type == IR_I32 ? (uint32_t)xt_ivals[k] : xt_ivals[k];
			struct ir_block *b = xt_begin();
			build_binop(b, op, type, aux, shape, c);
			struct tb *tb = xt_gen(b);
			for (unsigned i = 0; i < xt_n_ivals; i++)
				for (unsigned j = 0; j < xt_n_ivals; j++) {
					uint64_t x = xt_ivals[i], y = xt_ivals[(j * 7 + i) % xt_n_ivals];
					if (j >= 4 && shape != SH_DISTINCT)
						continue;
					memset(xt_cpu->env, 0x5a, 256);
					*xt_g(0) = x;
					*xt_g(1) = y;
					uint64_t a = x, bb = y;
					if (shape == SH_SAME)
						bb = x;
					if (shape == SH_CONST_B)
						bb = c;
					if (shape == SH_CONST_A || shape == SH_CONST_A_DIES)
						a = c;
					uint64_t want = ir_eval_int(op, type, aux, a, bb);
					ck_assert_uint_eq(xt_run(tb), IR_EXIT_HALT);
					ck_assert_uint_eq(xt_cpu->pc, 0x1004);
					uint64_t got;
					switch (shape) {
					case SH_DEST_A: got = *xt_g(0); break;
					case SH_DEST_B: got = *xt_g(1); break;
					case SH_I32_DEST: got = *xt_w(0); want = (uint32_t)want; break;
					default: got = *xt_g(2); break;
					}
					if (got != want)
						xt_dump(b, tb);
					ck_assert_msg(got == want,
						      "%s.%s aux %u shape %u: %#" PRIx64 ", %#" PRIx64
						      " -> %#" PRIx64 ", want %#" PRIx64,
						      ir_opdefs[op].name, type == IR_I32 ? "i32" : "i64", aux,
						      shape, a, bb, got, want);
					if (shape == SH_LIVE) {
						ck_assert_uint_eq(*xt_g(3), want + 1);
						ck_assert_uint_eq(*xt_g(4), x);
					}
					if (shape != SH_DEST_A && shape != SH_DEST_B) {
						ck_assert_uint_eq(*xt_g(0), x);
						ck_assert_uint_eq(*xt_g(1), y);
					}
				}
		}
	}
}

START_TEST(t_int_binops)
{
	static const unsigned ops[] = {
		IR_ADD, IR_SUB, IR_MUL, IR_AND, IR_OR, IR_XOR, IR_SHL, IR_SHR, IR_SAR,
		IR_ROTL, IR_ROTR, IR_MULHS, IR_MULHU, IR_MULHSU, IR_DIVS, IR_DIVU, IR_REMS,
		IR_REMU,
	};
	x86_host_features = feature_set(_i);
	for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++)
		for (unsigned t = IR_I32; t <= IR_I64; t++)
			check_binop(ops[i], t, 0);
}
END_TEST

START_TEST(t_setcond)
{
	x86_host_features = feature_set(_i);
	for (unsigned c = IR_EQ; c <= IR_NEVER; c++)
		for (unsigned t = IR_I32; t <= IR_I64; t++)
			check_binop(IR_SETCOND, t, c);
}
END_TEST

START_TEST(t_unary)
{
	static const unsigned ops[] = {
		IR_NEG, IR_NOT, IR_EXT8S, IR_EXT8U, IR_EXT16S, IR_EXT16U, IR_EXT32S,
		IR_EXT32U, IR_MOV,
	};
	for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++)
		for (unsigned t = IR_I32; t <= IR_I64; t++)
			for (unsigned shape = 0; shape < 4; shape++) {
				unsigned op = ops[i];
				if (op >= IR_EXT8S && op <= IR_EXT32U && t == IR_I32)
					continue;
				struct ir_block *b = xt_begin();
				ir_temp d = shape == 1 ? XT_G(0) : XT_G(2);
				ir_insn_start(b, 0x1000);
				if (shape == 2) {
					/* through locals that die */
					ir_temp l = ir_new(b, IR_I64), m = ir_new(b, t);
					ir_mov(b, IR_I64, l, XT_G(0));
					ir_op1(b, op, t, m, l);
					ir_mov(b, IR_I64, d, m);
				} else if (shape == 3) {
					/* into an I32 global */
					ir_temp m = ir_new(b, IR_I32);
					ir_op1(b, op, t, m, XT_G(0));
					ir_mov(b, IR_I32, XT_W(1), m);
				} else {
					ir_op1(b, op, t, d, XT_G(0));
				}
				ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
				struct tb *tb = xt_gen(b);
				for (unsigned k = 0; k < xt_n_ivals; k++) {
					*xt_g(0) = xt_ivals[k];
					*xt_w(1) = 0x55555555;
					xt_run(tb);
					uint64_t want = ir_eval_int(op, t, 0, xt_ivals[k], 0);
					uint64_t got = shape == 1 ? *xt_g(0) : shape == 3 ? *xt_w(1) : *xt_g(2);
					if (shape == 3)
						want = (uint32_t)want;
					if (got != want)
						xt_dump(b, tb);
					ck_assert_msg(got == want, "%s shape %u: %#" PRIx64 " -> %#" PRIx64
						      " want %#" PRIx64, ir_opdefs[op].name, shape, xt_ivals[k],
						      got, want);
				}
			}
}
END_TEST

START_TEST(t_movcond)
{
	/* d = (a c b) ? v1 : v2 in shapes that alias operands */
	for (unsigned c = IR_EQ; c <= IR_NEVER; c++)
		for (unsigned t = IR_I32; t <= IR_I64; t++)
			for (unsigned shape = 0; shape < 6; shape++) {
				struct ir_block *b = xt_begin();
				ir_temp g0 = XT_G(0), g1 = XT_G(1), g2 = XT_G(2), g3 = XT_G(3);
				ir_temp d = XT_G(4), vt = g2, vf = g3;
				ir_insn_start(b, 0x1000);
				switch (shape) {
				case 1: d = g2; break;                          /* d == vt */
				case 2: d = g3; break;                          /* d == vf */
				case 3: vt = vf = g2; break;                    /* vt == vf */
				case 4: vt = ir_const(b, t, 0x1234); break;     /* const value */
				case 5: d = g0; vf = g0; break;                 /* d == a == vf */
				}
				ir_movcond(b, t, c, d, g0, g1, vt, vf);
				ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
				struct tb *tb = xt_gen(b);
				for (unsigned i = 0; i < xt_n_ivals; i += 3)
					for (unsigned j = 0; j < xt_n_ivals; j += 2) {
						uint64_t x = xt_ivals[i], y = xt_ivals[j];
						*xt_g(0) = x;
						*xt_g(1) = y;
						*xt_g(2) = 0x2222222233333333ull;
						*xt_g(3) = 0x4444444455555555ull;
						uint64_t tv = shape == 4 ? 0x1234 : *xt_g(2);
						uint64_t fv = shape == 3 ? *xt_g(2) : shape == 5 ? x : *xt_g(3);
						uint64_t want = ir_eval_cond(c, t, x, y) ? tv : fv;
						if (t == IR_I32)
							want = (uint32_t)want;
						xt_run(tb);
						uint64_t got = *(uint64_t *)(xt_cpu->env + 8 * d);
						if (got != want)
							xt_dump(b, tb);
						ck_assert_msg(got == want, "movcond %s shape %u: %#" PRIx64
							      ", %#" PRIx64 " -> %#" PRIx64 " want %#" PRIx64,
							      ir_cond_name(c), shape, x, y, got, want);
					}
			}
}
END_TEST

/* ---- memory ---- */

static uint8_t *mem_buf;

static void check_mem_ops(bool gb)
{
	static const int64_t disps[] = { 0, 3, -5, 100, 0x7000 };
	uint8_t *base = mem_buf + 0x8000;
	xt_cpu->guest_base = gb ? (uint64_t)(uintptr_t)mem_buf : 0;
	uint64_t gaddr = gb ? 0x8000 : (uint64_t)(uintptr_t)base;

	for (unsigned mo = 0; mo < 16; mo++) {
		unsigned size = IR_MO_BYTES(mo);
		if ((mo & IR_MO_SIGN) && size == 8)
			continue;
		for (unsigned d = 0; d < sizeof disps / sizeof disps[0]; d++)
			for (unsigned t = IR_I32; t <= IR_I64; t++) {
				if (t == IR_I32 && size == 8)
					continue;
				struct ir_block *b = xt_begin();
				ir_insn_start(b, 0x1000);
				ir_ld(b, t, XT_G(2), XT_G(0), disps[d], mo);
				ir_st(b, t, XT_G(1), XT_G(0), disps[d] + 16, mo);
				ir_temp l = ir_new(b, t);
				ir_ld(b, t, l, XT_G(0), disps[d] + 32, mo);
				ir_mov(b, t, XT_G(3), l);
				ir_st(b, t, ir_const(b, t, 0x8182838485868788ull), XT_G(0),
				      disps[d] + 48, mo);
				ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
				struct tb *tb = xt_gen(b);
				for (unsigned i = 0; i < 256; i++)
					base[disps[d] + i] = (uint8_t)(i * 37 + 11);
				*xt_g(0) = gaddr;
				*xt_g(1) = 0xa1a2a3a4a5a6a7a8ull;
				ck_assert_uint_eq(xt_run(tb), IR_EXIT_HALT);
				for (unsigned k = 0; k < 2; k++) {
					uint64_t raw = 0, want;
					unsigned off = k ? 32 : 0;
					for (unsigned i = 0; i < size; i++) {
						unsigned sh = (mo & IR_MO_BE) ? (size - 1 - i) : i;
						raw |= (uint64_t)(uint8_t)((off + i) * 37 + 11) << (8 * sh);
					}
					want = raw;
					if ((mo & IR_MO_SIGN) && size < 8)
						want = (uint64_t)((int64_t)(raw << (64 - 8 * size)) >>
								  (64 - 8 * size));
					if (t == IR_I32)
						want = (uint32_t)want;
					uint64_t got = *xt_g(k ? 3 : 2);
					if (got != want)
						xt_dump(b, tb);
					ck_assert_msg(got == want, "ld mo %#x disp %" PRId64
						      " gb %d: %#" PRIx64 " want %#" PRIx64, mo, disps[d],
						      gb, got, want);
				}
				for (unsigned k = 0; k < 2; k++) {
					uint64_t v = k ? 0x8182838485868788ull : 0xa1a2a3a4a5a6a7a8ull;
					unsigned off = k ? 48 : 16;
					for (unsigned i = 0; i < size; i++) {
						unsigned sh = (mo & IR_MO_BE) ? (size - 1 - i) : i;
						ck_assert_msg(base[disps[d] + off + i] == (uint8_t)(v >> (8 * sh)),
							      "st mo %#x byte %u", mo, i);
					}
					ck_assert_uint_eq(base[disps[d] + off + size],
							  (uint8_t)((off + size) * 37 + 11));
				}
			}
	}
	xt_cpu->guest_base = 0;
}

START_TEST(t_mem)
{
	x86_host_features = feature_set(_i);
	mem_buf = xcalloc(1, 0x20000);
	check_mem_ops(false);
	check_mem_ops(true);
	free(mem_buf);
}
END_TEST

START_TEST(t_mem32)
{
	/* a 32-bit guest: addresses wrap at 4 GiB before guest_base is added */
	mem_buf = xcalloc(1, 0x10000);
	xt_cpu->guest_base = (uint64_t)(uintptr_t)mem_buf;
	struct ir_block *b = xt_begin();
	ir_temp a = ir_new(b, IR_I32), v = ir_new(b, IR_I32);
	ir_insn_start(b, 0x1000);
	ir_mov(b, IR_I32, a, XT_W(0));
	ir_ld(b, IR_I32, v, a, -16, IR_MO_32);
	ir_mov(b, IR_I32, XT_W(1), v);
	ir_st(b, IR_I32, v, a, 0xfffffff0ll, IR_MO_32 | IR_MO_BE);
	ir_ld(b, IR_I64, XT_G(5), ir_const(b, IR_I32, 0x120), 0xffffff00ll, IR_MO_16);
	ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
	struct tb *tb = xt_gen(b);
	memcpy(mem_buf + 0x100, "\x11\x22\x33\x44", 4);
	memcpy(mem_buf + 0x20, "\x55\x66", 2);
	*xt_w(0) = 0x110;
	xt_run(tb);
	ck_assert_uint_eq(*xt_w(1), 0x44332211);
	ck_assert_mem_eq(mem_buf + 0x100, "\x44\x33\x22\x11", 4);
	ck_assert_uint_eq(*xt_g(5), 0x6655);
	xt_cpu->guest_base = 0;
	free(mem_buf);
}
END_TEST

START_TEST(t_mem_fp)
{
	/* FP temps loaded and stored directly, both byte orders */
	x86_host_features = feature_set(_i);
	uint8_t buf[64];
	for (unsigned be = 0; be < 2; be++) {
		unsigned mo = be ? IR_MO_BE : 0;
		struct ir_block *b = xt_begin();
		ir_temp s = ir_new(b, IR_F32), t = ir_new(b, IR_F32);
		ir_insn_start(b, 0x1000);
		ir_ld(b, IR_F64, XT_F(1), XT_G(0), 0, IR_MO_64 | mo);
		ir_ld(b, IR_F32, s, XT_G(0), 8, IR_MO_32 | mo);
		ir_op2(b, IR_FADD, IR_F32, t, s, s);
		ir_st(b, IR_F32, t, XT_G(0), 16, IR_MO_32 | mo);
		ir_st(b, IR_F64, XT_F(0), XT_G(0), 24, IR_MO_64 | mo);
		ir_op1(b, IR_NANBOX, IR_F64, XT_F(2), t);
		ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
		struct tb *tb = xt_gen(b);
		double d1 = 6.5, d0 = -0.125;
		float f = 1.25f;
		uint64_t u;
		uint32_t w;
		memcpy(&u, &d1, 8);
		memcpy(&w, &f, 4);
		if (be) {
			u = __builtin_bswap64(u);
			w = __builtin_bswap32(w);
		}
		memcpy(buf, &u, 8);
		memcpy(buf + 8, &w, 4);
		memcpy(xt_f(0), &d0, 8);
		*xt_g(0) = (uint64_t)(uintptr_t)buf;
		xt_run(tb);
		double r1;
		memcpy(&r1, xt_f(1), 8);
		ck_assert(r1 == 6.5);
		ck_assert_uint_eq(*xt_f(2), 0xffffffff40200000ull);    /* 2.5f boxed */
		memcpy(&w, buf + 16, 4);
		memcpy(&u, buf + 24, 8);
		if (be) {
			w = __builtin_bswap32(w);
			u = __builtin_bswap64(u);
		}
		ck_assert_uint_eq(w, 0x40200000);
		ck_assert_uint_eq(u, 0xbfc0000000000000ull);
	}
}
END_TEST

START_TEST(t_align_fault)
{
	/* a misaligned IR_MO_ALIGN access leaves with SIGBUS state; dirty
	 * globals are in env and pc names the faulting instruction */
	uint64_t buf[4] = { 0 };
	for (unsigned size = 1; size <= 3; size++) {
		struct ir_block *b = xt_begin();
		ir_insn_start(b, 0x1000);
		ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), ir_const(b, IR_I64, 5));
		ir_movi(b, IR_I64, XT_G(2), 77);
		ir_insn_start(b, 0x1004);
		ir_ld(b, IR_I64, XT_G(3), XT_G(0), 1, size | IR_MO_ALIGN);
		ir_exit_loop(b, IR_EXIT_HALT, 0x1008);
		struct tb *tb = xt_gen(b);
		*xt_g(0) = (uint64_t)(uintptr_t)buf;
		*xt_g(1) = 10;
		*xt_g(2) = 0;
		ck_assert_uint_eq(xt_run(tb), IR_EXIT_FAULT);
		ck_assert_uint_eq(xt_cpu->pc, 0x1004);
		ck_assert_uint_eq(xt_cpu->fault_addr, (uintptr_t)buf + 1);
		ck_assert_int_eq(xt_cpu->fault_signo, SIGBUS);
		ck_assert_int_eq(xt_cpu->fault_code, BUS_ADRALN);
		ck_assert_uint_eq(*xt_g(1), 15);
		ck_assert_uint_eq(*xt_g(2), 77);
		/* aligned: no fault */
		*xt_g(0) = (uint64_t)(uintptr_t)buf - 1;
		ck_assert_uint_eq(xt_run(tb), IR_EXIT_HALT);
	}
}
END_TEST

/* ---- atomics ---- */

static uint64_t rmw(unsigned kind, unsigned size, uint64_t old, uint64_t v)
{
	unsigned bits = 8 * size;
	uint64_t m = size == 8 ? ~0ull : (1ull << bits) - 1;
	int64_t so = (int64_t)(old << (64 - bits)) >> (64 - bits);
	int64_t sv = (int64_t)(v << (64 - bits)) >> (64 - bits);
	old &= m;
	v &= m;
	switch (kind) {
	case IR_AT_XCHG: return v;
	case IR_AT_ADD: return (old + v) & m;
	case IR_AT_AND: return old & v;
	case IR_AT_OR: return old | v;
	case IR_AT_XOR: return old ^ v;
	case IR_AT_SMIN: return (so < sv ? old : v);
	case IR_AT_SMAX: return (so > sv ? old : v);
	case IR_AT_UMIN: return old < v ? old : v;
	default: return old > v ? old : v;
	}
}

static uint64_t mem_read(const uint8_t *p, unsigned size, bool be)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * (be ? size - 1 - i : i));
	return v;
}

static void mem_write(uint8_t *p, unsigned size, bool be, uint64_t v)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * (be ? size - 1 - i : i)));
}

static uint64_t ext(uint64_t v, unsigned mo)
{
	unsigned bits = 8 * IR_MO_BYTES(mo);
	if (bits < 64 && (mo & IR_MO_SIGN))
		return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
	return bits < 64 ? v & ((1ull << bits) - 1) : v;
}

START_TEST(t_atomics)
{
	static const uint64_t vals[] = {
		0, 1, 0x7f, 0x80, 0xff, 0x8000, 0x7fffffff, 0x80000000, 0xffffffff,
		0x8000000000000000ull, ~0ull, 0x0123456789abcdefull,
	};
	uint64_t buf[4] __attribute__((aligned(16)));
	uint8_t *p = (uint8_t *)&buf[1];
	for (unsigned mo = 0; mo < 16; mo++) {
		unsigned size = IR_MO_BYTES(mo);
		bool be = mo & IR_MO_BE;
		if ((mo & IR_MO_SIGN) && size == 8)
			continue;
		for (unsigned kind = 0; kind <= IR_AT_UMAX + 1; kind++) {
			struct ir_block *b = xt_begin();
			ir_insn_start(b, 0x1000);
			struct ir_insn *in;
			if (kind > IR_AT_UMAX) {
				in = ir_op3(b, IR_CMPXCHG, IR_I64, XT_G(2), XT_G(0), XT_G(1), XT_G(3));
			} else {
				in = ir_op2(b, IR_ATOMIC, IR_I64, XT_G(2), XT_G(0), XT_G(1));
				in->aux = kind;
			}
			in->aux2 = mo;
			ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
			struct tb *tb = xt_gen(b);
			for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++)
				for (unsigned j = 0; j < sizeof vals / sizeof vals[0]; j++) {
					uint64_t old = vals[i], v = vals[(j + 5 * i) % 12];
					buf[0] = buf[2] = 0x1111111111111111ull;
					buf[1] = 0x2222222222222222ull;
					mem_write(p, size, be, old);
					*xt_g(0) = (uint64_t)(uintptr_t)p;
					*xt_g(1) = j & 1 ? ext(old, mo) : v;
					*xt_g(3) = v ^ 0x5a5a5a5a5a5a5a5aull;
					ck_assert_uint_eq(xt_run(tb), IR_EXIT_HALT);
					uint64_t m = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
					uint64_t want_mem;
					if (kind > IR_AT_UMAX)
						want_mem = (old & m) == (*xt_g(1) & m) ? *xt_g(3) & m : old & m;
					else
						want_mem = rmw(kind, size, old, *xt_g(1));
					if (*xt_g(2) != ext(old & m, mo) ||
					    mem_read(p, size, be) != want_mem)
						xt_dump(b, tb);
					ck_assert_msg(*xt_g(2) == ext(old & m, mo),
						      "kind %u mo %#x: old %#" PRIx64 " got %#" PRIx64,
						      kind, mo, old, *xt_g(2));
					ck_assert_msg(mem_read(p, size, be) == want_mem,
						      "kind %u mo %#x: %#" PRIx64 " op %#" PRIx64
						      " -> %#" PRIx64 " want %#" PRIx64, kind, mo, old,
						      *xt_g(1), mem_read(p, size, be), want_mem);
					ck_assert_uint_eq(buf[0], 0x1111111111111111ull);
					ck_assert_uint_eq(buf[2], 0x1111111111111111ull);
				}
			/* misaligned atomics raise SIGBUS */
			if (size > 1) {
				*xt_g(0) = (uint64_t)(uintptr_t)p + 1;
				ck_assert_uint_eq(xt_run(tb), IR_EXIT_FAULT);
				ck_assert_int_eq(xt_cpu->fault_signo, SIGBUS);
			}
		}
	}
}
END_TEST

START_TEST(t_pressure)
{
	/* more live values than registers: 40 locals, each used twice, late */
	enum { N = 40 };
	struct ir_block *b = xt_begin();
	ir_temp l[N];
	ir_insn_start(b, 0x1000);
	for (unsigned i = 0; i < N; i++) {
		l[i] = ir_new(b, IR_I64);
		ir_op2(b, IR_MUL, IR_I64, l[i], XT_G(i % 8), ir_const(b, IR_I64, i + 3));
	}
	ir_temp acc = ir_new(b, IR_I64), acc2 = ir_new(b, IR_I64);
	ir_movi(b, IR_I64, acc, 0);
	ir_movi(b, IR_I64, acc2, 0);
	for (unsigned i = 0; i < N; i++) {
		ir_op2(b, IR_ADD, IR_I64, acc, acc, l[i]);
		ir_op2(b, IR_XOR, IR_I64, acc2, acc2, l[N - 1 - i]);
	}
	for (unsigned i = 0; i < 8; i++)
		ir_op2(b, IR_ADD, IR_I64, XT_G(i), XT_G(i), l[i]);
	ir_mov(b, IR_I64, XT_G(8), acc);
	ir_mov(b, IR_I64, XT_G(9), acc2);
	ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
	struct tb *tb = xt_gen(b);
	uint64_t g[8], v[N], sum = 0, x = 0;
	for (unsigned i = 0; i < 8; i++)
		*xt_g(i) = g[i] = 0x1234567ull * (i + 1);
	for (unsigned i = 0; i < N; i++) {
		v[i] = g[i % 8] * (i + 3);
		sum += v[i];
		x ^= v[i];
	}
	xt_run(tb);
	ck_assert_uint_eq(*xt_g(8), sum);
	ck_assert_uint_eq(*xt_g(9), x);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_uint_eq(*xt_g(i), g[i] + v[i]);
}
END_TEST

/* ---- FP against the host's own arithmetic ---- */

static double fp_ref(unsigned op, int mode, double a, double b, double c)
{
	volatile double x = a, y = b, z = c, r;
	fesetround(mode);
	switch (op) {
	case IR_FADD: r = x + y; break;
	case IR_FSUB: r = x - y; break;
	case IR_FMUL: r = x * y; break;
	case IR_FDIV: r = x / y; break;
	case IR_FSQRT: r = sqrt(x); break;
	default: r = fma(x, y, z); break;
	}
	fesetround(FE_TONEAREST);
	return r;
}

START_TEST(t_fp_host)
{
	static const unsigned ops[] = { IR_FADD, IR_FSUB, IR_FMUL, IR_FDIV, IR_FSQRT, IR_FMA };
	static const int modes[] = {
		[IR_RM_RNE] = FE_TONEAREST, [IR_RM_RTZ] = FE_TOWARDZERO,
		[IR_RM_RDN] = FE_DOWNWARD, [IR_RM_RUP] = FE_UPWARD,
	};
	static const double v[] = { 1.0, 3.0, -7.25, 0.1, 1e300, -1e-310, 123456789.123, 2.0 / 3 };
	x86_host_features = feature_set(_i);
	for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++)
		for (unsigned rm = 0; rm < 4; rm++)
			for (unsigned dflt = 0; dflt < 4; dflt += 3) {
				struct ir_block *b = xt_begin();
				b->rm_default = dflt;
				ir_insn_start(b, 0x1000);
				struct ir_insn *in = ir_op3(b, ops[i], IR_F64, XT_F(3), XT_F(0), XT_F(1),
							    XT_F(2));
				if (ops[i] == IR_FSQRT)
					in->args[2] = in->args[3] = IR_NONE;
				else if (ops[i] != IR_FMA)
					in->args[3] = IR_NONE;
				in->aux = rm;
				/* the same op as a single, and a conversion back and forth */
				ir_temp s = ir_new(b, IR_F32), t = ir_new(b, IR_F32);
				ir_op1(b, IR_FCVT_F2F, IR_F32, s, XT_F(0))->aux = rm;
				ir_op1(b, IR_FCVT_F2F, IR_F32, t, XT_F(1))->aux = rm;
				ir_op2(b, IR_FADD, IR_F32, s, s, t)->aux = rm;
				ir_op1(b, IR_FCVT_F2F, IR_F64, XT_F(4), s);
				in = ir_op1(b, IR_FCVT_F2I, IR_F64, XT_G(0), XT_F(3));
				in->aux = IR_RM_RTZ;
				in->aux2 = IR_CVT_I64;
				ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
				struct tb *tb = xt_gen(b);
				for (unsigned j = 0; j < sizeof v / sizeof v[0]; j++)
					for (unsigned k = 0; k < sizeof v / sizeof v[0]; k++) {
						double a = v[j], bb = v[k], c = v[(j + k) % 8], r, r4;
						memcpy(xt_f(0), &a, 8);
						memcpy(xt_f(1), &bb, 8);
						memcpy(xt_f(2), &c, 8);
						fpu_set_mxcsr(0x1f80 | fpu_mxcsr_rc(dflt));
						xt_run(tb);
						fpu_set_mxcsr(0x1f80);
						memcpy(&r, xt_f(3), 8);
						memcpy(&r4, xt_f(4), 8);
						double want = fp_ref(ops[i], modes[rm], a, bb, c);
						/* (asm: GCC moves plain FP code across fesetround) */
						float fa, fb, fs;
						fesetround(modes[rm]);
						__asm__ volatile("cvtsd2ss %1, %0" : "=x"(fa) : "x"(a));
						__asm__ volatile("cvtsd2ss %1, %0" : "=x"(fb) : "x"(bb));
						fs = fa;
						__asm__ volatile("addss %1, %0" : "+x"(fs) : "x"(fb));
						fesetround(FE_TONEAREST);
						ck_assert_msg(memcmp(&r, &want, 8) == 0 || (isnan(r) && isnan(want)),
							      "%s rm %u: %a, %a, %a -> %a want %a",
							      ir_opdefs[ops[i]].name, rm, a, bb, c, r, want);
						ck_assert_msg(r4 == (double)fs, "f32 add rm %u: %a want %a", rm,
							      r4, (double)fs);
						if (!isnan(want) && fabs(want) < 9e18)
							ck_assert_int_eq((int64_t)*xt_g(0), (int64_t)want);
					}
			}
}
END_TEST

/* ---- helper calls ---- */

static uint64_t h_args(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	ck_assert_ptr_eq(c, xt_cpu);
	return a * 1000003 ^ b * 7 ^ d * 13 ^ e * 17;
}

static uint64_t h_reads(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	/* must see the block's writes to g0 */
	return *(uint64_t *)c->env + a;
}

static uint64_t h_writes(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	((uint64_t *)c->env)[1] = a;
	return 0;
}

static int fault_guest_access;
static uint64_t fault_pc;
static uint64_t h_fault(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	fault_guest_access = c->guest_access;
	fault_pc = c->pc;
	return ((uint64_t *)c->env)[0];
}

static uint64_t h_clobber(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	/* trash every caller-saved register the ABI allows */
	__asm__ volatile("xor %%eax, %%eax; xor %%ecx, %%ecx; xor %%edx, %%edx;"
			 "xor %%esi, %%esi; xor %%edi, %%edi; xor %%r8d, %%r8d;"
			 "xor %%r9d, %%r9d; xor %%r10d, %%r10d; xor %%r11d, %%r11d;"
			 "xorps %%xmm0, %%xmm0; xorps %%xmm1, %%xmm1; xorps %%xmm7, %%xmm7;"
			 "xorps %%xmm15, %%xmm15"
			 ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
			 "xmm0", "xmm1", "xmm7", "xmm15", "memory");
	return a + 1;
}

START_TEST(t_calls)
{
	static const struct ir_helper ha = { "args", h_args, 0 };
	static const struct ir_helper hr = { "reads", h_reads, IRH_READS_GLOBALS };
	static const struct ir_helper hw = { "writes", h_writes, IRH_WRITES_GLOBALS };
	static const struct ir_helper hf = { "fault", h_fault, IRH_MAY_FAULT };
	static const struct ir_helper hc = { "clobber", h_clobber, 0 };
	struct ir_block *b = xt_begin();
	ir_temp l[20];
	ir_insn_start(b, 0x1000);
	for (unsigned i = 0; i < 20; i++) {
		l[i] = ir_new(b, IR_I64);
		ir_op2(b, IR_ADD, IR_I64, l[i], XT_G(i % 4), ir_const(b, IR_I64, i));
	}
	ir_temp fl = ir_new(b, IR_F64);
	ir_op2(b, IR_FADD, IR_F64, fl, XT_F(0), XT_F(1));
	ir_temp r1 = ir_new(b, IR_I64), r2 = ir_new(b, IR_I64), r3 = ir_new(b, IR_I64);
	ir_temp r4 = ir_new(b, IR_I64), r5 = ir_new(b, IR_I64);
	/* args: locals (live and dying), a global, a constant; same temp twice */
	ir_call(b, &ha, r1, l[0], XT_G(5), ir_const(b, IR_I64, 99), l[0]);
	ir_op2(b, IR_ADD, IR_I64, XT_G(0), XT_G(0), ir_const(b, IR_I64, 1));
	ir_call(b, &hr, r2, l[1], IR_NONE, IR_NONE, IR_NONE);
	ir_call(b, &hw, IR_NONE, l[2], IR_NONE, IR_NONE, IR_NONE);
	ir_op2(b, IR_ADD, IR_I64, XT_G(6), XT_G(1), ir_const(b, IR_I64, 0));
	ir_insn_start(b, 0x1008);
	ir_call(b, &hf, r3, IR_NONE, IR_NONE, IR_NONE, IR_NONE);
	ir_call(b, &hc, r4, l[3], IR_NONE, IR_NONE, IR_NONE);
	ir_call(b, &ha, r5, l[4], l[5], l[6], l[7]);
	ir_temp acc = ir_new(b, IR_I64);
	ir_movi(b, IR_I64, acc, 0);
	for (unsigned i = 0; i < 20; i++)
		ir_op2(b, IR_ADD, IR_I64, acc, acc, l[i]);
	ir_mov(b, IR_I64, XT_G(7), acc);
	ir_mov(b, IR_I64, XT_G(8), r1);
	ir_mov(b, IR_I64, XT_G(9), r2);
	ir_mov(b, IR_I64, XT_G(10), r3);
	ir_mov(b, IR_I64, XT_G(11), r4);
	ir_mov(b, IR_I64, XT_G(12), r5);
	ir_mov(b, IR_F64, XT_F(2), fl);
	ir_exit_loop(b, IR_EXIT_HALT, 0x100c);
	struct tb *tb = xt_gen(b);
	uint64_t g[6];
	for (unsigned i = 0; i < 6; i++)
		*xt_g(i) = g[i] = 1000 * (i + 1);
	double f0 = 1.5, f1 = 2.25;
	memcpy(xt_f(0), &f0, 8);
	memcpy(xt_f(1), &f1, 8);
	xt_run(tb);
	uint64_t sum = 0;
	for (unsigned i = 0; i < 20; i++)
		sum += g[i % 4] + i;
	ck_assert_uint_eq(*xt_g(7), sum);
	ck_assert_uint_eq(*xt_g(8), h_args(xt_cpu, g[0], g[5], 99, g[0]));
	ck_assert_uint_eq(*xt_g(9), g[0] + 1 + g[1] + 1);
	ck_assert_uint_eq(*xt_g(1), g[2] + 2);
	ck_assert_uint_eq(*xt_g(6), g[2] + 2);
	ck_assert_uint_eq(*xt_g(0), g[0] + 1);
	ck_assert_uint_eq(*xt_g(10), g[0] + 1);
	ck_assert_int_eq(fault_guest_access, 1);
	ck_assert_uint_eq(fault_pc, 0x1008);
	ck_assert_int_eq(xt_cpu->guest_access, 0);
	ck_assert_uint_eq(*xt_g(11), g[3] + 3 + 1);
	ck_assert_uint_eq(*xt_g(12), h_args(xt_cpu, g[0] + 4, g[1] + 5, g[2] + 6, g[3] + 7));
	double f2;
	memcpy(&f2, xt_f(2), 8);
	ck_assert(f2 == 3.75);
}
END_TEST

/* ---- write-back at exits ---- */

/* Does the code of TB hold "mov dword ptr [rbp+OFF], imm32"? */
static bool has_store32_at(const struct tb *tb, unsigned off)
{
	const uint8_t *c = tb->code;
	for (size_t i = 0; i + 6 <= tb->code_size; i++) {
		if (c[i] == 0xc7 && c[i + 1] == 0x45 && c[i + 2] == off)
			return true;
		if (c[i] == 0xc7 && c[i + 1] == 0x85 && c[i + 2] == off && !c[i + 3] &&
		    !c[i + 4] && !c[i + 5])
			return true;
	}
	return false;
}

START_TEST(t_const_writeback)
{
	/* A 64-bit constant a global holds at an exit (a return address) is
	 * written back with one 8-byte store: two 4-byte halves would make
	 * the next block's 8-byte load of it wait (no store forwarding).
	 * Through a free integer register, and through an XMM register when
	 * thirteen dirty globals hold every integer one. */
	const uint64_t k = 0x3000112e86ull;
	for (unsigned busy = 0; busy <= 13; busy += 13) {
		struct ir_block *b = xt_begin();
		ir_insn_start(b, 0x1000);
		for (unsigned i = 0; i < busy; i++)
			ir_op2(b, IR_ADD, IR_I64, XT_G(2 + i), XT_G(2 + i),
			       ir_const(b, IR_I64, i + 1));
		ir_movi(b, IR_I64, XT_G(0), k);
		ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
		struct tb *tb = xt_gen(b);
		for (unsigned i = 0; i < 16; i++)
			*xt_g(i) = 100 * i;
		xt_run(tb);
		ck_assert_uint_eq(*xt_g(0), k);
		for (unsigned i = 0; i < busy; i++)
			ck_assert_uint_eq(*xt_g(2 + i), 100 * (2 + i) + i + 1);
		if (has_store32_at(tb, 4))
			xt_dump(b, tb);
		ck_assert_msg(!has_store32_at(tb, 4), "G0's high half stored apart (busy %u)", busy);
	}
}
END_TEST

void x86_ir_tests(Suite *s)
{
	TCase *tc = tcase_create("ir");
	tcase_add_checked_fixture(tc, xt_setup, xt_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, t_int_binops, 0, N_FEATURE_SETS);
	tcase_add_loop_test(tc, t_setcond, 0, 3);
	tcase_add_test(tc, t_unary);
	tcase_add_test(tc, t_movcond);
	tcase_add_loop_test(tc, t_mem, 0, N_FEATURE_SETS);
	tcase_add_test(tc, t_mem32);
	tcase_add_loop_test(tc, t_mem_fp, 0, N_FEATURE_SETS);
	tcase_add_test(tc, t_align_fault);
	tcase_add_test(tc, t_atomics);
	tcase_add_loop_test(tc, t_fp_host, 0, N_FEATURE_SETS);
	tcase_add_test(tc, t_pressure);
	tcase_add_test(tc, t_calls);
	tcase_add_test(tc, t_const_writeback);
	suite_add_tcase(s, tc);
	x86_restore_tests(s);
	x86_rand_tests(s);
	x86_loop_tests(s);
	x86_flow_tests(s);
}
