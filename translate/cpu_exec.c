/*
 * cpu_exec.c - the user-mode CPU loop: find a block, run it, act on why it
 * stopped.
 *
 *           +--------------------------------------------------+
 *           v                                                  |
 *   jump cache / tb_find(pc, flags) --> be->exec(cpu, tb) --> exit code
 *           |  miss: translate                    |            |
 *           |  fetch fault: SIGSEGV               |  chain request: tb_chain()
 *           v                                     |  syscall: os_syscall()
 *   os_guest_signal()  <------- fault ------------+  mode: recompute flags
 *                      (siglongjmp from the host SIGSEGV handler into
 *                       cpu->loop_jmp, state restored by be->restore)
 *
 * MXCSR: while guest code runs (and between blocks) the host MXCSR holds
 * the guest's dynamic rounding mode and accrued FP flags; see fpu.h.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "tb.h"
#include "guest.h"
#include "fpu.h"
#include "../signals/fault.h"

struct cpu *cpu_new(const struct guest_arch *arch, struct tcache *tc,
		    struct process *proc)
{
	struct cpu *cpu;
	if (posix_memalign((void **)&cpu, 64, sizeof *cpu))
		warp_fatal(1, "warp", "out of memory");
	memset(cpu, 0, sizeof *cpu);
	cpu->arch = arch;
	cpu->tc = tc;
	cpu->proc = proc;
	cpu->jc = xmalloc(JC_SIZE * sizeof *cpu->jc);
	cpu_jc_flush(cpu);
	if (arch->cpu_init)
		arch->cpu_init(cpu);
	pthread_mutex_lock(&tc->lock);
	cpu->next_cpu = tc->cpus;
	tc->cpus = cpu;
	pthread_mutex_unlock(&tc->lock);
	return cpu;
}

void cpu_jc_flush(struct cpu *cpu)
{
	for (unsigned i = 0; i < JC_SIZE; i++) {
		cpu->jc[i].pc = jc_empty_key(i);
		cpu->jc[i].code = NULL;
	}
}

/* Make the host MXCSR match the guest's rounding mode for FLAGS. */
static void set_guest_rounding(struct cpu *cpu)
{
	unsigned rm = cpu->arch->tb_flags_rm ? cpu->arch->tb_flags_rm(cpu->tb_flags) : IR_RM_RNE;
	uint32_t m = fpu_get_mxcsr();
	m = (m & ~0x6000u) | fpu_mxcsr_rc(rm);
	fpu_set_mxcsr(m);
}

static void log_exec(struct cpu *cpu, struct tb *tb)
{
	fprintf(cpu->tc->log, "Trace: pc=0x%" PRIx64 " flags=0x%x host=%p\n", tb->pc,
		tb->flags, tb->code);
}

void cpu_loop(struct cpu *cpu)
{
	struct tcache *tc = cpu->tc;
	const struct backend *be = tc->be;
	bool logging = tc->log_mask & LOG_EXEC;

	cpu_current = cpu;
	sig_init_thread(cpu);
	cpu->tb_flags = cpu->arch->tb_flags(cpu);
	/* guest FP state starts clean: all exceptions masked, no flags */
	fpu_set_mxcsr(0x1f80);
	set_guest_rounding(cpu);

	if (sigsetjmp(cpu->loop_jmp, 1)) {
		/* a fault in guest code: state was restored by the handler */
		cpu->cur_tb = NULL;
		os_guest_signal(cpu, cpu->fault_signo, cpu->fault_code, cpu->fault_addr);
	}

	for (;;) {
		gaddr_t pc = cpu->pc;
		uint64_t key = pc ^ jc_flags_key(cpu->tb_flags);
		struct jc_entry *e = &cpu->jc[JC_INDEX(pc)];
		struct tb *tb;

		if (e->pc == key && be == &backend_interp) {
			tb = e->code;
		} else {
			tb = tb_find(cpu, pc, cpu->tb_flags);
			if (!tb) {
				os_guest_signal(cpu, SIGSEGV, SEGV_MAPERR, pc);
				continue;
			}
			if (!logging) {
				e->pc = key;
				e->code = be == &backend_interp ? (void *)tb : tb->code;
			}
		}
		if (logging)
			log_exec(cpu, tb);

		cpu->cur_tb = tb;
		uint64_t r = be->exec(cpu, tb);
		cpu->cur_tb = NULL;

		if (r >= 4096) {
			/* a direct exit asks to be chained to its target */
			struct tb *from = (struct tb *)(uintptr_t)(r & ~(uint64_t)TB_EXIT_CHAIN_MASK);
			unsigned slot = (unsigned)(r & TB_EXIT_CHAIN_MASK) - 1;
			cpu->pc = from->exit[slot].pc;
			if (logging)
				continue;
			struct tb *to = tb_find(cpu, cpu->pc, cpu->tb_flags);
			if (to) {
				tb_chain(tc, from, slot, to);
				struct jc_entry *te = &cpu->jc[JC_INDEX(cpu->pc)];
				te->pc = cpu->pc ^ jc_flags_key(cpu->tb_flags);
				te->code = to->code;
			}
			continue;
		}
		switch ((enum ir_exit)r) {
		case IR_EXIT_LOOKUP:
			break;
		case IR_EXIT_FLUSH:
			tb_flush_icache(tc, cpu->guest_base);
			break;
		case IR_EXIT_REQUEST:
			cpu->exit_request = 0;
			break;
		case IR_EXIT_SYSCALL:
			os_syscall(cpu);
			break;
		case IR_EXIT_BREAKPOINT:
			os_guest_signal(cpu, SIGTRAP, TRAP_BRKPT, cpu->pc);
			break;
		case IR_EXIT_ILLEGAL:
			os_guest_signal(cpu, SIGILL, ILL_ILLOPC, cpu->pc);
			break;
		case IR_EXIT_MODE: {
			uint32_t f = cpu->arch->tb_flags(cpu);
			if (f != cpu->tb_flags) {
				cpu->tb_flags = f;
				set_guest_rounding(cpu);
			}
			break;
		}
		case IR_EXIT_FAULT:
			os_guest_signal(cpu, cpu->fault_signo, cpu->fault_code, cpu->fault_addr);
			break;
		case IR_EXIT_HOT:
			tb_promote(cpu, cpu->pc, cpu->tb_flags);
			break;
		case IR_EXIT_HALT:
		default:
			warp_bug(__FILE__, __LINE__, "unexpected exit code %" PRIu64, r);
		}
	}
}
