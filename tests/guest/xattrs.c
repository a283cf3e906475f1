/*
 * xattrs: user.* extended attributes on a file and a symlink in TMPDIR:
 * set with XATTR_CREATE/XATTR_REPLACE, get (size query with a NULL
 * buffer, ERANGE for a short one), list, remove, the l* forms on a
 * symlink (user attributes are not allowed on links: EPERM) and the f*
 * forms on a descriptor.  A file system without user xattrs (ENOTSUP)
 * prints one line and skips the rest, in both runs alike.  Errors:
 * ENODATA, EEXIST, ENOENT, EBADF, EFAULT, EINVAL (flags), ERANGE (name).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <sys/xattr.h>
#include <unistd.h>

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char f[4096], l[4200], buf[256];
	snprintf(f, sizeof f, "%s/xattr-file", tmp ? tmp : "/tmp");
	snprintf(l, sizeof l, "%s/xattr-link", tmp ? tmp : "/tmp");
	int fd = open(f, O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0);
	if (setxattr(f, "user.first", "value1", 6, 0) < 0 && errno == ENOTSUP) {
		printf("no user xattrs here: skipped\n");
		close(fd);
		unlink(f);
		return finish();
	}
	ERR(setxattr(f, "user.first", "again", 5, XATTR_CREATE));
	ERR(setxattr(f, "user.second", "v2", 2, XATTR_REPLACE));
	CHECK_EQ(setxattr(f, "user.second", "value-two", 9, XATTR_CREATE), 0);
	CHECK_EQ(fsetxattr(fd, "user.third", "", 0, 0), 0);
	printf("size query %zd\n", getxattr(f, "user.second", NULL, 0));
	ssize_t n = getxattr(f, "user.second", buf, sizeof buf);
	printf("get %zd '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	ERR(getxattr(f, "user.second", buf, 3));
	n = fgetxattr(fd, "user.first", buf, sizeof buf);
	printf("fget %zd '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	n = listxattr(f, buf, sizeof buf);
	/* the order of names is the file system's: count them */
	int names = 0, has2 = 0;
	for (char *p = buf; p < buf + n; p += strlen(p) + 1) {
		names++;
		has2 |= strcmp(p, "user.second") == 0;
	}
	printf("list %zd bytes, %d names, user.second %d\n", n, names, has2);
	printf("flist size query %zd\n", flistxattr(fd, NULL, 0));
	ERR(listxattr(f, buf, 4));
	CHECK_EQ(removexattr(f, "user.first"), 0);
	ERR(removexattr(f, "user.first"));
	ERR(getxattr(f, "user.first", buf, sizeof buf));
	CHECK_EQ(fremovexattr(fd, "user.third"), 0);

	/* symlinks: the l* forms act on the link */
	CHECK_EQ(symlink(f, l), 0);
	n = getxattr(l, "user.second", buf, sizeof buf);
	printf("through the link %zd\n", n);
	ERR(lgetxattr(l, "user.second", buf, sizeof buf));
	ERR(lsetxattr(l, "user.x", "1", 1, 0));
	n = llistxattr(l, buf, sizeof buf);
	printf("llist %zd\n", n);
	ERR(lremovexattr(l, "user.second"));

	ERR(getxattr("/nonexistent/x", "user.a", buf, sizeof buf));
	ERR(getxattr(BADPTR, "user.a", buf, sizeof buf));
	ERR(getxattr(f, BADPTR, buf, sizeof buf));
	ERR(getxattr(f, "user.second", BADPTR, sizeof buf));
	ERR(setxattr(f, "user.y", BADPTR, 4, 0));
	ERR(setxattr(f, "user.y", "1", 1, 0x100));
	ERR(setxattr(f, "", "1", 1, 0));
	ERR(setxattr(f, "nonamespace", "1", 1, 0));
	ERR(fgetxattr(-1, "user.a", buf, sizeof buf));
	ERR(flistxattr(fd, BADPTR, 100));
	ERR(listxattr(BADPTR, buf, sizeof buf));
	ERR(removexattr(f, BADPTR));
	ERR(fsetxattr(999, "user.a", "1", 1, 0));
	unlink(l);
	close(fd);
	unlink(f);
	return finish();
}
