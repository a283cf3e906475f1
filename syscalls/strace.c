/*
 * strace.c - -strace and -d strace: one line per guest syscall,
 *
 *   PID name(arg, arg, ...) = result
 *
 * formatted from the argument kinds in syscalls.def, in strace's style.
 * The line is printed when the call returns (output buffers are then
 * filled); a call that does not return (exit_group) is printed on entry.
 * Reading guest memory for strings goes through the fault-safe copies, so
 * tracing a bad pointer prints the address instead of crashing.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "internal.h"

struct name_val { uint64_t v; const char *name; };

static const struct name_val prot_names[] = {
	{ PROT_READ, "PROT_READ" }, { PROT_WRITE, "PROT_WRITE" },
	{ PROT_EXEC, "PROT_EXEC" },
};
static const struct name_val map_names[] = {
	{ MAP_FIXED, "MAP_FIXED" }, { MAP_ANONYMOUS, "MAP_ANONYMOUS" },
	{ MAP_GROWSDOWN, "MAP_GROWSDOWN" }, { MAP_DENYWRITE, "MAP_DENYWRITE" },
	{ MAP_NORESERVE, "MAP_NORESERVE" }, { MAP_POPULATE, "MAP_POPULATE" },
	{ MAP_STACK, "MAP_STACK" }, { MAP_HUGETLB, "MAP_HUGETLB" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" },
};
static const struct name_val at_names[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
	{ 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
	{ 0x1000, "AT_EMPTY_PATH" },
};
static const char *const clock_names[] = {
	"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
	"CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE",
	"CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME", "CLOCK_REALTIME_ALARM",
	"CLOCK_BOOTTIME_ALARM", NULL, "CLOCK_TAI",
};
static const struct name_val fcntl_names[] = {
	{ F_DUPFD, "F_DUPFD" }, { F_GETFD, "F_GETFD" }, { F_SETFD, "F_SETFD" },
	{ F_GETFL, "F_GETFL" }, { F_SETFL, "F_SETFL" }, { F_GETLK, "F_GETLK" },
	{ F_SETLK, "F_SETLK" }, { F_SETLKW, "F_SETLKW" },
	{ F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC" }, { F_GETPIPE_SZ, "F_GETPIPE_SZ" },
	{ F_SETPIPE_SZ, "F_SETPIPE_SZ" },
};
static const char *const whence_names[] = {
	"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE",
};
static const char *const rlimit_names[] = {
	"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
	"RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE",
	"RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING",
	"RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
};

static void put_bits(FILE *f, uint64_t v, const struct name_val *t, unsigned n,
		     bool first)
{
	for (unsigned i = 0; i < n; i++) {
		if ((v & t[i].v) == t[i].v && t[i].v) {
			fprintf(f, "%s%s", first ? "" : "|", t[i].name);
			v &= ~t[i].v;
			first = false;
		}
	}
	if (v || first)
		fprintf(f, "%s%#" PRIx64, first ? "" : "|", v);
}

static void put_name(FILE *f, uint64_t v, const char *const *t, unsigned n)
{
	if (v < n && t[v])
		fputs(t[v], f);
	else
		fprintf(f, "%" PRId64, (int64_t)v);
}

static void put_quoted(FILE *f, const uint8_t *s, size_t n, bool more)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c >= 32 && c < 127)
			fputc(c, f);
		else
			fprintf(f, "\\%o", c);
	}
	fputc('"', f);
	if (more)
		fputs("...", f);
}

static void put_mem(struct cpu *cpu, FILE *f, gaddr_t g, uint64_t len)
{
	uint8_t buf[32];
	size_t n = len < sizeof buf ? len : sizeof buf;
	if (!g || guest_read(cpu, buf, g, n) < 0) {
		fprintf(f, "%#" PRIx64, g);
		return;
	}
	put_quoted(f, buf, n, len > n);
}

static void put_str(struct cpu *cpu, FILE *f, gaddr_t g)
{
	char buf[65];
	long n = g ? guest_strnlen(cpu, g, 64) : -EFAULT;
	if (n == -EFAULT) {
		fprintf(f, g ? "%#" PRIx64 : "NULL", g);
		return;
	}
	size_t len = n < 0 ? 64 : (size_t)n;
	if (guest_read(cpu, buf, g, len) < 0) {
		fprintf(f, "%#" PRIx64, g);
		return;
	}
	put_quoted(f, (uint8_t *)buf, len, n < 0);
}

static void put_oflags(struct cpu *cpu, FILE *f, uint64_t v)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "3" };
	const struct flag_map *m = sys_conv(cpu)->open_flags;
	fputs(acc[v & 3], f);
	v &= ~3ull;
	for (unsigned i = 0; m && i < m->n; i++) {
		if ((v & m->bits[i].guest) == m->bits[i].guest) {
			fprintf(f, "|%s", m->bits[i].name);
			v &= ~(uint64_t)m->bits[i].guest;
		}
	}
	if (v)
		fprintf(f, "|%#" PRIx64, v);
}

static void put_arg(struct cpu *cpu, FILE *f, unsigned kind, const uint64_t *a,
		    unsigned i, int64_t ret)
{
	uint64_t v = a[i];
	switch (kind) {
	case SK_FD:
		fprintf(f, "%d", (int)v);
		break;
	case SK_DIRFD:
		if ((int)v == -100)
			fputs("AT_FDCWD", f);
		else
			fprintf(f, "%d", (int)v);
		break;
	case SK_PTR:
	case SK_IOV:
		fprintf(f, v ? "%#" PRIx64 : "NULL", v);
		break;
	case SK_STR:
		put_str(cpu, f, v);
		break;
	case SK_IBUF:
		put_mem(cpu, f, v, i + 1 < 6 ? a[i + 1] : 0);
		break;
	case SK_OBUF:
		if (ret > 0)
			put_mem(cpu, f, v, ret);
		else
			fprintf(f, "%#" PRIx64, v);
		break;
	case SK_SIZE:
		fprintf(f, "%" PRIu64, v);
		break;
	case SK_MODE:
		fprintf(f, "%#" PRIo64, v);
		break;
	case SK_OFLAGS:
		put_oflags(cpu, f, v);
		break;
	case SK_PROT:
		if (!v)
			fputs("PROT_NONE", f);
		else
			put_bits(f, v, prot_names, ARRAY_SIZE(prot_names), true);
		break;
	case SK_MFLAGS:
		fputs((v & 0xf) == 1 ? "MAP_SHARED" : (v & 0xf) == 2 ? "MAP_PRIVATE"
		      : "MAP_SHARED_VALIDATE", f);
		if (v & ~0xfull)
			put_bits(f, v & ~0xfull, map_names, ARRAY_SIZE(map_names), false);
		break;
	case SK_ATFLAGS:
		put_bits(f, v, at_names, ARRAY_SIZE(at_names), true);
		break;
	case SK_CLOCK:
		put_name(f, v, clock_names, ARRAY_SIZE(clock_names));
		break;
	case SK_SIG: {
		const char *s = (int)v > 0 && (int)v < 32 ? sigabbrev_np((int)v) : NULL;
		if (s)
			fprintf(f, "SIG%s", s);
		else
			fprintf(f, "%d", (int)v);
		break;
	}
	case SK_FCNTL: {
		const char *s = NULL;
		for (unsigned k = 0; k < ARRAY_SIZE(fcntl_names); k++)
			if (fcntl_names[k].v == v)
				s = fcntl_names[k].name;
		if (s)
			fputs(s, f);
		else
			fprintf(f, "%d", (int)v);
		break;
	}
	case SK_IOCTL: {
		const char *s = ioctl_name(v);
		if (s)
			fputs(s, f);
		else
			fprintf(f, "%#" PRIx64, v);
		break;
	}
	case SK_WHENCE:
		put_name(f, v, whence_names, ARRAY_SIZE(whence_names));
		break;
	case SK_RLIMIT:
		put_name(f, v, rlimit_names, ARRAY_SIZE(rlimit_names));
		break;
	case SK_HEX:
		fprintf(f, "%#" PRIx64, v);
		break;
	default:
		if (strace_put_net(cpu, f, kind, a, i, ret))
			break;
		fprintf(f, "%" PRId64, (int64_t)v);
		break;
	}
}

/*
 * Structs the call reads (a timeout, a signal mask, an address) are shown
 * as they were on entry: some calls write them back (ppoll's time left).
 * They are formatted at entry into this thread's buffers; the line itself
 * is printed at exit.
 */
static bool is_input_kind(unsigned kind)
{
	return kind == SK_TIMESPEC || kind == SK_SIGSET || kind == SK_POLLFD ||
	       kind == SK_SOCKADDR;
}

static __thread struct {
	int id;
	uint16_t have;                  /* bit i: entry_arg[i] is set */
	char arg[6][512];
} entry;

static void put_call(struct cpu *cpu, FILE *f, long nr, int id,
		     const uint64_t *a, int64_t ret)
{
	const struct sys_entry *e = id >= 0 ? &sys_table[id] : NULL;
	fprintf(f, "%d ", (int)getpid());
	if (e)
		fputs(e->name, f);
	else
		fprintf(f, "syscall_%ld", nr);
	fputc('(', f);
	for (unsigned i = 0; e && i < e->nargs; i++) {
		if (i)
			fputs(", ", f);
		if (entry.id == id && (entry.have & (1u << i)))
			fputs(entry.arg[i], f);
		else
			put_arg(cpu, f, e->kinds[i], a, i, ret);
	}
	fputc(')', f);
}

void strace_enter(struct cpu *cpu, FILE *f, long nr, int id, const uint64_t *a)
{
	entry.id = id;
	entry.have = 0;
	for (unsigned i = 0; id >= 0 && i < sys_table[id].nargs; i++) {
		FILE *m;
		if (!is_input_kind(sys_table[id].kinds[i]))
			continue;
		m = fmemopen(entry.arg[i], sizeof entry.arg[i], "w");
		if (!m)
			continue;
		put_arg(cpu, m, sys_table[id].kinds[i], a, i, 0);
		if (fclose(m) == 0)
			entry.have |= 1u << i;
	}
	if (id >= 0 && sys_table[id].ret == SK_NONE) {
		put_call(cpu, f, nr, id, a, 0);
		fputs(" = ?\n", f);
		fflush(f);
	}
}

void strace_exit(struct cpu *cpu, FILE *f, long nr, int id,
		 const uint64_t *a, int64_t ret)
{
	if (ret == SYS_NO_RESULT)
		return;
	put_call(cpu, f, nr, id, a, ret);
	entry.have = 0;
	if (ret < 0 && ret >= -4095) {
		const char *n = strerrorname_np((int)-ret);
		fprintf(f, " = -1 %s (%s)\n", n ? n : "E?", strerror((int)-ret));
	} else if (id >= 0 && (sys_table[id].ret == SK_HEX ||
			       sys_table[id].ret == SK_PTR)) {
		fprintf(f, " = %#" PRIx64 "\n", (uint64_t)ret);
	} else if (id >= 0 && sys_table[id].ret == SK_MODE) {
		fprintf(f, " = %#" PRIo64 "\n", (uint64_t)ret);
	} else {
		fprintf(f, " = %" PRId64 "\n", ret);
	}
}
