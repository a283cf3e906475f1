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
	x86_tramp_install(cb);
	return 0;
fail:
	err = -errno;
	close(fd);
	return err;
}
