/*
 * exit_return: returning 300 from main is exit(300); the parent sees the
 * low 8 bits, 44.  Output written through stdio before the return and
 * through write(2) must both arrive, in order.
 * test-exit: 44
 */
#include "common.h"
#include <unistd.h>

int main(void)
{
	printf("buffered line from printf\n");
	fflush(stdout);
	write(1, "raw line from write(2)\n", 23);
	printf("another buffered line, flushed by exit\n");
	return 300;
}
