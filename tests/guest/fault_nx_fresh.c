/*
 * fault_nx_fresh: jumping into a page that is readable but was never
 * executable (it holds valid code) faults with SIGSEGV.  fault_noexec
 * does the harder case of code that ran before its page lost PROT_EXEC.
 * test-exit: 139
 */
#include "smc_gen.h"
#include <sys/mman.h>

int main(void)
{
	unsigned char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	gen_ret_imm(p, 5);
	CHECK_EQ(mprotect(p, PAGE, PROT_READ), 0);
	printf("jumping into a PROT_READ page\n");
	fflush(stdout);
	long r = ((fn0)p)();
	printf("FAIL executed a non-executable page: %ld\n", r);
	return 1;
}
