/*
 * tests/unit/path.c - unit tests of the sysroot resolver (syscalls/path.c)
 * and the guest VMA list (loader/vma.c).
 *
 * main() builds a small sysroot in a temporary directory, shaped like the
 * cases the resolver must get right:
 *
 *   ROOT/lib -> usr/lib                 relative link (usrmerge)
 *   ROOT/usr/lib/libc.so.6              a file
 *   ROOT/usr/lib/abs -> /usr/lib/libc.so.6   absolute link: inside ROOT
 *   ROOT/etc/target                     a file
 *   ROOT/etc/abs-dir -> /etc            absolute link to a directory
 *   ROOT/etc/up -> ../../../..          ".." past the root
 *   ROOT/etc/loop1 <-> ROOT/etc/loop2   a cycle
 *   ROOT/etc/proc -> /proc/self         into a host-only tree
 *   ROOT/etc/dangling -> /no/such/thing a target ROOT lacks
 *   ROOT/data/                          an empty directory
 *
 * and every test resolves guest paths against it and compares the host
 * paths that come out.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syscalls/path.h"
#include "loader/process.h"
#include "loader/vma.h"

static char root[PATH_MAX];     /* canonical */
static char tmpdir[PATH_MAX];
static struct process proc;

/* set-up before the tests run: Check's asserts are not available */
#define MUST(cond) do {                                                  \
	if (!(cond)) {                                                   \
		fprintf(stderr, "path: set-up failed: %s\n", #cond);      \
		exit(EXIT_FAILURE);                                      \
	}                                                                \
} while (0)

static void mk(const char *rel, const char *link_to)
{
	char p[2 * PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", root, rel);
	if (link_to) {
		MUST(symlink(link_to, p) == 0);
	} else if (rel[strlen(rel) - 1] == '/') {
		MUST(mkdir(p, 0755) == 0);
	} else {
		int fd = open(p, O_CREAT | O_WRONLY, 0644);
		MUST(fd >= 0);
		close(fd);
	}
}

static void build_root(void)
{
	char t[] = "/tmp/warp-path-XXXXXX";

	MUST(mkdtemp(t));
	MUST(realpath(t, tmpdir));
	MUST(strlen(tmpdir) + 6 < sizeof root);
	strcat(strcpy(root, tmpdir), "/root");
	MUST(mkdir(root, 0755) == 0);
	mk("usr/", NULL);
	mk("usr/lib/", NULL);
	mk("usr/lib/libc.so.6", NULL);
	mk("usr/lib/abs", "/usr/lib/libc.so.6");
	mk("lib", "usr/lib");
	mk("etc/", NULL);
	mk("etc/target", NULL);
	mk("etc/abs-dir", "/etc");
	mk("etc/up", "../../../..");
	mk("etc/loop1", "loop2");
	mk("etc/loop2", "loop1");
	mk("etc/proc", "/proc/self");
	mk("etc/dangling", "/no/such/thing");
	mk("data/", NULL);
}

static void setup(void)
{
	memset(&proc, 0, sizeof proc);
	proc.exe_path = "/bin/guest-program";
	ck_assert_int_eq(sys_sysroot_init(&proc, root), 0);
	ck_assert_ptr_nonnull(proc.root);
}

static void teardown(void)
{
	ck_assert_int_eq(chdir("/"), 0);
	sys_sysroot_free(&proc);
}

/* Resolve PATH (relative to DIRFD) with FLAGS; the result, or an errno
 * as "-E<n>". */
static const char *res_at(int dirfd, const char *path, unsigned flags)
{
	static char out[PATH_MAX];
	int r = sys_path_resolve_proc(&proc, dirfd, path, out, sizeof out, flags);

	if (r < 0)
		snprintf(out, sizeof out, "-E%d", -r);
	return out;
}

static const char *res(const char *path, unsigned flags)
{
	return res_at(AT_FDCWD, path, flags);
}

/* ROOT followed by REL */
static const char *in_root(const char *rel)
{
	static char p[2 * PATH_MAX];

	snprintf(p, sizeof p, "%s%s", root, rel);
	return p;
}

START_TEST(plain_and_links)
{
	ck_assert_str_eq(res("/usr/lib/libc.so.6", 0), in_root("/usr/lib/libc.so.6"));
	/* a relative link in the middle */
	ck_assert_str_eq(res("/lib/libc.so.6", 0), in_root("/usr/lib/libc.so.6"));
	/* the last component: followed or not */
	ck_assert_str_eq(res("/lib", 0), in_root("/usr/lib"));
	ck_assert_str_eq(res("/lib", SYS_PATH_NOFOLLOW), in_root("/lib"));
	/* a trailing slash follows anyway */
	ck_assert_str_eq(res("/lib/", SYS_PATH_NOFOLLOW), in_root("/usr/lib"));
	/* absolute links stay inside the root */
	ck_assert_str_eq(res("/usr/lib/abs", 0), in_root("/usr/lib/libc.so.6"));
	ck_assert_str_eq(res("/usr/lib/abs", SYS_PATH_NOFOLLOW), in_root("/usr/lib/abs"));
	ck_assert_str_eq(res("/etc/abs-dir/target", 0), in_root("/etc/target"));
	/* redundant slashes and dots */
	ck_assert_str_eq(res("//usr/./lib//libc.so.6", 0), in_root("/usr/lib/libc.so.6"));
	/* the root itself */
	ck_assert_str_eq(res("/", 0), root);
	ck_assert_str_eq(res("/.", 0), root);
	/* a file used as a directory: the kernel says ENOTDIR on the host */
	ck_assert_str_eq(res("/usr/lib/libc.so.6/", 0), in_root("/usr/lib/libc.so.6/"));
}
END_TEST

START_TEST(dotdot_at_root)
{
	ck_assert_str_eq(res("/..", 0), root);
	ck_assert_str_eq(res("/../../etc/target", 0), in_root("/etc/target"));
	ck_assert_str_eq(res("/usr/../../../etc/target", 0), in_root("/etc/target"));
	/* a link that climbs past the root */
	ck_assert_str_eq(res("/etc/up/etc/target", 0), in_root("/etc/target"));
	ck_assert_str_eq(res("/etc/up", 0), root);
	/* ".." after a link goes up from where the link led */
	ck_assert_str_eq(res("/lib/../lib/libc.so.6", 0), in_root("/usr/lib/libc.so.6"));
	ck_assert_str_eq(res("/lib/..", 0), in_root("/usr"));
}
END_TEST

START_TEST(host_fallback)
{
	/* what the sysroot lacks is the host's */
	ck_assert_str_eq(res("/tmp", 0), "/tmp");
	ck_assert_str_eq(res("/home/nobody/x", 0), "/home/nobody/x");
	ck_assert_str_eq(res("/usr/share/x", 0), "/usr/share/x");
	ck_assert_str_eq(res("/etc/passwd", 0), "/etc/passwd");
	/* /proc, /sys and /dev are always the host's */
	ck_assert_str_eq(res("/proc/self/maps", 0), "/proc/self/maps");
	ck_assert_str_eq(res("/dev/null", 0), "/dev/null");
	/* reached through a sysroot link: where the link says */
	ck_assert_str_eq(res("/etc/proc/maps", 0), "/proc/self/maps");
	ck_assert_str_eq(res("/etc/dangling", 0), "/no/such/thing");
	ck_assert_str_eq(res("/etc/dangling", SYS_PATH_NOFOLLOW), in_root("/etc/dangling"));
	/* the test's own files outside the sysroot are reachable */
	ck_assert_str_eq(res(tmpdir, 0), tmpdir);
}
END_TEST

START_TEST(create)
{
	/* a new file goes where its parent is found */
	ck_assert_str_eq(res("/etc/newfile", SYS_PATH_CREATE), in_root("/etc/newfile"));
	ck_assert_str_eq(res("/data/x", SYS_PATH_CREATE), in_root("/data/x"));
	/* the root is the sysroot's: a new top-level name is created there
	 * unless the host has it */
	ck_assert_str_eq(res("/no-such-top-dir", SYS_PATH_CREATE),
			 in_root("/no-such-top-dir"));
	ck_assert_str_eq(res("/tmp", SYS_PATH_CREATE), "/tmp");
	/* an existing file is used where it is */
	ck_assert_str_eq(res("/etc/target", SYS_PATH_CREATE), in_root("/etc/target"));
	ck_assert_str_eq(res("/etc/passwd", SYS_PATH_CREATE), "/etc/passwd");
	/* a missing parent: the host's path (and its ENOENT) */
	ck_assert_str_eq(res("/etc/nodir/x", SYS_PATH_CREATE), "/etc/nodir/x");
}
END_TEST

START_TEST(errors)
{
	char big[PATH_MAX + 10];

	ck_assert_str_eq(res("/etc/loop1", 0), "-E40");      /* ELOOP */
	ck_assert_str_eq(res("/etc/loop1", SYS_PATH_NOFOLLOW), in_root("/etc/loop1"));
	ck_assert_str_eq(res("", 0), "-E2");                 /* ENOENT */
	memset(big, 'a', sizeof big - 1);
	big[0] = '/';
	big[sizeof big - 1] = 0;
	ck_assert_str_eq(res(big, 0), "-E36");               /* ENAMETOOLONG */
	/* a result that does not fit the caller's buffer */
	char small[8];
	ck_assert_int_eq(sys_path_resolve_proc(&proc, AT_FDCWD, "/usr/lib/libc.so.6",
					       small, sizeof small, 0), -ENAMETOOLONG);
}
END_TEST

START_TEST(relative)
{
	char cwd[PATH_MAX], g[PATH_MAX];
	int fd;

	/* cwd outside the sysroot: relative paths are the kernel's */
	ck_assert_int_eq(chdir(tmpdir), 0);
	sys_path_cwd_changed(&proc);
	ck_assert_str_eq(res("a/b", 0), "a/b");
	ck_assert_str_eq(res("../x", 0), "../x");
	/* cwd inside: resolved in the guest's view */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_int_eq(chdir(in_root("/usr")), 0);
	sys_path_cwd_changed(&proc);
	ck_assert_str_eq(res("lib/libc.so.6", 0), in_root("/usr/lib/libc.so.6"));
	ck_assert_str_eq(res("../../../../etc/target", 0), in_root("/etc/target"));
	ck_assert_str_eq(res("lib/abs", 0), in_root("/usr/lib/libc.so.6"));
	ck_assert_str_eq(res("../tmp", 0), "/tmp");
	ck_assert_int_eq(getcwd(cwd, sizeof cwd) != NULL, 1);
	ck_assert_uint_eq(sys_path_to_guest(&proc, cwd, g, sizeof g), 4);
	ck_assert_str_eq(g, "/usr");
	/* a directory descriptor inside the sysroot */
	fd = open(in_root("/etc"), O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	ck_assert_str_eq(res_at(fd, "up/etc/target", 0), in_root("/etc/target"));
	ck_assert_str_eq(res_at(fd, "abs-dir", 0), in_root("/etc"));
	/* a single name not followed cannot leave the directory */
	ck_assert_str_eq(res_at(fd, "abs-dir", SYS_PATH_NOFOLLOW), "abs-dir");
	close(fd);
	/* one outside */
	fd = open(tmpdir, O_RDONLY | O_DIRECTORY);
	ck_assert_str_eq(res_at(fd, "root/lib", 0), "root/lib");
	close(fd);
}
END_TEST

START_TEST(to_guest)
{
	char g[PATH_MAX], other[2 * PATH_MAX];

	ck_assert_uint_eq(sys_path_to_guest(&proc, in_root("/usr/lib/x"), g, sizeof g), 10);
	ck_assert_str_eq(g, "/usr/lib/x");
	sys_path_to_guest(&proc, root, g, sizeof g);
	ck_assert_str_eq(g, "/");
	/* a sibling whose name starts with the root's is not inside */
	snprintf(other, sizeof other, "%sx/y", root);
	sys_path_to_guest(&proc, other, g, sizeof g);
	ck_assert_str_eq(g, other);
	sys_path_to_guest(&proc, "/tmp/a", g, sizeof g);
	ck_assert_str_eq(g, "/tmp/a");
	/* truncation keeps a NUL and reports the full length */
	ck_assert_uint_eq(sys_path_to_guest(&proc, "/tmp/abcdef", g, 4), 11);
	ck_assert_str_eq(g, "/tm");
}
END_TEST

START_TEST(proc_exe_and_no_root)
{
	char pid_exe[64];

	/* /proc/self/exe is the guest program when followed */
	ck_assert_str_eq(res("/proc/self/exe", 0), "/bin/guest-program");
	snprintf(pid_exe, sizeof pid_exe, "/proc/%d/exe", (int)getpid());
	ck_assert_str_eq(res(pid_exe, 0), "/bin/guest-program");
	ck_assert_str_eq(res("/proc/self/exe", SYS_PATH_NOFOLLOW), "/proc/self/exe");
	ck_assert_str_eq(res("/proc/self/exe", SYS_PATH_NOMAGIC), "/proc/self/exe");
	ck_assert_str_eq(res("/proc/1/exe", 0), "/proc/1/exe");
	/* without a sysroot: paths pass unchanged */
	sys_sysroot_free(&proc);
	ck_assert_ptr_null(sys_sysroot_dir(&proc));
	ck_assert_str_eq(res("/lib/libc.so.6", 0), "/lib/libc.so.6");
	ck_assert_str_eq(res("rel/x", 0), "rel/x");
	ck_assert_str_eq(res("/proc/self/exe", 0), "/bin/guest-program");
	/* "/" as a sysroot is no sysroot; a file is refused */
	ck_assert_int_eq(sys_sysroot_init(&proc, "/"), 0);
	ck_assert_ptr_null(proc.root);
	ck_assert_int_eq(sys_sysroot_init(&proc, in_root("/etc/target")), -ENOTDIR);
	ck_assert_int_eq(sys_sysroot_init(&proc, "/no/such/dir"), -ENOENT);
}
END_TEST

START_TEST(cache_forget)
{
	char p[2 * PATH_MAX];

	ck_assert_str_eq(res("/usr/lib/abs", 0), in_root("/usr/lib/libc.so.6"));
	/* the link now points elsewhere: after sys_path_forget the resolver
	 * sees it */
	snprintf(p, sizeof p, "%s/usr/lib/abs", root);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(symlink("/etc/target", p), 0);
	sys_path_forget(&proc);
	ck_assert_str_eq(res("/usr/lib/abs", 0), in_root("/etc/target"));
	/* a directory replaced by a file */
	snprintf(p, sizeof p, "%s/data", root);
	ck_assert_str_eq(res("/data/x", SYS_PATH_CREATE), in_root("/data/x"));
	ck_assert_int_eq(rmdir(p), 0);
	ck_assert_int_eq(close(open(p, O_CREAT | O_WRONLY, 0644)), 0);
	sys_path_forget(&proc);
	ck_assert_str_eq(res("/data/x", SYS_PATH_CREATE), "/data/x");
	/* put things back for the other tests */
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/usr/lib/abs", root);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(symlink("/usr/lib/libc.so.6", p), 0);
}
END_TEST

/* ---- the VMA list ------------------------------------------------- */

static void expect(struct vma_list *l, unsigned n, const struct vma *want)
{
	ck_assert_uint_eq(l->n, n);
	for (unsigned i = 0; i < n; i++) {
		ck_assert_uint_eq(l->v[i].start, want[i].start);
		ck_assert_uint_eq(l->v[i].end, want[i].end);
		ck_assert_int_eq(l->v[i].prot, want[i].prot);
		ck_assert_uint_eq(l->v[i].flags, want[i].flags);
	}
}

START_TEST(vma_ops)
{
	struct process p = { 0 };
	struct vma_list *l = vma_list(&p);
	struct vma *got, v;

	ck_assert_ptr_eq(vma_list(&p), l);
	vma_map(l, 0x10000, 0x20000, PROT_READ, 0);
	vma_map(l, 0x20000, 0x30000, PROT_READ, 0);        /* merges */
	expect(l, 1, (struct vma[]){ { 0x10000, 0x30000, PROT_READ, 0 } });
	/* a hole in the middle, then a different protection */
	vma_unmap(l, 0x14000, 0x16000);
	vma_protect(l, 0x18000, 0x1a000, PROT_READ | PROT_WRITE);
	expect(l, 4, (struct vma[]){
		{ 0x10000, 0x14000, PROT_READ, 0 },
		{ 0x16000, 0x18000, PROT_READ, 0 },
		{ 0x18000, 0x1a000, PROT_READ | PROT_WRITE, 0 },
		{ 0x1a000, 0x30000, PROT_READ, 0 } });
	ck_assert(!vma_covered(l, 0x10000, 0x18000, 0));
	ck_assert(vma_covered(l, 0x16000, 0x30000, 0));
	ck_assert(vma_meets(l, 0x13000, 0x15000, 0));
	ck_assert(!vma_meets(l, 0x14000, 0x16000, 0));
	/* hidden reservations: covered unless avoided, never reprotected */
	vma_map(l, 0x14000, 0x16000, PROT_NONE, VMA_HIDDEN);
	ck_assert(vma_covered(l, 0x10000, 0x18000, 0));
	ck_assert(!vma_covered(l, 0x10000, 0x18000, VMA_HIDDEN));
	ck_assert(vma_meets(l, 0x10000, 0x30000, VMA_HIDDEN));
	vma_protect(l, 0x10000, 0x30000, PROT_READ);
	expect(l, 3, (struct vma[]){
		{ 0x10000, 0x14000, PROT_READ, 0 },
		{ 0x14000, 0x16000, PROT_NONE, VMA_HIDDEN },
		{ 0x16000, 0x30000, PROT_READ, 0 } });
	/* replacing across several VMAs */
	vma_map(l, 0x12000, 0x20000, PROT_EXEC, VMA_HEAP);
	expect(l, 3, (struct vma[]){
		{ 0x10000, 0x12000, PROT_READ, 0 },
		{ 0x12000, 0x20000, PROT_EXEC, VMA_HEAP },
		{ 0x20000, 0x30000, PROT_READ, 0 } });
	/* clipped copies */
	ck_assert_uint_eq(vma_get(l, 0x11000, 0x21000, &got), 3);
	ck_assert_uint_eq(got[0].start, 0x11000);
	ck_assert_uint_eq(got[2].end, 0x21000);
	free(got);
	ck_assert_uint_eq(vma_get(l, 0x40000, 0x50000, &got), 0);
	ck_assert_ptr_null(got);
	ck_assert(vma_find(l, 0x12345, &v));
	ck_assert_uint_eq(v.flags, VMA_HEAP);
	ck_assert(!vma_find(l, 0x30000, &v));
	/* a split of one VMA into two by an unmap inside it */
	vma_unmap(l, 0x13000, 0x14000);
	ck_assert_uint_eq(l->n, 4);
	vma_unmap(l, 0, ~0ull);
	ck_assert_uint_eq(l->n, 0);
	/* many VMAs: the array grows and stays sorted */
	for (unsigned i = 0; i < 1000; i++)
		vma_map(l, 0x100000 + 0x2000ull * (999 - i),
			0x100000 + 0x2000ull * (999 - i) + 0x1000, PROT_READ, 0);
	ck_assert_uint_eq(l->n, 1000);
	for (unsigned i = 1; i < l->n; i++)
		ck_assert_uint_lt(l->v[i - 1].end, l->v[i].start);
}
END_TEST

static Suite *path_suite(void)
{
	Suite *s = suite_create("path");
	TCase *t = tcase_create("sysroot");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, plain_and_links);
	tcase_add_test(t, dotdot_at_root);
	tcase_add_test(t, host_fallback);
	tcase_add_test(t, create);
	tcase_add_test(t, errors);
	tcase_add_test(t, relative);
	tcase_add_test(t, to_guest);
	tcase_add_test(t, proc_exe_and_no_root);
	tcase_add_test(t, cache_forget);
	suite_add_tcase(s, t);
	t = tcase_create("vma");
	tcase_add_test(t, vma_ops);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(path_suite());
	char cmd[PATH_MAX + 16];

	build_root();
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
