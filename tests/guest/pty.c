/*
 * pty: a pseudo-terminal through /dev/ptmx: posix_openpt, grantpt,
 * unlockpt (TIOCSPTLCK), ptsname (TIOCGPTN), the slave opened by name
 * and through TIOCGPTPEER; termios (tcgetattr/tcsetattr with raw mode,
 * TCSETSW/TCSETSF via TCSADRAIN/TCSAFLUSH, echo), TIOCGWINSZ/TIOCSWINSZ,
 * FIONREAD on both ends and on a pipe, TIOCOUTQ, FIONBIO, FIOCLEX and
 * FIONCLEX, isatty, ttyname, TCFLSH, and errors: ENOTTY on a pipe and on
 * an unknown request, EFAULT for a termios pointer, EBADF, EINVAL.  No
 * controlling terminal is taken (TIOCSCTTY needs a session leader).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0) {
		printf("no /dev/ptmx: skipped\n");
		return finish();
	}
	int locked = -1;
	ioctl(m, TIOCGPTLCK, &locked);
	printf("locked before unlockpt: %d\n", locked);
	CHECK_EQ(grantpt(m), 0);
	CHECK_EQ(unlockpt(m), 0);
	ioctl(m, TIOCGPTLCK, &locked);
	printf("locked after: %d\n", locked);
	unsigned ptn = 9999;
	CHECK_EQ(ioctl(m, TIOCGPTN, &ptn), 0);
	char *name = ptsname(m);
	char want[32];
	snprintf(want, sizeof want, "/dev/pts/%u", ptn);
	printf("ptsname matches TIOCGPTN: %d\n", name && strcmp(name, want) == 0);
	int s = open(name, O_RDWR | O_NOCTTY);
	CHECK(s >= 0);
	printf("isatty master %d slave %d\n", isatty(m), isatty(s));
	char *tn = ttyname(s);
	printf("ttyname matches: %d\n", tn && strcmp(tn, name) == 0);
	int peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	printf("TIOCGPTPEER: %d cloexec %d\n", peer >= 0, peer >= 0 && (fcntl(peer, F_GETFD) & FD_CLOEXEC));

	struct termios t;
	CHECK_EQ(tcgetattr(s, &t), 0);
	printf("canonical %d echo %d\n", (t.c_lflag & ICANON) != 0, (t.c_lflag & ECHO) != 0);
	/* canonical mode: a line arrives when it ends */
	write(m, "hello\n", 6);
	char buf[64];
	struct pollfd p = { s, POLLIN, 0 };
	poll(&p, 1, 2000);
	int avail = -1;
	CHECK_EQ(ioctl(s, FIONREAD, &avail), 0);
	printf("FIONREAD slave %d\n", avail);
	ssize_t n = read(s, buf, sizeof buf);
	printf("slave read %zd\n", n);
	/* the echo comes back on the master */
	p.fd = m;
	poll(&p, 1, 2000);
	usleep(20000);
	CHECK_EQ(ioctl(m, FIONREAD, &avail), 0);
	n = read(m, buf, sizeof buf);
	printf("echo on master: %zd %s\n", n, n == avail ? "(FIONREAD agreed)" : "");

	cfmakeraw(&t);
	CHECK_EQ(tcsetattr(s, TCSADRAIN, &t), 0);
	struct termios t2;
	tcgetattr(s, &t2);
	printf("raw: canonical %d echo %d vmin %d\n", (t2.c_lflag & ICANON) != 0,
	       (t2.c_lflag & ECHO) != 0, t2.c_cc[VMIN]);
	CHECK_EQ(tcsetattr(s, TCSAFLUSH, &t), 0);
	write(m, "ab", 2);
	p.fd = s;
	poll(&p, 1, 2000);
	n = read(s, buf, sizeof buf);
	printf("raw read %zd: %.*s\n", n, (int)n, buf);
	CHECK_EQ(tcflush(s, TCIOFLUSH), 0);

	struct winsize ws = { 40, 120, 0, 0 }, got;
	CHECK_EQ(ioctl(m, TIOCSWINSZ, &ws), 0);
	CHECK_EQ(ioctl(s, TIOCGWINSZ, &got), 0);
	printf("winsize %d x %d\n", got.ws_row, got.ws_col);
	int q = -1;
	CHECK_EQ(ioctl(s, TIOCOUTQ, &q), 0);
	printf("TIOCOUTQ %d\n", q);

	int on = 1;
	CHECK_EQ(ioctl(s, FIONBIO, &on), 0);
	printf("FIONBIO: nonblock %d\n", (fcntl(s, F_GETFL) & O_NONBLOCK) != 0);
	ERR(read(s, buf, 1));
	CHECK_EQ(ioctl(s, FIOCLEX), 0);
	printf("FIOCLEX %d\n", (fcntl(s, F_GETFD) & FD_CLOEXEC) != 0);
	CHECK_EQ(ioctl(s, FIONCLEX), 0);
	printf("FIONCLEX %d\n", (fcntl(s, F_GETFD) & FD_CLOEXEC) != 0);

	int pp[2];
	pipe(pp);
	write(pp[1], "12345", 5);
	CHECK_EQ(ioctl(pp[0], FIONREAD, &avail), 0);
	printf("FIONREAD pipe %d\n", avail);
	ERR(ioctl(pp[0], TCGETS, &t));
	ERR(ioctl(pp[0], TIOCGWINSZ, BADPTR));
	ERR(ioctl(s, TCGETS, BADPTR));
	ERR(ioctl(s, TIOCGWINSZ, KPTR));
	ERR(ioctl(s, 0x12345678, &avail));
	ERR(ioctl(-1, TCGETS, &t));
	ERR(ioctl(m, TIOCSPTLCK, BADPTR));
	ERR(ioctl(s, FIONREAD, BADPTR));
	ERR(ioctl(s, TCFLSH, 99));
	ERR(ioctl(s, TIOCSCTTY, 0));
	ERR(tcgetattr(pp[0], &t));
	/* block device queries on what is no block device */
	unsigned long long u64 = 0;
	unsigned long ul = 0;
	ERR(ioctl(pp[0], BLKGETSIZE64, &u64));
	ERR(ioctl(pp[0], BLKGETSIZE, &ul));
	ERR(ioctl(pp[0], BLKSSZGET, &avail));
	int fd = open("/proc/self/exe", O_RDONLY);
	ERR(ioctl(fd, BLKGETSIZE64, &u64));
	int bsz = 0;
	ERR(ioctl(fd, FIGETBSZ, &bsz));
	printf("FIGETBSZ positive %d\n", bsz > 0);
	close(fd);
	close(pp[0]);
	close(pp[1]);
	if (peer >= 0)
		close(peer);
	close(s);
	close(m);
	return finish();
}
