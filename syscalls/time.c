/*
 * time.c - clocks and sleeping, and the timespec/timeval conversions the
 * other time-taking calls share (sys_get_timespec & co., internal.h).
 *
 * clock_gettime and gettimeofday go through the host's vDSO (glibc's
 * functions), not a syscall: a guest that reads the clock in a loop costs
 * a few ns per call more than natively, not a kernel entry.  Results reach
 * the guest through the ABI's timespec/timeval layouts.
 *
 * Sleeps are not restarted after a signal: signal delivery (and EINTR /
 * restart semantics) belongs to signals/ and comes later.
 */
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#include "internal.h"

int sys_put_timespec(struct cpu *cpu, gaddr_t g, const struct timespec *ts)
{
	uint64_t v[TS__N] = { [TS_SEC] = ts->tv_sec, [TS_NSEC] = ts->tv_nsec };
	return conv_put(cpu, CONV_TIMESPEC, v, g);
}

int sys_get_timespec(struct cpu *cpu, gaddr_t g, struct timespec *ts)
{
	uint64_t v[TS__N];
	int r = conv_get(cpu, CONV_TIMESPEC, g, v);
	if (r < 0)
		return r;
	ts->tv_sec = v[TS_SEC];
	ts->tv_nsec = v[TS_NSEC];
	return 0;
}

int sys_put_timeval(struct cpu *cpu, gaddr_t g, const struct timeval *tv)
{
	uint64_t v[TV__N] = { [TV_SEC] = tv->tv_sec, [TV_USEC] = tv->tv_usec };
	return conv_put(cpu, CONV_TIMEVAL, v, g);
}

int sys_get_timeval(struct cpu *cpu, gaddr_t g, struct timeval *tv)
{
	uint64_t v[TV__N];
	int r = conv_get(cpu, CONV_TIMEVAL, g, v);
	if (r < 0)
		return r;
	tv->tv_sec = v[TV_SEC];
	tv->tv_usec = v[TV_USEC];
	return 0;
}

int64_t sys_clock_gettime(struct cpu *cpu, const uint64_t *a)
{
	struct timespec ts;
	if (clock_gettime((clockid_t)a[0], &ts) < 0)
		return -errno;
	return sys_put_timespec(cpu, a[1], &ts);
}

int64_t sys_clock_getres(struct cpu *cpu, const uint64_t *a)
{
	struct timespec ts;
	if (clock_getres((clockid_t)a[0], &ts) < 0)
		return -errno;
	/* a NULL result pointer is allowed: only the clock id is checked */
	return a[1] ? sys_put_timespec(cpu, a[1], &ts) : 0;
}

int64_t sys_gettimeofday(struct cpu *cpu, const uint64_t *a)
{
	struct timeval tv;
	struct timezone tz;
	int r;

	if (gettimeofday(&tv, &tz) < 0)
		return -errno;
	if (a[0]) {
		uint64_t v[TV__N] = { [TV_SEC] = tv.tv_sec, [TV_USEC] = tv.tv_usec };
		r = conv_put(cpu, CONV_TIMEVAL, v, a[0]);
		if (r < 0)
			return r;
	}
	if (a[1]) {
		uint64_t v[TZ__N] = { [TZ_MINUTESWEST] = tz.tz_minuteswest,
				      [TZ_DSTTIME] = tz.tz_dsttime };
		r = conv_put(cpu, CONV_TIMEZONE, v, a[1]);
		if (r < 0)
			return r;
	}
	return 0;
}

/* shared by nanosleep and clock_nanosleep: REM is written on EINTR only */
static int64_t do_sleep(struct cpu *cpu, clockid_t clk, int flags,
			gaddr_t greq, gaddr_t grem)
{
	struct timespec req, rem;
	void *rp = &req;
	int64_t r;

	/* unreadable: the host checks the clock first, as for the guest */
	if (sys_get_timespec(cpu, greq, &req) < 0)
		rp = SYS_HOST_BADPTR;
	r = HOST(SYS_clock_nanosleep, clk, flags, rp, &rem);
	if (r == -EINTR && grem && !(flags & TIMER_ABSTIME)) {
		int e = sys_put_timespec(cpu, grem, &rem);
		if (e < 0)
			return e;
	}
	return r;
}

int64_t sys_nanosleep(struct cpu *cpu, const uint64_t *a)
{
	/* nanosleep measures CLOCK_MONOTONIC, as the kernel does */
	return do_sleep(cpu, CLOCK_MONOTONIC, 0, a[0], a[1]);
}

int64_t sys_clock_nanosleep(struct cpu *cpu, const uint64_t *a)
{
	return do_sleep(cpu, (clockid_t)a[0], (int)a[1], a[2], a[3]);
}

int64_t sys_times(struct cpu *cpu, const uint64_t *a)
{
	struct tms t;
	/* into warp's own buffer: cannot fail */
	int64_t r = syscall(SYS_times, &t);
	if (a[0]) {
		uint64_t v[TMS__N] = {
			[TMS_UTIME] = t.tms_utime, [TMS_STIME] = t.tms_stime,
			[TMS_CUTIME] = t.tms_cutime, [TMS_CSTIME] = t.tms_cstime,
		};
		int e = conv_put(cpu, CONV_TMS, v, a[0]);
		if (e < 0)
			return e;
	}
	return r;
}
