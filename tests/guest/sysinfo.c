/*
 * sysinfo: small system queries a static program makes at start-up or
 * for its own use: getrlimit/prlimit (stack and open files; the limits
 * are the host's), getpid/getppid/gettid, isatty and the terminal ioctls
 * on a non-terminal (stdin is /dev/null: ENOTTY), uname fields, sysconf,
 * getcwd, umask, and sched_yield.
 */
#define _GNU_SOURCE
#include "common.h"
#include <errno.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
	struct rlimit rl;
	CHECK_EQ(getrlimit(RLIMIT_STACK, &rl), 0);
	printf("RLIMIT_STACK cur %lld max %lld\n", (long long)rl.rlim_cur,
	       (long long)rl.rlim_max);
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	printf("RLIMIT_NOFILE cur %lld\n", (long long)rl.rlim_cur);
	struct rlimit nl = { 256, rl.rlim_max };
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &nl), 0);
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	printf("after setrlimit: %lld\n", (long long)rl.rlim_cur);
	struct rlimit old;
	CHECK_EQ(prlimit(0, RLIMIT_NOFILE, NULL, &old), 0);
	CHECK_EQ(old.rlim_cur, 256);

	pid_t pid = getpid();
	CHECK(pid > 1 && getppid() > 0);
	CHECK(gettid() == pid);
	printf("gettid == getpid: %d\n", gettid() == pid);

	errno = 0;
	int tty = isatty(0);
	printf("isatty(stdin) %d errno %s\n", tty, errno == ENOTTY ? "ENOTTY" : "other");
	struct winsize ws;
	errno = 0;
	int r = ioctl(0, TIOCGWINSZ, &ws);
	printf("TIOCGWINSZ %d %s\n", r, errno == ENOTTY ? "ENOTTY" : "other");
	struct termios t;
	errno = 0;
	r = tcgetattr(0, &t);
	printf("tcgetattr %d %s\n", r, errno == ENOTTY ? "ENOTTY" : "other");

	struct utsname u;
	CHECK_EQ(uname(&u), 0);
	printf("uname: sysname %s, release non-empty %d, nodename non-empty %d\n",
	       u.sysname, u.release[0] != 0, u.nodename[0] != 0);
	char host[256];
	CHECK_EQ(gethostname(host, sizeof(host)), 0);
	CHECK(strcmp(host, u.nodename) == 0);

	printf("sysconf: page %ld clk_tck %ld open_max %ld\n", sysconf(_SC_PAGESIZE),
	       sysconf(_SC_CLK_TCK), sysconf(_SC_OPEN_MAX));
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) >= 1);
	mode_t m = umask(027);
	mode_t m2 = umask(m);
	printf("umask round trip %03o\n", m2);
	CHECK_EQ(sched_yield(), 0);
	char cwd[4096];
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL && cwd[0] == '/');
	return finish();
}
