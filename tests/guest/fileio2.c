/*
 * fileio2: links and the working directory, in a fresh temporary directory:
 * link (nlink counts), symlink/readlink/lstat, a symlink loop (ELOOP),
 * chdir/getcwd/fchdir, relative paths and openat on a directory fd,
 * unlinkat with AT_REMOVEDIR, dup, stat of /, and a rename over an
 * existing file.  Only reproducible facts print.
 */
#include "common.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], buf[4096], cwd[4096], old[4096];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/warp-fileio2-XXXXXX", tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	CHECK(getcwd(old, sizeof(old)) != NULL);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	CHECK_EQ(chdir(dir), 0);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	/* getcwd resolves symlinks in TMPDIR: compare with realpath */
	char *real = realpath(dir, NULL);
	CHECK(real && strcmp(real, cwd) == 0);
	free(real);

	int fd = open("file", O_CREAT | O_WRONLY, 0640);
	CHECK(fd >= 0);
	write(fd, "contents", 8);
	int fd2 = dup(fd);
	CHECK(fd2 > fd);
	write(fd2, "+more", 5);
	close(fd2);
	close(fd);

	CHECK_EQ(link("file", "hard"), 0);
	stat("file", &st);
	printf("nlink %ld size %lld\n", (long)st.st_nlink, (long long)st.st_size);
	CHECK_EQ(symlink("file", "soft"), 0);
	CHECK_EQ(symlink("loop2", "loop1"), 0);
	CHECK_EQ(symlink("loop1", "loop2"), 0);
	ssize_t n = readlink("soft", buf, sizeof(buf));
	printf("readlink soft: %.*s\n", (int)n, buf);
	CHECK_EQ(lstat("soft", &st), 0);
	printf("lstat soft: link %d size %lld\n", S_ISLNK(st.st_mode),
	       (long long)st.st_size);
	CHECK_EQ(stat("soft", &st), 0);
	printf("stat soft: reg %d size %lld\n", S_ISREG(st.st_mode),
	       (long long)st.st_size);
	errno = 0;
	CHECK_EQ(open("loop1", O_RDONLY), -1);
	printf("loop: %s\n", errno == ELOOP ? "ELOOP" : "other");

	/* openat/mkdirat relative to a directory fd */
	CHECK_EQ(mkdirat(dfd, "d", 0700), 0);
	fd = openat(dfd, "d/inner", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0);
	write(fd, "inner!", 6);
	close(fd);
	CHECK_EQ(chdir("d"), 0);
	fd = open("../d/inner", O_RDONLY);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	printf("via ..: %.*s\n", (int)n, buf);
	CHECK_EQ(fchdir(dfd), 0);
	CHECK_EQ(access("d/inner", R_OK), 0);

	/* rename over an existing file replaces it */
	CHECK_EQ(rename("d/inner", "hard"), 0);
	fd = open("file", O_RDONLY);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	printf("file still: %.*s\n", (int)n, buf);
	stat("file", &st);
	printf("nlink after rename over: %ld\n", (long)st.st_nlink);

	CHECK_EQ(stat("/", &st), 0);
	printf("/ is dir %d\n", S_ISDIR(st.st_mode));

	CHECK_EQ(unlinkat(dfd, "d", AT_REMOVEDIR), 0);
	errno = 0;
	CHECK_EQ(unlinkat(dfd, "file", AT_REMOVEDIR), -1);
	printf("unlinkat dir flag on file: %s\n", errno == ENOTDIR ? "ENOTDIR" : "other");
	const char *names[] = { "file", "hard", "soft", "loop1", "loop2" };
	for (int i = 0; i < 5; i++)
		CHECK_EQ(unlink(names[i]), 0);
	CHECK_EQ(chdir(old), 0);
	close(dfd);
	CHECK_EQ(rmdir(dir), 0);
	return finish();
}
