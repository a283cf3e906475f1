/*
 * exit_underscore: _exit(5) ends the process at once: atexit handlers do
 * not run and unflushed stdio output is lost (stdout is a pipe or file in
 * the harness, so fully buffered).  Exit status 5.
 * test-exit: 5
 */
#include "common.h"
#include <unistd.h>

static void handler(void)
{
	printf("FAIL atexit handler ran\n");
	fflush(stdout);
}

int main(void)
{
	atexit(handler);
	printf("flushed line\n");
	fflush(stdout);
	printf("this line stays in the buffer and is lost\n");
	write(1, "written directly\n", 17);
	_exit(5);
}
