/*
 * main.c - the `warp` command: run a Linux program built for another CPU.
 *
 *   options (options.c) -> validate the ELF file, pick the guest arch from
 *   its header (elf.c) -> the sysroot (-L, else the arch's defaults) ->
 *   address space and guest_base (mm.c) -> the ELF interpreter, if the
 *   program names one (PT_INTERP, looked up in the sysroot) ->
 *   translation cache -> initial stack (stack.c) -> cpu -> cpu_loop()
 *
 * PROGRAM is a host path (binfmt_misc hands warp host paths); only when
 * the host has no such file is an absolute PROGRAM looked up in the
 * sysroot given with -L.
 *
 * Everything the user can get wrong is reported before the guest starts,
 * as one line "warp: WHAT: what is wrong" on stderr, with the exit status
 * a shell would use: 1 for bad usage, 127 when PROGRAM does not exist or
 * its interpreter is missing (as bash reports a missing ELF interpreter:
 * "required file not found", 127), 126 when it cannot be run.  Nothing is
 * printed on stdout except what --help, --version, -d help and -cpu help
 * ask for.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"
#include "vma.h"
#include "syscalls/path.h"
#include "syscalls/syscall.h"
#include "guest.h"
#include "cpu.h"
#include "tb.h"

/* warp's own descriptors (the -D log) go at or above this one, below the
 * usual soft limit of 1024 */
#define WARP_FD_LOW 900

extern char **environ;

static const char *env_get(const char *name)
{
	return getenv(name);
}

/* Print to stdout and exit 0, or 1 if stdout could not be written. */
static WARP_NORETURN void print_and_exit(void (*print)(FILE *))
{
	print(stdout);
	if (fflush(stdout) || ferror(stdout))
		warp_fatal(1, "stdout", "write error: %s", strerror(errno));
	exit(0);
}

/* -D FILE, with %d replaced by the pid as qemu-user does. */
static FILE *open_log(const char *name)
{
	char path[PATH_MAX];
	const char *pct = strstr(name, "%d");
	FILE *f;

	if (pct)
		snprintf(path, sizeof path, "%.*s%d%s", (int)(pct - name), name,
			 (int)getpid(), pct + 2);
	else
		snprintf(path, sizeof path, "%s", name);
	/* a warp that a guest's execve started (syscalls/exec.c) adds to
	 * the log of the warp before it rather than truncating it */
	f = fopen(path, getenv("WARP_LOG_APPEND") ? "ae" : "we");
	if (!f)
		warp_fatal(1, path, "cannot open log file: %s", strerror(errno));
	/* and never writes over theirs */
	fcntl(fileno(f), F_SETFL, O_APPEND);
	/* out of the way of the guest's descriptors, which it numbers as a
	 * native run would */
	int hi = fcntl(fileno(f), F_DUPFD_CLOEXEC, WARP_FD_LOW);
	if (hi >= 0) {
		FILE *g = fdopen(hi, "ae");
		if (g) {
			fclose(f);
			f = g;
		} else {
			close(hi);
		}
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

/* Does the sysroot hold the file PATH (a guest path) itself? */
static bool sysroot_has(struct process *proc, const char *path)
{
	char host[PATH_MAX];
	const char *dir = sys_sysroot_dir(proc);

	return dir && sys_path_resolve_proc(proc, AT_FDCWD, path, host, sizeof host,
					    SYS_PATH_NOMAGIC) == 0 &&
	       !strncmp(host, dir, strlen(dir)) && access(host, F_OK) == 0;
}

/*
 * -L DIR (or its environment variables); else the first of the arch's
 * usual places that holds the interpreter the program needs (the arch's
 * usual one for a static program, so that a static and a dynamic build
 * of a program see the same files).
 */
static void choose_sysroot(struct process *proc, const struct elf_image *img)
{
	const struct guest_arch *a = img->arch;
	const char *interp = img->interp ? img->interp : a->default_interp;
	int r;

	if (proc->opt.sysroot) {
		r = sys_sysroot_init(proc, proc->opt.sysroot);
		if (r < 0)
			warp_fatal(1, proc->opt.sysroot, "cannot use as the sysroot "
				   "(-L, WARP_SYSROOT, QEMU_LD_PREFIX): %s",
				   strerror(-r));
		return;
	}
	for (unsigned i = 0; a->sysroots && a->sysroots[i] && interp; i++) {
		if (sys_sysroot_init(proc, a->sysroots[i]) < 0)
			continue;
		if (sysroot_has(proc, interp))
			return;
		sys_sysroot_free(proc);
	}
}

/* "SYSROOT" in the message for a missing interpreter. */
static void where_looked(const struct process *proc, const struct guest_arch *a,
			 char *buf, size_t n)
{
	size_t k = 0;

	if (proc->opt.sysroot) {
		snprintf(buf, n, "%s", proc->opt.sysroot);
		return;
	}
	buf[0] = 0;
	for (unsigned i = 0; a->sysroots && a->sysroots[i]; i++)
		k += snprintf(buf + k, k < n ? n - k : 0, "%s%s",
			      i ? (a->sysroots[i + 1] ? ", " : " or ") : "",
			      a->sysroots[i]);
	if (!buf[0])
		snprintf(buf, n, "the host's root (no sysroot: use -L DIR)");
}

/*
 * Load the interpreter IMG names (after the program): returns the guest
 * pc to start at.  A missing interpreter is the user's problem to solve:
 * say where it was looked for and how to get it.
 */
static gaddr_t load_interp(struct process *proc, const char *prog,
			   const struct elf_image *img)
{
	struct elf_image iimg;
	char host[PATH_MAX], err[512], where[512];
	gaddr_t entry;
	int r, fd;

	r = sys_path_resolve_proc(proc, AT_FDCWD, img->interp, host, sizeof host,
				  SYS_PATH_NOMAGIC);
	if (r == 0)
		r = elf_open(host, &iimg, &fd, err, sizeof err);
	else
		r = 127;
	if (r == 127) {
		where_looked(proc, img->arch, where, sizeof where);
		warp_fatal(127, prog, "needs the interpreter %s, not found in %s "
			   "(install %s, or use -L DIR)", img->interp, where,
			   img->arch->sysroot_package ? img->arch->sysroot_package
						      : "the guest's C library");
	}
	if (r)
		warp_fatal(r, prog, "interpreter %s (%s): %s", img->interp, host, err);
	if (iimg.arch != img->arch)
		warp_fatal(126, prog, "interpreter %s (%s) is for %s, the program "
			   "for %s", img->interp, host, iimg.arch->name,
			   img->arch->name);
	if (mm_load_interp(proc, &iimg, fd, &entry, err, sizeof err) < 0)
		warp_fatal(126, prog, "interpreter %s: %s", img->interp, err);
	close(fd);
	elf_image_free(&iimg);
	return entry;
}

/* The program: a host path, else (absolute, not on the host) the
 * sysroot's file of that name. */
static const char *open_program(struct process *proc, const char *path,
				struct elf_image *img, int *fd)
{
	char err[512], alt[PATH_MAX], err2[512];
	int r = elf_open(path, img, fd, err, sizeof err);

	if (r == 127 && path[0] == '/' && proc->opt.sysroot) {
		r = sys_sysroot_init(proc, proc->opt.sysroot);
		if (r == 0 && sys_path_resolve_proc(proc, AT_FDCWD, path, alt,
						    sizeof alt, SYS_PATH_NOMAGIC) == 0 &&
		    strcmp(alt, path) &&
		    (r = elf_open(alt, img, fd, err2, sizeof err2)) != 127) {
			if (r)
				warp_fatal(r, alt, "%s", err2);
			sys_sysroot_free(proc);
			return xstrdup(alt);
		}
		sys_sysroot_free(proc);
		r = 127;
	}
	if (r)
		warp_fatal(r, path, "%s", err);
	return path;
}

/* process.h: elf_check, for the guest's execve (syscalls/exec.c) */
static int exec_elf_check(int fd, const struct guest_arch **arch,
			  char *interp, size_t n)
{
	uint8_t h[EI_NIDENT + 4];
	struct elf_image img;
	struct stat st;
	char err[256];
	int r;

	*arch = NULL;
	interp[0] = 0;
	if (pread(fd, h, sizeof h, 0) != (ssize_t)sizeof h)
		return 0;
	uint16_t machine = h[EI_DATA] == ELFDATA2MSB ? (h[18] << 8 | h[19])
						     : (h[19] << 8 | h[18]);
	if (!guest_arch_by_elf(machine, h[EI_CLASS], h[EI_DATA]))
		return 0;       /* a host binary, or nobody's */
	/* a broken guest program fails the execve, as the kernel does */
	if (fstat(fd, &st) < 0 || st.st_size <= 0)
		return -ENOEXEC;
	void *map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return -ENOEXEC;
	r = elf_parse(&img, map, st.st_size, err, sizeof err);
	munmap(map, st.st_size);
	if (r)
		return r == -ENOMEM ? -ENOMEM : -ENOEXEC;
	*arch = img.arch;
	if (img.interp)
		snprintf(interp, n, "%s", img.interp);
	elf_image_free(&img);
	return 0;
}

/* process.h: prog_index, for /proc/PID/exe of another warp */
static int prog_index(int argc, char **argv)
{
	struct options o;
	struct opt_error oe;
	int prog;

	if (opt_parse(&o, argc, argv, NULL, &prog, &oe) != OPT_RUN)
		return -1;
	return prog < argc ? prog : -1;
}

static void setup_log(struct process *proc, struct tcache *tc)
{
	const struct options *o = &proc->opt;
	struct opt_error oe;
	unsigned mask = 0;
	FILE *log = stderr;

	if (o->log_items && opt_log_mask(o->log_items, &mask, &oe) < 0)
		warp_fatal(1, oe.what, "%s", oe.msg);   /* checked while parsing */
	if (o->strace_file)
		mask |= LOG_STRACE;
	if (o->log_file)
		log = open_log(o->log_file);
	tc->log_mask = mask;
	tc->log = log;
	proc->strace = (mask & LOG_STRACE) ? log : NULL;
}

/* The translator asks which pages the guest may run: the mapping list
 * answers without reading /proc/self/maps. */
static int guest_prot(struct cpu *cpu, gaddr_t addr)
{
	struct vma v;
	if (!cpu->proc || !vma_find(vma_list(cpu->proc), addr, &v) || (v.flags & VMA_HIDDEN))
		return -1;
	return v.prot;
}

/* the cache directory's limit when WARP_CACHE_SIZE does not set one */
#define CACHE_MAX_DIR (512ull << 20)

/* --cache: where, unless it is off or translation is being logged; the
 * directory's limit from WARP_CACHE_SIZE */
static void open_cache(struct process *proc, struct tcache *tc, const struct stat *prog)
{
	const char *dir = proc->opt.cache, *base, *size = getenv("WARP_CACHE_SIZE");
	char buf[PATH_MAX];
	uint64_t max_dir = CACHE_MAX_DIR;

	if ((dir && !*dir) || !prog->st_ino ||
	    (tc->log_mask & (LOG_IN_ASM | LOG_OP | LOG_OP_OPT | LOG_OUT_ASM | LOG_EXEC)))
		return;
	if (!dir) {
		if ((base = getenv("XDG_CACHE_HOME")) && base[0] == '/')
			snprintf(buf, sizeof buf, "%s/warp", base);
		else if ((base = getenv("HOME")) && base[0] == '/')
			snprintf(buf, sizeof buf, "%s/.cache/warp", base);
		else
			return;
		dir = buf;
	}
	if (size && *size && opt_parse_size(size, &max_dir) < 0) {
		fprintf(stderr, "warp: WARP_CACHE_SIZE: '%s' is not a size (like 512M); using 512M\n",
			size);
		max_dir = CACHE_MAX_DIR;
	}
	pcache_open(tc, dir, max_dir, prog, proc->guest_base == 0);
}

int main(int argc, char **argv)
{
	struct process *proc = xcalloc(1, sizeof *proc);
	struct opt_error oe;
	struct elf_image img;
	struct stack_args sa;
	struct stat prog_st;
	struct tcache *tc;
	struct cpu *cpu;
	char err[512], *real;
	const char *path, *file, *base;
	gaddr_t sp, start;
	int prog, fd, r;

	switch (opt_parse(&proc->opt, argc, argv, env_get, &prog, &oe)) {
	case OPT_RUN:
		break;
	case OPT_SHOW_HELP:
		print_and_exit(opt_print_help);
	case OPT_SHOW_VERSION:
		print_and_exit(opt_print_version);
	case OPT_SHOW_LOG_HELP:
		print_and_exit(opt_print_log_help);
	case OPT_SHOW_CPU_HELP:
		print_and_exit(opt_print_cpu_help);
	default:
		warp_fatal(1, oe.what, "%s", oe.msg);
	}
	if (prog >= argc)
		warp_fatal(1, "warp", "usage: warp [OPTIONS] PROGRAM [ARGS...] "
			   "(try warp --help)");
	path = argv[prog];

	file = open_program(proc, path, &img, &fd);
	proc->arch = img.arch;
	choose_sysroot(proc, &img);
	proc->execfn = xstrdup(path);
	real = realpath(file, NULL);
	proc->exe_path = real ? real : xstrdup(file);
	/* warp itself, for the guest's execve (syscalls/exec.c) */
	proc->warp_exe = realpath("/proc/self/exe", NULL);
	proc->elf_check = exec_elf_check;
	proc->prog_index = prog_index;
	/* ps, top and /proc/self/stat name the guest program */
	base = strrchr(path, '/');
	prctl(PR_SET_NAME, base ? base + 1 : path, 0, 0, 0);

	if (mm_load(proc, &img, fd, proc->opt.stack_size, err, sizeof err) < 0)
		warp_fatal(126, path, "%s", err);
	if (fstat(fd, &prog_st) < 0)
		memset(&prog_st, 0, sizeof prog_st);
	close(fd);
	start = img.interp ? load_interp(proc, path, &img) : proc->entry;

	tc = tc_new(img.arch, strcmp(proc->opt.backend, "interp") ?
			      &backend_x86_64 : &backend_interp);
	tc->guest_prot = guest_prot;
	proc->tc = tc;
	setup_log(proc, tc);
	if (proc->opt.perfmap)
		tb_perfmap_open(tc);
	open_cache(proc, tc, &prog_st);

	sa.argv = argv + prog;
	if (proc->opt.argv0) {
		char **v = xmalloc((argc - prog + 1) * sizeof *v);
		memcpy(v, argv + prog, (argc - prog + 1) * sizeof *v);
		v[0] = (char *)proc->opt.argv0;
		sa.argv = v;
	}
	unsetenv("WARP_LOG_APPEND");    /* warp's, not the guest's */
	sa.envp = opt_guest_env(&proc->opt, environ);
	sa.execfn = path;
	sa.random = NULL;
	r = stack_build(proc, mm_g2h(proc, proc->stack_top), proc->stack_top,
			proc->stack_top - proc->stack_limit, &sa, &sp);
	if (r == -E2BIG)
		warp_fatal(126, path, "argument list too long for a stack of %llu "
			   "bytes (raise it with -s)",
			   (unsigned long long)(proc->stack_top - proc->stack_limit));
	if (r < 0)
		warp_fatal(126, path, "cannot build the stack: %s", strerror(-r));
	proc->stack_start = sp;
	elf_image_free(&img);

	cpu = cpu_new(img.arch, tc, proc);
	cpu->guest_base = proc->guest_base;
	sys_exec_inherit(cpu);
	img.arch->set_entry(cpu, start, sp);
	cpu_loop(cpu);
}
