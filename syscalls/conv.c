/*
 * conv.c - struct conversion between host values and guest layouts.
 *
 * The layouts below are facts of the kernel's uapi headers for the 64-bit
 * asm-generic ABIs (riscv64, aarch64); field offsets are checked against
 * the asm-generic struct definitions by tests/unit/syscalls.c.  Values
 * travel as uint64_t arrays indexed by the struct's field enum (conv.h),
 * so the generic syscall code never sees a guest offset or byte order.
 *
 * Invariant: conv_out writes every byte of the guest struct (padding and
 * absent fields are zero), so no host stack garbage reaches the guest.
 */
#include <errno.h>
#include <string.h>
#include <fcntl.h>

#include "cpu.h"
#include "guest.h"
#include "syscall.h"
#include "conv.h"
#include "guestmem.h"

#define F(o, s) { (o), (s), 0 }
#define FS(o, s) { (o), (s), CF_SIGNED }
#define FC(o, s) { (o), (s), CF_CHECK }
#define FSC(o, s) { (o), (s), CF_SIGNED | CF_CHECK }

/* include/uapi/asm-generic/stat.h, struct stat with 64-bit long */
const struct conv_layout conv_stat_generic64 = {
	"stat", 128, ST__N, {
		[ST_DEV] = F(0, 8), [ST_INO] = F(8, 8), [ST_MODE] = F(16, 4),
		[ST_NLINK] = FC(20, 4), [ST_UID] = F(24, 4), [ST_GID] = F(28, 4),
		[ST_RDEV] = F(32, 8), [ST_SIZE] = FS(48, 8),
		[ST_BLKSIZE] = FS(56, 4), [ST_BLOCKS] = FS(64, 8),
		[ST_ATIME] = FS(72, 8), [ST_ATIME_NSEC] = F(80, 8),
		[ST_MTIME] = FS(88, 8), [ST_MTIME_NSEC] = F(96, 8),
		[ST_CTIME] = FS(104, 8), [ST_CTIME_NSEC] = F(112, 8),
	}
};

const struct conv_layout conv_timespec64 = {
	"timespec", 16, TS__N, { [TS_SEC] = FS(0, 8), [TS_NSEC] = FS(8, 8) }
};
const struct conv_layout conv_timeval64 = {
	"timeval", 16, TV__N, { [TV_SEC] = FS(0, 8), [TV_USEC] = FS(8, 8) }
};
const struct conv_layout conv_timezone = {
	"timezone", 8, TZ__N,
	{ [TZ_MINUTESWEST] = FS(0, 4), [TZ_DSTTIME] = FS(4, 4) }
};
/* struct rlimit: two unsigned longs */
const struct conv_layout conv_rlimit64_long = {
	"rlimit", 16, RL__N, { [RL_CUR] = F(0, 8), [RL_MAX] = F(8, 8) }
};
/* struct rlimit64: two u64 on every ABI */
const struct conv_layout conv_rlimit64 = {
	"rlimit64", 16, RL__N, { [RL_CUR] = F(0, 8), [RL_MAX] = F(8, 8) }
};
const struct conv_layout conv_tms64 = {
	"tms", 32, TMS__N, {
		[TMS_UTIME] = FS(0, 8), [TMS_STIME] = FS(8, 8),
		[TMS_CUTIME] = FS(16, 8), [TMS_CSTIME] = FS(24, 8),
	}
};
/* two struct timeval then 14 longs */
const struct conv_layout conv_rusage64 = {
	"rusage", 144, RU__N, {
		FS(0, 8), FS(8, 8), FS(16, 8), FS(24, 8), FS(32, 8), FS(40, 8),
		FS(48, 8), FS(56, 8), FS(64, 8), FS(72, 8), FS(80, 8), FS(88, 8),
		FS(96, 8), FS(104, 8), FS(112, 8), FS(120, 8), FS(128, 8),
		FS(136, 8),
	}
};
/* include/uapi/linux/sysinfo.h with 64-bit long: _f[] is empty */
const struct conv_layout conv_sysinfo64 = {
	"sysinfo", 112, SI__N, {
		[SI_UPTIME] = FS(0, 8), [SI_LOAD1] = F(8, 8), [SI_LOAD5] = F(16, 8),
		[SI_LOAD15] = F(24, 8), [SI_TOTALRAM] = F(32, 8),
		[SI_FREERAM] = F(40, 8), [SI_SHAREDRAM] = F(48, 8),
		[SI_BUFFERRAM] = F(56, 8), [SI_TOTALSWAP] = F(64, 8),
		[SI_FREESWAP] = F(72, 8), [SI_PROCS] = F(80, 2),
		[SI_TOTALHIGH] = F(88, 8), [SI_FREEHIGH] = F(96, 8),
		[SI_MEM_UNIT] = F(104, 4),
	}
};
/* the kernel's struct sigaction (not glibc's): riscv64 has no sa_restorer */
const struct conv_layout conv_sigaction_norestorer64 = {
	"sigaction", 24, SACT__N, {
		[SACT_HANDLER] = F(0, 8), [SACT_FLAGS] = F(8, 8),
		[SACT_RESTORER] = F(0, 0), [SACT_MASK] = F(16, 8),
	}
};
/* with SA_RESTORER (aarch64) */
const struct conv_layout conv_sigaction_restorer64 = {
	"sigaction", 32, SACT__N, {
		[SACT_HANDLER] = F(0, 8), [SACT_FLAGS] = F(8, 8),
		[SACT_RESTORER] = F(16, 8), [SACT_MASK] = F(24, 8),
	}
};
const struct conv_layout conv_stack64 = {
	"stack_t", 24, STK__N,
	{ [STK_SP] = F(0, 8), [STK_FLAGS] = FS(8, 4), [STK_SIZE] = F(16, 8) }
};
const struct conv_layout conv_iovec64 = {
	"iovec", 16, IOV__N, { [IOV_BASE] = F(0, 8), [IOV_LEN] = F(8, 8) }
};
const struct conv_layout conv_flock64 = {
	"flock", 32, FLK__N, {
		[FLK_TYPE] = FS(0, 2), [FLK_WHENCE] = FS(2, 2),
		[FLK_START] = FS(8, 8), [FLK_LEN] = FS(16, 8), [FLK_PID] = FS(24, 4),
	}
};
/* include/uapi/asm-generic/statfs.h with 64-bit __statfs_word */
const struct conv_layout conv_statfs_generic64 = {
	"statfs", 120, SFS__N, {
		[SFS_TYPE] = FS(0, 8), [SFS_BSIZE] = FS(8, 8),
		[SFS_BLOCKS] = F(16, 8), [SFS_BFREE] = F(24, 8),
		[SFS_BAVAIL] = F(32, 8), [SFS_FILES] = F(40, 8),
		[SFS_FFREE] = F(48, 8), [SFS_FSID0] = FS(56, 4),
		[SFS_FSID1] = FS(60, 4), [SFS_NAMELEN] = FS(64, 8),
		[SFS_FRSIZE] = FS(72, 8), [SFS_FLAGS] = FS(80, 8),
	}
};
/* include/uapi/asm-generic/siginfo.h with 64-bit long: three ints, the
 * union from offset 16 (__ARCH_SI_PREAMBLE_SIZE); _sigchld: pid, uid,
 * status, utime, stime */
const struct conv_layout conv_siginfo64 = {
	"siginfo", 128, SIGI__N, {
		[SIGI_SIGNO] = FS(0, 4), [SIGI_ERRNO] = FS(4, 4),
		[SIGI_CODE] = FS(8, 4), [SIGI_PID] = FS(16, 4),
		[SIGI_UID] = F(20, 4), [SIGI_STATUS] = FS(24, 4),
		[SIGI_UTIME] = FS(32, 8), [SIGI_STIME] = FS(40, 8),
	}
};

/* ---- polling, timers, sockets, ioctls ---- */

/* include/uapi/linux/eventpoll.h: EPOLL_PACKED only on x86-64, so the
 * 64-bit data field is naturally aligned here */
const struct conv_layout conv_epoll_event_generic64 = {
	"epoll_event", 16, EPE__N, { [EPE_EVENTS] = F(0, 4), [EPE_DATA] = F(8, 8) }
};
const struct conv_layout conv_pollfd = {
	"pollfd", 8, PFD__N, {
		[PFD_FD] = FS(0, 4), [PFD_EVENTS] = F(4, 2), [PFD_REVENTS] = F(6, 2),
	}
};
const struct conv_layout conv_sigset_pack64 = {
	"sigset_argpack", 16, SSP__N, { [SSP_PTR] = F(0, 8), [SSP_LEN] = F(8, 8) }
};
const struct conv_layout conv_itimerval64 = {
	"itimerval", 32, ITV__N, {
		[ITV_INT_SEC] = FS(0, 8), [ITV_INT_USEC] = FS(8, 8),
		[ITV_VAL_SEC] = FS(16, 8), [ITV_VAL_USEC] = FS(24, 8),
	}
};
const struct conv_layout conv_itimerspec64 = {
	"itimerspec", 32, ITS__N, {
		[ITS_INT_SEC] = FS(0, 8), [ITS_INT_NSEC] = FS(8, 8),
		[ITS_VAL_SEC] = FS(16, 8), [ITS_VAL_NSEC] = FS(24, 8),
	}
};
/* include/uapi/asm-generic/siginfo.h: SIGEV_MAX_SIZE is 64 bytes */
const struct conv_layout conv_sigevent64 = {
	"sigevent", 64, SEV__N, {
		[SEV_VALUE] = F(0, 8), [SEV_SIGNO] = FS(8, 4),
		[SEV_NOTIFY] = FS(12, 4), [SEV_TID] = FS(16, 4),
	}
};
/* include/uapi/linux/timex.h with 64-bit long */
const struct conv_layout conv_timex64 = {
	"timex", 208, TX__N, {
		[TX_MODES] = F(0, 4), [TX_OFFSET] = FS(8, 8), [TX_FREQ] = FS(16, 8),
		[TX_MAXERROR] = FS(24, 8), [TX_ESTERROR] = FS(32, 8),
		[TX_STATUS] = FS(40, 4), [TX_CONSTANT] = FS(48, 8),
		[TX_PRECISION] = FS(56, 8), [TX_TOLERANCE] = FS(64, 8),
		[TX_TIME_SEC] = FS(72, 8), [TX_TIME_USEC] = FS(80, 8),
		[TX_TICK] = FS(88, 8), [TX_PPSFREQ] = FS(96, 8),
		[TX_JITTER] = FS(104, 8), [TX_SHIFT] = FS(112, 4),
		[TX_STABIL] = FS(120, 8), [TX_JITCNT] = FS(128, 8),
		[TX_CALCNT] = FS(136, 8), [TX_ERRCNT] = FS(144, 8),
		[TX_STBCNT] = FS(152, 8), [TX_TAI] = FS(160, 4),
	}
};
/* include/linux/socket.h (struct user_msghdr) with 64-bit pointers */
const struct conv_layout conv_msghdr64 = {
	"msghdr", 56, MH__N, {
		[MH_NAME] = F(0, 8), [MH_NAMELEN] = F(8, 4), [MH_IOV] = F(16, 8),
		[MH_IOVLEN] = F(24, 8), [MH_CONTROL] = F(32, 8),
		[MH_CONTROLLEN] = F(40, 8), [MH_FLAGS] = F(48, 4),
	}
};
const struct conv_layout conv_mmsghdr64 = {
	"mmsghdr", 64, MMH__N, { [MMH_LEN] = F(56, 4) }
};
const struct conv_layout conv_cmsghdr64 = {
	"cmsghdr", 16, CM__N,
	{ [CM_LEN] = F(0, 8), [CM_LEVEL] = FS(8, 4), [CM_TYPE] = FS(12, 4) }
};
const struct conv_layout conv_linger = {
	"linger", 8, LG__N, { [LG_ONOFF] = FS(0, 4), [LG_LINGER] = FS(4, 4) }
};
const struct conv_layout conv_ucred = {
	"ucred", 12, UC__N,
	{ [UC_PID] = FS(0, 4), [UC_UID] = F(4, 4), [UC_GID] = F(8, 4) }
};
const struct conv_layout conv_ifconf64 = {
	"ifconf", 16, IFC__N, { [IFC_LEN] = FS(0, 4), [IFC_BUF] = F(8, 8) }
};
/* include/uapi/linux/if.h: IFNAMSIZ 16, then a union whose largest
 * member is struct ifmap (two unsigned longs, a short, three chars) */
const struct conv_layout conv_ifreq64 = {
	"ifreq", 40, IFR__N, {
		[IFR_UNION] = F(16, 0), [IFR_INT] = FS(16, 4), [IFR_FAMILY] = F(16, 2),
	}
};

/* include/uapi/asm-generic/fcntl.h: x86-64 uses the same values */
static const struct flag_bit open_bits_generic[] = {
	{ 00000100, O_CREAT, "O_CREAT" },
	{ 00000200, O_EXCL, "O_EXCL" },
	{ 00000400, O_NOCTTY, "O_NOCTTY" },
	{ 00001000, O_TRUNC, "O_TRUNC" },
	{ 00002000, O_APPEND, "O_APPEND" },
	{ 00004000, O_NONBLOCK, "O_NONBLOCK" },
	{ 04010000, O_SYNC, "O_SYNC" },         /* before O_DSYNC: includes it */
	{ 00010000, O_DSYNC, "O_DSYNC" },
	{ 00020000, O_ASYNC, "O_ASYNC" },
	{ 00040000, O_DIRECT, "O_DIRECT" },
	{ 00100000, 00100000, "O_LARGEFILE" },
	/* before O_DIRECTORY: O_TMPFILE includes its bit */
	{ 020200000, O_TMPFILE, "O_TMPFILE" },
	{ 00200000, O_DIRECTORY, "O_DIRECTORY" },
	{ 00400000, O_NOFOLLOW, "O_NOFOLLOW" },
	{ 01000000, O_NOATIME, "O_NOATIME" },
	{ 02000000, O_CLOEXEC, "O_CLOEXEC" },
	{ 010000000, O_PATH, "O_PATH" },
};
const struct flag_map flags_open_generic = {
	open_bits_generic, ARRAY_SIZE(open_bits_generic), true
};

/* The host is little-endian (x86-64): a big-endian guest swaps. */
static uint64_t load(const uint8_t *p, unsigned size, bool be)
{
	uint64_t v8;
	uint32_t v4;
	uint16_t v2;

	switch (size) {
	case 1:
		return *p;
	case 2:
		memcpy(&v2, p, 2);
		return be ? __builtin_bswap16(v2) : v2;
	case 4:
		memcpy(&v4, p, 4);
		return be ? __builtin_bswap32(v4) : v4;
	default:
		memcpy(&v8, p, 8);
		return be ? __builtin_bswap64(v8) : v8;
	}
}

static void store(uint8_t *p, unsigned size, bool be, uint64_t v)
{
	uint64_t v8;
	uint32_t v4;
	uint16_t v2;

	switch (size) {
	case 1:
		*p = v;
		break;
	case 2:
		v2 = be ? __builtin_bswap16(v) : v;
		memcpy(p, &v2, 2);
		break;
	case 4:
		v4 = be ? __builtin_bswap32(v) : v;
		memcpy(p, &v4, 4);
		break;
	default:
		v8 = be ? __builtin_bswap64(v) : v;
		memcpy(p, &v8, 8);
		break;
	}
}

static bool fits(uint64_t v, unsigned size, bool is_signed)
{
	if (size >= 8)
		return true;
	unsigned bits = 8 * size;
	if (is_signed) {
		int64_t s = (int64_t)v;
		return s >= -(1ll << (bits - 1)) && s < (1ll << (bits - 1));
	}
	return v < (1ull << bits);
}

int conv_out(const struct sys_conv *c, const struct conv_layout *l,
	     const uint64_t *v, void *buf)
{
	uint8_t *b = buf;
	memset(b, 0, l->size);
	for (unsigned i = 0; i < l->n; i++) {
		const struct conv_field *f = &l->f[i];
		if (!f->size)
			continue;
		if ((f->flags & CF_CHECK) && !fits(v[i], f->size, f->flags & CF_SIGNED))
			return -EOVERFLOW;
		store(b + f->off, f->size, c->big_endian, v[i]);
	}
	return 0;
}

void conv_in(const struct sys_conv *c, const struct conv_layout *l,
	     const void *buf, uint64_t *v)
{
	const uint8_t *b = buf;
	for (unsigned i = 0; i < l->n; i++) {
		const struct conv_field *f = &l->f[i];
		uint64_t x = 0;
		if (f->size) {
			x = load(b + f->off, f->size, c->big_endian);
			if ((f->flags & CF_SIGNED) && f->size < 8) {
				unsigned sh = 64 - 8 * f->size;
				x = (uint64_t)((int64_t)(x << sh) >> sh);
			}
		}
		v[i] = x;
	}
}

static const struct sys_conv *conv_of(const struct cpu *cpu)
{
	return cpu->arch->sys->conv;
}

unsigned conv_size(const struct cpu *cpu, enum conv_struct s)
{
	return conv_of(cpu)->lay[s]->size;
}

int conv_put(struct cpu *cpu, enum conv_struct s, const uint64_t *v,
	     uint64_t dst)
{
	const struct sys_conv *c = conv_of(cpu);
	const struct conv_layout *l = c->lay[s];
	uint8_t buf[256];
	int r;

	WARP_ASSERT(l && l->size <= sizeof buf);
	r = conv_out(c, l, v, buf);
	if (r < 0)
		return r;
	return guest_write(cpu, dst, buf, l->size);
}

int conv_get(struct cpu *cpu, enum conv_struct s, uint64_t src, uint64_t *v)
{
	const struct sys_conv *c = conv_of(cpu);
	const struct conv_layout *l = c->lay[s];
	uint8_t buf[256];

	WARP_ASSERT(l && l->size <= sizeof buf);
	if (guest_read(cpu, buf, src, l->size) < 0)
		return -EFAULT;
	conv_in(c, l, buf, v);
	return 0;
}

int conv_put_word(struct cpu *cpu, uint64_t dst, uint64_t v, unsigned size)
{
	uint8_t buf[8];
	store(buf, size, conv_of(cpu)->big_endian, v);
	return guest_write(cpu, dst, buf, size);
}

int conv_get_word(struct cpu *cpu, uint64_t src, uint64_t *v, unsigned size)
{
	uint8_t buf[8];
	if (guest_read(cpu, buf, src, size) < 0)
		return -EFAULT;
	*v = load(buf, size, conv_of(cpu)->big_endian);
	return 0;
}

uint64_t flags_to_host(const struct flag_map *m, uint64_t g)
{
	uint64_t h = 0;
	if (!m || m->identity)
		return g;
	for (unsigned i = 0; i < m->n; i++) {
		if ((g & m->bits[i].guest) == m->bits[i].guest) {
			h |= m->bits[i].host;
			g &= ~(uint64_t)m->bits[i].guest;
		}
	}
	/* bits nobody named (the access mode, unknown flags) pass as they are,
	 * so the host kernel judges them */
	return h | g;
}

uint64_t flags_to_guest(const struct flag_map *m, uint64_t h)
{
	uint64_t g = 0;
	if (!m || m->identity)
		return h;
	for (unsigned i = 0; i < m->n; i++) {
		if ((h & m->bits[i].host) == m->bits[i].host) {
			g |= m->bits[i].guest;
			h &= ~(uint64_t)m->bits[i].host;
		}
	}
	return g | h;
}
