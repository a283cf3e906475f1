/*
 * netmsg.c - sendmsg, recvmsg, sendmmsg, recvmmsg: struct msghdr, its
 * iovecs, its address and its control messages.
 *
 * A guest msghdr becomes a host one (struct hmsg) through the ABI's
 * layouts.  Where the kernel would fail on a part it cannot read (the
 * msghdr itself, the name, the iovec array, the control buffer) that part
 * goes to the host as SYS_HOST_BADPTR with the guest's length, so that
 * the descriptor and length checks the kernel makes first still come
 * first and the errno is the native one.
 *
 * Control messages.  Where the ABI's struct cmsghdr, its alignment and
 * the payloads have the host's layout (little-endian, 64-bit long) the
 * control buffer is copied as it is, and the host's receive buffer has
 * exactly the guest's size, so truncation (MSG_CTRUNC, SCM_RIGHTS fds
 * that do not fit are not installed) is the kernel's own.  Other ABIs
 * walk the messages: SCM_RIGHTS (ints), SCM_CREDENTIALS (struct ucred)
 * and the old timestamps (timeval, timespec) are converted, other
 * payloads are bytes; on receive, what does not fit is cut as the kernel
 * cuts it, fds that do not fit are closed.
 *
 * sendmmsg and recvmmsg run the single-message path per entry, as the
 * kernel's own loops do, with recvmmsg's MSG_WAITFORONE and its timeout
 * (checked after each datagram, as the kernel checks it).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>

#include "internal.h"
#include "net.h"

#define UIO_MAXIOV_ 1024
/* a send control buffer beyond this is beyond optmem_max too: the host
 * answers ENOBUFS for it without reading it */
#define SEND_CTL_MAX (1u << 20)
/* a receive control buffer is filled up to what one message carries */
#define RECV_CTL_MAX (64u << 10)

struct hmsg {
	struct msghdr h;
	struct sockaddr_storage name;
	struct iovec iov[UIO_MAXIOV_];
	uint8_t *ctl;                   /* malloc'd, or NULL */
	uint64_t v[MH__N];              /* the guest's msghdr */
};

static bool ctl_native(const struct cpu *cpu)
{
	return sys_abi_hostlike(cpu) &&
	       sys_conv(cpu)->lay[CONV_CMSGHDR]->size == sizeof(struct cmsghdr);
}

static size_t galign(const struct cpu *cpu, size_t n)
{
	size_t a = sys_conv(cpu)->long_size;
	return (n + a - 1) & ~(a - 1);
}

/* ---- control messages, for ABIs whose layout is not the host's ---- */

enum { CMK_RAW, CMK_FDS, CMK_CRED, CMK_TIMEVAL, CMK_TIMESPEC };

static int cm_kind(int level, int type)
{
	if (level != SOL_SOCKET)
		return CMK_RAW;
	switch (type) {
	case SCM_RIGHTS: return CMK_FDS;
	case SCM_CREDENTIALS: return CMK_CRED;
	case 29: return CMK_TIMEVAL;            /* SO_TIMESTAMP_OLD */
	case 35: case 37: return CMK_TIMESPEC;  /* SO_TIMESTAMPNS_OLD, ..ING */
	default: return CMK_RAW;
	}
}

/* One payload from guest form (G, GLEN) to host form in H (room for
 * 2 * GLEN + 64 bytes): the host length. */
static size_t payload_in(struct cpu *cpu, int kind, const uint8_t *g,
			 size_t glen, uint8_t *h)
{
	const struct sys_conv *c = sys_conv(cpu);
	size_t n = 0;

	switch (kind) {
	case CMK_FDS:
		for (; n + 4 <= glen; n += 4) {
			uint32_t fd = 0;
			for (unsigned k = 0; k < 4; k++)
				fd |= (uint32_t)g[n + (c->big_endian ? 3 - k : k)] << (8 * k);
			memcpy(h + n, &fd, 4);
		}
		return n;
	case CMK_CRED:
		if (glen >= c->lay[CONV_UCRED]->size) {
			uint64_t v[UC__N];
			struct ucred u;
			conv_in(c, c->lay[CONV_UCRED], g, v);
			u.pid = v[UC_PID];
			u.uid = v[UC_UID];
			u.gid = v[UC_GID];
			memcpy(h, &u, sizeof u);
			return sizeof u;
		}
		break;
	}
	memcpy(h, g, glen);
	return glen;
}

/* One payload from host form to guest form in G (room for 2 * HLEN + 64):
 * the guest length. */
static size_t payload_out(struct cpu *cpu, int kind, const uint8_t *h,
			  size_t hlen, uint8_t *g)
{
	const struct sys_conv *c = sys_conv(cpu);
	const struct conv_layout *l;
	size_t n = 0, gs;

	switch (kind) {
	case CMK_FDS:
		for (; n + 4 <= hlen; n += 4) {
			uint32_t fd;
			memcpy(&fd, h + n, 4);
			for (unsigned k = 0; k < 4; k++)
				g[n + (c->big_endian ? 3 - k : k)] = fd >> (8 * k);
		}
		return n;
	case CMK_CRED:
		if (hlen >= sizeof(struct ucred)) {
			struct ucred u;
			memcpy(&u, h, sizeof u);
			uint64_t v[UC__N] = { [UC_PID] = u.pid, [UC_UID] = u.uid,
					      [UC_GID] = u.gid };
			if (conv_out(c, c->lay[CONV_UCRED], v, g) == 0)
				return c->lay[CONV_UCRED]->size;
		}
		break;
	case CMK_TIMEVAL:
	case CMK_TIMESPEC:
		/* an array of timevals or timespecs: two longs each on the
		 * host */
		l = c->lay[kind == CMK_TIMEVAL ? CONV_TIMEVAL : CONV_TIMESPEC];
		gs = 0;
		for (; n + 16 <= hlen; n += 16) {
			int64_t t[2];
			memcpy(t, h + n, 16);
			uint64_t v[2] = { (uint64_t)t[0], (uint64_t)t[1] };
			if (conv_out(c, l, v, g + gs) < 0)
				memset(g + gs, 0, l->size);
			gs += l->size;
		}
		return gs;
	}
	memcpy(g, h, hlen);
	return hlen;
}

/* Guest control messages (GLEN bytes in G) into host form: the host
 * length.  A malformed header is passed on as one, for the host to
 * reject with the native errno. */
static size_t ctl_in(struct cpu *cpu, const uint8_t *g, size_t glen, uint8_t *h)
{
	const struct sys_conv *c = sys_conv(cpu);
	const struct conv_layout *l = c->lay[CONV_CMSGHDR];
	size_t off = 0, hoff = 0;

	while (off + l->size <= glen) {
		uint64_t v[CM__N];
		struct cmsghdr *hc = (struct cmsghdr *)(h + hoff);
		conv_in(c, l, g + off, v);
		hc->cmsg_level = (int)v[CM_LEVEL];
		hc->cmsg_type = (int)v[CM_TYPE];
		if (v[CM_LEN] < l->size || v[CM_LEN] > glen - off) {
			hc->cmsg_len = v[CM_LEN] < l->size ? 0 : v[CM_LEN];
			return hoff + sizeof *hc;
		}
		size_t n = payload_in(cpu, cm_kind(hc->cmsg_level, hc->cmsg_type),
				      g + off + l->size, v[CM_LEN] - l->size,
				      CMSG_DATA(hc));
		hc->cmsg_len = CMSG_LEN(n);
		hoff += CMSG_SPACE(n);
		off += galign(cpu, v[CM_LEN]);
	}
	return hoff;
}

static void close_fds(const struct cmsghdr *hc, size_t from)
{
	size_t n = (hc->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	for (size_t i = from; i < n; i++) {
		int fd;
		memcpy(&fd, CMSG_DATA(hc) + i * sizeof fd, sizeof fd);
		close(fd);
	}
}

/* Host control messages into guest form in G (GCAP bytes): the guest
 * length; *FLAGS gets MSG_CTRUNC when something did not fit. */
static size_t ctl_out(struct cpu *cpu, struct msghdr *hm, uint8_t *g,
		      size_t gcap, int *flags)
{
	const struct sys_conv *c = sys_conv(cpu);
	const struct conv_layout *l = c->lay[CONV_CMSGHDR];
	size_t used = 0;
	uint8_t *tmp = malloc(2 * hm->msg_controllen + 64);

	if (!tmp)
		return 0;
	for (struct cmsghdr *hc = CMSG_FIRSTHDR(hm); hc; hc = CMSG_NXTHDR(hm, hc)) {
		int kind = cm_kind(hc->cmsg_level, hc->cmsg_type);
		size_t n = payload_out(cpu, kind, CMSG_DATA(hc),
				       hc->cmsg_len - CMSG_LEN(0), tmp);
		size_t room = gcap > used ? gcap - used : 0;
		if (room < l->size + n) {
			*flags |= MSG_CTRUNC;
			size_t fit = room > l->size ? room - l->size : 0;
			if (kind == CMK_FDS) {
				fit &= ~(size_t)3;
				close_fds(hc, fit / 4);
			}
			if (!fit) {
				/* what follows does not fit either */
				for (hc = CMSG_NXTHDR(hm, hc); hc; hc = CMSG_NXTHDR(hm, hc))
					if (cm_kind(hc->cmsg_level, hc->cmsg_type) == CMK_FDS)
						close_fds(hc, 0);
				break;
			}
			n = fit;
		}
		uint64_t v[CM__N] = { [CM_LEN] = l->size + n,
				      [CM_LEVEL] = (uint32_t)hc->cmsg_level,
				      [CM_TYPE] = (uint32_t)hc->cmsg_type };
		if (conv_out(c, l, v, g + used) < 0)
			break;
		memcpy(g + used + l->size, tmp, n);
		used += galign(cpu, l->size + n);
		if (used > gcap)
			used = gcap;
	}
	free(tmp);
	return used;
}

/* ---- msghdr ---- */

/* The guest msghdr at GM into HM.  Returns 0 (parts that could not be
 * read are SYS_HOST_BADPTR for the host to refuse), 1 when the msghdr
 * itself cannot be read, or -errno. */
static int msg_in(struct cpu *cpu, gaddr_t gm, struct hmsg *hm, bool send)
{
	uint64_t *v = hm->v;
	struct msghdr *h = &hm->h;

	memset(h, 0, sizeof *h);
	hm->ctl = NULL;
	if (conv_get(cpu, CONV_MSGHDR, gm, v) < 0)
		return 1;

	/* the name */
	int namelen = (int)v[MH_NAMELEN];
	if (!v[MH_NAME]) {
		h->msg_name = NULL;
	} else if (!send) {
		h->msg_name = &hm->name;
		h->msg_namelen = sizeof hm->name;
	} else if (namelen < 0) {
		h->msg_name = SYS_HOST_BADPTR;
		h->msg_namelen = namelen;
	} else if (namelen) {
		socklen_t hl;
		uint64_t nl = (unsigned)namelen > sizeof hm->name ? sizeof hm->name
								   : (unsigned)namelen;
		int r = net_addr_in(cpu, v[MH_NAME], nl, &hm->name, &hl, false);
		if (r == -EFAULT) {
			h->msg_name = SYS_HOST_BADPTR;
			h->msg_namelen = nl;
		} else if (r < 0) {
			return r;
		} else {
			h->msg_name = &hm->name;
			h->msg_namelen = hl;
		}
	}

	/* the data */
	h->msg_iovlen = v[MH_IOVLEN];
	if (v[MH_IOVLEN] > UIO_MAXIOV_ ||
	    sys_iov_in(cpu, v[MH_IOV], v[MH_IOVLEN], hm->iov, !send) < 0)
		h->msg_iov = SYS_HOST_BADPTR;
	else
		h->msg_iov = hm->iov;

	/* the control messages */
	uint64_t clen = v[MH_CONTROLLEN];
	h->msg_controllen = clen;
	if (!clen || !v[MH_CONTROL]) {
		/* a NULL buffer with a length: the host fails the send
		 * (EFAULT) or flags the receive (MSG_CTRUNC) as natively */
		h->msg_control = NULL;
		h->msg_controllen = v[MH_CONTROL] ? 0 : clen;
		return 0;
	}
	if (send) {
		if (clen > SEND_CTL_MAX) {
			h->msg_control = SYS_HOST_BADPTR;
			return 0;
		}
		uint8_t *g = malloc(clen);
		hm->ctl = malloc(2 * clen + 64);
		if (!g || !hm->ctl) {
			free(g);
			return -ENOMEM;
		}
		if (guest_read(cpu, g, v[MH_CONTROL], clen) < 0) {
			h->msg_control = SYS_HOST_BADPTR;
		} else if (ctl_native(cpu)) {
			memcpy(hm->ctl, g, clen);
			h->msg_control = hm->ctl;
		} else {
			h->msg_control = hm->ctl;
			h->msg_controllen = ctl_in(cpu, g, clen, hm->ctl);
		}
		free(g);
		return 0;
	}
	if (clen > RECV_CTL_MAX)
		clen = RECV_CTL_MAX;
	size_t hcap = ctl_native(cpu) ? clen : 2 * clen + 64;
	hm->ctl = calloc(1, hcap);
	if (!hm->ctl)
		return -ENOMEM;
	h->msg_control = hm->ctl;
	h->msg_controllen = hcap;
	return 0;
}

/* After a receive of R bytes: the name, flags and control messages back
 * into the guest's msghdr at GM.  R or -EFAULT. */
static int64_t msg_out(struct cpu *cpu, gaddr_t gm, struct hmsg *hm, int64_t r)
{
	const struct conv_layout *l = sys_conv(cpu)->lay[CONV_MSGHDR];
	uint64_t *v = hm->v;
	struct msghdr *h = &hm->h;
	int flags = h->msg_flags;
	size_t used = 0;

	if (v[MH_NAME]) {
		int e = net_addr_out(cpu, &hm->name, h->msg_namelen, v[MH_NAME],
				     gm + l->f[MH_NAMELEN].off);
		if (e < 0)
			return e;
	}
	if (hm->ctl && h->msg_controllen) {
		uint64_t gcap = v[MH_CONTROLLEN] < RECV_CTL_MAX ? v[MH_CONTROLLEN]
							      : RECV_CTL_MAX;
		uint8_t *g = hm->ctl;
		if (ctl_native(cpu)) {
			used = h->msg_controllen;
		} else {
			g = malloc(gcap + 1);
			used = g ? ctl_out(cpu, h, g, gcap, &flags) : 0;
		}
		if (used && guest_write(cpu, v[MH_CONTROL], g, used) < 0) {
			/* as the kernel's put_cmsg: nothing delivered, no
			 * error; the fds are not the guest's */
			for (struct cmsghdr *hc = CMSG_FIRSTHDR(h); hc; hc = CMSG_NXTHDR(h, hc))
				if (cm_kind(hc->cmsg_level, hc->cmsg_type) == CMK_FDS)
					close_fds(hc, 0);
			used = 0;
		}
		if (g != hm->ctl)
			free(g);
	}
	if (conv_put_word(cpu, gm + l->f[MH_FLAGS].off, (uint32_t)flags,
			  l->f[MH_FLAGS].size) < 0 ||
	    conv_put_word(cpu, gm + l->f[MH_CONTROLLEN].off, used,
			  l->f[MH_CONTROLLEN].size) < 0)
		return -EFAULT;
	return r;
}

static int64_t do_sendmsg(struct cpu *cpu, int fd, gaddr_t gm, int flags)
{
	struct hmsg *hm = malloc(sizeof *hm);
	int64_t r;

	if (!hm)
		return -ENOMEM;
	r = msg_in(cpu, gm, hm, true);
	if (r == 1)
		r = HOST(SYS_sendmsg, fd, SYS_HOST_BADPTR, flags);
	else if (r == 0)
		r = HOST(SYS_sendmsg, fd, &hm->h, flags);
	free(hm->ctl);
	free(hm);
	return r;
}

static int64_t do_recvmsg(struct cpu *cpu, int fd, gaddr_t gm, int flags)
{
	struct hmsg *hm = malloc(sizeof *hm);
	int64_t r;

	if (!hm)
		return -ENOMEM;
	r = msg_in(cpu, gm, hm, false);
	if (r == 1) {
		r = HOST(SYS_recvmsg, fd, SYS_HOST_BADPTR, flags);
	} else if (r == 0) {
		r = HOST(SYS_recvmsg, fd, &hm->h, flags);
		if (r >= 0)
			r = msg_out(cpu, gm, hm, r);
	}
	free(hm->ctl);
	free(hm);
	return r;
}

int64_t sys_sendmsg(struct cpu *cpu, const uint64_t *a)
{
	return do_sendmsg(cpu, (int)a[0], a[1], (int)a[2]);
}

int64_t sys_recvmsg(struct cpu *cpu, const uint64_t *a)
{
	return do_recvmsg(cpu, (int)a[0], a[1], (int)a[2]);
}

/* ---- many messages ---- */

#define MSG_WAITFORONE_ 0x10000
#define MSG_BATCH_ 0x40000
#define MSG_CMSG_COMPAT_ 0x80000000u

int64_t sys_sendmmsg(struct cpu *cpu, const uint64_t *a)
{
	const struct conv_layout *l = sys_conv(cpu)->lay[CONV_MMSGHDR];
	int fd = (int)a[0];
	unsigned vlen = (unsigned)a[2];
	int flags = (int)a[3];
	unsigned i;
	int64_t r = 0;

	if (vlen > UIO_MAXIOV_)
		vlen = UIO_MAXIOV_;
	if (!vlen)      /* still the descriptor checks */
		return HOST(SYS_sendmmsg, fd, NULL, 0, flags);
	for (i = 0; i < vlen; i++) {
		gaddr_t e = a[1] + (uint64_t)i * l->size;
		r = do_sendmsg(cpu, fd, e, flags | (i + 1 < vlen ? MSG_BATCH_ : 0));
		if (r < 0)
			break;
		if (conv_put_word(cpu, e + l->f[MMH_LEN].off, (uint32_t)r,
				  l->f[MMH_LEN].size) < 0) {
			r = -EFAULT;
			break;
		}
	}
	return i ? (int64_t)i : r;
}

int64_t sys_recvmmsg(struct cpu *cpu, const uint64_t *a)
{
	const struct conv_layout *l = sys_conv(cpu)->lay[CONV_MMSGHDR];
	int fd = (int)a[0];
	unsigned vlen = (unsigned)a[2];
	int flags = (int)a[3];
	struct timespec ts, end = { 0, 0 }, now;
	bool timed = a[4] != 0;
	unsigned i;
	int64_t r = 0;

	if (flags & MSG_CMSG_COMPAT_)
		return -EINVAL;
	if (timed) {
		if (sys_get_timespec(cpu, a[4], &ts) < 0)
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		clock_gettime(CLOCK_MONOTONIC, &now);
		end.tv_sec = now.tv_sec + ts.tv_sec;
		end.tv_nsec = now.tv_nsec + ts.tv_nsec;
		if (end.tv_nsec >= 1000000000) {
			end.tv_sec++;
			end.tv_nsec -= 1000000000;
		}
	}
	if (vlen > UIO_MAXIOV_)
		vlen = UIO_MAXIOV_;
	if (!vlen)
		return HOST(SYS_recvmmsg, fd, NULL, 0, flags, NULL);
	for (i = 0; i < vlen; i++) {
		gaddr_t e = a[1] + (uint64_t)i * l->size;
		r = do_recvmsg(cpu, fd, e, flags & ~MSG_WAITFORONE_);
		if (r < 0)
			break;
		if (conv_put_word(cpu, e + l->f[MMH_LEN].off, (uint32_t)r,
				  l->f[MMH_LEN].size) < 0) {
			r = -EFAULT;
			break;
		}
		if (flags & MSG_WAITFORONE_)
			flags |= MSG_DONTWAIT;
		if (timed) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec > end.tv_sec ||
			    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec)) {
				i++;
				break;
			}
		}
		/* an out-of-band message ends the batch */
		uint64_t mf;
		const struct conv_layout *mh = sys_conv(cpu)->lay[CONV_MSGHDR];
		if (conv_get_word(cpu, e + mh->f[MH_FLAGS].off, &mf, 4) == 0 &&
		    (mf & MSG_OOB)) {
			i++;
			break;
		}
	}
	if (!i)
		return r;
	if (timed) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		struct timespec left = { end.tv_sec - now.tv_sec, end.tv_nsec - now.tv_nsec };
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000;
		}
		if (left.tv_sec < 0)
			left.tv_sec = left.tv_nsec = 0;
		if (sys_put_timespec(cpu, a[4], &left) < 0)
			return -EFAULT;
	}
	return i;
}
