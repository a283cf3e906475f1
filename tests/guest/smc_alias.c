/*
 * smc_alias: code written through one mapping and run through another.
 * A file is mapped twice, RW and RX (as double-mapping JITs do); the
 * program writes code through the RW view, flushes the instruction cache
 * for the RX view, and calls it, four times with new code each time.  The
 * executed pages are never written through their own addresses, so only
 * the flush (riscv_flush_icache / fence.i) can tell a translator that the
 * code changed.  (qemu-user 7.2 fails this: it keys invalidation on writes
 * to the executed addresses.)
 */
#include "smc_gen.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	long r;

	const char *tmp = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/warp-smc-XXXXXX", tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	unlink(path);
	CHECK_EQ(ftruncate(fd, PAGE), 0);
	unsigned char *rw = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	unsigned char *rx = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	if (rw == MAP_FAILED || rx == MAP_FAILED) {
		printf("FAIL mmap\n");
		return 1;
	}
	for (int k = 0; k < 4; k++) {
		gen_ret_imm(rw, -k * 1000);
		flush(rx, 64);
		r = ((fn0)rx)();
		printf("alias %d: %ld\n", k, r);
		CHECK_EQ(r, -k * 1000);
	}
	munmap(rw, PAGE);
	munmap(rx, PAGE);
	close(fd);

	/* the same with fence.i only */
	snprintf(path, sizeof(path), "%s/warp-smc-XXXXXX", tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	unlink(path);
	CHECK_EQ(ftruncate(fd, PAGE), 0);
	rw = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	rx = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	if (rw == MAP_FAILED || rx == MAP_FAILED) {
		printf("FAIL mmap\n");
		return 1;
	}
	for (int k = 0; k < 4; k++) {
		gen_loop(rw + 64, 5 + k);
		fence_i();
		r = ((fn0)(rx + 64))();
		printf("alias fence.i %d: %ld\n", k, r);
		CHECK_EQ(r, (long)(5 + k) * (6 + k) / 2);
	}
	munmap(rw, PAGE);
	munmap(rx, PAGE);
	close(fd);
	return finish();
}
