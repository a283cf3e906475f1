/*
 * util.h - small pieces every layer of warp uses: the guest address type,
 * allocation that cannot fail silently, one-line user errors and always-on
 * assertions.
 *
 * Errors for users follow one form: "warp: WHAT: what is wrong (what to do)".
 * Invariants use WARP_ASSERT, which stays on in release builds and reports
 * the guest pc that was being run when it fired.
 */
#ifndef WARP_UTIL_H
#define WARP_UTIL_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

/* A guest virtual address.  Never a host pointer: convert with g2h(). */
typedef uint64_t gaddr_t;

#define WARP_UNUSED_RESULT __attribute__((warn_unused_result))
#define WARP_NORETURN __attribute__((noreturn))
#define WARP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Print "warp: WHAT: message" on stderr (flushed). */
void warp_msg(const char *what, const char *fmt, ...) WARP_PRINTF(2, 3);
/* Same, then exit with STATUS. */
WARP_NORETURN void warp_fatal(int status, const char *what, const char *fmt, ...)
	WARP_PRINTF(3, 4);
/* An internal error of warp itself: message, backtrace, guest pc, abort. */
WARP_NORETURN void warp_bug(const char *file, int line, const char *fmt, ...)
	WARP_PRINTF(3, 4);
/* Print a libunwind backtrace of warp itself to stderr. */
void warp_backtrace(void);

#define WARP_ASSERT(cond)                                                     \
	do {                                                                  \
		if (unlikely(!(cond)))                                        \
			warp_bug(__FILE__, __LINE__, "assertion failed: %s", \
				 #cond);                                      \
	} while (0)

/* Hooks set by the frontend so that warp_bug() can name the guest pc. */
extern __thread struct cpu *cpu_current;

#endif
