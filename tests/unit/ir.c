/*
 * tests/unit/ir.c - the IR builder, its passes and the interpreter backend.
 *
 * Blocks are built by hand on a fake arch with four i64 globals; results
 * are checked against values worked out from the op definitions in
 * ir_ops.def (not from running warp).
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "tb.h"
#include "cpu.h"

static const struct ir_global fake_globals[] = {
	{ "r0", IR_I64, 0 }, { "r1", IR_I64, 8 }, { "r2", IR_I64, 16 }, { "r3", IR_I64, 24 },
};

static struct ir_block blk;
static struct cpu *cpu;

static uint64_t *reg(unsigned i) { return (uint64_t *)(cpu->env + 8 * i); }

static void setup(void)
{
	ir_block_init(&blk, fake_globals, 4);
	ir_block_reset(&blk, 0x1000, 0);
	ck_assert_int_eq(posix_memalign((void **)&cpu, 64, sizeof *cpu), 0);
	memset(cpu, 0, sizeof *cpu);
}

static void teardown(void)
{
	ir_block_free(&blk);
	free(cpu);
}

static uint64_t run(struct ir_block *b)
{
	struct tb tb = { 0 };
	ck_assert_int_eq(backend_interp.gen(NULL, &tb, b), 0);
	uint64_t r = backend_interp.exec(cpu, &tb);
	ir_block_free(tb.ir);
	free(tb.ir);
	return r;
}

static unsigned count_op(const struct ir_block *b, enum ir_opcode op)
{
	unsigned n = 0;
	for (unsigned i = 0; i < b->n_insns; i++)
		n += b->insns[i].op == op;
	return n;
}

START_TEST(eval_division_is_total)
{
	ck_assert_uint_eq(ir_eval_int(IR_DIVS, IR_I64, 0, 7, 0), ~0ull);
	ck_assert_uint_eq(ir_eval_int(IR_DIVU, IR_I64, 0, 7, 0), ~0ull);
	ck_assert_uint_eq(ir_eval_int(IR_REMS, IR_I64, 0, 7, 0), 7);
	ck_assert_uint_eq(ir_eval_int(IR_REMU, IR_I64, 0, 7, 0), 7);
	ck_assert_uint_eq(ir_eval_int(IR_DIVS, IR_I64, 0, 1ull << 63, ~0ull), 1ull << 63);
	ck_assert_uint_eq(ir_eval_int(IR_REMS, IR_I64, 0, 1ull << 63, ~0ull), 0);
	ck_assert_uint_eq(ir_eval_int(IR_DIVS, IR_I32, 0, 0x80000000u, 0xffffffffu), 0x80000000u);
	ck_assert_uint_eq(ir_eval_int(IR_DIVS, IR_I32, 0, 0, 0), 0xffffffffu);
	ck_assert_uint_eq(ir_eval_int(IR_DIVS, IR_I64, 0, (uint64_t)-7, 2), (uint64_t)-3);
	ck_assert_uint_eq(ir_eval_int(IR_REMS, IR_I64, 0, (uint64_t)-7, 2), (uint64_t)-1);
}
END_TEST

START_TEST(eval_shifts_mask_count)
{
	ck_assert_uint_eq(ir_eval_int(IR_SHL, IR_I64, 0, 1, 65), 2);
	ck_assert_uint_eq(ir_eval_int(IR_SHL, IR_I32, 0, 1, 33), 2);
	ck_assert_uint_eq(ir_eval_int(IR_SAR, IR_I32, 0, 0x80000000u, 31), 0xffffffffu);
	ck_assert_uint_eq(ir_eval_int(IR_SHR, IR_I32, 0, 0xffffffff00000000ull | 0x80000000u, 31), 1);
	ck_assert_uint_eq(ir_eval_int(IR_ROTL, IR_I64, 0, 0x8000000000000001ull, 1), 3);
	ck_assert_uint_eq(ir_eval_int(IR_ROTR, IR_I32, 0, 1, 1), 0x80000000u);
	ck_assert_uint_eq(ir_eval_int(IR_ROTR, IR_I64, 0, 5, 0), 5);
}
END_TEST

START_TEST(eval_mulh)
{
	ck_assert_uint_eq(ir_eval_int(IR_MULHU, IR_I64, 0, ~0ull, ~0ull), ~0ull - 1);
	ck_assert_uint_eq(ir_eval_int(IR_MULHS, IR_I64, 0, ~0ull, ~0ull), 0);
	ck_assert_uint_eq(ir_eval_int(IR_MULHSU, IR_I64, 0, ~0ull, ~0ull), ~0ull);
	ck_assert_uint_eq(ir_eval_int(IR_MULHS, IR_I32, 0, 0x80000000u, 0x80000000u), 0x40000000u);
}
END_TEST

START_TEST(eval_conditions)
{
	ck_assert(ir_eval_cond(IR_LT, IR_I64, ~0ull, 0));
	ck_assert(!ir_eval_cond(IR_LTU, IR_I64, ~0ull, 0));
	ck_assert(ir_eval_cond(IR_LT, IR_I32, 0xffffffffu, 0));
	ck_assert(ir_eval_cond(IR_EQ, IR_I32, 0x100000005ull, 5));
	ck_assert(ir_eval_cond(IR_GEU, IR_I64, 5, 5));
}
END_TEST

START_TEST(fold_constants_through_globals)
{
	/* r0 = 6; r1 = r0 * 7; r2 = r1 + 0; exit */
	ir_movi(&blk, IR_I64, 0, 6);
	ir_op2(&blk, IR_MUL, IR_I64, 1, 0, ir_const(&blk, IR_I64, 7));
	ir_op2(&blk, IR_ADD, IR_I64, 2, 1, ir_const(&blk, IR_I64, 0));
	ir_exit_loop(&blk, IR_EXIT_HALT, 0x1004);
	ir_optimize(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_MUL), 0);
	ck_assert_uint_eq(count_op(&blk, IR_ADD), 0);
	ck_assert_uint_eq(run(&blk), IR_EXIT_HALT);
	ck_assert_uint_eq(*reg(1), 42);
	ck_assert_uint_eq(*reg(2), 42);
	ck_assert_uint_eq(cpu->pc, 0x1004);
}
END_TEST

START_TEST(dead_code_removed_but_loads_kept)
{
	uint64_t mem = 0x1122334455667788ull;
	ir_temp t1 = ir_new(&blk, IR_I64), t2 = ir_new(&blk, IR_I64);
	ir_op2(&blk, IR_XOR, IR_I64, t1, 0, 1);          /* dead */
	ir_ld(&blk, IR_I64, t2, 3, 0, IR_MO_64);         /* dead but may fault */
	ir_op2(&blk, IR_ADD, IR_I64, 2, 0, 1);
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	ir_optimize(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_XOR), 0);
	ck_assert_uint_eq(count_op(&blk, IR_LD), 1);
	*reg(0) = 40;
	*reg(1) = 2;
	*reg(3) = (uintptr_t)&mem;
	run(&blk);
	ck_assert_uint_eq(*reg(2), 42);
}
END_TEST

START_TEST(copy_propagation_respects_redefinition)
{
	/* t = r0; r0 = 5; r1 = t + 1: t must still be the old r0 */
	ir_temp t = ir_new(&blk, IR_I64);
	ir_mov(&blk, IR_I64, t, 0);
	ir_movi(&blk, IR_I64, 0, 5);
	ir_op2(&blk, IR_ADD, IR_I64, 1, t, ir_const(&blk, IR_I64, 1));
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	ir_optimize(&blk);
	*reg(0) = 100;
	run(&blk);
	ck_assert_uint_eq(*reg(0), 5);
	ck_assert_uint_eq(*reg(1), 101);
}
END_TEST

START_TEST(sign_extension_of_small_values)
{
	/* r1 = sext(w >> 3): below 2^31, so a zero extension; r2 =
	 * sext(w + w) may be negative and stays a sign extension */
	ir_temp w = ir_new(&blk, IR_I32), s = ir_new(&blk, IR_I32), a = ir_new(&blk, IR_I32);
	ir_mov(&blk, IR_I32, w, 0);
	ir_op2(&blk, IR_SHR, IR_I32, s, w, ir_const(&blk, IR_I32, 3));
	ir_op1(&blk, IR_EXT32S, IR_I64, 1, s);
	ir_op2(&blk, IR_ADD, IR_I32, a, w, w);
	ir_op1(&blk, IR_EXT32S, IR_I64, 2, a);
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	ir_optimize(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_EXT32S), 1);
	ck_assert_uint_eq(count_op(&blk, IR_EXT32U), 1);
	*reg(0) = 0xc0000000u;
	run(&blk);
	ck_assert_uint_eq(*reg(1), 0x18000000u);
	ck_assert_uint_eq(*reg(2), 0xffffffff80000000ull);
}
END_TEST

START_TEST(sign_extension_read_as_32_bits)
{
	/* r1 = sext32(r0 - 32) is read only by a 32-bit add before r1 is
	 * overwritten: a zero extension.  The same for r2 stays: a side exit
	 * sees r2 in between; for r3 too: a 64-bit add reads it. */
	ir_temp t[6];
	for (unsigned i = 0; i < 6; i++)
		t[i] = ir_new(&blk, IR_I32);
	ir_temp k32 = ir_const(&blk, IR_I32, 32), k5 = ir_const(&blk, IR_I32, 5);
	ir_op2(&blk, IR_SUB, IR_I32, t[0], 0, k32);
	ir_op1(&blk, IR_EXT32S, IR_I64, 1, t[0]);
	ir_op2(&blk, IR_ADD, IR_I32, t[1], 1, k5);
	ir_op1(&blk, IR_EXT32S, IR_I64, 1, t[1]);
	ir_op2(&blk, IR_SUB, IR_I32, t[2], 0, k32);
	ir_op1(&blk, IR_EXT32S, IR_I64, 2, t[2]);
	ir_exit_cond(&blk, IR_I64, IR_EQ, 0, ir_const(&blk, IR_I64, 77), 0, 0x3000);
	ir_op2(&blk, IR_ADD, IR_I32, t[3], 2, k5);
	ir_op1(&blk, IR_EXT32S, IR_I64, 2, t[3]);
	ir_op2(&blk, IR_SUB, IR_I32, t[4], 0, k32);
	ir_op1(&blk, IR_EXT32S, IR_I64, 3, t[4]);
	ir_op2(&blk, IR_ADD, IR_I64, 0, 3, ir_const(&blk, IR_I64, 1));
	ir_op2(&blk, IR_ADD, IR_I32, t[5], 3, k5);
	ir_op1(&blk, IR_EXT32S, IR_I64, 3, t[5]);
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	ir_optimize(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_EXT32S), 5);
	ck_assert_uint_eq(count_op(&blk, IR_EXT32U), 1);
	*reg(0) = 0x10;
	ck_assert_uint_eq(run(&blk), IR_EXIT_HALT);
	ck_assert_uint_eq(*reg(1), 0xfffffffffffffff5ull);
	ck_assert_uint_eq(*reg(2), 0xfffffffffffffff5ull);
	ck_assert_uint_eq(*reg(3), 0xfffffffffffffff5ull);
	ck_assert_uint_eq(*reg(0), 0xfffffffffffffff1ull);
}
END_TEST

START_TEST(sign_extension_masked_or_shifted_out)
{
	/* r1 = sext32(r0 - 32) & 0xff and r2 = sext32(r0 - 32) << 32 read
	 * only the low half: zero extensions.  r3 = sext32(r0 - 32) &
	 * 0x100000000 reads bit 32 and r0 = sext32(r0 - 32) >> 1 the high
	 * half: they stay. */
	ir_temp t[4];
	for (unsigned i = 0; i < 4; i++)
		t[i] = ir_new(&blk, IR_I32);
	ir_temp k32 = ir_const(&blk, IR_I32, 32);
	ir_op2(&blk, IR_SUB, IR_I32, t[0], 0, k32);
	ir_op1(&blk, IR_EXT32S, IR_I64, 1, t[0]);
	ir_op2(&blk, IR_AND, IR_I64, 1, 1, ir_const(&blk, IR_I64, 0xff));
	ir_op2(&blk, IR_SUB, IR_I32, t[1], 0, k32);
	ir_op1(&blk, IR_EXT32S, IR_I64, 2, t[1]);
	ir_op2(&blk, IR_SHL, IR_I64, 2, 2, ir_const(&blk, IR_I64, 32));
	ir_op2(&blk, IR_SUB, IR_I32, t[2], 0, k32);
	ir_op1(&blk, IR_EXT32S, IR_I64, 3, t[2]);
	ir_op2(&blk, IR_AND, IR_I64, 3, 3, ir_const(&blk, IR_I64, 0x100000000ull));
	ir_op2(&blk, IR_SUB, IR_I32, t[3], 0, k32);
	ir_op1(&blk, IR_EXT32S, IR_I64, 0, t[3]);
	ir_op2(&blk, IR_SHR, IR_I64, 0, 0, ir_const(&blk, IR_I64, 1));
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	ir_optimize(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_EXT32S), 2);
	ck_assert_uint_eq(count_op(&blk, IR_EXT32U), 2);
	*reg(0) = 0x10;
	ck_assert_uint_eq(run(&blk), IR_EXIT_HALT);
	ck_assert_uint_eq(*reg(1), 0xf0);
	ck_assert_uint_eq(*reg(2), 0xfffffff000000000ull);
	ck_assert_uint_eq(*reg(3), 0x100000000ull);
	ck_assert_uint_eq(*reg(0), 0xfffffffffffffff0ull >> 1);
}
END_TEST

START_TEST(zero_extension_pairs_split_by_other_ops)
{
	/* r1 = (r0 << 32) >> 32 with an unrelated op scheduled between: one
	 * EXT32U, the SHL gone.  The same pair for r2 around a load (which
	 * may fault and see r2) and for a local around a write of its input
	 * r0: both stay shifts, and every value is the low half of r0. */
	uint64_t mem = 7;
	ir_temp k32 = ir_const(&blk, IR_I64, 32), t = ir_new(&blk, IR_I64);
	ir_temp v = ir_new(&blk, IR_I64);
	ir_op2(&blk, IR_SHL, IR_I64, 1, 0, k32);
	ir_op2(&blk, IR_ADD, IR_I64, 3, 3, ir_const(&blk, IR_I64, 1));
	ir_op2(&blk, IR_SHR, IR_I64, 1, 1, k32);
	ir_op2(&blk, IR_SHL, IR_I64, 2, 0, k32);
	ir_ld(&blk, IR_I64, v, 3, 0, IR_MO_64);
	ir_op2(&blk, IR_SHR, IR_I64, 2, 2, k32);
	ir_op2(&blk, IR_SHL, IR_I64, t, 0, k32);
	ir_op2(&blk, IR_ADD, IR_I64, 0, v, ir_const(&blk, IR_I64, 1));
	ir_op2(&blk, IR_SHR, IR_I64, 3, t, k32);
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	ir_optimize(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_EXT32U), 1);
	ck_assert_uint_eq(count_op(&blk, IR_SHL), 2);
	ck_assert_uint_eq(count_op(&blk, IR_SHR), 2);
	*reg(0) = 0xdeadbeef12345678ull;
	*reg(3) = (uintptr_t)&mem - 1;
	ck_assert_uint_eq(run(&blk), IR_EXIT_HALT);
	ck_assert_uint_eq(*reg(1), 0x12345678u);
	ck_assert_uint_eq(*reg(2), 0x12345678u);
	ck_assert_uint_eq(*reg(3), 0x12345678u);
	ck_assert_uint_eq(*reg(0), 8);
}
END_TEST

START_TEST(branches_and_labels)
{
	/* if (r0 < r1) r2 = 1 else r2 = 2 */
	unsigned l_else = ir_new_label(&blk), l_end = ir_new_label(&blk);
	ir_brcond(&blk, IR_I64, IR_GE, 0, 1, l_else);
	ir_movi(&blk, IR_I64, 2, 1);
	ir_br(&blk, l_end);
	ir_label(&blk, l_else);
	ir_movi(&blk, IR_I64, 2, 2);
	ir_label(&blk, l_end);
	ir_exit_direct(&blk, 0, 0x2000);
	ir_optimize(&blk);
	*reg(0) = (uint64_t)-1;
	*reg(1) = 3;
	ck_assert_uint_eq(run(&blk), IR_EXIT_LOOKUP);
	ck_assert_uint_eq(*reg(2), 1);
	ck_assert_uint_eq(cpu->pc, 0x2000);
	*reg(0) = 4;
	run(&blk);
	ck_assert_uint_eq(*reg(2), 2);
}
END_TEST

START_TEST(constant_branch_folds_away)
{
	unsigned l = ir_new_label(&blk);
	ir_brcond(&blk, IR_I64, IR_EQ, ir_const(&blk, IR_I64, 1), ir_const(&blk, IR_I64, 2), l);
	ir_movi(&blk, IR_I64, 2, 9);
	ir_label(&blk, l);
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	ir_optimize(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_BRCOND), 0);
	ck_assert_uint_eq(count_op(&blk, IR_BR), 0);
	run(&blk);
	ck_assert_uint_eq(*reg(2), 9);
}
END_TEST

START_TEST(memops_sizes_signs_endianness)
{
	uint8_t buf[16] = { 0x80, 0x01, 0x02, 0x83, 0x04, 0x05, 0x06, 0x07 };
	ir_temp t = ir_new(&blk, IR_I64);
	*reg(3) = (uintptr_t)buf;
	ir_ld(&blk, IR_I64, 0, 3, 0, IR_MO_8 | IR_MO_SIGN);
	ir_ld(&blk, IR_I64, 1, 3, 2, IR_MO_16 | IR_MO_BE);
	ir_ld(&blk, IR_I64, 2, 3, 0, IR_MO_32 | IR_MO_SIGN | IR_MO_BE);
	ir_ld(&blk, IR_I64, t, 3, 0, IR_MO_64);
	ir_st(&blk, IR_I64, t, 3, 8, IR_MO_32 | IR_MO_BE);
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	run(&blk);
	ck_assert_uint_eq(*reg(0), 0xffffffffffffff80ull);
	ck_assert_uint_eq(*reg(1), 0x0283);
	ck_assert_uint_eq(*reg(2), 0xffffffff80010283ull);
	ck_assert_uint_eq(buf[8], 0x83);
	ck_assert_uint_eq(buf[11], 0x80);
}
END_TEST

START_TEST(atomics)
{
	uint64_t cell = 10;
	ir_temp old = ir_new(&blk, IR_I64);
	*reg(3) = (uintptr_t)&cell;
	ir_op2(&blk, IR_ATOMIC, IR_I64, old, 3, ir_const(&blk, IR_I64, 5))->aux2 = IR_MO_64;
	ir_mov(&blk, IR_I64, 0, old);
	struct ir_insn *in = ir_op3(&blk, IR_CMPXCHG, IR_I64, 1, 3,
				    ir_const(&blk, IR_I64, 15), ir_const(&blk, IR_I64, 99));
	in->aux2 = IR_MO_64;
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	blk.insns[0].aux = IR_AT_ADD;
	run(&blk);
	ck_assert_uint_eq(*reg(0), 10);
	ck_assert_uint_eq(*reg(1), 15);
	ck_assert_uint_eq(cell, 99);
}
END_TEST

START_TEST(misaligned_strict_access_faults)
{
	uint64_t buf[2] = { 0 };
	*reg(3) = (uintptr_t)buf + 1;
	ir_ld(&blk, IR_I64, 0, 3, 0, IR_MO_32 | IR_MO_ALIGN);
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	ck_assert_uint_eq(run(&blk), IR_EXIT_FAULT);
	ck_assert_int_eq(cpu->fault_signo, SIGBUS);
	ck_assert_uint_eq(cpu->fault_addr, (uintptr_t)buf + 1);
}
END_TEST

static uint64_t helper_add3(struct cpu *c, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
	return a + b + d + e;
}
static const struct ir_helper h_add3 = { "add3", helper_add3, IRH_PURE };

START_TEST(helper_calls_and_pure_dce)
{
	ir_temp r = ir_new(&blk, IR_I64), dead = ir_new(&blk, IR_I64);
	ir_call(&blk, &h_add3, r, 0, 1, 2, ir_const(&blk, IR_I64, 1000));
	ir_call(&blk, &h_add3, dead, 0, 0, 0, 0);
	ir_mov(&blk, IR_I64, 3, r);
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	ir_optimize(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_CALL), 1);
	*reg(0) = 1;
	*reg(1) = 2;
	*reg(2) = 3;
	run(&blk);
	ck_assert_uint_eq(*reg(3), 1006);
}
END_TEST

START_TEST(movcond_and_i32_results)
{
	ir_movcond(&blk, IR_I64, IR_LTU, 2, 0, 1, ir_const(&blk, IR_I64, 7), ir_const(&blk, IR_I64, 8));
	ir_op2(&blk, IR_ADD, IR_I32, 3, 0, 1);
	ir_exit_loop(&blk, IR_EXIT_HALT, 0);
	*reg(0) = 0xffffffffull;
	*reg(1) = 1;
	run(&blk);
	ck_assert_uint_eq(*reg(2), 8);
	ck_assert_uint_eq(*reg(3), 0); /* 32-bit wrap, zero-extended */
}
END_TEST

START_TEST(side_exits)
{
	/* r0 += 1; exit to 0x2000 if r0 == 3; r1 = r0 * 2; exit 0x3000 */
	ir_insn_start(&blk, 0x1000);
	ir_op2(&blk, IR_ADD, IR_I64, 0, 0, ir_const(&blk, IR_I64, 1));
	ir_exit_cond(&blk, IR_I64, IR_EQ, 0, ir_const(&blk, IR_I64, 3), 0, 0x2000);
	ir_insn_start(&blk, 0x1004);
	ir_op2(&blk, IR_MUL, IR_I64, 1, 0, ir_const(&blk, IR_I64, 2));
	ir_exit_direct(&blk, 1, 0x3000);
	*reg(0) = 2;
	*reg(1) = 0;
	ck_assert_uint_eq(run(&blk), IR_EXIT_LOOKUP);
	ck_assert_uint_eq(cpu->pc, 0x2000);
	ck_assert_uint_eq(*reg(1), 0);
	*reg(0) = 5;
	run(&blk);
	ck_assert_uint_eq(cpu->pc, 0x3000);
	ck_assert_uint_eq(*reg(1), 12);

	/* on constants: never taken goes away, always taken is an exit */
	ir_block_reset(&blk, 0x1000, 0);
	ir_insn_start(&blk, 0x1000);
	ir_movi(&blk, IR_I64, 0, 4);
	ir_exit_cond(&blk, IR_I64, IR_LT, 0, ir_const(&blk, IR_I64, 4), 0, 0x2000);
	ir_exit_cond(&blk, IR_I64, IR_GE, 0, ir_const(&blk, IR_I64, 4), 1, 0x3000);
	ir_movi(&blk, IR_I64, 1, 9);
	ir_exit_direct(&blk, 2, 0x4000);
	ir_optimize(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_EXIT_COND), 0);
	ck_assert_uint_eq(count_op(&blk, IR_EXIT_DIRECT), 2);
	*reg(1) = 0;
	run(&blk);
	ck_assert_uint_eq(cpu->pc, 0x3000);
	ck_assert_uint_eq(*reg(1), 0);
}
END_TEST

START_TEST(predicted_jumps)
{
	/* jump to r0 & ~1, predicted 0x2000: on a hit r1 = 7 and the block
	 * goes on (exit 0x2004); on a miss it leaves to r0 & ~1 with r1
	 * untouched, also when that is 0x2000 (an odd r0 takes the slow
	 * way) */
	ir_insn_start(&blk, 0x1000);
	ir_exit_predict(&blk, 0, 0x2000, 1);
	ir_insn_start(&blk, 0x2000);
	ir_movi(&blk, IR_I64, 1, 7);
	ir_exit_direct(&blk, 0, 0x2004);
	*reg(0) = 0x2000;
	*reg(1) = 0;
	ck_assert_uint_eq(run(&blk), IR_EXIT_LOOKUP);
	ck_assert_uint_eq(cpu->pc, 0x2004);
	ck_assert_uint_eq(*reg(1), 7);
	for (unsigned k = 0; k < 3; k++) {
		static const uint64_t to[] = { 0x2008, 0x2009, 0x2001 };
		*reg(0) = to[k];
		*reg(1) = 0;
		ck_assert_uint_eq(run(&blk), IR_EXIT_LOOKUP);
		ck_assert_uint_eq(cpu->pc, to[k] & ~1ull);
		ck_assert_uint_eq(*reg(1), 0);
	}

	/* a target known when translating: a hit needs no guard, a miss is
	 * an indirect exit and what follows is never reached */
	for (unsigned miss = 0; miss < 2; miss++) {
		ir_block_reset(&blk, 0x1000, 0);
		ir_insn_start(&blk, 0x1000);
		ir_movi(&blk, IR_I64, 0, miss ? 0x3001 : 0x2001);
		ir_exit_predict(&blk, 0, 0x2000, 1);
		ir_insn_start(&blk, 0x2000);
		ir_movi(&blk, IR_I64, 1, 7);
		ir_exit_direct(&blk, 0, 0x2004);
		ir_optimize(&blk);
		ck_assert_uint_eq(count_op(&blk, IR_EXIT_PREDICT), 0);
		ck_assert_uint_eq(count_op(&blk, IR_EXIT_INDIRECT), miss);
		*reg(1) = 0;
		run(&blk);
		ck_assert_uint_eq(cpu->pc, miss ? 0x3000 : 0x2004);
		ck_assert_uint_eq(*reg(1), miss ? 0 : 7);
	}
}
END_TEST

START_TEST(link_exits_makes_loops_and_joins)
{
	/*
	 * 0x1000: r1 += r0          <- loop head
	 * 0x1004: r0 -= 1; exit to 0x100c if r0 == 2 (forward, a join)
	 * 0x1008: r2 += 1
	 * 0x100c: back to 0x1000 while r0 != 0; exit to 0x2000
	 */
	ir_insn_start(&blk, 0x1000);
	ir_op2(&blk, IR_ADD, IR_I64, 1, 1, 0);
	ir_insn_start(&blk, 0x1004);
	ir_op2(&blk, IR_SUB, IR_I64, 0, 0, ir_const(&blk, IR_I64, 1));
	ir_exit_cond(&blk, IR_I64, IR_EQ, 0, ir_const(&blk, IR_I64, 2), 0, 0x100c);
	ir_insn_start(&blk, 0x1008);
	ir_op2(&blk, IR_ADD, IR_I64, 2, 2, ir_const(&blk, IR_I64, 1));
	ir_insn_start(&blk, 0x100c);
	ir_exit_cond(&blk, IR_I64, IR_NE, 0, ir_const(&blk, IR_I64, 0), 1, 0x1000);
	ir_exit_cond(&blk, IR_I64, IR_EQ, 0, 0, 2, 0x5000);      /* outside */
	ir_exit_direct(&blk, 3, 0x2000);
	ir_link_exits(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_LABEL), 2);
	ck_assert_uint_eq(count_op(&blk, IR_BRCOND), 2);
	ck_assert_uint_eq(count_op(&blk, IR_EXIT_COND), 1);
	ck_assert_uint_eq(blk.insns[0].op, IR_LABEL);
	ir_optimize(&blk);
	*reg(0) = 5;
	*reg(1) = 0;
	*reg(2) = 0;
	ck_assert_uint_eq(run(&blk), IR_EXIT_LOOKUP);
	ck_assert_uint_eq(cpu->pc, 0x5000);     /* r0 == r0: the outside exit */
	ck_assert_uint_eq(*reg(0), 0);
	ck_assert_uint_eq(*reg(1), 5 + 4 + 3 + 2 + 1);
	ck_assert_uint_eq(*reg(2), 4);          /* skipped once, at r0 == 2 */

	/* exit_request leaves the loop at its head */
	*reg(0) = 5;
	*reg(1) = 0;
	cpu->exit_request = 1;
	ck_assert_uint_eq(run(&blk), IR_EXIT_REQUEST);
	ck_assert_uint_eq(cpu->pc, 0x1000);
	ck_assert_uint_eq(*reg(0), 4);
	ck_assert_uint_eq(*reg(1), 5);
	cpu->exit_request = 0;

	/* a local live across the target, or no instruction there: no link */
	ir_block_reset(&blk, 0x1000, 0);
	ir_temp t = ir_new(&blk, IR_I64);
	ir_insn_start(&blk, 0x1000);
	ir_op2(&blk, IR_ADD, IR_I64, t, 0, 0);
	ir_exit_cond(&blk, IR_I64, IR_EQ, 0, 1, 0, 0x1004);
	ir_exit_cond(&blk, IR_I64, IR_EQ, 0, 2, 1, 0x1002);
	ir_insn_start(&blk, 0x1004);
	ir_mov(&blk, IR_I64, 3, t);
	ir_exit_direct(&blk, 2, 0x2000);
	ir_link_exits(&blk);
	ck_assert_uint_eq(count_op(&blk, IR_LABEL), 0);
	ck_assert_uint_eq(count_op(&blk, IR_EXIT_COND), 2);
}
END_TEST

static Suite *ir_suite(void)
{
	Suite *s = suite_create("ir");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, eval_division_is_total);
	tcase_add_test(tc, eval_shifts_mask_count);
	tcase_add_test(tc, eval_mulh);
	tcase_add_test(tc, eval_conditions);
	tcase_add_test(tc, fold_constants_through_globals);
	tcase_add_test(tc, dead_code_removed_but_loads_kept);
	tcase_add_test(tc, copy_propagation_respects_redefinition);
	tcase_add_test(tc, branches_and_labels);
	tcase_add_test(tc, constant_branch_folds_away);
	tcase_add_test(tc, memops_sizes_signs_endianness);
	tcase_add_test(tc, atomics);
	tcase_add_test(tc, misaligned_strict_access_faults);
	tcase_add_test(tc, helper_calls_and_pure_dce);
	tcase_add_test(tc, movcond_and_i32_results);
	tcase_add_test(tc, side_exits);
	tcase_add_test(tc, predicted_jumps);
	tcase_add_test(tc, link_exits_makes_loops_and_joins);
	tcase_add_test(tc, sign_extension_of_small_values);
	tcase_add_test(tc, sign_extension_read_as_32_bits);
	tcase_add_test(tc, sign_extension_masked_or_shifted_out);
	tcase_add_test(tc, zero_extension_pairs_split_by_other_ops);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ir_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
