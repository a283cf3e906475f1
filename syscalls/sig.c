/*
 * sig.c - the signal syscalls, before guest signal delivery exists.
 *
 * rt_sigaction, rt_sigprocmask and sigaltstack record the guest's state
 * (process.sigact, cpu->sig_blocked, cpu->altstack_*) and answer queries
 * from it.  Two things reach the host, for the signals warp does not take
 * itself (poll.c, sys_host_sigmask): the mask (the host thread blocks what
 * the guest blocks, so blocked signals stay pending in the host kernel for
 * signalfd and ppoll's masks) and SIG_IGN (the host ignores what the guest
 * ignores: EPIPE instead of death by SIGPIPE).  Delivering signals to guest
 * handlers (frames, sigreturn, restartable syscalls) is signals/' job and a
 * later issue; until then a signal a guest sends itself is acted on here
 * with its default action:
 *
 *   ignored by the guest (SIG_IGN) or default-ignore -> nothing happens
 *   blocked by the guest                             -> pending on the host
 *   stop signals                                     -> warp stops (host)
 *   everything else                                  -> warp dies of it, so
 *                                                       the parent sees the
 *                                                       same wait status
 *
 * A signal for which the guest installed a handler cannot be delivered
 * yet: warp says so once and applies the default action.
 *
 * Signal numbers are the generic ones, equal to x86-64's (1..64).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "internal.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1u << 31)
#endif

#define GUEST_NSIG 64
#define SIGBIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

static bool default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	       sig == SIGWINCH;
}

static bool default_stops(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

/* Take SIG on the host with its default action (warp's handler, if any,
 * removed first). */
static void host_default(struct cpu *cpu, int sig)
{
	struct sigaction sa;
	sigset_t set;

	if (!default_stops(sig) && sig != SIGCONT)
		pcache_save(cpu->tc);   /* it ends the process */
	sys_flush_logs(cpu);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
	if (!default_stops(sig) && sig != SIGCONT)
		_exit(128 + sig);   /* not reached: the signal killed us */
}

static int64_t signal_self(struct cpu *cpu, int sig, bool thread)
{
	const struct guest_sigaction *ga;

	if (sig == 0)
		return 0;
	ga = &cpu->proc->sigact[sig - 1];
	if (ga->handler == (uint64_t)(uintptr_t)SIG_IGN && sig != SIGKILL &&
	    sig != SIGSTOP)
		return 0;
	if (cpu->sig_blocked & SIGBIT(sig)) {
		/* pending in the host kernel (the host thread blocks it too,
		 * poll.c), where signalfd and sigpending find it */
		if (sys_host_sigmask(SIGBIT(sig))) {
			sys_sigmask_sync(cpu);
			/* kill and tkill differ in si_code (SI_USER, SI_TKILL) */
			if (!thread)
				return HOST(SYS_kill, getpid(), sig);
			return HOST(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), sig);
		}
		return 0;
	}
	if (ga->handler != (uint64_t)(uintptr_t)SIG_DFL && sig != SIGKILL &&
	    sig != SIGSTOP) {
		warp_msg(NULL, "guest signal handlers are not supported yet: "
			 "signal %d takes its default action", sig);
	}
	if (default_ignored(sig))
		return 0;
	host_default(cpu, sig);
	return 0;
}

static bool valid_sig(uint64_t sig)
{
	return sig <= GUEST_NSIG;
}

int64_t sys_kill(struct cpu *cpu, const uint64_t *a)
{
	pid_t pid = a[0];
	if (!valid_sig(a[1]))
		return -EINVAL;
	if (pid == getpid())
		return signal_self(cpu, (int)a[1], false);
	/* other processes, groups: the host delivers (a group that includes
	 * warp itself meets warp's own dispositions) */
	return HOST(SYS_kill, pid, (int)a[1]);
}

int64_t sys_tkill(struct cpu *cpu, const uint64_t *a)
{
	if (!valid_sig(a[1]))
		return -EINVAL;
	if ((pid_t)a[0] == (pid_t)syscall(SYS_gettid))
		return signal_self(cpu, (int)a[1], true);
	return HOST(SYS_tkill, (pid_t)a[0], (int)a[1]);
}

int64_t sys_tgkill(struct cpu *cpu, const uint64_t *a)
{
	if (!valid_sig(a[2]))
		return -EINVAL;
	if ((pid_t)a[0] == getpid() && (pid_t)a[1] == (pid_t)syscall(SYS_gettid))
		return signal_self(cpu, (int)a[2], true);
	return HOST(SYS_tgkill, (pid_t)a[0], (pid_t)a[1], (int)a[2]);
}

/* Ignoring a signal is done by the host kernel (a write to a closed pipe
 * must give EPIPE, not kill warp; an exec'd program inherits it); a
 * default or a guest handler leaves the host's default in place. */
static void host_disposition(int sig, uint64_t handler)
{
	struct sigaction sa;

	if (!sys_host_sigmask(SIGBIT(sig)))
		return;         /* warp's own */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler == (uint64_t)(uintptr_t)SIG_IGN ? SIG_IGN : SIG_DFL;
	sigaction(sig, &sa, NULL);
}

int64_t sys_rt_sigaction(struct cpu *cpu, const uint64_t *a)
{
	int sig = (int)a[0];
	struct guest_sigaction *cur, next;
	uint64_t v[SACT__N];

	if (a[3] != 8)
		return -EINVAL;
	/* read the new action before writing the old: they may overlap;
	 * the kernel reads it before it looks at the signal number */
	if (a[1]) {
		if (conv_get(cpu, CONV_SIGACTION, a[1], v) < 0)
			return -EFAULT;
		next = (struct guest_sigaction){
			.handler = v[SACT_HANDLER], .flags = v[SACT_FLAGS],
			.restorer = v[SACT_RESTORER],
			.mask = v[SACT_MASK] & ~UNBLOCKABLE,
		};
	}
	if (sig < 1 || sig > GUEST_NSIG)
		return -EINVAL;
	if (a[1] && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	cur = &cpu->proc->sigact[sig - 1];
	if (a[2]) {
		v[SACT_HANDLER] = cur->handler;
		v[SACT_FLAGS] = cur->flags;
		v[SACT_RESTORER] = cur->restorer;
		v[SACT_MASK] = cur->mask;
		if (conv_put(cpu, CONV_SIGACTION, v, a[2]) < 0)
			return -EFAULT;
	}
	if (a[1]) {
		*cur = next;
		host_disposition(sig, next.handler);
	}
	return 0;
}

int64_t sys_rt_sigprocmask(struct cpu *cpu, const uint64_t *a)
{
	uint64_t old = cpu->sig_blocked, set;

	if (a[3] != 8)
		return -EINVAL;
	if (a[1]) {
		if (conv_get_word(cpu, a[1], &set, 8) < 0)
			return -EFAULT;
		switch ((int)a[0]) {
		case SIG_BLOCK:
			set = old | set;
			break;
		case SIG_UNBLOCK:
			set = old & ~set;
			break;
		case SIG_SETMASK:
			break;
		default:
			return -EINVAL;
		}
	}
	if (a[2] && conv_put_word(cpu, a[2], old, 8) < 0)
		return -EFAULT;
	if (a[1]) {
		cpu->sig_blocked = set & ~UNBLOCKABLE;
		sys_sigmask_sync(cpu);
	}
	return 0;
}

int64_t sys_sigaltstack(struct cpu *cpu, const uint64_t *a)
{
	uint64_t v[STK__N];
	uint64_t sp = 0, size = 0;
	int flags = 0;

	if (a[0]) {
		if (conv_get(cpu, CONV_STACK, a[0], v) < 0)
			return -EFAULT;
		flags = (int)v[STK_FLAGS];
		/* SS_ONSTACK is accepted as 0 for old programs */
		int mode = flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -EINVAL;
		/* as the kernel: asking for what is set already succeeds
		 * before any other check */
		bool same = v[STK_SP] == cpu->altstack_sp &&
			    v[STK_SIZE] == cpu->altstack_size &&
			    flags == cpu->altstack_flags;
		if (mode != SS_DISABLE && !same) {
			unsigned min = cpu->arch->minsigstksz ? cpu->arch->minsigstksz
							      : MINSIGSTKSZ;
			if (v[STK_SIZE] < min)
				return -ENOMEM;
			sp = v[STK_SP];
			size = v[STK_SIZE];
		} else if (same) {
			sp = cpu->altstack_sp;
			size = cpu->altstack_size;
		}
		flags &= SS_AUTODISARM;
	}
	if (a[1]) {
		v[STK_SP] = cpu->altstack_sp;
		v[STK_SIZE] = cpu->altstack_size;
		v[STK_FLAGS] = cpu->altstack_size ? cpu->altstack_flags : SS_DISABLE;
		if (conv_put(cpu, CONV_STACK, v, a[1]) < 0)
			return -EFAULT;
	}
	if (a[0]) {
		cpu->altstack_sp = sp;
		cpu->altstack_size = size;
		cpu->altstack_flags = flags;
	}
	return 0;
}
