/*
 * cpu.h - one guest CPU (one guest thread) and the shared state it points at.
 *
 * struct cpu opens with the arch's register file (env): generated code keeps
 * a pointer to the cpu in a host register and reaches every guest global at
 * a fixed offset.  The generic fields after env are also read by generated
 * code (pc, jump cache) or the interpreter (exit_request), so their
 * offsets are part of the backends' contract: keep them in this order.
 *
 * Ownership: a cpu belongs to one host thread.  struct tcache (the
 * translation cache) and struct process are shared by all cpus of a
 * process.
 */
#ifndef WARP_CPU_H
#define WARP_CPU_H

#include <setjmp.h>
#include <stdint.h>
#include "util.h"

#define CPU_ENV_SIZE 1024

/* Per-thread direct-mapped jump cache, probed inline by generated code. */
#define JC_BITS 12
#define JC_SIZE (1u << JC_BITS)
struct jc_entry {
	uint64_t pc;            /* key: guest pc ^ jc_flags_key(mode flags) */
	void *code;             /* host entry (JIT) or struct tb * (interp) */
};
#define JC_INDEX(pc) (((pc) >> 1) & (JC_SIZE - 1))
/* Mode flags go into the key's top byte, so that a change of mode (a new
 * rounding mode) needs no flush: entries of other modes simply miss. */
static inline uint64_t jc_flags_key(uint32_t flags)
{
	return (uint64_t)flags << 56;
}
/* An empty slot i holds a key whose index is i+1: it can never match. */
static inline uint64_t jc_empty_key(unsigned i)
{
	return (uint64_t)((i + 1) & (JC_SIZE - 1)) << 1;
}

struct tb;
struct tcache;
struct process;
struct guest_arch;

struct cpu {
	/* the arch's registers: translate/guest/<arch>/cpu.h overlays this */
	uint8_t env[CPU_ENV_SIZE] __attribute__((aligned(64)));

	/* --- read and written by generated code --- */
	uint64_t pc;                   /* next guest pc when outside a block */
	/* non-zero: the interpreter leaves at its next backward jump (JIT
	 * code does not poll it: see backend.break_loops) */
	volatile int32_t exit_request;
	uint32_t tb_flags;             /* mode flags of the current state */
	struct jc_entry *jc;           /* JC_SIZE entries */
	uint64_t guest_base;           /* host address of guest address 0 */
	uint64_t fault_addr;           /* IR_EXIT_FAULT: the guest address */
	int32_t fault_signo;           /* IR_EXIT_FAULT: SIGSEGV / SIGBUS */
	int32_t fault_code;            /* si_code for the guest */

	/* --- C side only --- */
	const struct guest_arch *arch;
	struct tcache *tc;
	struct process *proc;
	struct tb *cur_tb;             /* block running (for reports) */
	sigjmp_buf loop_jmp;           /* fault recovery into cpu_loop() */
	int tid;
	uint32_t host_mxcsr;           /* MXCSR of warp's own C code */
	volatile int guest_access;     /* interp: a guest load/store is running */
	struct cpu *next_cpu;          /* all cpus of the process (tc->cpus) */
	/* per-thread OS state recorded by syscalls/ */
	gaddr_t clear_child_tid;       /* set_tid_address */
	gaddr_t robust_list;           /* set_robust_list */
	uint64_t robust_list_len;
	uint64_t sig_blocked;          /* guest signal mask: bit n-1 = signal n */
	gaddr_t altstack_sp;           /* sigaltstack; size 0 = disabled */
	uint64_t altstack_size;
	int32_t altstack_flags;        /* SS_AUTODISARM */
};

#define CPU_OFF(field) ((unsigned)__builtin_offsetof(struct cpu, field))

static inline void *g2h(const struct cpu *cpu, gaddr_t a)
{
	return (void *)(uintptr_t)(a + cpu->guest_base);
}
static inline gaddr_t h2g(const struct cpu *cpu, const void *p)
{
	return (gaddr_t)(uintptr_t)p - cpu->guest_base;
}

/* Allocate a cpu for ARCH with a fresh jump cache. */
struct cpu *cpu_new(const struct guest_arch *arch, struct tcache *tc,
		    struct process *proc);
void cpu_jc_flush(struct cpu *cpu);

/*
 * Run guest code until the guest exits the process (never returns) -- the
 * user-mode loop in translate/cpu_exec.c.  OS events (syscalls, faults,
 * breakpoints) go to the frontend through the hooks below.
 */
WARP_NORETURN void cpu_loop(struct cpu *cpu);

/* Frontend hooks called by cpu_loop (user mode: syscalls/, signals/). */
void os_syscall(struct cpu *cpu);               /* cpu->pc = the syscall insn */
/* Deliver SIGNO to the guest (no handlers yet: die of it). */
void os_guest_signal(struct cpu *cpu, int signo, int code, gaddr_t addr);

#endif
