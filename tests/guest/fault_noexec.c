/*
 * fault_noexec: jumping into a readable but not executable page (holding
 * valid code) must fault with SIGSEGV: a translator has to check the
 * execute permission of the page it fetches from, not just readability.
 * The code runs fine first from an executable page.
 * test-exit: 139
 */
#include "smc_gen.h"
#include <sys/mman.h>

int main(void)
{
	unsigned char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	gen_ret_imm(p, 5);
	flush(p, 64);
	printf("from an executable page: %ld\n", ((fn0)p)());
	CHECK_EQ(mprotect(p, PAGE, PROT_READ), 0);
	printf("now jumping into the same code, not executable any more\n");
	fflush(stdout);
	long r = ((fn0)p)();
	printf("FAIL executed a non-executable page: %ld\n", r);
	return 1;
}
