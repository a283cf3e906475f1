/*
 * x86_restore.c - IR-level tests of the x86-64 backend's precise state: a
 * host fault inside generated code restores the guest globals and pc
 * (backend.restore) from the site of the faulting access, wherever the
 * allocator had them: dirty in registers, constants not stored yet, a sum
 * folded into the address, a lazily sign-extended register.  The harness
 * is x86_test.h's; x86_ir.c runs them.
 */
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

#include "x86_test.h"
#include "host/x86_64/x86.h"

static sigjmp_buf fault_jmp;
static struct tb *running;      /* the block xt_run_to_fault runs */
static volatile int restored;
static struct tb *fault_tb;

static void segv_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	restored = backend_x86_64.restore(xt_cpu, running, uc->uc_mcontext.gregs[REG_RIP], uc);
	siglongjmp(fault_jmp, 1);
}

void xt_catch_faults(struct sigaction *old)
{
	struct sigaction sa = { .sa_sigaction = segv_handler, .sa_flags = SA_SIGINFO | SA_NODEFER };
	sigaction(SIGSEGV, &sa, old);
}

void xt_run_to_fault(struct tb *tb, unsigned variant)
{
	running = tb;
	restored = 0;
	if (!sigsetjmp(fault_jmp, 1)) {
		xt_run(tb);
		ck_abort_msg("variant %u did not fault", variant);
	}
	ck_assert_int_eq(restored, 1);
}

/* the plus fields of all of TB's locations, or-ed */
static unsigned loc_plus_bits(const struct tb *tb)
{
	unsigned bits = 0;
	for (unsigned i = 0; i < tb->n_sites; i++)
		for (unsigned k = 0; k < tb->sites[i].n_locs; k++)
			bits |= tb->locs[tb->sites[i].loc_first + k].plus;
	return bits;
}

/* A page no access may touch, with segv_handler catching the faults */
static void *bad_page(void)
{
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(bad != MAP_FAILED);
	xt_catch_faults(NULL);
	return bad;
}

START_TEST(t_restore)
{
	void *bad = bad_page();
	for (unsigned variant = 0; variant < 4; variant++) {
		struct ir_block *b = xt_begin();
		double d = 2.5;
		ir_insn_start(b, 0x1000);
		ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), ir_const(b, IR_I64, 5));
		/* a constant the fault point has not stored (the site holds it) */
		ir_movi(b, IR_I64, XT_G(2), 0x123456789abcdef0ull);
		ir_op2(b, IR_FMUL, IR_F64, XT_F(0), XT_F(0), XT_F(0));
		ir_op2(b, IR_ADD, IR_I32, XT_W(0), XT_W(0), ir_const(b, IR_I32, 1));
		ir_insn_start(b, 0x1004);
		ir_op2(b, IR_SUB, IR_I64, XT_G(3), XT_G(3), ir_const(b, IR_I64, 1));
		ir_insn_start(b, 0x1008);
		switch (variant) {
		case 0: ir_ld(b, IR_I64, XT_G(3), XT_G(0), 8, IR_MO_64); break;
		case 1: ir_st(b, IR_I64, XT_G(1), XT_G(0), 8, IR_MO_32 | IR_MO_BE); break;
		case 2: {
			struct ir_insn *in = ir_op2(b, IR_ATOMIC, IR_I64, XT_G(3), XT_G(0), XT_G(1));
			in->aux = IR_AT_OR;
			in->aux2 = IR_MO_64;
			break;
		}
		default:
			/* the loaded register is the faulting address's own */
			ir_ld(b, IR_I64, XT_G(0), XT_G(0), 0, IR_MO_64);
			break;
		}
		ir_movi(b, IR_I64, XT_G(4), 1);
		ir_exit_loop(b, IR_EXIT_HALT, 0x100c);
		fault_tb = xt_gen(b);
		*xt_g(0) = (uint64_t)(uintptr_t)bad;
		*xt_g(1) = 10;
		*xt_g(2) = 0;
		*xt_g(3) = 100;
		*xt_g(4) = 0;
		*xt_w(0) = 0xffffffff;
		memcpy(xt_f(0), &d, 8);
		xt_run_to_fault(fault_tb, variant);
		ck_assert_uint_eq(xt_cpu->pc, 0x1008);
		ck_assert_uint_eq(*xt_g(0), (uintptr_t)bad);
		ck_assert_uint_eq(*xt_g(1), 15);
		ck_assert_uint_eq(*xt_g(2), 0x123456789abcdef0ull);
		ck_assert_uint_eq(*xt_g(3), 99);
		ck_assert_uint_eq(*xt_g(4), 0);
		ck_assert_uint_eq(*xt_w(0), 0);
		double f;
		memcpy(&f, xt_f(0), 8);
		ck_assert(f == 6.25);
	}
	/* a pc that is no precise-state point is not claimed */
	ucontext_t uc;
	memset(&uc, 0, sizeof uc);
	ck_assert(!backend_x86_64.restore(xt_cpu, fault_tb, (uintptr_t)fault_tb->code, &uc));
	munmap(bad, 4096);
}
END_TEST

START_TEST(t_fused_address)
{
	/* g = g0 + g5 read only as the next access's address: the add is
	 * folded into it ([g0 + g5 + 8]).  It runs right, and a fault there
	 * restores g as the sum (and the pc of the access).  v0: the load
	 * overwrites g3 = g; v1: g is g0 itself; v2: a store */
	void *bad = bad_page();
	uint64_t mem[4] = { 11, 22, 33, 44 };
	for (unsigned v = 0; v < 3; v++) {
		unsigned g = v == 1 ? 0 : 3;
		struct ir_block *b = xt_begin();
		ir_insn_start(b, 0x1000);
		ir_op2(b, IR_ADD, IR_I64, XT_G(1), XT_G(1), ir_const(b, IR_I64, 5));
		ir_insn_start(b, 0x1004);
		ir_op2(b, IR_ADD, IR_I64, XT_G(g), XT_G(0), XT_G(5));
		ir_insn_start(b, 0x1008);
		if (v == 2)
			ir_st(b, IR_I64, XT_G(1), XT_G(g), 8, IR_MO_64);
		else
			ir_ld(b, IR_I64, XT_G(3), XT_G(g), 8, IR_MO_64);
		ir_insn_start(b, 0x100c);
		if (v > 0)
			ir_movi(b, IR_I64, XT_G(g), 7);
		ir_movi(b, IR_I64, XT_G(4), 1);
		ir_exit_loop(b, IR_EXIT_HALT, 0x1010);
		fault_tb = xt_gen(b);
		ck_assert_msg(loc_plus_bits(fault_tb) & TB_LOC_PLUS, "v%u: the add was not folded into the address", v);

		/* runs: [&mem[0] + 8 + 8] */
		*xt_g(0) = (uint64_t)(uintptr_t)mem;
		*xt_g(1) = 10;
		*xt_g(3) = 100;
		*xt_g(5) = 8;
		ck_assert_uint_eq(xt_run(fault_tb), IR_EXIT_HALT);
		ck_assert_uint_eq(*xt_g(1), 15);
		if (v == 2) {
			ck_assert_uint_eq(mem[2], 15);
			ck_assert_uint_eq(*xt_g(3), 7);
		} else {
			ck_assert_uint_eq(*xt_g(3), 33);
		}
		if (v == 1)
			ck_assert_uint_eq(*xt_g(0), 7);

		/* faults: g is the sum at the access */
		*xt_g(0) = (uint64_t)(uintptr_t)bad;
		*xt_g(1) = 10;
		*xt_g(3) = 100;
		*xt_g(4) = 0;
		*xt_g(5) = 16;
		xt_run_to_fault(fault_tb, v);
		ck_assert_uint_eq(xt_cpu->pc, 0x1008);
		ck_assert_uint_eq(*xt_g(g), (uintptr_t)bad + 16);
		ck_assert_uint_eq(*xt_g(1), 15);
		ck_assert_uint_eq(*xt_g(4), 0);
		ck_assert_uint_eq(*xt_g(5), 16);
		if (g != 3)
			ck_assert_uint_eq(*xt_g(3), 100);
		mem[2] = 33;
	}
	munmap(bad, 4096);
}
END_TEST

START_TEST(t_lazy_sext)
{
	/* g1 = sext32(g1 + g2) (a W op) is extended only where all 64 bits
	 * are needed: a 32-bit store of it and a compare with a 32-bit
	 * constant take it as it is; the exit stores it extended, and a
	 * fault before that restores it extended (TB_LOC_SEXT32).  The sum
	 * has bit 31 set, so a missing extension shows. */
	void *bad = bad_page();
	uint32_t mem[2] = { 0, 0 };
	ir_temp t;
	struct ir_block *b = xt_begin();
	t = ir_new(b, IR_I32);
	ir_insn_start(b, 0x1000);
	ir_op2(b, IR_ADD, IR_I32, t, XT_G(1), XT_G(2));
	ir_op1(b, IR_EXT32S, IR_I64, XT_G(1), t);
	ir_insn_start(b, 0x1004);
	ir_st(b, IR_I32, XT_G(1), XT_G(0), 0, IR_MO_32);
	ir_insn_start(b, 0x1008);
	ir_setcond(b, IR_I64, IR_LT, XT_G(3), XT_G(1), ir_const(b, IR_I64, (uint64_t)-5));
	ir_insn_start(b, 0x100c);
	ir_ld(b, IR_I32, XT_W(0), XT_G(4), 0, IR_MO_32);
	ir_exit_loop(b, IR_EXIT_HALT, 0x1010);
	fault_tb = xt_gen(b);
	ck_assert_msg(loc_plus_bits(fault_tb) & TB_LOC_SEXT32, "g1 was extended before the accesses");

	for (unsigned v = 0; v < 2; v++) {
		*xt_g(0) = (uint64_t)(uintptr_t)mem;
		*xt_g(1) = 0x7fffffff;
		*xt_g(2) = v ? 0xffffffff00000002ull : 2;      /* upper half ignored */
		*xt_g(3) = 99;
		*xt_g(4) = v ? (uint64_t)(uintptr_t)bad : (uint64_t)(uintptr_t)&mem[1];
		if (v) {
			xt_run_to_fault(fault_tb, v);
			ck_assert_uint_eq(xt_cpu->pc, 0x100c);
		} else {
			ck_assert_uint_eq(xt_run(fault_tb), IR_EXIT_HALT);
		}
		ck_assert_uint_eq(*xt_g(1), 0xffffffff80000001ull);
		ck_assert_uint_eq(mem[0], 0x80000001u);
		ck_assert_uint_eq(*xt_g(3), 1);         /* -2147483647 < -5 */
	}
	munmap(bad, 4096);
}
END_TEST

void x86_restore_tests(Suite *s)
{
	TCase *tc = tcase_create("restore");
	tcase_add_checked_fixture(tc, xt_setup, xt_teardown);
	tcase_add_test(tc, t_restore);
	tcase_add_test(tc, t_fused_address);
	tcase_add_test(tc, t_lazy_sext);
	suite_add_tcase(s, tc);
}
