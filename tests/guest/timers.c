/*
 * timers: eventfd (counter, EFD_SEMAPHORE, EFD_NONBLOCK's EAGAIN, the
 * overflow limit), timerfd (a relative one-shot timer read as a u64
 * count, an interval timer's expirations, timerfd_gettime while armed
 * and disarmed, TFD_TIMER_ABSTIME), the interval timers (setitimer's old
 * value, getitimer) with SIGALRM blocked and collected by sigwait, and
 * POSIX timers (SIGEV_NONE: gettime counts down, getoverrun, delete;
 * SIGEV_SIGNAL with the signal blocked, collected by sigtimedwait with
 * its si_value).  Error paths: EINVAL, EBADF, EFAULT.
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <signal.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static void efd(void)
{
	int e = eventfd(5, EFD_NONBLOCK | EFD_CLOEXEC);
	uint64_t v = 0;
	CHECK(e >= 0);
	CHECK_EQ(read(e, &v, 8), 8);
	printf("eventfd read %llu\n", (unsigned long long)v);
	ERR(read(e, &v, 8));
	ERR(read(e, &v, 4));
	v = 0xfffffffffffffffeull;
	CHECK_EQ(write(e, &v, 8), 8);
	v = 1;
	ERR(write(e, &v, 8));
	v = ~0ull;
	ERR(write(e, &v, 8));
	close(e);
	e = eventfd(3, EFD_SEMAPHORE);
	read(e, &v, 8);
	printf("semaphore read %llu\n", (unsigned long long)v);
	read(e, &v, 8);
	read(e, &v, 8);
	printf("three reads ok, value %llu\n", (unsigned long long)v);
	close(e);
	ERR(eventfd(0, 0x12345));
}

static void tfd(void)
{
	int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	/* long enough that a slow run still sees it armed */
	struct itimerspec its = { { 0, 0 }, { 0, 200000000 } }, old, cur;
	uint64_t n = 0;
	CHECK(t >= 0);
	CHECK_EQ(timerfd_settime(t, 0, &its, &old), 0);
	printf("old value disarmed %d\n", old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);
	CHECK_EQ(timerfd_gettime(t, &cur), 0);
	printf("armed: left <= 200ms %d interval 0 %d\n",
	       cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 200000000 &&
	       cur.it_value.tv_nsec > 0, cur.it_interval.tv_nsec == 0);
	CHECK_EQ(read(t, &n, 8), 8);
	printf("one-shot expirations %llu\n", (unsigned long long)n);
	CHECK_EQ(timerfd_gettime(t, &cur), 0);
	printf("expired: disarmed %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
	/* interval: at least two expirations by the time we look */
	its.it_interval.tv_nsec = 5000000;
	its.it_value.tv_nsec = 5000000;
	CHECK_EQ(timerfd_settime(t, 0, &its, NULL), 0);
	struct timespec sl = { 0, 30000000 };
	nanosleep(&sl, NULL);
	CHECK_EQ(read(t, &n, 8), 8);
	printf("interval expirations >= 2: %d\n", n >= 2);
	/* absolute, in the past: expires at once */
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	its.it_interval.tv_nsec = 0;
	its.it_value = now;
	CHECK_EQ(timerfd_settime(t, TFD_TIMER_ABSTIME, &its, NULL), 0);
	CHECK_EQ(read(t, &n, 8), 8);
	printf("absolute: %llu\n", (unsigned long long)n);
	ERR(timerfd_settime(t, 0, BADPTR, NULL));
	ERR(timerfd_settime(t, 0, &its, BADPTR));
	ERR(timerfd_settime(-1, 0, BADPTR, NULL));
	ERR(timerfd_settime(t, 0x100, &its, NULL));
	its.it_value.tv_nsec = 1000000000;
	ERR(timerfd_settime(t, 0, &its, NULL));
	ERR(timerfd_gettime(t, BADPTR));
	ERR(timerfd_gettime(0, &cur));
	ERR(timerfd_create(12345, 0));
	ERR(timerfd_create(CLOCK_MONOTONIC, 0x40));
	close(t);
}

static void itimers(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	struct itimerval it = { { 0, 0 }, { 0, 200000 } }, old, cur;
	CHECK_EQ(setitimer(ITIMER_REAL, &it, &old), 0);
	printf("old itimer disarmed %d\n", old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0);
	CHECK_EQ(getitimer(ITIMER_REAL, &cur), 0);
	printf("getitimer running %d\n", cur.it_value.tv_usec > 0 && cur.it_value.tv_usec <= 200000);
	int sig = 0;
	CHECK_EQ(sigwait(&set, &sig), 0);
	printf("sigwait: SIGALRM %d\n", sig == SIGALRM);
	ERR(setitimer(ITIMER_REAL, BADPTR, NULL));
	ERR(setitimer(ITIMER_REAL, &it, BADPTR));
	ERR(setitimer(99, &it, NULL));
	it.it_value.tv_usec = 2000000;
	ERR(setitimer(ITIMER_REAL, &it, NULL));
	ERR(getitimer(ITIMER_REAL, BADPTR));
	ERR(getitimer(99, &cur));
	CHECK_EQ(getitimer(ITIMER_PROF, &cur), 0);
	printf("ITIMER_PROF idle %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
}

static void posix_timers(void)
{
	struct sigevent sev;
	timer_t id;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_NONE;
	CHECK_EQ(timer_create(CLOCK_MONOTONIC, &sev, &id), 0);
	struct itimerspec its = { { 0, 0 }, { 10, 0 } }, cur, old;
	CHECK_EQ(timer_settime(id, 0, &its, NULL), 0);
	CHECK_EQ(timer_gettime(id, &cur), 0);
	printf("SIGEV_NONE counting down %d\n", cur.it_value.tv_sec == 9 || cur.it_value.tv_sec == 10);
	its.it_value.tv_sec = 0;
	CHECK_EQ(timer_settime(id, 0, &its, &old), 0);
	printf("old had seconds %d\n", old.it_value.tv_sec >= 9);
	printf("overrun %d\n", timer_getoverrun(id));
	CHECK_EQ(timer_delete(id), 0);
	ERR(timer_delete(id));
	ERR(timer_gettime(id, &cur));

	/* SIGEV_SIGNAL, the signal blocked: sigtimedwait collects it */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 3);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGRTMIN + 3;
	sev.sigev_value.sival_int = 4242;
	CHECK_EQ(timer_create(CLOCK_MONOTONIC, &sev, &id), 0);
	its.it_value.tv_nsec = 5000000;
	CHECK_EQ(timer_settime(id, 0, &its, NULL), 0);
	siginfo_t si;
	struct timespec to = { 5, 0 };
	int s = sigtimedwait(&set, &si, &to);
	printf("sigtimedwait: rt+3 %d code SI_TIMER %d value %d\n", s == SIGRTMIN + 3,
	       si.si_code == SI_TIMER, si.si_value.sival_int);
	to.tv_sec = 0;
	to.tv_nsec = 1000000;
	ERR(sigtimedwait(&set, &si, &to));
	timer_delete(id);

	ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, BADPTR, &id));
	ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, BADPTR));
	ERR(syscall(SYS_timer_create, 12345, NULL, &id));
	sev.sigev_notify = 12345;
	ERR(timer_create(CLOCK_MONOTONIC, &sev, &id));
	ERR(syscall(SYS_timer_settime, 0, 0, NULL, NULL));
}

int main(void)
{
	efd();
	tfd();
	itimers();
	posix_timers();
	struct timespec ts = { 0, 0 };
	ERR(clock_settime(CLOCK_MONOTONIC, &ts));
	ERR(syscall(SYS_clock_settime, CLOCK_REALTIME, BADPTR));
	ERR(syscall(SYS_clock_settime, 12345, BADPTR));
	return finish();
}
