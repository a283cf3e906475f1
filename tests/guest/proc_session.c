/*
 * proc_session: what a process can ask and change about itself and its
 * children besides fork and exec: sessions and process groups, signals
 * to other processes and groups, umask, prctl, personality, priorities,
 * the sched_* calls, capabilities, credentials, pidfds, and the raw
 * clone/clone3 calls with their tid and pidfd stores.  Values that depend
 * on the machine are printed as relations (nonzero, equal), so that the
 * native run and the guest run print the same.
 */
#define _GNU_SOURCE
#include "common.h"
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <grp.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/sched.h>

/* linux/sched/types.h, which clashes with glibc's sched.h */
struct sched_attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};

static const char *err(long r)
{
	return r == -1 ? strerror(errno) : "ok";
}

static int wait_status(pid_t p, int flags)
{
	int st = -1;
	if (waitpid(p, &st, flags) != p)
		printf("FAIL waitpid %d: %s\n", p, strerror(errno)), common_fails++;
	return st;
}

static void sessions(void)
{
	pid_t me = getpid();
	CHECK(getpgid(0) == getpgrp());
	CHECK(getsid(0) == getsid(me));
	CHECK(getpgid(me) == getpgid(0));
	errno = 0;
	CHECK(getpgid(0x3ffffff0) == -1 && errno == ESRCH);
	errno = 0;
	CHECK(getsid(0x3ffffff0) == -1 && errno == ESRCH);
	errno = 0;
	CHECK(setpgid(-1, 0) == -1 && errno == EINVAL);

	/* a child that starts its own session */
	int pfd[2];
	CHECK(pipe(pfd) == 0);
	fflush(stdout);
	pid_t p = fork();
	if (!p) {
		pid_t s = setsid();
		int ok = s == getpid() && getsid(0) == s && getpgid(0) == s;
		errno = 0;
		int again = setsid() == -1 && errno == EPERM;
		char c = (char)(ok + 2 * again);
		_exit(write(pfd[1], &c, 1) == 1 ? 0 : 1);
	}
	char c = 0;
	CHECK(read(pfd[0], &c, 1) == 1);
	close(pfd[0]);
	close(pfd[1]);
	CHECK(wait_status(p, 0) == 0);
	printf("setsid in a child: leader %s, second setsid EPERM %s\n",
	       (c & 1) ? "yes" : "no", (c & 2) ? "yes" : "no");
	CHECK(getsid(0) != p);

	/* a child moved into its own group by the parent, then signalled
	 * as a group */
	fflush(stdout);
	p = fork();
	if (!p) {
		for (;;)
			sleep(10);
	}
	CHECK(setpgid(p, p) == 0);
	CHECK(getpgid(p) == p);
	CHECK(kill(p, 0) == 0);
	CHECK(kill(-p, SIGTERM) == 0);
	int st = wait_status(p, 0);
	printf("group kill: %s %d\n", WIFSIGNALED(st) ? "signal" : "exit",
	       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	errno = 0;
	CHECK(kill(p, 0) == -1 && errno == ESRCH);
	printf("kill(reaped, 0): %s\n", strerror(errno));
}

static void self_state(void)
{
	char name[32] = { 0 };

	mode_t old = umask(027);
	CHECK(umask(old) == 027);
	printf("umask round trip: ok\n");

	CHECK(prctl(PR_SET_NAME, "proc-session-long-name") == 0);
	CHECK(prctl(PR_GET_NAME, name) == 0);
	printf("prctl name: %s\n", name);
	printf("dumpable: %d\n", prctl(PR_GET_DUMPABLE));
	int sig = -1;
	CHECK(prctl(PR_SET_PDEATHSIG, SIGHUP) == 0);
	CHECK(prctl(PR_GET_PDEATHSIG, &sig) == 0);
	printf("pdeathsig: %d\n", sig);
	CHECK(prctl(PR_SET_PDEATHSIG, 0) == 0);
	int sub = -1;
	CHECK(prctl(PR_GET_CHILD_SUBREAPER, &sub) == 0);
	printf("subreaper before: %d\n", sub);
	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	CHECK(prctl(PR_GET_CHILD_SUBREAPER, &sub) == 0);
	printf("subreaper after: %d\n", sub);
	printf("no_new_privs: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	printf("keepcaps: %d\n", prctl(PR_GET_KEEPCAPS));
	printf("seccomp: %d\n", prctl(PR_GET_SECCOMP));
	printf("timerslack > 0: %d\n", prctl(PR_GET_TIMERSLACK) > 0);
	void *tidp = NULL;
	CHECK(prctl(PR_GET_TID_ADDRESS, &tidp) == 0);
	printf("tid address set: %d\n", tidp != NULL);
	errno = 0;
	int rc = prctl(9999, 0, 0, 0, 0);
	printf("prctl(9999): %d %s\n", rc, strerror(errno));

	printf("personality: %#x\n", personality(0xffffffff));

	errno = 0;
	int nice0 = getpriority(PRIO_PROCESS, 0);
	CHECK(errno == 0);
	CHECK(setpriority(PRIO_PROCESS, 0, nice0 + 3) == 0);
	printf("nice raised by: %d\n", getpriority(PRIO_PROCESS, 0) - nice0);
	errno = 0;
	CHECK(getpriority(99, 0) == -1 && errno == EINVAL);
	printf("getpriority(99): %s\n", strerror(errno));

	struct rusage ru;
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0);
	errno = 0;
	CHECK(getrusage(5, &ru) == -1 && errno == EINVAL);
}

static void scheduling(void)
{
	struct sched_param sp = { 77 };
	struct timespec ts;
	cpu_set_t set;

	printf("scheduler: %d\n", sched_getscheduler(0));
	printf("fifo priorities: %d..%d\n", sched_get_priority_min(SCHED_FIFO),
	       sched_get_priority_max(SCHED_FIFO));
	CHECK(sched_getparam(0, &sp) == 0);
	printf("sched priority: %d\n", sp.sched_priority);
	CHECK(sched_setscheduler(0, SCHED_OTHER, &sp) == 0);
	errno = 0;
	CHECK(sched_setscheduler(0, 12345, &sp) == -1 && errno == EINVAL);
	CHECK(sched_rr_get_interval(0, &ts) == 0);
	CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
	int n = CPU_COUNT(&set);
	CHECK(n > 0);
	CHECK(sched_setaffinity(0, sizeof set, &set) == 0);
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) == n);
	printf("affinity round trip: ok\n");

	struct sched_attr attr;
	memset(&attr, 0xaa, sizeof attr);
	CHECK(syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) == 0);
	printf("sched_attr: size %u policy %u nice %d\n", attr.size,
	       attr.sched_policy, attr.sched_nice);
	attr.sched_nice = attr.sched_nice;
	CHECK(syscall(SYS_sched_setattr, 0, &attr, 0) == 0);
}

static void credentials(void)
{
	struct __user_cap_header_struct h = { 0, 0 };
	struct __user_cap_data_struct d[2], d2[2];
	uid_t r, e, s;
	gid_t g[256];

	errno = 0;
	int rc = syscall(SYS_capget, &h, NULL);
	printf("capget probe: %d %s, version %#x\n", rc, strerror(errno), h.version);
	h.version = _LINUX_CAPABILITY_VERSION_3;
	h.pid = 0;
	CHECK(syscall(SYS_capget, &h, d) == 0);
	h.pid = getpid();
	CHECK(syscall(SYS_capget, &h, d2) == 0);
	CHECK(!memcmp(d, d2, sizeof d));
	h.pid = 0;
	printf("capset same: %s\n", err(syscall(SYS_capset, &h, d)));

	CHECK(getresuid(&r, &e, &s) == 0);
	CHECK(r == getuid() && e == geteuid());
	printf("setuid(own uid): %s\n", err(setuid(getuid())));
	printf("setgid(own gid): %s\n", err(setgid(getgid())));
	printf("setresuid(-1s): %s\n", err(setresuid(-1, -1, -1)));
	printf("setreuid(-1s): %s\n", err(setreuid(-1, -1)));
	printf("setfsuid: %d\n", (int)setfsuid(-1) == (int)geteuid());
	int n = getgroups(256, g);
	CHECK(n >= 0 && n == getgroups(0, NULL));
	printf("setgroups(same): %s\n", err(setgroups(n, g)));
	errno = 0;
	CHECK(setgroups(-1, g) == -1 && errno == EINVAL);
	printf("chroot(missing): %s\n", err(chroot("/nonexistent/dir")));
	printf("unshare(0): %s\n", err(unshare(0)));
}

static void raw_clones(void)
{
	int ptid = 0, st;

	/* clone with the parent-tid store: the third argument everywhere */
	fflush(stdout);
	long p = syscall(SYS_clone, SIGCHLD | CLONE_PARENT_SETTID, 0, &ptid, 0, 0);
	if (p == 0)
		_exit(21);
	CHECK(p > 0 && ptid == p);
	st = wait_status(p, 0);
	printf("clone PARENT_SETTID: exited %d, tid stored %s\n", WEXITSTATUS(st),
	       ptid == p ? "yes" : "no");

	/* the child-tid store: argument 4 or 5 depending on the arch */
	static int ctid;
	ctid = 0;
	fflush(stdout);
#if defined(__x86_64__)
	p = syscall(SYS_clone, SIGCHLD | CLONE_CHILD_SETTID, 0, 0, &ctid, 0);
#else
	p = syscall(SYS_clone, SIGCHLD | CLONE_CHILD_SETTID, 0, 0, 0, &ctid);
#endif
	if (p == 0)
		_exit(ctid == syscall(SYS_gettid) ? 0 : 1);
	st = wait_status(p, 0);
	printf("clone CHILD_SETTID: child saw its tid %s, parent's copy %d\n",
	       st == 0 ? "yes" : "no", ctid);

	/* no exit signal: only __WCLONE / __WALL find the child */
	fflush(stdout);
	p = syscall(SYS_clone, 0, 0, 0, 0, 0);
	if (p == 0)
		_exit(3);
	errno = 0;
	CHECK(waitpid(p, &st, WNOHANG) == -1 && errno == ECHILD);
	st = wait_status(p, __WALL);
	printf("clone without exit signal: exited %d\n", WEXITSTATUS(st));

	/* clone3, with a pidfd */
	struct clone_args ca;
	int pidfd = -1;
	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_PIDFD;
	ca.pidfd = (uintptr_t)&pidfd;
	ca.exit_signal = SIGCHLD;
	fflush(stdout);
	p = syscall(SYS_clone3, &ca, sizeof ca);
	if (p == 0) {
		for (;;)
			sleep(10);
	}
	CHECK(p > 0 && pidfd >= 0);
	CHECK(syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) == 0);
	st = wait_status(p, 0);
	printf("clone3 + pidfd_send_signal: %s %d\n",
	       WIFSIGNALED(st) ? "signal" : "exit",
	       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	close(pidfd);
	errno = 0;
	ca.flags = CLONE_SIGHAND;       /* without CLONE_VM */
	CHECK(syscall(SYS_clone3, &ca, sizeof ca) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_clone3, &ca, 8) == -1 && errno == EINVAL);
	printf("clone3 bad flags, bad size: EINVAL\n");

	/* pidfd_open on a child */
	fflush(stdout);
	p = fork();
	if (!p)
		_exit(9);
	int fd = syscall(SYS_pidfd_open, p, 0);
	CHECK(fd >= 0);
	st = wait_status(p, 0);
	printf("pidfd_open child: %s, exit %d\n", fd >= 0 ? "fd" : "error",
	       WEXITSTATUS(st));
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOFBF, 4096);
	sessions();
	self_state();
	scheduling();
	credentials();
	raw_clones();
	return finish();
}
