/*
 * strace_net.c - -strace decoding of the polling, timer and socket kinds
 * (SK_FDFLAGS .. SK_SHUT in internal.h), in strace's notation:
 *
 *   socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)
 *   connect(3, {sa_family=AF_INET, sin_port=htons(80),
 *           sin_addr=inet_addr("127.0.0.1")}, 16)
 *   ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8)
 *
 * Guest memory is read through the fault-safe copies only; what cannot be
 * read prints as its address.  Flag values are the asm-generic ones.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

#include "internal.h"
#include "net.h"

struct nv { uint64_t v; const char *name; };

static const struct nv flock_names[] = {
	{ 1, "LOCK_SH" }, { 2, "LOCK_EX" }, { 4, "LOCK_NB" }, { 8, "LOCK_UN" },
};
static const struct nv in_names[] = {
	{ 0x1, "IN_ACCESS" }, { 0x2, "IN_MODIFY" }, { 0x4, "IN_ATTRIB" },
	{ 0x8, "IN_CLOSE_WRITE" }, { 0x10, "IN_CLOSE_NOWRITE" },
	{ 0x20, "IN_OPEN" }, { 0x40, "IN_MOVED_FROM" }, { 0x80, "IN_MOVED_TO" },
	{ 0x100, "IN_CREATE" }, { 0x200, "IN_DELETE" },
	{ 0x400, "IN_DELETE_SELF" }, { 0x800, "IN_MOVE_SELF" },
	{ 0x01000000, "IN_ONLYDIR" }, { 0x02000000, "IN_DONT_FOLLOW" },
	{ 0x04000000, "IN_EXCL_UNLINK" }, { 0x10000000, "IN_MASK_CREATE" },
	{ 0x20000000, "IN_MASK_ADD" }, { 0x40000000, "IN_ISDIR" },
	{ 0x80000000, "IN_ONESHOT" },
};
static const struct nv poll_names[] = {
	{ 0x1, "POLLIN" }, { 0x2, "POLLPRI" }, { 0x4, "POLLOUT" },
	{ 0x8, "POLLERR" }, { 0x10, "POLLHUP" }, { 0x20, "POLLNVAL" },
	{ 0x40, "POLLRDNORM" }, { 0x80, "POLLRDBAND" }, { 0x100, "POLLWRNORM" },
	{ 0x200, "POLLWRBAND" }, { 0x400, "POLLMSG" }, { 0x2000, "POLLRDHUP" },
};
static const struct nv msg_names[] = {
	{ 0x1, "MSG_OOB" }, { 0x2, "MSG_PEEK" }, { 0x4, "MSG_DONTROUTE" },
	{ 0x8, "MSG_CTRUNC" }, { 0x10, "MSG_PROXY" }, { 0x20, "MSG_TRUNC" },
	{ 0x40, "MSG_DONTWAIT" }, { 0x80, "MSG_EOR" }, { 0x100, "MSG_WAITALL" },
	{ 0x200, "MSG_FIN" }, { 0x400, "MSG_SYN" }, { 0x800, "MSG_CONFIRM" },
	{ 0x1000, "MSG_RST" }, { 0x2000, "MSG_ERRQUEUE" },
	{ 0x4000, "MSG_NOSIGNAL" }, { 0x8000, "MSG_MORE" },
	{ 0x10000, "MSG_WAITFORONE" }, { 0x40000, "MSG_BATCH" },
	{ 0x4000000, "MSG_ZEROCOPY" }, { 0x20000000, "MSG_FASTOPEN" },
	{ 0x40000000, "MSG_CMSG_CLOEXEC" },
};
static const struct nv fam_names[] = {
	{ 0, "AF_UNSPEC" }, { 1, "AF_UNIX" }, { 2, "AF_INET" },
	{ 10, "AF_INET6" }, { 16, "AF_NETLINK" }, { 17, "AF_PACKET" },
	{ 29, "AF_CAN" }, { 31, "AF_BLUETOOTH" }, { 38, "AF_ALG" },
	{ 40, "AF_VSOCK" },
};
static const struct nv type_names[] = {
	{ 1, "SOCK_STREAM" }, { 2, "SOCK_DGRAM" }, { 3, "SOCK_RAW" },
	{ 4, "SOCK_RDM" }, { 5, "SOCK_SEQPACKET" }, { 6, "SOCK_DCCP" },
	{ 10, "SOCK_PACKET" },
};
static const struct nv level_names[] = {
	{ 0, "SOL_IP" }, { 1, "SOL_SOCKET" }, { 6, "SOL_TCP" }, { 17, "SOL_UDP" },
	{ 41, "SOL_IPV6" }, { 255, "SOL_RAW" }, { 263, "SOL_PACKET" },
	{ 270, "SOL_NETLINK" },
};
static const struct nv epoll_names[] = {
	{ 1, "EPOLL_CTL_ADD" }, { 2, "EPOLL_CTL_DEL" }, { 3, "EPOLL_CTL_MOD" },
};
static const struct nv shut_names[] = {
	{ 0, "SHUT_RD" }, { 1, "SHUT_WR" }, { 2, "SHUT_RDWR" },
};
static const struct nv itimer_names[] = {
	{ 0, "ITIMER_REAL" }, { 1, "ITIMER_VIRTUAL" }, { 2, "ITIMER_PROF" },
};

static void bits(FILE *f, uint64_t v, const struct nv *t, unsigned n)
{
	bool first = true;
	for (unsigned i = 0; i < n; i++) {
		if (t[i].v && (v & t[i].v) == t[i].v) {
			fprintf(f, "%s%s", first ? "" : "|", t[i].name);
			v &= ~t[i].v;
			first = false;
		}
	}
	if (v || first)
		fprintf(f, "%s%#" PRIx64, first ? "" : "|", v);
}

static void one(FILE *f, uint64_t v, const struct nv *t, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (t[i].v == v) {
			fputs(t[i].name, f);
			return;
		}
	fprintf(f, "%" PRId64, (int64_t)v);
}

static void addr(FILE *f, uint64_t g)
{
	fprintf(f, g ? "%#" PRIx64 : "NULL", g);
}

/* the O_* names of a new descriptor's flags (no access mode) */
static void fdflags(struct cpu *cpu, FILE *f, uint64_t v)
{
	const struct flag_map *m = sys_conv(cpu)->open_flags;
	bool first = true;
	for (unsigned i = 0; m && i < m->n; i++) {
		if ((v & m->bits[i].guest) == m->bits[i].guest) {
			fprintf(f, "%s%s", first ? "" : "|", m->bits[i].name);
			v &= ~(uint64_t)m->bits[i].guest;
			first = false;
		}
	}
	if (v || first)
		fprintf(f, "%s%#" PRIx64, first ? "" : "|", v);
}

static void timespec_arg(struct cpu *cpu, FILE *f, uint64_t g)
{
	struct timespec ts;
	if (!g || sys_get_timespec(cpu, g, &ts) < 0) {
		addr(f, g);
		return;
	}
	fprintf(f, "{tv_sec=%lld, tv_nsec=%ld}", (long long)ts.tv_sec, ts.tv_nsec);
}

static void sigset_arg(struct cpu *cpu, FILE *f, uint64_t g)
{
	uint64_t set;
	if (!g || conv_get_word(cpu, g, &set, 8) < 0) {
		addr(f, g);
		return;
	}
	fputc('[', f);
	bool first = true;
	for (int s = 1; s <= 64; s++) {
		if (!(set >> (s - 1) & 1))
			continue;
		const char *n = s < 32 ? sigabbrev_np(s) : NULL;
		if (n)
			fprintf(f, "%s%s", first ? "" : " ", n);
		else
			fprintf(f, "%sRT_%d", first ? "" : " ", s - 32);
		first = false;
	}
	fputc(']', f);
}

static void pollfd_arg(struct cpu *cpu, FILE *f, uint64_t g, uint64_t n)
{
	const struct conv_layout *l = sys_conv(cpu)->lay[CONV_POLLFD];
	if (!g) {
		fputs("NULL", f);
		return;
	}
	fputc('[', f);
	for (uint64_t i = 0; i < n && i < 8; i++) {
		uint64_t v[PFD__N];
		if (conv_get(cpu, CONV_POLLFD, g + i * l->size, v) < 0) {
			fprintf(f, "%s%#" PRIx64, i ? ", " : "", g + i * l->size);
			break;
		}
		fprintf(f, "%s{fd=%d, events=", i ? ", " : "", (int)v[PFD_FD]);
		bits(f, v[PFD_EVENTS], poll_names, ARRAY_SIZE(poll_names));
		fputc('}', f);
	}
	if (n > 8)
		fputs(", ...", f);
	fputc(']', f);
}

/* LEN bytes of guest socket address at G */
static void sockaddr_arg(struct cpu *cpu, FILE *f, uint64_t g, uint64_t len)
{
	uint8_t b[128];
	char s[INET6_ADDRSTRLEN];

	if (!g || len < 2 || len > sizeof b || guest_read(cpu, b, g, len) < 0) {
		addr(f, g);
		return;
	}
	memset(b + len, 0, sizeof b - len);
	unsigned fam = sys_conv(cpu)->big_endian ? (b[0] << 8 | b[1]) : (b[1] << 8 | b[0]);
	fputs("{sa_family=", f);
	one(f, fam, fam_names, ARRAY_SIZE(fam_names));
	if (fam == AF_UNIX && len > 2) {
		const char *p = (const char *)b + 2;
		size_t n = strnlen(p + (p[0] == 0), len - 2 - (p[0] == 0));
		fprintf(f, ", sun_path=%s\"%.*s\"", p[0] ? "" : "@", (int)n, p + !p[0]);
	} else if (fam == AF_INET && len >= 8) {
		inet_ntop(AF_INET, b + 4, s, sizeof s);
		fprintf(f, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")",
			b[2] << 8 | b[3], s);
	} else if (fam == AF_INET6 && len >= 24) {
		inet_ntop(AF_INET6, b + 8, s, sizeof s);
		fprintf(f, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
			"inet_pton(AF_INET6, \"%s\", &sin6_addr)", b[2] << 8 | b[3],
			(unsigned)b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7], s);
	} else if (fam == AF_NETLINK && len >= 12) {
		uint32_t pid, groups;
		memcpy(&pid, b + 4, 4);
		memcpy(&groups, b + 8, 4);
		fprintf(f, ", nl_pid=%u, nl_groups=%08x", pid, groups);
	}
	fputc('}', f);
}

bool strace_put_net(struct cpu *cpu, FILE *f, unsigned kind, const uint64_t *a,
		    unsigned i, int64_t ret)
{
	uint64_t v = a[i], len;

	switch (kind) {
	case SK_FDFLAGS:
		fdflags(cpu, f, v);
		break;
	case SK_FLOCKOP:
		bits(f, v, flock_names, ARRAY_SIZE(flock_names));
		break;
	case SK_INMASK:
		bits(f, (uint32_t)v, in_names, ARRAY_SIZE(in_names));
		break;
	case SK_TIMESPEC:
		timespec_arg(cpu, f, v);
		break;
	case SK_ITIMER:
		one(f, v, itimer_names, ARRAY_SIZE(itimer_names));
		break;
	case SK_POLLFD:
		pollfd_arg(cpu, f, v, i + 1 < 6 ? a[i + 1] : 0);
		break;
	case SK_SIGSET:
		sigset_arg(cpu, f, v);
		break;
	case SK_EPOLLOP:
		one(f, v, epoll_names, ARRAY_SIZE(epoll_names));
		break;
	case SK_SOCKFAM:
		one(f, v, fam_names, ARRAY_SIZE(fam_names));
		break;
	case SK_SOCKTYPE:
		if ((v & 0xf) || !(v & ~0xfull)) {
			one(f, v & 0xf, type_names, ARRAY_SIZE(type_names));
			if (v & ~0xfull)
				fputc('|', f);
		}
		if (v & ~0xfull) {
			/* SOCK_NONBLOCK and SOCK_CLOEXEC are the open flags */
			const struct flag_map *m = sys_conv(cpu)->open_flags;
			uint64_t rest = v & ~0xfull;
			bool first = true;
			for (unsigned k = 0; m && k < m->n; k++) {
				if ((rest & m->bits[k].guest) == m->bits[k].guest &&
				    (!strcmp(m->bits[k].name, "O_NONBLOCK") ||
				     !strcmp(m->bits[k].name, "O_CLOEXEC"))) {
					fprintf(f, "%sSOCK_%s", first ? "" : "|",
						m->bits[k].name + 2);
					rest &= ~(uint64_t)m->bits[k].guest;
					first = false;
				}
			}
			if (rest)
				fprintf(f, "%s%#" PRIx64, first ? "" : "|", rest);
		}
		break;
	case SK_SOCKADDR:
		sockaddr_arg(cpu, f, v, i + 1 < 6 ? (uint32_t)a[i + 1] : 0);
		break;
	case SK_SOCKADDR_OUT:
		if (ret >= 0 && v && i + 1 < 6 &&
		    conv_get_word(cpu, a[i + 1], &len, 4) == 0)
			sockaddr_arg(cpu, f, v, len > 128 ? 128 : len);
		else
			addr(f, v);
		break;
	case SK_MSGFLAGS:
		if (!v)
			fputc('0', f);
		else
			bits(f, (uint32_t)v, msg_names, ARRAY_SIZE(msg_names));
		break;
	case SK_SOCKLEVEL:
		one(f, (uint32_t)v, level_names, ARRAY_SIZE(level_names));
		break;
	case SK_SOCKOPT: {
		const struct sockopt_row *r = i ? sockopt_find((int)a[i - 1], (int)v)
						: NULL;
		if (r)
			fputs(r->str, f);
		else
			fprintf(f, "%d", (int)v);
		break;
	}
	case SK_SHUT:
		one(f, v, shut_names, ARRAY_SIZE(shut_names));
		break;
	default:
		return false;
	}
	return true;
}
