/*
 * path.h - the guest's view of the file system: guest paths -> host paths.
 *
 * With a sysroot (-L DIR, WARP_SYSROOT, QEMU_LD_PREFIX, or a default the
 * arch names), the guest sees DIR laid over the host's root:
 *
 *   - an absolute guest path is looked up in DIR first, component by
 *     component; symlinks met on the way are followed by warp itself, an
 *     absolute target restarting from DIR (never from the host root), and
 *     ".." at the root stays at the root;
 *   - a path DIR does not have is the host's path of the same name (the
 *     fallback QEMU makes too), so /tmp, /home, /etc/passwd ... work
 *     without copies in DIR;
 *   - /proc, /sys and /dev are always the host's (in a root file system
 *     image they are empty mount points);
 *   - a relative path is resolved by the kernel against the directory it
 *     names (the guest's cwd is the host cwd), except when that directory
 *     is inside DIR: then it is made absolute in the guest's view and
 *     resolved as above, so ".." and absolute symlinks stay inside DIR.
 *
 * Every path-taking syscall goes through sys_path_resolve(), so open,
 * stat, statx, access, readlink, execve, chdir ... all see the same files.
 *
 * This is the final interface (not a stand-in): syscalls/path.c
 * implements all of the above.
 */
#ifndef WARP_SYS_PATH_H
#define WARP_SYS_PATH_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct cpu;
struct process;

/* flags of sys_path_resolve() */
enum {
	/*
	 * Do not follow a symlink in the last component: the result names
	 * the link itself.  For lstat, readlink, unlink, rmdir, rename,
	 * O_NOFOLLOW, AT_SYMLINK_NOFOLLOW, O_CREAT|O_EXCL, lchown, utimensat
	 * with AT_SYMLINK_NOFOLLOW, linkat's source without AT_SYMLINK_FOLLOW.
	 */
	SYS_PATH_NOFOLLOW = 1u << 0,
	/*
	 * The last component may not exist yet and is about to be created
	 * (open O_CREAT, mkdir, mknod, symlink and link targets, rename's
	 * destination, bind of a unix socket).  When it exists neither in the
	 * sysroot nor on the host, it is created where its parent directory
	 * is found: in the sysroot if the sysroot has the parent.  An existing
	 * file is always used where lookups find it.
	 */
	SYS_PATH_CREATE = 1u << 1,
	/*
	 * Skip warp's own /proc answers (/proc/self/exe -> the guest
	 * program): the caller wants the host's file.
	 */
	SYS_PATH_NOMAGIC = 1u << 2,
};

/*
 * Translate GUEST_PATH, relative to DIRFD (AT_FDCWD or a guest
 * descriptor) as the *at syscalls take it, into HOST_PATH (N bytes) for
 * the host kernel, relative to the same DIRFD.  Returns 0, or a negative
 * errno: -ENAMETOOLONG when the result does not fit, -ELOOP after 40
 * symlinks in the sysroot, -ENOENT for "".
 *
 * Without a sysroot the path is copied unchanged, except that
 * /proc/self/exe (and /proc/<pid>/exe, /proc/thread-self/exe of this
 * process) becomes the guest program's host path when followed.
 *
 * Thread-safe; does not touch guest memory.  Usable before the guest runs
 * and in a forked child.
 */
int sys_path_resolve(struct cpu *cpu, int dirfd, const char *guest_path,
		     char *host_path, size_t n, unsigned flags)
	WARP_UNUSED_RESULT;

/* The same for a process (the loader, before there is a cpu). */
int sys_path_resolve_proc(struct process *proc, int dirfd,
			  const char *guest_path, char *host_path, size_t n,
			  unsigned flags) WARP_UNUSED_RESULT;

/*
 * A host path as the guest sees it: HOST with the sysroot prefix removed
 * when it lies inside the sysroot ("/usr/riscv64-linux-gnu/lib/x" ->
 * "/lib/x"), else HOST itself.  Writes at most N bytes into OUT (always
 * NUL-terminated) and returns the full length of the guest path.
 */
size_t sys_path_to_guest(const struct process *proc, const char *host,
			 char *out, size_t n);

/*
 * Set up PROC's sysroot at DIR (made absolute and canonical), or none
 * when DIR is NULL.  Returns 0, or -errno when DIR is not a directory.
 */
int sys_sysroot_init(struct process *proc, const char *dir) WARP_UNUSED_RESULT;

/* Drop PROC's sysroot (the guest then sees the host's files). */
void sys_sysroot_free(struct process *proc);

/* The canonical sysroot directory, or NULL without one. */
const char *sys_sysroot_dir(const struct process *proc);

/* The cwd changed (chdir, fchdir): note whether it is in the sysroot. */
void sys_path_cwd_changed(struct process *proc);

/* The guest changed the file system in the sysroot (rename, unlink,
 * rmdir, symlink...): forget what the resolver cached. */
void sys_path_forget(struct process *proc);

#endif
