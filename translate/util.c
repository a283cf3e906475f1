/*
 * util.c - allocation, user-facing errors, internal-bug reports.
 *
 * A user error is one flushed line on stderr.  An internal bug prints the
 * guest pc being run, a backtrace of warp itself (libunwind) and aborts, so
 * that a crash report says both where warp was and what the guest was doing.
 */
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

#include "util.h"
#include "cpu.h"
#include "tb.h"

__thread struct cpu *cpu_current;

static WARP_NORETURN void out_of_memory(size_t n)
{
	warp_fatal(1, "warp", "out of memory allocating %zu bytes", n);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		out_of_memory(strlen(s));
	return d;
}

static void vmsg(const char *what, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = snprintf(buf, sizeof buf, "warp: ");
	if (what && *what && strcmp(what, "warp") != 0)
		n += snprintf(buf + n, sizeof buf - n, "%s: ", what);
	if (n < (int)sizeof buf)
		n += vsnprintf(buf + n, sizeof buf - n, fmt, ap);
	if (n > (int)sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	/* one write() so that lines from several processes do not interleave */
	if (write(2, buf, n) < 0) {
		/* nothing better to do with a broken stderr */
	}
}

void warp_msg(const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(what, fmt, ap);
	va_end(ap);
}

void warp_fatal(int status, const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(what, fmt, ap);
	va_end(ap);
	fflush(stdout);
	exit(status);
}

void warp_backtrace(void)
{
	unw_context_t ctx;
	unw_cursor_t cur;
	int depth = 0;

	if (unw_getcontext(&ctx) || unw_init_local(&cur, &ctx))
		return;
	fprintf(stderr, "warp: backtrace of warp:\n");
	while (unw_step(&cur) > 0 && depth++ < 64) {
		unw_word_t ip = 0, off = 0;
		char name[128] = "?";
		unw_get_reg(&cur, UNW_REG_IP, &ip);
		unw_get_proc_name(&cur, name, sizeof name, &off);
		fprintf(stderr, "  #%-2d 0x%016lx %s+0x%lx\n", depth, (unsigned long)ip,
			name, (unsigned long)off);
	}
}

void warp_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "warp: internal error at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cpu_current)
		fprintf(stderr, "warp: guest pc 0x%llx, block at 0x%llx\n",
			(unsigned long long)cpu_current->pc,
			(unsigned long long)(cpu_current->cur_tb ? cpu_current->cur_tb->pc : 0));
	warp_backtrace();
	fflush(stderr);
	signal(SIGABRT, SIG_DFL);
	abort();
}
