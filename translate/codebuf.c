/*
 * codebuf.c - the code buffer: one memfd mapped twice, a read-write view
 * the JIT writes through and a read-execute view the CPU runs, so no page
 * is ever writable and executable through the same mapping.  The same
 * offset in both views is the same byte.
 *
 * The buffer is reserved, not committed (MAP_NORESERVE; memfd pages exist
 * once written).  One page past cb->size holds the backend's trampoline,
 * out of reach of tb_flush_all(), which only resets cb->used.
 *
 * The executable view is placed near warp's own code when the address
 * space allows, so generated code calls helpers with a rel32.
 *
 * fork: both views are MAP_SHARED, so a forked child would share the
 * buffer with its parent, and each would append code over the other's and
 * patch the other's chained jumps.  Before the host fork the parent copies
 * what the child keeps (the code in use, the trampoline) into a new memfd
 * (codebuf_fork_copy, under tc->lock, so the snapshot is consistent); the
 * child maps that copy over both views at the same addresses
 * (codebuf_fork_install), so every code pointer it inherited stays valid.
 * The kernel cannot do this lazily for us: private (copy-on-write) mappings
 * cannot be aliased, and the two views must show the same bytes.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tb.h"
#include "host/x86_64/x86.h"

static void *near_text_hint(size_t total)
{
	uintptr_t text = (uintptr_t)&codebuf_init;
	uintptr_t gap = (uintptr_t)1 << 30;
	if (text < gap + total + ((uintptr_t)1 << 32))
		return NULL;
	return (void *)ALIGN_DOWN(text - gap - total, (uintptr_t)1 << 21);
}

int codebuf_init(struct codebuf *cb, size_t size)
{
	size = ALIGN_UP(size, 4096);
	size_t total = size + X86_TRAMP_SIZE;
	int fd = memfd_create("warp-code", MFD_CLOEXEC);
	int err;

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)total) < 0)
		goto fail;
	void *rx = mmap(near_text_hint(total), total, PROT_READ | PROT_EXEC,
			MAP_SHARED | MAP_NORESERVE, fd, 0);
	if (rx == MAP_FAILED)
		goto fail;
	void *rw = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
	if (rw == MAP_FAILED) {
		err = -errno;
		munmap(rx, total);
		close(fd);
		return err;
	}
	close(fd);
	cb->rw = rw;
	cb->rx = rx;
	cb->size = size;
	cb->used = 0;
	cb->populated = 0;
	x86_tramp_install(cb);
	return 0;
fail:
	err = -errno;
	close(fd);
	return err;
}

/*
 * Page faults on fresh code-buffer pages (a shmem page allocated on the
 * write, then a second fault when the other view first runs it) cost about
 * a microsecond each and come by the hundred at start-up: map them ahead,
 * 64 KiB at a time, with one madvise per view.  Kernels before 5.14 lack
 * MADV_POPULATE_*; then the pages fault in as before.
 */
#define POPULATE_STEP (64u << 10)

void codebuf_populate(struct codebuf *cb, size_t upto)
{
	if (cb->populated == SIZE_MAX)
		return;         /* the kernel cannot */
	size_t end = ALIGN_UP(upto > cb->populated + POPULATE_STEP ? upto
					: cb->populated + POPULATE_STEP, 4096);
	if (end > cb->size)
		end = cb->size;
	if (end <= cb->populated)
		return;
	size_t len = end - cb->populated;
	if (madvise(cb->rw + cb->populated, len, MADV_POPULATE_WRITE) < 0 ||
	    madvise(cb->rx + cb->populated, len, MADV_POPULATE_READ) < 0) {
		if (errno == EINVAL)
			cb->populated = SIZE_MAX;
		return;
	}
	cb->populated = end;
}

/* Write [off, off + len) of the buffer into FD at the same offset. */
static int copy_out(const struct codebuf *cb, int fd, size_t off, size_t len)
{
	while (len) {
		ssize_t n = pwrite(fd, cb->rw + off, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		off += n;
		len -= n;
	}
	return 0;
}

int codebuf_fork_copy(const struct codebuf *cb, size_t len)
{
	size_t total = cb->size + X86_TRAMP_SIZE;
	int fd = memfd_create("warp-code", MFD_CLOEXEC);
	int err;

	if (fd < 0)
		return -errno;
	if (len > cb->size)
		len = cb->size;
	if (ftruncate(fd, (off_t)total) < 0) {
		err = -errno;
		goto fail;
	}
	/* pwrite allocates the pages in the kernel: cheaper than faulting
	 * them in through a third mapping */
	err = copy_out(cb, fd, 0, len);
	if (!err)
		err = copy_out(cb, fd, cb->size, X86_TRAMP_SIZE);
	if (!err)
		return fd;
fail:
	close(fd);
	return err;
}

int codebuf_fork_install(struct codebuf *cb, int fd)
{
	size_t total = cb->size + X86_TRAMP_SIZE;

	if (mmap(cb->rx, total, PROT_READ | PROT_EXEC,
		 MAP_SHARED | MAP_NORESERVE | MAP_FIXED, fd, 0) == MAP_FAILED)
		return -errno;
	if (mmap(cb->rw, total, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_NORESERVE | MAP_FIXED, fd, 0) == MAP_FAILED)
		return -errno;
	if (cb->populated != SIZE_MAX)
		cb->populated = 0;      /* a new file's pages */
	return 0;
}
