/*
 * exec.c - execve and execveat: replace the guest program, as the
 * kernel's exec does, with warp's help where the new program is a guest.
 *
 *   guest path --(sysroot, path.h)--> host file, checked as the kernel
 *   checks it: lookup errors, EACCES for a file that is not regular, has no
 *   x bit for us, or sits on a noexec mount.  Then by its first bytes:
 *
 *     "#!"              a script: its interpreter (looked up in the
 *                       sysroot) runs with [interp, arg?, path, argv[1..]],
 *                       classified again (at most 5 levels: ELOOP)
 *     ELF of a guest    host execve of warp itself with the options of
 *     arch warp runs    this one:  warp OPTIONS -0 ARGV0 -- FILE ARGV[1..]
 *     anything else     host execve of the file as it is: a host binary
 *                       runs natively, and the host kernel gives the errno
 *                       for the rest (ENOEXEC...)
 *
 * Nothing is changed before the host execve succeeds except the host
 * signal mask, which takes all of the guest's (a new program inherits its
 * mask; while the guest runs, the host blocks all but warp's own fault
 * signals, poll.c) and is put back when the exec fails.  Dispositions the
 * guest ignores are ignored on the host too (sig.c), and survive the exec
 * the same way.  sys_exec_inherit() is the other end: the new warp gives
 * both to its guest.
 *
 * Just before the host execve, a vfork child hands the memory it wrote to
 * its waiting parent (process.c, sys_vfork_release).  The guest's argv[0]
 * reaches the new program through -0; variables for the host's dynamic
 * loader (LD_*) through -E, so that they act on the new guest and not on
 * warp; the -D log is appended to, not truncated (WARP_LOG_APPEND, which
 * the new warp removes from the guest's view).
 *
 * warp's own path is resolved once at start-up (process.h: warp_exe), so
 * that a guest exec still finds warp when /proc is not what it was.
 */
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>

#include "internal.h"
#include "path.h"

/* include/uapi/linux/binfmts.h */
#define MAX_ARG_STRLEN (32 * 4096)
#define BINPRM_BUF_SIZE 256
#define MAX_INTERP_DEPTH 5

#define GUEST_NSIG 64

/* A NULL-terminated vector of malloc'd strings. */
struct strvec {
	char **v;
	unsigned n, cap;
};

static void vec_push(struct strvec *s, char *str)
{
	if (s->n + 2 > s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
}

static void vec_free(struct strvec *s)
{
	for (unsigned i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* What one level of exec works on. */
struct exec_req {
	char host[PATH_MAX];    /* the file to run, for the host */
	const char *filename;   /* the name a script's interpreter gets */
	struct strvec argv, envp;
	/* argv slots naming a script by its guest path, with the host path
	 * a native interpreter needs instead */
	struct { unsigned idx; char *host; } script[MAX_INTERP_DEPTH + 1];
	unsigned n_script;
	/* the file is named through a close-on-exec descriptor (fexecve):
	 * an interpreter could not open it after the exec */
	bool fd_cloexec;
};

/* ---- the guest's argv and envp ---- */

/* The kernel's limit on argv + envp: a quarter of the stack limit, within
 * [32 pages, 6 MiB]. */
static uint64_t arg_limit(void)
{
	struct rlimit rl;
	uint64_t lim = 6ull << 20;
	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur / 4 < lim)
		lim = rl.rlim_cur / 4;
	return lim < 32 * 4096 ? 32 * 4096 : lim;
}

/* The pointers of a guest vector (a NULL VEC is an empty one, as Linux
 * takes it): 0 or -EFAULT. */
static int read_ptrs(struct cpu *cpu, gaddr_t vec, uint64_t **ptrs,
		     unsigned *n, uint64_t limit)
{
	unsigned ls = sys_conv(cpu)->long_size, cap = 0;

	*ptrs = NULL;
	*n = 0;
	for (uint64_t i = 0; vec; i++) {
		uint64_t p;
		if (conv_get_word(cpu, vec + i * ls, &p, ls) < 0)
			return -EFAULT;
		if (!p)
			break;
		if ((uint64_t)*n * sizeof(char *) > limit)
			return -E2BIG;
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			*ptrs = xrealloc(*ptrs, cap * sizeof **ptrs);
		}
		(*ptrs)[(*n)++] = p;
	}
	return 0;
}

/* The strings at PTRS[0..N) into OUT, counting BYTES against LIMIT. */
static int read_strings(struct cpu *cpu, const uint64_t *ptrs, unsigned n,
			struct strvec *out, uint64_t *bytes, uint64_t limit)
{
	vec_push(out, NULL);    /* an empty, terminated vector */
	out->n = 0;
	for (unsigned i = 0; i < n; i++) {
		long len = guest_strnlen(cpu, ptrs[i], MAX_ARG_STRLEN);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return (int)len;
		*bytes += len + 1;
		if (*bytes > limit)
			return -E2BIG;
		char *s = xmalloc(len + 1);
		if (guest_read(cpu, s, ptrs[i], len + 1) < 0) {
			free(s);
			return -EFAULT;
		}
		s[len] = 0;
		vec_push(out, s);
	}
	return 0;
}

/* argv and envp, checked in the kernel's order: both pointer arrays, the
 * room they take, then envp's strings and argv's. */
static int read_vectors(struct cpu *cpu, gaddr_t argv, gaddr_t envp,
			struct exec_req *q)
{
	uint64_t limit = arg_limit(), bytes;
	uint64_t *ap, *ep = NULL;
	unsigned an, en = 0;
	int r;

	r = read_ptrs(cpu, argv, &ap, &an, limit);
	if (r == 0)
		r = read_ptrs(cpu, envp, &ep, &en, limit);
	bytes = ((an ? an : 1) + (uint64_t)en) * sizeof(char *);
	if (r == 0 && bytes >= limit)
		r = -E2BIG;
	if (r == 0)
		r = read_strings(cpu, ep, en, &q->envp, &bytes, limit);
	if (r == 0)
		r = read_strings(cpu, ap, an, &q->argv, &bytes, limit);
	free(ap);
	free(ep);
	return r;
}

/* ---- running it ---- */

/* Host execve with the guest's signal mask, which a new program inherits;
 * returns only on failure, with the mask back as it was. */
static int host_execve(struct cpu *cpu, const char *path, char *const argv[],
		       char *const envp[])
{
	sigset_t mask, old;
	int err;

	sigemptyset(&mask);
	for (int s = 1; s <= GUEST_NSIG; s++)
		if ((cpu->sig_blocked >> (s - 1)) & 1)
			sigaddset(&mask, s);
	pcache_save(cpu->tc);
	sys_flush_logs(cpu);
	sys_vfork_release(cpu);
	sigprocmask(SIG_SETMASK, &mask, &old);
	execve(path, argv, envp);
	err = -errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return err;
}

static char *fmt(const char *f, unsigned long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, f, v);
	return xstrdup(buf);
}

/* The options that make the new warp run like this one.  -E / -U are
 * not passed: they made the first guest's environment, and the new
 * program gets the one its caller chose. */
static void warp_options(struct cpu *cpu, const struct guest_arch *arch,
			 struct strvec *v)
{
	const struct options *o = &cpu->proc->opt;
	/* the sysroot the user gave, or the one chosen for this arch; a
	 * program of another arch finds its own */
	const char *root = o->sysroot;
	if (!root && arch == cpu->arch)
		root = sys_sysroot_dir(cpu->proc);

	if (o->backend) {
		vec_push(v, xstrdup("--backend"));
		vec_push(v, xstrdup(o->backend));
	}
	if (o->log_items && *o->log_items) {
		vec_push(v, xstrdup("-d"));
		vec_push(v, xstrdup(o->log_items));
	}
	if (o->log_file) {
		vec_push(v, xstrdup("-D"));
		vec_push(v, xstrdup(o->log_file));
	}
	if (o->strace_file)
		vec_push(v, xstrdup("-strace"));
	if (o->perfmap)
		vec_push(v, xstrdup("-perfmap"));
	vec_push(v, xstrdup("-s"));
	vec_push(v, fmt("%llu", (unsigned long long)o->stack_size));
	if (o->cpu_model) {
		vec_push(v, xstrdup("-cpu"));
		vec_push(v, xstrdup(o->cpu_model));
	}
	if (o->cache) {
		vec_push(v, xstrdup("--cache"));
		vec_push(v, xstrdup(*o->cache ? o->cache : "off"));
	}
	if (root) {
		vec_push(v, xstrdup("-L"));
		vec_push(v, xstrdup(root));
	}
}

/* Variables for the host's dynamic loader and libc, which would act on
 * warp itself (LD_PRELOAD of a guest library, ldd's
 * LD_TRACE_LOADED_OBJECTS...): they reach the guest through -E instead. */
static bool host_loader_var(const char *e)
{
	return !strncmp(e, "LD_", 3) || !strncmp(e, "GLIBC_TUNABLES=", 15);
}

/* A guest program: warp runs it, with the guest's argv[0]. */
static int exec_guest(struct cpu *cpu, struct exec_req *q,
		      const struct guest_arch *arch)
{
	struct strvec v = { 0 };
	const char *warp = cpu->proc->warp_exe, *prog = q->host;
	char real[PATH_MAX];
	int fd = -1, fd_flags = 0, err;

	if (!warp)
		return -ENOEXEC;
	if (!strncmp(prog, "/proc/self/fd/", 14) && !strchr(prog + 14, '/')) {
		/* fexecve: the new warp opens the file by name if it has one,
		 * else through the descriptor, which must then stay open */
		if (realpath(prog, real)) {
			prog = real;
		} else {
			fd = atoi(prog + 14);
			fd_flags = fcntl(fd, F_GETFD);
			if (fd_flags > 0)
				fcntl(fd, F_SETFD, fd_flags & ~FD_CLOEXEC);
		}
	}
	vec_push(&v, xstrdup(warp));
	warp_options(cpu, arch, &v);
	struct strvec env = { 0 };
	vec_push(&env, NULL);
	env.n = 0;
	for (unsigned i = 0; i < q->envp.n; i++) {
		if (host_loader_var(q->envp.v[i]) && strchr(q->envp.v[i], '=')) {
			vec_push(&v, xstrdup("-E"));
			vec_push(&v, xstrdup(q->envp.v[i]));
		} else {
			vec_push(&env, xstrdup(q->envp.v[i]));
		}
	}
	/* one -D log for the whole process tree, unless named by pid */
	if (cpu->proc->opt.log_file && !strstr(cpu->proc->opt.log_file, "%d"))
		vec_push(&env, xstrdup("WARP_LOG_APPEND=1"));
	vec_push(&v, xstrdup("-0"));
	vec_push(&v, xstrdup(q->argv.n ? q->argv.v[0] : ""));
	vec_push(&v, xstrdup("--"));
	vec_push(&v, xstrdup(prog));
	for (unsigned i = 1; i < q->argv.n; i++)
		vec_push(&v, xstrdup(q->argv.v[i]));
	err = host_execve(cpu, warp, v.v, env.v);
	if (fd_flags > 0)
		fcntl(fd, F_SETFD, fd_flags);
	vec_free(&v);
	vec_free(&env);
	return err;
}

/* Anything warp does not run itself: the host kernel's business.  A host
 * interpreter of a script gets the script's host path. */
static int exec_native(struct cpu *cpu, struct exec_req *q)
{
	for (unsigned i = 0; i < q->n_script; i++) {
		unsigned k = q->script[i].idx;
		free(q->argv.v[k]);
		q->argv.v[k] = q->script[i].host;
		q->script[i].host = NULL;
	}
	q->n_script = 0;
	return host_execve(cpu, q->host, q->argv.v, q->envp.v);
}

/* ---- classifying the file ---- */

/* A guest program of one of warp's arches?  (process.h: elf_check) */
static int guest_elf(struct cpu *cpu, int fd, const uint8_t *b, size_t n,
		     const struct guest_arch **arch)
{
	char interp[PATH_MAX], host[PATH_MAX];
	int r;

	*arch = NULL;
	if (n < 20 || memcmp(b, ELFMAG, SELFMAG) || !cpu->proc->elf_check)
		return 0;
	r = cpu->proc->elf_check(fd, arch, interp, sizeof interp);
	if (r < 0 || !*arch || !interp[0] || *arch != cpu->arch)
		return r;
	/* a missing ELF interpreter fails the execve with ENOENT, as with
	 * the kernel (looked up in this arch's sysroot, ours) */
	if (sys_path_resolve(cpu, AT_FDCWD, interp, host, sizeof host, 0) < 0 ||
	    access(host, F_OK) < 0)
		return -ENOENT;
	return 0;
}

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * "#!" line in B[0..BINPRM_BUF_SIZE) (zero-filled past the file's end), as
 * fs/binfmt_script.c parses it: NAME and optional ARG (the rest of the
 * line, trimmed), NUL-terminated in place.  -ENOEXEC when there is no
 * name or it may have been cut off.
 */
static int parse_shebang(char *b, char **name, char **arg)
{
	char *end = b + BINPRM_BUF_SIZE - 1, *nl, *p, *sep;

	nl = memchr(b, '\n', BINPRM_BUF_SIZE);
	if (!nl) {
		for (p = b + 2; p < end && spacetab(*p); p++)
			;
		if (p >= end)
			return -ENOEXEC;
		/* no blank or NUL after the name: it may go on */
		for (; p < end && !spacetab(*p) && *p; p++)
			;
		if (p >= end)
			return -ENOEXEC;
		nl = end;
	}
	while (nl > b + 2 && spacetab(nl[-1]))
		nl--;
	for (p = b + 2; p < nl && spacetab(*p); p++)
		;
	if (p >= nl)
		return -ENOEXEC;
	*name = p;
	*arg = NULL;
	for (sep = p; sep < nl && !spacetab(*sep) && *sep; sep++)
		;
	if (sep < nl && *sep) {
		char *q = sep;
		while (q < nl && spacetab(*q))
			q++;
		if (q < nl)
			*arg = q;
	}
	*nl = 0;
	if (sep < nl)
		*sep = 0;
	return 0;
}

/* The host file for a path the kernel would look up itself (a script's
 * interpreter): through the sysroot. */
static int exec_resolve(struct cpu *cpu, int dirfd, const char *path,
			char *host, unsigned flags)
{
	int r = sys_path_resolve(cpu, dirfd, path, host, PATH_MAX, flags);
	if (r < 0)
		return r;
	if (host[0] != '/' && dirfd != AT_FDCWD) {
		/* relative to a guest directory fd: name it for execve */
		char rel[PATH_MAX];
		snprintf(rel, sizeof rel, "%s", host);
		if (snprintf(host, PATH_MAX, "/proc/self/fd/%d/%s", dirfd, rel) >= PATH_MAX)
			return -ENAMETOOLONG;
	}
	return 0;
}

static int exec_file(struct cpu *cpu, struct exec_req *q, int depth);

/* A script: its interpreter becomes the program. */
static int exec_script(struct cpu *cpu, struct exec_req *q, char *buf,
		       int depth)
{
	struct strvec argv = { 0 };
	char *name, *arg;
	int r;

	if (depth >= MAX_INTERP_DEPTH)
		return -ELOOP;
	if (q->fd_cloexec)
		return -ENOENT; /* as the kernel: BINPRM_FLAGS_PATH_INACCESSIBLE */
	r = parse_shebang(buf, &name, &arg);
	if (r)
		return r;
	/* [name, arg?, filename, argv[1..]]: the script's argv[0] is lost,
	 * as with the kernel */
	vec_push(&argv, xstrdup(name));
	if (arg)
		vec_push(&argv, xstrdup(arg));
	for (unsigned i = 0; i < q->n_script; i++)
		q->script[i].idx += argv.n;
	q->script[q->n_script].idx = argv.n;
	q->script[q->n_script++].host = xstrdup(q->host);
	vec_push(&argv, xstrdup(q->filename));
	for (unsigned i = 1; i < q->argv.n; i++) {
		vec_push(&argv, q->argv.v[i]);
		q->argv.v[i] = NULL;
	}
	free(q->argv.v[0]);
	free(q->argv.v);
	q->argv = argv;
	q->filename = q->argv.v[0];
	r = exec_resolve(cpu, AT_FDCWD, name, q->host, 0);
	if (r < 0)
		return r;
	return exec_file(cpu, q, depth + 1);
}

/*
 * Open the file to run as the kernel's do_open_execat does, in its order
 * (lookup errors, a file that is not regular, no x bit, a noexec mount),
 * and read its first bytes into BUF.  Returns the descriptor, -errno, or
 * NOT_READABLE: executable but not readable by us, which only the kernel
 * can run.
 */
#define NOT_READABLE (-4096)
static int exec_open(struct exec_req *q, char *buf, ssize_t *n)
{
	struct statvfs sv;
	struct stat st;
	int fd, r;

	if (faccessat(AT_FDCWD, q->host, X_OK, AT_EACCESS) < 0 ||
	    stat(q->host, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EACCES;
	fd = open(q->host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NOT_READABLE;
	if (fstatvfs(fd, &sv) == 0 && (sv.f_flag & ST_NOEXEC)) {
		close(fd);
		return -EACCES;
	}
	memset(buf, 0, BINPRM_BUF_SIZE);
	*n = pread(fd, buf, BINPRM_BUF_SIZE, 0);
	if (*n < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* The file is open at FD (exec_open), its first bytes in BUF: run it. */
static int exec_opened(struct cpu *cpu, struct exec_req *q, int fd, char *buf,
		       ssize_t n, int depth)
{
	const struct guest_arch *arch;
	int r;

	if (fd == NOT_READABLE)
		return exec_native(cpu, q);
	if (fd < 0)
		return fd;
	if (n >= 2 && buf[0] == '#' && buf[1] == '!') {
		close(fd);
		return exec_script(cpu, q, buf, depth);
	}
	r = guest_elf(cpu, fd, (uint8_t *)buf, n, &arch);
	close(fd);
	if (r < 0)
		return r;
	return arch ? exec_guest(cpu, q, arch) : exec_native(cpu, q);
}

static int exec_file(struct cpu *cpu, struct exec_req *q, int depth)
{
	char buf[BINPRM_BUF_SIZE];
	ssize_t n = 0;
	int fd = exec_open(q, buf, &n);

	return exec_opened(cpu, q, fd, buf, n, depth);
}

static void req_free(struct exec_req *q)
{
	vec_free(&q->argv);
	vec_free(&q->envp);
	for (unsigned i = 0; i < q->n_script; i++)
		free(q->script[i].host);
}

static int64_t do_execveat(struct cpu *cpu, int dirfd, gaddr_t path,
			   gaddr_t argv, gaddr_t envp, int flags)
{
	struct exec_req *q;
	char gpath[PATH_MAX], buf[BINPRM_BUF_SIZE];
	ssize_t n = 0;
	long len;
	int r, fd = -1;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	len = path || !(flags & AT_EMPTY_PATH) ? guest_strcpy(cpu, gpath, path, PATH_MAX) : 0;
	if (len < 0)
		return len;
	if (!path)
		gpath[0] = 0;
	q = xcalloc(1, sizeof *q);
	if (dirfd != AT_FDCWD && (!gpath[0] || gpath[0] != '/')) {
		int fl = fcntl(dirfd, F_GETFD);
		r = -EBADF;
		if (dirfd < 0 || fl < 0)
			goto out;
		q->fd_cloexec = fl & FD_CLOEXEC;
	}
	if (!gpath[0]) {
		/* the file open at DIRFD itself (fexecve) */
		r = -ENOENT;
		if (!(flags & AT_EMPTY_PATH))
			goto out;
		snprintf(q->host, sizeof q->host, "/proc/self/fd/%d", dirfd);
		snprintf(gpath, sizeof gpath, "/dev/fd/%d", dirfd);
	} else {
		r = exec_resolve(cpu, dirfd, gpath, q->host,
				 (flags & AT_SYMLINK_NOFOLLOW) ? SYS_PATH_NOFOLLOW : 0);
		if (r < 0)
			goto out;
		struct stat st;
		if ((flags & AT_SYMLINK_NOFOLLOW) && lstat(q->host, &st) == 0 &&
		    S_ISLNK(st.st_mode)) {
			r = -ELOOP;
			goto out;
		}
		if (gpath[0] != '/' && dirfd != AT_FDCWD) {
			/* the name the kernel gives a script's interpreter */
			char rel[PATH_MAX];
			snprintf(rel, sizeof rel, "%s", gpath);
			if (snprintf(gpath, sizeof gpath, "/dev/fd/%d/%s", dirfd,
				     rel) >= (int)sizeof gpath) {
				r = -ENAMETOOLONG;
				goto out;
			}
		}
	}
	q->filename = gpath;
	/* the kernel opens the file before it reads argv and envp (6.7 on);
	 * its first bytes decide what runs only after */
	fd = exec_open(q, buf, &n);
	r = fd == NOT_READABLE ? 0 : fd < 0 ? fd : 0;
	if (r == 0)
		r = read_vectors(cpu, argv, envp, q);
	if (r == 0) {
		r = exec_opened(cpu, q, fd, buf, n, 0);
		fd = -1;
	}
out:
	if (fd >= 0)
		close(fd);
	req_free(q);
	free(q);
	return r;
}

int64_t sys_execve(struct cpu *cpu, const uint64_t *a)
{
	return do_execveat(cpu, AT_FDCWD, a[0], a[1], a[2], 0);
}

int64_t sys_execveat(struct cpu *cpu, const uint64_t *a)
{
	return do_execveat(cpu, (int)a[0], a[1], a[2], a[3], (int)a[4]);
}

/* ---- the other end: a warp started by exec ---- */

void sys_exec_inherit(struct cpu *cpu)
{
	sigset_t set;

	for (int s = 1; s <= GUEST_NSIG; s++) {
		struct sigaction sa;
		if (s == SIGKILL || s == SIGSTOP || sigaction(s, NULL, &sa) < 0)
			continue;
		if (sa.sa_handler == SIG_IGN)
			cpu->proc->sigact[s - 1].handler = (uint64_t)(uintptr_t)SIG_IGN;
	}
	/* the mask is the guest's; the host keeps blocking what it can
	 * (poll.c), but never warp's fault signals */
	if (sigprocmask(SIG_SETMASK, NULL, &set) == 0) {
		for (int s = 1; s <= GUEST_NSIG; s++)
			if (s != SIGKILL && s != SIGSTOP && sigismember(&set, s) == 1)
				cpu->sig_blocked |= 1ull << (s - 1);
	}
	sys_sigmask_sync(cpu);
}
