/*
 * ioctl.c - the ioctls warp passes to the host, one table row each.
 *
 * A request not in the table fails with ENOTTY, what a driver that does
 * not know it answers; passing unknown requests through would let the
 * host kernel write structs of the wrong layout into guest memory.  Rows
 * give the guest number, the host number, which way the argument goes and
 * its size.  The numbers are asm-generic (include/uapi/asm-generic/ioctls.h,
 * used by riscv64, aarch64 and x86-64); the structs (termios, winsize) are
 * the same on every little-endian asm-generic ABI.  An ABI with other
 * numbers or layouts (MIPS, big-endian) gets its own table.
 */
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>

#include "internal.h"

enum ioa_kind {
	IOA_NONE,       /* no argument */
	IOA_VAL,        /* an integer by value */
	IOA_IN,         /* pointer to SIZE bytes the kernel reads */
	IOA_OUT,        /* pointer to SIZE bytes the kernel writes */
	IOA_INOUT,
};

struct ioc_row {
	uint32_t guest, host;
	uint8_t arg;
	uint16_t size;
	const char *name;
};

/* struct termios of the kernel (not glibc's): 4 flag words, c_line,
 * 19 control characters */
#define KTERMIOS_SIZE 36

static const struct ioc_row ioc_generic[] = {
	{ 0x5401, TCGETS, IOA_OUT, KTERMIOS_SIZE, "TCGETS" },
	{ 0x5402, TCSETS, IOA_IN, KTERMIOS_SIZE, "TCSETS" },
	{ 0x5403, TCSETSW, IOA_IN, KTERMIOS_SIZE, "TCSETSW" },
	{ 0x5404, TCSETSF, IOA_IN, KTERMIOS_SIZE, "TCSETSF" },
	{ 0x5409, TCSBRK, IOA_VAL, 0, "TCSBRK" },
	{ 0x540A, TCXONC, IOA_VAL, 0, "TCXONC" },
	{ 0x540B, TCFLSH, IOA_VAL, 0, "TCFLSH" },
	{ 0x540F, TIOCGPGRP, IOA_OUT, 4, "TIOCGPGRP" },
	{ 0x5410, TIOCSPGRP, IOA_IN, 4, "TIOCSPGRP" },
	{ 0x5411, TIOCOUTQ, IOA_OUT, 4, "TIOCOUTQ" },
	{ 0x5413, TIOCGWINSZ, IOA_OUT, 8, "TIOCGWINSZ" },
	{ 0x5414, TIOCSWINSZ, IOA_IN, 8, "TIOCSWINSZ" },
	{ 0x541B, FIONREAD, IOA_OUT, 4, "FIONREAD" },
	{ 0x5421, FIONBIO, IOA_IN, 4, "FIONBIO" },
	{ 0x5429, TIOCGSID, IOA_OUT, 4, "TIOCGSID" },
	{ 0x5450, FIONCLEX, IOA_NONE, 0, "FIONCLEX" },
	{ 0x5451, FIOCLEX, IOA_NONE, 0, "FIOCLEX" },
	{ 0x5452, FIOASYNC, IOA_IN, 4, "FIOASYNC" },
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

int64_t sys_ioctl(struct cpu *cpu, const uint64_t *a)
{
	int fd = a[0];
	const struct ioc_row *row = ioc_find(a[1]);

	if (!row) {
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
	default:
		if (!guest_range_ok(cpu, a[2], row->size))
			return -EFAULT;
		if (row->arg != IOA_IN)
			sys_will_write(cpu, a[2], row->size);
		return HOST(SYS_ioctl, fd, row->host, gptr(cpu, a[2]));
	}
}
