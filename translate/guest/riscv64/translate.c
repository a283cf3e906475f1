/*
 * translate.c - decode one riscv64 block into IR.
 *
 * A block is straight-line code from ir->pc: 16- and 32-bit instructions
 * (the length is in the low two bits), each preceded by INSN_START.  It
 * ends after an instruction that transfers control or returns to the CPU
 * loop (dc.end), before the first instruction on a different page than
 * the block's first one, or after max_insns; the last two fall through
 * with EXIT_DIRECT slot 0.  An instruction that straddles a page boundary
 * belongs to the block, which then spans two pages (ir->end_pc says so).
 *
 * Fetching: guest code is read in place (g2h), each read with a recovery
 * point armed (signals/fault.h; no system call): an unmapped or unreadable
 * page makes the read fault into it instead of crashing warp.  The first
 * instruction then gives -EFAULT (the caller raises SIGSEGV); a later one
 * (only the upper half of a straddling instruction can be on another page)
 * ends the block before it, so the fault is raised when it runs as the
 * first of its own block.
 *
 * An encoding no trans function accepts becomes EXIT_LOOP(ILLEGAL, pc);
 * anything it emitted is dropped first.
 */
#include <errno.h>
#include <setjmp.h>
#include <string.h>
#include "rv.h"
#include "signals/fault.h"

#define RV_PAGE 4096u

/* Read the instruction at PC: its length (2 or 4), or 0 when the page (or
 * the second page of a straddling instruction) cannot be read. */
static unsigned fetch(struct cpu *cpu, gaddr_t pc, uint32_t *insn)
{
	sigjmp_buf env;
	sigjmp_buf *saved = sig_recover;
	uint32_t v;
	unsigned len = 2;

	if (sigsetjmp(env, 0)) {
		sig_recover = saved;
		return 0;
	}
	sig_recover = &env;
	v = *(const volatile uint16_t *)g2h(cpu, pc);
	if ((v & 3) == 3) {
		v |= (uint32_t)*(const volatile uint16_t *)g2h(cpu, pc + 2) << 16;
		len = 4;
	}
	sig_recover = saved;
	*insn = v;
	return len;
}

int rv_translate_block(struct cpu *cpu, struct ir_block *ir, unsigned max_insns)
{
	struct rv_dc dc = { .cpu = cpu, .ir = ir, .flags = ir->flags };
	gaddr_t pc = ir->pc;
	gaddr_t page = pc & ~(gaddr_t)(RV_PAGE - 1);
	unsigned n = 0;

	for (int i = 0; i < 32; i++)
		dc.fs_cache[i] = IR_NONE;
	if (!max_insns)
		max_insns = 1;
	for (;;) {
		uint32_t insn;
		unsigned len = fetch(cpu, pc, &insn), mark;
		bool ok;

		if (!len) {
			if (!n)
				return -EFAULT;
			ir_exit_direct(ir, 0, pc);
			break;
		}
		dc.pc = pc;
		dc.next_pc = pc + len;
		dc.end = false;
		ir_insn_start(ir, pc);
		mark = ir->n_insns;
		ok = len == 4 ? rv_decode32(&dc, insn) : rv_decode16(&dc, insn);
		if (!ok) {
			ir->n_insns = mark;
			rv_exit_loop(&dc, IR_EXIT_ILLEGAL, pc);
		}
		n++;
		pc += len;
		if (dc.end)
			break;
		if (n >= max_insns || (pc & ~(gaddr_t)(RV_PAGE - 1)) != page) {
			ir_exit_direct(ir, 0, pc);
			break;
		}
	}
	ir->end_pc = pc;
	ir->n_guest_insns = n;
	return 0;
}
