/*
 * sock_unix: AF_UNIX sockets in one process.  A socketpair carries data
 * both ways, then an open file descriptor (SCM_RIGHTS: the receiver reads
 * the file through its own new descriptor) and the sender's credentials
 * (SCM_CREDENTIALS with SO_PASSCRED, compared with getpid/getuid/getgid);
 * a control buffer too small for two fds is truncated (MSG_CTRUNC).  A
 * listening socket bound to a path in TMPDIR accepts a connection whose
 * peer and local names are read back; SO_PEERCRED, SO_TYPE, SO_ERROR,
 * shutdown; SOCK_DGRAM pair with MSG_TRUNC, MSG_PEEK, MSG_DONTWAIT; and
 * error paths: EBADF, ENOTSOCK, EFAULT for bad addresses and msghdrs,
 * EINVAL, EADDRINUSE, ECONNREFUSED, EAGAIN, ENOENT.
 */
#define _GNU_SOURCE
#include "common.h"
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define BAD ((void *)16)

static const char *ename(int e)
{
	switch (e) {
	case 0: return "0";
	case EBADF: return "EBADF";
	case ENOTSOCK: return "ENOTSOCK";
	case EFAULT: return "EFAULT";
	case EINVAL: return "EINVAL";
	case EADDRINUSE: return "EADDRINUSE";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EAGAIN: return "EAGAIN";
	case ENOENT: return "ENOENT";
	case EPIPE: return "EPIPE";
	case EMSGSIZE: return "EMSGSIZE";
	case ENOTCONN: return "ENOTCONN";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EISCONN: return "EISCONN";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	default: return "other";
	}
}

#define ERR(call) do {							\
		errno = 0;						\
		long r_ = (long)(call);					\
		printf("%-48s -> %ld %s\n", #call, r_ < 0 ? -1L : r_,	\
		       r_ < 0 ? ename(errno) : "");			\
	} while (0)

static void send_fds(int s, const int *fds, int n)
{
	char data = 'F';
	struct iovec iov = { &data, 1 };
	union { char buf[CMSG_SPACE(4 * sizeof(int))]; struct cmsghdr align; } u;
	struct msghdr m = { 0 };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = CMSG_SPACE(n * sizeof(int));
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	CHECK_EQ(sendmsg(s, &m, 0), 1);
}

static void rights(void)
{
	int sv[2];
	char path[4096], buf[64];
	const char *tmp = getenv("TMPDIR");

	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	snprintf(path, sizeof path, "%s/rights.txt", tmp ? tmp : "/tmp");
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "passed along", 12), 12);
	lseek(fd, 0, SEEK_SET);
	send_fds(sv[0], &fd, 1);

	char data;
	struct iovec iov = { &data, 1 };
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct msghdr m = { 0 };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof u.buf;
	CHECK_EQ(recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC), 1);
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	CHECK(c != NULL);
	int got = -1;
	if (c) {
		printf("cmsg level %d type %d len %zu\n", c->cmsg_level, c->cmsg_type,
		       (size_t)c->cmsg_len);
		memcpy(&got, CMSG_DATA(c), sizeof got);
	}
	printf("controllen %zu flags %#x\n", (size_t)m.msg_controllen, m.msg_flags);
	CHECK(got >= 0 && got != fd);
	printf("received fd cloexec: %d\n", (fcntl(got, F_GETFD) & FD_CLOEXEC) != 0);
	ssize_t n = read(got, buf, sizeof buf);
	printf("read through it: %.*s\n", (int)(n > 0 ? n : 0), buf);
	struct stat a, b;
	fstat(fd, &a);
	fstat(got, &b);
	printf("same file: %d\n", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	close(got);

	/* three fds into room for one: MSG_CTRUNC, the others never arrive */
	int three[3] = { fd, fd, fd };
	send_fds(sv[0], three, 3);
	m.msg_control = u.buf;
	m.msg_controllen = sizeof u.buf;
	int before = dup(0);
	close(before);
	CHECK_EQ(recvmsg(sv[1], &m, 0), 1);
	printf("truncated: ctrunc %d controllen %zu\n", (m.msg_flags & MSG_CTRUNC) != 0,
	       (size_t)m.msg_controllen);
	c = CMSG_FIRSTHDR(&m);
	if (c && c->cmsg_type == SCM_RIGHTS) {
		memcpy(&got, CMSG_DATA(c), sizeof got);
		close(got);
	}
	/* no descriptor leaked: the next one is the lowest free again */
	int after = dup(0);
	printf("no fd leaked: %d\n", after == before);
	close(after);
	close(fd);
	unlink(path);

	/* credentials */
	int on = 1;
	CHECK_EQ(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on), 0);
	struct ucred cr = { getpid(), getuid(), getgid() };
	union { char buf[CMSG_SPACE(sizeof cr)]; struct cmsghdr align; } cu;
	memset(&m, 0, sizeof m);
	data = 'C';
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cu.buf;
	m.msg_controllen = sizeof cu.buf;
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof cr);
	memcpy(CMSG_DATA(c), &cr, sizeof cr);
	CHECK_EQ(sendmsg(sv[0], &m, 0), 1);
	memset(&m, 0, sizeof m);
	memset(&cu, 0, sizeof cu);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cu.buf;
	m.msg_controllen = sizeof cu.buf;
	CHECK_EQ(recvmsg(sv[1], &m, 0), 1);
	c = CMSG_FIRSTHDR(&m);
	CHECK(c && c->cmsg_type == SCM_CREDENTIALS);
	if (c) {
		struct ucred rc;
		memcpy(&rc, CMSG_DATA(c), sizeof rc);
		printf("credentials: pid ok %d uid ok %d gid ok %d\n", rc.pid == getpid(),
		       rc.uid == getuid(), rc.gid == getgid());
	}
	/* SO_PEERCRED: the peer is this process */
	struct ucred pc;
	socklen_t pl = sizeof pc;
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &pc, &pl), 0);
	printf("SO_PEERCRED len %u pid ok %d uid ok %d\n", pl, pc.pid == getpid(),
	       pc.uid == getuid());
	int type = 0;
	socklen_t tl = sizeof type;
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &tl), 0);
	printf("SO_TYPE %d len %u\n", type, tl);
	/* a short option buffer is filled partially */
	char small = 0;
	tl = 1;
	CHECK_EQ(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &small, &tl), 0);
	printf("SO_TYPE into 1 byte: %d len %u\n", small, tl);

	/* shutdown: the peer reads EOF, writing fails with EPIPE */
	CHECK_EQ(shutdown(sv[0], SHUT_WR), 0);
	printf("read after peer SHUT_WR: %zd\n", read(sv[1], buf, 1));
	ERR(send(sv[0], "x", 1, MSG_NOSIGNAL));
	close(sv[0]);
	close(sv[1]);
}

static void listening(void)
{
	const char *tmp = getenv("TMPDIR");
	struct sockaddr_un sa = { .sun_family = AF_UNIX }, got;
	socklen_t len;
	char buf[16];

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/l.sock", tmp ? tmp : "/tmp");
	socklen_t salen = offsetof(struct sockaddr_un, sun_path) + strlen(sa.sun_path) + 1;
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(l >= 0);
	ERR(connect(l, (struct sockaddr *)&sa, salen));
	CHECK_EQ(bind(l, (struct sockaddr *)&sa, salen), 0);
	struct stat st;
	printf("socket file: %d\n", stat(sa.sun_path, &st) == 0 && S_ISSOCK(st.st_mode));
	int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
	ERR(bind(l2, (struct sockaddr *)&sa, salen));
	close(l2);
	CHECK_EQ(listen(l, 4), 0);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ(connect(c, (struct sockaddr *)&sa, salen), 0);
	len = sizeof got;
	memset(&got, 0, sizeof got);
	int a = accept4(l, (struct sockaddr *)&got, &len, SOCK_NONBLOCK);
	CHECK(a >= 0);
	printf("accepted: peer len %u family %d nonblock %d\n", len, got.sun_family,
	       (fcntl(a, F_GETFL) & O_NONBLOCK) != 0);
	len = sizeof got;
	CHECK_EQ(getsockname(l, (struct sockaddr *)&got, &len), 0);
	printf("getsockname: len ok %d path ok %d\n", len == salen,
	       strcmp(got.sun_path, sa.sun_path) == 0);
	len = sizeof got;
	CHECK_EQ(getpeername(c, (struct sockaddr *)&got, &len), 0);
	printf("getpeername: path ok %d\n", strcmp(got.sun_path, sa.sun_path) == 0);
	/* a name buffer shorter than the name: truncated, full length back */
	len = 4;
	memset(&got, 0x55, sizeof got);
	CHECK_EQ(getsockname(l, (struct sockaddr *)&got, &len), 0);
	printf("short name buffer: len %s byte4 %#x\n", len == salen ? "full" : "other",
	       ((unsigned char *)&got)[4]);
	ERR(read(a, buf, sizeof buf));
	CHECK_EQ(write(c, "ping", 4), 4);
	printf("read %zd\n", read(a, buf, sizeof buf));
	int err = -1;
	socklen_t el = sizeof err;
	CHECK_EQ(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el), 0);
	printf("SO_ERROR %d\n", err);
	/* a peer address that cannot be stored: EFAULT, connection gone */
	int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ(connect(c2, (struct sockaddr *)&sa, salen), 0);
	len = sizeof got;
	ERR(accept(l, BAD, &len));
	fcntl(l, F_SETFL, O_NONBLOCK);
	ERR(accept(l, NULL, NULL));
	close(c2);
	close(a);
	close(c);
	close(l);
	unlink(sa.sun_path);
	ERR(connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&sa, salen));
}

static void datagrams(void)
{
	int sv[2];
	char buf[8];
	CHECK_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	CHECK_EQ(send(sv[0], "datagram!", 9, 0), 9);
	printf("peek %zd\n", recv(sv[1], buf, 4, MSG_PEEK));
	struct iovec iov = { buf, 4 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n = recvmsg(sv[1], &m, 0);
	printf("recvmsg truncated %zd trunc %d\n", n, (m.msg_flags & MSG_TRUNC) != 0);
	ERR(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
	/* scatter and gather */
	struct iovec out[3] = { { "ab", 2 }, { "cde", 3 }, { "f", 1 } };
	struct msghdr om = { .msg_iov = out, .msg_iovlen = 3 };
	CHECK_EQ(sendmsg(sv[0], &om, 0), 6);
	char x[3], y[3];
	struct iovec in[2] = { { x, 3 }, { y, 3 } };
	struct msghdr im = { .msg_iov = in, .msg_iovlen = 2 };
	n = recvmsg(sv[1], &im, 0);
	printf("gathered %zd: %.3s|%.3s\n", n, x, y);
	close(sv[0]);
	close(sv[1]);
}

static void errors(void)
{
	int sv[2], fd = open("/dev/null", O_RDONLY);
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = "/nonexistent/x" };
	struct msghdr m = { 0 };
	int v = 1;

	ERR(socket(12345, SOCK_STREAM, 0));
	ERR(socket(AF_UNIX, 99, 0));
	ERR(socketpair(AF_UNIX, SOCK_STREAM, 0, BAD));
	ERR(bind(-1, (struct sockaddr *)&sa, sizeof sa));
	ERR(bind(fd, (struct sockaddr *)&sa, sizeof sa));
	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	ERR(bind(s, BAD, sizeof sa));
	ERR(bind(s, (struct sockaddr *)&sa, 1000));
	ERR(bind(s, (struct sockaddr *)&sa, -1));
	ERR(connect(s, (struct sockaddr *)&sa, sizeof sa));
	ERR(connect(-1, BAD, sizeof sa));
	ERR(listen(fd, 1));
	ERR(accept(fd, NULL, NULL));
	ERR(getsockname(s, BAD, (socklen_t *)BAD));
	ERR(getpeername(s, NULL, NULL));
	ERR(sendmsg(sv[0], BAD, 0));
	ERR(sendmsg(-1, BAD, 0));
	ERR(recvmsg(sv[0], BAD, MSG_DONTWAIT));
	m.msg_iov = BAD;
	m.msg_iovlen = 1;
	ERR(sendmsg(sv[0], &m, 0));
	m.msg_iovlen = 5000;
	ERR(sendmsg(sv[0], &m, 0));
	struct iovec iov = { "z", 1 };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = BAD;
	m.msg_controllen = 64;
	ERR(sendmsg(sv[0], &m, 0));
	char junk[32] = { 0 };
	m.msg_control = junk;
	m.msg_controllen = sizeof junk;
	ERR(sendmsg(sv[0], &m, 0));     /* cmsg_len 0: EINVAL */
	ERR(send(sv[0], BAD, 10, 0));
	ERR(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, BAD, sizeof v));
	ERR(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, 1));
	ERR(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
	ERR(setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v));
	socklen_t l = sizeof v;
	ERR(getsockopt(s, SOL_SOCKET, SO_TYPE, BAD, &l));
	ERR(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, BAD));
	l = (socklen_t)-1;
	ERR(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l));
	ERR(shutdown(s, 7));
	ERR(shutdown(s, SHUT_RD));
	ERR(shutdown(fd, SHUT_RD));
	close(s);
	close(sv[0]);
	close(sv[1]);
	close(fd);
}

int main(void)
{
	rights();
	listening();
	datagrams();
	errors();
	return finish();
}
