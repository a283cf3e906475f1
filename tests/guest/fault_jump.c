/*
 * fault_jump: an indirect call to an unmapped address (a page just
 * unmapped, so nothing else can be there) faults with SIGSEGV on the
 * instruction fetch; output before it arrives.
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
	gen_ret_imm(p, 9);
	flush(p, 64);
	printf("mapped: %ld\n", ((fn0)p)());
	CHECK_EQ(munmap(p, PAGE), 0);
	printf("calling the unmapped page\n");
	fflush(stdout);
	long r = ((fn0)p)();
	printf("FAIL executed unmapped memory: %ld\n", r);
	return 1;
}
