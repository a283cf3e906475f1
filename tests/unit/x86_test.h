/*
 * x86_test.h - the harness shared by the x86 backend's IR-level tests: a
 * fake guest (I64, I32 and F64 globals in env), a translation cache with a
 * real code buffer, one cpu, and helpers to generate and run blocks with
 * the JIT and with the interpreter (the oracle).
 */
#ifndef WARP_TESTS_X86_TEST_H
#define WARP_TESTS_X86_TEST_H

#include <check.h>
#include "tb.h"
#include "cpu.h"
#include "guest.h"

/* globals: G(0..15) I64 at 8*i, W(0..1) I32 at 128+4*i, F(0..7) F64 at 136+8*i */
#define XT_G(i) (i)
#define XT_W(i) (16 + (i))
#define XT_F(i) (18 + (i))
#define XT_NG 26

extern struct tcache *xt_tc;
extern struct cpu *xt_cpu;
extern struct ir_block xt_ir;

/* integer values with the edge cases of both widths (x86_ir.c) */
extern const uint64_t xt_ivals[];
extern const unsigned xt_n_ivals;

void xt_setup(void);
void xt_teardown(void);
/* start a new block at guest pc 0x1000 with rounding mode RNE */
struct ir_block *xt_begin(void);
struct tb *xt_gen(struct ir_block *b);
struct tb *xt_gen_interp(struct ir_block *b);
uint64_t xt_run(struct tb *tb);
uint64_t xt_run_on(struct cpu *cpu, const struct backend *be, struct tb *tb);
uint64_t *xt_g(unsigned i);
uint32_t *xt_w(unsigned i);
uint64_t *xt_f(unsigned i);
struct cpu *xt_new_cpu(void);
/* print the block and its host code (for a failing case) */
void xt_dump(struct ir_block *b, struct tb *tb);

void x86_rand_tests(Suite *s);
void x86_restore_tests(Suite *s);
/* x86_restore.c: catch SIGSEGV (OLD: the previous action, or NULL) with a
 * handler that restores the guest state of the block xt_run_to_fault runs;
 * run TB, which must fault at a precise-state point (else fail, naming
 * VARIANT) */
struct sigaction;
void xt_catch_faults(struct sigaction *old);
void xt_run_to_fault(struct tb *tb, unsigned variant);
void x86_loop_tests(Suite *s);
void x86_flow_tests(Suite *s);

#endif
