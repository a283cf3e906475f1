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
#include "util.h"

struct cpu;

struct sys_abi {
	const int16_t *table;       /* arch nr -> SYS_* id, -1 if none */
	unsigned n_table;
	void (*get_args)(const struct cpu *cpu, long *nr, uint64_t args[6]);
	void (*set_ret)(struct cpu *cpu, int64_t ret);
	unsigned insn_len;          /* bytes of the syscall instruction */
};

extern const struct sys_abi sys_abi_riscv64;

/* Called by cpu_loop through os_syscall(); advances pc past the insn. */
void sys_dispatch(struct cpu *cpu);

#endif
