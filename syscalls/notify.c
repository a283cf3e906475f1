/*
 * notify.c - file system events: inotify and fanotify.
 *
 * The descriptors are the host's, and what the guest reads from them
 * (struct inotify_event, struct fanotify_event_metadata: fixed-size
 * fields, 64-bit ones aligned) has one layout on every little-endian ABI,
 * so read() passes it through.  Paths go through the guest's file system
 * view; one that cannot be read reaches the host as one it refuses alike, so
 * that the host's checks of the mask and the descriptor come first, as
 * natively.  fanotify needs CAP_SYS_ADMIN: without it the host's EPERM is
 * the answer.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/syscall.h>

#include "internal.h"
#include "path.h"

#define IN_DONT_FOLLOW_ 0x02000000u
#define FAN_MARK_DONT_FOLLOW_ 0x04u

static int npath(struct cpu *cpu, int dirfd, gaddr_t g, char *buf,
		 bool follow, const char **out)
{
	return sys_path_host(cpu, dirfd, g, buf, follow ? 0 : SYS_PATH_NOFOLLOW,
			     out);
}

int64_t sys_inotify_init1(struct cpu *cpu, const uint64_t *a)
{
	/* IN_CLOEXEC and IN_NONBLOCK are the open flags */
	return HOST(SYS_inotify_init1,
		    (int)flags_to_host(sys_conv(cpu)->open_flags, (unsigned)a[0]));
}

int64_t sys_inotify_add_watch(struct cpu *cpu, const uint64_t *a)
{
	char buf[PATH_MAX + 1];
	const char *p;
	uint32_t mask = (uint32_t)a[2];
	int r = npath(cpu, AT_FDCWD, a[1], buf, !(mask & IN_DONT_FOLLOW_), &p);
	if (r < 0)
		return r;
	return HOST(SYS_inotify_add_watch, (int)a[0], p, mask);
}

int64_t sys_inotify_rm_watch(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_inotify_rm_watch, (int)a[0], (int)a[1]);
}

int64_t sys_fanotify_init(struct cpu *cpu, const uint64_t *a)
{
	/* FAN_* flags are the same everywhere; the second argument is the
	 * open flags of the event descriptors */
	return HOST(SYS_fanotify_init, (unsigned)a[0],
		    (unsigned)flags_to_host(sys_conv(cpu)->open_flags, (unsigned)a[1]));
}

int64_t sys_fanotify_mark(struct cpu *cpu, const uint64_t *a)
{
	char buf[PATH_MAX + 1];
	const char *p = NULL;
	unsigned flags = (unsigned)a[1];

	/* a NULL path marks DIRFD itself; 64-bit ABIs pass the mask whole */
	if (a[4]) {
		int r = npath(cpu, (int)a[3], a[4], buf,
			      !(flags & FAN_MARK_DONT_FOLLOW_), &p);
		if (r < 0)
			return r;
	}
	return HOST(SYS_fanotify_mark, (int)a[0], flags, a[2], (int)a[3], p);
}
