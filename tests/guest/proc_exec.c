/*
 * proc_exec: execve and its relatives.  The program runs itself again
 * (/proc/self/exe) in "child" mode, which prints its argv and environment
 * and exits with a known status, through fork+execve, vfork+execve,
 * fexecve, posix_spawn and system/popen; runs a host binary (/bin/echo)
 * and #! scripts whose interpreter is /bin/sh (a host program here) or
 * this very program; and checks the errno of each way execve can fail.
 *
 * Under warp the guest's execve of itself re-enters warp; /bin/sh and
 * /bin/echo run natively.  Output is the same either way.
 */
#include "common.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

extern char **environ;

static char self[4096];
static char tmp[4096];

static int child_mode(int argc, char **argv)
{
	printf("  child: argv[0]=%s argc=%d", argv[0], argc);
	for (int i = 2; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\n");
	for (char **e = environ; *e; e++)
		printf("  child env: %s\n", *e);
	return 33;
}

/* exec'd with SIGUSR1 blocked, SIGUSR2 ignored, a handler for SIGTERM */
static int signal_mode(void)
{
	sigset_t set;
	struct sigaction sa;

	CHECK(sigprocmask(SIG_SETMASK, NULL, &set) == 0);
	printf("  after execve: USR1 blocked %d, USR2 blocked %d",
	       sigismember(&set, SIGUSR1), sigismember(&set, SIGUSR2));
	CHECK(sigaction(SIGUSR2, NULL, &sa) == 0);
	printf(", USR2 ignored %d", sa.sa_handler == SIG_IGN);
	CHECK(sigaction(SIGTERM, NULL, &sa) == 0);
	printf(", TERM default %d\n", sa.sa_handler == SIG_DFL);
	raise(SIGUSR2);         /* ignored: nothing happens */
	raise(SIGUSR1);         /* blocked: stays pending */
	CHECK(sigpending(&set) == 0);
	printf("  USR1 pending %d\n", sigismember(&set, SIGUSR1));
	return 35;
}

static void on_term(int sig)
{
}

/* #!SELF interp-arg: argv is [SELF, "interp-arg", script, args...] */
static int interp_mode(int argc, char **argv)
{
	const char *base = strrchr(argv[2], '/');
	printf("  interpreter: argc=%d script=%s", argc, base ? base + 1 : argv[2]);
	for (int i = 3; i < argc; i++) {
		/* paths in the per-run TMPDIR differ between runs */
		const char *b = strrchr(argv[i], '/');
		printf(" [%s]", b ? b + 1 : argv[i]);
	}
	printf("\n");
	return 5;
}

static void wait_line(const char *what, pid_t p)
{
	int st;
	if (waitpid(p, &st, 0) != p) {
		printf("FAIL %s: waitpid: %s\n", what, strerror(errno));
		common_fails++;
		return;
	}
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else
		printf("%s: status %#x\n", what, st);
}

static char *path_in_tmp(const char *name)
{
	static char buf[4][4096];
	static int k;
	char *p = buf[k++ & 3];
	snprintf(p, 4096, "%s/%s", tmp, name);
	return p;
}

static void write_file(const char *name, const char *text, mode_t mode)
{
	char *p = path_in_tmp(name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	CHECK(chmod(p, mode) == 0);
}

/* fork, exec PATH with ARGV and a fixed environment, wait */
static void run(const char *what, const char *path, char *const argv[])
{
	char *env[] = { "FOO=bar", "EMPTY=", NULL };
	fflush(stdout);
	pid_t p = fork();
	if (!p) {
		execve(path, argv, env);
		printf("  exec %s: %s\n", what, strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	wait_line(what, p);
}

static void exec_fails(const char *what, const char *path, char *const argv[],
		       int want)
{
	errno = 0;
	int r = execve(path, argv, environ);
	int e = errno;
	printf("execve %s: %d, %s\n", what, r, strerror(e));
	CHECK(r == -1 && e == want);
}

int main(int argc, char **argv)
{
	if (!environ || !environ[0]) {
		/* exec'd with no argv and no environment: Linux gives argv
		 * one empty string */
		printf("  no argv: argc=%d argv[0]=\"%s\"\n", argc,
		       argc ? argv[0] : "(none)");
		return 34;
	}
	if (argc > 1 && !strcmp(argv[1], "child"))
		return child_mode(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "signals"))
		return signal_mode() + finish();
	if (argc > 2 && !strcmp(argv[1], "interp-arg"))
		return interp_mode(argc, argv);
	if (!getenv("PATH")) {
		/* every exec here gives an environment without PATH: never
		 * run the whole test again from a child */
		printf("  unexpected arguments (argc %d)\n", argc);
		return 99;
	}

	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	CHECK(n > 0);
	self[n > 0 ? n : 0] = 0;
	snprintf(tmp, sizeof tmp, "%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");

	/* ourselves, with argv[0] and the environment we choose */
	char *av1[] = { "renamed", "child", "a b", "", NULL };
	run("fork+execve self", "/proc/self/exe", av1);
	char *av2[] = { "by-path", "child", NULL };
	run("execve by path", self, av2);
	char *av0[] = { NULL };
	fflush(stdout);
	pid_t p = fork();
	if (!p) {
		/* no argv at all: Linux makes argv[0] "" */
		char *env[] = { NULL };
		execve(self, av0, env);
		_exit(127);
	}
	wait_line("empty argv", p);

	/* the signal mask and ignored signals survive execve, handlers
	 * do not */
	fflush(stdout);
	p = fork();
	if (!p) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		signal(SIGUSR2, SIG_IGN);
		signal(SIGTERM, on_term);
		char *gv[] = { "sig", "signals", NULL };
		char *env[] = { "S=1", NULL };
		execve(self, gv, env);
		_exit(127);
	}
	wait_line("signals across execve", p);

	/* a host program */
	char *echo[] = { "echo", "host", "echo", NULL };
	run("/bin/echo", "/bin/echo", echo);

	/* scripts */
	write_file("hello.sh", "#!/bin/sh\necho \"  script: $# args: $1 $2\"\nexit 7\n", 0755);
	char *sv[] = { "hello", "one", "two", NULL };
	run("#!/bin/sh script", path_in_tmp("hello.sh"), sv);
	write_file("dash-e.sh", "#!  /bin/sh   -e  \nfalse\necho not reached\n", 0755);
	char *ev[] = { "dash-e", NULL };
	run("#!/bin/sh -e script", path_in_tmp("dash-e.sh"), ev);
	char line[4200];
	snprintf(line, sizeof line, "#!%s interp-arg\nnot shell\n", self);
	write_file("self.script", line, 0755);
	char *iv[] = { "ignored", "x", "y", NULL };
	run("#!self script", path_in_tmp("self.script"), iv);
	/* a script whose interpreter is a script */
	snprintf(line, sizeof line, "#!%s\n", path_in_tmp("self.script"));
	write_file("nested.script", line, 0755);
	run("nested script", path_in_tmp("nested.script"), iv);

	/* vfork: the parent waits until the child has exec'd or exited */
	fflush(stdout);
	p = vfork();
	if (!p) {
		char *vv[] = { "vforked", "child", "v", NULL };
		char *env[] = { "V=1", NULL };
		execve(self, vv, env);
		_exit(127);
	}
	wait_line("vfork+execve", p);
	p = vfork();
	if (!p)
		_exit(12);
	wait_line("vfork+_exit", p);
	/* a vfork child shares memory with its parent (Linux's vfork does;
	 * glibc's posix_spawn depends on it) */
	static int shared_word = 1;
	static char shared_buf[100000];
	p = vfork();
	if (!p) {
		shared_word = 42;
		memset(shared_buf, 7, sizeof shared_buf);
		_exit(0);
	}
	wait_line("vfork writing memory", p);
	printf("  parent sees: %d %d %d\n", shared_word, shared_buf[0],
	       shared_buf[sizeof shared_buf - 1]);

	/* fexecve: exec the file open at a descriptor */
	fflush(stdout);
	p = fork();
	if (!p) {
		int fd = open(self, O_RDONLY | O_CLOEXEC);
		char *fv[] = { "fexecve'd", "child", NULL };
		char *env[] = { "F=1", NULL };
		fexecve(fd, fv, env);
		printf("  fexecve: %s\n", strerror(errno));
		_exit(127);
	}
	wait_line("fexecve", p);
	/* execveat relative to a directory descriptor */
	fflush(stdout);
	p = fork();
	if (!p) {
		int dfd = open(tmp, O_RDONLY | O_DIRECTORY);
		char *env[] = { "D=1", NULL };
		syscall(SYS_execveat, dfd, "hello.sh", sv, env, 0);
		printf("  execveat: %s\n", strerror(errno));
		_exit(127);
	}
	wait_line("execveat", p);

	/* posix_spawn, system, popen */
	int r;
	char *pv[] = { "spawned", "child", "p", NULL };
	char *penv[] = { "SPAWN=yes", NULL };
	fflush(stdout);
	CHECK(posix_spawn(&p, self, NULL, NULL, pv, penv) == 0);
	wait_line("posix_spawn", p);
	r = posix_spawn(&p, "/nonexistent/prog", NULL, NULL, pv, penv);
	printf("posix_spawn of a missing file: %s\n", strerror(r));
	r = posix_spawnp(&p, "no-such-program-here", NULL, NULL, pv, environ);
	printf("posix_spawnp of a missing program: %s\n", strerror(r));
	fflush(stdout);
	r = system("echo '  system: hello'; exit 3");
	printf("system: status %d\n", WIFEXITED(r) ? WEXITSTATUS(r) : -1);
	FILE *f = popen("echo popen line; echo second", "r");
	CHECK(f != NULL);
	if (f) {
		char buf[100];
		while (fgets(buf, sizeof buf, f))
			printf("popen read: %s", buf);
		printf("pclose: %d\n", WEXITSTATUS(pclose(f)));
	}

	/* how execve fails */
	char *xv[] = { "x", NULL };
	exec_fails("missing file", "/nonexistent/prog", xv, ENOENT);
	exec_fails("empty path", "", xv, ENOENT);
	exec_fails("a directory", tmp, xv, EACCES);
	write_file("noexec", "#!/bin/sh\necho no\n", 0644);
	exec_fails("no x bit", path_in_tmp("noexec"), xv, EACCES);
	write_file("garbage", "this is not a program\n", 0755);
	exec_fails("not a program", path_in_tmp("garbage"), xv, ENOEXEC);
	write_file("empty", "", 0755);
	exec_fails("empty file", path_in_tmp("empty"), xv, ENOEXEC);
	exec_fails("through a file", "/etc/passwd/x", xv, ENOTDIR);
	write_file("badinterp", "#!/nonexistent/interpreter\n", 0755);
	exec_fails("missing interpreter", path_in_tmp("badinterp"), xv, ENOENT);
	snprintf(line, sizeof line, "#!%s\n", path_in_tmp("loop"));
	write_file("loop", line, 0755);
	exec_fails("script loop", path_in_tmp("loop"), xv, ELOOP);
	write_file("blank", "#!   \n", 0755);
	exec_fails("#! without a name", path_in_tmp("blank"), xv, ENOEXEC);
	int sfd = open(path_in_tmp("hello.sh"), O_RDONLY | O_CLOEXEC);
	errno = 0;
	r = fexecve(sfd, xv, environ);
	printf("fexecve of a script by a close-on-exec fd: %d, %s\n", r, strerror(errno));
	CHECK(r == -1 && errno == ENOENT);
	close(sfd);
	errno = 0;
	r = syscall(SYS_execveat, 1000, "x", xv, environ, 0);
	printf("execveat with a bad dirfd: %d, %s\n", r, strerror(errno));
	CHECK(r == -1 && errno == EBADF);
	exec_fails("bad argv", self, (char *const *)OPAQUE((char **)8), EFAULT);
	char *huge = malloc(200000);
	memset(huge, 'a', 199999);
	huge[199999] = 0;
	char *hv[] = { "x", huge, NULL };
	exec_fails("a 200k argument", self, hv, E2BIG);
	free(huge);
	return finish();
}
