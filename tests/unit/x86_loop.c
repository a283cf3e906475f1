/*
 * x86_loop.c - the x86-64 backend on superblocks: side exits (EXIT_COND)
 * that leave dirty globals and locals alive on the path that goes on, and
 * loops and joins kept inside one block (exits to the block's own
 * instructions, made branches by ir_link_exits), where the register state
 * of each label must be met by every way in (labels.c).  Blocks are built
 * by hand, run on the JIT and checked against values computed here and
 * against the interpreter.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "x86_test.h"
#include "host/x86_64/x86.h"

/* Run TB on CPU with BE until it leaves for another pc than its own. */
static uint64_t run_looping(struct cpu *cpu, const struct backend *be, struct tb *tb)
{
	uint64_t r;
	unsigned n = 0;
	do {
		r = xt_run_on(cpu, be, tb);
		ck_assert_uint_lt(++n, 100000);
	} while ((r == IR_EXIT_LOOKUP || r >= 4096) && cpu->pc == tb->pc);
	return r;
}

static unsigned exit_slot(uint64_t r, struct tb *tb)
{
	ck_assert_uint_eq(r & ~(uint64_t)TB_EXIT_CHAIN_MASK, (uintptr_t)tb);
	return (unsigned)(r & TB_EXIT_CHAIN_MASK) - 1;
}

START_TEST(t_side_exits)
{
	/*
	 *   g0 += 1; t = g0 * 3; g2 = 7
	 *   exit_cond g0 == 5 -> 0x2000 (slot 0)
	 *   g1 += t
	 *   exit_cond g1 <u 100 -> 0x3000 (slot 1)
	 *   g3 = g2 + t
	 *   exit_direct 0x4000 (slot 2)
	 */
	struct ir_block *b = xt_begin();
	ir_temp t = ir_new(b, IR_I64);
	ir_insn_start(b, 0x1000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(0), XT_G(0), ir_const(b, IR_I64, 1));
	ir_op2(b, IR_MUL, IR_I64, t, XT_G(0), ir_const(b, IR_I64, 3));
	ir_movi(b, IR_I64, XT_G(2), 7);
	ir_exit_cond(b, IR_I64, IR_EQ, XT_G(0), ir_const(b, IR_I64, 5), 0, 0x2000);
	ir_insn_start(b, 0x1004);
	ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), t);
	ir_exit_cond(b, IR_I64, IR_LTU, XT_G(1), ir_const(b, IR_I64, 100), 1, 0x3000);
	ir_insn_start(b, 0x1008);
	ir_op2(b, IR_ADD, IR_I64, XT_G(3), XT_G(2), t);
	ir_exit_direct(b, 2, 0x4000);
	struct tb *a = xt_gen(b);
	for (unsigned s = 0; s < 3; s++) {
		ck_assert_int_ge(a->exit[s].jmp_off, 0);
		/* chaining rewrites the rel32 with one aligned store */
		ck_assert_uint_eq(((uintptr_t)a->code + a->exit[s].jmp_off) % 4, 0);
	}
	ck_assert_uint_eq(a->exit[0].pc, 0x2000);
	ck_assert_uint_eq(a->exit[1].pc, 0x3000);
	ck_assert_uint_eq(a->exit[2].pc, 0x4000);

	static const struct { uint64_t g0, g1, slot, e0, e1, e3; } cases[] = {
		{ 4, 0, 0, 5, 0, 0 },           /* first exit: g1 untouched */
		{ 0, 0, 1, 1, 3, 0 },           /* second: g1 = 3 < 100 */
		{ 1, 200, 2, 2, 206, 13 },      /* falls through: g3 = 7 + 6 */
	};
	for (unsigned i = 0; i < 3; i++) {
		*xt_g(0) = cases[i].g0;
		*xt_g(1) = cases[i].g1;
		*xt_g(2) = 0;
		*xt_g(3) = 0;
		uint64_t r = xt_run(a);
		ck_assert_uint_eq(exit_slot(r, a), cases[i].slot);
		ck_assert_uint_eq(xt_cpu->pc, a->exit[cases[i].slot].pc);
		ck_assert_uint_eq(*xt_g(0), cases[i].e0);
		ck_assert_uint_eq(*xt_g(1), cases[i].e1);
		ck_assert_uint_eq(*xt_g(2), 7);
		ck_assert_uint_eq(*xt_g(3), cases[i].e3);
	}

	/* a side exit in cold code chains like any other: to B, g4 += 1 */
	b = xt_begin();
	b->pc = 0x3000;
	ir_insn_start(b, 0x3000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(4), XT_G(4), ir_const(b, IR_I64, 1));
	ir_exit_loop(b, IR_EXIT_HALT, 0x3004);
	struct tb *tbb = xt_gen(b);
	backend_x86_64.chain(xt_tc, a, 1, tbb);
	*xt_g(0) = 0;
	*xt_g(1) = 0;
	*xt_g(4) = 10;
	ck_assert_uint_eq(xt_run(a), IR_EXIT_HALT);
	ck_assert_uint_eq(*xt_g(1), 3);
	ck_assert_uint_eq(*xt_g(2), 7);
	ck_assert_uint_eq(*xt_g(4), 11);
	backend_x86_64.chain(xt_tc, a, 1, NULL);
	ck_assert_uint_eq(exit_slot(xt_run(a), a), 1);
	ck_assert_uint_eq(*xt_g(4), 11);
}
END_TEST

/* A basic block of the first tier counts its runs and the runs that take
 * its branch (tb_branch_profile reads both when it becomes a superblock). */
START_TEST(t_branch_counts)
{
	struct ir_block *b = xt_begin();
	b->can_grow = true;
	ir_insn_start(b, 0x1000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), ir_const(b, IR_I64, 1));
	ir_exit_cond(b, IR_I64, IR_EQ, XT_G(0), ir_const(b, IR_I64, 0), 0, 0x2000);
	ir_exit_direct(b, 1, 0x1004);
	struct tb *a = xt_gen(b);
	a->hot_left = 1000;
	*xt_g(1) = 0;
	for (unsigned i = 0; i < 10; i++) {
		*xt_g(0) = i % 3;
		uint64_t r = xt_run(a);
		ck_assert_uint_eq(exit_slot(r, a), i % 3 ? 1 : 0);
	}
	ck_assert_uint_eq(*xt_g(1), 10);
	ck_assert_int_eq(a->hot_left, 990);
	ck_assert_int_eq(a->taken, 4);
}
END_TEST

/* the block whose loops h_request breaks (JIT), NULL: none */
static struct tb *request_tb;

/* A request to leave, made while the loop runs: the JIT's loops are
 * broken (tb_invalidate does that), the interpreter polls exit_request. */
static uint64_t h_request(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	if (a == b) {
		if (request_tb)
			backend_x86_64.break_loops(xt_tc, request_tb);
		c->exit_request = 1;
	}
	return 0;
}
static const struct ir_helper helper_request = { "request", h_request, 0 };

/*
 * The sum loop: g1 += g0; g0 -= 1; a 3-cycle of g5..g7 (the allocator
 * renames, the back-edge has to undo it); f0 += f1 and an F32 value boxed
 * into f2; w0 counts the iterations; the helper call asks to leave
 * (h_request) when g0 == g8.  Back to 0x1000 while g0 != 0 (VARIANT 0: EXIT_COND;
 * 1: EXIT_COND to leave, then EXIT_DIRECT back), then g2 = g1 * 2.
 */
static struct ir_block *sum_loop(unsigned variant)
{
	struct ir_block *b = xt_begin();
	ir_temp t = ir_new(b, IR_I64), s = ir_new(b, IR_F32), s2 = ir_new(b, IR_F32);
	ir_insn_start(b, 0x1000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), XT_G(0));
	ir_insn_start(b, 0x1004);
	ir_op2(b, IR_SUB, IR_I64, XT_G(0), XT_G(0), ir_const(b, IR_I64, 1));
	ir_mov(b, IR_I64, t, XT_G(5));
	ir_mov(b, IR_I64, XT_G(5), XT_G(6));
	ir_mov(b, IR_I64, XT_G(6), XT_G(7));
	ir_mov(b, IR_I64, XT_G(7), t);
	ir_op2(b, IR_FADD, IR_F64, XT_F(0), XT_F(0), XT_F(1));
	ir_op1(b, IR_NANUNBOX, IR_F32, s, XT_F(2))->imm = 0x7fc00000;
	ir_op2(b, IR_FMUL, IR_F32, s2, s, ir_const(b, IR_F32, 0x40000000));
	ir_op1(b, IR_NANBOX, IR_F64, XT_F(2), s2);
	ir_op2(b, IR_ADD, IR_I32, XT_W(0), XT_W(0), ir_const(b, IR_I32, 1));
	ir_call(b, &helper_request, IR_NONE, XT_G(0), XT_G(8), IR_NONE, IR_NONE);
	ir_insn_start(b, 0x1008);
	if (variant == 0) {
		ir_exit_cond(b, IR_I64, IR_NE, XT_G(0), ir_const(b, IR_I64, 0), 0, 0x1000);
	} else {
		ir_exit_cond(b, IR_I64, IR_EQ, XT_G(0), ir_const(b, IR_I64, 0), 1, 0x100c);
		ir_exit_direct(b, 0, 0x1000);
		return b;
	}
	ir_insn_start(b, 0x100c);
	ir_op2(b, IR_ADD, IR_I64, XT_G(2), XT_G(1), XT_G(1));
	ir_exit_direct(b, 1, 0x2000);
	return b;
}

static void sum_init(struct cpu *c, uint64_t n)
{
	double one = 1.0, half = 0.5;
	memset(c->env, 0, 256);
	*(uint64_t *)(c->env + 0) = n;
	*(uint64_t *)(c->env + 8 * 5) = 5;
	*(uint64_t *)(c->env + 8 * 6) = 6;
	*(uint64_t *)(c->env + 8 * 7) = 7;
	*(uint64_t *)(c->env + 8 * 8) = ~0ull;
	memcpy(c->env + 136, &half, 8);
	memcpy(c->env + 144, &one, 8);
	*(uint64_t *)(c->env + 152) = 0xffffffff3f800000ull;      /* 1.0f boxed */
}

START_TEST(t_loop)
{
	for (unsigned variant = 0; variant < 2; variant++) {
		struct ir_block *b = sum_loop(variant);
		ir_link_exits(b);
		ck_assert_uint_eq(b->insns[0].op, IR_LABEL);
		struct tb *tj = xt_gen(b), *ti = xt_gen_interp(b);
		struct cpu *ref = xt_new_cpu();
		for (uint64_t n = 1; n <= 10; n += 3) {
			sum_init(xt_cpu, n);
			sum_init(ref, n);
			uint64_t rj = run_looping(xt_cpu, &backend_x86_64, tj);
			uint64_t ri = run_looping(ref, &backend_interp, ti);
			/* one pass through the block: no exit to the CPU loop */
			ck_assert_uint_ge(rj, 4096);
			ck_assert_uint_eq(ri, IR_EXIT_LOOKUP);
			ck_assert_uint_eq(xt_cpu->pc, variant ? 0x100c : 0x2000);
			ck_assert_uint_eq(ref->pc, xt_cpu->pc);
			ck_assert_uint_eq(*xt_g(1), n * (n + 1) / 2);
			ck_assert_uint_eq(*xt_w(0), n);
			ck_assert(!memcmp(xt_cpu->env, ref->env, 256));
			double f;
			memcpy(&f, xt_f(0), 8);
			ck_assert(f == 0.5 + (double)n);
		}
		/* the request is seen at the back-edge: after the iteration
		 * that left g0 == 6, with that iteration's state.  Breaking
		 * loops is for good: a copy of the block takes it. */
		struct tb *tb = xt_gen(b);
		ck_assert_uint_eq(tb->n_loops, 1);
		request_tb = tb;
		sum_init(xt_cpu, 9);
		sum_init(ref, 9);
		*xt_g(8) = 6;
		*(uint64_t *)(ref->env + 8 * 8) = 6;
		ck_assert_uint_eq(xt_run(tb), IR_EXIT_REQUEST);
		request_tb = NULL;
		ck_assert_uint_eq(xt_run_on(ref, &backend_interp, ti), IR_EXIT_REQUEST);
		ck_assert_uint_eq(xt_cpu->pc, 0x1000);
		ck_assert_uint_eq(ref->pc, 0x1000);
		ck_assert(!memcmp(xt_cpu->env, ref->env, 256));
		ck_assert_uint_eq(*xt_g(0), 6);
		ck_assert_uint_eq(*xt_g(1), 9 + 8 + 7);
		ck_assert_uint_eq(*xt_w(0), 3);
		ck_assert_uint_eq(*xt_g(5), 5);         /* three turns of the cycle */
		xt_cpu->exit_request = 0;
		ck_assert_uint_ge(run_looping(xt_cpu, &backend_x86_64, tj), 4096);
		ck_assert_uint_eq(*xt_g(1), 45);
		ck_assert_uint_eq(*xt_g(5), 5);
		ck_assert_uint_eq(*(uint64_t *)xt_f(2), 0xffffffff44000000ull); /* 2^9 */
		/* the broken block leaves after every pass; exit_request is
		 * not the JIT's: it changes nothing */
		sum_init(xt_cpu, 4);
		ck_assert_uint_eq(xt_run(tb), IR_EXIT_REQUEST);
		ck_assert_uint_eq(xt_cpu->pc, 0x1000);
		ck_assert_uint_eq(*xt_g(0), 3);
		ck_assert_uint_eq(*xt_g(1), 4);
		ck_assert_uint_eq(*xt_w(0), 1);
		sum_init(xt_cpu, 4);
		xt_cpu->exit_request = 1;
		ck_assert_uint_ge(run_looping(xt_cpu, &backend_x86_64, tj), 4096);
		ck_assert_uint_eq(*xt_g(1), 10);
		xt_cpu->exit_request = 0;
		free(ref);
	}
}
END_TEST

/* A loop whose back-edge has nothing to move: the conditional branch is
 * itself the jump back, a patchable jcc, which break_loops points at the
 * stub as it does a jmp. */
START_TEST(t_loop_jcc)
{
	struct ir_block *b = xt_begin();
	ir_insn_start(b, 0x1000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), XT_G(0));
	ir_insn_start(b, 0x1004);
	ir_op2(b, IR_SUB, IR_I64, XT_G(0), XT_G(0), ir_const(b, IR_I64, 1));
	ir_insn_start(b, 0x1008);
	ir_exit_cond(b, IR_I64, IR_NE, XT_G(0), ir_const(b, IR_I64, 0), 0, 0x1000);
	ir_insn_start(b, 0x100c);
	ir_exit_direct(b, 1, 0x2000);
	ir_link_exits(b);
	struct tb *tb = xt_gen(b);
	ck_assert_uint_eq(tb->n_loops, 1);
	const uint8_t *jcc = (const uint8_t *)tb->code + tb->loops[0].jmp_off - 2;
	ck_assert_uint_eq(jcc[0], 0x0f);
	ck_assert_uint_eq(jcc[1], 0x80 + X_CC_NE);
	ck_assert_uint_le((tb->loops[0].jmp_off + (uintptr_t)tb->code) % 8, 4);

	memset(xt_cpu->env, 0, 256);
	*xt_g(0) = 10;
	/* (ir_link_exits numbers the exits left: the way out is slot 0) */
	ck_assert_uint_eq(exit_slot(xt_run(tb), tb), 0);
	ck_assert_uint_eq(*xt_g(0), 0);
	ck_assert_uint_eq(*xt_g(1), 55);
	/* broken: one pass, then out at the loop's head with its state */
	backend_x86_64.break_loops(xt_tc, tb);
	*xt_g(0) = 10;
	*xt_g(1) = 0;
	ck_assert_uint_eq(xt_run(tb), IR_EXIT_REQUEST);
	ck_assert_uint_eq(xt_cpu->pc, 0x1000);
	ck_assert_uint_eq(*xt_g(0), 9);
	ck_assert_uint_eq(*xt_g(1), 10);
	/* the last pass does not take the branch: out through the exit */
	*xt_g(0) = 1;
	ck_assert_uint_eq(exit_slot(xt_run(tb), tb), 0);
	ck_assert_uint_eq(*xt_g(1), 11);
}
END_TEST

/* ---- a fault in the third iteration restores that iteration's state ---- */

START_TEST(t_loop_restore)
{
	uint8_t *mem = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(mem != MAP_FAILED);
	ck_assert_int_eq(mprotect(mem + 4096, 4096, PROT_NONE), 0);
	struct sigaction old;
	xt_catch_faults(&old);

	/* 0x1000: g1 += 1; g2 = g1 * 2 (dirty); 0x1004: g3 += [g0]; g0 += 8;
	 * 0x1008: back while g0 != g4 */
	struct ir_block *b = xt_begin();
	ir_insn_start(b, 0x1000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), ir_const(b, IR_I64, 1));
	ir_op2(b, IR_MUL, IR_I64, XT_G(2), XT_G(1), ir_const(b, IR_I64, 2));
	ir_insn_start(b, 0x1004);
	ir_temp v = ir_new(b, IR_I64);
	ir_ld(b, IR_I64, v, XT_G(0), 0, IR_MO_64);
	ir_op2(b, IR_ADD, IR_I64, XT_G(3), XT_G(3), v);
	ir_op2(b, IR_ADD, IR_I64, XT_G(0), XT_G(0), ir_const(b, IR_I64, 8));
	ir_insn_start(b, 0x1008);
	ir_exit_cond(b, IR_I64, IR_NE, XT_G(0), XT_G(4), 0, 0x1000);
	ir_exit_direct(b, 1, 0x100c);
	ir_link_exits(b);
	struct tb *loop_tb = xt_gen(b);

	for (unsigned i = 0; i < 2; i++)
		memcpy(mem + 4096 - 16 + 8 * i, &(uint64_t){ 100 + i }, 8);
	*xt_g(0) = (uintptr_t)mem + 4096 - 16;
	*xt_g(1) = 0;
	*xt_g(2) = 0;
	*xt_g(3) = 0;
	*xt_g(4) = 0;           /* never: runs into the unmapped page */
	xt_run_to_fault(loop_tb, 0);
	ck_assert_uint_eq(xt_cpu->pc, 0x1004);
	ck_assert_uint_eq(*xt_g(0), (uintptr_t)mem + 4096);
	ck_assert_uint_eq(*xt_g(1), 3);
	ck_assert_uint_eq(*xt_g(2), 6);
	ck_assert_uint_eq(*xt_g(3), 201);
	sigaction(SIGSEGV, &old, NULL);
	munmap(mem, 8192);
}
END_TEST

/* ---- random FP loops against the interpreter ---- */

static uint64_t lseed;
static unsigned lrn(unsigned n)
{
	lseed = lseed * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((lseed >> 33) % n);
}

/* a W-op: g = sext32(low halves of two globals added or subtracted, or
 * of one and a constant near 2^31), in place */
static void w_op(struct ir_block *b)
{
	unsigned d = 1 + lrn(10);
	ir_temp c = lrn(2) ? XT_G(1 + lrn(10)) : ir_const(b, IR_I32, 0x7ffffff0 + lrn(32));
	ir_op2(b, lrn(2) ? IR_ADD : IR_SUB, IR_I32, XT_G(d), XT_G(1 + lrn(10)), c);
	ir_op1(b, IR_EXT32S, IR_I64, XT_G(d), XT_G(d));
}

START_TEST(t_rand_loops)
{
	struct cpu *jc = xt_new_cpu(), *rc = xt_new_cpu();
	static const double vals[] = { 0.5, 1.0, -2.25, 3.0e10, 1e-300, 7.0 };
	lseed = 0x243f6a8885a308d3ull + 99 * (uint64_t)_i;

	for (unsigned iter = 0; iter < 400; iter++) {
		struct ir_block *b = xt_begin();
		ir_temp loc[8];
		unsigned nloc = 0, n = 4 + lrn(24), pc = 0, pre = lrn(2) ? 0 : 1 + lrn(4);
		/* FP and integer moves, arithmetic and side exits on globals and
		 * locals, one guest instruction each; the side exits go out of
		 * the block or forward into it (joins); g0 counts the iterations
		 * of the loop back to its head down.  Instructions before the
		 * head (PRE of them) leave globals in registers (any, rax too)
		 * that the head keeps.  32-bit results sign-extended in place
		 * (riscv64's W-ops: lazily extended registers, which label
		 * states may keep so), constants and shifts left by 32 or
		 * more (which read the low half only) mix with 64-bit uses. */
		for (unsigned i = 0; i < pre; i++) {
			ir_insn_start(b, 0x1000 + 4 * pc++);
			/* (FP ops extend lazily extended registers: first) */
			for (unsigned k = 0; k < 4; k++)
				ir_op2(b, IR_FADD, IR_F64, XT_F(lrn(8)), XT_F(lrn(8)),
				       XT_F(lrn(8)))->aux = 0;
			for (unsigned k = 0; k < 4; k++) {
				if (lrn(3) == 0)
					w_op(b);
				else
					ir_op2(b, IR_ADD, IR_I64, XT_G(1 + lrn(10)),
					       XT_G(1 + lrn(10)), XT_G(lrn(11)));
			}
		}
		gaddr_t head = 0x1000 + 4 * pc;
		n += pre;
		for (unsigned i = pre; i < n; i++) {
			unsigned k = lrn(13);
			ir_temp a = XT_F(lrn(8)), c = nloc && lrn(2) ? loc[lrn(nloc)] : XT_F(lrn(8));
			ir_insn_start(b, 0x1000 + 4 * pc++);
			if (k < 3) {
				ir_mov(b, IR_F64, XT_F(lrn(8)), c);
			} else if (k < 6) {
				ir_temp d = nloc < 8 && lrn(2) ? (loc[nloc++] = ir_new(b, IR_F64))
							       : XT_F(lrn(8));
				ir_op2(b, lrn(2) ? IR_FADD : IR_FMUL, IR_F64, d, a, c)->aux = 0;
			} else if (k < 7) {
				ir_mov(b, IR_I64, XT_G(1 + lrn(10)), XT_G(1 + lrn(10)));
			} else if (k < 8) {
				ir_op2(b, IR_ADD, IR_I64, XT_G(1 + lrn(10)), XT_G(1 + lrn(10)),
				       XT_G(1 + lrn(10)));
			} else if (k < 10) {
				gaddr_t to = lrn(3) ? 0x1000 + 4 * (pc + lrn(n - i + 1)) : 0x3000;
				ir_exit_cond(b, lrn(3) ? IR_I64 : IR_I32, lrn(10), XT_G(1 + lrn(10)),
					     XT_G(1 + lrn(10)), 2 + lrn(4), to);
			} else if (k < 11) {
				w_op(b);
			} else if (k < 12) {
				static const uint64_t cs[] = {
					5, 0x7fffffff, 0xffffffff80000000ull, 0x80000000, 0x123456789ull,
				};
				ir_mov(b, IR_I64, XT_G(1 + lrn(10)), ir_const(b, IR_I64, cs[lrn(5)]));
			} else {
				ir_op2(b, IR_SHL, IR_I64, XT_G(1 + lrn(10)), XT_G(1 + lrn(10)),
				       ir_const(b, IR_I64, 32 + lrn(32)));
			}
		}
		ir_insn_start(b, 0x1000 + 4 * pc);
		ir_op2(b, IR_SUB, IR_I64, XT_G(0), XT_G(0), ir_const(b, IR_I64, 1));
		ir_exit_cond(b, IR_I64, IR_NE, XT_G(0), ir_const(b, IR_I64, 0), 0, head);
		ir_exit_loop(b, IR_EXIT_HALT, 0x2000);
		ir_link_exits(b);
		struct tb *tj = xt_gen(b), *ti = xt_gen_interp(b);
		uint8_t env[256];
		for (unsigned i = 0; i < 16; i++)
			*(uint64_t *)(env + 8 * i) = lrn(4);
		*(uint64_t *)env = 1 + lrn(5);
		for (unsigned i = 0; i < 8; i++)
			memcpy(env + 136 + 8 * i, &vals[lrn(6)], 8);
		memcpy(jc->env, env, 256);
		memcpy(rc->env, env, 256);
		uint64_t rj = run_looping(jc, &backend_x86_64, tj);
		uint64_t ri = run_looping(rc, &backend_interp, ti);
		if (rj >= 4096)
			rj = IR_EXIT_LOOKUP;
		bool same = rj == ri && jc->pc == rc->pc && !memcmp(jc->env, rc->env, 256);
		if (!same) {
			fprintf(stderr, "loop iter %u: exit %" PRIu64 "/%" PRIu64 " pc %#" PRIx64
				"/%#" PRIx64 "\n", iter, rj, ri, jc->pc, rc->pc);
			xt_dump(b, tj);
		}
		ck_assert_msg(same, "loop state differs (iter %u)", iter);
	}
	free(jc);
	free(rc);
}
END_TEST

void x86_loop_tests(Suite *s)
{
	TCase *tc = tcase_create("superblocks");
	tcase_add_checked_fixture(tc, xt_setup, xt_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_side_exits);
	tcase_add_test(tc, t_branch_counts);
	tcase_add_test(tc, t_loop);
	tcase_add_test(tc, t_loop_jcc);
	tcase_add_test(tc, t_loop_restore);
	tcase_add_loop_test(tc, t_rand_loops, 0, 3);
	suite_add_tcase(s, tc);
}
