/*
 * conv.h - guest struct layouts and flag maps, the data that lets one
 * generic syscall implementation serve every guest ABI.
 *
 * A struct crossing the syscall boundary is described per ABI as a list of
 * fields (offset, size, signedness) indexed by a per-struct enum (ST_*,
 * TS_*, ...).  Generic code moves values between the host struct and an
 * array of uint64_t indexed by that enum; conv_put()/conv_get() move the
 * array to/from guest memory through the layout, in the guest's byte order.
 * A 32-bit or big-endian guest is a new table, not new code.
 *
 * Flag words whose bits differ between guest and host (open flags on
 * aarch64, MIPS) go through a flag map; a map marked identity is only used
 * for names (-strace).
 */
#ifndef WARP_SYS_CONV_H
#define WARP_SYS_CONV_H

#include <stdbool.h>
#include <stdint.h>
#include "util.h"

struct cpu;

#define CONV_MAX_FIELDS 24

struct conv_field {
	uint16_t off;
	uint8_t size;           /* 1, 2, 4, 8; 0 = the ABI has no such field */
	uint8_t flags;          /* CF_* */
};

enum {
	CF_SIGNED = 1,          /* sign-extend when read, range-check signed */
	CF_CHECK = 2,           /* value must fit: -EOVERFLOW (stat on 32-bit) */
};

struct conv_layout {
	const char *name;
	uint16_t size;          /* sizeof the guest struct */
	uint8_t n;              /* fields used in f[] */
	struct conv_field f[CONV_MAX_FIELDS];
};

/* The structs, each with its field enum. */
enum conv_struct {
	CONV_STAT, CONV_TIMESPEC, CONV_TIMEVAL, CONV_TIMEZONE, CONV_RLIMIT,
	CONV_RLIMIT64, CONV_TMS, CONV_RUSAGE, CONV_SYSINFO, CONV_SIGACTION,
	CONV_STACK, CONV_IOVEC, CONV_FLOCK, CONV_STATFS, CONV_SIGINFO,
	/* polling, timers, sockets, ioctls (poll.c, timers.c, net*.c) */
	CONV_EPOLL_EVENT, CONV_POLLFD, CONV_SIGSET_PACK, CONV_ITIMERVAL,
	CONV_ITIMERSPEC, CONV_SIGEVENT, CONV_TIMEX, CONV_MSGHDR, CONV_MMSGHDR,
	CONV_CMSGHDR, CONV_LINGER, CONV_UCRED, CONV_IFCONF, CONV_IFREQ,
	CONV__COUNT
};

enum { ST_DEV, ST_INO, ST_MODE, ST_NLINK, ST_UID, ST_GID, ST_RDEV, ST_SIZE,
       ST_BLKSIZE, ST_BLOCKS, ST_ATIME, ST_ATIME_NSEC, ST_MTIME,
       ST_MTIME_NSEC, ST_CTIME, ST_CTIME_NSEC, ST__N };
enum { TS_SEC, TS_NSEC, TS__N };
enum { TV_SEC, TV_USEC, TV__N };
enum { TZ_MINUTESWEST, TZ_DSTTIME, TZ__N };
enum { RL_CUR, RL_MAX, RL__N };
enum { TMS_UTIME, TMS_STIME, TMS_CUTIME, TMS_CSTIME, TMS__N };
enum { RU_UTIME_SEC, RU_UTIME_USEC, RU_STIME_SEC, RU_STIME_USEC, RU_MAXRSS,
       RU_IXRSS, RU_IDRSS, RU_ISRSS, RU_MINFLT, RU_MAJFLT, RU_NSWAP,
       RU_INBLOCK, RU_OUBLOCK, RU_MSGSND, RU_MSGRCV, RU_NSIGNALS, RU_NVCSW,
       RU_NIVCSW, RU__N };
enum { SI_UPTIME, SI_LOAD1, SI_LOAD5, SI_LOAD15, SI_TOTALRAM, SI_FREERAM,
       SI_SHAREDRAM, SI_BUFFERRAM, SI_TOTALSWAP, SI_FREESWAP, SI_PROCS,
       SI_TOTALHIGH, SI_FREEHIGH, SI_MEM_UNIT, SI__N };
enum { SACT_HANDLER, SACT_FLAGS, SACT_RESTORER, SACT_MASK, SACT__N };
enum { STK_SP, STK_FLAGS, STK_SIZE, STK__N };
enum { IOV_BASE, IOV_LEN, IOV__N };
enum { FLK_TYPE, FLK_WHENCE, FLK_START, FLK_LEN, FLK_PID, FLK__N };
/* siginfo_t: the header and the SIGCHLD member of the union (waitid) */
enum { SIGI_SIGNO, SIGI_ERRNO, SIGI_CODE, SIGI_PID, SIGI_UID, SIGI_STATUS,
       SIGI_UTIME, SIGI_STIME, SIGI__N };
/* struct epoll_event: packed (12 bytes) on x86-64 only */
enum { EPE_EVENTS, EPE_DATA, EPE__N };
enum { PFD_FD, PFD_EVENTS, PFD_REVENTS, PFD__N };
/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; } */
enum { SSP_PTR, SSP_LEN, SSP__N };
enum { ITV_INT_SEC, ITV_INT_USEC, ITV_VAL_SEC, ITV_VAL_USEC, ITV__N };
enum { ITS_INT_SEC, ITS_INT_NSEC, ITS_VAL_SEC, ITS_VAL_NSEC, ITS__N };
/* struct sigevent: the value, signo, notify and the SIGEV_THREAD_ID tid */
enum { SEV_VALUE, SEV_SIGNO, SEV_NOTIFY, SEV_TID, SEV__N };
enum { TX_MODES, TX_OFFSET, TX_FREQ, TX_MAXERROR, TX_ESTERROR, TX_STATUS,
       TX_CONSTANT, TX_PRECISION, TX_TOLERANCE, TX_TIME_SEC, TX_TIME_USEC,
       TX_TICK, TX_PPSFREQ, TX_JITTER, TX_SHIFT, TX_STABIL, TX_JITCNT,
       TX_CALCNT, TX_ERRCNT, TX_STBCNT, TX_TAI, TX__N };
enum { MH_NAME, MH_NAMELEN, MH_IOV, MH_IOVLEN, MH_CONTROL, MH_CONTROLLEN,
       MH_FLAGS, MH__N };
/* struct mmsghdr: a msghdr at offset 0, then msg_len */
enum { MMH_LEN, MMH__N };
/* struct cmsghdr; its size is the ABI's CMSG_ALIGN(sizeof(struct cmsghdr))
 * and data are aligned to the ABI's long */
enum { CM_LEN, CM_LEVEL, CM_TYPE, CM__N };
enum { LG_ONOFF, LG_LINGER, LG__N };
enum { UC_PID, UC_UID, UC_GID, UC__N };
enum { IFC_LEN, IFC_BUF, IFC__N };
/* struct ifreq: the name (IFNAMSIZ bytes at 0), then the union, of which
 * the members read as integers are listed; the size is the union's end */
enum { IFR_UNION, IFR_INT, IFR_FAMILY, IFR__N };
enum { SFS_TYPE, SFS_BSIZE, SFS_BLOCKS, SFS_BFREE, SFS_BAVAIL, SFS_FILES,
       SFS_FFREE, SFS_FSID0, SFS_FSID1, SFS_NAMELEN, SFS_FRSIZE, SFS_FLAGS,
       SFS__N };

/* One named bit (or multi-bit value under a mask) of a flag word. */
struct flag_bit {
	uint32_t guest, host;
	const char *name;
};

struct flag_map {
	const struct flag_bit *bits;
	unsigned n;
	bool identity;          /* guest value == host value for every bit */
};

/* Everything about one ABI's data that the generic code needs. */
struct sys_conv {
	bool big_endian;
	uint8_t long_size;                      /* 4 or 8 */
	const struct conv_layout *lay[CONV__COUNT];
	const struct flag_map *open_flags;      /* O_* */
};

/* Layouts shared by the 64-bit little-endian asm-generic ABIs (riscv64,
 * aarch64); an arch whose struct differs supplies its own. */
extern const struct conv_layout conv_stat_generic64, conv_timespec64,
	conv_timeval64, conv_timezone, conv_rlimit64_long, conv_rlimit64,
	conv_tms64, conv_rusage64, conv_sysinfo64, conv_sigaction_norestorer64,
	conv_sigaction_restorer64, conv_stack64, conv_iovec64, conv_flock64,
	conv_statfs_generic64, conv_siginfo64, conv_epoll_event_generic64,
	conv_pollfd, conv_sigset_pack64, conv_itimerval64, conv_itimerspec64,
	conv_sigevent64, conv_timex64, conv_msghdr64, conv_mmsghdr64,
	conv_cmsghdr64, conv_linger, conv_ucred, conv_ifconf64, conv_ifreq64;
extern const struct flag_map flags_open_generic;

/* Values -> guest bytes in BUF (l->size bytes, padding zeroed).  Returns 0
 * or -EOVERFLOW when a CF_CHECK field cannot hold its value. */
int conv_out(const struct sys_conv *c, const struct conv_layout *l,
	     const uint64_t *v, void *buf) WARP_UNUSED_RESULT;
/* Guest bytes -> values (absent fields read as 0). */
void conv_in(const struct sys_conv *c, const struct conv_layout *l,
	     const void *buf, uint64_t *v);

/* The same through guest memory, for the running guest's ABI: 0, -EFAULT
 * or -EOVERFLOW.  Writes go to DST only when the whole struct converted. */
int conv_put(struct cpu *cpu, enum conv_struct s, const uint64_t *v,
	     uint64_t dst) WARP_UNUSED_RESULT;
int conv_get(struct cpu *cpu, enum conv_struct s, uint64_t src,
	     uint64_t *v) WARP_UNUSED_RESULT;
/* One integer of SIZE bytes (1, 2, 4, 8) in the guest's byte order:
 * 0 or -EFAULT.  Loads zero-extend. */
int conv_put_word(struct cpu *cpu, uint64_t dst, uint64_t v, unsigned size)
	WARP_UNUSED_RESULT;
int conv_get_word(struct cpu *cpu, uint64_t src, uint64_t *v, unsigned size)
	WARP_UNUSED_RESULT;
/* sizeof the guest struct S */
unsigned conv_size(const struct cpu *cpu, enum conv_struct s);

uint64_t flags_to_host(const struct flag_map *m, uint64_t guest);
uint64_t flags_to_guest(const struct flag_map *m, uint64_t host);

#endif
