/*
 * errorder: which error wins when a call has more than one bad argument,
 * and the good calls next to those checks.
 *
 *   - The kernel checks flags and modes before it reads a path or a name
 *     (fs/stat.c vfs_statx, do_statx; fs/open.c do_faccessat,
 *     do_fchownat; fs/namei.c may_mknod, unlinkat, do_linkat,
 *     do_renameat2; mm/memfd.c memfd_create): each flag bit is tried with
 *     a path nothing is mapped at, and the bits that do not give EFAULT
 *     are printed.
 *   - mincore (mm/mincore.c) checks the start's alignment, the range, the
 *     vector's range, then walks the mappings one at a time: a hole after
 *     a mapped page leaves that page's byte written, and a bad vector is
 *     EFAULT only once a mapped page is met.
 *   - get_robust_list (kernel/futex) looks the task up first: ESRCH for
 *     no such task, and stores the length before the head.
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *bad;         /* a page nothing is mapped at */

static void scan(const char *name, long (*call)(unsigned bits))
{
	printf("%s, unreadable path, bits not EFAULT:", name);
	for (int b = 0; b < 32; b++) {
		errno = 0;
		if (call(1u << b) < 0 && errno != EFAULT)
			printf(" %#x:%s", 1u << b, errname(errno));
	}
	printf("\n");
}

static struct stat st;
static char sx[256];            /* struct statx */

static long c_fstatat(unsigned f) { return syscall(SYS_newfstatat, AT_FDCWD, bad, &st, f); }
static long c_statx_flags(unsigned f) { return syscall(SYS_statx, AT_FDCWD, bad, f, 0x7ff, sx); }
static long c_statx_mask(unsigned f) { return syscall(SYS_statx, AT_FDCWD, bad, 0, f, sx); }
static long c_faccessat(unsigned f) { return syscall(SYS_faccessat, AT_FDCWD, bad, f); }
static long c_faccessat2(unsigned f) { return syscall(SYS_faccessat2, AT_FDCWD, bad, 0, f); }
static long c_faccessat2_mode(unsigned f) { return syscall(SYS_faccessat2, AT_FDCWD, bad, f, 0); }
static long c_mknodat(unsigned f) { return syscall(SYS_mknodat, AT_FDCWD, bad, f, 0); }
static long c_unlinkat(unsigned f) { return syscall(SYS_unlinkat, AT_FDCWD, bad, f); }
static long c_linkat(unsigned f) { return syscall(SYS_linkat, AT_FDCWD, bad, AT_FDCWD, bad, f); }
static long c_linkat_to(unsigned f) { return syscall(SYS_linkat, AT_FDCWD, "f", AT_FDCWD, bad, f); }
static long c_renameat2(unsigned f) { return syscall(SYS_renameat2, AT_FDCWD, bad, AT_FDCWD, bad, f); }
static long c_fchownat(unsigned f) { return syscall(SYS_fchownat, AT_FDCWD, bad, -1, -1, f); }
static long c_memfd(unsigned f) { return syscall(SYS_memfd_create, bad, f); }

static void paths(void)
{
	scan("newfstatat", c_fstatat);
	scan("statx flags", c_statx_flags);
	scan("statx mask", c_statx_mask);
	scan("faccessat mode", c_faccessat);
	scan("faccessat2 flags", c_faccessat2);
	scan("faccessat2 mode", c_faccessat2_mode);
	scan("mknodat mode", c_mknodat);
	scan("unlinkat", c_unlinkat);
	scan("linkat", c_linkat);
	scan("linkat (bad target)", c_linkat_to);
	scan("renameat2", c_renameat2);
	scan("fchownat", c_fchownat);
	scan("memfd_create", c_memfd);
	for (unsigned t = 0; t < 16; t++) {
		errno = 0;
		long r = syscall(SYS_mknodat, AT_FDCWD, bad, t << 12 | 0600, 0);
		printf("mknodat type %06o, unreadable path: %s\n", t << 12,
		       r < 0 ? errname(errno) : "ok");
	}
	ERR(syscall(SYS_statx, AT_FDCWD, bad, 0x6000, 0x7ff, sx));
	ERR(syscall(SYS_renameat2, AT_FDCWD, bad, AT_FDCWD, bad, 3));
	ERR(syscall(SYS_renameat2, AT_FDCWD, bad, AT_FDCWD, bad, 6));
	ERR(syscall(SYS_memfd_create, bad, 0x18));
	ERR(syscall(SYS_memfd_create, bad, 0x4 | 21u << 26));
	ERR(syscall(SYS_memfd_create, bad, 21u << 26));
	ERR(syscall(SYS_mknodat, AT_FDCWD, bad, 0x10000 | S_IFIFO | 0600, 0));
}

static void good_paths(void)
{
	int fd = open("f", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(symlink("f", "l"), 0);
	ERR(syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
	ERR(syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
	ERR(syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH | 0x80000));
	ERR(syscall(SYS_newfstatat, AT_FDCWD, "", &st, AT_EMPTY_PATH));
	ERR(syscall(SYS_newfstatat, AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW));
	printf("lstat: link %d\n", S_ISLNK(st.st_mode));
	ERR(syscall(SYS_newfstatat, AT_FDCWD, "l", &st, 0x2000));
	printf("stat: regular %d\n", S_ISREG(st.st_mode));
	ERR(syscall(SYS_newfstatat, AT_FDCWD, "l", &st, 0x80000));
	ERR(syscall(SYS_statx, AT_FDCWD, "l", 0x2000, 0x7ff, sx));
	ERR(syscall(SYS_statx, AT_FDCWD, "l", 0x6000, 0x7ff, sx));
	ERR(syscall(SYS_statx, AT_FDCWD, "l", 0, 0x80000000u, sx));
	ERR(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, 0x7ff, sx));
	ERR(syscall(SYS_statx, AT_FDCWD, "f", 0, 0x7ff, BADPTR));
	ERR(syscall(SYS_statx, AT_FDCWD, "nonexistent", 0, 0x7ff, BADPTR));
	ERR(syscall(SYS_faccessat, AT_FDCWD, "f", R_OK | W_OK));
	ERR(syscall(SYS_faccessat, AT_FDCWD, "f", 8));
	ERR(syscall(SYS_faccessat2, AT_FDCWD, "l", F_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW));
	ERR(syscall(SYS_faccessat2, fd, "", F_OK, AT_EMPTY_PATH));
	ERR(syscall(SYS_mknodat, AT_FDCWD, "p", S_IFIFO | 0600, 0));
	ERR(syscall(SYS_mknodat, AT_FDCWD, "p", S_IFIFO | 0600, 0));
	ERR(syscall(SYS_mknodat, AT_FDCWD, "d", S_IFDIR | 0700, 0));
	ERR(syscall(SYS_mknodat, AT_FDCWD, "r", 0600, 0));
	ERR(syscall(SYS_unlinkat, AT_FDCWD, "p", 0));
	ERR(syscall(SYS_unlinkat, AT_FDCWD, "r", AT_REMOVEDIR));
	ERR(syscall(SYS_unlinkat, AT_FDCWD, "r", 0x100));
	ERR(syscall(SYS_unlinkat, AT_FDCWD, "r", 0));
	ERR(syscall(SYS_linkat, AT_FDCWD, "l", AT_FDCWD, "g", AT_SYMLINK_FOLLOW));
	ERR(syscall(SYS_newfstatat, AT_FDCWD, "g", &st, AT_SYMLINK_NOFOLLOW));
	printf("linked through the link: regular %d\n", S_ISREG(st.st_mode));
	ERR(syscall(SYS_linkat, AT_FDCWD, "l", AT_FDCWD, "g2", 0));
	ERR(syscall(SYS_linkat, AT_FDCWD, "l", AT_FDCWD, "g3", 0x100));
	ERR(syscall(SYS_renameat2, AT_FDCWD, "g", AT_FDCWD, "h", RENAME_NOREPLACE));
	ERR(syscall(SYS_renameat2, AT_FDCWD, "h", AT_FDCWD, "g2", RENAME_NOREPLACE));
	ERR(syscall(SYS_renameat2, AT_FDCWD, "h", AT_FDCWD, "g2", RENAME_EXCHANGE));
	ERR(syscall(SYS_renameat2, AT_FDCWD, "h", AT_FDCWD, "g2", RENAME_EXCHANGE | RENAME_NOREPLACE));
	ERR(syscall(SYS_fchownat, AT_FDCWD, "l", -1, -1, AT_SYMLINK_NOFOLLOW));
	ERR(syscall(SYS_fchownat, fd, "", -1, -1, AT_EMPTY_PATH));
	ERR(syscall(SYS_fchownat, AT_FDCWD, "l", -1, -1, 0x400));
	close(fd);
	unlink("f"); unlink("l"); unlink("g2"); unlink("h");

	char name[300];
	memset(name, 'n', sizeof name);
	name[249] = 0;
	fd = syscall(SYS_memfd_create, name, MFD_CLOEXEC);
	printf("memfd_create, 249-byte name: %s\n", fd >= 0 ? "ok" : errname(errno));
	close(fd);
	name[249] = 'n';
	name[250] = 0;
	ERR(syscall(SYS_memfd_create, name, MFD_CLOEXEC));
	name[250] = 'n';
	name[299] = 0;
	ERR(syscall(SYS_memfd_create, name, 0x4000));
}

static void vec_print(const char *what, const unsigned char *v, int n)
{
	printf("%s:", what);
	for (int i = 0; i < n; i++)
		printf(" %02x", v[i] == 0xee ? 0xee : v[i] & 1);
	printf("\n");
}

static void mincore_order(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned char v[8];
	char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED);
	memset(m, 1, 4 * pg);
	/* two mappings (the prot differs), then a hole, then one more */
	CHECK_EQ(mprotect(m + pg, pg, PROT_READ), 0);
	CHECK_EQ(munmap(m + 2 * pg, pg), 0);

	memset(v, 0xee, sizeof v);
	ERR(mincore(m, 2 * pg, v));
	vec_print("two mappings", v, 4);
	memset(v, 0xee, sizeof v);
	ERR(mincore(m, 4 * pg, v));
	vec_print("up to the hole", v, 4);
	memset(v, 0xee, sizeof v);
	ERR(mincore(m, 2 * pg + 1, v));
	vec_print("a byte into the hole", v, 4);
	ERR(mincore(m + 1, pg, v));
	ERR(mincore(m + 1, pg, KPTR));
	ERR(mincore(m, pg, KPTR));
	ERR(mincore(m, pg, BADPTR));
	ERR(mincore(m + 2 * pg, pg, BADPTR));
	ERR(mincore(m + 2 * pg, pg, KPTR));
	ERR(mincore(KPTR, pg, v));
	ERR(mincore(m, 0x7fffffffffffffffull, v));
	ERR(mincore(m, 0, KPTR));
	ERR(mincore(m, 0, NULL));
	ERR(mincore(m + 2 * pg, 0, NULL));
	/* the vector's second byte is read-only: the first mapping's byte
	 * is written, the second's faults */
	unsigned char *edge = (unsigned char *)m + pg - 1;
	*edge = 0xee;
	ERR(mincore(m, 2 * pg, edge));
	printf("written before the fault: %02x\n", *edge == 0xee ? 0xee : *edge & 1);
	*edge = 0xee;
	ERR(mincore(m, 3 * pg, edge));
	ERR(mincore(m + 3 * pg, pg, edge + 1));
	ERR(mincore(m + pg, pg, edge + 1));
	munmap(m, 4 * pg);

	/* more than one page of vector (the kernel goes a page at a time) */
	long n = 5000;
	char *big = mmap(NULL, n * pg, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *bv = malloc(n + 1);
	CHECK(big != MAP_FAILED && bv);
	memset(big, 1, n * pg);
	memset(bv, 0xee, n + 1);
	ERR(mincore(big, n * pg, bv));
	long in = 0, unset = 0;
	for (long i = 0; i < n; i++) {
		in += bv[i] & 1;
		unset += bv[i] == 0xee;
	}
	printf("5000 touched pages: %ld resident, %ld unwritten, next %02x\n",
	       in, unset, bv[n]);
	munmap(big, n * pg);
	free(bv);
}

static void robust(void)
{
	void *head = NULL;
	size_t len = 0;
	ERR(syscall(SYS_get_robust_list, 0, &head, &len));
	printf("own list: head set %d, len %zu\n", head != NULL, len);
	len = 0;
	ERR(syscall(SYS_get_robust_list, 0, BADPTR, &len));
	printf("len stored before the head: %zu\n", len);
	ERR(syscall(SYS_get_robust_list, 0, &head, BADPTR));
	ERR(syscall(SYS_get_robust_list, gettid(), &head, &len));
	ERR(syscall(SYS_get_robust_list, -1, &head, &len));
	ERR(syscall(SYS_get_robust_list, 0x7fffffff, BADPTR, BADPTR));
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	CHECK_EQ(chdir(tmp ? tmp : "/tmp"), 0);
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, pg);
	bad = p;

	/* linkat's source exists: the kernel looks it up before it reads
	 * the target's name */
	close(open("f", O_CREAT | O_RDWR, 0600));
	paths();
	good_paths();
	mincore_order();
	robust();
	return finish();
}
