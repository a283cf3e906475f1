/*
 * fault.h - host faults taken while warp itself touches guest memory.
 *
 * Code in warp that reads or writes guest memory on the guest's behalf
 * (syscall argument conversion) arms sig_recover; a SIGSEGV/SIGBUS taken
 * while it is armed siglongjmps there instead of being a warp crash, and the
 * caller returns -EFAULT.  Faults in generated code are handled separately
 * (they become guest signals with precise state).
 */
#ifndef WARP_FAULT_H
#define WARP_FAULT_H

#include <setjmp.h>

extern __thread sigjmp_buf *sig_recover;

struct cpu;
/* Install warp's host handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE and an
 * alternate signal stack for this thread. */
void sig_init_thread(struct cpu *cpu);

#endif
