/*
 * fault_ebreak: a breakpoint instruction with no debugger and no SIGTRAP
 * handler kills the process with SIGTRAP (status 128 + 5 = 133): ebreak on
 * riscv64 (c.ebreak in RVC code), int3 on x86-64.
 * test-exit: 133
 */
#include "common.h"

int main(void)
{
	printf("before the breakpoint\n");
	fflush(stdout);
#ifdef __riscv
	__asm__ volatile("ebreak");
#else
	__asm__ volatile("int3");
#endif
	printf("FAIL survived a breakpoint\n");
	return 1;
}
