/*
 * pathview: what a guest sees of its sysroot.  Run under warp with
 * -L ROOT, where tests/dyn/run.sh made ROOT:
 *
 *   ROOT/lib -> usr/lib
 *   ROOT/usr/lib/{ld-linux-riscv64-lp64d.so.1, libc.so.6, libm.so.6}
 *   ROOT/etc/target-file            "inside\n"
 *   ROOT/etc/abs-link -> /etc/target-file
 *   ROOT/etc/up -> ../../..
 *   ROOT/etc/dangling -> /nonexistent-warp-test
 *   ROOT/data/
 *
 * and HOSTDIR (argv[1]), outside ROOT, holding hostfile ("host\n").
 * Prints one line per fact; the script holds the expected output.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *content(int dirfd, const char *path)
{
	static char buf[64];
	int fd = openat(dirfd, path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return strerror(errno);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return strerror(errno);
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static const char *link_of(const char *path)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof buf - 1);

	if (n < 0)
		return strerror(errno);
	buf[n] = 0;
	return buf;
}

static const char *kind(mode_t m)
{
	return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "link" : "other";
}

static const char *stat_of(const char *path, int flags)
{
	struct stat st;

	if (fstatat(AT_FDCWD, path, &st, flags) < 0)
		return strerror(errno);
	return kind(st.st_mode);
}

static const char *statx_of(const char *path, int flags)
{
	static char buf[64];
	struct statx sx;

	if (statx(AT_FDCWD, path, flags, STATX_TYPE | STATX_SIZE, &sx) < 0)
		return strerror(errno);
	snprintf(buf, sizeof buf, "%s %llu", kind(sx.stx_mode),
		 (unsigned long long)sx.stx_size);
	return buf;
}

static const char *cwd(void)
{
	static char buf[PATH_MAX];

	if (!getcwd(buf, sizeof buf))
		return strerror(errno);
	return buf;
}

int main(int argc, char **argv)
{
	const char *host = argc > 1 ? argv[1] : "/nonexistent";
	char path[PATH_MAX], real[PATH_MAX];
	unsigned char elf[20] = { 0 };
	int fd;

	/* the interpreter, where the guest expects it */
	printf("ld.so: %s\n", stat_of("/lib/ld-linux-riscv64-lp64d.so.1", 0));
	fd = open("/lib/ld-linux-riscv64-lp64d.so.1", O_RDONLY);
	if (fd >= 0 && read(fd, elf, sizeof elf) == sizeof elf)
		printf("ld.so machine: %u\n", elf[18] | elf[19] << 8);
	close(fd);
	printf("ld.so access: %d\n", access("/lib/ld-linux-riscv64-lp64d.so.1", R_OK));
	printf("ld.so statx: %s\n", statx_of("/lib/ld-linux-riscv64-lp64d.so.1", 0));

	/* symlinks inside the sysroot */
	printf("/lib lstat: %s\n", stat_of("/lib", AT_SYMLINK_NOFOLLOW));
	printf("/lib stat: %s\n", stat_of("/lib", 0));
	printf("/lib link: %s\n", link_of("/lib"));
	printf("abs-link: %s\n", content(AT_FDCWD, "/etc/abs-link"));
	printf("abs-link link: %s\n", link_of("/etc/abs-link"));
	printf("abs-link statx: %s\n", statx_of("/etc/abs-link", 0));
	printf("abs-link statx nofollow: %s\n",
	       statx_of("/etc/abs-link", AT_SYMLINK_NOFOLLOW));
	printf("abs-link access: %d\n", access("/etc/abs-link", R_OK));
	printf("abs-link faccessat2: %d\n",
	       faccessat(AT_FDCWD, "/etc/abs-link", R_OK, AT_EACCESS));
	printf("realpath: %s\n", realpath("/etc/abs-link", real) ? real : strerror(errno));
	printf("dangling: %s\n", content(AT_FDCWD, "/etc/dangling"));

	/* ".." at the root stays at the root */
	printf("dotdot: %s\n", content(AT_FDCWD, "/../../etc/target-file"));
	printf("up link: %s\n", content(AT_FDCWD, "/etc/up/etc/target-file"));
	printf("up stat: %s\n", stat_of("/etc/up/usr/lib/libc.so.6", 0));

	/* the host where the sysroot has nothing */
	snprintf(path, sizeof path, "%s/hostfile", host);
	printf("host file: %s\n", content(AT_FDCWD, path));
	printf("host dir: %s\n", stat_of(host, 0));
	printf("/proc/self/exe: %d\n", strcmp(link_of("/proc/self/exe"),
					      realpath(argv[0], real)));

	/* the cwd: getcwd in the guest's view, relative paths from it */
	printf("chdir /usr/lib: %d\n", chdir("/usr/lib"));
	printf("getcwd: %s\n", cwd());
	printf("relative: %s\n", stat_of("libc.so.6", 0));
	printf("relative up: %s\n", content(AT_FDCWD, "../../etc/target-file"));
	printf("relative past root: %s\n", content(AT_FDCWD, "../../../../etc/target-file"));
	printf("chdir /: %d\n", chdir("/"));
	printf("getcwd: %s\n", cwd());
	printf("relative at root: %s\n", content(AT_FDCWD, "etc/abs-link"));
	printf("chdir host: %d\n", chdir(host));
	printf("getcwd is host dir: %d\n", strcmp(cwd(), realpath(host, real)));
	printf("relative on host: %s\n", content(AT_FDCWD, "hostfile"));

	/* a directory descriptor inside the sysroot */
	int dfd = open("/etc", O_RDONLY | O_DIRECTORY);
	printf("dirfd up: %s\n", content(dfd, "up/etc/target-file"));
	printf("dirfd abs-link: %s\n", content(dfd, "abs-link"));
	struct stat st;
	printf("dirfd lstat: %s\n", fstatat(dfd, "abs-link", &st, AT_SYMLINK_NOFOLLOW) ?
	       strerror(errno) : kind(st.st_mode));
	close(dfd);

	/* listing a sysroot directory */
	DIR *d = opendir("/etc");
	int seen = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		seen += !strcmp(e->d_name, "target-file") + !strcmp(e->d_name, "abs-link");
	if (d)
		closedir(d);
	printf("readdir /etc: %d\n", seen);

	/* changing names in the sysroot */
	fd = open("/data/new.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	printf("create: %d\n", fd >= 0 && write(fd, "created\n", 8) == 8);
	close(fd);
	printf("mkdir: %d\n", mkdir("/data/sub", 0755));
	printf("rename: %d\n", rename("/data/new.txt", "/data/sub/moved.txt"));
	printf("renamed: %s\n", content(AT_FDCWD, "/data/sub/moved.txt"));
	printf("old name: %s\n", content(AT_FDCWD, "/data/new.txt"));
	printf("symlink: %d\n", symlink("/etc/target-file", "/data/lnk"));
	printf("through new link: %s\n", content(AT_FDCWD, "/data/lnk"));
	printf("link then: %d\n", link("/data/sub/moved.txt", "/data/hard.txt"));
	printf("unlink: %d\n", unlink("/data/hard.txt"));
	printf("chmod: %d\n", chmod("/data/sub/moved.txt", 0600));
	printf("mode: %o\n", stat("/data/sub/moved.txt", &st) ? 0 : st.st_mode & 0777);
	printf("truncate: %d\n", truncate("/data/sub/moved.txt", 3));
	printf("truncated: %s\n", content(AT_FDCWD, "/data/sub/moved.txt"));
	return 0;
}
