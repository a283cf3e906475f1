/*
 * memfd: anonymous files and page residency: memfd_create (name shown in
 * /proc/self/fd as "memfd:NAME", MFD_CLOEXEC, MFD_ALLOW_SEALING), write,
 * mmap shared and read back, F_ADD_SEALS/F_GET_SEALS (a sealed memfd
 * refuses to grow: EPERM), mincore on touched and untouched pages,
 * mlock/munlock/mlock2, msync, madvise, membarrier's query, mlockall with
 * bad flags.  Errors: EINVAL (flags, name too long), EFAULT (name,
 * mincore vector), ENOMEM (mincore of unmapped memory).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <linux/membarrier.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int fd = memfd_create("warp-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	CHECK(fd >= 0);
	char link[64], name[256];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, name, sizeof name - 1);
	if (n > 0)
		name[n] = 0;
	printf("link: %s\n", n > 0 ? name : "?");
	printf("cloexec %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
	long pg = sysconf(_SC_PAGESIZE);
	CHECK_EQ(ftruncate(fd, 4 * pg), 0);
	CHECK_EQ(pwrite(fd, "shared bytes", 12, pg), 12);
	char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED);
	printf("mapped: '%.12s'\n", m + pg);
	m[2 * pg] = 'Z';
	char c;
	pread(fd, &c, 1, 2 * pg);
	printf("write through the map: %c\n", c);

	unsigned char vec[4];
	CHECK_EQ(mincore(m, 4 * pg, vec), 0);
	printf("mincore: %d %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1);
	CHECK_EQ(msync(m, 4 * pg, MS_SYNC), 0);
	CHECK_EQ(mlock(m, pg), 0);
	CHECK_EQ(munlock(m, pg), 0);
	CHECK_EQ(syscall(SYS_mlock2, m, pg, 0), 0);
	CHECK_EQ(munlock(m, pg), 0);
	ERR(syscall(SYS_mlock2, m, pg, 0x100));

	CHECK_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK), 0);
	printf("seals %#x\n", fcntl(fd, F_GET_SEALS));
	ERR(ftruncate(fd, 8 * pg));
	ERR(ftruncate(fd, pg));
	ERR(pwrite(fd, "x", 1, 4 * pg));
	munmap(m, 4 * pg);
	close(fd);

	int q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
	printf("membarrier query: global supported %d\n", q >= 0 && (q & MEMBARRIER_CMD_GLOBAL) != 0);
	ERR(syscall(SYS_membarrier, 0x4000, 0, 0));
	ERR(mlockall(0));
	ERR(mlockall(0x100));

	ERR(memfd_create("x", 0x1000));
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	ERR(memfd_create(longname, 0));
	ERR(memfd_create(BADPTR, 0));
	void *u = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(u, pg);
	ERR(mincore(u, pg, vec));
	ERR(msync(u, pg, MS_SYNC));
	ERR(mlock(u, pg));
	void *r = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ERR(mincore(r, pg, BADPTR));
	ERR(mincore(r, pg, r));
	ERR(mincore((char *)r + 1, pg, vec));
	ERR(msync(r, pg, 0xff));
	munmap(r, pg);
	return finish();
}
