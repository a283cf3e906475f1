/*
 * snprintf: integer, string, char and pointer-free formatting: widths,
 * precisions, flags (- + space # 0), length modifiers (hh h l ll z j t),
 * %n, positional arguments (%2$s), truncation and the return value,
 * vsnprintf through a va_list, and asprintf.
 */
#include "common.h"
#include <stdarg.h>
#include <inttypes.h>
#include <stddef.h>
#include <sys/types.h>

static int wrap(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

int main(void)
{
	char buf[256];
	int n;

	printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%8.3d]\n", 42, 42,
	       42, 42, 42, 42, 7, -7);
	printf("[%u] [%x] [%X] [%#x] [%#o] [%o] [%#X]\n", 4000000000u,
	       0xdeadbeefu, 0xcafeu, 255u, 8u, 511u, 0u);
	printf("[%hhd] [%hhu] [%hd] [%hu] [%ld] [%lld] [%llu]\n", (signed char)-128,
	       (unsigned char)255, (short)-32768, (unsigned short)65535,
	       (long)INT64_MIN, (long long)INT64_MAX, (unsigned long long)UINT64_MAX);
	printf("[%zu] [%zd] [%jd] [%td] [%" PRIx64 "] [%" PRId32 "]\n",
	       (size_t)123456789012ull, (ssize_t)-5, (intmax_t)-99, (ptrdiff_t)77,
	       (uint64_t)0xfedcba9876543210ull, (int32_t)INT32_MIN);
	printf("[%s] [%10s] [%-10s] [%.3s] [%*s] [%-*.*s]\n", "hello", "hi",
	       "left", "truncate", 6, "star", 8, 2, "precision");
	printf("[%c] [%3c] [%-3c] [%%] [%5%]\n", 'A', 'b', 'c');
	printf("[%2$s %1$s] [%3$*4$d]\n", "world", "hello", 9, 6);
	int count = 0;
	printf("abc%n def\n", &count);
	printf("count %d\n", count);

	n = snprintf(buf, 10, "%s", "0123456789abcdef");
	printf("truncated: ret %d buf '%s' len %zu\n", n, buf, strlen(buf));
	n = snprintf(NULL, 0, "%d-%s", 12345, "xyz");
	printf("length only: %d\n", n);
	n = snprintf(buf, 1, "abc");
	printf("size 1: ret %d empty %d\n", n, buf[0] == 0);
	n = wrap(buf, sizeof(buf), "%s|%d|%x|%c", "va", -1, 255u, 'z');
	printf("vsnprintf: %d '%s'\n", n, buf);
	char *dyn = NULL;
	n = asprintf(&dyn, "%0*d", 40, 7);
	printf("asprintf: %d '%s'\n", n, dyn);
	free(dyn);

	uint64_t h = 0;
	for (int i = 0; i < 20000; i++) {
		unsigned sh = (unsigned)(rng() % 64);
		long long v = (long long)rng() >> sh;
		n = snprintf(buf, sizeof(buf), "%lld %llx %llo %+.20lld %-25lld|",
			     v, (unsigned long long)v, (unsigned long long)v, v, v);
		h = mix64(h, fnv1a(buf, (size_t)n));
		CHECK(strtoll(buf, NULL, 10) == v);
	}
	printf("bulk hash %016llx\n", (unsigned long long)h);
	CHECK(strcmp(buf + strlen(buf) - 1, "|") == 0);
	return finish();
}
