/*
 * gen.c - the syscall table of the bad-input test, generated from
 * syscalls/syscalls.def: every syscall warp implements (SYSCALL rows),
 * with the kinds of its arguments, as rows that sysfuzz.c includes:
 *
 *   #ifdef __NR_read
 *   ROW(__NR_read, "read", 3, "FD", "OBUF", "SIZE")
 *   #endif
 *
 * The same file serves the native build and the guest build, each taking
 * the numbers of its own kernel headers; a syscall the target lacks drops
 * out.  Built and run at test time with the host compiler (-I syscalls/).
 */
#include <stdio.h>
#include <string.h>

static void emit(const char *name, int n, const char *kinds)
{
	char buf[256];
	int k = 0;

	printf("#ifdef __NR_%s\nROW(__NR_%s, \"%s\", %d", name, name, name, n);
	snprintf(buf, sizeof buf, "%s", kinds);
	for (char *t = strtok(buf, ", "); t; t = strtok(NULL, ", "), k++)
		printf(", \"%s\"", t);
	for (; k < 6; k++)
		printf(", \"\"");
	printf(")\n#endif\n");
}

int main(void)
{
	printf("/* generated from syscalls/syscalls.def by tests/sysfuzz/gen.c,"
	       " do not edit */\n");
#define SYSCALL(name, n, ret, ...) emit(#name, n, #__VA_ARGS__);
#define NOSYS(name)
#include "syscalls.def"
#undef SYSCALL
#undef NOSYS
	return 0;
}
