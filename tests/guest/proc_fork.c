/*
 * proc_fork: fork and the wait family.  Children exit with several codes
 * and die of several signals; the parent decodes each status with wait4,
 * waitpid and waitid and prints what it found.  A pipe carries data from
 * child to parent; memory written after the fork stays each process's own;
 * WNOHANG and ECHILD behave as on Linux; getrusage sees children's time.
 *
 * Both processes also translate fresh code at the same time after the
 * fork (each calls many functions neither has run before, in opposite
 * orders): under a translator whose code buffer stayed shared between
 * parent and child, one would overwrite the other's code.
 */
#include "common.h"
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <sys/wait.h>

static void status_line(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by signal %d%s\n", what, WTERMSIG(st),
		       WCOREDUMP(st) ? " (core)" : "");
	else
		printf("%s: status %#x\n", what, st);
}

static pid_t spawn(int how)
{
	fflush(stdout);
	pid_t p = fork();
	if (p < 0) {
		printf("FAIL fork: %s\n", strerror(errno));
		exit(1);
	}
	if (p || how < 0)
		return p;
	switch (how) {
	case 0: _exit(0);
	case 1: _exit(42);
	case 2: exit(255);
	case 3: raise(SIGTERM); break;
	case 4: kill(getpid(), SIGKILL); break;
	case 5: *(volatile int *)OPAQUE((int *)0) = 1; break;
	case 6: abort();
	case 7: for (;;) sleep(10);     /* killed by the parent */
	}
	_exit(99);
}

/* ---- many functions, translated fresh after the fork ---- */

#define F(n) static __attribute__((noinline)) uint64_t fn##n(uint64_t x) \
	{ x ^= x >> (n % 13 + 1); return x * (0x9E3779B97F4A7C15ull + 2 * n) + n; }
#define F10(n) F(n##0) F(n##1) F(n##2) F(n##3) F(n##4) F(n##5) F(n##6) \
	F(n##7) F(n##8) F(n##9)
F10(1) F10(2) F10(3) F10(4) F10(5) F10(6) F10(7) F10(8) F10(9)
#define P(n) fn##n,
#define P10(n) P(n##0) P(n##1) P(n##2) P(n##3) P(n##4) P(n##5) P(n##6) \
	P(n##7) P(n##8) P(n##9)
static uint64_t (*const fns[])(uint64_t) = {
	P10(1) P10(2) P10(3) P10(4) P10(5) P10(6) P10(7) P10(8) P10(9)
};
#define NFN (sizeof fns / sizeof fns[0])

static uint64_t run_fns(int reverse, int rounds)
{
	uint64_t x = 1;
	for (int r = 0; r < rounds; r++)
		for (unsigned i = 0; i < NFN; i++)
			x = fns[reverse ? NFN - 1 - i : i](x + r);
	return x;
}

static void fresh_code(void)
{
	/* what each order computes, from a separate child each, so that
	 * this process has translated none of it yet */
	uint64_t want[2];
	for (int rev = 0; rev < 2; rev++) {
		int pfd[2];
		CHECK(pipe(pfd) == 0);
		pid_t p = spawn(-1);
		if (!p) {
			uint64_t v = run_fns(rev, 1);
			_exit(write(pfd[1], &v, sizeof v) == sizeof v ? 0 : 1);
		}
		close(pfd[1]);
		CHECK(read(pfd[0], &want[rev], sizeof want[rev]) == sizeof want[rev]);
		close(pfd[0]);
		int st;
		CHECK(waitpid(p, &st, 0) == p && st == 0);
	}
	int pfd[2];
	CHECK(pipe(pfd) == 0);
	pid_t p = spawn(-1);
	/* parent forwards, child backwards, both translating as they go */
	uint64_t v = run_fns(p == 0, 1);
	if (!p) {
		uint64_t again = run_fns(1, 200);
		(void)again;
		_exit(write(pfd[1], &v, sizeof v) == sizeof v ? 0 : 1);
	}
	close(pfd[1]);
	uint64_t cv = 0;
	CHECK(read(pfd[0], &cv, sizeof cv) == sizeof cv);
	close(pfd[0]);
	run_fns(0, 200);
	int st;
	CHECK(waitpid(p, &st, 0) == p);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(v == want[0]);
	CHECK(cv == want[1]);
	printf("fresh code after fork: parent %s, child %s\n",
	       v == want[0] ? "right" : "WRONG", cv == want[1] ? "right" : "WRONG");
}

int main(void)
{
	static const char *const names[] = {
		"_exit(0)", "_exit(42)", "exit(255)", "raise(SIGTERM)",
		"kill(self, SIGKILL)", "null store", "abort()", "sleep()",
	};
	struct rlimit nocore = { 0, 0 };
	int st;

	setrlimit(RLIMIT_CORE, &nocore);
	setvbuf(stdout, NULL, _IOFBF, 4096);

	/* exit codes and signals through waitpid */
	for (int how = 0; how < 8; how++) {
		pid_t p = spawn(how);
		if (how == 7) {
			usleep(20000);
			CHECK(kill(p, SIGUSR1) == 0);
		}
		pid_t w = waitpid(p, &st, 0);
		CHECK(w == p);
		status_line(names[how], st);
	}

	/* wait4 with rusage, any child */
	pid_t p = spawn(1);
	struct rusage ru;
	memset(&ru, 0xff, sizeof ru);
	CHECK(wait4(-1, &st, 0, &ru) == p);
	status_line("wait4", st);
	CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
	CHECK(ru.ru_maxrss > 0);

	/* waitid: the siginfo of an exit and of a kill */
	siginfo_t si;
	p = spawn(1);
	memset(&si, 0, sizeof si);
	CHECK(waitid(P_PID, p, &si, WEXITED) == 0);
	CHECK(si.si_pid == p);
	printf("waitid exit: signo %d code %d status %d\n", si.si_signo,
	       si.si_code, si.si_status);
	p = spawn(3);
	memset(&si, 0, sizeof si);
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0);
	CHECK(si.si_pid == p);
	printf("waitid kill: signo %d code %d status %d\n", si.si_signo,
	       si.si_code, si.si_status);
	/* WNOWAIT leaves the child to be reaped again */
	p = spawn(1);
	CHECK(waitid(P_PID, p, &si, WEXITED | WNOWAIT) == 0);
	CHECK(waitpid(p, &st, 0) == p && WEXITSTATUS(st) == 42);

	/* WNOHANG while the child still runs, then for real */
	p = spawn(7);
	CHECK(waitpid(p, &st, WNOHANG) == 0);
	memset(&si, 0x55, sizeof si);
	CHECK(waitid(P_PID, p, &si, WEXITED | WNOHANG) == 0);
	CHECK(si.si_pid == 0 && si.si_signo == 0);
	kill(p, SIGKILL);
	CHECK(waitpid(p, &st, 0) == p);
	status_line("after WNOHANG", st);

	/* no children left */
	errno = 0;
	CHECK(waitpid(-1, &st, 0) == -1 && errno == ECHILD);
	errno = 0;
	CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);
	printf("no children: ECHILD\n");

	/* several children, reaped in whatever order they end */
	int seen = 0;
	for (int i = 0; i < 4; i++) {
		fflush(stdout);
		if (!fork())
			_exit(10 + i);
	}
	for (int i = 0; i < 4; i++) {
		CHECK(wait(&st) > 0);
		if (WIFEXITED(st) && WEXITSTATUS(st) >= 10 && WEXITSTATUS(st) < 14)
			seen |= 1 << (WEXITSTATUS(st) - 10);
	}
	printf("four children reaped: %s\n", seen == 15 ? "all" : "NOT ALL");
	CHECK(seen == 15);

	/* a pipe from child to parent, and memory that stays private */
	static char buf[1 << 16];
	int pfd[2], value = 1;
	CHECK(pipe(pfd) == 0);
	pid_t parent = getpid();
	fflush(stdout);
	p = fork();
	if (!p) {
		close(pfd[0]);
		value = 2;
		for (unsigned i = 0; i < sizeof buf; i++)
			buf[i] = (char)(i * 7 + (getppid() == parent));
		size_t off = 0;
		while (off < sizeof buf) {
			ssize_t n = write(pfd[1], buf + off, sizeof buf - off);
			if (n <= 0)
				_exit(3);
			off += n;
		}
		_exit(value == 2 ? 0 : 4);
	}
	close(pfd[1]);
	static char got[1 << 16];
	size_t off = 0;
	ssize_t n;
	while ((n = read(pfd[0], got + off, sizeof got - off)) > 0)
		off += n;
	close(pfd[0]);
	CHECK(waitpid(p, &st, 0) == p && st == 0);
	printf("pipe: %zu bytes, fnv %016llx; parent's value %d, buf[1] %d\n",
	       off, (unsigned long long)fnv1a(got, off), value, buf[1]);

	fresh_code();

	/* the children's CPU time reaches RUSAGE_CHILDREN */
	p = spawn(-1);
	if (!p) {
		/* 100ms of its own CPU time, however busy the machine is */
		struct timespec t;
		do
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
		while (t.tv_sec == 0 && t.tv_nsec < 100000000);
		_exit(0);
	}
	CHECK(waitpid(p, &st, 0) == p);
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
	long us = ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
		  ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec;
	printf("children's cpu time at least 50ms: %s\n", us >= 50000 ? "yes" : "no");
	return finish();
}
