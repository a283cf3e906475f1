/*
 * dispatch.c - from a guest syscall instruction to sys_<name>().
 *
 *   sys_dispatch(cpu)                     cpu->pc = the ecall / svc
 *     abi->get_args  -> (arch nr, a0..a5)
 *     abi->table[nr] -> generic id (syscalls.def), -1 unknown
 *     sys_table[id].fn(cpu, a)            or -ENOSYS, logged once per nr
 *     abi->set_ret(ret)                   unless SYS_NO_RESULT
 *
 * pc moves past the instruction before the implementation runs, so an
 * implementation that redirects the guest (sigreturn, execve) sets pc
 * itself and returns SYS_NO_RESULT.
 *
 * Owns the dispatch table; the per-arch number tables live in <arch>.c.
 */
#include <inttypes.h>
#include <stdio.h>

#include "internal.h"

#define KINDS_0()
#define KINDS_1(a) SK_##a
#define KINDS_2(a, b) SK_##a, SK_##b
#define KINDS_3(a, b, c) SK_##a, SK_##b, SK_##c
#define KINDS_4(a, b, c, d) SK_##a, SK_##b, SK_##c, SK_##d
#define KINDS_5(a, b, c, d, e) SK_##a, SK_##b, SK_##c, SK_##d, SK_##e
#define KINDS_6(a, b, c, d, e, f) \
	SK_##a, SK_##b, SK_##c, SK_##d, SK_##e, SK_##f
#define KINDS_PICK(_0, _1, _2, _3, _4, _5, _6, N, ...) N
#define KINDS(...) KINDS_PICK(_0, ##__VA_ARGS__, KINDS_6, KINDS_5, KINDS_4, \
			      KINDS_3, KINDS_2, KINDS_1, KINDS_0)(__VA_ARGS__)
#define COUNT(...) KINDS_PICK(_0, ##__VA_ARGS__, 6, 5, 4, 3, 2, 1, 0)

const struct sys_entry sys_table[SC__COUNT] = {
#define SYSCALL(name, n, ret, ...) \
	[SC_##name] = { #name, sys_##name, n, SK_##ret, { KINDS(__VA_ARGS__) } },
#define NOSYS(name) [SC_##name] = { #name, NULL, 0, SK_INT, { 0 } },
#include "syscalls.def"
#undef SYSCALL
#undef NOSYS
};

/* A row's arity must match the kinds it lists. */
#define SYSCALL(name, n, ret, ...) \
	_Static_assert(COUNT(__VA_ARGS__) == n, "syscalls.def: arity of " #name);
#define NOSYS(name)
#include "syscalls.def"
#undef SYSCALL
#undef NOSYS

void sys_flush_logs(struct cpu *cpu)
{
	if (cpu->tc && cpu->tc->log)
		fflush(cpu->tc->log);
	if (cpu->proc && cpu->proc->strace)
		fflush(cpu->proc->strace);
	fflush(stdout);
	fflush(stderr);
}

/*
 * Known syscalls that programs probe and fall back from when the kernel
 * lacks them (xz and tar try Landlock, glibc tries fchmodat2 before its
 * fallback): ENOSYS is an ordinary answer there, so it is logged only under
 * -d unimp, not on the program's stderr.
 */
static bool probed_quietly(int id)
{
	switch (id) {
	case SC_landlock_create_ruleset:
	case SC_landlock_add_rule:
	case SC_landlock_restrict_self:
	case SC_fchmodat2:
		return true;
	default:
		return false;
	}
}

static int64_t sys_unsupported(struct cpu *cpu, long nr, int id,
			       const uint64_t *a)
{
	struct process *proc = cpu->proc;
	/* one bit per number; numbers beyond the bitmap share the last bit */
	unsigned bit = (nr >= 0 && nr < 1023) ? (unsigned)nr : 1023;
	char num[32];
	const char *name = id >= 0 ? sys_table[id].name : NULL;

	if (!name) {
		snprintf(num, sizeof num, "%ld", nr);
		name = num;
	}
	if (!probed_quietly(id) && !(proc->enosys_logged[bit / 8] & (1u << (bit % 8)))) {
		proc->enosys_logged[bit / 8] |= 1u << (bit % 8);
		warp_msg(NULL, "unsupported syscall %s (returns ENOSYS)", name);
	}
	if (cpu->tc && (cpu->tc->log_mask & LOG_UNIMP) && cpu->tc->log)
		fprintf(cpu->tc->log,
			"unimp: syscall %s (nr %ld) at pc 0x%" PRIx64
			" args 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 "\n",
			name, nr, cpu->pc - cpu->arch->sys->insn_len,
			a[0], a[1], a[2]);
	return -ENOSYS;
}

static FILE *strace_file(const struct cpu *cpu)
{
	if (cpu->proc && cpu->proc->strace)
		return cpu->proc->strace;
	if (cpu->tc && (cpu->tc->log_mask & LOG_STRACE))
		return cpu->tc->log;
	return NULL;
}

void sys_dispatch(struct cpu *cpu)
{
	const struct sys_abi *abi = cpu->arch->sys;
	uint64_t a[6];
	long nr;
	int id = -1;
	int64_t ret;
	FILE *trace;

	abi->get_args(cpu, &nr, a);
	cpu->pc += abi->insn_len;
	if (nr >= 0 && (unsigned long)nr < abi->n_table)
		id = abi->table[nr];

	trace = strace_file(cpu);
	if (unlikely(trace))
		strace_enter(cpu, trace, nr, id, a);
	if (likely(id >= 0 && sys_table[id].fn))
		ret = sys_table[id].fn(cpu, a);
	else
		ret = sys_unsupported(cpu, nr, id, a);
	if (unlikely(trace))
		strace_exit(cpu, trace, nr, id, a, ret);
	if (ret != SYS_NO_RESULT)
		abi->set_ret(cpu, ret);
}
