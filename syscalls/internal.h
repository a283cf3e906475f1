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

/* fs.c: a guest path copied into BUF (PATH_MAX), with the paths warp must
 * answer itself redirected (/proc/self/exe): 0 or -errno. */
int sys_path(struct cpu *cpu, gaddr_t p, char *buf) WARP_UNUSED_RESULT;

/* mem.c: is [start, end) (host addresses) clear of warp's own memory? */
bool sys_range_free_of_warp(struct cpu *cpu, uint64_t start, uint64_t end);

/* strace.c */
void strace_enter(struct cpu *cpu, FILE *f, long nr, int id,
		  const uint64_t *a);
void strace_exit(struct cpu *cpu, FILE *f, long nr, int id,
		 const uint64_t *a, int64_t ret);

/* ioctl.c: the name of a known request, or NULL */
const char *ioctl_name(uint64_t req);

#endif
