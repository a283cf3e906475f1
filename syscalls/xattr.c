/*
 * xattr.c - extended attributes: set/get/list/remove, each by path, by
 * path without following a final symlink (l*), and by descriptor (f*).
 *
 * Names and values are bytes on every ABI (the binary values the kernel
 * interprets, such as POSIX ACLs, are little-endian by definition), so
 * they stay in guest memory and the host reads or writes them in place:
 * the host's own order of checks decides between EINVAL, ERANGE, E2BIG
 * and EFAULT, as it does natively.  Only the path is warp's: it goes
 * through the guest's file system view, and a path that cannot be read
 * (or is too long) reaches the host as one it refuses the same way
 * (sys_path_host), for the same reason.
 */
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/syscall.h>

#include "internal.h"
#include "path.h"

int sys_path_host(struct cpu *cpu, int dirfd, gaddr_t g, char *buf,
		  unsigned flags, const char **out)
{
	int r = sys_path_at(cpu, dirfd, g, buf, flags);
	*out = buf;
	if (r == -EFAULT) {
		*out = SYS_HOST_BADPTR;
		return 0;
	}
	if (r == -ENAMETOOLONG) {
		/* a name the host's getname() refuses the same way */
		memset(buf, 'x', PATH_MAX);
		buf[PATH_MAX] = 0;
		return 0;
	}
	return r;
}

static int xpath(struct cpu *cpu, gaddr_t g, char *buf, bool follow,
		 const char **out)
{
	return sys_path_host(cpu, AT_FDCWD, g, buf, follow ? 0 : SYS_PATH_NOFOLLOW,
			     out);
}

static int64_t do_set(struct cpu *cpu, const uint64_t *a, long nr, bool follow)
{
	char buf[PATH_MAX + 1];
	const char *p;
	int r = xpath(cpu, a[0], buf, follow, &p);
	if (r < 0)
		return r;
	return HOST(nr, p, gptr(cpu, a[1]), gptr(cpu, a[2]), a[3], (int)a[4]);
}

static int64_t do_get(struct cpu *cpu, const uint64_t *a, long nr, bool follow)
{
	char buf[PATH_MAX + 1];
	const char *p;
	int r = xpath(cpu, a[0], buf, follow, &p);
	if (r < 0)
		return r;
	sys_will_write(cpu, a[2], a[3]);
	return HOST(nr, p, gptr(cpu, a[1]), gptr(cpu, a[2]), a[3]);
}

static int64_t do_list(struct cpu *cpu, const uint64_t *a, long nr, bool follow)
{
	char buf[PATH_MAX + 1];
	const char *p;
	int r = xpath(cpu, a[0], buf, follow, &p);
	if (r < 0)
		return r;
	sys_will_write(cpu, a[1], a[2]);
	return HOST(nr, p, gptr(cpu, a[1]), a[2]);
}

static int64_t do_remove(struct cpu *cpu, const uint64_t *a, long nr,
			 bool follow)
{
	char buf[PATH_MAX + 1];
	const char *p;
	int r = xpath(cpu, a[0], buf, follow, &p);
	if (r < 0)
		return r;
	return HOST(nr, p, gptr(cpu, a[1]));
}

int64_t sys_setxattr(struct cpu *cpu, const uint64_t *a)
{
	return do_set(cpu, a, SYS_setxattr, true);
}

int64_t sys_lsetxattr(struct cpu *cpu, const uint64_t *a)
{
	return do_set(cpu, a, SYS_lsetxattr, false);
}

int64_t sys_fsetxattr(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_fsetxattr, (int)a[0], gptr(cpu, a[1]), gptr(cpu, a[2]),
		    a[3], (int)a[4]);
}

int64_t sys_getxattr(struct cpu *cpu, const uint64_t *a)
{
	return do_get(cpu, a, SYS_getxattr, true);
}

int64_t sys_lgetxattr(struct cpu *cpu, const uint64_t *a)
{
	return do_get(cpu, a, SYS_lgetxattr, false);
}

int64_t sys_fgetxattr(struct cpu *cpu, const uint64_t *a)
{
	sys_will_write(cpu, a[2], a[3]);
	return HOST(SYS_fgetxattr, (int)a[0], gptr(cpu, a[1]), gptr(cpu, a[2]),
		    a[3]);
}

int64_t sys_listxattr(struct cpu *cpu, const uint64_t *a)
{
	return do_list(cpu, a, SYS_listxattr, true);
}

int64_t sys_llistxattr(struct cpu *cpu, const uint64_t *a)
{
	return do_list(cpu, a, SYS_llistxattr, false);
}

int64_t sys_flistxattr(struct cpu *cpu, const uint64_t *a)
{
	sys_will_write(cpu, a[1], a[2]);
	return HOST(SYS_flistxattr, (int)a[0], gptr(cpu, a[1]), a[2]);
}

int64_t sys_removexattr(struct cpu *cpu, const uint64_t *a)
{
	return do_remove(cpu, a, SYS_removexattr, true);
}

int64_t sys_lremovexattr(struct cpu *cpu, const uint64_t *a)
{
	return do_remove(cpu, a, SYS_lremovexattr, false);
}

int64_t sys_fremovexattr(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_fremovexattr, (int)a[0], gptr(cpu, a[1]));
}
