/*
 * x86_flow.c - IR-level tests of the x86-64 backend's control flow:
 * branches and labels inside a block, exits (direct, conditional,
 * indirect) and chaining between blocks, env access by offset, and a code
 * buffer that runs out.  The harness is x86_test.h's; x86_ir.c runs them.
 */
#include <errno.h>
#include <string.h>

#include "x86_test.h"
#include "host/x86_64/x86.h"

/* ---- control flow ---- */

START_TEST(t_branches)
{
	/* g2 = (g0 c g1) ? g0 - 1 : g1 + 1, with brcond/br/labels; the
	 * globals stay dirty in registers across the guest instructions */
	for (unsigned c = IR_EQ; c <= IR_NEVER; c++)
		for (unsigned t = IR_I32; t <= IR_I64; t++) {
			struct ir_block *b = xt_begin();
			unsigned l_true = ir_new_label(b), l_end = ir_new_label(b);
			ir_insn_start(b, 0x1000);
			ir_op2(b, IR_ADD, IR_I64, XT_G(5), XT_G(5), ir_const(b, IR_I64, 1));
			ir_brcond(b, t, c, XT_G(0), XT_G(1), l_true);
			ir_op2(b, IR_ADD, IR_I64, XT_G(2), XT_G(1), ir_const(b, IR_I64, 1));
			ir_br(b, l_end);
			ir_label(b, l_true);
			ir_op2(b, IR_SUB, IR_I64, XT_G(2), XT_G(0), ir_const(b, IR_I64, 1));
			ir_label(b, l_end);
			ir_op2(b, IR_ADD, IR_I64, XT_G(5), XT_G(5), ir_const(b, IR_I64, 1));
			ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
			struct tb *tb = xt_gen(b);
			for (unsigned i = 0; i < xt_n_ivals; i++)
				for (unsigned j = 0; j < xt_n_ivals; j += 3) {
					*xt_g(0) = xt_ivals[i];
					*xt_g(1) = xt_ivals[j];
					*xt_g(5) = 0;
					xt_run(tb);
					uint64_t want = ir_eval_cond(c, t, xt_ivals[i], xt_ivals[j]) ? xt_ivals[i] - 1
											     : xt_ivals[j] + 1;
					ck_assert_uint_eq(*xt_g(2), want);
					ck_assert_uint_eq(*xt_g(5), 2);
				}
		}
	/* a block without an exit continues at end_pc */
	struct ir_block *b = xt_begin();
	ir_insn_start(b, 0x1000);
	ir_movi(b, IR_I64, XT_G(0), 3);
	struct tb *tb = xt_gen(b);
	ck_assert_uint_eq(xt_run(tb), IR_EXIT_LOOKUP);
	ck_assert_uint_eq(xt_cpu->pc, 0x1004);
	ck_assert_uint_eq(*xt_g(0), 3);
}
END_TEST

START_TEST(t_exits)
{
	/* A: g0 += 1; if g0 == 5 exit slot 1 to 0x3000 else slot 0 to 0x2000 */
	struct ir_block *b = xt_begin();
	unsigned l = ir_new_label(b);
	ir_insn_start(b, 0x1000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(0), XT_G(0), ir_const(b, IR_I64, 1));
	ir_brcond(b, IR_I64, IR_EQ, XT_G(0), ir_const(b, IR_I64, 5), l);
	ir_exit_direct(b, 0, 0x2000);
	ir_label(b, l);
	ir_exit_direct(b, 1, 0x3000);
	struct tb *a = xt_gen(b);
	ck_assert_int_ge(a->exit[0].jmp_off, 0);
	ck_assert_int_ge(a->exit[1].jmp_off, 0);
	/* the rel32 within an aligned 8 bytes: patched with one atomic store */
	ck_assert_uint_le(((uintptr_t)a->code + (unsigned)a->exit[0].jmp_off) % 8, 4);
	ck_assert_uint_le(((uintptr_t)a->code + (unsigned)a->exit[1].jmp_off) % 8, 4);
	ck_assert_uint_eq(a->exit[0].pc, 0x2000);
	ck_assert_uint_eq(a->exit[1].pc, 0x3000);

	/* B at 0x2000: g1 += g0; jump back to A (slot 0, 0x1000) */
	b = xt_begin();
	b->pc = 0x2000;
	ir_insn_start(b, 0x2000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), XT_G(0));
	ir_exit_direct(b, 0, 0x1000);
	struct tb *tbb = xt_gen(b);

	*xt_g(0) = 0;
	*xt_g(1) = 0;
	uint64_t r = xt_run(a);
	ck_assert_uint_eq(r, (uintptr_t)a | 1);
	ck_assert_uint_eq(xt_cpu->pc, 0x2000);
	r = xt_run(tbb);
	ck_assert_uint_eq(r, (uintptr_t)tbb | 1);
	ck_assert_uint_eq(xt_cpu->pc, 0x1000);
	ck_assert_uint_eq(*xt_g(1), 1);

	/* chained: A -> B -> A ... until g0 == 5 leaves through slot 1 */
	backend_x86_64.chain(xt_tc, a, 0, tbb);
	backend_x86_64.chain(xt_tc, tbb, 0, a);
	r = xt_run(a);
	ck_assert_uint_eq(r, (uintptr_t)a | 2);
	ck_assert_uint_eq(xt_cpu->pc, 0x3000);
	ck_assert_uint_eq(*xt_g(0), 5);
	ck_assert_uint_eq(*xt_g(1), 1 + 2 + 3 + 4);

	/* a chained loop that would not end: unchaining a jump of it is what
	 * stops it (tb_invalidate); exit_request is the interpreter's */
	*xt_g(0) = 100;
	*xt_g(1) = 0;
	xt_cpu->exit_request = 1;
	backend_x86_64.chain(xt_tc, tbb, 0, NULL);
	r = xt_run(a);
	ck_assert_uint_eq(r, (uintptr_t)tbb | 1);
	ck_assert_uint_eq(*xt_g(0), 101);
	ck_assert_uint_eq(*xt_g(1), 101);
	xt_cpu->exit_request = 0;
	backend_x86_64.chain(xt_tc, tbb, 0, a);

	/* unchained again: back to the stub */
	backend_x86_64.chain(xt_tc, a, 0, NULL);
	*xt_g(0) = 0;
	r = xt_run(a);
	ck_assert_uint_eq(r, (uintptr_t)a | 1);
	ck_assert_uint_eq(*xt_g(0), 1);

	/* indirect exit: jump cache hit enters B, a miss returns LOOKUP */
	b = xt_begin();
	ir_insn_start(b, 0x1000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(3), XT_G(3), ir_const(b, IR_I64, 1));
	ir_exit_indirect(b, XT_G(2));
	struct tb *ind = xt_gen(b);
	*xt_g(2) = 0x2000;
	*xt_g(3) = 0;
	*xt_g(0) = 4;
	*xt_g(1) = 0;
	r = xt_run(ind);
	ck_assert_uint_eq(r, IR_EXIT_LOOKUP);
	ck_assert_uint_eq(xt_cpu->pc, 0x2000);
	ck_assert_uint_eq(*xt_g(3), 1);
	xt_cpu->jc[(0x2000 >> 1) & (JC_SIZE - 1)] = (struct jc_entry){ 0x2000, tbb->code };
	r = xt_run(ind);
	/* B ran (g1 += g0) and left to A through its chain, A went slot 1 */
	ck_assert_uint_eq(*xt_g(3), 2);
	ck_assert_uint_eq(*xt_g(1), 4);
	ck_assert_uint_eq(r, (uintptr_t)a | 2);
	ck_assert_uint_eq(xt_cpu->pc, 0x3000);
	/* same index, other pc: a miss */
	*xt_g(2) = 0x2000 + 2 * JC_SIZE;
	r = xt_run(ind);
	ck_assert_uint_eq(r, IR_EXIT_LOOKUP);
	ck_assert_uint_eq(xt_cpu->pc, 0x2000 + 2 * JC_SIZE);

	/* exit to the loop with a reason */
	b = xt_begin();
	ir_insn_start(b, 0x1000);
	ir_movi(b, IR_I64, XT_G(0), 0x123456789abcull);
	ir_exit_loop(b, IR_EXIT_SYSCALL, 0xffffffff80001000ull);
	struct tb *tl = xt_gen(b);
	ck_assert_uint_eq(xt_run(tl), IR_EXIT_SYSCALL);
	ck_assert_uint_eq(xt_cpu->pc, 0xffffffff80001000ull);
	ck_assert_uint_eq(*xt_g(0), 0x123456789abcull);
	b = xt_begin();
	ir_insn_start(b, 0x1000);
	ir_exit_loop(b, IR_EXIT_ILLEGAL, 0x87654321abcdull);
	tl = xt_gen(b);
	ck_assert_uint_eq(xt_run(tl), IR_EXIT_ILLEGAL);
	ck_assert_uint_eq(xt_cpu->pc, 0x87654321abcdull);
}
END_TEST

START_TEST(t_env_access)
{
	/* LD_ENV/ST_ENV on a field that is also a global stay coherent */
	struct ir_block *b = xt_begin();
	ir_insn_start(b, 0x1000);
	ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), ir_const(b, IR_I64, 1));
	ir_ld_env(b, IR_I64, XT_G(2), 8, IR_MO_64);
	ir_st_env(b, IR_I64, ir_const(b, IR_I64, 42), 8, IR_MO_32);
	ir_op2(b, IR_ADD, IR_I64, XT_G(3), XT_G(1), ir_const(b, IR_I64, 0));
	ir_ld_env(b, IR_I64, XT_G(4), CPU_OFF(tb_flags), IR_MO_32);
	ir_ld_env(b, IR_I64, XT_G(5), 16, IR_MO_8 | IR_MO_SIGN);
	ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
	struct tb *tb = xt_gen(b);
	*xt_g(1) = 0xffffffff00000010ull;
	*xt_g(2) = 0x80;
	xt_cpu->tb_flags = 0xabcd;
	xt_run(tb);
	ck_assert_uint_eq(*xt_g(2), 0xffffffff00000011ull);
	ck_assert_uint_eq(*xt_g(1), 0xffffffff0000002aull);
	ck_assert_uint_eq(*xt_g(3), 0xffffffff0000002aull);
	ck_assert_uint_eq(*xt_g(4), 0xabcd);
	ck_assert_uint_eq(*xt_g(5), 0x11);      /* the dirty g2 */
}
END_TEST

START_TEST(t_full_buffer)
{
	/* a block that does not fit asks for a flush, and leaves used alone */
	size_t used = xt_tc->cb.used;
	size_t size = xt_tc->cb.size;
	xt_tc->cb.size = ALIGN_UP(used, 16) + 300;
	struct ir_block *b = xt_begin();
	ir_insn_start(b, 0x1000);
	for (unsigned i = 0; i < 100; i++)
		ir_op2(b, IR_ADD, IR_I64, XT_G(i % 16), XT_G((i + 1) % 16), XT_G((i + 2) % 16));
	ir_exit_loop(b, IR_EXIT_HALT, 0x1004);
	struct tb *tb = tb_alloc(TB_NSLOTS);
	ck_assert_int_eq(backend_x86_64.gen(xt_tc, tb, b), -ENOSPC);
	ck_assert_uint_eq(xt_tc->cb.used, used);
	xt_tc->cb.size = size;
	ck_assert_int_eq(backend_x86_64.gen(xt_tc, tb, b), 0);
}
END_TEST

START_TEST(t_predicted_jump)
{
	/* jump to g0 & ~1 predicted at 0x2000, g0 clean in memory (dirty)
	 * or computed here (dirty): a hit goes on (g1 = 7, exit to 0x2004);
	 * a miss leaves to g0 & ~1 through the jump cache with g1 untouched
	 * and g0 as the guest has it (its low bit kept), an odd g0 that
	 * names 0x2000 included */
	static const uint64_t to[] = { 0x2000, 0x2008, 0x2009, 0x2001 };
	for (unsigned dirty = 0; dirty < 2; dirty++) {
		struct ir_block *b = xt_begin();
		ir_insn_start(b, 0x1000);
		if (dirty)
			ir_op2(b, IR_ADD, IR_I64, XT_G(0), XT_G(2), ir_const(b, IR_I64, 1));
		ir_exit_predict(b, XT_G(0), 0x2000, 1);
		ir_insn_start(b, 0x2000);
		ir_movi(b, IR_I64, XT_G(1), 7);
		ir_exit_direct(b, 0, 0x2004);
		struct tb *tb = xt_gen(b);
		for (unsigned k = 0; k < 4; k++) {
			*xt_g(0) = dirty ? 0 : to[k];
			*xt_g(2) = to[k] - 1;
			*xt_g(1) = 0;
			uint64_t r = xt_run(tb);
			if (k == 0) {
				ck_assert_uint_ge(r, 4096);
				ck_assert_uint_eq(xt_cpu->pc, 0x2004);
				ck_assert_uint_eq(*xt_g(1), 7);
			} else {
				ck_assert_uint_eq(r, IR_EXIT_LOOKUP);
				ck_assert_uint_eq(xt_cpu->pc, to[k] & ~1ull);
				ck_assert_uint_eq(*xt_g(1), 0);
			}
			ck_assert_uint_eq(*xt_g(0), to[k]);
		}
	}
}
END_TEST

void x86_flow_tests(Suite *s)
{
	TCase *tc = tcase_create("flow");
	tcase_add_checked_fixture(tc, xt_setup, xt_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_branches);
	tcase_add_test(tc, t_exits);
	tcase_add_test(tc, t_predicted_jump);
	tcase_add_test(tc, t_env_access);
	tcase_add_test(tc, t_full_buffer);
	suite_add_tcase(s, tc);
}
