/*
 * syscall.h - the guest syscall layer.
 *
 * A guest syscall arrives as (arch number, six raw arguments).  The arch's
 * table (syscalls/<arch>.c) maps the number to a generic id from
 * syscalls.def; one generic implementation sys_<name>() serves every arch.
 * Results follow the kernel: >= 0 or a negative errno.
 */
#ifndef WARP_SYSCALL_H
#define WARP_SYSCALL_H

#include <stdint.h>
#include <stdio.h>
#include "util.h"

struct cpu;

struct sys_abi {
	const int16_t *table;       /* arch nr -> SYS_* id, -1 if none */
	unsigned n_table;
	void (*get_args)(const struct cpu *cpu, long *nr, uint64_t args[6]);
	void (*set_ret)(struct cpu *cpu, int64_t ret);
	unsigned insn_len;          /* bytes of the syscall instruction */
	/* struct layouts, flag and errno maps of this ABI (syscalls/conv.h) */
	const struct sys_conv *conv;
	/* /proc/cpuinfo in this arch's format for N_CPUS cpus, or NULL
	 * (the host's file then) */
	void (*cpuinfo)(FILE *f, unsigned n_cpus);
	/* clone: arguments (flags, sp, ptid, tls, ctid) when set, as with the
	 * kernel's CONFIG_CLONE_BACKWARDS; else (flags, sp, ptid, ctid, tls) */
	bool clone_tls_before_ctid;
	/* the registers a new process or thread starts with */
	void (*set_sp)(struct cpu *cpu, gaddr_t sp);
	void (*set_tls)(struct cpu *cpu, gaddr_t tls);
};

extern const struct sys_abi sys_abi_riscv64;

/* Called by cpu_loop through os_syscall(); advances pc past the insn. */
void sys_dispatch(struct cpu *cpu);

struct process;
/* [start, start+len) is warp's own memory (code buffer, a thread's stack):
 * a guest mmap(MAP_FIXED) or brk over it fails with ENOMEM. */
void sys_note_warp_region(struct process *proc, uint64_t start, uint64_t len);

/* At start-up, before the guest runs (syscalls/exec.c): take over what a
 * guest that exec'd this warp left in the host process (signals it
 * ignored, its signal mask) as the new guest's state. */
void sys_exec_inherit(struct cpu *cpu);

#endif
