/*
 * proc_self: the process sees itself in /proc, not the emulator:
 * /proc/self/exe names (and opens) this program, /proc/self/maps lists
 * this program's code, stack, heap and libraries at the addresses the
 * program uses, with the protections it set, /proc/self/auxv is the
 * vector getauxval reads, cmdline and environ are argv and envp,
 * /proc/self/stat has this program's name and argv/envp addresses, and
 * /proc/cpuinfo is readable.  Every check compares two views of the same
 * process, so the native run and the guest run print the same lines.
 *
 * test-args: first "second arg" 3
 */
#define _GNU_SOURCE
#include "common.h"
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static char *slurp(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0) {
		free(buf);
		return NULL;
	}
	while ((r = read(fd, buf + n, cap - n - 1)) > 0) {
		n += r;
		if (cap - n < 2)
			buf = realloc(buf, cap *= 2);
	}
	close(fd);
	buf[n] = 0;
	*len = n;
	return buf;
}

struct map {
	unsigned long lo, hi, off;
	char perms[5];
	char path[PATH_MAX];
};

/* The /proc/self/maps line covering ADDR. */
static int find_map(const char *maps, const void *addr, struct map *m)
{
	unsigned long a = (unsigned long)addr;
	const char *line = maps;

	while (line && *line) {
		int pos = 0;
		m->path[0] = 0;
		if (sscanf(line, "%lx-%lx %4s %lx %*x:%*x %*u %n", &m->lo, &m->hi,
			   m->perms, &m->off, &pos) >= 4) {
			const char *p = line + pos, *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			if (pos && n < sizeof m->path) {
				memcpy(m->path, p, n);
				m->path[n] = 0;
			}
			if (a >= m->lo && a < m->hi)
				return 1;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

static void check_exe(const char *argv0)
{
	char link[PATH_MAX], real[PATH_MAX], self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
	struct stat a, b;

	CHECK(n > 0);
	link[n > 0 ? n : 0] = 0;
	CHECK(realpath(argv0, real) != NULL);
	printf("exe link is the program: %d\n", !strcmp(link, real));
	snprintf(self, sizeof self, "/proc/%d/exe", (int)getpid());
	n = readlink(self, self, sizeof self - 1);
	CHECK(n > 0);
	self[n > 0 ? n : 0] = 0;
	printf("exe by pid is the program: %d\n", !strcmp(self, real));
	/* truncation: no NUL, the first bytes */
	char small[4] = "xxxx";
	n = readlink("/proc/self/exe", small, 3);
	printf("exe truncated: %zd %d\n", n, !memcmp(small, real, 3) &&
	       small[3] == 'x');
	/* opening it opens the program */
	CHECK(stat(real, &a) == 0);
	CHECK(stat("/proc/self/exe", &b) == 0);
	printf("exe opens the program: %d\n", a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev);
	int fd = open("/proc/self/exe", O_RDONLY);
	unsigned char hdr[4] = { 0 };
	CHECK(fd >= 0 && read(fd, hdr, 4) == 4);
	printf("exe is ELF: %d\n", !memcmp(hdr, ELFMAG, 4));
	close(fd);
}

static int stack_probe(void)
{
	return 0;
}

int main(int argc, char **argv);

static void check_maps(const char *argv0)
{
	size_t len;
	char *maps = slurp("/proc/self/maps", &len), real[PATH_MAX];
	struct map m;
	int local = 0;

	CHECK(maps != NULL);
	if (!maps)
		return;
	CHECK(realpath(argv0, real) != NULL);
	int found = find_map(maps, (void *)stack_probe, &m);
	printf("maps: code found: %d\n", found);
	printf("maps: code is r-x of the program: %d %d\n",
	       !strcmp(m.perms, "r-xp"), !strcmp(m.path, real));
	found = find_map(maps, &local, &m);
	printf("maps: stack found: %d\n", found);
	printf("maps: stack is [stack] rw-p: %d %d\n", !strcmp(m.path, "[stack]"),
	       !strcmp(m.perms, "rw-p"));
	/* a library function: in libc (dynamic) or in the program (static) */
	find_map(maps, (void *)printf, &m);
	printf("maps: printf in libc or the program: %d\n",
	       strstr(m.path, "libc") != NULL || !strcmp(m.path, real));
	/* sbrk memory is [heap] */
	char *brk0 = sbrk(0);
	if (brk0 != (char *)-1 && sbrk(8192) != (void *)-1) {
		brk0[100] = 1;
		free(maps);
		maps = slurp("/proc/self/maps", &len);
		found = find_map(maps, brk0 + 100, &m);
		printf("maps: heap: %d\n", found && !strcmp(m.path, "[heap]") &&
		       !strcmp(m.perms, "rw-p"));
		sbrk(-8192);
	}
	/* a fresh mapping with its own protections, then changed */
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK(mprotect(p + pg, pg, PROT_READ) == 0);
	free(maps);
	maps = slurp("/proc/self/maps", &len);
	int split[3];
	split[0] = find_map(maps, p, &m) && !strcmp(m.perms, "rw-p") &&
		   m.hi == (unsigned long)p + pg;
	split[1] = find_map(maps, p + pg, &m) && !strcmp(m.perms, "r--p") &&
		   m.lo == (unsigned long)p + pg && m.hi == (unsigned long)p + 2 * pg;
	split[2] = find_map(maps, p + 2 * pg, &m) && !strcmp(m.perms, "rw-p") &&
		   m.lo == (unsigned long)p + 2 * pg;
	printf("maps: mapping split by mprotect: %d %d %d\n", split[0], split[1],
	       split[2]);
	CHECK(munmap(p, 3 * pg) == 0);
	free(maps);
	maps = slurp("/proc/self/maps", &len);
	printf("maps: unmapped is gone: %d\n", !find_map(maps, p + pg, &m));
	/* a file mapping shows its file and offset */
	int fd = open(real, O_RDONLY);
	CHECK(fd >= 0);
	p = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, pg);
	close(fd);
	CHECK(p != MAP_FAILED);
	free(maps);
	maps = slurp("/proc/self/maps", &len);
	found = find_map(maps, p, &m);
	printf("maps: file mapping: %d %d %d\n", found, !strcmp(m.path, real),
	       m.off == (unsigned long)pg);
	munmap(p, pg);
	/* lines are sorted and do not overlap */
	unsigned long last = 0;
	int sorted = 1;
	for (const char *l = maps; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned long lo, hi;
		if (sscanf(l, "%lx-%lx", &lo, &hi) == 2) {
			if (lo < last || hi <= lo)
				sorted = 0;
			last = hi;
		}
	}
	printf("maps: sorted: %d\n", sorted);
	free(maps);
}

static void check_auxv(void)
{
	size_t len;
	unsigned long *av = (unsigned long *)slurp("/proc/self/auxv", &len);
	int same = 1, n = 0, has_null = 0;

	CHECK(av != NULL);
	if (!av)
		return;
	for (size_t i = 0; i + 1 < len / sizeof *av; i += 2) {
		if (av[i] == AT_NULL) {
			has_null = 1;
			break;
		}
		/* getauxval reads the vector the process was started with
		 * (the entries glibc keeps as they are) */
		switch (av[i]) {
		case AT_PHDR: case AT_PHENT: case AT_PHNUM: case AT_PAGESZ:
		case AT_BASE: case AT_FLAGS: case AT_ENTRY: case AT_UID:
		case AT_EUID: case AT_GID: case AT_EGID: case AT_CLKTCK:
		case AT_SECURE: case AT_RANDOM: case AT_EXECFN:
			n++;
			if (getauxval(av[i]) != av[i + 1])
				same = 0;
		}
	}
	printf("auxv: entries match getauxval: %d, ends with AT_NULL: %d, "
	       "has AT_PAGESZ: %d\n", same && n > 5, has_null,
	       getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE));
	free(av);
}

static void check_cmdline(int argc, char **argv)
{
	size_t len, want = 0;
	char *c = slurp("/proc/self/cmdline", &len);
	int same = c != NULL;

	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		if (same && (want + n > len || memcmp(c + want, argv[i], n)))
			same = 0;
		want += n;
	}
	printf("cmdline is argv: %d (%d args)\n", same && want == len, argc);
	free(c);
	/* environ: the first variable is the first string */
	c = slurp("/proc/self/environ", &len);
	printf("environ starts with envp[0]: %d\n", c && environ[0] &&
	       !strncmp(c, environ[0], strlen(environ[0]) + 1));
	free(c);
}

static void check_stat(const char *argv0, char **argv)
{
	size_t len;
	char *s = slurp("/proc/self/stat", &len), comm[17];
	const char *base = strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;
	unsigned long f[53] = { 0 };
	int pid = 0, k = 3;

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK(sscanf(s, "%d", &pid) == 1);
	char *open_p = strchr(s, '('), *close_p = strrchr(s, ')');
	CHECK(open_p && close_p);
	snprintf(comm, sizeof comm, "%.*s", (int)(close_p - open_p - 1), open_p + 1);
	printf("stat: pid is getpid: %d, comm is the program: %d\n",
	       pid == getpid(), !strncmp(comm, base, 15));
	for (char *t = strtok(close_p + 2, " "); t && k < 53; t = strtok(NULL, " "), k++)
		f[k] = strtoul(t, NULL, 10);
	printf("stat: arg_start is argv[0]: %d, env_start is envp[0]: %d\n",
	       f[48] == (unsigned long)argv[0],
	       environ[0] && f[50] == (unsigned long)environ[0]);
	int local;
	printf("stat: startstack above locals: %d\n",
	       f[28] > (unsigned long)&local);
	free(s);
}

static void check_cpuinfo(void)
{
	size_t len;
	char *c = slurp("/proc/cpuinfo", &len);

	printf("cpuinfo: processor 0: %d\n", c && !strncmp(c, "processor\t: 0\n", 14));
	free(c);
	/* not a directory; opening for writing is the kernel's decision
	 * (root may), writing is refused */
	int fd = open("/proc/cpuinfo", O_RDONLY | O_DIRECTORY);
	printf("cpuinfo is not a directory: %d\n", fd < 0 && errno == ENOTDIR);
	fd = open("/proc/cpuinfo", O_WRONLY);
	printf("cpuinfo write refused: %d\n", fd < 0 || write(fd, "x", 1) < 0);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	stack_probe();
	check_exe(argv[0]);
	check_maps(argv[0]);
	check_auxv();
	check_cmdline(argc, argv);
	check_stat(argv[0], argv);
	check_cpuinfo();
	return finish();
}
