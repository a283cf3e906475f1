/*
 * timeit: runs one command and reports how long it took, always built
 * natively.
 *	timeit [-t SECONDS] [-o OUT] [-e ERR] -- COMMAND [ARGS...]
 * The command's stdout and stderr go to OUT and ERR (default /dev/null),
 * and timeit prints one line on its own stdout:
 *	WALL USER SYS MAXRSS_KB STATUS
 * with times in seconds, STATUS "exit:N", "signal:N" or "timeout".  Wall
 * time is CLOCK_MONOTONIC around fork..wait; user/sys come from wait4, so
 * they include the children of the command (spawn's runs).  The command
 * runs in its own process group, which is killed whole on timeout, so a
 * hung translator cannot stall the benchmark.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	kill(-child, SIGKILL);
}

static double seconds(struct timespec t)
{
	return t.tv_sec + t.tv_nsec / 1e9;
}

static double tv_seconds(struct timeval t)
{
	return t.tv_sec + t.tv_usec / 1e6;
}

static int open_out(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0) {
		fprintf(stderr, "timeit: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *out = "/dev/null", *err = "/dev/null";
	unsigned timeout = 0;
	struct timespec t0, t1;
	struct rusage ru;
	int opt, status, ofd, efd;

	while ((opt = getopt(argc, argv, "+t:o:e:")) != -1) {
		switch (opt) {
		case 't': timeout = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'o': out = optarg; break;
		case 'e': err = optarg; break;
		default: goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	ofd = open_out(out);
	efd = open_out(err);
	signal(SIGALRM, on_alarm);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	child = fork();
	if (child < 0) {
		perror("timeit: fork");
		return 2;
	}
	if (child == 0) {
		setpgid(0, 0);
		dup2(ofd, 1);
		dup2(efd, 2);
		execvp(argv[optind], argv + optind);
		dprintf(efd, "timeit: %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	/* both sides set the group, so kill(-child) works whichever runs first */
	setpgid(child, child);
	if (timeout)
		alarm(timeout);
	while (wait4(child, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("timeit: wait4");
			return 2;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	alarm(0);
	printf("%.6f %.6f %.6f %ld ", seconds(t1) - seconds(t0),
	       tv_seconds(ru.ru_utime), tv_seconds(ru.ru_stime), ru.ru_maxrss);
	if (timed_out)
		printf("timeout\n");
	else if (WIFSIGNALED(status))
		printf("signal:%d\n", WTERMSIG(status));
	else
		printf("exit:%d\n", WEXITSTATUS(status));
	return 0;
usage:
	fprintf(stderr, "usage: timeit [-t SECONDS] [-o OUT] [-e ERR] -- COMMAND [ARGS...]\n");
	return 2;
}
