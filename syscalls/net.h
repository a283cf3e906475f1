/*
 * net.h - what the socket files (net.c, netmsg.c) and -strace share:
 * socket addresses in and out of guest memory, socket type flags, and the
 * table of socket options.
 */
#ifndef WARP_SYS_NET_H
#define WARP_SYS_NET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util.h"

struct cpu;

/* The guest's socket address (LEN bytes at G) for the host in SS, its
 * host length in *HLEN (an AF_UNIX path may change through the sysroot;
 * CREATE: the socket file is about to be made, bind).  0, -EINVAL (LEN
 * negative or larger than a sockaddr_storage), -EFAULT, or a path error. */
int net_addr_in(struct cpu *cpu, gaddr_t g, uint64_t len,
		struct sockaddr_storage *ss, socklen_t *hlen, bool create)
	WARP_UNUSED_RESULT;
/* The kernel's move_addr_to_user: the host address SS of KLEN bytes into
 * the guest's buffer G, whose size is the int at GLEN (truncated to it),
 * then KLEN into GLEN.  0, -EINVAL or -EFAULT. */
int net_addr_out(struct cpu *cpu, const struct sockaddr_storage *ss,
		 socklen_t klen, gaddr_t g, gaddr_t glen) WARP_UNUSED_RESULT;
/* A socket type argument (SOCK_* | SOCK_NONBLOCK | SOCK_CLOEXEC) for the
 * host; also accept4's flags. */
int net_sock_flags(const struct cpu *cpu, uint64_t type);

/* What a socket option's value is, for conversion */
enum sockopt_kind {
	SOV_INT,        /* int (some accept a single byte) */
	SOV_TIMEVAL,    /* struct timeval of longs (SO_RCVTIMEO_OLD) */
	SOV_LINGER,     /* struct linger */
	SOV_UCRED,      /* struct ucred (read only) */
	SOV_FPROG,      /* struct sock_fprog: holds a pointer */
	SOV_RAW,        /* bytes, one layout everywhere */
};

struct sockopt_row {
	int level, name;
	uint8_t kind;
	const char *str;
};

extern const struct sockopt_row sockopt_rows[];
extern const unsigned sockopt_n_rows;
const struct sockopt_row *sockopt_find(int level, int name);

#endif
