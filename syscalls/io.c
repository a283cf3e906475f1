/*
 * io.c - file data and descriptors: read/write and their vector and
 * positioned forms, lseek, dup, pipe2, fcntl, close; data moved between
 * descriptors (sendfile, copy_file_range, splice, tee, vmsplice), the
 * fsync family and I/O hints; io_uring's ENOSYS.
 *
 * Buffers go straight to the host kernel (it reports EFAULT for bad guest
 * addresses itself); before the kernel writes into guest memory the range
 * is handed to tb_prepare_write() so that pages write-protected for
 * self-modifying-code detection do not make it fail with EFAULT.  Structs
 * (iovec, flock) are converted through the ABI's layouts; one that cannot
 * be read goes to the host as SYS_HOST_BADPTR, so that the host's own
 * order of checks (the descriptor first) gives the native errno.
 *
 * Descriptors warp uses itself (the -D log, the -strace file) are not the
 * guest's: closing or replacing them fails with EBADF as it would in a
 * native run where they do not exist.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <limits.h>

#include "internal.h"

static bool is_warp_fd(const struct cpu *cpu, int64_t fd)
{
	if (fd <= 2)
		return false;
	if (cpu->tc && cpu->tc->log && fileno(cpu->tc->log) == fd)
		return true;
	if (cpu->proc && cpu->proc->strace && fileno(cpu->proc->strace) == fd)
		return true;
	return false;
}

int64_t sys_read(struct cpu *cpu, const uint64_t *a)
{
	sys_will_write(cpu, a[1], a[2]);
	return HOST(SYS_read, (int)a[0], gptr(cpu, a[1]), a[2]);
}

int64_t sys_write(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_write, (int)a[0], gptr(cpu, a[1]), a[2]);
}

int64_t sys_pread64(struct cpu *cpu, const uint64_t *a)
{
	sys_will_write(cpu, a[1], a[2]);
	return HOST(SYS_pread64, (int)a[0], gptr(cpu, a[1]), a[2], a[3]);
}

int64_t sys_pwrite64(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_pwrite64, (int)a[0], gptr(cpu, a[1]), a[2], a[3]);
}

/*
 * The guest's iovec array at GIOV (CNT entries) as host iovecs in OUT.
 * For a read, the buffers are prepared for the kernel's writes.
 */
int sys_iov_in(struct cpu *cpu, gaddr_t giov, int64_t cnt,
	       struct iovec *out, bool for_read)
{
	const struct sys_conv *c = sys_conv(cpu);
	const struct conv_layout *l = c->lay[CONV_IOVEC];
	uint8_t raw[64];

	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	for (int64_t i = 0; i < cnt; i++) {
		uint64_t v[IOV__N];
		if (guest_read(cpu, raw, giov + i * l->size, l->size) < 0)
			return -EFAULT;
		conv_in(c, l, raw, v);
		out[i].iov_base = gptr(cpu, v[IOV_BASE]);
		out[i].iov_len = v[IOV_LEN];
		if (for_read)
			sys_will_write(cpu, v[IOV_BASE], v[IOV_LEN]);
	}
	return 0;
}

static int64_t do_rw_vec(struct cpu *cpu, const uint64_t *a, long nr,
			 bool for_read, bool positioned)
{
	struct iovec iov[IOV_MAX];
	void *v = iov;
	/* an array the guest cannot have (too long, unreadable): the host
	 * checks the descriptor first and then says EINVAL or EFAULT */
	if (sys_iov_in(cpu, a[1], (int64_t)a[2], iov, for_read) < 0)
		v = SYS_HOST_BADPTR;
	if (!positioned)
		return HOST(nr, (int)a[0], v, (int)a[2]);
	/* 64-bit ABIs pass the position whole in one register */
	return HOST(nr, (int)a[0], v, (int)a[2], a[3], 0);
}

int64_t sys_readv(struct cpu *cpu, const uint64_t *a)
{
	return do_rw_vec(cpu, a, SYS_readv, true, false);
}

int64_t sys_writev(struct cpu *cpu, const uint64_t *a)
{
	return do_rw_vec(cpu, a, SYS_writev, false, false);
}

int64_t sys_preadv(struct cpu *cpu, const uint64_t *a)
{
	return do_rw_vec(cpu, a, SYS_preadv, true, true);
}

int64_t sys_pwritev(struct cpu *cpu, const uint64_t *a)
{
	return do_rw_vec(cpu, a, SYS_pwritev, false, true);
}

/* 64-bit ABIs pass the position whole in pos_l (pos_h is ignored), then
 * the RWF_* flags, the same everywhere */
static int64_t do_rw_vec2(struct cpu *cpu, const uint64_t *a, long nr,
			  bool for_read)
{
	struct iovec iov[IOV_MAX];
	void *v = iov;
	if (sys_iov_in(cpu, a[1], (int64_t)a[2], iov, for_read) < 0)
		v = SYS_HOST_BADPTR;
	return HOST(nr, (int)a[0], v, a[2], a[3], a[4], (int)a[5]);
}

int64_t sys_preadv2(struct cpu *cpu, const uint64_t *a)
{
	return do_rw_vec2(cpu, a, SYS_preadv2, true);
}

int64_t sys_pwritev2(struct cpu *cpu, const uint64_t *a)
{
	return do_rw_vec2(cpu, a, SYS_pwritev2, false);
}

/* I/O priorities: numbers only */
int64_t sys_ioprio_set(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_ioprio_set, (int)a[0], (int)a[1], (int)a[2]);
}

int64_t sys_ioprio_get(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_ioprio_get, (int)a[0], (int)a[1]);
}

int64_t sys_lseek(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_lseek, (int)a[0], (off_t)a[1], (int)a[2]);
}

/* sendfile and copy_file_range read and update a loff_t in guest memory */
static int64_t loff_ptr(struct cpu *cpu, uint64_t g, void **host)
{
	*host = NULL;
	if (!g)
		return 0;
	if (!guest_range_ok(cpu, g, 8))
		return -EFAULT;
	sys_will_write(cpu, g, 8);
	*host = gptr(cpu, g);
	return 0;
}

int64_t sys_sendfile(struct cpu *cpu, const uint64_t *a)
{
	void *off;
	int64_t r = loff_ptr(cpu, a[2], &off);
	if (r < 0)
		return r;
	return HOST(SYS_sendfile, (int)a[0], (int)a[1], off, a[3]);
}

int64_t sys_copy_file_range(struct cpu *cpu, const uint64_t *a)
{
	void *off_in, *off_out;
	int64_t r = loff_ptr(cpu, a[1], &off_in);
	if (r == 0)
		r = loff_ptr(cpu, a[3], &off_out);
	if (r < 0)
		return r;
	return HOST(SYS_copy_file_range, (int)a[0], off_in, (int)a[2], off_out,
		    a[4], (unsigned)a[5]);
}

int64_t sys_ftruncate(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_ftruncate, (int)a[0], (off_t)a[1]);
}

int64_t sys_fallocate(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_fallocate, (int)a[0], (int)a[1], (off_t)a[2], (off_t)a[3]);
}

int64_t sys_fadvise64(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_fadvise64, (int)a[0], (off_t)a[1], (off_t)a[2], (int)a[3]);
}

int64_t sys_fsync(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_fsync, (int)a[0]);
}

int64_t sys_fdatasync(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_fdatasync, (int)a[0]);
}

int64_t sys_sync(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_sync);
}

int64_t sys_syncfs(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_syncfs, (int)a[0]);
}

int64_t sys_close(struct cpu *cpu, const uint64_t *a)
{
	if (is_warp_fd(cpu, (int)a[0]))
		return -EBADF;
	return HOST(SYS_close, (int)a[0]);
}

int64_t sys_close_range(struct cpu *cpu, const uint64_t *a)
{
	unsigned first = a[0], last = a[1], flags = a[2];
	int keep[2], n = 0;

	if (first > last)
		return -EINVAL;
	/* close around warp's own descriptors: at most two holes */
	if (cpu->tc && cpu->tc->log && fileno(cpu->tc->log) > 2)
		keep[n++] = fileno(cpu->tc->log);
	if (cpu->proc && cpu->proc->strace && fileno(cpu->proc->strace) > 2)
		keep[n++] = fileno(cpu->proc->strace);
	if (n == 2 && keep[0] > keep[1]) {
		int t = keep[0];
		keep[0] = keep[1];
		keep[1] = t;
	}
	for (int i = 0; i < n; i++) {
		if ((unsigned)keep[i] < first || (unsigned)keep[i] > last)
			continue;
		if ((unsigned)keep[i] > first) {
			int64_t r = HOST(SYS_close_range, first, keep[i] - 1, flags);
			if (r < 0)
				return r;
		}
		if ((unsigned)keep[i] == last)
			return 0;
		first = keep[i] + 1;
	}
	return HOST(SYS_close_range, first, last, flags);
}

int64_t sys_dup(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_dup, (int)a[0]);
}

int64_t sys_dup3(struct cpu *cpu, const uint64_t *a)
{
	if (is_warp_fd(cpu, (int)a[1]))
		return -EBADF;
	return HOST(SYS_dup3, (int)a[0], (int)a[1],
		    (int)flags_to_host(sys_conv(cpu)->open_flags, a[2]));
}

int64_t sys_pipe2(struct cpu *cpu, const uint64_t *a)
{
	int fds[2];
	uint8_t out[8];
	bool be = sys_conv(cpu)->big_endian;
	int64_t r = HOST(SYS_pipe2, fds,
			 (int)flags_to_host(sys_conv(cpu)->open_flags, a[1]));
	if (r < 0)
		return r;
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 4; k++)
			out[4 * i + (be ? 3 - k : k)] = (uint32_t)fds[i] >> (8 * k);
	if (guest_write(cpu, a[0], out, sizeof out) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

int64_t sys_flock(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_flock, (int)a[0], (int)a[1]);
}

/* F_GETLK and friends: struct flock through the layout */
static int64_t fcntl_lock(struct cpu *cpu, int fd, int cmd, gaddr_t g)
{
	uint64_t v[FLK__N];
	struct flock fl;
	int64_t r = conv_get(cpu, CONV_FLOCK, g, v);

	if (r < 0)      /* the host checks the descriptor first */
		return HOST(SYS_fcntl, fd, cmd, SYS_HOST_BADPTR);
	memset(&fl, 0, sizeof fl);
	fl.l_type = v[FLK_TYPE];
	fl.l_whence = v[FLK_WHENCE];
	fl.l_start = v[FLK_START];
	fl.l_len = v[FLK_LEN];
	fl.l_pid = v[FLK_PID];
	r = HOST(SYS_fcntl, fd, cmd, &fl);
	if (r < 0 || (cmd != F_GETLK && cmd != F_OFD_GETLK))
		return r;
	v[FLK_TYPE] = fl.l_type;
	v[FLK_WHENCE] = fl.l_whence;
	v[FLK_START] = fl.l_start;
	v[FLK_LEN] = fl.l_len;
	v[FLK_PID] = fl.l_pid;
	int e = conv_put(cpu, CONV_FLOCK, v, g);
	return e < 0 ? e : r;
}

/*
 * Commands are asm-generic numbers, equal to x86-64's for 64-bit guests;
 * an ABI whose numbers differ will need a map here.  Unknown: EINVAL.
 */
int64_t sys_fcntl(struct cpu *cpu, const uint64_t *a)
{
	int fd = a[0], cmd = a[1];
	const struct flag_map *of = sys_conv(cpu)->open_flags;
	int64_t r;

	switch (cmd) {
	case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD:
	case F_GETOWN: case F_SETOWN: case F_GETSIG: case F_SETSIG:
	case F_GETLEASE: case F_SETLEASE: case F_NOTIFY:
	case F_GETPIPE_SZ: case F_SETPIPE_SZ: case F_ADD_SEALS: case F_GET_SEALS:
		return HOST(SYS_fcntl, fd, cmd, (unsigned long)a[2]);
	case F_GETFL:
		r = HOST(SYS_fcntl, fd, cmd);
		return r < 0 ? r : (int64_t)flags_to_guest(of, r);
	case F_SETFL:
		return HOST(SYS_fcntl, fd, cmd, (long)flags_to_host(of, a[2]));
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		return fcntl_lock(cpu, fd, cmd, a[2]);
	case F_GETOWN_EX:
		/* struct f_owner_ex: two ints, the same on every ABI but for
		 * byte order */
		if (!guest_range_ok(cpu, a[2], 8))
			return -EFAULT;
		sys_will_write(cpu, a[2], 8);
		return HOST(SYS_fcntl, fd, cmd, gptr(cpu, a[2]));
	case F_SETOWN_EX:
		if (!guest_range_ok(cpu, a[2], 8))
			return -EFAULT;
		return HOST(SYS_fcntl, fd, cmd, gptr(cpu, a[2]));
	default:
		/* unknown: EINVAL, but a bad descriptor is reported first */
		if (HOST(SYS_fcntl, fd, F_GETFD) < 0)
			return -EBADF;
		return -EINVAL;
	}
}

/* ---- pipes: splice, tee, vmsplice; page cache hints ---- */

int64_t sys_splice(struct cpu *cpu, const uint64_t *a)
{
	void *off_in, *off_out;
	int64_t r = loff_ptr(cpu, a[1], &off_in);
	if (r == 0)
		r = loff_ptr(cpu, a[3], &off_out);
	if (r < 0)
		return r;
	return HOST(SYS_splice, (int)a[0], off_in, (int)a[2], off_out, a[4],
		    (unsigned)a[5]);
}

int64_t sys_tee(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_tee, (int)a[0], (int)a[1], a[2], (unsigned)a[3]);
}

int64_t sys_vmsplice(struct cpu *cpu, const uint64_t *a)
{
	struct iovec iov[IOV_MAX];
	int64_t cnt = (int64_t)a[2];

	/* from a pipe's read end the kernel writes the buffers */
	if (cnt > IOV_MAX || sys_iov_in(cpu, a[1], cnt, iov, true) < 0)
		return HOST(SYS_vmsplice, (int)a[0], SYS_HOST_BADPTR, a[2],
			    (unsigned)a[3]);
	return HOST(SYS_vmsplice, (int)a[0], iov, a[2], (unsigned)a[3]);
}

int64_t sys_sync_file_range(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_sync_file_range, (int)a[0], (off_t)a[1], (off_t)a[2],
		    (unsigned)a[3]);
}

int64_t sys_readahead(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_readahead, (int)a[0], (off_t)a[1], a[2]);
}

/*
 * io_uring: the rings are shared memory the kernel reads asynchronously,
 * full of guest pointers and guest-layout structs; warp cannot convert
 * them behind the kernel's back.  ENOSYS is what a kernel without
 * io_uring says, and every user (liburing, glib, Python) then falls back
 * to ordinary calls: answer it without the "unsupported" line.
 */
int64_t sys_io_uring_setup(struct cpu *cpu, const uint64_t *a)
{
	return -ENOSYS;
}

int64_t sys_io_uring_enter(struct cpu *cpu, const uint64_t *a)
{
	return -ENOSYS;
}

int64_t sys_io_uring_register(struct cpu *cpu, const uint64_t *a)
{
	return -ENOSYS;
}
