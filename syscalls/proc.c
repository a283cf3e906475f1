/*
 * proc.c - the process and its threads as the guest sees them: exit, ids,
 * uname, resource limits and usage, random numbers, scheduling, prctl,
 * the thread bookkeeping glibc does at startup (set_tid_address,
 * set_robust_list, rseq) and riscv_flush_icache.
 *
 * exit and exit_group end the host process: warp has no guest state to
 * save, only its own logs to flush.  With one thread per process today,
 * exit is exit_group; threads/ will make exit end one thread.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include "internal.h"

/* ---- exit ---- */

static WARP_NORETURN void exit_process(struct cpu *cpu, int status)
{
	sys_vfork_release(cpu);
	cpu->proc->exit_code = status & 0xff;
	pcache_save(cpu->tc);
	sys_flush_logs(cpu);
	exit(status & 0xff);
}

int64_t sys_exit(struct cpu *cpu, const uint64_t *a)
{
	exit_process(cpu, (int)a[0]);
}

int64_t sys_exit_group(struct cpu *cpu, const uint64_t *a)
{
	exit_process(cpu, (int)a[0]);
}

/* ---- ids ---- */

int64_t sys_getpid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_getpid);
}

int64_t sys_getppid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_getppid);
}

int64_t sys_gettid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_gettid);
}

int64_t sys_getuid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_getuid);
}

int64_t sys_geteuid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_geteuid);
}

int64_t sys_getgid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_getgid);
}

int64_t sys_getegid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_getegid);
}

/* three 32-bit ids written to three guest pointers */
static int64_t put_ids(struct cpu *cpu, const uint64_t *a, const unsigned id[3])
{
	for (int i = 0; i < 3; i++)
		if (conv_put_word(cpu, a[i], id[i], 4) < 0)
			return -EFAULT;
	return 0;
}

int64_t sys_getresuid(struct cpu *cpu, const uint64_t *a)
{
	uid_t r, e, s;
	int64_t ret = HOST(SYS_getresuid, &r, &e, &s);
	const unsigned id[3] = { r, e, s };
	return ret < 0 ? ret : put_ids(cpu, a, id);
}

int64_t sys_getresgid(struct cpu *cpu, const uint64_t *a)
{
	gid_t r, e, s;
	int64_t ret = HOST(SYS_getresgid, &r, &e, &s);
	const unsigned id[3] = { r, e, s };
	return ret < 0 ? ret : put_ids(cpu, a, id);
}

int64_t sys_getgroups(struct cpu *cpu, const uint64_t *a)
{
	int size = (int)a[0];
	if (size < 0)
		return -EINVAL;
	if (size > NGROUPS_MAX)
		size = NGROUPS_MAX;
	gid_t *g = xmalloc((size ? size : 1) * sizeof *g);
	int64_t n = HOST(SYS_getgroups, size, g);
	for (int64_t i = 0; size && i < n; i++) {
		if (conv_put_word(cpu, a[1] + 4 * i, g[i], 4) < 0) {
			n = -EFAULT;
			break;
		}
	}
	free(g);
	return n;
}

int64_t sys_getpgid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_getpgid, (pid_t)a[0]);
}

int64_t sys_setpgid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setpgid, (pid_t)a[0], (pid_t)a[1]);
}

int64_t sys_getsid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_getsid, (pid_t)a[0]);
}

int64_t sys_setsid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setsid);
}

/* ---- the system ---- */

int64_t sys_uname(struct cpu *cpu, const uint64_t *a)
{
	struct utsname u;
	if (uname(&u) < 0)
		return -errno;
	/* everything from the host but the machine: the guest's */
	memset(u.machine, 0, sizeof u.machine);
	strncpy(u.machine, cpu->arch->uname_machine, sizeof u.machine - 1);
	/* six char[65] on every Linux ABI */
	return guest_write(cpu, a[0], &u, 6 * 65) < 0 ? -EFAULT : 0;
}

int64_t sys_sysinfo(struct cpu *cpu, const uint64_t *a)
{
	struct sysinfo si;
	if (sysinfo(&si) < 0)
		return -errno;
	uint64_t v[SI__N] = {
		[SI_UPTIME] = si.uptime, [SI_LOAD1] = si.loads[0],
		[SI_LOAD5] = si.loads[1], [SI_LOAD15] = si.loads[2],
		[SI_TOTALRAM] = si.totalram, [SI_FREERAM] = si.freeram,
		[SI_SHAREDRAM] = si.sharedram, [SI_BUFFERRAM] = si.bufferram,
		[SI_TOTALSWAP] = si.totalswap, [SI_FREESWAP] = si.freeswap,
		[SI_PROCS] = si.procs, [SI_TOTALHIGH] = si.totalhigh,
		[SI_FREEHIGH] = si.freehigh, [SI_MEM_UNIT] = si.mem_unit,
	};
	return conv_put(cpu, CONV_SYSINFO, v, a[0]);
}

int64_t sys_getrusage(struct cpu *cpu, const uint64_t *a)
{
	struct rusage ru;
	if (getrusage((int)a[0], &ru) < 0)
		return -errno;
	uint64_t v[RU__N] = {
		[RU_UTIME_SEC] = ru.ru_utime.tv_sec,
		[RU_UTIME_USEC] = ru.ru_utime.tv_usec,
		[RU_STIME_SEC] = ru.ru_stime.tv_sec,
		[RU_STIME_USEC] = ru.ru_stime.tv_usec,
		[RU_MAXRSS] = ru.ru_maxrss, [RU_IXRSS] = ru.ru_ixrss,
		[RU_IDRSS] = ru.ru_idrss, [RU_ISRSS] = ru.ru_isrss,
		[RU_MINFLT] = ru.ru_minflt, [RU_MAJFLT] = ru.ru_majflt,
		[RU_NSWAP] = ru.ru_nswap, [RU_INBLOCK] = ru.ru_inblock,
		[RU_OUBLOCK] = ru.ru_oublock, [RU_MSGSND] = ru.ru_msgsnd,
		[RU_MSGRCV] = ru.ru_msgrcv, [RU_NSIGNALS] = ru.ru_nsignals,
		[RU_NVCSW] = ru.ru_nvcsw, [RU_NIVCSW] = ru.ru_nivcsw,
	};
	return conv_put(cpu, CONV_RUSAGE, v, a[1]);
}

/* ---- resource limits ---- */

/*
 * Limits that would constrain warp itself rather than the guest (its code
 * buffer, its stack) are accepted for the guest and not applied to the
 * host process.  RLIMIT_* numbers are asm-generic, equal to x86-64's.
 */
static int64_t do_prlimit(struct cpu *cpu, pid_t pid, int res,
			  const struct rlimit *nl, struct rlimit *ol)
{
	bool self = pid == 0 || pid == getpid();
	if (nl && self && (res == RLIMIT_AS || res == RLIMIT_DATA ||
			   res == RLIMIT_STACK)) {
		if (nl->rlim_cur > nl->rlim_max)
			return -EINVAL;
		nl = NULL;
	}
	return HOST(SYS_prlimit64, pid, res, nl, ol);
}

int64_t sys_prlimit64(struct cpu *cpu, const uint64_t *a)
{
	struct rlimit nl, ol;
	uint64_t v[RL__N];
	int64_t r;

	if (a[2]) {
		r = conv_get(cpu, CONV_RLIMIT64, a[2], v);
		if (r < 0)
			return r;
		nl.rlim_cur = v[RL_CUR];
		nl.rlim_max = v[RL_MAX];
	}
	r = do_prlimit(cpu, (pid_t)a[0], (int)a[1], a[2] ? &nl : NULL,
		       a[3] ? &ol : NULL);
	if (r < 0 || !a[3])
		return r;
	v[RL_CUR] = ol.rlim_cur;
	v[RL_MAX] = ol.rlim_max;
	return conv_put(cpu, CONV_RLIMIT64, v, a[3]);
}

int64_t sys_getrlimit(struct cpu *cpu, const uint64_t *a)
{
	struct rlimit ol;
	int64_t r = do_prlimit(cpu, 0, (int)a[0], NULL, &ol);
	if (r < 0)
		return r;
	uint64_t v[RL__N] = { [RL_CUR] = ol.rlim_cur, [RL_MAX] = ol.rlim_max };
	return conv_put(cpu, CONV_RLIMIT, v, a[1]);
}

int64_t sys_setrlimit(struct cpu *cpu, const uint64_t *a)
{
	uint64_t v[RL__N];
	int64_t r = conv_get(cpu, CONV_RLIMIT, a[1], v);
	if (r < 0)
		return r;
	struct rlimit nl = { v[RL_CUR], v[RL_MAX] };
	return do_prlimit(cpu, 0, (int)a[0], &nl, NULL);
}

/* ---- misc ---- */

int64_t sys_getrandom(struct cpu *cpu, const uint64_t *a)
{
	sys_will_write(cpu, a[0], a[1]);
	return HOST(SYS_getrandom, gptr(cpu, a[0]), a[1], (unsigned)a[2]);
}

int64_t sys_prctl(struct cpu *cpu, const uint64_t *a)
{
	char name[16];
	int64_t r;

	switch ((int)a[0]) {
	case PR_SET_NAME:
		memset(name, 0, sizeof name);
		r = guest_strnlen(cpu, a[1], sizeof name);
		if (r == -EFAULT)
			return r;
		/* longer names are cut at 15 bytes, as the kernel does */
		if (guest_read(cpu, name, a[1], r < 0 ? 15 : r) < 0)
			return -EFAULT;
		return HOST(SYS_prctl, PR_SET_NAME, name, 0, 0, 0);
	case PR_GET_NAME:
		r = HOST(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
		if (r < 0)
			return r;
		return guest_write(cpu, a[1], name, sizeof name) < 0 ? -EFAULT : r;
	case PR_GET_PDEATHSIG: {
		int sig;
		r = HOST(SYS_prctl, PR_GET_PDEATHSIG, &sig, 0, 0, 0);
		if (r < 0)
			return r;
		return conv_put_word(cpu, a[1], sig, 4) < 0 ? -EFAULT : r;
	}
	case PR_SET_PDEATHSIG: case PR_GET_DUMPABLE: case PR_SET_DUMPABLE:
	case PR_SET_NO_NEW_PRIVS: case PR_GET_NO_NEW_PRIVS: case PR_CAPBSET_READ:
		return HOST(SYS_prctl, (int)a[0], a[1], a[2], a[3], a[4]);
	default:
		return sys_prctl_more(cpu, a);
	}
}

int64_t sys_sched_getaffinity(struct cpu *cpu, const uint64_t *a)
{
	sys_will_write(cpu, a[2], a[1]);
	return HOST(SYS_sched_getaffinity, (pid_t)a[0], a[1], gptr(cpu, a[2]));
}

int64_t sys_sched_yield(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_sched_yield);
}

int64_t sys_getcpu(struct cpu *cpu, const uint64_t *a)
{
	unsigned c, node;
	int64_t r = HOST(SYS_getcpu, &c, &node, NULL);
	if (r < 0)
		return r;
	if (a[0] && conv_put_word(cpu, a[0], c, 4) < 0)
		return -EFAULT;
	if (a[1] && conv_put_word(cpu, a[1], node, 4) < 0)
		return -EFAULT;
	return 0;
}

/* ---- thread bookkeeping ---- */

int64_t sys_set_tid_address(struct cpu *cpu, const uint64_t *a)
{
	/* recorded for thread exit (threads/); not given to the host, which
	 * would write the guest's word when warp's own thread ends */
	cpu->clear_child_tid = a[0];
	return HOST(SYS_gettid);
}

int64_t sys_set_robust_list(struct cpu *cpu, const uint64_t *a)
{
	/* struct robust_list_head: three words */
	if (a[1] != 3u * sys_conv(cpu)->long_size)
		return -EINVAL;
	cpu->robust_list = a[0];
	cpu->robust_list_len = a[1];
	return 0;
}

/*
 * kernel/futex/syscalls.c: the task (0: the caller) by its id, ESRCH when
 * there is none; EPERM when the caller may not ptrace-read it; then the
 * length is stored, then the head.  warp knows the guest's list of its
 * own thread only: for another task the host makes the lookup and the
 * ptrace check (so ESRCH and EPERM are the kernel's own), but what it
 * would hand back is that task's host list (warp's own glibc's, when the
 * task runs under warp), which is not a guest's robust_list_head.  So a
 * task the caller may read is answered as one it may not: EPERM, a
 * refusal callers handle, rather than a head that looks right and is not.
 */
int64_t sys_get_robust_list(struct cpu *cpu, const uint64_t *a)
{
	unsigned ls = sys_conv(cpu)->long_size;
	pid_t pid = a[0];

	if (pid && pid != (pid_t)syscall(SYS_gettid)) {
		void *head;
		size_t len;
		int64_t r = HOST(SYS_get_robust_list, pid, &head, &len);
		return r < 0 ? r : -EPERM;
	}
	/* the kernel's one size, set or not (set_robust_list takes no other) */
	if (conv_put_word(cpu, a[2], 3u * ls, ls) < 0 ||
	    conv_put_word(cpu, a[1], cpu->robust_list, ls) < 0)
		return -EFAULT;
	return 0;
}

int64_t sys_rseq(struct cpu *cpu, const uint64_t *a)
{
	/* glibc registers rseq when the kernel has it and carries on without
	 * it otherwise; nothing to log */
	return -ENOSYS;
}

int64_t sys_riscv_flush_icache(struct cpu *cpu, const uint64_t *a)
{
	/* SYS_RISCV_FLUSH_ICACHE_LOCAL is the only flag */
	if (a[2] & ~1ull)
		return -EINVAL;
	/* writes through the guest's own mappings are caught by page
	 * protection; this catches code written through another mapping of
	 * the same memory (JITs with a double mapping) */
	if (a[0] < a[1])
		tb_invalidate_range(cpu->tc, a[0], a[1]);
	return 0;
}
