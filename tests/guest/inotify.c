/*
 * inotify: a watch on a fresh directory in TMPDIR sees a file created,
 * written, closed, renamed (MOVED_FROM/MOVED_TO sharing a cookie) and
 * deleted, and a subdirectory made (IN_ISDIR); events are read in one
 * buffer and walked by their len; IN_ONESHOT fires once then IN_IGNORED;
 * rm_watch gives IN_IGNORED; a second add on the same path returns the
 * same watch descriptor; FIONREAD says how many bytes are queued.  Errors:
 * ENOENT, EBADF, EINVAL (not an inotify fd, empty mask, a short read),
 * EFAULT (path, read buffer), ENOTDIR (IN_ONLYDIR).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t cookie;

static void drain(int fd)
{
	char buf[4096] __attribute__((aligned(8)));
	int avail = -1;
	ioctl(fd, FIONREAD, &avail);
	ssize_t n = read(fd, buf, sizeof buf);
	printf("FIONREAD matches read: %d\n", avail == n);
	for (char *p = buf; n > 0 && p < buf + n;) {
		struct inotify_event *e = (struct inotify_event *)p;
		printf("  wd %d mask %#x name '%s'", e->wd, e->mask, e->len ? e->name : "");
		if (e->mask & (IN_MOVED_FROM | IN_MOVED_TO)) {
			if (e->mask & IN_MOVED_FROM)
				cookie = e->cookie;
			else
				printf(" same cookie %d", e->cookie == cookie && cookie);
		}
		printf("\n");
		p += sizeof *e + e->len;
	}
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], f[4200], g[4200], d2[4200];
	snprintf(dir, sizeof dir, "%s/inotify-XXXXXX", tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(f, sizeof f, "%s/file", dir);
	snprintf(g, sizeof g, "%s/renamed", dir);
	snprintf(d2, sizeof d2, "%s/sub", dir);

	int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	CHECK(in >= 0);
	int wd = inotify_add_watch(in, dir, IN_ALL_EVENTS);
	CHECK(wd >= 0);
	printf("same wd again: %d\n", inotify_add_watch(in, dir, IN_ALL_EVENTS) == wd);
	int fd = open(f, O_CREAT | O_WRONLY, 0600);
	write(fd, "data", 4);
	close(fd);
	rename(f, g);
	mkdir(d2, 0700);
	unlink(g);
	rmdir(d2);
	drain(in);
	ERR(read(in, f, 8));

	/* a one-shot watch on a file */
	fd = open(f, O_CREAT | O_WRONLY, 0600);
	int w2 = inotify_add_watch(in, f, IN_MODIFY | IN_ONESHOT);
	write(fd, "1", 1);
	write(fd, "2", 1);
	close(fd);
	printf("oneshot:\n");
	drain(in);
	CHECK_EQ(inotify_rm_watch(in, wd), 0);
	printf("after rm_watch:\n");
	drain(in);

	ERR(inotify_add_watch(in, "/nonexistent/x", IN_MODIFY));
	ERR(inotify_add_watch(in, BADPTR, IN_MODIFY));
	ERR(inotify_add_watch(in, dir, 0));
	ERR(inotify_add_watch(-1, dir, IN_MODIFY));
	ERR(inotify_add_watch(0, dir, IN_MODIFY));
	ERR(inotify_add_watch(in, f, IN_MODIFY | IN_ONLYDIR));
	ERR(inotify_rm_watch(in, 12345));
	ERR(inotify_rm_watch(in, w2));
	ERR(inotify_init1(0x1234));
	fd = open(f, O_WRONLY);
	int w3 = inotify_add_watch(in, f, IN_MODIFY);
	write(fd, "x", 1);
	ERR(read(in, f, 4));
	ERR(read(in, BADPTR, 4096));
	inotify_rm_watch(in, w3);
	close(fd);
	unlink(f);
	rmdir(dir);
	close(in);
	return finish();
}
