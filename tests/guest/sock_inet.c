/*
 * sock_inet: TCP and UDP over the loopback interface, IPv4 (127.0.0.1)
 * and IPv6 (::1), between descriptors of one process: a listener on an
 * ephemeral port, a non-blocking connect completed through poll and
 * SO_ERROR, accept4, data both ways, getsockname/getpeername, socket
 * options (TCP_NODELAY, SO_REUSEADDR, SO_RCVTIMEO as a struct timeval and
 * the EAGAIN it produces, SO_LINGER, SO_RCVBUF, IPV6_V6ONLY, IP_TTL,
 * TCP_INFO's state), UDP with sendto/recvfrom, sendmsg with a destination
 * and recvmsg with msg_name, sendmmsg/recvmmsg in one batch, and
 * ECONNREFUSED, EISCONN, EADDRINUSE, EAFNOSUPPORT-free error paths.  IPv6
 * is skipped (saying so in both runs) where the host has no ::1.
 */
#define _GNU_SOURCE
#include "common.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static const char *ename(int e)
{
	switch (e) {
	case 0: return "0";
	case EAGAIN: return "EAGAIN";
	case EINPROGRESS: return "EINPROGRESS";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EISCONN: return "EISCONN";
	case EADDRINUSE: return "EADDRINUSE";
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case EDESTADDRREQ: return "EDESTADDRREQ";
	case ENOTCONN: return "ENOTCONN";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case ECONNRESET: return "ECONNRESET";
	default: return "other";
	}
}

#define ERR(call) do {							\
		errno = 0;						\
		long r_ = (long)(call);					\
		printf("%-44s -> %ld %s\n", #call, r_ < 0 ? -1L : r_,	\
		       r_ < 0 ? ename(errno) : "");			\
	} while (0)

static socklen_t fill(int fam, struct sockaddr_storage *ss, int port)
{
	memset(ss, 0, sizeof *ss);
	if (fam == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)ss;
		s->sin_family = AF_INET;
		s->sin_port = htons(port);
		s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof *s;
	}
	struct sockaddr_in6 *s = (struct sockaddr_in6 *)ss;
	s->sin6_family = AF_INET6;
	s->sin6_port = htons(port);
	s->sin6_addr = in6addr_loopback;
	return sizeof *s;
}

static int port_of(const struct sockaddr_storage *ss)
{
	return ntohs(ss->ss_family == AF_INET ? ((struct sockaddr_in *)ss)->sin_port
					       : ((struct sockaddr_in6 *)ss)->sin6_port);
}

static void describe(const char *what, const struct sockaddr_storage *ss,
		     socklen_t len)
{
	char buf[64];
	const void *a = ss->ss_family == AF_INET
			? (const void *)&((struct sockaddr_in *)ss)->sin_addr
			: (const void *)&((struct sockaddr_in6 *)ss)->sin6_addr;
	inet_ntop(ss->ss_family, a, buf, sizeof buf);
	printf("%s: family %s len %u addr %s port nonzero %d\n", what,
	       ss->ss_family == AF_INET ? "inet" : "inet6", len, buf,
	       port_of(ss) != 0);
}

static void tcp(int fam)
{
	struct sockaddr_storage sa, got;
	socklen_t len = fill(fam, &sa, 0), gl;
	int one = 1;
	char buf[64];

	int l = socket(fam, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(l >= 0);
	CHECK_EQ(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), 0);
	if (fam == AF_INET6)
		CHECK_EQ(setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one), 0);
	CHECK_EQ(bind(l, (struct sockaddr *)&sa, len), 0);
	CHECK_EQ(listen(l, 8), 0);
	gl = sizeof got;
	CHECK_EQ(getsockname(l, (struct sockaddr *)&got, &gl), 0);
	describe("listener", &got, gl);
	int port = port_of(&got);

	/* non-blocking connect, completed through poll */
	int c = socket(fam, SOCK_STREAM | SOCK_NONBLOCK, 0);
	fill(fam, &sa, port);
	errno = 0;
	int r = connect(c, (struct sockaddr *)&sa, len);
	printf("connect: %s\n", r == 0 ? "at once" : ename(errno));
	struct pollfd p = { c, POLLOUT, 0 };
	CHECK_EQ(poll(&p, 1, 5000), 1);
	printf("poll revents %#x\n", p.revents);
	int err = -1;
	gl = sizeof err;
	CHECK_EQ(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &gl), 0);
	printf("SO_ERROR %d\n", err);
	ERR(connect(c, (struct sockaddr *)&sa, len));

	gl = sizeof got;
	int a = accept4(l, (struct sockaddr *)&got, &gl, SOCK_CLOEXEC);
	CHECK(a >= 0);
	describe("peer", &got, gl);
	CHECK_EQ(setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one), 0);
	int v = 0;
	gl = sizeof v;
	CHECK_EQ(getsockopt(a, IPPROTO_TCP, TCP_NODELAY, &v, &gl), 0);
	printf("TCP_NODELAY %d\n", v != 0);
	struct tcp_info ti;
	gl = sizeof ti;
	CHECK_EQ(getsockopt(a, IPPROTO_TCP, TCP_INFO, &ti, &gl), 0);
	printf("TCP_INFO state established %d\n", ti.tcpi_state == 1);

	CHECK_EQ(send(c, "request", 7, 0), 7);
	p = (struct pollfd){ a, POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, 5000), 1);
	ssize_t n = recv(a, buf, sizeof buf, 0);
	printf("server got %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	CHECK_EQ(write(a, "response", 8), 8);
	p = (struct pollfd){ c, POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, 5000), 1);
	n = read(c, buf, sizeof buf);
	printf("client got %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);

	/* a receive timeout as a struct timeval */
	struct timeval tv = { 0, 50000 }, tv2;
	CHECK_EQ(setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
	gl = sizeof tv2;
	CHECK_EQ(getsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv2, &gl), 0);
	printf("SO_RCVTIMEO %ld.%06ld len %u\n", (long)tv2.tv_sec, (long)tv2.tv_usec, gl);
	ERR(recv(a, buf, sizeof buf, 0));
	struct linger lg = { 1, 0 }, lg2;
	CHECK_EQ(setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
	gl = sizeof lg2;
	CHECK_EQ(getsockopt(c, SOL_SOCKET, SO_LINGER, &lg2, &gl), 0);
	printf("SO_LINGER %d %d\n", lg2.l_onoff, lg2.l_linger);

	/* a second listener on the same port */
	int l2 = socket(fam, SOCK_STREAM, 0);
	ERR(bind(l2, (struct sockaddr *)&sa, len));
	close(l2);
	close(c);       /* linger 0: a reset */
	p = (struct pollfd){ a, POLLIN, 0 };
	CHECK_EQ(poll(&p, 1, 5000), 1);
	ERR(recv(a, buf, sizeof buf, 0));
	close(a);
	close(l);

	/* nobody listens there any more */
	c = socket(fam, SOCK_STREAM, 0);
	ERR(connect(c, (struct sockaddr *)&sa, len));
	close(c);
}

static void udp(int fam)
{
	struct sockaddr_storage sa, from, got;
	socklen_t len = fill(fam, &sa, 0), gl;
	char buf[32];

	int s = socket(fam, SOCK_DGRAM, 0);
	int u = socket(fam, SOCK_DGRAM, 0);
	CHECK_EQ(bind(s, (struct sockaddr *)&sa, len), 0);
	gl = sizeof got;
	CHECK_EQ(getsockname(s, (struct sockaddr *)&got, &gl), 0);
	ERR(send(u, "x", 1, 0));
	CHECK_EQ(sendto(u, "dgram", 5, 0, (struct sockaddr *)&got, gl), 5);
	socklen_t fl = sizeof from;
	ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
	printf("recvfrom %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	describe("sender", &from, fl);

	/* sendmsg with a destination, recvmsg with msg_name */
	struct iovec iov = { "msg", 3 };
	struct msghdr m = { .msg_name = &got, .msg_namelen = gl, .msg_iov = &iov,
			    .msg_iovlen = 1 };
	CHECK_EQ(sendmsg(u, &m, 0), 3);
	struct iovec in = { buf, sizeof buf };
	memset(&from, 0, sizeof from);
	struct msghdr rm = { .msg_name = &from, .msg_namelen = sizeof from,
			     .msg_iov = &in, .msg_iovlen = 1 };
	n = recvmsg(s, &rm, 0);
	printf("recvmsg %zd namelen %u flags %#x\n", n, rm.msg_namelen, rm.msg_flags);

	/* a batch */
	struct mmsghdr mm[3];
	struct iovec mi[3] = { { "one", 3 }, { "two!", 4 }, { "three", 5 } };
	memset(mm, 0, sizeof mm);
	for (int i = 0; i < 3; i++) {
		mm[i].msg_hdr.msg_iov = &mi[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &got;
		mm[i].msg_hdr.msg_namelen = gl;
	}
	int sent = sendmmsg(u, mm, 3, 0);
	printf("sendmmsg %d lens %u %u %u\n", sent, mm[0].msg_len, mm[1].msg_len,
	       mm[2].msg_len);
	char rb[3][8];
	struct iovec ri[3];
	memset(mm, 0, sizeof mm);
	for (int i = 0; i < 3; i++) {
		ri[i] = (struct iovec){ rb[i], sizeof rb[i] };
		mm[i].msg_hdr.msg_iov = &ri[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	struct timespec to = { 5, 0 };
	int k = recvmmsg(s, mm, 3, MSG_WAITFORONE, &to);
	printf("recvmmsg %d:", k);
	for (int i = 0; i < k; i++)
		printf(" %.*s", (int)mm[i].msg_len, rb[i]);
	printf("\n");
	ERR(recvmmsg(s, mm, 3, MSG_DONTWAIT, NULL));

	int ttl = 0;
	gl = sizeof ttl;
	if (fam == AF_INET) {
		int t = 7;
		CHECK_EQ(setsockopt(u, IPPROTO_IP, IP_TTL, &t, sizeof t), 0);
		CHECK_EQ(getsockopt(u, IPPROTO_IP, IP_TTL, &ttl, &gl), 0);
		printf("IP_TTL %d\n", ttl);
	}
	int rcv = 0;
	gl = sizeof rcv;
	CHECK_EQ(getsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, &gl), 0);
	printf("SO_RCVBUF positive %d\n", rcv > 0);
	close(s);
	close(u);
}

int main(void)
{
	tcp(AF_INET);
	udp(AF_INET);
	int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_storage ss;
	socklen_t l = fill(AF_INET6, &ss, 0);
	if (s6 < 0 || bind(s6, (struct sockaddr *)&ss, l) < 0) {
		printf("no IPv6 loopback: skipped\n");
	} else {
		tcp(AF_INET6);
		udp(AF_INET6);
	}
	if (s6 >= 0)
		close(s6);
	return finish();
}
