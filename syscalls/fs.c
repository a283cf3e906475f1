/*
 * fs.c - names and metadata: openat, stat and friends, directories, links,
 * permissions, the working directory.
 *
 * Every path is copied out of guest memory (fault-safe) and translated
 * by the sysroot resolver (path.c) before the host sees it, each syscall
 * saying whether its last component is followed or created: so every
 * path-taking syscall sees the same files.  warp answers some /proc paths
 * itself (proc_fs.c): /proc/self/exe names the guest program, not warp,
 * and /proc/self/maps lists the guest's mappings.
 *
 * struct stat and struct statfs differ between guest ABIs and x86-64 and
 * go through the ABI's layouts; statx and linux_dirent64 have one layout
 * on every little-endian ABI and pass through.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#include "internal.h"
#include "path.h"

/* newer than the host's headers (Linux 6.3) */
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008u
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010u
#endif
/* a huge page size, log2, in bits 26-31 (MFD_HUGE_SHIFT, MFD_HUGE_MASK) */
#define MFD_HUGE_SIZE (0x3fu << 26)

int sys_path_at(struct cpu *cpu, int dirfd, gaddr_t p, char *buf,
		unsigned flags)
{
	char g[PATH_MAX];
	long n = guest_strcpy(cpu, g, p, sizeof g);

	if (n < 0)
		return n;
	if (!n) {               /* the kernel decides (AT_EMPTY_PATH) */
		buf[0] = 0;
		return 0;
	}
	return sys_path_resolve(cpu, dirfd, g, buf, PATH_MAX, flags);
}

int sys_path(struct cpu *cpu, gaddr_t p, char *buf)
{
	return sys_path_at(cpu, AT_FDCWD, p, buf, 0);
}

/* sys_path_at, but a NULL pointer is "" (AT_EMPTY_PATH callers may pass
 * it); AT_SYMLINK_NOFOLLOW in AT_FLAGS means SYS_PATH_NOFOLLOW */
static int path_or_empty(struct cpu *cpu, int dirfd, gaddr_t p, char *buf,
			 int at_flags)
{
	if (!p && (at_flags & AT_EMPTY_PATH)) {
		buf[0] = 0;
		return 0;
	}
	return sys_path_at(cpu, dirfd, p, buf,
			   (at_flags & AT_SYMLINK_NOFOLLOW) ? SYS_PATH_NOFOLLOW : 0);
}

/*
 * The kernel checks a call's flags (and access's and mknod's mode) before
 * it reads the path, so with both bad the flags' error wins over the
 * path's EFAULT.  warp reads and resolves the path first; when that fails
 * with R, this gives the call's result from PRE, the errno of the
 * kernel's earlier checks (0 when they pass).  A path warp could use goes
 * to the host, which then makes every check itself, in its order; so the
 * tables below decide only between two errors, never refuse a call the
 * host would take.
 */
static int64_t path_failed(int pre, int64_t r)
{
	return pre ? pre : r;
}

/* -EINVAL when FLAGS has a bit outside KNOWN */
static int only(unsigned flags, unsigned known)
{
	return (flags & ~known) ? -EINVAL : 0;
}

/* After a name at host path P was removed or replaced (unlink, rmdir,
 * rename): the resolver's cache of directories and symlinks may know the
 * old one.  New names need nothing: the cache never holds misses. */
static void changed(struct cpu *cpu, const char *p)
{
	const char *root = sys_sysroot_dir(cpu->proc);

	if (root && (p[0] != '/' || !strncmp(p, root, strlen(root))))
		sys_path_forget(cpu->proc);
}

int64_t sys_openat(struct cpu *cpu, const uint64_t *a)
{
	char g[PATH_MAX], path[PATH_MAX];
	int flags = (int)flags_to_host(sys_conv(cpu)->open_flags, a[2]);
	unsigned pf = 0;
	long n = guest_strcpy(cpu, g, a[1], sizeof g);
	int64_t r;

	if (n < 0)
		return n;
	if (g[0] == '/' && (r = proc_fs_open(cpu, g, flags)) != -ENOSYS)
		return r;
	if (flags & O_NOFOLLOW)
		pf |= SYS_PATH_NOFOLLOW;
	if (flags & O_CREAT)
		pf |= SYS_PATH_CREATE | ((flags & O_EXCL) ? SYS_PATH_NOFOLLOW : 0);
	if (!n)
		path[0] = 0;
	else if ((r = sys_path_resolve(cpu, (int)a[0], g, path, sizeof path, pf)) < 0)
		return r;
	return HOST(SYS_openat, (int)a[0], path, flags, (mode_t)a[3]);
}

/*
 * mm/memfd.c, memfd_create: the flags, then the name.  Not reproduced
 * before a bad name: the EINVAL of vm.memfd_noexec = 2 when neither
 * MFD_EXEC nor MFD_NOEXEC_SEAL is given (the host answers it for a good
 * name).
 */
static int memfd_check(unsigned flags)
{
	unsigned known = MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB |
			 MFD_NOEXEC_SEAL | MFD_EXEC;

	if (flags & MFD_HUGETLB)
		known |= MFD_HUGE_SIZE;
	if ((flags & MFD_EXEC) && (flags & MFD_NOEXEC_SEAL))
		return -EINVAL;
	return only(flags, known);
}

int64_t sys_memfd_create(struct cpu *cpu, const uint64_t *a)
{
	char name[256];
	unsigned flags = a[1];
	long n = guest_strcpy(cpu, name, a[0], sizeof name);
	if (n < 0)
		return path_failed(memfd_check(flags),
				   n == -ENAMETOOLONG ? -EINVAL : n);
	return HOST(SYS_memfd_create, name, flags);
}

/* ---- stat ---- */

static int64_t stat_out(struct cpu *cpu, const struct stat *st, gaddr_t g)
{
	uint64_t v[ST__N];
	v[ST_DEV] = st->st_dev;
	v[ST_INO] = st->st_ino;
	v[ST_MODE] = st->st_mode;
	v[ST_NLINK] = st->st_nlink;
	v[ST_UID] = st->st_uid;
	v[ST_GID] = st->st_gid;
	v[ST_RDEV] = st->st_rdev;
	v[ST_SIZE] = st->st_size;
	v[ST_BLKSIZE] = st->st_blksize;
	v[ST_BLOCKS] = st->st_blocks;
	v[ST_ATIME] = st->st_atim.tv_sec;
	v[ST_ATIME_NSEC] = st->st_atim.tv_nsec;
	v[ST_MTIME] = st->st_mtim.tv_sec;
	v[ST_MTIME_NSEC] = st->st_mtim.tv_nsec;
	v[ST_CTIME] = st->st_ctim.tv_sec;
	v[ST_CTIME_NSEC] = st->st_ctim.tv_nsec;
	return conv_put(cpu, CONV_STAT, v, g);
}

int64_t sys_fstat(struct cpu *cpu, const uint64_t *a)
{
	struct stat st;
	int64_t r = HOST(SYS_fstat, (int)a[0], &st);
	return r < 0 ? r : stat_out(cpu, &st, a[1]);
}

/* fs/stat.c, vfs_statx: the flags stat and statx know */
#define STAT_FLAGS (AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | \
		    AT_STATX_SYNC_TYPE)

/* fs/stat.c, do_statx: the mask and the sync type, then vfs_statx's
 * flags */
static int statx_check(unsigned flags, unsigned mask)
{
	if ((mask & STATX__RESERVED) ||
	    (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	return only(flags, STAT_FLAGS);
}

int64_t sys_newfstatat(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	struct stat st;
	int flags = a[3];
	int64_t r = path_or_empty(cpu, (int)a[0], a[1], path, flags);
	if (r < 0)
		return path_failed(only(flags, STAT_FLAGS), r);
	/* glibc's fstat is newfstatat(fd, "", AT_EMPTY_PATH): plain fstat
	 * spares the kernel the path lookup.  Only for exactly this flag:
	 * with others, whether they are checked depends on the host's
	 * version (Linux 6.11 and later skip the check for an empty path) */
	if (!path[0] && flags == AT_EMPTY_PATH && (int)a[0] != AT_FDCWD)
		r = HOST(SYS_fstat, (int)a[0], &st);
	else
		r = HOST(SYS_newfstatat, (int)a[0], path, &st, flags);
	return r < 0 ? r : stat_out(cpu, &st, a[2]);
}

int64_t sys_statx(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int flags = a[2];
	int64_t r = path_or_empty(cpu, (int)a[0], a[1], path, flags);
	if (r < 0)
		return path_failed(statx_check(flags, (unsigned)a[3]), r);
	/* struct statx is 256 bytes on every ABI */
	if (!guest_range_ok(cpu, a[4], 256))
		return -EFAULT;
	sys_will_write(cpu, a[4], 256);
	return HOST(SYS_statx, (int)a[0], path, flags, (unsigned)a[3],
		    gptr(cpu, a[4]));
}

static int64_t statfs_out(struct cpu *cpu, const struct statfs *s, gaddr_t g)
{
	uint64_t v[SFS__N];
	v[SFS_TYPE] = s->f_type;
	v[SFS_BSIZE] = s->f_bsize;
	v[SFS_BLOCKS] = s->f_blocks;
	v[SFS_BFREE] = s->f_bfree;
	v[SFS_BAVAIL] = s->f_bavail;
	v[SFS_FILES] = s->f_files;
	v[SFS_FFREE] = s->f_ffree;
	v[SFS_FSID0] = s->f_fsid.__val[0];
	v[SFS_FSID1] = s->f_fsid.__val[1];
	v[SFS_NAMELEN] = s->f_namelen;
	v[SFS_FRSIZE] = s->f_frsize;
	v[SFS_FLAGS] = s->f_flags;
	return conv_put(cpu, CONV_STATFS, v, g);
}

int64_t sys_statfs(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	struct statfs s;
	int64_t r = sys_path(cpu, a[0], path);
	if (r < 0)
		return r;
	r = HOST(SYS_statfs, path, &s);
	return r < 0 ? r : statfs_out(cpu, &s, a[1]);
}

int64_t sys_fstatfs(struct cpu *cpu, const uint64_t *a)
{
	struct statfs s;
	int64_t r = HOST(SYS_fstatfs, (int)a[0], &s);
	return r < 0 ? r : statfs_out(cpu, &s, a[1]);
}

/* ---- directories and names ---- */

int64_t sys_getdents64(struct cpu *cpu, const uint64_t *a)
{
	/* struct linux_dirent64 is the same on every little-endian ABI */
	sys_will_write(cpu, a[1], a[2]);
	return HOST(SYS_getdents64, (int)a[0], gptr(cpu, a[1]), (unsigned)a[2]);
}

int64_t sys_readlinkat(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	char g[PATH_MAX], link[PATH_MAX];
	int64_t size = (int)a[3];
	long n = guest_strcpy(cpu, g, a[1], sizeof g);
	int64_t r;

	if (n < 0)
		return n;
	if (size <= 0)
		return -EINVAL;
	if (g[0] == '/' && (r = proc_fs_readlink(cpu, g, link, sizeof link)) != -ENOSYS) {
		/* the answer, truncated, no NUL */
		if (r < 0)
			return r;
		if (r > size)
			r = size;
		return guest_write(cpu, a[2], link, r) < 0 ? -EFAULT : r;
	}
	if (!n)
		path[0] = 0;
	else if ((r = sys_path_resolve(cpu, (int)a[0], g, path, sizeof path,
				       SYS_PATH_NOFOLLOW)) < 0)
		return r;
	sys_will_write(cpu, a[2], size);
	return HOST(SYS_readlinkat, (int)a[0], path, gptr(cpu, a[2]), size);
}

/* fs/open.c, do_faccessat: the mode (F_OK or R_OK | W_OK | X_OK), then
 * the flags (none for faccessat) */
static int access_check(unsigned mode, unsigned flags)
{
	if (mode & ~S_IRWXO)
		return -EINVAL;
	return only(flags, AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
}

int64_t sys_faccessat(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int r = sys_path_at(cpu, (int)a[0], a[1], path, 0);
	if (r < 0)
		return path_failed(access_check(a[2], 0), r);
	return HOST(SYS_faccessat, (int)a[0], path, (int)a[2]);
}

int64_t sys_faccessat2(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int r = path_or_empty(cpu, (int)a[0], a[1], path, a[3]);
	if (r < 0)
		return path_failed(access_check(a[2], a[3]), r);
	return HOST(SYS_faccessat2, (int)a[0], path, (int)a[2], (int)a[3]);
}

int64_t sys_mkdirat(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int r = sys_path_at(cpu, (int)a[0], a[1], path,
			    SYS_PATH_CREATE | SYS_PATH_NOFOLLOW);
	if (r < 0)
		return r;
	return HOST(SYS_mkdirat, (int)a[0], path, (mode_t)a[2]);
}

/* fs/namei.c, may_mknod: the file type (mode is a umode_t there, but
 * S_IFMT lies in its 16 bits) */
static int mknod_check(unsigned mode)
{
	switch (mode & S_IFMT) {
	case 0:                 /* a regular file */
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		return 0;
	case S_IFDIR:           /* that is mkdir's */
		return -EPERM;
	default:
		return -EINVAL;
	}
}

int64_t sys_mknodat(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int r = sys_path_at(cpu, (int)a[0], a[1], path,
			    SYS_PATH_CREATE | SYS_PATH_NOFOLLOW);
	if (r < 0)
		return path_failed(mknod_check(a[2]), r);
	return HOST(SYS_mknodat, (int)a[0], path, (mode_t)a[2], (unsigned)a[3]);
}

int64_t sys_unlinkat(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int64_t r = sys_path_at(cpu, (int)a[0], a[1], path, SYS_PATH_NOFOLLOW);
	/* fs/namei.c, unlinkat: the flags first */
	if (r < 0)
		return path_failed(only(a[2], AT_REMOVEDIR), r);
	r = HOST(SYS_unlinkat, (int)a[0], path, (int)a[2]);
	if (r == 0)
		changed(cpu, path);
	return r;
}

int64_t sys_symlinkat(struct cpu *cpu, const uint64_t *a)
{
	char target[PATH_MAX], path[PATH_MAX];
	/* the link's content is stored as given: not a path warp resolves */
	long n = guest_strcpy(cpu, target, a[0], sizeof target);
	if (n < 0)
		return n;
	int64_t r = sys_path_at(cpu, (int)a[1], a[2], path,
				SYS_PATH_CREATE | SYS_PATH_NOFOLLOW);
	if (r < 0)
		return r;
	return HOST(SYS_symlinkat, target, (int)a[1], path);
}

int64_t sys_linkat(struct cpu *cpu, const uint64_t *a)
{
	char from[PATH_MAX], to[PATH_MAX];
	int flags = a[4];
	/* linkat follows the source only when asked to */
	int r = path_or_empty(cpu, (int)a[0], a[1], from,
			      (flags & AT_EMPTY_PATH) |
			      ((flags & AT_SYMLINK_FOLLOW) ? 0 : AT_SYMLINK_NOFOLLOW));
	if (r >= 0)
		r = sys_path_at(cpu, (int)a[2], a[3], to,
				SYS_PATH_CREATE | SYS_PATH_NOFOLLOW);
	/* fs/namei.c, do_linkat: the flags before both names */
	if (r < 0)
		return path_failed(only(flags, AT_SYMLINK_FOLLOW | AT_EMPTY_PATH), r);
	return HOST(SYS_linkat, (int)a[0], from, (int)a[2], to, (int)a[4]);
}

/* fs/namei.c, do_renameat2: the flags; EXCHANGE goes with neither of
 * the others */
static int rename_check(unsigned flags)
{
	if ((flags & RENAME_EXCHANGE) &&
	    (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	return only(flags, RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT);
}

int64_t sys_renameat2(struct cpu *cpu, const uint64_t *a)
{
	char from[PATH_MAX], to[PATH_MAX];
	int64_t r = sys_path_at(cpu, (int)a[0], a[1], from, SYS_PATH_NOFOLLOW);
	if (r >= 0)
		r = sys_path_at(cpu, (int)a[2], a[3], to,
				SYS_PATH_CREATE | SYS_PATH_NOFOLLOW);
	if (r < 0)
		return path_failed(rename_check(a[4]), r);
	r = HOST(SYS_renameat2, (int)a[0], from, (int)a[2], to, (unsigned)a[4]);
	if (r == 0) {
		changed(cpu, from);
		changed(cpu, to);
	}
	return r;
}

int64_t sys_renameat(struct cpu *cpu, const uint64_t *a)
{
	const uint64_t b[6] = { a[0], a[1], a[2], a[3], 0, 0 };
	return sys_renameat2(cpu, b);
}

int64_t sys_truncate(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int r = sys_path(cpu, a[0], path);
	if (r < 0)
		return r;
	return HOST(SYS_truncate, path, (off_t)a[1]);
}

int64_t sys_fchmod(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_fchmod, (int)a[0], (mode_t)a[1]);
}

int64_t sys_fchmodat(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int r = sys_path_at(cpu, (int)a[0], a[1], path, 0);
	if (r < 0)
		return r;
	return HOST(SYS_fchmodat, (int)a[0], path, (mode_t)a[2]);
}

int64_t sys_fchown(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_fchown, (int)a[0], (uid_t)a[1], (gid_t)a[2]);
}

int64_t sys_fchownat(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int r = path_or_empty(cpu, (int)a[0], a[1], path, a[4]);
	/* fs/open.c, do_fchownat: the flags first */
	if (r < 0)
		return path_failed(only(a[4], AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH), r);
	return HOST(SYS_fchownat, (int)a[0], path, (uid_t)a[2], (gid_t)a[3],
		    (int)a[4]);
}

int64_t sys_utimensat(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	const char *pp = NULL;
	struct timespec ts[2], *tp = NULL;
	unsigned sz = conv_size(cpu, CONV_TIMESPEC);

	/* a NULL path means the descriptor itself (futimens) */
	if (a[1]) {
		int r = sys_path_at(cpu, (int)a[0], a[1], path,
				    ((int)a[3] & AT_SYMLINK_NOFOLLOW) ?
				    SYS_PATH_NOFOLLOW : 0);
		if (r < 0)
			return r;
		pp = path;
	}
	if (a[2]) {
		for (int i = 0; i < 2; i++) {
			uint64_t v[TS__N];
			if (conv_get(cpu, CONV_TIMESPEC, a[2] + i * sz, v) < 0)
				return -EFAULT;
			ts[i].tv_sec = v[TS_SEC];
			ts[i].tv_nsec = v[TS_NSEC];
		}
		tp = ts;
	}
	return HOST(SYS_utimensat, (int)a[0], pp, tp, (int)a[3]);
}

int64_t sys_chdir(struct cpu *cpu, const uint64_t *a)
{
	char path[PATH_MAX];
	int64_t r = sys_path(cpu, a[0], path);
	if (r < 0)
		return r;
	r = HOST(SYS_chdir, path);
	if (r == 0)
		sys_path_cwd_changed(cpu->proc);
	return r;
}

int64_t sys_fchdir(struct cpu *cpu, const uint64_t *a)
{
	int64_t r = HOST(SYS_fchdir, (int)a[0]);
	if (r == 0)
		sys_path_cwd_changed(cpu->proc);
	return r;
}

/* The host cwd, as the guest sees it (without the sysroot prefix when it
 * is inside); the kernel's result: the length with the NUL, ERANGE. */
int64_t sys_getcwd(struct cpu *cpu, const uint64_t *a)
{
	char host[PATH_MAX + 1], g[PATH_MAX + 1];
	int64_t r = HOST(SYS_getcwd, host, sizeof host);
	size_t len;

	if (r < 0)
		return r;
	len = sys_path_to_guest(cpu->proc, host, g, sizeof g);
	if (len + 1 > a[1])
		return -ERANGE;
	return guest_write(cpu, a[0], g, len + 1) < 0 ? -EFAULT : (int64_t)len + 1;
}

int64_t sys_umask(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_umask, (mode_t)a[0]);
}
