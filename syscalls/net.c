/*
 * net.c - sockets: socket, socketpair, bind, listen, accept/accept4,
 * connect, getsockname, getpeername, sendto, recvfrom, shutdown, and the
 * socket addresses and options they carry.  Messages (sendmsg family)
 * are in netmsg.c.
 *
 * Socket addresses have one layout on every Linux ABI: bytes, network
 * order fields, and a few host-order integers (the family, netlink's pid
 * and groups, IPv6's scope id) that a big-endian guest swaps (sa_fixes).
 * AF_UNIX paths name files, so with a sysroot they go through the guest's
 * file system view (path.h) both ways.  Addresses are copied, never
 * handed to the host in place: the copy is where byte order and paths
 * change.
 *
 * Errors in the native order: the kernel looks the descriptor up before
 * it reads an address or an option, so a struct that cannot be read is
 * handed to the host as SYS_HOST_BADPTR with the guest's length, and the
 * host returns EBADF, ENOTSOCK, EINVAL or EFAULT exactly as it would for
 * the guest.
 *
 * Socket options: sockopt_rows lists the common ones with the kind of
 * their value.  On a little-endian ABI with 64-bit long every value has
 * the host's layout, and the option goes to the host in place (so short
 * lengths, truncation and ERANGE behave as natively); other ABIs convert
 * the kinds that differ (timeval, and every integer's byte order) and
 * refuse unknown options with ENOPROTOOPT.  A socket filter (struct
 * sock_fprog) holds a guest pointer and is always converted.
 */
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "internal.h"
#include "net.h"
#include "path.h"

/* ---- addresses ---- */

/* host-order integers inside a sockaddr, by family */
static const struct sa_fix {
	uint16_t family;
	uint8_t n;
	struct { uint8_t off, size; } f[2];
} sa_fixes[] = {
	{ AF_NETLINK, 2, { { 4, 4 }, { 8, 4 } } },     /* nl_pid, nl_groups */
	{ AF_INET6, 1, { { 24, 4 } } },                /* sin6_scope_id */
	{ AF_PACKET, 2, { { 4, 4 }, { 8, 2 } } },      /* ifindex, hatype */
};

static void swap_field(uint8_t *p, unsigned size)
{
	for (unsigned i = 0; i < size / 2; i++) {
		uint8_t t = p[i];
		p[i] = p[size - 1 - i];
		p[size - 1 - i] = t;
	}
}

/* Byte order of a sockaddr's host-order fields, either way (a swap is
 * its own inverse).  FAMILY is the family in host order. */
static void sa_swap(uint8_t *b, unsigned len, unsigned family)
{
	if (len >= 2)
		swap_field(b, 2);
	for (unsigned i = 0; i < ARRAY_SIZE(sa_fixes); i++) {
		if (sa_fixes[i].family != family)
			continue;
		for (unsigned k = 0; k < sa_fixes[i].n; k++)
			if (sa_fixes[i].f[k].off + sa_fixes[i].f[k].size <= len)
				swap_field(b + sa_fixes[i].f[k].off, sa_fixes[i].f[k].size);
	}
}

/* An AF_UNIX path through the sysroot (not an abstract name: those
 * start with NUL).  *LEN is the address length, updated. */
static int unix_path_in(struct cpu *cpu, struct sockaddr_un *su, socklen_t *len,
			bool create)
{
	size_t off = offsetof(struct sockaddr_un, sun_path);
	char g[sizeof su->sun_path + 1], h[PATH_MAX];

	if (!sys_sysroot_dir(cpu->proc) || *len <= off || !su->sun_path[0])
		return 0;
	memcpy(g, su->sun_path, *len - off);
	g[*len - off] = 0;
	int r = sys_path_resolve(cpu, AT_FDCWD, g, h, sizeof h,
				 create ? SYS_PATH_CREATE : 0);
	if (r < 0)
		return r;
	size_t n = strlen(h);
	if (n >= sizeof su->sun_path)
		return -ENAMETOOLONG;
	memcpy(su->sun_path, h, n + 1);
	*len = off + n + 1;
	return 0;
}

int net_addr_in(struct cpu *cpu, gaddr_t g, uint64_t len,
		struct sockaddr_storage *ss, socklen_t *hlen, bool create)
{
	uint8_t *b = (uint8_t *)ss;

	/* the kernel takes an int */
	len = (uint32_t)len;
	if ((int)len < 0 || len > sizeof *ss)
		return -EINVAL;
	memset(ss, 0, sizeof *ss);
	if (guest_read(cpu, b, g, len) < 0)
		return -EFAULT;
	if (sys_conv(cpu)->big_endian && len >= 2) {
		swap_field(b, 2);
		sa_swap(b, len, ss->ss_family);
		swap_field(b, 2);       /* sa_swap swapped it back */
	}
	*hlen = len;
	if (ss->ss_family == AF_UNIX)
		return unix_path_in(cpu, (struct sockaddr_un *)ss, hlen, create);
	return 0;
}

int net_addr_out(struct cpu *cpu, const struct sockaddr_storage *ss,
		 socklen_t klen, gaddr_t g, gaddr_t glen)
{
	struct sockaddr_storage out;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	uint64_t ulen;

	memcpy(&out, ss, sizeof out);
	if (klen > sizeof out)
		klen = sizeof out;
	if (out.ss_family == AF_UNIX && sys_sysroot_dir(cpu->proc) &&
	    klen > off && ((struct sockaddr_un *)&out)->sun_path[0]) {
		struct sockaddr_un *su = (struct sockaddr_un *)&out;
		char h[sizeof su->sun_path + 1], gp[PATH_MAX];
		memcpy(h, su->sun_path, klen - off);
		h[klen - off] = 0;
		size_t n = sys_path_to_guest(cpu->proc, h, gp, sizeof gp);
		if (n < sizeof su->sun_path) {
			memset(su->sun_path, 0, sizeof su->sun_path);
			memcpy(su->sun_path, gp, n + 1);
			klen = off + n + 1;
		}
	}
	if (sys_conv(cpu)->big_endian)
		sa_swap((uint8_t *)&out, klen, ss->ss_family);
	/* the kernel's move_addr_to_user */
	if (conv_get_word(cpu, glen, &ulen, 4) < 0)
		return -EFAULT;
	int len = (int)ulen;
	if (len > (int)klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && guest_write(cpu, g, &out, len) < 0)
		return -EFAULT;
	return conv_put_word(cpu, glen, klen, 4) < 0 ? -EFAULT : 0;
}

/* SOCK_NONBLOCK and SOCK_CLOEXEC are O_NONBLOCK and O_CLOEXEC on every
 * arch; the type proper is the low four bits. */
int net_sock_flags(const struct cpu *cpu, uint64_t type)
{
	return (int)((type & 0xf) |
		     flags_to_host(sys_conv(cpu)->open_flags, type & ~0xfull));
}

/* ---- socket calls ---- */

int64_t sys_socket(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_socket, (int)a[0], net_sock_flags(cpu, (unsigned)a[1]),
		    (int)a[2]);
}

int64_t sys_socketpair(struct cpu *cpu, const uint64_t *a)
{
	int sv[2];
	int64_t r = HOST(SYS_socketpair, (int)a[0],
			 net_sock_flags(cpu, (unsigned)a[1]), (int)a[2], sv);
	if (r < 0)
		return r;
	if (conv_put_word(cpu, a[3], (uint32_t)sv[0], 4) < 0 ||
	    conv_put_word(cpu, a[3] + 4, (uint32_t)sv[1], 4) < 0) {
		close(sv[0]);
		close(sv[1]);
		return -EFAULT;
	}
	return 0;
}

/* bind and connect: an address in */
static int64_t addr_call(struct cpu *cpu, long nr, const uint64_t *a,
			 bool create)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int r = net_addr_in(cpu, a[1], a[2], &ss, &len, create);
	if (r == -EFAULT || r == -EINVAL)
		return HOST(nr, (int)a[0], SYS_HOST_BADPTR, (int)a[2]);
	if (r < 0)
		return r;
	return HOST(nr, (int)a[0], &ss, len);
}

int64_t sys_bind(struct cpu *cpu, const uint64_t *a)
{
	return addr_call(cpu, SYS_bind, a, true);
}

int64_t sys_connect(struct cpu *cpu, const uint64_t *a)
{
	return addr_call(cpu, SYS_connect, a, false);
}

int64_t sys_listen(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_listen, (int)a[0], (int)a[1]);
}

int64_t sys_shutdown(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_shutdown, (int)a[0], (int)a[1]);
}

int64_t sys_accept4(struct cpu *cpu, const uint64_t *a)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int64_t fd = HOST(SYS_accept4, (int)a[0], a[1] ? &ss : NULL,
			  a[1] ? &len : NULL, net_sock_flags(cpu, (unsigned)a[3]));
	if (fd < 0 || !a[1])
		return fd;
	/* as the kernel: a peer address that cannot be stored loses the
	 * connection */
	int r = net_addr_out(cpu, &ss, len, a[1], a[2]);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int64_t sys_accept(struct cpu *cpu, const uint64_t *a)
{
	const uint64_t b[6] = { a[0], a[1], a[2], 0, 0, 0 };
	return sys_accept4(cpu, b);
}

static int64_t name_call(struct cpu *cpu, long nr, const uint64_t *a)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int64_t r = HOST(nr, (int)a[0], &ss, &len);
	if (r < 0)
		return r;
	return net_addr_out(cpu, &ss, len, a[1], a[2]);
}

int64_t sys_getsockname(struct cpu *cpu, const uint64_t *a)
{
	return name_call(cpu, SYS_getsockname, a);
}

int64_t sys_getpeername(struct cpu *cpu, const uint64_t *a)
{
	return name_call(cpu, SYS_getpeername, a);
}

int64_t sys_sendto(struct cpu *cpu, const uint64_t *a)
{
	struct sockaddr_storage ss;
	socklen_t len = 0;
	void *ap = NULL;

	if (a[4]) {
		int r = net_addr_in(cpu, a[4], a[5], &ss, &len, false);
		if (r == -EFAULT || r == -EINVAL) {
			ap = SYS_HOST_BADPTR;
			len = a[5];
		} else if (r < 0) {
			return r;
		} else {
			ap = &ss;
		}
	}
	return HOST(SYS_sendto, (int)a[0], gptr(cpu, a[1]), a[2], (int)a[3],
		    ap, len);
}

int64_t sys_recvfrom(struct cpu *cpu, const uint64_t *a)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int64_t r;

	sys_will_write(cpu, a[1], a[2]);
	r = HOST(SYS_recvfrom, (int)a[0], gptr(cpu, a[1]), a[2], (int)a[3],
		 a[4] ? &ss : NULL, a[4] ? &len : NULL);
	if (r >= 0 && a[4]) {
		int e = net_addr_out(cpu, &ss, len, a[4], a[5]);
		if (e < 0)
			return e;
	}
	return r;
}

/* ---- options ---- */

#define SOL_IP_ 0
#define SOL_TCP_ 6
#define SOL_UDP_ 17
#define SOL_IPV6_ 41
#define SOL_NETLINK_ 270

#define ROW(l, o, k) { l, o, k, #o }
const struct sockopt_row sockopt_rows[] = {
	ROW(SOL_SOCKET, SO_DEBUG, SOV_INT), ROW(SOL_SOCKET, SO_REUSEADDR, SOV_INT),
	ROW(SOL_SOCKET, SO_TYPE, SOV_INT), ROW(SOL_SOCKET, SO_ERROR, SOV_INT),
	ROW(SOL_SOCKET, SO_DONTROUTE, SOV_INT),
	ROW(SOL_SOCKET, SO_BROADCAST, SOV_INT), ROW(SOL_SOCKET, SO_SNDBUF, SOV_INT),
	ROW(SOL_SOCKET, SO_RCVBUF, SOV_INT),
	ROW(SOL_SOCKET, SO_SNDBUFFORCE, SOV_INT),
	ROW(SOL_SOCKET, SO_RCVBUFFORCE, SOV_INT),
	ROW(SOL_SOCKET, SO_KEEPALIVE, SOV_INT),
	ROW(SOL_SOCKET, SO_OOBINLINE, SOV_INT),
	ROW(SOL_SOCKET, SO_NO_CHECK, SOV_INT), ROW(SOL_SOCKET, SO_PRIORITY, SOV_INT),
	ROW(SOL_SOCKET, SO_LINGER, SOV_LINGER),
	ROW(SOL_SOCKET, SO_REUSEPORT, SOV_INT),
	ROW(SOL_SOCKET, SO_PASSCRED, SOV_INT),
	ROW(SOL_SOCKET, SO_PEERCRED, SOV_UCRED),
	ROW(SOL_SOCKET, SO_RCVLOWAT, SOV_INT), ROW(SOL_SOCKET, SO_SNDLOWAT, SOV_INT),
	{ SOL_SOCKET, 20, SOV_TIMEVAL, "SO_RCVTIMEO_OLD" },
	{ SOL_SOCKET, 21, SOV_TIMEVAL, "SO_SNDTIMEO_OLD" },
	ROW(SOL_SOCKET, SO_BINDTODEVICE, SOV_RAW),
	ROW(SOL_SOCKET, SO_ATTACH_FILTER, SOV_FPROG),
	ROW(SOL_SOCKET, SO_DETACH_FILTER, SOV_INT),
	ROW(SOL_SOCKET, SO_PEERNAME, SOV_RAW),
	{ SOL_SOCKET, 29, SOV_INT, "SO_TIMESTAMP_OLD" },
	ROW(SOL_SOCKET, SO_ACCEPTCONN, SOV_INT),
	ROW(SOL_SOCKET, SO_PEERSEC, SOV_RAW), ROW(SOL_SOCKET, SO_PASSSEC, SOV_INT),
	{ SOL_SOCKET, 35, SOV_INT, "SO_TIMESTAMPNS_OLD" },
	ROW(SOL_SOCKET, SO_MARK, SOV_INT),
	{ SOL_SOCKET, 37, SOV_INT, "SO_TIMESTAMPING_OLD" },
	ROW(SOL_SOCKET, SO_PROTOCOL, SOV_INT), ROW(SOL_SOCKET, SO_DOMAIN, SOV_INT),
	ROW(SOL_SOCKET, SO_RXQ_OVFL, SOV_INT), ROW(SOL_SOCKET, SO_PEEK_OFF, SOV_INT),
	ROW(SOL_SOCKET, SO_BUSY_POLL, SOV_INT),
	ROW(SOL_SOCKET, SO_INCOMING_CPU, SOV_INT),
	ROW(SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, SOV_FPROG),
	ROW(SOL_SOCKET, SO_COOKIE, SOV_RAW),
	ROW(SOL_SOCKET, SO_PEERGROUPS, SOV_RAW),
	ROW(SOL_SOCKET, SO_ZEROCOPY, SOV_INT),
	ROW(SOL_SOCKET, SO_BINDTOIFINDEX, SOV_INT),
	{ SOL_SOCKET, 66, SOV_RAW, "SO_RCVTIMEO_NEW" },   /* two s64 everywhere */
	{ SOL_SOCKET, 67, SOV_RAW, "SO_SNDTIMEO_NEW" },
	ROW(SOL_TCP_, TCP_NODELAY, SOV_INT), ROW(SOL_TCP_, TCP_MAXSEG, SOV_INT),
	ROW(SOL_TCP_, TCP_CORK, SOV_INT), ROW(SOL_TCP_, TCP_KEEPIDLE, SOV_INT),
	ROW(SOL_TCP_, TCP_KEEPINTVL, SOV_INT), ROW(SOL_TCP_, TCP_KEEPCNT, SOV_INT),
	ROW(SOL_TCP_, TCP_SYNCNT, SOV_INT), ROW(SOL_TCP_, TCP_LINGER2, SOV_INT),
	ROW(SOL_TCP_, TCP_DEFER_ACCEPT, SOV_INT),
	ROW(SOL_TCP_, TCP_WINDOW_CLAMP, SOV_INT),
	ROW(SOL_TCP_, TCP_INFO, SOV_RAW),   /* fixed-size fields only */
	ROW(SOL_TCP_, TCP_QUICKACK, SOV_INT),
	ROW(SOL_TCP_, TCP_CONGESTION, SOV_RAW),
	ROW(SOL_TCP_, TCP_USER_TIMEOUT, SOV_INT),
	ROW(SOL_TCP_, TCP_FASTOPEN, SOV_INT),
	ROW(SOL_TCP_, TCP_NOTSENT_LOWAT, SOV_INT),
	ROW(SOL_IP_, IP_TOS, SOV_INT), ROW(SOL_IP_, IP_TTL, SOV_INT),
	ROW(SOL_IP_, IP_HDRINCL, SOV_INT), ROW(SOL_IP_, IP_OPTIONS, SOV_RAW),
	ROW(SOL_IP_, IP_PKTINFO, SOV_INT), ROW(SOL_IP_, IP_RECVTTL, SOV_INT),
	ROW(SOL_IP_, IP_RECVTOS, SOV_INT), ROW(SOL_IP_, IP_MTU_DISCOVER, SOV_INT),
	ROW(SOL_IP_, IP_RECVERR, SOV_INT), ROW(SOL_IP_, IP_MTU, SOV_INT),
	ROW(SOL_IP_, IP_FREEBIND, SOV_INT), ROW(SOL_IP_, IP_TRANSPARENT, SOV_INT),
	ROW(SOL_IP_, IP_MULTICAST_IF, SOV_RAW),
	ROW(SOL_IP_, IP_MULTICAST_TTL, SOV_INT),
	ROW(SOL_IP_, IP_MULTICAST_LOOP, SOV_INT),
	ROW(SOL_IP_, IP_ADD_MEMBERSHIP, SOV_RAW),
	ROW(SOL_IP_, IP_DROP_MEMBERSHIP, SOV_RAW),
	ROW(SOL_IP_, IP_BIND_ADDRESS_NO_PORT, SOV_INT),
	ROW(SOL_IPV6_, IPV6_V6ONLY, SOV_INT),
	ROW(SOL_IPV6_, IPV6_UNICAST_HOPS, SOV_INT),
	ROW(SOL_IPV6_, IPV6_MULTICAST_IF, SOV_INT),
	ROW(SOL_IPV6_, IPV6_MULTICAST_HOPS, SOV_INT),
	ROW(SOL_IPV6_, IPV6_MULTICAST_LOOP, SOV_INT),
	ROW(SOL_IPV6_, IPV6_JOIN_GROUP, SOV_RAW),
	ROW(SOL_IPV6_, IPV6_LEAVE_GROUP, SOV_RAW),
	ROW(SOL_IPV6_, IPV6_RECVPKTINFO, SOV_INT),
	ROW(SOL_IPV6_, IPV6_TCLASS, SOV_INT), ROW(SOL_IPV6_, IPV6_RECVTCLASS, SOV_INT),
	ROW(SOL_IPV6_, IPV6_RECVERR, SOV_INT),
	ROW(SOL_IPV6_, IPV6_MTU_DISCOVER, SOV_INT),
	ROW(SOL_IPV6_, IPV6_MTU, SOV_INT),
	{ SOL_UDP_, 1, SOV_INT, "UDP_CORK" },
	{ SOL_UDP_, 103, SOV_INT, "UDP_SEGMENT" },
	{ SOL_UDP_, 104, SOV_INT, "UDP_GRO" },
	{ SOL_NETLINK_, 1, SOV_INT, "NETLINK_ADD_MEMBERSHIP" },
	{ SOL_NETLINK_, 2, SOV_INT, "NETLINK_DROP_MEMBERSHIP" },
	{ SOL_NETLINK_, 3, SOV_INT, "NETLINK_PKTINFO" },
	{ SOL_NETLINK_, 4, SOV_INT, "NETLINK_BROADCAST_ERROR" },
	{ SOL_NETLINK_, 5, SOV_INT, "NETLINK_NO_ENOBUFS" },
	{ SOL_NETLINK_, 8, SOV_INT, "NETLINK_LISTEN_ALL_NSID" },
	{ SOL_NETLINK_, 10, SOV_INT, "NETLINK_CAP_ACK" },
	{ SOL_NETLINK_, 11, SOV_INT, "NETLINK_EXT_ACK" },
	{ SOL_NETLINK_, 12, SOV_INT, "NETLINK_GET_STRICT_CHK" },
};
const unsigned sockopt_n_rows = ARRAY_SIZE(sockopt_rows);

const struct sockopt_row *sockopt_find(int level, int name)
{
	for (unsigned i = 0; i < ARRAY_SIZE(sockopt_rows); i++)
		if (sockopt_rows[i].level == level && sockopt_rows[i].name == name)
			return &sockopt_rows[i];
	return NULL;
}

static void unknown_opt(struct cpu *cpu, const char *what, int level, int name)
{
	if (cpu->tc && (cpu->tc->log_mask & LOG_UNIMP) && cpu->tc->log)
		fprintf(cpu->tc->log, "unimp: %s level %d option %d\n", what,
			level, name);
}

/* struct sock_fprog { unsigned short len; struct sock_filter *filter; }:
 * the filter (8-byte instructions, one layout everywhere) stays in guest
 * memory, the pointer becomes a host one */
static int64_t set_fprog(struct cpu *cpu, const uint64_t *a)
{
	const struct sys_conv *c = sys_conv(cpu);
	unsigned ls = c->long_size;
	uint64_t len, filter;
	struct sock_fprog fp;

	if ((int)a[4] < (int)(2 * ls) ||
	    conv_get_word(cpu, a[3], &len, 2) < 0 ||
	    conv_get_word(cpu, a[3] + ls, &filter, ls) < 0)
		return HOST(SYS_setsockopt, (int)a[0], (int)a[1], (int)a[2],
			    SYS_HOST_BADPTR, (int)a[4]);
	fp.len = len;
	fp.filter = filter ? gptr(cpu, filter) : NULL;
	if (filter && !guest_range_ok(cpu, filter, len * 8))
		fp.filter = SYS_HOST_BADPTR;
	return HOST(SYS_setsockopt, (int)a[0], (int)a[1], (int)a[2], &fp,
		    sizeof fp);
}

/* the converted path (not a little-endian ABI with 64-bit long) */
static int64_t set_converted(struct cpu *cpu, const uint64_t *a,
			     const struct sockopt_row *row)
{
	int len = (int)a[4];
	union { int i; struct timeval tv; struct linger lg; } v;
	uint64_t w;
	void *p = &v;
	socklen_t hl = len;

	memset(&v, 0, sizeof v);
	switch (row->kind) {
	case SOV_INT:
		if (len >= 4) {
			if (conv_get_word(cpu, a[3], &w, 4) < 0)
				p = SYS_HOST_BADPTR;
			v.i = (int)w;
		} else if (len >= 1) {
			if (guest_read(cpu, &v, a[3], 1) < 0)
				p = SYS_HOST_BADPTR;
		}
		break;
	case SOV_TIMEVAL:
		if (len < (int)conv_size(cpu, CONV_TIMEVAL) ||
		    sys_get_timeval(cpu, a[3], &v.tv) < 0)
			p = SYS_HOST_BADPTR;
		else
			hl = sizeof v.tv;
		break;
	case SOV_LINGER: {
		uint64_t lv[LG__N];
		if (len < (int)conv_size(cpu, CONV_LINGER) ||
		    conv_get(cpu, CONV_LINGER, a[3], lv) < 0) {
			p = SYS_HOST_BADPTR;
		} else {
			v.lg.l_onoff = (int)lv[LG_ONOFF];
			v.lg.l_linger = (int)lv[LG_LINGER];
			hl = sizeof v.lg;
		}
		break;
	}
	default:        /* bytes */
		if (len > 0 && len <= (int)sizeof v) {
			if (guest_read(cpu, &v, a[3], len) < 0)
				p = SYS_HOST_BADPTR;
		} else {
			p = len > 0 ? gptr(cpu, a[3]) : p;
		}
		break;
	}
	return HOST(SYS_setsockopt, (int)a[0], (int)a[1], (int)a[2], p, hl);
}

int64_t sys_setsockopt(struct cpu *cpu, const uint64_t *a)
{
	const struct sockopt_row *row = sockopt_find((int)a[1], (int)a[2]);

	if (row && row->kind == SOV_FPROG)
		return set_fprog(cpu, a);
	if (sys_abi_hostlike(cpu)) {
		if (!row)
			unknown_opt(cpu, "setsockopt", (int)a[1], (int)a[2]);
		/* the host reads the value where the guest put it */
		return HOST(SYS_setsockopt, (int)a[0], (int)a[1], (int)a[2],
			    gptr(cpu, a[3]), (int)a[4]);
	}
	if (!row) {
		unknown_opt(cpu, "setsockopt", (int)a[1], (int)a[2]);
		return -ENOPROTOOPT;
	}
	return set_converted(cpu, a, row);
}

static int64_t get_converted(struct cpu *cpu, const uint64_t *a,
			     const struct sockopt_row *row)
{
	union { int i; struct timeval tv; struct linger lg; struct ucred uc;
		uint8_t b[256]; } v;
	uint8_t out[256];
	uint64_t glen;
	socklen_t hl = sizeof v;
	unsigned n;
	int64_t r;

	if (conv_get_word(cpu, a[4], &glen, 4) < 0)
		return HOST(SYS_getsockopt, (int)a[0], (int)a[1], (int)a[2],
			    &v, SYS_HOST_BADPTR);
	if ((int)glen < 0)
		return -EINVAL;
	if (row->kind == SOV_RAW)
		hl = (int)glen < (int)sizeof v ? glen : sizeof v;
	r = HOST(SYS_getsockopt, (int)a[0], (int)a[1], (int)a[2], &v, &hl);
	if (r < 0)
		return r;
	switch (row->kind) {
	case SOV_INT:
		n = hl < 4 ? hl : 4;
		for (unsigned i = 0; i < 4; i++)
			out[sys_conv(cpu)->big_endian ? 3 - i : i] = (uint32_t)v.i >> (8 * i);
		if (sys_conv(cpu)->big_endian && n < 4)
			memmove(out, out + 4 - n, n);
		break;
	case SOV_TIMEVAL: {
		uint64_t tv[TV__N] = { [TV_SEC] = v.tv.tv_sec, [TV_USEC] = v.tv.tv_usec };
		n = conv_size(cpu, CONV_TIMEVAL);
		if (conv_out(sys_conv(cpu), sys_conv(cpu)->lay[CONV_TIMEVAL], tv, out) < 0)
			return -EOVERFLOW;
		break;
	}
	case SOV_LINGER: {
		uint64_t lv[LG__N] = { [LG_ONOFF] = v.lg.l_onoff, [LG_LINGER] = v.lg.l_linger };
		n = conv_size(cpu, CONV_LINGER);
		if (conv_out(sys_conv(cpu), sys_conv(cpu)->lay[CONV_LINGER], lv, out) < 0)
			return -EOVERFLOW;
		break;
	}
	case SOV_UCRED: {
		uint64_t uv[UC__N] = { [UC_PID] = v.uc.pid, [UC_UID] = v.uc.uid,
				       [UC_GID] = v.uc.gid };
		n = conv_size(cpu, CONV_UCRED);
		if (conv_out(sys_conv(cpu), sys_conv(cpu)->lay[CONV_UCRED], uv, out) < 0)
			return -EOVERFLOW;
		break;
	}
	default:
		n = hl;
		memcpy(out, &v, n);
		break;
	}
	if (n > glen)
		n = glen;
	if (guest_write(cpu, a[3], out, n) < 0 ||
	    conv_put_word(cpu, a[4], n, 4) < 0)
		return -EFAULT;
	return 0;
}

int64_t sys_getsockopt(struct cpu *cpu, const uint64_t *a)
{
	const struct sockopt_row *row = sockopt_find((int)a[1], (int)a[2]);

	if (sys_abi_hostlike(cpu)) {
		uint64_t len;
		if (!row)
			unknown_opt(cpu, "getsockopt", (int)a[1], (int)a[2]);
		/* the host writes the value and its length in place */
		if (conv_get_word(cpu, a[4], &len, 4) == 0 && (int)len > 0)
			sys_will_write(cpu, a[3], (uint32_t)len);
		sys_will_write(cpu, a[4], 4);
		return HOST(SYS_getsockopt, (int)a[0], (int)a[1], (int)a[2],
			    gptr(cpu, a[3]), gptr(cpu, a[4]));
	}
	if (!row) {
		unknown_opt(cpu, "getsockopt", (int)a[1], (int)a[2]);
		return -ENOPROTOOPT;
	}
	/* SO_GET_FILTER is SO_ATTACH_FILTER: it returns the instructions,
	 * not a sock_fprog */
	struct sockopt_row raw = *row;
	if (raw.kind == SOV_FPROG)
		raw.kind = SOV_RAW;
	return get_converted(cpu, a, &raw);
}
