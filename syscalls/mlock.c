/*
 * mlock.c - memory locking and barriers: mlock2, mlockall, munlockall,
 * membarrier.
 *
 * Guest memory is host memory, so these act on the guest's pages through
 * their host addresses.  mlockall covers warp's own memory too (it is one
 * process): natively the locked set would be smaller by warp's share,
 * which no guest can observe but through RLIMIT_MEMLOCK accounting.
 * membarrier's threads are the guest's threads, which are host threads;
 * the SYNC_CORE commands need nothing more, since warp catches changes to
 * guest code by page protection, not by the guest's instruction fences.
 */
#include <sys/syscall.h>

#include "internal.h"

int64_t sys_mlock2(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_mlock2, g2h(cpu, a[0]), a[1], (unsigned)a[2]);
}

int64_t sys_mlockall(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_mlockall, (int)a[0]);
}

int64_t sys_munlockall(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_munlockall);
}

int64_t sys_membarrier(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_membarrier, (int)a[0], (unsigned)a[1], (int)a[2]);
}
