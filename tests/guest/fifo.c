/*
 * fifo: pipes and named pipes.  A FIFO made with mkfifo in TMPDIR: a
 * non-blocking writer without a reader gets ENXIO, a non-blocking reader
 * opens at once and reads 0 (no writer yet); data through it; fstat says
 * S_ISFIFO.  pipe2 with O_CLOEXEC|O_NONBLOCK, F_GETPIPE_SZ/F_SETPIPE_SZ,
 * a full pipe (EAGAIN), O_DIRECT packet mode (one read per write), and a
 * write with no reader left: EPIPE with SIGPIPE ignored (the guest's
 * SIG_IGN must reach the host, or the write kills the process).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char f[4096], buf[256];
	snprintf(f, sizeof f, "%s/fifo", tmp ? tmp : "/tmp");
	CHECK_EQ(mkfifo(f, 0600), 0);
	ERR(mkfifo(f, 0600));
	ERR(open(f, O_WRONLY | O_NONBLOCK));
	int r = open(f, O_RDONLY | O_NONBLOCK);
	CHECK(r >= 0);
	ERR(read(r, buf, sizeof buf));
	int w = open(f, O_WRONLY | O_NONBLOCK);
	CHECK(w >= 0);
	struct stat st;
	CHECK_EQ(fstat(r, &st), 0);
	printf("fifo: %d\n", S_ISFIFO(st.st_mode));
	CHECK_EQ(write(w, "through the fifo", 16), 16);
	ssize_t n = read(r, buf, sizeof buf);
	printf("read %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	close(w);
	printf("after the writer left: %zd\n", read(r, buf, sizeof buf));
	close(r);
	unlink(f);

	int p[2];
	CHECK_EQ(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	printf("cloexec %d nonblock %d\n", (fcntl(p[0], F_GETFD) & FD_CLOEXEC) != 0,
	       (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
	printf("F_SETPIPE_SZ 8192: %d\n", fcntl(p[1], F_SETPIPE_SZ, 8192));
	int size = fcntl(p[1], F_GETPIPE_SZ);
	printf("F_GETPIPE_SZ %d\n", size);
	static char big[65536];
	long total = 0;
	for (;;) {
		ssize_t k = write(p[1], big, sizeof big);
		if (k < 0)
			break;
		total += k;
	}
	printf("filled %ld (%s), then %s\n", total, total == size ? "= size" : "other",
	       errname(errno));
	close(p[0]);
	close(p[1]);

	CHECK_EQ(pipe2(p, O_DIRECT), 0);
	write(p[1], "one", 3);
	write(p[1], "two!", 4);
	n = read(p[0], buf, sizeof buf);
	printf("packet mode: first read %zd\n", n);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	ERR(write(p[1], "x", 1));
	close(p[1]);
	ERR(pipe2(p, 0x1234));
	ERR(pipe2(BADPTR, 0));
	ERR(pipe2(KPTR, 0));
	return finish();
}
