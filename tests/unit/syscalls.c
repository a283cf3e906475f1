/*
 * syscalls.c - unit tests of the syscall layer (syscalls/).
 *
 * The layer runs here on a fake riscv64 cpu (registers in env, guest_base
 * 0) without the translator: the tb_* hooks it calls are replaced by
 * recording stubs, and a minimal SIGSEGV handler honours sig_recover the
 * way signals/signal.c does, so the fault-safe copies can be tested alone.
 *
 * What is checked: the riscv64 number table (against the installed kernel
 * headers when present), the asm-generic struct stat layout and its
 * conversion, -EFAULT from guest_read/guest_write/guest_strnlen on
 * unmapped or read-only memory, brk semantics, MAP_FIXED refusing warp's
 * memory, dispatch (pc, a0, ENOSYS once per number) and a few syscalls
 * end to end.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "syscalls/internal.h"
#include "guest/riscv64/cpu.h"

/* ---- the environment: stubs for translate/ and signals/ ---- */

__thread sigjmp_buf *sig_recover;

static struct { gaddr_t addr; uint64_t len; unsigned n; } prep, mprot;
static int mprot_last;

void tb_prepare_write(struct tcache *tc, gaddr_t addr, uint64_t len)
{
	prep.addr = addr;
	prep.len = len;
	prep.n++;
}

void tb_guest_mprotect(struct tcache *tc, gaddr_t addr, uint64_t len, int prot)
{
	mprot.addr = addr;
	mprot.len = len;
	mprot.n++;
	mprot_last = prot;
}

void tb_invalidate_range(struct tcache *tc, gaddr_t start, gaddr_t end)
{
}

/* fork (syscalls/process.c): no code buffer here */
int tc_fork_prepare(struct tcache *tc, bool keep_code, struct tc_fork *f)
{
	f->fd = -1;
	f->keep_code = keep_code;
	return 0;
}

void tc_after_fork(struct tcache *tc, struct tc_fork *f, bool child)
{
}

/* exit and execve save the translation cache: there is none here */
void pcache_save(struct tcache *tc)
{
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	if (sig_recover)
		siglongjmp(*sig_recover, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const struct guest_arch fake_arch = {
	.name = "riscv64",
	.uname_machine = "riscv64",
	.elf_class = 2,
	.elf_data = 1,
	.page_size = 4096,
	.minsigstksz = 2048,
	.sys = &sys_abi_riscv64,
};

static struct tcache tc;
static struct process proc;
static struct cpu *cpu;

static void setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	memset(&tc, 0, sizeof tc);
	memset(&proc, 0, sizeof proc);
	proc.arch = &fake_arch;
	proc.exe_path = "/bin/true";
	cpu = aligned_alloc(64, ALIGN_UP(sizeof *cpu, 64));
	memset(cpu, 0, sizeof *cpu);
	cpu->arch = &fake_arch;
	cpu->tc = &tc;
	cpu->proc = &proc;
	cpu->pc = 0x10000;
	memset(&prep, 0, sizeof prep);
	memset(&mprot, 0, sizeof mprot);
}

static void teardown(void)
{
	free(cpu);
}

/* Run syscall NR with arguments through sys_dispatch; returns a0. */
static int64_t call(long nr, uint64_t a0, uint64_t a1, uint64_t a2,
		    uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct rv_state *s = RV(cpu);
	s->x[RV_A7] = nr;
	s->x[10] = a0; s->x[11] = a1; s->x[12] = a2;
	s->x[13] = a3; s->x[14] = a4; s->x[15] = a5;
	sys_dispatch(cpu);
	return (int64_t)s->x[RV_A0];
}
#define CALL(nr, ...) call_n(nr, (uint64_t[6]){ __VA_ARGS__ })
static int64_t call_n(long nr, const uint64_t *a)
{
	return call(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
#define G(p) ((uint64_t)(uintptr_t)(p))

/* a page that is certainly not mapped */
static void *unmapped_page(void)
{
	void *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	munmap(p, 4096);
	return p;
}

/* ---- the number table ---- */

static const char *rv_name(long nr)
{
	const struct sys_abi *abi = &sys_abi_riscv64;
	if (nr < 0 || nr >= (long)abi->n_table || abi->table[nr] < 0)
		return NULL;
	return sys_table[abi->table[nr]].name;
}

START_TEST(numbers_spot)
{
	static const struct { long nr; const char *name; } t[] = {
		{ 17, "getcwd" }, { 25, "fcntl" }, { 29, "ioctl" },
		{ 56, "openat" }, { 57, "close" }, { 61, "getdents64" },
		{ 62, "lseek" }, { 63, "read" }, { 64, "write" },
		{ 66, "writev" }, { 78, "readlinkat" }, { 79, "newfstatat" },
		{ 80, "fstat" }, { 93, "exit" }, { 94, "exit_group" },
		{ 96, "set_tid_address" }, { 99, "set_robust_list" },
		{ 113, "clock_gettime" }, { 134, "rt_sigaction" },
		{ 135, "rt_sigprocmask" }, { 160, "uname" }, { 172, "getpid" },
		{ 214, "brk" }, { 215, "munmap" }, { 222, "mmap" },
		{ 226, "mprotect" }, { 259, "riscv_flush_icache" },
		{ 261, "prlimit64" }, { 276, "renameat2" }, { 278, "getrandom" },
		{ 291, "statx" }, { 293, "rseq" }, { 439, "faccessat2" },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(t); i++) {
		const char *n = rv_name(t[i].nr);
		ck_assert_msg(n && !strcmp(n, t[i].name), "nr %ld is %s, want %s",
			      t[i].nr, n ? n : "(none)", t[i].name);
	}
	/* riscv64 has no renameat (no __ARCH_WANT_RENAMEAT) */
	ck_assert_ptr_null(rv_name(38));
	ck_assert_ptr_null(rv_name(-1));
	ck_assert_ptr_null(rv_name(100000));
}
END_TEST

/* Every number the installed asm-generic header defines directly must map
 * to the syscall of that name, except the ones riscv64 does not have. */
START_TEST(numbers_header)
{
	static const char *const not_riscv64[] = {
		"renameat", "sync_file_range2", "arch_specific_syscall",
		"syscalls",
	};
	FILE *f = fopen("/usr/riscv64-linux-gnu/include/asm-generic/unistd.h", "r");
	char line[256], name[128];
	long nr;
	unsigned checked = 0;

	if (!f) {
		fprintf(stderr, "syscalls test: riscv64 kernel headers not installed, "
			"header comparison skipped\n");
		return;
	}
	while (fgets(line, sizeof line, f)) {
		char tail;
		if (sscanf(line, "#define __NR_%127s %ld%c", name, &nr, &tail) != 3 ||
		    (tail != '\n' && tail != ' ' && tail != '\t'))
			continue;
		/* 403..423: the time64 calls of 32-bit ABIs */
		bool skip = nr >= 403 && nr <= 423;
		for (unsigned i = 0; i < ARRAY_SIZE(not_riscv64); i++)
			skip |= !strcmp(name, not_riscv64[i]);
		if (skip)
			continue;
		const char *mine = rv_name(nr);
		ck_assert_msg(mine && !strcmp(mine, name), "header: %s = %ld, table: %s",
			      name, nr, mine ? mine : "(none)");
		checked++;
	}
	fclose(f);
	ck_assert_uint_gt(checked, 250);
}
END_TEST

START_TEST(table_complete)
{
	/* every generic id has a name; implemented rows have sane arity */
	for (unsigned i = 0; i < SC__COUNT; i++) {
		ck_assert_ptr_nonnull(sys_table[i].name);
		ck_assert_uint_le(sys_table[i].nargs, 6);
	}
	ck_assert_ptr_nonnull(sys_table[SC_read].fn);
	ck_assert_ptr_null(sys_table[SC_kexec_load].fn);
	ck_assert_uint_eq(sys_table[SC_mmap].nargs, 6);
	ck_assert_uint_eq(sys_table[SC_openat].kinds[1], SK_STR);
}
END_TEST

/* ---- struct stat ---- */

/* include/uapi/asm-generic/stat.h as a 64-bit compiler lays it out */
struct generic_stat64 {
	unsigned long st_dev, st_ino;
	unsigned int st_mode, st_nlink, st_uid, st_gid;
	unsigned long st_rdev, pad1;
	long st_size;
	int st_blksize, pad2;
	long st_blocks;
	long st_atime_, st_atime_nsec_;
	long st_mtime_, st_mtime_nsec_;
	long st_ctime_, st_ctime_nsec_;
	unsigned int unused4, unused5;
};

START_TEST(stat_layout)
{
	const struct conv_layout *l = &conv_stat_generic64;
	ck_assert_uint_eq(sizeof(struct generic_stat64), 128);
	ck_assert_uint_eq(l->size, 128);
#define CHK(i, field) do { \
		ck_assert_uint_eq(l->f[i].off, offsetof(struct generic_stat64, field)); \
		ck_assert_uint_eq(l->f[i].size, sizeof(((struct generic_stat64 *)0)->field)); \
	} while (0)
	CHK(ST_DEV, st_dev); CHK(ST_INO, st_ino); CHK(ST_MODE, st_mode);
	CHK(ST_NLINK, st_nlink); CHK(ST_UID, st_uid); CHK(ST_GID, st_gid);
	CHK(ST_RDEV, st_rdev); CHK(ST_SIZE, st_size); CHK(ST_BLKSIZE, st_blksize);
	CHK(ST_BLOCKS, st_blocks); CHK(ST_ATIME, st_atime_);
	CHK(ST_ATIME_NSEC, st_atime_nsec_); CHK(ST_MTIME, st_mtime_);
	CHK(ST_MTIME_NSEC, st_mtime_nsec_); CHK(ST_CTIME, st_ctime_);
	CHK(ST_CTIME_NSEC, st_ctime_nsec_);
#undef CHK
}
END_TEST

START_TEST(stat_convert)
{
	struct generic_stat64 g;
	uint64_t v[ST__N];
	const struct sys_conv *c = sys_abi_riscv64.conv;

	for (unsigned i = 0; i < ST__N; i++)
		v[i] = 0x1000 + i;
	v[ST_SIZE] = (uint64_t)-5;      /* signed values survive */
	memset(&g, 0xaa, sizeof g);
	ck_assert_int_eq(conv_out(c, c->lay[CONV_STAT], v, &g), 0);
	ck_assert_uint_eq(g.st_dev, 0x1000 + ST_DEV);
	ck_assert_uint_eq(g.st_ino, 0x1000 + ST_INO);
	ck_assert_uint_eq(g.st_mode, 0x1000 + ST_MODE);
	ck_assert_uint_eq(g.st_nlink, 0x1000 + ST_NLINK);
	ck_assert_uint_eq(g.st_uid, 0x1000 + ST_UID);
	ck_assert_uint_eq(g.st_gid, 0x1000 + ST_GID);
	ck_assert_uint_eq(g.st_rdev, 0x1000 + ST_RDEV);
	ck_assert_int_eq(g.st_size, -5);
	ck_assert_int_eq(g.st_blksize, 0x1000 + ST_BLKSIZE);
	ck_assert_int_eq(g.st_blocks, 0x1000 + ST_BLOCKS);
	ck_assert_int_eq(g.st_atime_, 0x1000 + ST_ATIME);
	ck_assert_int_eq(g.st_mtime_nsec_, 0x1000 + ST_MTIME_NSEC);
	ck_assert_int_eq(g.st_ctime_nsec_, 0x1000 + ST_CTIME_NSEC);
	/* padding is zeroed, not left as it was */
	ck_assert_uint_eq(g.pad1, 0);
	ck_assert_int_eq(g.pad2, 0);
	ck_assert_uint_eq(g.unused4, 0);
	ck_assert_uint_eq(g.unused5, 0);

	/* a link count that does not fit 32 bits is EOVERFLOW, as the kernel */
	v[ST_NLINK] = 1ull << 32;
	ck_assert_int_eq(conv_out(c, c->lay[CONV_STAT], v, &g), -EOVERFLOW);
}
END_TEST

START_TEST(stat_big_endian)
{
	struct sys_conv be = *sys_abi_riscv64.conv;
	uint8_t buf[16];
	uint64_t v[TS__N] = { 0x0102030405060708ull, 0x1122334455667788ull }, back[TS__N];
	be.big_endian = true;
	ck_assert_int_eq(conv_out(&be, be.lay[CONV_TIMESPEC], v, buf), 0);
	ck_assert_uint_eq(buf[0], 0x01);
	ck_assert_uint_eq(buf[7], 0x08);
	ck_assert_uint_eq(buf[8], 0x11);
	conv_in(&be, be.lay[CONV_TIMESPEC], buf, back);
	ck_assert_uint_eq(back[TS_SEC], v[TS_SEC]);
	ck_assert_uint_eq(back[TS_NSEC], v[TS_NSEC]);
}
END_TEST

START_TEST(fstat_syscall)
{
	struct generic_stat64 g;
	struct stat st;
	char path[] = "/tmp/warp-sys-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "hello", 5), 5);
	ck_assert_int_eq(fstat(fd, &st), 0);

	ck_assert_int_eq(call(80, fd, G(&g), 0, 0, 0, 0), 0);
	ck_assert_uint_eq(g.st_ino, st.st_ino);
	ck_assert_uint_eq(g.st_dev, st.st_dev);
	ck_assert_uint_eq(g.st_mode, st.st_mode);
	ck_assert_int_eq(g.st_size, 5);
	ck_assert_int_eq(g.st_mtime_, st.st_mtim.tv_sec);
	ck_assert_int_eq(g.st_mtime_nsec_, st.st_mtim.tv_nsec);

	memset(&g, 0, sizeof g);
	ck_assert_int_eq(call(79, AT_FDCWD, G(path), G(&g), 0, 0, 0), 0);
	ck_assert_uint_eq(g.st_ino, st.st_ino);
	/* a bad buffer is EFAULT, not a crash */
	ck_assert_int_eq(call(80, fd, G(unmapped_page()), 0, 0, 0, 0), -EFAULT);
	ck_assert_int_eq(call(79, AT_FDCWD, G(unmapped_page()), G(&g), 0, 0, 0), -EFAULT);
	close(fd);
	unlink(path);
}
END_TEST

/* ---- guest memory ---- */

START_TEST(guestmem_fault)
{
	char buf[64];
	void *bad = unmapped_page();
	ck_assert_int_eq(guest_read(cpu, buf, G(bad), 8), -EFAULT);
	ck_assert_int_eq(guest_write(cpu, G(bad), buf, 8), -EFAULT);
	ck_assert_int_eq(guest_strnlen(cpu, G(bad), 100), -EFAULT);
	ck_assert_ptr_null(sig_recover);

	/* a read-only page: reading works, writing is EFAULT */
	char *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(ro, "guest");
	mprotect(ro, 4096, PROT_READ);
	ck_assert_int_eq(guest_read(cpu, buf, G(ro), 6), 0);
	ck_assert_str_eq(buf, "guest");
	ck_assert_int_eq(guest_write(cpu, G(ro), "x", 1), -EFAULT);
	ck_assert_int_eq(guest_strnlen(cpu, G(ro), 100), 5);
	ck_assert_int_eq(guest_strnlen(cpu, G(ro), 3), -ENAMETOOLONG);
	ck_assert_int_eq(guest_strcpy(cpu, buf, G(ro), sizeof buf), 5);
	ck_assert_str_eq(buf, "guest");
	ck_assert_int_eq(guest_strcpy(cpu, buf, G(ro), 4), -ENAMETOOLONG);

	/* a string that runs into an unmapped page */
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(two + 4096, 4096);
	memset(two + 4096 - 10, 'a', 10);
	ck_assert_int_eq(guest_strnlen(cpu, G(two + 4096 - 10), 100), -EFAULT);
	/* a copy crossing into the hole fails as a whole */
	ck_assert_int_eq(guest_read(cpu, buf, G(two + 4096 - 4), 8), -EFAULT);
	/* wrapping ranges are refused before touching memory */
	ck_assert_int_eq(guest_read(cpu, buf, ~0ull - 2, 8), -EFAULT);
	ck_assert(!guest_range_ok(cpu, ~0ull - 2, 8));
	ck_assert_ptr_null(sig_recover);
	munmap(two, 4096);
	munmap(ro, 4096);
}
END_TEST

/* ---- dispatch ---- */

START_TEST(dispatch_basic)
{
	ck_assert_int_eq(call(172, 0, 0, 0, 0, 0, 0), getpid());
	ck_assert_uint_eq(cpu->pc, 0x10000 + 4);

	/* an unknown number: ENOSYS, logged once (bit set) */
	ck_assert_int_eq(call(1000, 0, 0, 0, 0, 0, 0), -ENOSYS);
	ck_assert(proc.enosys_logged[1000 / 8] & (1u << (1000 % 8)));
	/* a known but unimplemented one */
	ck_assert_int_eq(call(104, 0, 0, 0, 0, 0, 0), -ENOSYS);   /* kexec_load */
	ck_assert(proc.enosys_logged[104 / 8] & (1u << (104 % 8)));
	/* rseq: ENOSYS without a log line */
	ck_assert_int_eq(call(293, 0, 32, 0, 0, 0, 0), -ENOSYS);
	ck_assert(!(proc.enosys_logged[293 / 8] & (1u << (293 % 8))));
	ck_assert_uint_eq(cpu->pc, 0x10000 + 16);
}
END_TEST

START_TEST(io_roundtrip)
{
	int fds[2] = { -1, -1 };
	char buf[16] = { 0 };
	ck_assert_int_eq(call(59, G(fds), O_CLOEXEC, 0, 0, 0, 0), 0);
	ck_assert_int_ge(fds[0], 0);
	ck_assert_int_ge(fds[1], 0);
	ck_assert_int_eq(fcntl(fds[0], F_GETFD), FD_CLOEXEC);
	ck_assert_int_eq(call(64, fds[1], G("ping"), 4, 0, 0, 0), 4);
	ck_assert_int_eq(call(63, fds[0], G(buf), sizeof buf, 0, 0, 0), 4);
	ck_assert_str_eq(buf, "ping");
	/* the read buffer was announced to the translator first */
	ck_assert_uint_eq(prep.addr, G(buf));
	ck_assert_uint_eq(prep.len, sizeof buf);

	/* writev through converted iovecs */
	uint64_t iov[4] = { G("ab"), 2, G("cde"), 3 };
	ck_assert_int_eq(call(66, fds[1], G(iov), 2, 0, 0, 0), 5);
	memset(buf, 0, sizeof buf);
	ck_assert_int_eq(read(fds[0], buf, sizeof buf), 5);
	ck_assert_str_eq(buf, "abcde");
	ck_assert_int_eq(call(66, fds[1], G(unmapped_page()), 2, 0, 0, 0), -EFAULT);
	ck_assert_int_eq(call(66, fds[1], G(iov), -1, 0, 0, 0), -EINVAL);
	/* pipe2 into a bad pointer: EFAULT, and the pipe is not leaked open */
	ck_assert_int_eq(call(59, G(unmapped_page()), 0, 0, 0, 0, 0), -EFAULT);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(misc_syscalls)
{
	char uts[6 * 65];
	ck_assert_int_eq(call(160, G(uts), 0, 0, 0, 0, 0), 0);
	ck_assert_str_eq(uts + 4 * 65, "riscv64");
	ck_assert_str_eq(uts, "Linux");

	int64_t ts[2] = { -1, -1 };
	ck_assert_int_eq(call(113, CLOCK_MONOTONIC, G(ts), 0, 0, 0, 0), 0);
	ck_assert_int_ge(ts[0], 0);
	ck_assert(ts[1] >= 0 && ts[1] < 1000000000);
	ck_assert_int_eq(call(113, CLOCK_MONOTONIC, G(unmapped_page()), 0, 0, 0, 0),
			 -EFAULT);

	/* /proc/self/exe is the guest program, not warp */
	char link[PATH_MAX] = { 0 };
	int64_t n = call(78, AT_FDCWD, G("/proc/self/exe"), G(link), sizeof link, 0, 0);
	ck_assert_int_gt(n, 0);
	char want[PATH_MAX];
	ck_assert_ptr_nonnull(realpath("/bin/true", want));
	ck_assert_str_eq(link, want);

	/* ioctl: unknown request is ENOTTY; TIOCGWINSZ on a pipe ENOTTY too */
	ck_assert_int_eq(call(29, 0, 0x12345678, 0, 0, 0, 0), -ENOTTY);

	/* signal state is recorded and read back */
	uint64_t set = 1ull << (SIGUSR1 - 1), old = 0;
	ck_assert_int_eq(call(135, SIG_BLOCK, G(&set), 0, 8, 0, 0), 0);
	ck_assert_int_eq(call(135, SIG_BLOCK, 0, G(&old), 8, 0, 0), 0);
	ck_assert_uint_eq(old, set);
	ck_assert_int_eq(call(135, SIG_BLOCK, G(&set), 0, 4, 0, 0), -EINVAL);
	uint64_t act[3] = { 0x1234, 0x4, 0x10 }, oact[3] = { 9, 9, 9 };
	ck_assert_int_eq(call(134, SIGUSR2, G(act), 0, 8, 0, 0), 0);
	ck_assert_int_eq(call(134, SIGUSR2, 0, G(oact), 8, 0, 0), 0);
	ck_assert_uint_eq(oact[0], 0x1234);
	ck_assert_uint_eq(oact[1], 0x4);
	ck_assert_uint_eq(oact[2], 0x10);
	ck_assert_int_eq(call(134, SIGKILL, G(act), 0, 8, 0, 0), -EINVAL);
	/* riscv_hwprobe: RV64GC; unknown keys come back as -1 */
	int64_t pairs[6] = { 3, 77, 4, 77, 999, 77 };
	ck_assert_int_eq(call(258, G(pairs), 3, 0, 0, 0, 0), 0);
	ck_assert_int_eq(pairs[1], 1);          /* BASE_BEHAVIOR_IMA */
	ck_assert_int_eq(pairs[3], 3);          /* IMA_FD | IMA_C */
	ck_assert_int_eq(pairs[4], -1);
	ck_assert_int_eq(pairs[5], 0);
	ck_assert_int_eq(call(258, G(pairs), 1, 0, 0, 5, 0), -EINVAL);

	/* a blocked signal sent to ourselves stays pending: we live on */
	ck_assert_int_eq(call(129, getpid(), SIGUSR1, 0, 0, 0, 0), 0);
}
END_TEST

/* ---- memory ---- */

START_TEST(brk_semantics)
{
	/* a free 64 KiB area, then a blocker mapped 16 KiB above its start */
	char *area = mmap(NULL, 65536, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(area, 65536);
	gaddr_t start = G(area) + 100;   /* the end of a bss, mid-page */
	/* the loader has mapped the bss page */
	ck_assert_ptr_eq(mmap(area, 4096, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), area);
	proc.brk_start = proc.brk_cur = start;

	ck_assert_uint_eq(call(214, 0, 0, 0, 0, 0, 0), start);
	/* below the start: the break does not move */
	ck_assert_uint_eq(call(214, start - 50, 0, 0, 0, 0, 0), start);
	/* within the mapped page */
	ck_assert_uint_eq(call(214, start + 1000, 0, 0, 0, 0, 0), start + 1000);
	/* across pages: new memory is mapped and zero */
	ck_assert_uint_eq(call(214, start + 10000, 0, 0, 0, 0, 0), start + 10000);
	ck_assert_int_eq(((char *)area)[start + 9999 - G(area)], 0);
	((char *)area)[start + 9999 - G(area)] = 1;
	/* something in the way: fails, returns the old break */
	char *blocker = mmap(area + 16384, 4096, PROT_READ,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ck_assert_ptr_eq(blocker, area + 16384);
	ck_assert_uint_eq(call(214, start + 20000, 0, 0, 0, 0, 0), start + 10000);
	ck_assert_uint_eq(proc.brk_cur, start + 10000);
	/* shrinking unmaps whole pages past the new break and tells the
	 * translator */
	ck_assert_uint_eq(call(214, start + 10, 0, 0, 0, 0, 0), start + 10);
	unsigned char vec;
	ck_assert_int_eq(mincore(area + 8192, 4096, &vec), -1);
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_int_eq(mprot_last, -1);
	ck_assert_uint_eq(mprot.addr, G(area) + 4096);
	/* growing again gives zeroed pages */
	ck_assert_uint_eq(call(214, start + 10000, 0, 0, 0, 0, 0), start + 10000);
	ck_assert_int_eq(((char *)area)[start + 9999 - G(area)], 0);
	munmap(area, 65536);
}
END_TEST

START_TEST(mmap_guards)
{
	const uint64_t RW = PROT_READ | PROT_WRITE;
	const uint64_t PRIV_ANON = MAP_PRIVATE | MAP_ANONYMOUS;
	/* a plain anonymous mapping */
	int64_t g = CALL(222, 0, 8192, RW, PRIV_ANON, (uint64_t)-1, 0);
	ck_assert_int_gt(g, 0);
	((char *)(uintptr_t)g)[8191] = 1;
	/* MAP_FIXED over it is fine and drops translated code there */
	ck_assert_int_eq(CALL(222, g, 4096, RW, PRIV_ANON | MAP_FIXED, (uint64_t)-1, 0), g);
	ck_assert_int_eq(mprot_last, -1);
	ck_assert_uint_eq(mprot.addr, (uint64_t)g);
	/* MAP_FIXED over warp's code, its stack, a noted region: ENOMEM */
	uint64_t code = ALIGN_DOWN(G(&sys_dispatch), 4096);
	ck_assert_int_eq(CALL(222, code, 4096, RW, PRIV_ANON | MAP_FIXED, (uint64_t)-1, 0),
			 -ENOMEM);
	int local;
	uint64_t stack = ALIGN_DOWN(G(&local), 4096);
	ck_assert_int_eq(CALL(222, stack, 4096, RW, PRIV_ANON | MAP_FIXED, (uint64_t)-1, 0),
			 -ENOMEM);
	sys_note_warp_region(&proc, g + 4096, 4096);
	ck_assert_int_eq(CALL(222, g, 8192, RW, PRIV_ANON | MAP_FIXED, (uint64_t)-1, 0),
			 -ENOMEM);
	ck_assert_int_eq(CALL(215, g + 4096, 4096, 0, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(CALL(226, code, 4096, RW, 0, 0, 0), -ENOMEM);
	/* the code of this test still runs: nothing was replaced */
	ck_assert_int_eq(CALL(172, 0, 0, 0, 0, 0, 0), getpid());
	/* mprotect and munmap of guest memory reach the translator */
	ck_assert_int_eq(CALL(226, g, 4096, PROT_READ | PROT_EXEC, 0, 0, 0), 0);
	ck_assert_int_eq(mprot_last, PROT_READ | PROT_EXEC);
	ck_assert_int_eq(CALL(215, g, 4096, 0, 0, 0, 0), 0);
	ck_assert_int_eq(mprot_last, -1);
	ck_assert_int_eq(CALL(222, 0, 0, RW, PRIV_ANON, (uint64_t)-1, 0), -EINVAL);
}
END_TEST

START_TEST(ioctl_tty)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0) {
		fprintf(stderr, "syscalls test: no pty, ioctl test skipped\n");
		return;
	}
	ck_assert_int_eq(grantpt(m), 0);
	ck_assert_int_eq(unlockpt(m), 0);
	int t = open(ptsname(m), O_RDWR | O_NOCTTY);
	ck_assert_int_ge(t, 0);

	/* TCGETS fills the kernel's 36-byte struct termios */
	struct termios host;
	uint8_t kt[40];
	ck_assert_int_eq(tcgetattr(t, &host), 0);
	memset(kt, 0xee, sizeof kt);
	ck_assert_int_eq(call(29, t, TCGETS, G(kt), 0, 0, 0), 0);
	uint32_t fl[4];
	memcpy(fl, kt, sizeof fl);
	ck_assert_uint_eq(fl[0], host.c_iflag);
	ck_assert_uint_eq(fl[1], host.c_oflag);
	ck_assert_uint_eq(fl[2], host.c_cflag);
	ck_assert_uint_eq(fl[3], host.c_lflag);
	ck_assert_int_eq(memcmp(kt + 17, host.c_cc, 19), 0);
	ck_assert_uint_eq(kt[36], 0xee);        /* nothing beyond 36 bytes */
	ck_assert_uint_eq(prep.addr, G(kt));
	ck_assert_uint_eq(prep.len, 36);

	/* TIOCGWINSZ reads back what the host set */
	struct winsize ws = { 33, 101, 0, 0 }, got = { 0 };
	ck_assert_int_eq(ioctl(t, TIOCSWINSZ, &ws), 0);
	ck_assert_int_eq(call(29, t, TIOCGWINSZ, G(&got), 0, 0, 0), 0);
	ck_assert_uint_eq(got.ws_row, 33);
	ck_assert_uint_eq(got.ws_col, 101);
	ck_assert_int_eq(call(29, t, TIOCGWINSZ, G(unmapped_page()), 0, 0, 0), -EFAULT);
	/* on a pipe: ENOTTY, as natively */
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(call(29, p[0], TCGETS, G(kt), 0, 0, 0), -ENOTTY);
	close(p[0]);
	close(p[1]);
	close(t);
	close(m);
}
END_TEST

START_TEST(strace_lines)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	proc.strace = f;
	ck_assert_int_eq(call(56, (uint64_t)AT_FDCWD, G("/nonexistent/x"),
			      O_RDONLY | O_CLOEXEC, 0, 0, 0), -ENOENT);
	ck_assert_int_eq(call(64, 1, G("hi\n"), 0, 0, 0, 0), 0);
	ck_assert_int_eq(call(1000, 0, 0, 0, 0, 0, 0), -ENOSYS);
	proc.strace = NULL;
	fclose(f);
	char want[256];
	snprintf(want, sizeof want,
		 "%d openat(AT_FDCWD, \"/nonexistent/x\", O_RDONLY|O_CLOEXEC, 0) = "
		 "-1 ENOENT (No such file or directory)\n"
		 "%d write(1, \"\", 0) = 0\n"
		 "%d syscall_1000() = -1 ENOSYS (Function not implemented)\n",
		 getpid(), getpid(), getpid());
	ck_assert_str_eq(out, want);
	free(out);
}
END_TEST

static Suite *syscalls_suite(void)
{
	Suite *s = suite_create("syscalls");
	TCase *t = tcase_create("core");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, numbers_spot);
	tcase_add_test(t, numbers_header);
	tcase_add_test(t, table_complete);
	tcase_add_test(t, stat_layout);
	tcase_add_test(t, stat_convert);
	tcase_add_test(t, stat_big_endian);
	tcase_add_test(t, fstat_syscall);
	tcase_add_test(t, guestmem_fault);
	tcase_add_test(t, dispatch_basic);
	tcase_add_test(t, io_roundtrip);
	tcase_add_test(t, misc_syscalls);
	tcase_add_test(t, brk_semantics);
	tcase_add_test(t, mmap_guards);
	tcase_add_test(t, ioctl_tty);
	tcase_add_test(t, strace_lines);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(syscalls_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
