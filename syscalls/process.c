/*
 * process.c - new processes and what a process may change about itself:
 * clone/clone3 without CLONE_VM (fork, vfork), wait4/waitid, credentials
 * (the setuid family, groups, capabilities), personality, chroot,
 * pivot_root, priorities and the sched_* calls, namespaces, pidfds, and
 * the prctl operations proc.c does not handle.  execve is exec.c's.
 *
 * A guest fork is a host fork of warp: the child is a copy of everything,
 * guest memory and warp alike, and goes on from the same syscall with 0 in
 * the result register.  Two things must not stay shared:
 *
 *   the code buffer   it is MAP_SHARED (two views of one memfd), so the
 *                     child gets its own copy: tc_fork_prepare() before the
 *                     host fork, tc_after_fork() in both processes after;
 *   warp's stdio      buffered logs are flushed first, or both processes
 *                     would write the same lines.
 *
 * vfork (CLONE_VM | CLONE_VFORK) is a host CLONE_VFORK without CLONE_VM:
 * the kernel holds the parent until the child has exec'd or exited, and
 * the guest pages the child wrote are copied into the parent just before
 * (sys_vfork_release), so the guest sees one memory as with a real vfork
 * (glibc's posix_spawn returns the exec error that way).  The child starts
 * with an empty translation cache instead of a copy, since it is about to
 * exec.  clone with CLONE_VM and no CLONE_VFORK creates a thread, which is
 * threads/' work: ENOSYS for now.
 *
 * Everything else passes through to the host: the caller's credentials,
 * priorities and namespaces are warp's, which is what the guest expects of
 * "its" process.  Raw syscalls are used where glibc would add behaviour of
 * its own (setuid broadcasts to all threads; the kernel call changes only
 * the calling thread, which is the guest's semantics).
 */
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/sched.h>

#include "internal.h"
#include "../loader/vma.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ull
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ull
#endif

/* ---- fork ---- */

/* What a guest clone asks for, from clone or clone3. */
struct clone_req {
	uint64_t flags;         /* CLONE_* without the exit signal */
	int exit_signal;
	gaddr_t stack;          /* the child's sp, 0: unchanged */
	gaddr_t ptid, ctid, tls;
	gaddr_t pidfd;          /* where CLONE_PIDFD stores the pidfd */
	int cgroup;             /* CLONE_INTO_CGROUP */
	bool clone3;
};

/* Flags the host kernel applies for us, as they are. */
#define CLONE_PASS (CLONE_PARENT | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | \
		    CLONE_IO | CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
		    CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
		    CLONE_PTRACE | CLONE_UNTRACED)
/* Flags warp implements itself. */
#define CLONE_OWN (CLONE_VM | CLONE_VFORK | CLONE_SETTLS | \
		   CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
		   CLONE_CHILD_CLEARTID | CLONE_PIDFD | CLONE_CLEAR_SIGHAND | \
		   CLONE_DETACHED)

/* The flag checks of the kernel's copy_process() that concern us. */
static int clone_check(const struct clone_req *r)
{
	uint64_t f = r->flags;

	if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
		return -EINVAL;
	if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
		return -EINVAL;
	if ((f & CLONE_PIDFD) && (f & CLONE_DETACHED) && !r->clone3)
		return -EINVAL;
	if ((f & CLONE_CLEAR_SIGHAND) && (f & CLONE_SIGHAND))
		return -EINVAL;
	if (r->exit_signal < 0 || r->exit_signal > 64)
		return -EINVAL;
	if (f & ~(CLONE_PASS | CLONE_OWN | CLONE_THREAD | CLONE_SIGHAND |
		  CLONE_INTO_CGROUP | CLONE_NEWTIME))
		return -EINVAL;
	return 0;
}

/*
 * The host side of the fork.  glibc's fork() when nothing special is
 * asked (it keeps glibc's own state right in the child), the raw clone3
 * call otherwise.  A vfork is CLONE_VFORK without CLONE_VM: the child has
 * a copy of memory, and the kernel holds the parent until the child execs
 * or exits, as for a real vfork.  Returns the child's pid, 0 in the
 * child, or -errno.
 */
static long host_fork(const struct clone_req *r, int *pidfd)
{
	uint64_t host_flags = r->flags & (CLONE_PASS | CLONE_VFORK);
	bool plain = !host_flags && r->exit_signal == SIGCHLD &&
		     !(r->flags & (CLONE_PIDFD | CLONE_INTO_CGROUP));

	if (plain) {
		pid_t pid = fork();
		return pid < 0 ? -errno : pid;
	}
	struct clone_args ca;
	memset(&ca, 0, sizeof ca);
	ca.flags = host_flags | (r->flags & (CLONE_PIDFD | CLONE_INTO_CGROUP));
	ca.exit_signal = r->exit_signal;
	ca.pidfd = (uintptr_t)pidfd;
	ca.cgroup = r->cgroup;
	long ret = syscall(SYS_clone3, &ca, sizeof ca);
	if (ret < 0 && errno == ENOSYS && !(r->flags & CLONE_INTO_CGROUP)) {
		/* x86-64 order: flags, stack, parent_tid, child_tid, tls */
		ret = syscall(SYS_clone, (unsigned long)(ca.flags | r->exit_signal),
			      NULL, pidfd, NULL, 0UL);
	}
	return ret < 0 ? -errno : ret;
}

/*
 * vfork shares memory; our vfork child has a copy.  So that its writes
 * reach the parent as they would (glibc's posix_spawn returns the exec
 * error that way), the child copies the guest pages it wrote into the
 * parent (process_vm_writev) just before it execs or exits
 * (sys_vfork_release).  The pages it wrote are the anonymous ones it maps
 * alone: after the fork every page is shared copy-on-write, and a write
 * gives the writer a page of its own (/proc/self/pagemap: present,
 * anonymous, exclusively mapped).  The parent's memory has not changed meanwhile: the kernel
 * holds it in the clone call.  A page the parent write-protects because
 * it holds translated code refuses the copy; a child that dies of a signal
 * copies nothing.
 */
#define PM_PRESENT (1ull << 63)
#define PM_FILE (1ull << 61)            /* or shared: nothing to copy */
#define PM_EXCLUSIVE (1ull << 56)
#define VFORK_RUN_MAX (64 * 4096)

static void vfork_send(struct cpu *cpu, pid_t parent, gaddr_t a, uint64_t len)
{
	struct iovec local = { g2h(cpu, a), len }, remote = local;
	/* a run the parent refuses in part: try its pages one by one */
	if (process_vm_writev(parent, &local, 1, &remote, 1, 0) == (ssize_t)len)
		return;
	for (uint64_t off = 0; len > 4096 && off < len; off += 4096) {
		local = (struct iovec){ g2h(cpu, a + off), 4096 };
		remote = local;
		(void)!process_vm_writev(parent, &local, 1, &remote, 1, 0);
	}
}

void sys_vfork_release(struct cpu *cpu)
{
	struct process *proc = cpu->proc;
	struct vma *v = NULL;
	uint64_t pm[512];
	unsigned n;
	int pfd;

	if (!proc->vfork_parent)
		return;
	pfd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pfd < 0)
		return;
	n = vma_get(vma_list(proc), 0, ~(gaddr_t)0, &v);
	for (unsigned i = 0; i < n; i++) {
		if ((v[i].flags & VMA_HIDDEN) || !(v[i].prot & PROT_WRITE))
			continue;
		gaddr_t run = 0;
		uint64_t run_len = 0;
		for (gaddr_t a = v[i].start; a < v[i].end; a += 512 * 4096ull) {
			uint64_t pages = (v[i].end - a) / 4096;
			if (pages > 512)
				pages = 512;
			off_t off = (off_t)((a + cpu->guest_base) / 4096 * 8);
			if (pread(pfd, pm, pages * 8, off) != (ssize_t)(pages * 8))
				break;
			for (uint64_t k = 0; k < pages; k++) {
				gaddr_t pa = a + k * 4096;
				bool dirty = (pm[k] & (PM_PRESENT | PM_FILE | PM_EXCLUSIVE)) ==
					     (PM_PRESENT | PM_EXCLUSIVE);
				if (dirty && run_len && run + run_len == pa &&
				    run_len < VFORK_RUN_MAX) {
					run_len += 4096;
					continue;
				}
				if (run_len)
					vfork_send(cpu, proc->vfork_parent, run, run_len);
				run = pa;
				run_len = dirty ? 4096 : 0;
			}
		}
		if (run_len)
			vfork_send(cpu, proc->vfork_parent, run, run_len);
	}
	free(v);
	close(pfd);
}

/* Under Yama's ptrace_scope 1 a process may write into its descendants
 * only: let the vfork child write into us while we wait for it. */
static bool yama_restricted(void)
{
	char c = '0';
	int fd = open("/proc/sys/kernel/yama/ptrace_scope", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (read(fd, &c, 1) != 1)
		c = '0';
	close(fd);
	return c == '1';
}

static void child_starts(struct cpu *cpu, const struct clone_req *r)
{
	const struct sys_abi *abi = cpu->arch->sys;

	if (r->stack)
		abi->set_sp(cpu, r->stack);
	if (r->flags & CLONE_SETTLS)
		abi->set_tls(cpu, r->tls);
	/* the kernel writes the child's tid into the child's memory before
	 * the child runs; a bad pointer is not the child's error */
	if (r->flags & CLONE_CHILD_SETTID)
		(void)!conv_put_word(cpu, r->ctid, (uint64_t)syscall(SYS_gettid), 4);
	cpu->clear_child_tid = (r->flags & CLONE_CHILD_CLEARTID) ? r->ctid : 0;
	if (r->flags & CLONE_CLEAR_SIGHAND) {
		for (unsigned i = 0; i < ARRAY_SIZE(cpu->proc->sigact); i++) {
			struct guest_sigaction *ga = &cpu->proc->sigact[i];
			if (ga->handler != (uint64_t)(uintptr_t)SIG_IGN)
				ga->handler = (uint64_t)(uintptr_t)SIG_DFL;
		}
	}
}

static int64_t do_fork(struct cpu *cpu, const struct clone_req *r)
{
	struct tc_fork tf;
	int pidfd = -1;
	bool vfork = r->flags & CLONE_VFORK, yama = false;
	pid_t parent = getpid();
	long pid;
	int err;

	err = clone_check(r);
	if (err)
		return err;
	if ((r->flags & CLONE_VM) && !vfork) {
		if (!(cpu->proc->enosys_logged[SC_clone / 8] & (1u << (SC_clone % 8)))) {
			cpu->proc->enosys_logged[SC_clone / 8] |= 1u << (SC_clone % 8);
			warp_msg(NULL, "threads (clone with CLONE_VM) are not supported "
				 "yet: clone returns ENOSYS");
		}
		return -ENOSYS;
	}
	sys_flush_logs(cpu);
	err = tc_fork_prepare(cpu->tc, !vfork, &tf);
	if (err)
		return -EAGAIN;
	if (vfork && (yama = yama_restricted()))
		prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
	pid = host_fork(r, &pidfd);
	/* a vfork's parent gets here once the child has exec'd or exited */
	if (yama && pid != 0)
		prctl(PR_SET_PTRACER, 0, 0, 0, 0);
	tc_after_fork(cpu->tc, &tf, pid == 0);
	if (pid == 0) {
		/* (a vfork child's own children write to nobody) */
		cpu->proc->vfork_parent = vfork ? parent : 0;
		/* the kernel stores the parent's copy in shared memory */
		if (vfork && (r->flags & CLONE_PARENT_SETTID))
			(void)!conv_put_word(cpu, r->ptid, (uint64_t)getpid(), 4);
		child_starts(cpu, r);
		return 0;
	}
	if (pid < 0)
		return pid;
	if ((r->flags & CLONE_PIDFD) &&
	    conv_put_word(cpu, r->pidfd, (uint64_t)pidfd, 4) < 0) {
		/* the child runs anyway, as with the kernel's late EFAULT */
		close(pidfd);
		pid = -EFAULT;
	}
	if ((r->flags & CLONE_PARENT_SETTID) && pid > 0)
		(void)!conv_put_word(cpu, r->ptid, (uint64_t)pid, 4);
	return pid;
}

int64_t sys_clone(struct cpu *cpu, const uint64_t *a)
{
	bool backwards = cpu->arch->sys->clone_tls_before_ctid;
	struct clone_req r = {
		.flags = a[0] & ~0xffull & 0xffffffffull,
		.exit_signal = (int)(a[0] & 0xff),
		.stack = a[1],
		.ptid = a[2],
		.tls = backwards ? a[3] : a[4],
		.ctid = backwards ? a[4] : a[3],
	};
	/* clone() puts the pidfd where the parent tid would go; the two
	 * cannot be asked for together */
	if (r.flags & CLONE_PIDFD) {
		if (r.flags & CLONE_PARENT_SETTID)
			return -EINVAL;
		r.pidfd = r.ptid;
	}
	return do_fork(cpu, &r);
}

/* struct clone_args: u64 fields on every ABI */
enum { CA_FLAGS, CA_PIDFD, CA_CHILD_TID, CA_PARENT_TID, CA_EXIT_SIGNAL,
       CA_STACK, CA_STACK_SIZE, CA_TLS, CA_SET_TID, CA_SET_TID_SIZE,
       CA_CGROUP, CA__N };
#define CLONE_ARGS_SIZE_VER0 64

int64_t sys_clone3(struct cpu *cpu, const uint64_t *a)
{
	uint64_t v[CA__N] = { 0 };
	uint64_t size = a[1];

	if (size < CLONE_ARGS_SIZE_VER0 || size > 4096)
		return size > 4096 ? -E2BIG : -EINVAL;
	for (unsigned i = 0; i < CA__N && 8 * i < size; i++)
		if (conv_get_word(cpu, a[0] + 8 * i, &v[i], 8) < 0)
			return -EFAULT;
	/* a newer caller's fields we do not know must be zero */
	for (uint64_t off = 8 * CA__N; off < size; off++) {
		uint64_t b;
		if (conv_get_word(cpu, a[0] + off, &b, 1) < 0)
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if (v[CA_EXIT_SIGNAL] & ~0xffull)
		return -EINVAL;
	if (v[CA_SET_TID] || v[CA_SET_TID_SIZE])
		return -EPERM;  /* choosing pids needs CAP_CHECKPOINT_RESTORE */
	if ((v[CA_STACK] == 0) != (v[CA_STACK_SIZE] == 0))
		return -EINVAL;
	struct clone_req r = {
		.flags = v[CA_FLAGS],
		.exit_signal = (int)v[CA_EXIT_SIGNAL],
		.stack = v[CA_STACK] ? v[CA_STACK] + v[CA_STACK_SIZE] : 0,
		.ptid = v[CA_PARENT_TID],
		.ctid = v[CA_CHILD_TID],
		.tls = v[CA_TLS],
		.pidfd = v[CA_PIDFD],
		.cgroup = (int)v[CA_CGROUP],
		.clone3 = true,
	};
	/* the low byte is the exit signal's in clone(), CLONE_NEWTIME's here */
	if (r.flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
		return -EINVAL;
	return do_fork(cpu, &r);
}

/* ---- wait ---- */

static int put_rusage(struct cpu *cpu, const struct rusage *ru, gaddr_t dst)
{
	uint64_t v[RU__N] = {
		[RU_UTIME_SEC] = ru->ru_utime.tv_sec,
		[RU_UTIME_USEC] = ru->ru_utime.tv_usec,
		[RU_STIME_SEC] = ru->ru_stime.tv_sec,
		[RU_STIME_USEC] = ru->ru_stime.tv_usec,
		[RU_MAXRSS] = ru->ru_maxrss, [RU_IXRSS] = ru->ru_ixrss,
		[RU_IDRSS] = ru->ru_idrss, [RU_ISRSS] = ru->ru_isrss,
		[RU_MINFLT] = ru->ru_minflt, [RU_MAJFLT] = ru->ru_majflt,
		[RU_NSWAP] = ru->ru_nswap, [RU_INBLOCK] = ru->ru_inblock,
		[RU_OUBLOCK] = ru->ru_oublock, [RU_MSGSND] = ru->ru_msgsnd,
		[RU_MSGRCV] = ru->ru_msgrcv, [RU_NSIGNALS] = ru->ru_nsignals,
		[RU_NVCSW] = ru->ru_nvcsw, [RU_NIVCSW] = ru->ru_nivcsw,
	};
	return conv_put(cpu, CONV_RUSAGE, v, dst);
}

/* wait options: the same bits on every Linux ABI */
int64_t sys_wait4(struct cpu *cpu, const uint64_t *a)
{
	struct rusage ru;
	int status = 0;
	int64_t r = HOST(SYS_wait4, (pid_t)a[0], &status, (int)a[2],
			 a[3] ? &ru : NULL);

	if (r <= 0)
		return r;
	/* the wait status word is the same on every Linux arch */
	if (a[1] && conv_put_word(cpu, a[1], (uint32_t)status, 4) < 0)
		return -EFAULT;
	if (a[3] && put_rusage(cpu, &ru, a[3]) < 0)
		return -EFAULT;
	return r;
}

int64_t sys_waitid(struct cpu *cpu, const uint64_t *a)
{
	const struct conv_layout *l = sys_conv(cpu)->lay[CONV_SIGINFO];
	struct rusage ru;
	siginfo_t si;
	int64_t r;

	memset(&si, 0, sizeof si);
	r = HOST(SYS_waitid, (int)a[0], (pid_t)a[1], &si, (int)a[3],
		 a[4] ? &ru : NULL);
	/* the host kernel wrote a zero siginfo when nothing was found
	 * (WNOHANG) or on an error, and rusage only for a child found */
	if (r == 0 && a[4] && si.si_pid && put_rusage(cpu, &ru, a[4]) < 0)
		return -EFAULT;
	if (!a[2])
		return r;
	/* the kernel stores these six fields, error or not, and leaves the
	 * rest alone; a bad infop turns any result into EFAULT */
	const uint64_t v[] = {
		[SIGI_SIGNO] = (uint32_t)si.si_signo, [SIGI_ERRNO] = 0,
		[SIGI_CODE] = (uint32_t)si.si_code, [SIGI_PID] = (uint32_t)si.si_pid,
		[SIGI_UID] = si.si_uid, [SIGI_STATUS] = (uint32_t)si.si_status,
	};
	for (unsigned i = 0; i <= SIGI_STATUS; i++)
		if (conv_put_word(cpu, a[2] + l->f[i].off, v[i], l->f[i].size) < 0)
			return -EFAULT;
	return r;
}

/* ---- credentials ---- */

int64_t sys_setuid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setuid, (uid_t)a[0]);
}

int64_t sys_setgid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setgid, (gid_t)a[0]);
}

int64_t sys_setreuid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setreuid, (uid_t)a[0], (uid_t)a[1]);
}

int64_t sys_setregid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setregid, (gid_t)a[0], (gid_t)a[1]);
}

int64_t sys_setresuid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setresuid, (uid_t)a[0], (uid_t)a[1], (uid_t)a[2]);
}

int64_t sys_setresgid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setresgid, (gid_t)a[0], (gid_t)a[1], (gid_t)a[2]);
}

int64_t sys_setfsuid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setfsuid, (uid_t)a[0]);
}

int64_t sys_setfsgid(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setfsgid, (gid_t)a[0]);
}

/* Has warp CAP in its effective set? */
static bool host_capable(int cap)
{
	uint32_t hdr[2] = { 0x20080522, 0 }, data[6] = { 0 };
	if (syscall(SYS_capget, hdr, data) < 0)
		return false;
	return (data[3 * (cap / 32)] >> (cap % 32)) & 1;
}

int64_t sys_setgroups(struct cpu *cpu, const uint64_t *a)
{
	int64_t n = (int64_t)a[0], r;

	if (n < 0 || n > NGROUPS_MAX)
		return -EINVAL;
	/* the kernel checks the privilege before reading the list */
	if (!host_capable(6 /* CAP_SETGID */))
		return -EPERM;
	gid_t *g = xmalloc((n ? n : 1) * sizeof *g);
	for (int64_t i = 0; i < n; i++) {
		uint64_t v;
		if (conv_get_word(cpu, a[1] + 4 * i, &v, 4) < 0) {
			free(g);
			return -EFAULT;
		}
		g[i] = (gid_t)v;
	}
	r = HOST(SYS_setgroups, (size_t)n, g);
	free(g);
	return r;
}

/*
 * capget/capset: a header { u32 version; int pid; } and one (v1) or two
 * (v2, v3) { u32 effective, permitted, inheritable; } -- all 32-bit words,
 * the same on every ABI but for byte order.
 */
#define CAP_V1 0x19980330
static unsigned cap_words(uint32_t version)
{
	return version == CAP_V1 ? 3 : 6;
}

static int cap_header(struct cpu *cpu, gaddr_t h, uint32_t hdr[2])
{
	uint64_t v, p;
	if (conv_get_word(cpu, h, &v, 4) < 0 || conv_get_word(cpu, h + 4, &p, 4) < 0)
		return -EFAULT;
	hdr[0] = (uint32_t)v;
	hdr[1] = (uint32_t)p;
	return 0;
}

int64_t sys_capget(struct cpu *cpu, const uint64_t *a)
{
	uint32_t hdr[2], data[6] = { 0 };
	int64_t r;

	if (cap_header(cpu, a[0], hdr) < 0)
		return -EFAULT;
	uint32_t asked = hdr[0];
	r = HOST(SYS_capget, hdr, a[1] ? data : NULL);
	/* an unknown version: the kernel answers with the one it prefers
	 * (and success when there was no data pointer: a probe) */
	if (hdr[0] != asked && conv_put_word(cpu, a[0], hdr[0], 4) < 0)
		return -EFAULT;
	if (r < 0 || !a[1])
		return r;
	for (unsigned i = 0; i < cap_words(hdr[0]); i++)
		if (conv_put_word(cpu, a[1] + 4 * i, data[i], 4) < 0)
			return -EFAULT;
	return r;
}

int64_t sys_capset(struct cpu *cpu, const uint64_t *a)
{
	uint32_t hdr[2], data[6] = { 0 };
	int64_t r;

	if (cap_header(cpu, a[0], hdr) < 0)
		return -EFAULT;
	uint32_t asked = hdr[0];
	bool known = hdr[0] == CAP_V1 || hdr[0] == 0x20071026 || hdr[0] == 0x20080522;
	/* the kernel's order: the version, the pid, then the data */
	if (known && hdr[1] && (pid_t)hdr[1] != getpid())
		return -EPERM;
	if (known) {
		for (unsigned i = 0; i < cap_words(hdr[0]); i++) {
			uint64_t v;
			if (conv_get_word(cpu, a[1] + 4 * i, &v, 4) < 0)
				return -EFAULT;
			data[i] = (uint32_t)v;
		}
	}
	r = HOST(SYS_capset, hdr, data);
	if (hdr[0] != asked && conv_put_word(cpu, a[0], hdr[0], 4) < 0)
		return -EFAULT;
	return r;
}

/* ---- the process's view of the system ---- */

int64_t sys_personality(struct cpu *cpu, const uint64_t *a)
{
	/* PER_LINUX and its flags mean the same to every arch; the
	 * flags that change the address space (ADDR_NO_RANDOMIZE...)
	 * act on warp and its next exec, which is where they belong */
	return HOST(SYS_personality, (unsigned long)(uint32_t)a[0]);
}

int64_t sys_chroot(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int r = sys_path(cpu, a[0], path);
	if (r < 0)
		return r;
	return HOST(SYS_chroot, path);
}

int64_t sys_pivot_root(struct cpu *cpu, const uint64_t *a)
{
	char new_root[PATH_MAX], put_old[PATH_MAX];
	int r = sys_path(cpu, a[0], new_root);
	if (r >= 0)
		r = sys_path(cpu, a[1], put_old);
	if (r < 0)
		return r;
	return HOST(SYS_pivot_root, new_root, put_old);
}

int64_t sys_unshare(struct cpu *cpu, const uint64_t *a)
{
	/* CLONE_VM and CLONE_SIGHAND are no-ops for a single thread, as in
	 * the kernel; everything else is the host's business */
	return HOST(SYS_unshare, (unsigned long)a[0]);
}

int64_t sys_setns(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setns, (int)a[0], (int)a[1]);
}

int64_t sys_pidfd_open(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_pidfd_open, (pid_t)a[0], (unsigned)a[1]);
}

int64_t sys_pidfd_getfd(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_pidfd_getfd, (int)a[0], (int)a[1], (unsigned)a[2]);
}

int64_t sys_pidfd_send_signal(struct cpu *cpu, const uint64_t *a)
{
	siginfo_t si, *sip = NULL;

	if (a[1] > 64)
		return -EINVAL;
	if (a[2]) {
		uint64_t v[SIGI__N] = { 0 };
		if (conv_get(cpu, CONV_SIGINFO, a[2], v) < 0)
			return -EFAULT;
		/* the header and the sender's pid and uid (_kill) */
		memset(&si, 0, sizeof si);
		si.si_signo = (int)v[SIGI_SIGNO];
		si.si_errno = (int)v[SIGI_ERRNO];
		si.si_code = (int)v[SIGI_CODE];
		si.si_pid = (pid_t)v[SIGI_PID];
		si.si_uid = (uid_t)v[SIGI_UID];
		sip = &si;
	}
	return HOST(SYS_pidfd_send_signal, (int)a[0], (int)a[1], sip, (unsigned)a[3]);
}

/* ---- priorities and scheduling ---- */

int64_t sys_getpriority(struct cpu *cpu, const uint64_t *a)
{
	/* the raw call's 20 - nice, which the guest's libc converts back */
	return HOST(SYS_getpriority, (int)a[0], (id_t)a[1]);
}

int64_t sys_setpriority(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_setpriority, (int)a[0], (id_t)a[1], (int)a[2]);
}

/* struct sched_param: one int */
static int get_sched_param(struct cpu *cpu, gaddr_t p, struct sched_param *sp)
{
	uint64_t v;
	if (!p || conv_get_word(cpu, p, &v, 4) < 0)
		return -EINVAL;
	sp->sched_priority = (int)v;
	return 0;
}

int64_t sys_sched_setparam(struct cpu *cpu, const uint64_t *a)
{
	struct sched_param sp;
	if ((pid_t)a[0] < 0)
		return -EINVAL;
	if (get_sched_param(cpu, a[1], &sp) < 0)
		return a[1] ? -EFAULT : -EINVAL;
	return HOST(SYS_sched_setparam, (pid_t)a[0], &sp);
}

int64_t sys_sched_getparam(struct cpu *cpu, const uint64_t *a)
{
	struct sched_param sp;
	if (!a[1])
		return -EINVAL;
	int64_t r = HOST(SYS_sched_getparam, (pid_t)a[0], &sp);
	if (r < 0)
		return r;
	return conv_put_word(cpu, a[1], (uint32_t)sp.sched_priority, 4) < 0 ? -EFAULT : r;
}

int64_t sys_sched_setscheduler(struct cpu *cpu, const uint64_t *a)
{
	struct sched_param sp;
	if ((int)a[1] < 0 || (pid_t)a[0] < 0)
		return -EINVAL;
	if (get_sched_param(cpu, a[2], &sp) < 0)
		return a[2] ? -EFAULT : -EINVAL;
	return HOST(SYS_sched_setscheduler, (pid_t)a[0], (int)a[1], &sp);
}

int64_t sys_sched_getscheduler(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_sched_getscheduler, (pid_t)a[0]);
}

int64_t sys_sched_setaffinity(struct cpu *cpu, const uint64_t *a)
{
	/* a CPU mask is an array of longs: bytes in long order, which is
	 * memory order on a little-endian guest */
	uint64_t len = a[1];
	if (len > 8192)
		len = 8192;     /* the kernel ignores bits past its cpu count */
	uint8_t *mask = xmalloc(len ? len : 1);
	int64_t r = guest_read(cpu, mask, a[2], len) < 0 ? -EFAULT :
		    HOST(SYS_sched_setaffinity, (pid_t)a[0], (size_t)len, mask);
	free(mask);
	return r;
}

int64_t sys_sched_get_priority_max(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_sched_get_priority_max, (int)a[0]);
}

int64_t sys_sched_get_priority_min(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_sched_get_priority_min, (int)a[0]);
}

int64_t sys_sched_rr_get_interval(struct cpu *cpu, const uint64_t *a)
{
	struct timespec ts;
	int64_t r = HOST(SYS_sched_rr_get_interval, (pid_t)a[0], &ts);
	if (r < 0)
		return r;
	uint64_t v[TS__N] = { [TS_SEC] = ts.tv_sec, [TS_NSEC] = ts.tv_nsec };
	return conv_put(cpu, CONV_TIMESPEC, v, a[1]) < 0 ? -EFAULT : r;
}

/*
 * struct sched_attr (linux/sched/types.h): fixed-size fields, the same
 * offsets on every ABI; converted word by word for the byte order.
 */
static const struct { uint8_t off, size; } sched_attr_fields[] = {
	{ 0, 4 }, { 4, 4 }, { 8, 8 }, { 16, 4 }, { 20, 4 }, { 24, 8 },
	{ 32, 8 }, { 40, 8 }, { 48, 4 }, { 52, 4 },
};
#define SCHED_ATTR_SIZE 56

int64_t sys_sched_setattr(struct cpu *cpu, const uint64_t *a)
{
	uint8_t buf[SCHED_ATTR_SIZE];
	uint64_t size;

	if (!a[1] || (pid_t)a[0] < 0 || (unsigned)a[2])
		return -EINVAL;
	if (conv_get_word(cpu, a[1], &size, 4) < 0)
		return -EFAULT;
	if (size == 0)
		size = 48;      /* SCHED_ATTR_SIZE_VER0 */
	if (size < 48 || size > 4096) {
		(void)!conv_put_word(cpu, a[1], SCHED_ATTR_SIZE, 4);
		return -E2BIG;
	}
	for (uint64_t off = SCHED_ATTR_SIZE; off < size; off++) {
		uint64_t b;
		if (conv_get_word(cpu, a[1] + off, &b, 1) < 0)
			return -EFAULT;
		if (b) {
			(void)!conv_put_word(cpu, a[1], SCHED_ATTR_SIZE, 4);
			return -E2BIG;
		}
	}
	memset(buf, 0, sizeof buf);
	for (unsigned i = 0; i < ARRAY_SIZE(sched_attr_fields); i++) {
		uint64_t v;
		unsigned off = sched_attr_fields[i].off, sz = sched_attr_fields[i].size;
		if (off + sz > size)
			break;
		if (conv_get_word(cpu, a[1] + off, &v, sz) < 0)
			return -EFAULT;
		memcpy(buf + off, &v, sz);      /* host is little-endian */
	}
	uint32_t host_size = size < SCHED_ATTR_SIZE ? (uint32_t)size : SCHED_ATTR_SIZE;
	memcpy(buf, &host_size, 4);
	return HOST(SYS_sched_setattr, (pid_t)a[0], buf, (unsigned)a[2]);
}

int64_t sys_sched_getattr(struct cpu *cpu, const uint64_t *a)
{
	uint8_t buf[SCHED_ATTR_SIZE];
	uint64_t size = a[2];

	if (!a[1] || (pid_t)a[0] < 0 || size < 48 || size > 4096 || (unsigned)a[3])
		return -EINVAL;
	int64_t r = HOST(SYS_sched_getattr, (pid_t)a[0], buf,
			 (unsigned)(size < SCHED_ATTR_SIZE ? size : SCHED_ATTR_SIZE),
			 (unsigned)a[3]);
	if (r < 0)
		return r;
	for (unsigned i = 0; i < ARRAY_SIZE(sched_attr_fields); i++) {
		uint64_t v = 0;
		unsigned off = sched_attr_fields[i].off, sz = sched_attr_fields[i].size;
		if (off + sz > size)
			break;
		memcpy(&v, buf + off, sz);
		if (conv_put_word(cpu, a[1] + off, v, sz) < 0)
			return -EFAULT;
	}
	return r;
}

/* ---- prctl: what proc.c's sys_prctl leaves to us ---- */

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_GET_MDWE 66
#endif
#ifndef PR_GET_AUXV
#define PR_GET_AUXV 0x41555856
#endif

/* ops whose arguments are plain values: the host answers */
static bool prctl_plain(int op)
{
	switch (op) {
	case PR_GET_KEEPCAPS: case PR_SET_KEEPCAPS:
	case PR_GET_TIMERSLACK: case PR_SET_TIMERSLACK:
	case PR_GET_SECUREBITS: case PR_SET_SECUREBITS:
	case PR_CAPBSET_DROP: case PR_CAP_AMBIENT:
	case PR_SET_CHILD_SUBREAPER:
	case PR_GET_THP_DISABLE: case PR_SET_THP_DISABLE:
	case PR_MCE_KILL: case PR_MCE_KILL_GET:
	case PR_SET_PTRACER:
	case PR_GET_SPECULATION_CTRL: case PR_SET_SPECULATION_CTRL:
	case PR_GET_TIMING: case PR_SET_TIMING:
	case PR_TASK_PERF_EVENTS_DISABLE: case PR_TASK_PERF_EVENTS_ENABLE:
	case PR_GET_IO_FLUSHER: case PR_SET_IO_FLUSHER:
		return true;
	default:
		return false;
	}
}

int64_t sys_prctl_more(struct cpu *cpu, const uint64_t *a)
{
	int op = (int)a[0];
	int64_t r;

	if (prctl_plain(op))
		return HOST(SYS_prctl, op, a[1], a[2], a[3], a[4]);
	switch (op) {
	case PR_GET_CHILD_SUBREAPER: {
		int v;
		r = HOST(SYS_prctl, op, &v, 0, 0, 0);
		if (r < 0)
			return r;
		return conv_put_word(cpu, a[1], (uint32_t)v, 4) < 0 ? -EFAULT : r;
	}
	case PR_GET_TID_ADDRESS:
		return conv_put_word(cpu, a[1], cpu->clear_child_tid,
				     sys_conv(cpu)->long_size) < 0 ? -EFAULT : 0;
	case PR_GET_AUXV: {
		/* the guest's auxv, not warp's */
		uint64_t len = cpu->proc->auxv_len, n = len < a[2] ? len : a[2];
		if (a[3] || a[4])
			return -EINVAL;
		if (n) {
			uint8_t *tmp = xmalloc(n);
			int bad = guest_read(cpu, tmp, cpu->proc->auxv_addr, n) < 0 ||
				  guest_write(cpu, a[1], tmp, n) < 0;
			free(tmp);
			if (bad)
				return -EFAULT;
		}
		return (int64_t)len;
	}
	case PR_GET_SECCOMP:
		return 0;       /* no filter: warp installs none for the guest */
	case PR_SET_SECCOMP:
	case PR_SET_MDWE:
		/* a filter of guest syscall numbers cannot be given to the
		 * host kernel, and W^X for the whole process would stop the
		 * translator: refuse as a kernel without them */
		return -EINVAL;
	case PR_GET_MDWE:
		return 0;
	default:
		return -EINVAL;
	}
}
