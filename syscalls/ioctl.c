/*
 * ioctl.c - the ioctls warp passes to the host, one table row each.
 *
 * A request not in the table fails with ENOTTY, what a driver that does
 * not know it answers, with one log line (-d unimp); passing unknown
 * requests through would let the host kernel write structs of the wrong
 * layout into guest memory.  A row gives the guest number, the host
 * number, how the argument travels (none, a value, a pointer in, out or
 * both) and its layout:
 *
 *   IOL_BYTES   one layout on every ABI (termios, winsize, loop_info64,
 *               u64 pairs): in place
 *   IOL_INT, IOL_U16, IOL_LONG, IOL_U64   an integer of that guest size
 *   IOL_IFREQ   struct ifreq (its union member in SUB)
 *   IOL_IFCONF  struct ifconf: a buffer of ifreqs behind a pointer
 *   IOL_FIEMAP  struct fiemap and its extent array (size from the struct)
 *
 * On an ABI whose structs are the host's (sys_abi_hostlike: riscv64,
 * aarch64) every layout but IFCONF (it holds a pointer) goes to the host
 * in place, so the host's checks (ENOTTY on the wrong kind of file comes
 * before EFAULT) stay the native ones; other ABIs convert through warp's
 * copies.  The numbers are asm-generic (include/uapi/asm-generic/ioctls.h,
 * sockios.h, fs.h, loop.h), which x86-64 shares; an ABI with other
 * numbers (MIPS, PowerPC) gets its own table.
 */
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "internal.h"

enum ioa_kind {
	IOA_NONE,       /* no argument */
	IOA_VAL,        /* an integer by value */
	IOA_OFLAGS,     /* open flags by value (TIOCGPTPEER) */
	IOA_IN,         /* pointer to SIZE bytes the kernel reads */
	IOA_OUT,        /* pointer to SIZE bytes the kernel writes */
	IOA_INOUT,
};

enum ioc_layout { IOL_BYTES, IOL_INT, IOL_U16, IOL_LONG, IOL_U64, IOL_IFREQ,
		  IOL_IFCONF, IOL_FIEMAP };

/* the member of struct ifreq's union a request uses */
enum { IFS_ADDR, IFS_INT, IFS_SHORT, IFS_NAME };

struct ioc_row {
	uint32_t guest, host;
	uint8_t arg, lay, sub;
	uint16_t size;          /* IOL_BYTES */
	const char *name;
};

/* struct termios of the kernel (not glibc's): 4 flag words, c_line,
 * 19 control characters; termios2 adds the two speeds; termio is the
 * System V one with short flags and 8 characters */
#define KTERMIOS_SIZE 36
#define KTERMIOS2_SIZE 44
#define KTERMIO_SIZE 18

#define R(g, a, l, s, n) { g, g, a, l, 0, s, n }
#define B(g, a, s, n) R(g, a, IOL_BYTES, s, n)
#define I(g, a, n) R(g, a, IOL_INT, 0, n)
#define N(g, n) R(g, IOA_NONE, IOL_BYTES, 0, n)
#define V(g, n) R(g, IOA_VAL, IOL_BYTES, 0, n)
#define IFR(g, a, sub, n) { g, g, a, IOL_IFREQ, sub, 0, n }

static const struct ioc_row ioc_generic[] = {
	/* terminals */
	B(0x5401, IOA_OUT, KTERMIOS_SIZE, "TCGETS"),
	B(0x5402, IOA_IN, KTERMIOS_SIZE, "TCSETS"),
	B(0x5403, IOA_IN, KTERMIOS_SIZE, "TCSETSW"),
	B(0x5404, IOA_IN, KTERMIOS_SIZE, "TCSETSF"),
	B(0x5405, IOA_OUT, KTERMIO_SIZE, "TCGETA"),
	B(0x5406, IOA_IN, KTERMIO_SIZE, "TCSETA"),
	B(0x5407, IOA_IN, KTERMIO_SIZE, "TCSETAW"),
	B(0x5408, IOA_IN, KTERMIO_SIZE, "TCSETAF"),
	V(0x5409, "TCSBRK"), V(0x540A, "TCXONC"), V(0x540B, "TCFLSH"),
	N(0x540C, "TIOCEXCL"), N(0x540D, "TIOCNXCL"), V(0x540E, "TIOCSCTTY"),
	I(0x540F, IOA_OUT, "TIOCGPGRP"), I(0x5410, IOA_IN, "TIOCSPGRP"),
	I(0x5411, IOA_OUT, "TIOCOUTQ"), B(0x5412, IOA_IN, 1, "TIOCSTI"),
	B(0x5413, IOA_OUT, 8, "TIOCGWINSZ"), B(0x5414, IOA_IN, 8, "TIOCSWINSZ"),
	I(0x5415, IOA_OUT, "TIOCMGET"), I(0x5416, IOA_IN, "TIOCMBIS"),
	I(0x5417, IOA_IN, "TIOCMBIC"), I(0x5418, IOA_IN, "TIOCMSET"),
	I(0x5419, IOA_OUT, "TIOCGSOFTCAR"), I(0x541A, IOA_IN, "TIOCSSOFTCAR"),
	I(0x541B, IOA_OUT, "FIONREAD"), N(0x541D, "TIOCCONS"),
	I(0x5420, IOA_IN, "TIOCPKT"), I(0x5421, IOA_IN, "FIONBIO"),
	N(0x5422, "TIOCNOTTY"), I(0x5423, IOA_IN, "TIOCSETD"),
	I(0x5424, IOA_OUT, "TIOCGETD"), V(0x5425, "TCSBRKP"),
	N(0x5427, "TIOCSBRK"), N(0x5428, "TIOCCBRK"),
	I(0x5429, IOA_OUT, "TIOCGSID"),
	B(0x802C542A, IOA_OUT, KTERMIOS2_SIZE, "TCGETS2"),
	B(0x402C542B, IOA_IN, KTERMIOS2_SIZE, "TCSETS2"),
	B(0x402C542C, IOA_IN, KTERMIOS2_SIZE, "TCSETSW2"),
	B(0x402C542D, IOA_IN, KTERMIOS2_SIZE, "TCSETSF2"),
	I(0x80045430, IOA_OUT, "TIOCGPTN"), I(0x40045431, IOA_IN, "TIOCSPTLCK"),
	I(0x80045432, IOA_OUT, "TIOCGDEV"), V(0x40045436, "TIOCSIG"),
	N(0x5437, "TIOCVHANGUP"), I(0x80045438, IOA_OUT, "TIOCGPKT"),
	I(0x80045439, IOA_OUT, "TIOCGPTLCK"), I(0x80045440, IOA_OUT, "TIOCGEXCL"),
	R(0x5441, IOA_OFLAGS, IOL_BYTES, 0, "TIOCGPTPEER"),
	N(0x5450, "FIONCLEX"), N(0x5451, "FIOCLEX"),
	I(0x5452, IOA_IN, "FIOASYNC"),
	B(0x5456, IOA_OUT, KTERMIOS_SIZE, "TIOCGLCKTRMIOS"),
	B(0x5457, IOA_IN, KTERMIOS_SIZE, "TIOCSLCKTRMIOS"),
	I(0x5459, IOA_OUT, "TIOCSERGETLSR"), V(0x545C, "TIOCMIWAIT"),
	R(0x5460, IOA_OUT, IOL_U64, 0, "FIOQSIZE"),
	/* consoles */
	I(0x5600, IOA_OUT, "VT_OPENQRY"), B(0x5603, IOA_OUT, 6, "VT_GETSTATE"),
	V(0x5606, "VT_ACTIVATE"), V(0x5607, "VT_WAITACTIVE"),
	V(0x4B3A, "KDSETMODE"), I(0x4B3B, IOA_OUT, "KDGETMODE"),
	B(0x4B33, IOA_OUT, 1, "KDGKBTYPE"), I(0x4B44, IOA_OUT, "KDGKBMODE"),
	V(0x4B45, "KDSKBMODE"),
	/* sockets */
	I(0x8901, IOA_IN, "FIOSETOWN"), I(0x8902, IOA_IN, "SIOCSPGRP"),
	I(0x8903, IOA_OUT, "FIOGETOWN"), I(0x8904, IOA_OUT, "SIOCGPGRP"),
	I(0x8905, IOA_OUT, "SIOCATMARK"), I(0x894B, IOA_OUT, "SIOCOUTQNSD"),
	IFR(0x8910, IOA_INOUT, IFS_INT, "SIOCGIFNAME"),
	R(0x8912, IOA_INOUT, IOL_IFCONF, 0, "SIOCGIFCONF"),
	IFR(0x8913, IOA_INOUT, IFS_SHORT, "SIOCGIFFLAGS"),
	IFR(0x8914, IOA_IN, IFS_SHORT, "SIOCSIFFLAGS"),
	IFR(0x8915, IOA_INOUT, IFS_ADDR, "SIOCGIFADDR"),
	IFR(0x8916, IOA_IN, IFS_ADDR, "SIOCSIFADDR"),
	IFR(0x8917, IOA_INOUT, IFS_ADDR, "SIOCGIFDSTADDR"),
	IFR(0x8918, IOA_IN, IFS_ADDR, "SIOCSIFDSTADDR"),
	IFR(0x8919, IOA_INOUT, IFS_ADDR, "SIOCGIFBRDADDR"),
	IFR(0x891a, IOA_IN, IFS_ADDR, "SIOCSIFBRDADDR"),
	IFR(0x891b, IOA_INOUT, IFS_ADDR, "SIOCGIFNETMASK"),
	IFR(0x891c, IOA_IN, IFS_ADDR, "SIOCSIFNETMASK"),
	IFR(0x891d, IOA_INOUT, IFS_INT, "SIOCGIFMETRIC"),
	IFR(0x891e, IOA_IN, IFS_INT, "SIOCSIFMETRIC"),
	IFR(0x8921, IOA_INOUT, IFS_INT, "SIOCGIFMTU"),
	IFR(0x8922, IOA_IN, IFS_INT, "SIOCSIFMTU"),
	IFR(0x8923, IOA_IN, IFS_NAME, "SIOCSIFNAME"),
	IFR(0x8924, IOA_IN, IFS_ADDR, "SIOCSIFHWADDR"),
	IFR(0x8927, IOA_INOUT, IFS_ADDR, "SIOCGIFHWADDR"),
	IFR(0x8933, IOA_INOUT, IFS_INT, "SIOCGIFINDEX"),
	IFR(0x8942, IOA_INOUT, IFS_INT, "SIOCGIFTXQLEN"),
	IFR(0x8943, IOA_IN, IFS_INT, "SIOCSIFTXQLEN"),
	/* block devices */
	I(0x125d, IOA_IN, "BLKROSET"), I(0x125e, IOA_OUT, "BLKROGET"),
	N(0x125f, "BLKRRPART"), R(0x1260, IOA_OUT, IOL_LONG, 0, "BLKGETSIZE"),
	N(0x1261, "BLKFLSBUF"), V(0x1262, "BLKRASET"),
	R(0x1263, IOA_OUT, IOL_LONG, 0, "BLKRAGET"), V(0x1264, "BLKFRASET"),
	R(0x1265, IOA_OUT, IOL_LONG, 0, "BLKFRAGET"),
	R(0x1267, IOA_OUT, IOL_U16, 0, "BLKSECTGET"),
	I(0x1268, IOA_OUT, "BLKSSZGET"),
	I(0x80081270, IOA_OUT, "BLKBSZGET"), I(0x40081271, IOA_IN, "BLKBSZSET"),
	R(0x80081272, IOA_OUT, IOL_U64, 0, "BLKGETSIZE64"),
	B(0x1277, IOA_IN, 16, "BLKDISCARD"), I(0x1278, IOA_OUT, "BLKIOMIN"),
	I(0x1279, IOA_OUT, "BLKIOOPT"), I(0x127a, IOA_OUT, "BLKALIGNOFF"),
	I(0x127b, IOA_OUT, "BLKPBSZGET"), I(0x127c, IOA_OUT, "BLKDISCARDZEROES"),
	B(0x127d, IOA_IN, 16, "BLKSECDISCARD"),
	R(0x127e, IOA_OUT, IOL_U16, 0, "BLKROTATIONAL"),
	B(0x127f, IOA_IN, 16, "BLKZEROOUT"),
	R(0x80081280, IOA_OUT, IOL_U64, 0, "BLKGETDISKSEQ"),
	/* files and file systems */
	I(0x1, IOA_INOUT, "FIBMAP"), I(0x2, IOA_OUT, "FIGETBSZ"),
	V(0xC0045877, "FIFREEZE"), V(0xC0045878, "FITHAW"),
	B(0xC0185879, IOA_INOUT, 24, "FITRIM"),
	V(0x40049409, "FICLONE"), B(0x4020940d, IOA_IN, 32, "FICLONERANGE"),
	/* the number says long, the kernel moves an int */
	I(0x80086601, IOA_OUT, "FS_IOC_GETFLAGS"),
	I(0x40086602, IOA_IN, "FS_IOC_SETFLAGS"),
	I(0x80087601, IOA_OUT, "FS_IOC_GETVERSION"),
	I(0x40087602, IOA_IN, "FS_IOC_SETVERSION"),
	R(0xc020660b, IOA_INOUT, IOL_FIEMAP, 0, "FS_IOC_FIEMAP"),
	B(0x801c581f, IOA_OUT, 28, "FS_IOC_FSGETXATTR"),
	B(0x401c5820, IOA_IN, 28, "FS_IOC_FSSETXATTR"),
	B(0x81009431, IOA_OUT, 256, "FS_IOC_GETFSLABEL"),
	B(0x41009432, IOA_IN, 256, "FS_IOC_SETFSLABEL"),
	B(0x80111500, IOA_OUT, 17, "FS_IOC_GETFSUUID"),
	/* loop devices */
	V(0x4C00, "LOOP_SET_FD"), N(0x4C01, "LOOP_CLR_FD"),
	B(0x4C04, IOA_IN, 232, "LOOP_SET_STATUS64"),
	B(0x4C05, IOA_OUT, 232, "LOOP_GET_STATUS64"),
	V(0x4C06, "LOOP_CHANGE_FD"), N(0x4C07, "LOOP_SET_CAPACITY"),
	V(0x4C08, "LOOP_SET_DIRECT_IO"), V(0x4C09, "LOOP_SET_BLOCK_SIZE"),
	B(0x4C0A, IOA_IN, 304, "LOOP_CONFIGURE"),
	V(0x4C80, "LOOP_CTL_ADD"), V(0x4C81, "LOOP_CTL_REMOVE"),
	N(0x4C82, "LOOP_CTL_GET_FREE"),
	/* /dev/random */
	I(0x80045200, IOA_OUT, "RNDGETENTCNT"),
	I(0x40045201, IOA_IN, "RNDADDTOENTCNT"),
	N(0x5204, "RNDZAPENTCNT"), N(0x5206, "RNDCLEARPOOL"),
};

static const struct ioc_row *ioc_find(uint64_t req)
{
	for (unsigned i = 0; i < ARRAY_SIZE(ioc_generic); i++)
		if (ioc_generic[i].guest == (uint32_t)req)
			return &ioc_generic[i];
	return NULL;
}

const char *ioctl_name(uint64_t req)
{
	const struct ioc_row *r = ioc_find(req);
	return r ? r->name : NULL;
}

/* the guest size of a row's argument, for the in-place path */
static uint64_t arg_size(struct cpu *cpu, const struct ioc_row *row, gaddr_t g,
			 bool *ok)
{
	uint64_t count;

	*ok = true;
	switch (row->lay) {
	case IOL_INT: return 4;
	case IOL_U16: return 2;
	case IOL_LONG: return sys_conv(cpu)->long_size;
	case IOL_U64: return 8;
	case IOL_IFREQ: return conv_size(cpu, CONV_IFREQ);
	case IOL_FIEMAP:
		/* struct fiemap: fm_extent_count (u32 at 24), 32-byte
		 * header, 56-byte extents */
		if (conv_get_word(cpu, g + 24, &count, 4) < 0) {
			*ok = false;
			return 32;
		}
		return 32 + count * 56;
	default: return row->size;
	}
}

/* SIOCGIFCONF: the ifreq buffer behind ifc_buf, converted entry by entry
 * (name and the address member; the union is cut to the guest's size) */
static int64_t ioctl_ifconf(struct cpu *cpu, int fd, const struct ioc_row *row,
			    gaddr_t g)
{
	const struct sys_conv *c = sys_conv(cpu);
	const struct conv_layout *gl = c->lay[CONV_IFREQ];
	uint64_t v[IFC__N];
	struct ifconf ifc;
	int64_t r;

	if (conv_get(cpu, CONV_IFCONF, g, v) < 0)
		return HOST(SYS_ioctl, fd, row->host, SYS_HOST_BADPTR);
	int glen = (int)v[IFC_LEN];
	unsigned n = glen > 0 ? (unsigned)glen / gl->size : 0;
	ifc.ifc_len = v[IFC_BUF] ? (int)(n * sizeof(struct ifreq)) : glen;
	ifc.ifc_buf = NULL;
	if (v[IFC_BUF] && n) {
		ifc.ifc_buf = calloc(n, sizeof(struct ifreq));
		if (!ifc.ifc_buf)
			return -ENOMEM;
	} else if (v[IFC_BUF]) {
		/* a buffer too small for one entry: nothing is written */
		ifc.ifc_buf = (char *)&v;
		ifc.ifc_len = 0;
	}
	r = HOST(SYS_ioctl, fd, row->host, &ifc);
	if (r >= 0 && v[IFC_BUF]) {
		unsigned got = ifc.ifc_len / sizeof(struct ifreq);
		uint8_t ent[64];
		for (unsigned i = 0; i < got && r >= 0; i++) {
			struct ifreq *h = (struct ifreq *)ifc.ifc_buf + i;
			memset(ent, 0, sizeof ent);
			memcpy(ent, h->ifr_name, IFNAMSIZ);
			unsigned u = gl->f[IFR_UNION].off, un = gl->size - u;
			memcpy(ent + u, &h->ifr_addr, un < sizeof h->ifr_ifru ? un
								       : sizeof h->ifr_ifru);
			if (c->big_endian) {
				uint64_t fam = h->ifr_addr.sa_family;
				uint8_t *p = ent + gl->f[IFR_FAMILY].off;
				p[0] = fam >> 8;
				p[1] = fam;
			}
			if (guest_write(cpu, v[IFC_BUF] + (uint64_t)i * gl->size, ent,
					gl->size) < 0)
				r = -EFAULT;
		}
		v[IFC_LEN] = got * gl->size;
	} else if (r >= 0) {
		/* no buffer: the length needed, in guest entries */
		v[IFC_LEN] = ifc.ifc_len / sizeof(struct ifreq) * gl->size;
	}
	if (ifc.ifc_buf && ifc.ifc_buf != (char *)&v)
		free(ifc.ifc_buf);
	if (r >= 0 && conv_put(cpu, CONV_IFCONF, v, g) < 0)
		r = -EFAULT;
	return r;
}

/* The converted path, for ABIs whose structs are not the host's. */
static int64_t ioctl_converted(struct cpu *cpu, int fd,
			       const struct ioc_row *row, gaddr_t g)
{
	const struct sys_conv *c = sys_conv(cpu);
	union { uint64_t u64; long l; int i; uint16_t u16; struct ifreq ifr; } h;
	unsigned gs = row->lay == IOL_LONG ? c->long_size
		      : row->lay == IOL_U64 ? 8 : row->lay == IOL_U16 ? 2 : 4;
	uint64_t w = 0;
	bool in = row->arg != IOA_OUT, out = row->arg != IOA_IN;
	void *p = &h;
	int64_t r;

	memset(&h, 0, sizeof h);
	if (row->lay == IOL_IFREQ) {
		const struct conv_layout *gl = c->lay[CONV_IFREQ];
		uint8_t ent[64];
		unsigned u = gl->f[IFR_UNION].off, un = gl->size - u;
		if (guest_read(cpu, ent, g, gl->size) < 0)
			return HOST(SYS_ioctl, fd, row->host, SYS_HOST_BADPTR);
		memcpy(h.ifr.ifr_name, ent, IFNAMSIZ);
		memcpy(&h.ifr.ifr_ifru, ent + u,
		       un < sizeof h.ifr.ifr_ifru ? un : sizeof h.ifr.ifr_ifru);
		if (row->sub == IFS_INT || row->sub == IFS_ADDR || row->sub == IFS_SHORT) {
			uint64_t x;
			unsigned sz = row->sub == IFS_INT ? 4 : 2;
			conv_in(c, &(struct conv_layout){ "", 64, 1, { { u, sz, 0 } } },
				ent, &x);
			if (row->sub == IFS_INT)
				h.ifr.ifr_ifindex = (int)x;
			else
				h.ifr.ifr_flags = (short)x;   /* also sa_family */
		}
		r = HOST(SYS_ioctl, fd, row->host, &h.ifr);
		if (r < 0 || !out)
			return r;
		memcpy(ent, h.ifr.ifr_name, IFNAMSIZ);
		memcpy(ent + u, &h.ifr.ifr_ifru,
		       un < sizeof h.ifr.ifr_ifru ? un : sizeof h.ifr.ifr_ifru);
		if (row->sub != IFS_NAME && c->big_endian) {
			unsigned sz = row->sub == IFS_INT ? 4 : 2;
			uint64_t x = row->sub == IFS_INT ? (uint32_t)h.ifr.ifr_ifindex
							 : (uint16_t)h.ifr.ifr_flags;
			for (unsigned k = 0; k < sz; k++)
				ent[u + sz - 1 - k] = x >> (8 * k);
		}
		return guest_write(cpu, g, ent, gl->size) < 0 ? -EFAULT : r;
	}
	if (row->lay == IOL_BYTES || row->lay == IOL_FIEMAP) {
		/* one layout everywhere: in place */
		bool ok;
		uint64_t n = arg_size(cpu, row, g, &ok);
		if (!guest_range_ok(cpu, g, n))
			return -EFAULT;
		if (out)
			sys_will_write(cpu, g, n);
		return HOST(SYS_ioctl, fd, row->host, gptr(cpu, g));
	}
	if (in && conv_get_word(cpu, g, &w, gs) < 0)
		p = SYS_HOST_BADPTR;
	switch (row->lay) {
	case IOL_LONG: h.l = (long)w; break;
	case IOL_U64: h.u64 = w; break;
	case IOL_U16: h.u16 = w; break;
	default: h.i = (int)w; break;
	}
	r = HOST(SYS_ioctl, fd, row->host, p);
	if (r < 0 || !out)
		return r;
	w = row->lay == IOL_LONG ? (uint64_t)h.l : row->lay == IOL_U64 ? h.u64
	    : row->lay == IOL_U16 ? h.u16 : (uint32_t)h.i;
	return conv_put_word(cpu, g, w, gs) < 0 ? -EFAULT : r;
}

int64_t sys_ioctl(struct cpu *cpu, const uint64_t *a)
{
	int fd = a[0];
	const struct ioc_row *row = ioc_find(a[1]);

	if (!row) {
		/* the kernel looks the descriptor up first */
		if (HOST(SYS_fcntl, fd, F_GETFD) < 0)
			return -EBADF;
		if (cpu->tc && (cpu->tc->log_mask & LOG_UNIMP) && cpu->tc->log)
			fprintf(cpu->tc->log, "unimp: ioctl 0x%llx on fd %d\n",
				(unsigned long long)a[1], fd);
		return -ENOTTY;
	}
	switch (row->arg) {
	case IOA_NONE:
		return HOST(SYS_ioctl, fd, row->host, 0);
	case IOA_VAL:
		return HOST(SYS_ioctl, fd, row->host, (unsigned long)a[2]);
	case IOA_OFLAGS:
		return HOST(SYS_ioctl, fd, row->host,
			    (unsigned long)flags_to_host(sys_conv(cpu)->open_flags, a[2]));
	}
	if (row->lay == IOL_IFCONF)
		return ioctl_ifconf(cpu, fd, row, a[2]);
	if (!sys_abi_hostlike(cpu))
		return ioctl_converted(cpu, fd, row, a[2]);
	/* the host's layout: the kernel reads and writes in place */
	bool ok;
	uint64_t n = arg_size(cpu, row, a[2], &ok);
	if (!ok)
		return HOST(SYS_ioctl, fd, row->host, SYS_HOST_BADPTR);
	if (!guest_range_ok(cpu, a[2], n))
		return -EFAULT;
	if (row->arg != IOA_IN)
		sys_will_write(cpu, a[2], n);
	return HOST(SYS_ioctl, fd, row->host, gptr(cpu, a[2]));
}
