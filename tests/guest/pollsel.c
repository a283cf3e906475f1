/*
 * pollsel: poll, ppoll and pselect6/select on pipes: readiness of both
 * ends, POLLHUP after the writer closes, POLLNVAL for a closed fd, a
 * ppoll timeout that is written back (time left), fd sets above 64 (a
 * high dup'd descriptor), the fd_set bits that select clears, a signal
 * mask argument, and the error paths: EINVAL (nfds over the limit, a bad
 * timeout, a wrong sigset size, negative n), EFAULT (fds array, fd sets,
 * timeout, sigset), EBADF (a closed fd in a set).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <stdlib.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	CHECK_EQ(pipe(p), 0);
	struct pollfd f[3] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 }, { 999, POLLIN, 0 } };
	int n = poll(f, 3, 0);
	printf("poll: %d revents %#x %#x %#x\n", n, f[0].revents, f[1].revents, f[2].revents);
	write(p[1], "x", 1);
	n = poll(f, 2, 0);
	printf("after write: %d revents %#x %#x\n", n, f[0].revents, f[1].revents);

	/* ppoll with a timeout: the time left is written back */
	struct timespec ts = { 0, 30000000 };
	char c;
	read(p[0], &c, 1);
	f[1].events = 0;
	n = syscall(SYS_ppoll, f, 1, &ts, NULL, 8);
	printf("ppoll timeout: %d left %ld.%09ld\n", n, (long)ts.tv_sec, ts.tv_nsec);
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	write(p[1], "y", 1);
	n = syscall(SYS_ppoll, f, 1, &ts, NULL, 8);
	printf("ppoll ready: %d left under 5s %d\n", n, ts.tv_sec < 5 ||
	       (ts.tv_sec == 5 && ts.tv_nsec == 0));
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR2);
	struct timespec z = { 0, 0 };
	n = ppoll(f, 1, &z, &ss);
	printf("ppoll with mask: %d %#x\n", n, f[0].revents);

	/* select with a descriptor above 64 */
	int hi = fcntl(p[0], F_DUPFD, 100);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(hi, &r);
	FD_SET(p[1], &w);
	FD_SET(p[1], &r);
	struct timeval tv = { 1, 0 };
	n = select(hi + 1, &r, &w, NULL, &tv);
	printf("select: %d hi %d wr %d wr-in-r %d\n", n, FD_ISSET(hi, &r),
	       FD_ISSET(p[1], &w), FD_ISSET(p[1], &r));
	read(p[0], &c, 1);
	FD_ZERO(&r);
	FD_SET(hi, &r);
	struct timespec pts = { 0, 20000000 };
	n = pselect(hi + 1, &r, NULL, NULL, &pts, &ss);
	printf("pselect timeout: %d bit %d\n", n, FD_ISSET(hi, &r));

	close(p[1]);
	f[0].events = POLLIN;
	n = poll(f, 1, 0);
	printf("writer closed: %d revents %#x\n", n, f[0].revents);

	/* errors */
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	ERR(poll(f, rl.rlim_cur + 1, 0));
	ERR(poll(BADPTR, 1, 0));
	ERR(poll(KPTR, 1, 0));
	ERR(poll(NULL, 0, 1));
	ts.tv_sec = 0;
	ts.tv_nsec = -1;
	ERR(syscall(SYS_ppoll, f, 1, &ts, NULL, 8));
	ERR(syscall(SYS_ppoll, BADPTR, 1, &ts, NULL, 8));
	ERR(syscall(SYS_ppoll, f, 1, BADPTR, NULL, 8));
	ERR(syscall(SYS_ppoll, f, 1, NULL, &ss, 16));
	ERR(syscall(SYS_ppoll, f, 1, NULL, BADPTR, 8));
	/* select checks only descriptors below the fd table's size, which
	 * grows in steps of 128 and depends on what this process and its
	 * ancestors had open (warp's own descriptors sit high).  A dup to
	 * 255, closed at once, makes the table cover the closed fd 200
	 * everywhere, so select reports it */
	int t = fcntl(p[0], F_DUPFD, 255);
	CHECK(t >= 255);
	close(t);
	FD_ZERO(&r);
	FD_SET(200, &r);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	ERR(select(201, &r, NULL, NULL, &tv));
	ERR(select(-1, NULL, NULL, NULL, &tv));
	ERR(select(10, BADPTR, NULL, NULL, &tv));
	tv.tv_usec = -5;
	ERR(select(1, NULL, NULL, NULL, &tv));
	ERR(syscall(SYS_pselect6, 1, NULL, NULL, NULL, BADPTR, NULL));
	struct { void *ss; size_t len; } pack = { &ss, 4 };
	pts.tv_nsec = 0;
	ERR(syscall(SYS_pselect6, 1, NULL, NULL, NULL, &pts, &pack));
	pack.ss = BADPTR;
	pack.len = 8;
	ERR(syscall(SYS_pselect6, 1, NULL, NULL, NULL, &pts, &pack));
	ERR(syscall(SYS_pselect6, 1, NULL, NULL, NULL, &pts, BADPTR));
	/* a huge n is cut to the descriptor table: no EFAULT for it.  The
	 * kernel then reads (and writes) a set as large as the table, whose
	 * size depends on the fds this process and its ancestors ever had
	 * open, so the set given covers every descriptor the limit allows */
	unsigned long *big = calloc(rl.rlim_cur / 8 + 64, 1);
	CHECK(big != NULL);
	ERR(syscall(SYS_pselect6, 0x7fffffff, big, NULL, NULL, &pts, NULL));
	free(big);
	return finish();
}
