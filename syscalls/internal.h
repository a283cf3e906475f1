/*
 * internal.h - what the files of syscalls/ share: the generic ids and the
 * dispatch table built from syscalls.def, the sys_<name> prototypes, and
 * small helpers for calling the host kernel.
 */
#ifndef WARP_SYS_INTERNAL_H
#define WARP_SYS_INTERNAL_H

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "util.h"
#include "cpu.h"
#include "guest.h"
#include "tb.h"
#include "syscall.h"
#include "conv.h"
#include "guestmem.h"
#include "../loader/process.h"

/* Generic ids: SC_read, SC_write, ... in syscalls.def order. */
enum sys_id {
#define SYSCALL(name, ...) SC_##name,
#define NOSYS(name) SC_##name,
#include "syscalls.def"
#undef SYSCALL
#undef NOSYS
	SC__COUNT
};

/* How -strace shows an argument or a result (the kinds in syscalls.def). */
enum sys_kind {
	SK_NONE,        /* no value (exit never returns) */
	SK_INT,         /* signed decimal */
	SK_HEX,         /* hexadecimal */
	SK_FD,          /* file descriptor */
	SK_DIRFD,       /* descriptor or AT_FDCWD */
	SK_PTR,         /* guest address, NULL */
	SK_STR,         /* NUL-terminated guest string */
	SK_IBUF,        /* bytes read by the call, length in the next arg */
	SK_OBUF,        /* bytes written by the call, length = result */
	SK_IOV,         /* struct iovec array, count in the next arg */
	SK_SIZE,        /* size_t */
	SK_OFF,         /* off_t */
	SK_OFLAGS,      /* O_* */
	SK_MODE,        /* octal permissions */
	SK_PROT,        /* PROT_* */
	SK_MFLAGS,      /* MAP_* */
	SK_ATFLAGS,     /* AT_* */
	SK_CLOCK,       /* clockid_t */
	SK_SIG,         /* signal number */
	SK_FCNTL,       /* fcntl command */
	SK_IOCTL,       /* ioctl request */
	SK_WHENCE,      /* SEEK_* */
	SK_RLIMIT,      /* RLIMIT_* */
	/* polling, timers, sockets (poll.c, timers.c, net.c, netmsg.c) */
	SK_FDFLAGS,     /* O_CLOEXEC / O_NONBLOCK of a new descriptor */
	SK_FLOCKOP,     /* LOCK_* */
	SK_INMASK,      /* IN_* (inotify) */
	SK_TIMESPEC,    /* struct timespec, read before the call */
	SK_ITIMER,      /* ITIMER_* */
	SK_POLLFD,      /* struct pollfd array, count in the next arg */
	SK_SIGSET,      /* sigset_t, read before the call */
	SK_EPOLLOP,     /* EPOLL_CTL_* */
	SK_SOCKFAM,     /* AF_* */
	SK_SOCKTYPE,    /* SOCK_* and SOCK_NONBLOCK / SOCK_CLOEXEC */
	SK_SOCKADDR,    /* socket address in, length in the next arg */
	SK_SOCKADDR_OUT, /* socket address out, length pointer next */
	SK_MSGFLAGS,    /* MSG_* */
	SK_SOCKLEVEL,   /* SOL_* */
	SK_SOCKOPT,     /* option name, level in the previous arg */
	SK_SHUT,        /* SHUT_* */
};

typedef int64_t (*sys_fn)(struct cpu *cpu, const uint64_t *a);

struct sys_entry {
	const char *name;
	sys_fn fn;              /* NULL: known but not implemented */
	uint8_t nargs;
	uint8_t ret;            /* SK_* */
	uint8_t kinds[6];       /* SK_* of each argument */
};

extern const struct sys_entry sys_table[SC__COUNT];

/* An implementation returning this has set the guest's registers itself
 * (sigreturn, execve): the dispatcher leaves them alone. */
#define SYS_NO_RESULT INT64_MIN

/* sys_<name>(cpu, a): a[0..5] are the raw guest arguments. */
#define SYSCALL(name, ...) int64_t sys_##name(struct cpu *cpu, const uint64_t *a);
#define NOSYS(name)
#include "syscalls.def"
#undef SYSCALL
#undef NOSYS

/* A host syscall(2) result as a kernel-style value: >= 0 or -errno. */
static inline int64_t host_ret(long r)
{
	return r == -1 ? -errno : r;
}
#define HOST(...) host_ret(syscall(__VA_ARGS__))

static inline void *gptr(const struct cpu *cpu, uint64_t a)
{
	return g2h(cpu, a);
}

static inline const struct sys_conv *sys_conv(const struct cpu *cpu)
{
	return cpu->arch->sys->conv;
}

/* Before the host kernel writes guest memory: unprotect code pages. */
static inline void sys_will_write(struct cpu *cpu, gaddr_t a, uint64_t len)
{
	tb_prepare_write(cpu->tc, a, len);
}

/* Flush warp's own logs before the process goes away. */
void sys_flush_logs(struct cpu *cpu);

/* fs.c: the guest path at P copied and resolved (path.h) into BUF
 * (PATH_MAX) for the host, relative to DIRFD: 0 or -errno.  An empty
 * path stays empty (the kernel decides, AT_EMPTY_PATH). */
int sys_path_at(struct cpu *cpu, int dirfd, gaddr_t p, char *buf,
		unsigned flags) WARP_UNUSED_RESULT;
/* sys_path_at(cpu, AT_FDCWD, p, buf, 0): followed, not created */
int sys_path(struct cpu *cpu, gaddr_t p, char *buf) WARP_UNUSED_RESULT;

/* proc_fs.c: the /proc files warp answers itself.  Each returns -ENOSYS
 * when PATH (a guest absolute path) is not one of them.
 * proc_fs_open: a host fd (FLAGS are host O_* flags) or -errno.
 * proc_fs_readlink: the link's content in BUF (not NUL-terminated), its
 * length or -errno. */
int proc_fs_open(struct cpu *cpu, const char *path, int flags)
	WARP_UNUSED_RESULT;
long proc_fs_readlink(struct cpu *cpu, const char *path, char *buf,
		      size_t size) WARP_UNUSED_RESULT;


/* process.c: the prctl operations proc.c's sys_prctl passes on */
int64_t sys_prctl_more(struct cpu *cpu, const uint64_t *a);
/* process.c: a vfork child about to exec or exit gives its parent the
 * guest memory it wrote (no-op in other processes) */
void sys_vfork_release(struct cpu *cpu);

/* Shared by the polling, timer and socket files (poll.c, time.c, io.c,
 * net.c).  struct timespec/timeval through the ABI's layouts: 0 or
 * -EFAULT. */
struct timespec;
struct timeval;
struct iovec;
int sys_get_timespec(struct cpu *cpu, gaddr_t g, struct timespec *ts)
	WARP_UNUSED_RESULT;
int sys_put_timespec(struct cpu *cpu, gaddr_t g, const struct timespec *ts)
	WARP_UNUSED_RESULT;
int sys_get_timeval(struct cpu *cpu, gaddr_t g, struct timeval *tv)
	WARP_UNUSED_RESULT;
int sys_put_timeval(struct cpu *cpu, gaddr_t g, const struct timeval *tv)
	WARP_UNUSED_RESULT;
/* io.c: the guest's iovec array (CNT entries at G) as host iovecs in
 * OUT[IOV_MAX]; FOR_READ: the kernel will write the buffers.  0, -EINVAL
 * (count) or -EFAULT. */
int sys_iov_in(struct cpu *cpu, gaddr_t g, int64_t cnt, struct iovec *out,
	       bool for_read) WARP_UNUSED_RESULT;
/* Is every kernel struct of this ABI laid out as the host's (a
 * little-endian ABI with 64-bit long, as riscv64 and aarch64)?  Then the
 * structs that need no pointer or flag translation may be handed to the
 * host in place, which keeps the host's own checks and errnos. */
static inline bool sys_abi_hostlike(const struct cpu *cpu)
{
	const struct sys_conv *c = cpu->arch->sys->conv;
	return !c->big_endian && c->long_size == 8;
}
/* A host pointer the host kernel refuses with EFAULT before it does
 * anything else with it: handed to the host in place of a guest struct
 * that could not be read, so that the host's order of checks (and its
 * errno) stays the native one. */
#define SYS_HOST_BADPTR ((void *)(uintptr_t)-4096)
/* xattr.c: the guest path at G as the host argument *OUT: the resolved
 * path in BUF (PATH_MAX + 1 bytes), or, when it cannot be read or is too
 * long, a pointer or a string the host refuses with the same errno at the
 * same point of its checks.  0, or another path error (sysroot lookups). */
int sys_path_host(struct cpu *cpu, int dirfd, gaddr_t g, char *buf,
		  unsigned flags, const char **out) WARP_UNUSED_RESULT;
/* poll.c: [A, A+N) lies in the user address space (the kernel's
 * access_ok), checked where the kernel checks before it blocks. */
bool sys_access_ok(const struct cpu *cpu, gaddr_t a, uint64_t n);
/* poll.c: the guest signal mask (bit n-1 = signal n) as the host thread
 * holds it: without the signals warp takes itself.  sys_sigmask_sync()
 * applies cpu->sig_blocked to the host thread, so that a signal the guest
 * blocked stays pending in the host kernel (signalfd, sigpending). */
uint64_t sys_host_sigmask(uint64_t guest_mask);
void sys_sigmask_sync(struct cpu *cpu);
/* poll.c: a guest sigset_t argument of SIZE bytes at G: 0, -EINVAL (size)
 * or -EFAULT */
int sys_get_sigset(struct cpu *cpu, gaddr_t g, uint64_t size, uint64_t *set)
	WARP_UNUSED_RESULT;

/* strace.c */
void strace_enter(struct cpu *cpu, FILE *f, long nr, int id,
		  const uint64_t *a);
void strace_exit(struct cpu *cpu, FILE *f, long nr, int id,
		 const uint64_t *a, int64_t ret);
/* strace_net.c: argument I (of kind KIND, SK_FDFLAGS and after) of a call
 * returning RET; false when KIND is not one of its kinds */
bool strace_put_net(struct cpu *cpu, FILE *f, unsigned kind, const uint64_t *a,
		    unsigned i, int64_t ret);

/* ioctl.c: the name of a known request, or NULL */
const char *ioctl_name(uint64_t req);

#endif
