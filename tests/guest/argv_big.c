/*
 * argv_big: a large initial stack: 64 arguments including a 3000-byte one,
 * an empty one and UTF-8 bytes, and a 5000-byte environment value.  Every
 * argv/envp string must arrive intact and the pointers must be ordered as
 * Linux lays them out (argv strings, then envp strings, ascending).
 * (The harness evaluates test-args and test-env with the shell.)
 * test-args: $(seq -f arg%02g 0 59) $(printf 'L%.0s' $(seq 3000)) 'with spaces and "quotes"' '' Ünïcödé
 * test-env: WARP_TEST_LONG=$(printf 'v%.0s' $(seq 5000)) WARP_TEST_X=1
 */
#include "common.h"

extern char **environ;

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	uint64_t h = 0;
	for (int i = 1; i < argc; i++) {
		h = mix64(h, fnv1a(argv[i], strlen(argv[i])));
		if (strlen(argv[i]) < 40)
			printf("argv[%d] %s\n", i, argv[i]);
		else
			printf("argv[%d] %zu bytes starting %.10s\n", i, strlen(argv[i]), argv[i]);
	}
	printf("argv hash %016llx\n", (unsigned long long)h);
	for (int i = 1; i + 1 < argc; i++)
		CHECK(argv[i] + strlen(argv[i]) + 1 == argv[i + 1]);
	const char *lv = getenv("WARP_TEST_LONG");
	CHECK(lv != NULL);
	size_t n = lv ? strlen(lv) : 0;
	int allv = 1;
	for (size_t i = 0; i < n; i++)
		allv &= lv[i] == 'v';
	printf("long env value: %zu bytes, intact %d\n", n, allv);
	CHECK(environ[0] > argv[argc - 1]);
	CHECK((uintptr_t)argv % 8 == 0);
	return finish();
}
