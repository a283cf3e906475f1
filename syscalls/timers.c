/*
 * timers.c - timers and setting the clock: timerfd, the interval timers
 * (setitimer/getitimer), POSIX timers (timer_create family),
 * clock_settime, settimeofday, adjtimex and clock_adjtime.
 *
 * Every timer is a host timer: the host kernel counts, and a timerfd is a
 * host descriptor the guest reads directly (its u64 count has one layout
 * on every little-endian ABI).  Structs (itimerspec, itimerval, sigevent,
 * timex) go through the ABI's layouts.  A struct the guest passes in that
 * cannot be read is handed to the host as SYS_HOST_BADPTR, so that the
 * host checks its other arguments first, as the kernel does for the
 * guest, and the errno is the native one.
 *
 * Signals.  A timer that signals (setitimer, SIGEV_SIGNAL, SIGEV_THREAD_ID
 * with the guest's tid, which is its host tid) signals the host process:
 * with the guest's default disposition that is the native outcome
 * (SIGALRM terminates), a signal the guest blocked stays pending for
 * signalfd or sigwait (poll.c keeps the host mask equal to the guest's).
 * Running a guest handler for it is part of signal delivery, a later
 * issue.  SIGEV_NONE timers work fully; SIGEV_THREAD is glibc's (a helper
 * thread), so it waits for guest threads.
 */
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>

#include "internal.h"

/* ---- itimerspec and itimerval ---- */

static int get_its(struct cpu *cpu, gaddr_t g, struct itimerspec *its)
{
	uint64_t v[ITS__N];
	if (conv_get(cpu, CONV_ITIMERSPEC, g, v) < 0)
		return -EFAULT;
	its->it_interval.tv_sec = v[ITS_INT_SEC];
	its->it_interval.tv_nsec = v[ITS_INT_NSEC];
	its->it_value.tv_sec = v[ITS_VAL_SEC];
	its->it_value.tv_nsec = v[ITS_VAL_NSEC];
	return 0;
}

static int put_its(struct cpu *cpu, gaddr_t g, const struct itimerspec *its)
{
	uint64_t v[ITS__N] = {
		[ITS_INT_SEC] = its->it_interval.tv_sec,
		[ITS_INT_NSEC] = its->it_interval.tv_nsec,
		[ITS_VAL_SEC] = its->it_value.tv_sec,
		[ITS_VAL_NSEC] = its->it_value.tv_nsec,
	};
	return conv_put(cpu, CONV_ITIMERSPEC, v, g) < 0 ? -EFAULT : 0;
}

static int get_itv(struct cpu *cpu, gaddr_t g, struct itimerval *itv)
{
	uint64_t v[ITV__N];
	if (conv_get(cpu, CONV_ITIMERVAL, g, v) < 0)
		return -EFAULT;
	itv->it_interval.tv_sec = v[ITV_INT_SEC];
	itv->it_interval.tv_usec = v[ITV_INT_USEC];
	itv->it_value.tv_sec = v[ITV_VAL_SEC];
	itv->it_value.tv_usec = v[ITV_VAL_USEC];
	return 0;
}

static int put_itv(struct cpu *cpu, gaddr_t g, const struct itimerval *itv)
{
	uint64_t v[ITV__N] = {
		[ITV_INT_SEC] = itv->it_interval.tv_sec,
		[ITV_INT_USEC] = itv->it_interval.tv_usec,
		[ITV_VAL_SEC] = itv->it_value.tv_sec,
		[ITV_VAL_USEC] = itv->it_value.tv_usec,
	};
	return conv_put(cpu, CONV_ITIMERVAL, v, g) < 0 ? -EFAULT : 0;
}

/* ---- timerfd ---- */

int64_t sys_timerfd_create(struct cpu *cpu, const uint64_t *a)
{
	/* TFD_CLOEXEC and TFD_NONBLOCK are the open flags */
	return HOST(SYS_timerfd_create, (int)a[0],
		    (int)flags_to_host(sys_conv(cpu)->open_flags, (unsigned)a[1]));
}

int64_t sys_timerfd_settime(struct cpu *cpu, const uint64_t *a)
{
	struct itimerspec nv, ov;
	void *np = &nv;
	int64_t r;

	if (get_its(cpu, a[2], &nv) < 0)
		np = SYS_HOST_BADPTR;
	r = HOST(SYS_timerfd_settime, (int)a[0], (int)a[1], np, a[3] ? &ov : NULL);
	if (r == 0 && a[3])
		r = put_its(cpu, a[3], &ov);
	return r;
}

int64_t sys_timerfd_gettime(struct cpu *cpu, const uint64_t *a)
{
	struct itimerspec cur;
	int64_t r = HOST(SYS_timerfd_gettime, (int)a[0], &cur);
	return r < 0 ? r : put_its(cpu, a[1], &cur);
}

/* ---- interval timers ---- */

int64_t sys_getitimer(struct cpu *cpu, const uint64_t *a)
{
	struct itimerval cur;
	int64_t r = HOST(SYS_getitimer, (int)a[0], &cur);
	return r < 0 ? r : put_itv(cpu, a[1], &cur);
}

int64_t sys_setitimer(struct cpu *cpu, const uint64_t *a)
{
	struct itimerval nv, ov;
	int64_t r;

	/* a NULL new value disarms (an old Linux habit the kernel keeps) */
	if (a[1] && get_itv(cpu, a[1], &nv) < 0)
		return -EFAULT;
	if (!a[1])
		memset(&nv, 0, sizeof nv);
	r = HOST(SYS_setitimer, (int)a[0], &nv, a[2] ? &ov : NULL);
	if (r == 0 && a[2])
		r = put_itv(cpu, a[2], &ov);
	return r;
}

/* ---- POSIX timers ---- */

int64_t sys_timer_create(struct cpu *cpu, const uint64_t *a)
{
	struct sigevent sev, *sp = NULL;
	int id;
	int64_t r;

	if (a[1]) {
		uint64_t v[SEV__N];
		if (conv_get(cpu, CONV_SIGEVENT, a[1], v) < 0)
			return -EFAULT;
		memset(&sev, 0, sizeof sev);
		sev.sigev_value.sival_ptr = (void *)(uintptr_t)v[SEV_VALUE];
		sev.sigev_signo = (int)v[SEV_SIGNO];
		sev.sigev_notify = (int)v[SEV_NOTIFY];
		/* glibc hides sigev_notify_thread_id in a union member */
		sev._sigev_un._tid = (int)v[SEV_TID];
		sp = &sev;
	}
	r = HOST(SYS_timer_create, (clockid_t)a[0], sp, &id);
	if (r < 0)
		return r;
	/* kernel_timer_t is an int on every ABI */
	if (conv_put_word(cpu, a[2], (uint32_t)id, 4) < 0) {
		syscall(SYS_timer_delete, id);
		return -EFAULT;
	}
	return 0;
}

int64_t sys_timer_settime(struct cpu *cpu, const uint64_t *a)
{
	struct itimerspec nv, ov;
	void *np = &nv;
	int64_t r;

	if (!a[2])
		return -EINVAL;
	if (get_its(cpu, a[2], &nv) < 0)
		return -EFAULT;
	r = HOST(SYS_timer_settime, (int)a[0], (int)a[1], np, a[3] ? &ov : NULL);
	if (r == 0 && a[3])
		r = put_its(cpu, a[3], &ov);
	return r;
}

int64_t sys_timer_gettime(struct cpu *cpu, const uint64_t *a)
{
	struct itimerspec cur;
	int64_t r = HOST(SYS_timer_gettime, (int)a[0], &cur);
	return r < 0 ? r : put_its(cpu, a[1], &cur);
}

int64_t sys_timer_getoverrun(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_timer_getoverrun, (int)a[0]);
}

int64_t sys_timer_delete(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_timer_delete, (int)a[0]);
}

/* ---- setting the clock: the host decides (EPERM without CAP_SYS_TIME) */

int64_t sys_clock_settime(struct cpu *cpu, const uint64_t *a)
{
	struct timespec ts;
	void *p = &ts;
	if (sys_get_timespec(cpu, a[1], &ts) < 0)
		p = SYS_HOST_BADPTR;
	return HOST(SYS_clock_settime, (clockid_t)a[0], p);
}

int64_t sys_settimeofday(struct cpu *cpu, const uint64_t *a)
{
	struct timeval tv;
	struct timezone tz;
	void *tvp = NULL, *tzp = NULL;

	if (a[0]) {
		if (sys_get_timeval(cpu, a[0], &tv) < 0)
			return -EFAULT;
		tvp = &tv;
	}
	if (a[1]) {
		uint64_t v[TZ__N];
		if (conv_get(cpu, CONV_TIMEZONE, a[1], v) < 0)
			return -EFAULT;
		tz.tz_minuteswest = (int)v[TZ_MINUTESWEST];
		tz.tz_dsttime = (int)v[TZ_DSTTIME];
		tzp = &tz;
	}
	return HOST(SYS_settimeofday, tvp, tzp);
}

static void timex_in(const uint64_t *v, struct timex *t)
{
	memset(t, 0, sizeof *t);
	t->modes = v[TX_MODES];
	t->offset = v[TX_OFFSET];
	t->freq = v[TX_FREQ];
	t->maxerror = v[TX_MAXERROR];
	t->esterror = v[TX_ESTERROR];
	t->status = v[TX_STATUS];
	t->constant = v[TX_CONSTANT];
	t->precision = v[TX_PRECISION];
	t->tolerance = v[TX_TOLERANCE];
	t->time.tv_sec = v[TX_TIME_SEC];
	t->time.tv_usec = v[TX_TIME_USEC];
	t->tick = v[TX_TICK];
	t->ppsfreq = v[TX_PPSFREQ];
	t->jitter = v[TX_JITTER];
	t->shift = v[TX_SHIFT];
	t->stabil = v[TX_STABIL];
	t->jitcnt = v[TX_JITCNT];
	t->calcnt = v[TX_CALCNT];
	t->errcnt = v[TX_ERRCNT];
	t->stbcnt = v[TX_STBCNT];
	t->tai = v[TX_TAI];
}

static void timex_out(const struct timex *t, uint64_t *v)
{
	v[TX_MODES] = t->modes;
	v[TX_OFFSET] = t->offset;
	v[TX_FREQ] = t->freq;
	v[TX_MAXERROR] = t->maxerror;
	v[TX_ESTERROR] = t->esterror;
	v[TX_STATUS] = t->status;
	v[TX_CONSTANT] = t->constant;
	v[TX_PRECISION] = t->precision;
	v[TX_TOLERANCE] = t->tolerance;
	v[TX_TIME_SEC] = t->time.tv_sec;
	v[TX_TIME_USEC] = t->time.tv_usec;
	v[TX_TICK] = t->tick;
	v[TX_PPSFREQ] = t->ppsfreq;
	v[TX_JITTER] = t->jitter;
	v[TX_SHIFT] = t->shift;
	v[TX_STABIL] = t->stabil;
	v[TX_JITCNT] = t->jitcnt;
	v[TX_CALCNT] = t->calcnt;
	v[TX_ERRCNT] = t->errcnt;
	v[TX_STBCNT] = t->stbcnt;
	v[TX_TAI] = t->tai;
}

/* adjtimex is clock_adjtime(CLOCK_REALTIME); modes 0 only reads */
static int64_t do_adjtime(struct cpu *cpu, bool has_clock, clockid_t clk,
			  gaddr_t g)
{
	uint64_t v[TX__N];
	struct timex t;
	int64_t r;

	if (conv_get(cpu, CONV_TIMEX, g, v) < 0)
		return has_clock ? HOST(SYS_clock_adjtime, clk, SYS_HOST_BADPTR)
				 : -EFAULT;
	timex_in(v, &t);
	r = has_clock ? HOST(SYS_clock_adjtime, clk, &t) : HOST(SYS_adjtimex, &t);
	if (r >= 0) {
		timex_out(&t, v);
		if (conv_put(cpu, CONV_TIMEX, v, g) < 0)
			return -EFAULT;
	}
	return r;
}

int64_t sys_adjtimex(struct cpu *cpu, const uint64_t *a)
{
	return do_adjtime(cpu, false, 0, a[0]);
}

int64_t sys_clock_adjtime(struct cpu *cpu, const uint64_t *a)
{
	return do_adjtime(cpu, true, (clockid_t)a[0], a[1]);
}
