/*
 * futex.c - futex(2): waiting on and waking guest words.
 *
 * A guest word is host memory at the same place (plus guest_base), and a
 * guest thread is a host thread, so every futex operation is the host's
 * on the host address: waiters in different guest threads (and, for
 * shared futexes, processes) meet in the host kernel.  A single-threaded
 * process needs it too: glibc's locks call FUTEX_WAKE when they see a
 * waiter flag, and abort ("The futex facility returned an unexpected
 * error code") on ENOSYS.
 *
 * What needs converting is the fourth argument: a struct timespec for the
 * waiting operations (relative for FUTEX_WAIT, absolute for the BITSET
 * and PI ones), a plain count (val2) for the requeue and wake-op ones.
 * The operations that write the word (FUTEX_WAKE_OP, the PI locks) may
 * hit a page write-protected for translated code: it is unprotected
 * first.  Robust lists (set_robust_list) are walked by the kernel only at
 * thread exit, which is the threads layer's business.
 */
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>

#include "internal.h"

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

/* Does CMD take a timespec (not a count) in its fourth argument? */
static bool takes_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_LOCK_PI ||
	       cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAIT_REQUEUE_PI ||
	       cmd == FUTEX_LOCK_PI2;
}

/* Does CMD write the futex word (or the second one)? */
static bool writes(int cmd)
{
	return cmd == FUTEX_WAKE_OP || cmd == FUTEX_LOCK_PI ||
	       cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_UNLOCK_PI ||
	       cmd == FUTEX_TRYLOCK_PI || cmd == FUTEX_CMP_REQUEUE_PI ||
	       cmd == FUTEX_WAIT_REQUEUE_PI;
}

int64_t sys_futex(struct cpu *cpu, const uint64_t *a)
{
	int op = (int)a[1], cmd = op & FUTEX_CMD_MASK;
	struct timespec ts;
	void *arg4 = (void *)(uintptr_t)a[3];

	if (takes_timeout(cmd) && a[3]) {
		/* unreadable: the host's own EFAULT, after its checks of
		 * the operation */
		arg4 = sys_get_timespec(cpu, a[3], &ts) < 0 ? SYS_HOST_BADPTR : &ts;
	}
	if (writes(cmd)) {
		sys_will_write(cpu, a[0], 4);
		if (cmd == FUTEX_WAKE_OP || cmd == FUTEX_CMP_REQUEUE_PI ||
		    cmd == FUTEX_WAIT_REQUEUE_PI)
			sys_will_write(cpu, a[4], 4);
	}
	return HOST(SYS_futex, gptr(cpu, a[0]), op, (uint32_t)a[2], arg4,
		    gptr(cpu, a[4]), (uint32_t)a[5]);
}
