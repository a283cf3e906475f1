/*
 * splice: moving data between descriptors in the kernel: sendfile from a
 * file to a pipe with and without an offset pointer (which is updated,
 * the file position is not), copy_file_range between files with offsets,
 * splice file -> pipe -> file with loff_t pointers, tee duplicating a
 * pipe's contents, vmsplice from user memory into a pipe, and
 * sync_file_range/fdatasync/fsync/syncfs, fallocate and readahead on the
 * result.  Errors: EBADF, EINVAL (flags, pipes needed), EFAULT (offset
 * pointers, iovec), ESPIPE (an offset on a pipe).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char src[4096], dst[4200], buf[256];
	snprintf(src, sizeof src, "%s/splice-src", tmp ? tmp : "/tmp");
	snprintf(dst, sizeof dst, "%s/splice-dst", tmp ? tmp : "/tmp");
	int s = open(src, O_CREAT | O_RDWR | O_TRUNC, 0600);
	int d = open(dst, O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK(s >= 0 && d >= 0);
	for (int i = 0; i < 100; i++)
		dprintf(s, "line %02d of the source file\n", i);
	off_t size = lseek(s, 0, SEEK_CUR);
	printf("source %lld bytes\n", (long long)size);

	int p[2];
	CHECK_EQ(pipe(p), 0);
	off_t off = 10;
	ssize_t n = sendfile(p[1], s, &off, 20);
	printf("sendfile %zd, offset now %lld, position %lld\n", n, (long long)off,
	       (long long)lseek(s, 0, SEEK_CUR));
	n = read(p[0], buf, sizeof buf);
	printf("through the pipe: '%.*s'\n", (int)n, buf);
	lseek(s, 5, SEEK_SET);
	n = sendfile(d, s, NULL, 12);
	printf("sendfile without offset %zd, position %lld\n", n, (long long)lseek(s, 0, SEEK_CUR));

	loff_t in = 100, out = 50;
	n = copy_file_range(s, &in, d, &out, 64, 0);
	printf("copy_file_range %zd, in %lld out %lld\n", n, (long long)in, (long long)out);
	n = pread(d, buf, 64, 50);
	printf("copied: '%.20s'\n", buf);

	loff_t so = 200;
	n = splice(s, &so, p[1], NULL, 30, 0);
	printf("splice file->pipe %zd, offset %lld\n", n, (long long)so);
	n = read(p[0], buf, sizeof buf);
	printf("spliced: '%.10s'\n", buf);
	close(p[0]);
	close(p[1]);
	int q[2], r[2];
	pipe(q);
	pipe(r);
	write(q[1], "0123456789", 10);
	n = tee(q[0], r[1], 100, 0);
	printf("tee %zd\n", n);
	loff_t dofs = 1000;
	n = splice(r[0], NULL, d, &dofs, 10, 0);
	printf("splice pipe->file %zd, offset %lld\n", n, (long long)dofs);
	n = read(q[0], buf, sizeof buf);
	printf("tee left the source: %zd '%.*s'\n", n, (int)n, buf);

	char gift[8] = "vmsplic";
	struct iovec iov[2] = { { gift, 3 }, { gift + 3, 4 } };
	n = vmsplice(q[1], iov, 2, 0);
	printf("vmsplice %zd\n", n);
	n = read(q[0], buf, sizeof buf);
	printf("read back '%.*s'\n", (int)n, buf);

	CHECK_EQ(sync_file_range(d, 0, 0, SYNC_FILE_RANGE_WRITE), 0);
	CHECK_EQ(fdatasync(d), 0);
	CHECK_EQ(fsync(d), 0);
	CHECK_EQ(syncfs(d), 0);
	CHECK_EQ(readahead(d, 0, 4096), 0);
	errno = 0;
	int fa = fallocate(d, 0, 0, 8192);
	printf("fallocate: %s\n", fa == 0 || errno == EOPNOTSUPP ? "ok or unsupported" : errname(errno));
	struct stat st;
	fstat(d, &st);
	printf("dst size >= 1010: %d\n", st.st_size >= 1010);

	ERR(sendfile(d, s, BADPTR, 10));
	ERR(sendfile(-1, s, NULL, 10));
	ERR(copy_file_range(s, BADPTR, d, NULL, 10, 0));
	ERR(copy_file_range(s, NULL, d, NULL, 10, 1));
	ERR(splice(s, NULL, d, NULL, 10, 0));
	ERR(splice(q[0], &so, d, NULL, 10, 0));
	ERR(splice(s, BADPTR, q[1], NULL, 10, 0));
	ERR(tee(s, q[1], 10, 0));
	ERR(vmsplice(q[1], BADPTR, 1, 0));
	ERR(vmsplice(-1, iov, 1, 0));
	ERR(sync_file_range(d, 0, 0, 0x100));
	ERR(sync_file_range(d, -1, 0, 0));
	ERR(fallocate(d, 0x1000, 0, 10));
	ERR(fallocate(d, 0, -1, 10));
	ERR(readahead(-1, 0, 10));
	close(s);
	close(d);
	unlink(src);
	unlink(dst);
	return finish();
}
