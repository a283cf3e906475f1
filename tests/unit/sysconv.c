/*
 * sysconv.c - unit tests of the struct layouts the polling, timer and
 * socket syscalls convert through (syscalls/conv.c).
 *
 * Each asm-generic 64-bit layout is checked field by field against the
 * uapi struct written out here with its 64-bit types, as a riscv64 or
 * aarch64 compiler lays it out (natural alignment: struct epoll_event is
 * 16 bytes, not x86-64's packed 12); then values make a round trip
 * through conv_out/conv_in in both byte orders, with the bytes of a
 * big-endian struct checked where they must land.
 */
#include <check.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/conv.h"

/* guestmem.c (pulled in by conv.c) arms this; nothing faults here */
__thread sigjmp_buf *sig_recover;

struct g_epoll_event { uint32_t events; uint64_t data; };
struct g_pollfd { int32_t fd; int16_t events, revents; };
struct g_sigset_pack { uint64_t p; uint64_t len; };
struct g_timeval { int64_t sec, usec; };
struct g_timespec { int64_t sec, nsec; };
struct g_itimerval { struct g_timeval interval, value; };
struct g_itimerspec { struct g_timespec interval, value; };
struct g_sigevent {
	union { int32_t i; uint64_t p; } value;
	int32_t signo, notify;
	union { int32_t pad[12]; int32_t tid; } un;
};
struct g_timex {
	uint32_t modes;
	int64_t offset, freq, maxerror, esterror;
	int32_t status;
	int64_t constant, precision, tolerance;
	struct g_timeval time;
	int64_t tick, ppsfreq, jitter;
	int32_t shift;
	int64_t stabil, jitcnt, calcnt, errcnt, stbcnt;
	int32_t tai;
	int32_t pad[11];
};
struct g_msghdr {
	uint64_t name;
	int32_t namelen;
	uint64_t iov, iovlen, control, controllen;
	uint32_t flags;
};
struct g_mmsghdr { struct g_msghdr hdr; uint32_t len; };
struct g_cmsghdr { uint64_t len; int32_t level, type; };
struct g_linger { int32_t onoff, linger; };
struct g_ucred { int32_t pid; uint32_t uid, gid; };
struct g_ifconf { int32_t len; uint64_t buf; };
struct g_ifmap { uint64_t mem_start, mem_end; uint16_t base; uint8_t irq, dma, port; };
struct g_ifreq {
	char name[16];
	union { uint8_t addr[16]; int16_t flags; int32_t ival; struct g_ifmap map;
		uint64_t data; } u;
};

#define FIELD(l, i, type, m) do {					\
		ck_assert_uint_eq((l)->f[i].off, offsetof(type, m));	\
		ck_assert_uint_eq((l)->f[i].size, sizeof(((type *)0)->m)); \
	} while (0)

START_TEST(layouts_64)
{
	const struct conv_layout *l;

	l = &conv_epoll_event_generic64;
	ck_assert_uint_eq(l->size, sizeof(struct g_epoll_event));
	ck_assert_uint_eq(l->size, 16);
	FIELD(l, EPE_EVENTS, struct g_epoll_event, events);
	FIELD(l, EPE_DATA, struct g_epoll_event, data);

	l = &conv_pollfd;
	ck_assert_uint_eq(l->size, sizeof(struct g_pollfd));
	FIELD(l, PFD_FD, struct g_pollfd, fd);
	FIELD(l, PFD_EVENTS, struct g_pollfd, events);
	FIELD(l, PFD_REVENTS, struct g_pollfd, revents);

	l = &conv_sigset_pack64;
	ck_assert_uint_eq(l->size, sizeof(struct g_sigset_pack));
	FIELD(l, SSP_PTR, struct g_sigset_pack, p);
	FIELD(l, SSP_LEN, struct g_sigset_pack, len);

	l = &conv_itimerval64;
	ck_assert_uint_eq(l->size, sizeof(struct g_itimerval));
	FIELD(l, ITV_INT_SEC, struct g_itimerval, interval.sec);
	FIELD(l, ITV_INT_USEC, struct g_itimerval, interval.usec);
	FIELD(l, ITV_VAL_SEC, struct g_itimerval, value.sec);
	FIELD(l, ITV_VAL_USEC, struct g_itimerval, value.usec);

	l = &conv_itimerspec64;
	ck_assert_uint_eq(l->size, sizeof(struct g_itimerspec));
	FIELD(l, ITS_INT_NSEC, struct g_itimerspec, interval.nsec);
	FIELD(l, ITS_VAL_SEC, struct g_itimerspec, value.sec);

	l = &conv_sigevent64;
	ck_assert_uint_eq(l->size, sizeof(struct g_sigevent));
	ck_assert_uint_eq(l->size, 64);
	FIELD(l, SEV_VALUE, struct g_sigevent, value.p);
	FIELD(l, SEV_SIGNO, struct g_sigevent, signo);
	FIELD(l, SEV_NOTIFY, struct g_sigevent, notify);
	FIELD(l, SEV_TID, struct g_sigevent, un.tid);

	l = &conv_timex64;
	ck_assert_uint_eq(l->size, sizeof(struct g_timex));
	FIELD(l, TX_MODES, struct g_timex, modes);
	FIELD(l, TX_OFFSET, struct g_timex, offset);
	FIELD(l, TX_STATUS, struct g_timex, status);
	FIELD(l, TX_CONSTANT, struct g_timex, constant);
	FIELD(l, TX_TIME_SEC, struct g_timex, time.sec);
	FIELD(l, TX_TIME_USEC, struct g_timex, time.usec);
	FIELD(l, TX_TICK, struct g_timex, tick);
	FIELD(l, TX_SHIFT, struct g_timex, shift);
	FIELD(l, TX_STABIL, struct g_timex, stabil);
	FIELD(l, TX_STBCNT, struct g_timex, stbcnt);
	FIELD(l, TX_TAI, struct g_timex, tai);

	l = &conv_msghdr64;
	ck_assert_uint_eq(l->size, sizeof(struct g_msghdr));
	FIELD(l, MH_NAME, struct g_msghdr, name);
	FIELD(l, MH_NAMELEN, struct g_msghdr, namelen);
	FIELD(l, MH_IOV, struct g_msghdr, iov);
	FIELD(l, MH_IOVLEN, struct g_msghdr, iovlen);
	FIELD(l, MH_CONTROL, struct g_msghdr, control);
	FIELD(l, MH_CONTROLLEN, struct g_msghdr, controllen);
	FIELD(l, MH_FLAGS, struct g_msghdr, flags);

	l = &conv_mmsghdr64;
	ck_assert_uint_eq(l->size, sizeof(struct g_mmsghdr));
	FIELD(l, MMH_LEN, struct g_mmsghdr, len);

	l = &conv_cmsghdr64;
	ck_assert_uint_eq(l->size, sizeof(struct g_cmsghdr));
	FIELD(l, CM_LEN, struct g_cmsghdr, len);
	FIELD(l, CM_LEVEL, struct g_cmsghdr, level);
	FIELD(l, CM_TYPE, struct g_cmsghdr, type);

	l = &conv_linger;
	ck_assert_uint_eq(l->size, sizeof(struct g_linger));
	FIELD(l, LG_ONOFF, struct g_linger, onoff);
	FIELD(l, LG_LINGER, struct g_linger, linger);

	l = &conv_ucred;
	ck_assert_uint_eq(l->size, sizeof(struct g_ucred));
	FIELD(l, UC_PID, struct g_ucred, pid);
	FIELD(l, UC_GID, struct g_ucred, gid);

	l = &conv_ifconf64;
	ck_assert_uint_eq(l->size, sizeof(struct g_ifconf));
	FIELD(l, IFC_LEN, struct g_ifconf, len);
	FIELD(l, IFC_BUF, struct g_ifconf, buf);

	l = &conv_ifreq64;
	ck_assert_uint_eq(l->size, sizeof(struct g_ifreq));
	ck_assert_uint_eq(l->size, 40);
	ck_assert_uint_eq(l->f[IFR_UNION].off, offsetof(struct g_ifreq, u));
	FIELD(l, IFR_INT, struct g_ifreq, u.ival);
	FIELD(l, IFR_FAMILY, struct g_ifreq, u.flags);
}
END_TEST

/* every field fits the ABI's struct and no two overlap */
START_TEST(layouts_disjoint)
{
	const struct conv_layout *all[] = {
		&conv_epoll_event_generic64, &conv_pollfd, &conv_sigset_pack64,
		&conv_itimerval64, &conv_itimerspec64, &conv_sigevent64,
		&conv_timex64, &conv_msghdr64, &conv_mmsghdr64, &conv_cmsghdr64,
		&conv_linger, &conv_ucred, &conv_ifconf64,
	};
	for (unsigned k = 0; k < sizeof all / sizeof all[0]; k++) {
		const struct conv_layout *l = all[k];
		ck_assert_uint_le(l->n, CONV_MAX_FIELDS);
		for (unsigned i = 0; i < l->n; i++) {
			ck_assert_msg(l->f[i].off + l->f[i].size <= l->size,
				      "%s field %u beyond the struct", l->name, i);
			for (unsigned j = i + 1; j < l->n; j++)
				ck_assert_msg(l->f[i].off + l->f[i].size <= l->f[j].off ||
					      l->f[j].off + l->f[j].size <= l->f[i].off,
					      "%s fields %u and %u overlap", l->name, i, j);
		}
	}
}
END_TEST

START_TEST(roundtrip_orders)
{
	struct sys_conv le = { .big_endian = false, .long_size = 8 };
	struct sys_conv be = { .big_endian = true, .long_size = 8 };
	const struct conv_layout *l = &conv_epoll_event_generic64;
	uint64_t in[EPE__N] = { [EPE_EVENTS] = 0x80000011u,
				[EPE_DATA] = 0x0102030405060708ull }, out[EPE__N];
	uint8_t buf[16];

	memset(buf, 0xee, sizeof buf);
	ck_assert_int_eq(conv_out(&le, l, in, buf), 0);
	/* the padding after events is zeroed, data sits at 8 */
	ck_assert_uint_eq(buf[0], 0x11);
	ck_assert_uint_eq(buf[3], 0x80);
	ck_assert_uint_eq(buf[4] | buf[5] | buf[6] | buf[7], 0);
	ck_assert_uint_eq(buf[8], 0x08);
	conv_in(&le, l, buf, out);
	ck_assert_uint_eq(out[EPE_EVENTS], in[EPE_EVENTS]);
	ck_assert_uint_eq(out[EPE_DATA], in[EPE_DATA]);

	ck_assert_int_eq(conv_out(&be, l, in, buf), 0);
	ck_assert_uint_eq(buf[0], 0x80);
	ck_assert_uint_eq(buf[8], 0x01);
	ck_assert_uint_eq(buf[15], 0x08);
	conv_in(&be, l, buf, out);
	ck_assert_uint_eq(out[EPE_DATA], in[EPE_DATA]);

	/* signed fields sign-extend on the way in */
	uint64_t p[PFD__N] = { [PFD_FD] = (uint64_t)-1, [PFD_EVENTS] = 1,
			       [PFD_REVENTS] = 0x20 };
	uint8_t pb[8];
	ck_assert_int_eq(conv_out(&be, &conv_pollfd, p, pb), 0);
	ck_assert_uint_eq(pb[7], 0x20);
	uint64_t q[PFD__N];
	conv_in(&be, &conv_pollfd, pb, q);
	ck_assert_int_eq((int64_t)q[PFD_FD], -1);
	ck_assert_uint_eq(q[PFD_REVENTS], 0x20);

	/* a msghdr's int namelen and the 64-bit lengths */
	uint64_t m[MH__N] = { 0x1000, 110, 0x2000, 3, 0x3000, 64, 0x40 };
	uint8_t mb[56];
	uint64_t mo[MH__N];
	ck_assert_int_eq(conv_out(&le, &conv_msghdr64, m, mb), 0);
	conv_in(&le, &conv_msghdr64, mb, mo);
	ck_assert_int_eq(memcmp(m, mo, sizeof m), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sysconv");
	TCase *t = tcase_create("layouts");
	tcase_add_test(t, layouts_64);
	tcase_add_test(t, layouts_disjoint);
	tcase_add_test(t, roundtrip_orders);
	suite_add_tcase(s, t);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
