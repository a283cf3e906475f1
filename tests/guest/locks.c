/*
 * locks: file locks in one process, where only open-file-description
 * locks and flock conflict between two opens of the same file: flock
 * (LOCK_EX|LOCK_NB from a second open gives EWOULDBLOCK, LOCK_UN frees
 * it, LOCK_SH twice is fine), fcntl OFD locks (F_OFD_SETLK ranges,
 * F_OFD_GETLK describing the conflicting lock with l_pid -1, released
 * ranges), process locks (F_SETLK/F_GETLK: the owner's own lock never
 * conflicts, F_GETLK says F_UNLCK), lock conversion through struct flock
 * of the guest ABI (l_start, l_len with large values), and errors:
 * EINVAL (bad type, whence, OFD with l_pid set), EBADF (write lock on a
 * read-only fd), EFAULT (the struct).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

static void show(const char *what, const struct flock *fl)
{
	printf("%s: type %s whence %d start %lld len %lld pid %d\n", what,
	       fl->l_type == F_UNLCK ? "UNLCK" : fl->l_type == F_RDLCK ? "RDLCK" : "WRLCK",
	       fl->l_whence, (long long)fl->l_start, (long long)fl->l_len,
	       fl->l_pid == getpid() ? 1 : fl->l_pid);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char f[4096];
	snprintf(f, sizeof f, "%s/locks-file", tmp ? tmp : "/tmp");
	int a = open(f, O_CREAT | O_RDWR, 0600);
	int b = open(f, O_RDWR);
	int ro = open(f, O_RDONLY);
	CHECK(a >= 0 && b >= 0 && ro >= 0);

	/* flock */
	CHECK_EQ(flock(a, LOCK_EX), 0);
	ERR(flock(b, LOCK_EX | LOCK_NB));
	ERR(flock(b, LOCK_SH | LOCK_NB));
	CHECK_EQ(flock(a, LOCK_UN), 0);
	CHECK_EQ(flock(a, LOCK_SH), 0);
	CHECK_EQ(flock(b, LOCK_SH | LOCK_NB), 0);
	ERR(flock(b, LOCK_EX | LOCK_NB));
	flock(a, LOCK_UN);
	flock(b, LOCK_UN);
	ERR(flock(a, 0));
	ERR(flock(-1, LOCK_SH));

	/* OFD locks conflict between the two opens */
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 100,
			    .l_len = 50 };
	CHECK_EQ(fcntl(a, F_OFD_SETLK, &fl), 0);
	struct flock q = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0,
			   .l_len = 0 };
	CHECK_EQ(fcntl(b, F_OFD_GETLK, &q), 0);
	show("conflict", &q);
	ERR(fcntl(b, F_OFD_SETLK, &(struct flock){ .l_type = F_RDLCK, .l_start = 120, .l_len = 1 }));
	CHECK_EQ(fcntl(b, F_OFD_SETLK, &(struct flock){ .l_type = F_RDLCK, .l_start = 150, .l_len = 10 }), 0);
	/* a huge range */
	struct flock big = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			     .l_start = 0x100000000000ll, .l_len = 0x7000000000ll };
	CHECK_EQ(fcntl(a, F_OFD_SETLK, &big), 0);
	q = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET,
			    .l_start = 0x100000000001ll, .l_len = 1 };
	CHECK_EQ(fcntl(b, F_OFD_GETLK, &q), 0);
	show("big", &q);
	fl.l_type = F_UNLCK;
	fl.l_start = 0;
	fl.l_len = 0;
	CHECK_EQ(fcntl(a, F_OFD_SETLK, &fl), 0);
	q = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 0 };
	CHECK_EQ(fcntl(a, F_OFD_GETLK, &q), 0);
	show("a sees b's read lock", &q);
	fl.l_type = F_UNLCK;
	CHECK_EQ(fcntl(b, F_OFD_SETLK, &fl), 0);

	/* process locks never conflict with their owner */
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 10, .l_len = -5 };
	lseek(a, 20, SEEK_SET);
	CHECK_EQ(fcntl(a, F_SETLK, &fl), 0);
	q = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 100 };
	CHECK_EQ(fcntl(b, F_GETLK, &q), 0);
	show("own lock", &q);
	CHECK_EQ(fcntl(b, F_SETLKW, &q), 0);

	ERR(fcntl(ro, F_SETLK, &(struct flock){ .l_type = F_WRLCK }));
	ERR(fcntl(a, F_SETLK, &(struct flock){ .l_type = 77 }));
	ERR(fcntl(a, F_SETLK, &(struct flock){ .l_type = F_RDLCK, .l_whence = 9 }));
	ERR(fcntl(a, F_OFD_SETLK, &(struct flock){ .l_type = F_RDLCK, .l_pid = 5 }));
	ERR(fcntl(a, F_GETLK, BADPTR));
	ERR(fcntl(a, F_OFD_SETLK, BADPTR));
	ERR(fcntl(-1, F_GETLK, BADPTR));
	ERR(fcntl(a, F_SETLK, &(struct flock){ .l_type = F_RDLCK, .l_start = -10 }));
	close(a);
	close(b);
	close(ro);
	unlink(f);
	return finish();
}
