/*
 * sysfuzz.c - one syscall with bad arguments, the same way natively and
 * under warp, so that the two runs can be compared line by line.
 *
 *   sysfuzz --list     the syscalls of the table this build has
 *   sysfuzz NAME       run NAME's variants, one line each:
 *                      "NAME VARIANT: ok" or "NAME VARIANT: EFAULT"
 *
 * The table (sysfuzz_table.h) is generated from syscalls/syscalls.def by
 * gen.c: every syscall warp implements, with the kinds of its arguments.
 * Each variant derives every argument from its kind:
 *
 *   variant     pointers            lengths  descriptors  flags, numbers
 *   unmapped    a freed page        8        a real one   harmless values
 *   kernel      0xffff800000001000  8        a real one   harmless values
 *   readonly    a page of 'A's, RO  8        a real one   harmless values
 *   misaligned  zeroed memory + 1   8        a real one   harmless values
 *   hugelen     zeroed memory       2^63-1   a real one   harmless values
 *   badfd       zeroed memory       8        -1           harmless values
 *   badflags    zeroed memory       8        a real one   all bits / huge
 *   allbad      a freed page        8        -1           all bits / huge
 *
 * (allbad checks the order of the checks: which errno wins.)
 * "A real one" is a regular file in the working directory, or for the
 * socket, epoll, timerfd and inotify calls a descriptor of that kind, so
 * the calls get past their descriptor checks to the pointers.  Only the
 * result prints (ok, or the errno's name), never a value that differs
 * between runs.  Each NAME runs in its own process (run.sh), so whatever
 * a call changes in the process (credentials, masks, limits) ends there.
 * Calls that act outside the process or never return are not in the
 * table's run (EXCLUDED below).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

struct row {
	long nr;
	const char *name;
	int nargs;
	const char *kind[6];
};

static const struct row table[] = {
#define ROW(nr, name, n, k0, k1, k2, k3, k4, k5) \
	{ nr, name, n, { k0, k1, k2, k3, k4, k5 } },
#include "sysfuzz_table.h"
#if defined(__riscv) && !defined(__NR_riscv_hwprobe)
	/* newer than the cross compiler's kernel headers */
	ROW(258, "riscv_hwprobe", 5, "PTR", "SIZE", "SIZE", "PTR", "HEX", "")
#endif
#undef ROW
};

/* Calls whose effects reach outside the process or that end it. */
static const char *const EXCLUDED[] = {
	"exit", "exit_group", "kill", "tkill", "tgkill", "rt_sigqueueinfo",
	"rt_tgsigqueueinfo", "pidfd_send_signal", "clone", "clone3", "execve",
	"execveat", "reboot", "settimeofday", "adjtimex", "mmap", "munmap",
	"mremap", "mprotect", "brk",
	"rt_sigreturn", "rt_sigsuspend", "vhangup", "setsid",
};

enum variant { V_UNMAPPED, V_KERNEL, V_READONLY, V_MISALIGNED, V_HUGELEN,
	       V_BADFD, V_BADFLAGS, V_ALLBAD, V__N };
static const char *const vname[] = { "unmapped", "kernel", "readonly",
	"misaligned", "hugelen", "badfd", "badflags", "allbad" };

#define VFD 100                 /* the real descriptor's number */
#define SCRATCH_SIZE (64 * 1024)

static char *scratch, *ro, *unmapped;
static int master_fd;

static bool is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* The descriptor a call gets for its FD arguments. */
static int real_fd(const char *name)
{
	static const char *const sock[] = {
		"bind", "listen", "accept", "accept4", "connect", "getsockname",
		"getpeername", "sendto", "recvfrom", "setsockopt", "getsockopt",
		"shutdown", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
	};
	for (unsigned i = 0; i < sizeof sock / sizeof sock[0]; i++)
		if (is(name, sock[i])) {
			int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
			struct sockaddr_in a = { .sin_family = AF_INET,
						 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
			bind(s, (struct sockaddr *)&a, sizeof a);
			return s;
		}
	if (!strncmp(name, "epoll_", 6))
		return epoll_create1(0);
	if (!strncmp(name, "timerfd_", 8))
		return timerfd_create(CLOCK_MONOTONIC, 0);
	if (!strncmp(name, "inotify_", 8))
		return inotify_init1(IN_NONBLOCK);
	return dup(master_fd);
}

static uint64_t ptr_for(enum variant v, bool is_str)
{
	switch (v) {
	case V_UNMAPPED: case V_ALLBAD: return (uintptr_t)unmapped;
	case V_KERNEL: return 0xffff800000001000ull;
	case V_READONLY: return (uintptr_t)ro;
	case V_MISALIGNED: return (uintptr_t)scratch + 1;
	default:
		return is_str ? (uintptr_t)"nonexistent/x" : (uintptr_t)scratch;
	}
}

/* The value of one argument of kind K in variant V. */
static uint64_t arg_for(const char *name, const char *k, const char *prev,
			enum variant v)
{
	bool bad = v == V_BADFLAGS || v == V_ALLBAD;
	bool badfd = v == V_BADFD || v == V_ALLBAD;

	if (is(k, "PTR") || is(k, "IBUF") || is(k, "OBUF") || is(k, "IOV") ||
	    is(k, "POLLFD") || is(k, "SIGSET") || is(k, "TIMESPEC") ||
	    is(k, "SOCKADDR") || is(k, "SOCKADDR_OUT"))
		return ptr_for(v, false);
	if (is(k, "STR"))
		return ptr_for(v, true);
	if (is(k, "FD"))
		return badfd ? (uint64_t)-1 : VFD;
	if (is(k, "DIRFD"))
		return badfd ? (uint64_t)-1 : (uint64_t)AT_FDCWD;
	if (is(k, "SIZE"))
		return v == V_HUGELEN ? 0x7fffffffffffffffull : 8;
	if (is(k, "OFF"))
		return v == V_HUGELEN ? 0x7fffffffffffffffull : 0;
	if (is(k, "INT")) {
		/* a count of the array before it: one element */
		if (prev && (is(prev, "IOV") || is(prev, "POLLFD") || is(prev, "PTR")))
			return bad ? 0x7fffffff : 1;
		return bad ? 0x7fffffff : 0;
	}
	if (is(k, "MODE"))
		return bad ? 0xffffffffull : 0600;
	if (is(k, "CLOCK"))
		return bad ? 0x7fffffff : CLOCK_MONOTONIC;
	if (is(k, "SIG"))
		return bad ? 0x7fffffff : SIGURG;
	if (is(k, "FCNTL"))
		return bad ? 0x7fffffff : F_GETLK;
	if (is(k, "IOCTL"))
		return bad ? 0xdeadbeef : FIONREAD;
	if (is(k, "WHENCE"))
		return bad ? 0x7fffffff : SEEK_SET;
	if (is(k, "RLIMIT"))
		return bad ? 0x7fffffff : RLIMIT_CORE;
	if (is(k, "FLOCKOP"))
		return bad ? 0x7fffffff : 1;            /* LOCK_SH */
	if (is(k, "INMASK"))
		return bad ? 0 : IN_MODIFY;
	if (is(k, "ITIMER"))
		return bad ? 0x7fffffff : ITIMER_REAL;
	if (is(k, "EPOLLOP"))
		return bad ? 0x7fffffff : EPOLL_CTL_ADD;
	if (is(k, "SOCKFAM"))
		return bad ? 0x7fffffff : AF_UNIX;
	if (is(k, "SOCKTYPE"))
		return bad ? 0xffffffffull : SOCK_STREAM;
	if (is(k, "MSGFLAGS"))
		return bad ? 0xffffffffull : MSG_DONTWAIT;
	if (is(k, "SOCKLEVEL"))
		return bad ? 0x7fffffff : SOL_SOCKET;
	if (is(k, "SOCKOPT"))
		return bad ? 0x7fffffff : SO_TYPE;
	if (is(k, "SHUT"))
		return bad ? 0x7fffffff : SHUT_RD;
	/* HEX, OFLAGS, ATFLAGS, FDFLAGS, PROT, MFLAGS and kinds added
	 * later: flags */
	return bad ? 0xffffffffull : 0;
}

/* fcntl and ioctl take a pointer in their third argument for the
 * commands used here (F_GETLK, FIONREAD) */
static bool third_is_ptr(const char *name)
{
	return is(name, "fcntl") || is(name, "ioctl");
}

static void setup(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	/* scratch, then a guard page; a read-only page, then a guard */
	char *m = mmap(NULL, SCRATCH_SIZE + 4 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	scratch = m;
	mprotect(m + SCRATCH_SIZE, pg, PROT_NONE);
	ro = m + SCRATCH_SIZE + pg;
	memset(ro, 'A', pg);
	mprotect(ro, pg, PROT_READ);
	mprotect(ro + pg, pg, PROT_NONE);
	unmapped = ro + 2 * pg;
	munmap(unmapped, pg);

	master_fd = open("fuzzfile", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (master_fd < 0 || write(master_fd, "0123456789abcdef0123456789abcdef", 32) != 32) {
		perror("fuzzfile");
		exit(2);
	}
	/* a write to a closed pipe or socket must fail, not kill */
	signal(SIGPIPE, SIG_IGN);
	/* keep the timers' signals from ending the process */
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGALRM);
	sigaddset(&s, SIGURG);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

static void run(const struct row *r)
{
	for (int v = 0; v < V__N; v++) {
		uint64_t a[6] = { 0 };
		int fd = real_fd(r->name);

		memset(scratch, 0, SCRATCH_SIZE);
		if (fd >= 0 && fd != VFD) {
			dup2(fd, VFD);
			close(fd);
		}
		lseek(VFD, 0, SEEK_SET);
		for (int i = 0; i < r->nargs; i++)
			a[i] = arg_for(r->name, r->kind[i], i ? r->kind[i - 1] : NULL, v);
		if (third_is_ptr(r->name))
			a[2] = ptr_for(v, false);
		errno = 0;
		long ret = syscall(r->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		const char *e = ret < 0 ? strerrorname_np(errno) : "ok";
		printf("%s %s: %s\n", r->name, vname[v], e ? e : "E?");
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	unsigned n = sizeof table / sizeof table[0];

	if (argc == 2 && is(argv[1], "--list")) {
		for (unsigned i = 0; i < n; i++) {
			bool skip = false;
			for (unsigned k = 0; k < sizeof EXCLUDED / sizeof EXCLUDED[0]; k++)
				skip |= is(table[i].name, EXCLUDED[k]);
			if (!skip)
				printf("%s\n", table[i].name);
		}
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: sysfuzz --list | NAME\n");
		return 2;
	}
	for (unsigned i = 0; i < n; i++)
		if (is(table[i].name, argv[1])) {
			setup();
			run(&table[i]);
			return 0;
		}
	fprintf(stderr, "sysfuzz: %s: not in this build's table\n", argv[1]);
	return 3;
}
