/*
 * argv_env: the initial process state: argc/argv (including an empty
 * argument and one with spaces), the environment (the harness passes a
 * fixed one), auxv entries that are the same on every architecture,
 * uname, ids, and the exit status: atexit handlers run in reverse order,
 * stdio is flushed, and the status is 42.
 * test-args: one "two words" "" --flag=x 'quote"d'
 * test-env: WARP_TEST_A=alpha WARP_TEST_EMPTY= WARP_TEST_B='b c'
 * test-exit: 42
 */
#include "common.h"
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

extern char **environ;

static void bye1(void)
{
	printf("atexit handler 1 (runs last)\n");
}

static void bye2(void)
{
	printf("atexit handler 2 (runs first)\n");
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv, char **envp)
{
	printf("argc %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = '%s' (%zu)\n", i, argv[i], strlen(argv[i]));
	CHECK(argv[argc] == NULL);
	CHECK(envp == environ);

	int n = 0;
	while (envp[n])
		n++;
	char **sorted = malloc((n + 1) * sizeof(char *));
	memcpy(sorted, envp, n * sizeof(char *));
	qsort(sorted, n, sizeof(char *), cmp);
	printf("envc %d\n", n);
	for (int i = 0; i < n; i++) {
		if (!strncmp(sorted[i], "TMPDIR=", 7))
			printf("env TMPDIR=(per-run directory)\n");
		else
			printf("env %s\n", sorted[i]);
	}
	free(sorted);
	printf("getenv A=%s EMPTY='%s' B='%s' missing=%p\n", getenv("WARP_TEST_A"),
	       getenv("WARP_TEST_EMPTY"), getenv("WARP_TEST_B"),
	       (void *)getenv("WARP_TEST_MISSING"));
	setenv("WARP_TEST_NEW", "set", 1);
	unsetenv("WARP_TEST_A");
	printf("after setenv/unsetenv: %s %p\n", getenv("WARP_TEST_NEW"),
	       (void *)getenv("WARP_TEST_A"));

	/* auxv facts that do not depend on the architecture */
	printf("AT_PAGESZ %lu sysconf %ld\n", getauxval(AT_PAGESZ),
	       sysconf(_SC_PAGESIZE));
	printf("AT_PHENT %lu AT_SECURE %lu AT_CLKTCK %lu\n", getauxval(AT_PHENT),
	       getauxval(AT_SECURE), getauxval(AT_CLKTCK));
	CHECK(getauxval(AT_UID) == getuid());
	CHECK(getauxval(AT_EUID) == geteuid());
	CHECK(getauxval(AT_GID) == getgid());
	CHECK(getauxval(AT_EGID) == getegid());
	CHECK(getauxval(AT_ENTRY) != 0);
	CHECK(getauxval(AT_PHDR) != 0);
	CHECK(getauxval(AT_PHNUM) > 0);
	CHECK(getauxval(AT_RANDOM) != 0);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	CHECK(execfn && strcmp(execfn, argv[0]) == 0);

	struct utsname u;
	CHECK_EQ(uname(&u), 0);
	printf("sysname %s\n", u.sysname);
#ifdef __riscv
	CHECK(strcmp(u.machine, "riscv64") == 0);
#elif defined(__x86_64__)
	CHECK(strcmp(u.machine, "x86_64") == 0);
#endif
	CHECK(getpid() > 1);
	CHECK(getppid() > 0);
	printf("ids consistent %d\n", getuid() == geteuid() && getgid() == getegid());

	atexit(bye1);
	atexit(bye2);
	printf("exiting with 42; buffered output must survive\n");
	if (common_fails)
		exit(1);
	exit(42);
}
