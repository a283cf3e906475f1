/*
 * signal.c - host signals that warp takes itself, and what the guest sees.
 *
 * SIGSEGV/SIGBUS arrive for four different reasons; the handler sorts them:
 *
 *   1. warp's own code copying guest memory with sig_recover armed
 *        -> siglongjmp there, the caller returns -EFAULT;
 *   2. a guest write to a page write-protected because it holds translated
 *      code -> invalidate that page's blocks, lift the protection, retry;
 *   3. a fault in generated code (host pc in the code buffer) or in the
 *      interpreter's guest access -> restore precise guest state, longjmp
 *      into the cpu loop, which raises the guest signal;
 *   4. anything else is a bug in warp: report it with a backtrace and abort.
 *
 * Guest signal handlers are a later piece of work: today a guest signal
 * with no handler terminates the process the way the kernel would, by
 * re-raising the same signal with the default action, so the parent sees
 * the same wait status as for a native program.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ucontext.h>
#include <sys/syscall.h>

#include "fault.h"
#include "cpu.h"
#include "tb.h"
#include "../syscalls/syscall.h"

__thread sigjmp_buf *sig_recover;

static void die_of(int signo)
{
	struct sigaction sa;
	sigset_t set;

	fflush(stdout);
	fflush(stderr);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(signo, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	/* no core file for a guest crash unless the user asked for them */
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), signo);
	raise(signo);
	_exit(128 + signo);
}

static void internal_fault(int signo, siginfo_t *si, ucontext_t *uc)
{
	char buf[256];
	int n = snprintf(buf, sizeof buf,
			 "warp: internal error: signal %d (%s) at host pc %#llx, address %p\n",
			 signo, strsignal(signo),
			 (unsigned long long)uc->uc_mcontext.gregs[REG_RIP], si->si_addr);
	if (write(2, buf, n) < 0) {
		/* stderr is gone */
	}
	if (cpu_current) {
		n = snprintf(buf, sizeof buf, "warp: guest pc 0x%llx\n",
			     (unsigned long long)cpu_current->pc);
		if (write(2, buf, n) < 0) {
		}
	}
	warp_backtrace();
	signal(SIGABRT, SIG_DFL);
	abort();
}

static __thread int fault_depth;

static void host_fault(int signo, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	/* SA_NODEFER (so that a siglongjmp out of here leaves the signal
	 * unblocked): a fault while handling a fault is a warp bug */
	if (fault_depth++ > 0)
		internal_fault(signo, si, uc);
	struct cpu *cpu = cpu_current;
	uintptr_t host_pc = uc->uc_mcontext.gregs[REG_RIP];
	bool is_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;

	/* a write to a page we protected because it holds translated code,
	 * from guest code or from warp copying on the guest's behalf */
	if (cpu && signo == SIGSEGV && si->si_code == SEGV_ACCERR && is_write &&
	    tb_page_write_fault(cpu->tc, h2g(cpu, si->si_addr))) {
		fault_depth = 0;
		return;
	}
	if (sig_recover && (signo == SIGSEGV || signo == SIGBUS)) {
		fault_depth = 0;
		siglongjmp(*sig_recover, 1);
	}
	if (!cpu || (signo != SIGSEGV && signo != SIGBUS))
		internal_fault(signo, si, uc);

	struct tcache *tc = cpu->tc;
	struct tb *tb = tb_by_host_pc(tc, host_pc);
	bool in_guest = tb || cpu->guest_access;

	if (!in_guest)
		internal_fault(signo, si, uc);
	gaddr_t gaddr = h2g(cpu, si->si_addr);
	if (tb && !tc->be->restore(cpu, tb, host_pc, uc))
		internal_fault(signo, si, uc);
	cpu->guest_access = 0;
	cpu->fault_addr = gaddr;
	cpu->fault_signo = signo;
	cpu->fault_code = si->si_code;
	fault_depth = 0;
	siglongjmp(cpu->loop_jmp, 1);
}

void sig_init_thread(struct cpu *cpu)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	struct sigaction sa;
	stack_t ss;

	ss.ss_size = 64 * 1024;
	ss.ss_sp = xmalloc(ss.ss_size);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = host_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (unsigned i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

void os_guest_signal(struct cpu *cpu, int signo, int code, gaddr_t addr)
{
	if (cpu->tc->log_mask & LOG_EXEC)
		fprintf(cpu->tc->log, "guest signal %d (code %d, addr 0x%llx) at pc 0x%llx\n",
			signo, code, (unsigned long long)addr, (unsigned long long)cpu->pc);
	/* no guest handlers yet: the default action of every such signal
	 * terminates the process */
	pcache_save(cpu->tc);
	die_of(signo);
}

/* The cpu loop's syscall hook: user mode hands it to syscalls/. */
void os_syscall(struct cpu *cpu)
{
	sys_dispatch(cpu);
}
