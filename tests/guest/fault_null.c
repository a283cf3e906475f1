/*
 * fault_null: a store through a null pointer with no SIGSEGV handler
 * kills the process with SIGSEGV (the shell sees 128 + 11 = 139); the
 * output flushed before the fault arrives, nothing after it.
 * test-exit: 139
 */
#include "common.h"
#include <signal.h>

int main(void)
{
	printf("before the fault\n");
	fflush(stdout);
	volatile int *p = OPAQUE((int *)0);
	*p = 42;
	printf("FAIL survived a null store\n");
	return 1;
}
