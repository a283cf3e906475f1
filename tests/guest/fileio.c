/*
 * fileio: file and directory system calls in a fresh temporary directory
 * (mkdtemp under $TMPDIR): open flags (O_CREAT|O_EXCL, O_APPEND),
 * read/write/pread/pwrite/readv/writev, lseek (SEEK_SET/CUR/END, holes),
 * fstat/stat, ftruncate, rename, unlink, mkdir/rmdir, opendir/readdir
 * (sorted), fcntl (F_DUPFD, F_GETFL, FD_CLOEXEC), dup2, pipe, access,
 * errno values, and stdio on top.  fileio2 does links and the working
 * directory.  Only reproducible facts print: no inode numbers, times or
 * absolute paths.
 */
#include "common.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static char dir[4096];

static const char *path(const char *name)
{
	static char p[2][4200];
	static int k;

	k ^= 1;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *what)
{
	DIR *d = opendir(dir);
	char *names[64];
	int n = 0;
	struct dirent *e;

	CHECK(d != NULL);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL && n < 64) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_names);
	printf("%s:", what);
	for (int i = 0; i < n; i++) {
		struct stat st;
		lstat(path(names[i]), &st);
		printf(" %s(%s,%lld)", names[i],
		       S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "lnk" : "reg",
		       S_ISREG(st.st_mode) ? (long long)st.st_size : 0ll);
		free(names[i]);
	}
	printf("\n");
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char buf[8192];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/warp-fileio-XXXXXX", tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
	printf("mkdtemp mode %o\n", st.st_mode & 0777);

	/* create, write, read back */
	int fd = open(path("a.txt"), O_CREAT | O_EXCL | O_RDWR, 0644);
	CHECK(fd >= 0);
	for (int i = 0; i < 8192; i++)
		buf[i] = (char)('A' + i % 26);
	CHECK_EQ(write(fd, buf, 5000), 5000);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5000);
	CHECK_EQ(lseek(fd, 100, SEEK_SET), 100);
	char in[200];
	CHECK_EQ(read(fd, in, 10), 10);
	printf("read at 100: %.10s\n", in);
	CHECK_EQ(lseek(fd, -10, SEEK_END), 4990);
	CHECK_EQ(read(fd, in, 100), 10);
	CHECK_EQ(read(fd, in, 100), 0);		/* EOF */
	CHECK_EQ(fstat(fd, &st), 0);
	printf("size %lld mode %o nlink %ld reg %d\n", (long long)st.st_size,
	       st.st_mode & 0777, (long)st.st_nlink, S_ISREG(st.st_mode));
	/* a hole: seek past the end and write */
	CHECK_EQ(lseek(fd, 10000, SEEK_SET), 10000);
	CHECK_EQ(write(fd, "END", 3), 3);
	CHECK_EQ(pread(fd, in, 4, 6000), 4);
	printf("hole bytes %d %d %d %d\n", in[0], in[1], in[2], in[3]);
	CHECK_EQ(pwrite(fd, "xyz", 3, 1), 3);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10003);	/* pwrite keeps offset */
	CHECK_EQ(pread(fd, in, 6, 0), 6);
	printf("after pwrite: %.6s\n", in);
	/* ftruncate shrink and extend */
	CHECK_EQ(ftruncate(fd, 2000), 0);
	fstat(fd, &st);
	printf("truncated to %lld\n", (long long)st.st_size);
	CHECK_EQ(ftruncate(fd, 3000), 0);
	CHECK_EQ(pread(fd, in, 4, 2500), 4);
	CHECK(in[0] == 0 && in[3] == 0);
	fstat(fd, &st);
	printf("extended to %lld\n", (long long)st.st_size);
	/* readv / writev */
	struct iovec iov[3] = {
		{ "one ", 4 }, { "two ", 4 }, { "three", 5 },
	};
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(writev(fd, iov, 3), 13);
	char p1[5] = {0}, p2[9] = {0};
	struct iovec riov[2] = { { p1, 4 }, { p2, 8 } };
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(readv(fd, riov, 2), 12);
	printf("readv '%s' '%s'\n", p1, p2);
	/* dup, fcntl */
	int fd2 = fcntl(fd, F_DUPFD, 10);
	CHECK(fd2 >= 0);
	CHECK_EQ(lseek(fd2, 7, SEEK_SET), 7);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 7);	/* shared offset */
	int fd3 = dup2(fd, 50);
	CHECK_EQ(fd3, 50);
	printf("F_GETFL accmode %d, FD_CLOEXEC %d\n", fcntl(fd, F_GETFL) & O_ACCMODE,
	       fcntl(fd, F_GETFD) & FD_CLOEXEC);
	CHECK_EQ(fcntl(fd2, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(fcntl(fd2, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	close(fd3);
	close(fd2);
	close(fd);

	/* errors */
	errno = 0;
	CHECK_EQ(open(path("a.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644), -1);
	printf("O_EXCL on existing: %s\n", errno == EEXIST ? "EEXIST" : "other");
	errno = 0;
	CHECK_EQ(open(path("missing"), O_RDONLY), -1);
	printf("missing: %s\n", errno == ENOENT ? "ENOENT" : "other");
	errno = 0;
	CHECK_EQ(read(-1, buf, 1), -1);
	printf("bad fd: %s\n", errno == EBADF ? "EBADF" : "other");
	errno = 0;
	CHECK_EQ(rmdir(path("a.txt")), -1);
	printf("rmdir file: %s\n", errno == ENOTDIR ? "ENOTDIR" : "other");

	/* O_APPEND and O_TRUNC */
	fd = open(path("log"), O_CREAT | O_WRONLY | O_APPEND, 0600);
	write(fd, "first\n", 6);
	lseek(fd, 0, SEEK_SET);
	write(fd, "second\n", 7);	/* appends anyway */
	close(fd);
	fd = open(path("log"), O_RDONLY);
	int got = (int)read(fd, buf, sizeof(buf));
	close(fd);
	printf("append: %d bytes: %.*s", got, got, buf);

	/* directories, rename, links */
	CHECK_EQ(mkdir(path("sub"), 0755), 0);
	CHECK_EQ(rename(path("log"), path("sub/log.moved")), 0);
	CHECK_EQ(access(path("a.txt"), R_OK | W_OK), 0);
	CHECK_EQ(access(path("nope"), F_OK), -1);
	list_dir("listing");

	/* stdio */
	FILE *f = fopen(path("sub/data.txt"), "w+");
	CHECK(f != NULL);
	for (int i = 0; i < 1000; i++)
		fprintf(f, "line %d %x\n", i, i * i);
	printf("ftell %ld\n", ftell(f));
	rewind(f);
	int lines = 0;
	unsigned long sum = 0;
	while (fgets(buf, sizeof(buf), f)) {
		int a;
		unsigned b;
		if (sscanf(buf, "line %d %x", &a, &b) == 2)
			sum += (unsigned long)a + b;
		lines++;
	}
	printf("fgets lines %d sum %lu\n", lines, sum);
	fseek(f, -6, SEEK_END);
	printf("tail: %s", fgets(buf, sizeof(buf), f));
	fclose(f);

	/* pipe */
	int pfd[2];
	CHECK_EQ(pipe(pfd), 0);
	CHECK_EQ(write(pfd[1], "through the pipe", 16), 16);
	close(pfd[1]);
	got = (int)read(pfd[0], buf, sizeof(buf));
	printf("pipe: %.*s\n", got, buf);
	CHECK_EQ(read(pfd[0], buf, 1), 0);
	close(pfd[0]);

	/* clean up: unlink everything, then the directory */
	CHECK_EQ(unlink(path("sub/data.txt")), 0);
	CHECK_EQ(unlink(path("sub/log.moved")), 0);
	CHECK_EQ(rmdir(path("sub")), 0);
	list_dir("before last unlink");
	CHECK_EQ(unlink(path("a.txt")), 0);
	list_dir("empty");
	CHECK_EQ(rmdir(dir), 0);
	CHECK(stat(dir, &st) == -1 && errno == ENOENT);
	return finish();
}
