/*
 * main.c - the `warp` command: run a Linux program built for another CPU.
 *
 *   options (options.c) -> validate the ELF file, pick the guest arch from
 *   its header (elf.c) -> address space and guest_base (mm.c) ->
 *   translation cache -> initial stack (stack.c) -> cpu -> cpu_loop()
 *
 * Everything the user can get wrong is reported before the guest starts,
 * as one line "warp: WHAT: what is wrong" on stderr, with the exit status
 * a shell would use: 1 for bad usage, 127 when PROGRAM does not exist,
 * 126 when it cannot be run.  Nothing is printed on stdout except what
 * --help, --version, -d help and -cpu help ask for.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader.h"
#include "guest.h"
#include "cpu.h"
#include "tb.h"

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
	f = fopen(path, "we");
	if (!f)
		warp_fatal(1, path, "cannot open log file: %s", strerror(errno));
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
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

int main(int argc, char **argv)
{
	struct process *proc = xcalloc(1, sizeof *proc);
	struct opt_error oe;
	struct elf_image img;
	struct stack_args sa;
	struct tcache *tc;
	struct cpu *cpu;
	char err[512], *real;
	const char *path;
	gaddr_t sp;
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

	r = elf_open(path, &img, &fd, err, sizeof err);
	if (r)
		warp_fatal(r, path, "%s", err);
	if (img.interp)
		warp_fatal(126, path, "dynamically linked (interpreter %s), which "
			   "warp does not support yet (link it with -static)",
			   img.interp);
	proc->arch = img.arch;
	proc->execfn = xstrdup(path);
	real = realpath(path, NULL);
	proc->exe_path = real ? real : xstrdup(path);

	if (mm_load(proc, &img, fd, proc->opt.stack_size, err, sizeof err) < 0)
		warp_fatal(126, path, "%s", err);
	close(fd);

	tc = tc_new(img.arch, strcmp(proc->opt.backend, "interp") ?
			      &backend_x86_64 : &backend_interp);
	proc->tc = tc;
	setup_log(proc, tc);

	sa.argv = argv + prog;
	if (proc->opt.argv0) {
		char **v = xmalloc((argc - prog + 1) * sizeof *v);
		memcpy(v, argv + prog, (argc - prog + 1) * sizeof *v);
		v[0] = (char *)proc->opt.argv0;
		sa.argv = v;
	}
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
	elf_image_free(&img);

	cpu = cpu_new(img.arch, tc, proc);
	cpu->guest_base = proc->guest_base;
	img.arch->set_entry(cpu, proc->entry, sp);
	cpu_loop(cpu);
}
