/*
 * poll.c - waiting on descriptors and signals: ppoll, pselect6, the epoll
 * family, eventfd2, signalfd4; and how the guest's signal mask reaches the
 * host thread.
 *
 * Structs (pollfd, epoll_event, timespec, pselect6's sigset pack) go
 * through the ABI's layouts: struct epoll_event is packed (12 bytes) on
 * x86-64 and naturally aligned (16 bytes) on riscv64 and aarch64, so it is
 * always converted.  Each call checks its arguments in the order the
 * kernel does (timeout, then signal mask, then the descriptors), so that
 * a call with several bad arguments fails with the same errno as natively.
 *
 * The signal mask.  The guest's mask lives in cpu->sig_blocked; the host
 * thread holds the same mask (sys_sigmask_sync) except for the signals
 * warp takes itself (SIGSEGV, SIGBUS, SIGILL, SIGFPE: translated-code
 * faults) and the two glibc keeps for itself (32, 33).  So a signal the
 * guest blocked stays pending in the host kernel, where signalfd reads it
 * and ppoll/pselect6/epoll_pwait's temporary masks act on it atomically,
 * exactly as natively.  The mask argument of those calls is handed to the
 * host in that form; cpu->sig_blocked holds it for the duration of the
 * call.  (Delivery to guest handlers is signals/' job and comes later; a
 * signal unblocked by such a mask takes the host's disposition.)
 *
 * What a descriptor returns when read (eventfd's and timerfd's u64,
 * struct signalfd_siginfo, struct inotify_event) has one layout on every
 * little-endian ABI, 32-bit ones included: read() passes it through.  A
 * big-endian guest will need those reads converted per descriptor.
 */
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "internal.h"

#define SIGBIT(s) (1ull << ((s) - 1))
/* never blocked on the host: warp's fault handlers, glibc's own signals,
 * and the two no mask can hold */
#define HOST_KEEP (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) |	\
		   SIGBIT(SIGFPE) | SIGBIT(32) | SIGBIT(33) |		\
		   SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* x86-64's user address space ends below 1 << 47 (TASK_SIZE_MAX) */
#define HOST_USER_END 0x7ffffffff000ull

bool sys_access_ok(const struct cpu *cpu, gaddr_t a, uint64_t n)
{
	if (!guest_range_ok(cpu, a, n))
		return false;
	return a + cpu->guest_base + n <= HOST_USER_END;
}

uint64_t sys_host_sigmask(uint64_t guest_mask)
{
	/* signal numbers of the asm-generic ABIs are x86-64's */
	return guest_mask & ~HOST_KEEP;
}

void sys_sigmask_sync(struct cpu *cpu)
{
	uint64_t m = sys_host_sigmask(cpu->sig_blocked);
	/* into warp's own memory: cannot fail */
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

int sys_get_sigset(struct cpu *cpu, gaddr_t g, uint64_t size, uint64_t *set)
{
	/* _NSIG / 8 of every asm-generic ABI */
	if (size != 8)
		return -EINVAL;
	return conv_get_word(cpu, g, set, 8) < 0 ? -EFAULT : 0;
}

/*
 * The optional mask argument of ppoll, pselect6 and epoll_pwait: *HOST is
 * set to the host form when there is one (NULL otherwise).
 */
struct tmp_mask {
	uint64_t guest, host;
	bool on;
};

static int mask_arg(struct cpu *cpu, gaddr_t g, uint64_t size,
		    struct tmp_mask *m)
{
	m->on = false;
	if (!g)
		return 0;
	int r = sys_get_sigset(cpu, g, size, &m->guest);
	if (r < 0)
		return r;
	m->host = sys_host_sigmask(m->guest);
	m->on = true;
	return 0;
}

/* Swap the guest's recorded mask for the duration of the host call. */
static void mask_swap(struct cpu *cpu, struct tmp_mask *m)
{
	if (m->on) {
		uint64_t t = cpu->sig_blocked;
		cpu->sig_blocked = m->guest & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
		m->guest = t;
	}
}

static bool ts_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000;
}

/* A timeout argument: NULL (wait forever) or a valid timespec. */
static int timeout_arg(struct cpu *cpu, gaddr_t g, struct timespec *ts,
		       struct timespec **tsp)
{
	*tsp = NULL;
	if (!g)
		return 0;
	int r = sys_get_timespec(cpu, g, ts);
	if (r < 0)
		return r;
	if (!ts_valid(ts))
		return -EINVAL;
	*tsp = ts;
	return 0;
}

/* ppoll and pselect6 write the time left back, ignoring a fault (the
 * kernel does: a read-only timeout must not fail a finished call) */
static void timeout_back(struct cpu *cpu, gaddr_t g, const struct timespec *left,
			 bool was_zero)
{
	if (g && !was_zero && sys_put_timespec(cpu, g, left) < 0) {
		/* as the kernel: not an error */
	}
}

/* ---- ppoll ---- */

int64_t sys_ppoll(struct cpu *cpu, const uint64_t *a)
{
	const struct conv_layout *l = sys_conv(cpu)->lay[CONV_POLLFD];
	const struct sys_conv *c = sys_conv(cpu);
	uint64_t nfds = a[1];
	struct timespec ts, *tsp;
	struct tmp_mask m;
	struct rlimit rl;
	struct pollfd small[32], *fds = small;
	uint8_t *raw = NULL;
	int64_t r;

	r = timeout_arg(cpu, a[2], &ts, &tsp);
	if (r < 0)
		return r;
	bool zero = tsp && !ts.tv_sec && !ts.tv_nsec;
	r = mask_arg(cpu, a[3], a[4], &m);
	if (r < 0)
		return r;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && nfds > rl.rlim_cur)
		return -EINVAL;
	if (nfds > ARRAY_SIZE(small)) {
		fds = malloc(nfds * sizeof *fds);
		if (!fds)
			return -ENOMEM;
	}
	raw = malloc(nfds * l->size + 1);
	if (!raw) {
		r = -ENOMEM;
		goto out;
	}
	if (guest_read(cpu, raw, a[0], nfds * l->size) < 0) {
		r = -EFAULT;
		goto out;
	}
	for (uint64_t i = 0; i < nfds; i++) {
		uint64_t v[PFD__N];
		conv_in(c, l, raw + i * l->size, v);
		fds[i].fd = (int)v[PFD_FD];
		fds[i].events = (short)v[PFD_EVENTS];
		fds[i].revents = 0;
	}
	mask_swap(cpu, &m);
	r = HOST(SYS_ppoll, fds, nfds, tsp, m.on ? &m.host : NULL, 8);
	mask_swap(cpu, &m);
	if (r >= 0 || r == -EINTR) {
		/* only revents: the rest belongs to the guest */
		const struct conv_field *f = &l->f[PFD_REVENTS];
		for (uint64_t i = 0; i < nfds; i++)
			if (conv_put_word(cpu, a[0] + i * l->size + f->off,
					  (uint16_t)fds[i].revents, f->size) < 0) {
				r = -EFAULT;
				break;
			}
	}
	timeout_back(cpu, a[2], &ts, zero);
out:
	free(raw);
	if (fds != small)
		free(fds);
	return r;
}

/* ---- pselect6 ---- */

/*
 * The fd_set bitmaps: an array of longs, bit n of the array = fd n.  On a
 * little-endian ABI with 64-bit long that is the host's layout to the
 * byte, and the host kernel reads and writes the guest's sets in place,
 * so its clamping of N to the size of the descriptor table (and which fds
 * it then reports EBADF for) is exactly the native one.  Other ABIs copy
 * the sets through words of their long size, N clamped to RLIMIT_NOFILE.
 */
static int fdset_in(struct cpu *cpu, gaddr_t g, unsigned n, uint64_t *set)
{
	const struct sys_conv *c = sys_conv(cpu);
	unsigned ls = c->long_size, words = (n + 8 * ls - 1) / (8 * ls);

	memset(set, 0, (n + 63) / 64 * 8);
	for (unsigned i = 0; i < words; i++) {
		uint64_t w;
		if (conv_get_word(cpu, g + (uint64_t)i * ls, &w, ls) < 0)
			return -EFAULT;
		for (unsigned b = 0; b < 8 * ls; b++)
			if ((w >> b) & 1 && i * 8 * ls + b < n)
				set[(i * 8 * ls + b) / 64] |= 1ull << ((i * 8 * ls + b) % 64);
	}
	return 0;
}

static int fdset_out(struct cpu *cpu, gaddr_t g, unsigned n, const uint64_t *set)
{
	const struct sys_conv *c = sys_conv(cpu);
	unsigned ls = c->long_size, words = (n + 8 * ls - 1) / (8 * ls);

	for (unsigned i = 0; i < words; i++) {
		uint64_t w = 0;
		for (unsigned b = 0; b < 8 * ls && i * 8 * ls + b < n; b++) {
			unsigned fd = i * 8 * ls + b;
			w |= ((set[fd / 64] >> (fd % 64)) & 1) << b;
		}
		if (conv_put_word(cpu, g + (uint64_t)i * ls, w, ls) < 0)
			return -EFAULT;
	}
	return 0;
}

static int64_t select_copied(struct cpu *cpu, int n, const uint64_t *a,
			     struct timespec *tsp, struct tmp_mask *m)
{
	struct rlimit rl;
	uint64_t *sets[3] = { NULL, NULL, NULL };
	int64_t r = 0;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && (uint64_t)n > rl.rlim_cur)
		n = (int)rl.rlim_cur;
	for (int i = 0; i < 3 && r == 0; i++) {
		if (!a[1 + i])
			continue;
		sets[i] = calloc((n + 63) / 64 + 1, 8);
		if (!sets[i])
			r = -ENOMEM;
		else
			r = fdset_in(cpu, a[1 + i], n, sets[i]);
	}
	if (r == 0) {
		uint64_t pack[2] = { (uint64_t)(uintptr_t)&m->host, 8 };
		mask_swap(cpu, m);
		r = HOST(SYS_pselect6, n, sets[0], sets[1], sets[2], tsp,
			 m->on ? pack : NULL);
		mask_swap(cpu, m);
	}
	for (int i = 0; i < 3 && r >= 0; i++)
		if (sets[i] && fdset_out(cpu, a[1 + i], n, sets[i]) < 0)
			r = -EFAULT;
	for (int i = 0; i < 3; i++)
		free(sets[i]);
	return r;
}

int64_t sys_pselect6(struct cpu *cpu, const uint64_t *a)
{
	int n = (int)a[0];
	struct timespec ts, *tsp;
	struct tmp_mask m = { .on = false };
	int64_t r;

	r = timeout_arg(cpu, a[4], &ts, &tsp);
	if (r < 0)
		return r;
	bool zero = tsp && !ts.tv_sec && !ts.tv_nsec;
	if (a[5]) {
		uint64_t v[SSP__N];
		if (conv_get(cpu, CONV_SIGSET_PACK, a[5], v) < 0)
			return -EFAULT;
		r = mask_arg(cpu, v[SSP_PTR], v[SSP_LEN], &m);
		if (r < 0)
			return r;
	}
	if (n < 0)
		return -EINVAL;
	if (sys_abi_hostlike(cpu)) {
		uint64_t bytes = ((uint64_t)n + 63) / 64 * 8;
		uint64_t pack[2] = { (uint64_t)(uintptr_t)&m.host, 8 };
		void *h[3];
		for (int i = 0; i < 3; i++) {
			h[i] = a[1 + i] ? gptr(cpu, a[1 + i]) : NULL;
			if (a[1 + i]) {
				if (!guest_range_ok(cpu, a[1 + i], bytes))
					return -EFAULT;
				sys_will_write(cpu, a[1 + i], bytes);
			}
		}
		mask_swap(cpu, &m);
		r = HOST(SYS_pselect6, n, h[0], h[1], h[2], tsp, m.on ? pack : NULL);
		mask_swap(cpu, &m);
	} else {
		r = select_copied(cpu, n, a, tsp, &m);
	}
	timeout_back(cpu, a[4], &ts, zero);
	return r;
}

/* ---- epoll ---- */

int64_t sys_epoll_create1(struct cpu *cpu, const uint64_t *a)
{
	/* EPOLL_CLOEXEC is O_CLOEXEC */
	return HOST(SYS_epoll_create1,
		    (int)flags_to_host(sys_conv(cpu)->open_flags, (unsigned)a[0]));
}

enum { EPOLL_CTL_DEL_ = 2 };

int64_t sys_epoll_ctl(struct cpu *cpu, const uint64_t *a)
{
	struct epoll_event ev, *evp = NULL;
	int op = (int)a[1];

	/* the kernel reads the event for every op but DEL, before anything
	 * else */
	if (op != EPOLL_CTL_DEL_) {
		uint64_t v[EPE__N];
		if (conv_get(cpu, CONV_EPOLL_EVENT, a[3], v) < 0)
			return -EFAULT;
		ev.events = (uint32_t)v[EPE_EVENTS];
		ev.data.u64 = v[EPE_DATA];
		evp = &ev;
	}
	return HOST(SYS_epoll_ctl, (int)a[0], op, (int)a[2], evp);
}

/* The host array: ready events beyond it wait for the next call, which
 * epoll allows (it returns at most maxevents, possibly fewer). */
#define EPOLL_BATCH 1024

static int64_t epoll_wait_common(struct cpu *cpu, const uint64_t *a,
				 int timeout_ms, const struct timespec *ts,
				 bool pwait2)
{
	const struct sys_conv *c = sys_conv(cpu);
	const struct conv_layout *l = c->lay[CONV_EPOLL_EVENT];
	int maxevents = (int)a[2];
	struct tmp_mask m;
	struct epoll_event small[16], *ev = small;
	int64_t r;

	r = mask_arg(cpu, a[4], a[5], &m);
	if (r < 0)
		return r;
	/* EP_MAX_EVENTS for the guest's struct size */
	if (maxevents <= 0 || (uint64_t)maxevents > INT32_MAX / l->size)
		return -EINVAL;
	if (!sys_access_ok(cpu, a[1], (uint64_t)maxevents * l->size))
		return -EFAULT;
	int n = maxevents < EPOLL_BATCH ? maxevents : EPOLL_BATCH;
	if (n > (int)ARRAY_SIZE(small)) {
		ev = malloc(n * sizeof *ev);
		if (!ev)
			return -ENOMEM;
	}
	mask_swap(cpu, &m);
	if (pwait2)
		r = HOST(SYS_epoll_pwait2, (int)a[0], ev, n, ts,
			 m.on ? &m.host : NULL, 8);
	else
		r = HOST(SYS_epoll_pwait, (int)a[0], ev, n, timeout_ms,
			 m.on ? &m.host : NULL, 8);
	mask_swap(cpu, &m);
	for (int64_t i = 0; i < r; i++) {
		uint64_t v[EPE__N] = { [EPE_EVENTS] = ev[i].events,
				       [EPE_DATA] = ev[i].data.u64 };
		if (conv_put(cpu, CONV_EPOLL_EVENT, v, a[1] + i * l->size) < 0) {
			/* as the kernel: a fault after some events were
			 * copied returns those; the others are lost unless
			 * level-triggered (the kernel requeues them) */
			r = i ? i : -EFAULT;
			break;
		}
	}
	if (ev != small)
		free(ev);
	return r;
}

int64_t sys_epoll_pwait(struct cpu *cpu, const uint64_t *a)
{
	return epoll_wait_common(cpu, a, (int)a[3], NULL, false);
}

int64_t sys_epoll_pwait2(struct cpu *cpu, const uint64_t *a)
{
	struct timespec ts, *tsp;
	int r = timeout_arg(cpu, a[3], &ts, &tsp);
	if (r < 0)
		return r;
	return epoll_wait_common(cpu, a, 0, tsp, true);
}

/* ---- eventfd, signalfd ---- */

int64_t sys_eventfd2(struct cpu *cpu, const uint64_t *a)
{
	/* EFD_CLOEXEC and EFD_NONBLOCK are the open flags, EFD_SEMAPHORE 1 */
	return HOST(SYS_eventfd2, (unsigned)a[0],
		    (int)flags_to_host(sys_conv(cpu)->open_flags, (unsigned)a[1]));
}

int64_t sys_signalfd4(struct cpu *cpu, const uint64_t *a)
{
	uint64_t mask;
	int r = sys_get_sigset(cpu, a[1], a[2], &mask);
	if (r < 0)
		return r;
	/* the mask selects what the descriptor reads; blocking is the
	 * mask's business (sys_sigmask_sync) */
	return HOST(SYS_signalfd4, (int)a[0], &mask, 8,
		    (int)flags_to_host(sys_conv(cpu)->open_flags, (unsigned)a[3]));
}

/* ---- pending signals: they wait in the host kernel (sys_sigmask_sync) */

int64_t sys_rt_sigpending(struct cpu *cpu, const uint64_t *a)
{
	uint64_t set = 0;
	uint8_t out[8];

	if (a[1] > 8)
		return -EINVAL;
	/* the host's pending set is already limited to blocked signals */
	syscall(SYS_rt_sigpending, &set, 8);
	for (unsigned i = 0; i < 8; i++)
		out[sys_conv(cpu)->big_endian ? 7 - i : i] = set >> (8 * i);
	return guest_write(cpu, a[0], out, a[1]) < 0 ? -EFAULT : 0;
}

int64_t sys_rt_sigtimedwait(struct cpu *cpu, const uint64_t *a)
{
	uint64_t set;
	struct timespec ts, *tsp = NULL;
	siginfo_t si;
	int64_t r;

	r = sys_get_sigset(cpu, a[0], a[3], &set);
	if (r < 0)
		return r;
	if (a[2]) {
		if (sys_get_timespec(cpu, a[2], &ts) < 0)
			return -EFAULT;
		tsp = &ts;
	}
	memset(&si, 0, sizeof si);
	r = HOST(SYS_rt_sigtimedwait, &set, a[1] ? &si : NULL, tsp, 8);
	if (r > 0 && a[1]) {
		/* siginfo_t has the host's layout on a little-endian 64-bit
		 * ABI; elsewhere its header and the members the layout
		 * names */
		if (sys_abi_hostlike(cpu)) {
			if (guest_write(cpu, a[1], &si, sizeof si) < 0)
				return -EFAULT;
		} else {
			uint64_t v[SIGI__N] = {
				[SIGI_SIGNO] = si.si_signo, [SIGI_ERRNO] = si.si_errno,
				[SIGI_CODE] = si.si_code, [SIGI_PID] = si.si_pid,
				[SIGI_UID] = si.si_uid, [SIGI_STATUS] = si.si_status,
			};
			if (conv_put(cpu, CONV_SIGINFO, v, a[1]) < 0)
				return -EFAULT;
		}
	}
	return r;
}

/* siginfo_t from the guest: the host's layout on a hostlike ABI, else its
 * header and the members the layout names */
static int get_siginfo(struct cpu *cpu, gaddr_t g, siginfo_t *si)
{
	uint64_t v[SIGI__N];

	memset(si, 0, sizeof *si);
	if (sys_abi_hostlike(cpu))
		return guest_read(cpu, si, g, sizeof *si) < 0 ? -EFAULT : 0;
	if (conv_get(cpu, CONV_SIGINFO, g, v) < 0)
		return -EFAULT;
	si->si_signo = v[SIGI_SIGNO];
	si->si_errno = v[SIGI_ERRNO];
	si->si_code = v[SIGI_CODE];
	si->si_pid = v[SIGI_PID];
	si->si_uid = v[SIGI_UID];
	return 0;
}

/* A queued signal for this very thread that the host may hold pending:
 * blocked by the guest and not one of warp's own. */
static bool queue_on_host(struct cpu *cpu, uint64_t sig)
{
	if (sig < 1 || sig > 64 || !sys_host_sigmask(SIGBIT(sig)))
		return false;
	return cpu->sig_blocked & SIGBIT(sig);
}

int64_t sys_rt_sigqueueinfo(struct cpu *cpu, const uint64_t *a)
{
	siginfo_t si;

	if (get_siginfo(cpu, a[2], &si) < 0)
		return -EFAULT;
	if ((pid_t)a[0] == getpid() && !queue_on_host(cpu, a[1])) {
		/* not held: acted on as kill() to ourselves is */
		const uint64_t k[6] = { a[0], a[1] };
		return sys_kill(cpu, k);
	}
	if ((pid_t)a[0] == getpid())
		sys_sigmask_sync(cpu);
	return HOST(SYS_rt_sigqueueinfo, (pid_t)a[0], (int)a[1], &si);
}

int64_t sys_rt_tgsigqueueinfo(struct cpu *cpu, const uint64_t *a)
{
	siginfo_t si;
	bool self = (pid_t)a[0] == getpid() &&
		    (pid_t)a[1] == (pid_t)syscall(SYS_gettid);

	if (get_siginfo(cpu, a[3], &si) < 0)
		return -EFAULT;
	if (self && !queue_on_host(cpu, a[2])) {
		const uint64_t k[6] = { a[0], a[1], a[2] };
		return sys_tgkill(cpu, k);
	}
	if (self)
		sys_sigmask_sync(cpu);
	return HOST(SYS_rt_tgsigqueueinfo, (pid_t)a[0], (pid_t)a[1], (int)a[2], &si);
}
