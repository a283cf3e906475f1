/*
 * spawn: the start-up benchmark's driver, always built natively.
 *	spawn COUNT PROGRAM [ARGS...]
 * runs PROGRAM COUNT times one after the other (fork, execvp, read its
 * stdout through a pipe, wait), so the time measured is COUNT process
 * start-ups; PROGRAM is the native hello, or warp / qemu-riscv64 with the
 * riscv64 hello as argument.  It checks every run exits 0 and prints a
 * checksum of everything the runs wrote, so a runner that starts fast but
 * prints nothing is caught.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_once(char **argv, uint64_t *hash, uint64_t *bytes)
{
	int fd[2], status;
	pid_t pid;
	char buf[4096];
	ssize_t n;

	if (pipe(fd) < 0) {
		perror("spawn: pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("spawn: fork");
		return -1;
	}
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "spawn: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("spawn: read");
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			*hash ^= (uint8_t)buf[i];
			*hash *= 0x100000001b3ULL;
		}
		*bytes += (uint64_t)n;
	}
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("spawn: waitpid");
			return -1;
		}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "spawn: %s: killed by signal %d\n", argv[0],
			WTERMSIG(status));
		return -1;
	}
	if (WEXITSTATUS(status) != 0) {
		fprintf(stderr, "spawn: %s: exit status %d\n", argv[0],
			WEXITSTATUS(status));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t hash = 0xcbf29ce484222325ULL, bytes = 0;
	long count;

	if (argc < 3 || (count = strtol(argv[1], NULL, 0)) < 1) {
		fprintf(stderr, "usage: spawn COUNT PROGRAM [ARGS...]\n");
		return 2;
	}
	for (long i = 0; i < count; i++)
		if (run_once(argv + 2, &hash, &bytes) < 0) {
			fprintf(stderr, "spawn: run %ld of %ld failed\n", i + 1,
				count);
			return 1;
		}
	printf("startup: %ld runs, %llu bytes of output\n", count,
	       (unsigned long long)bytes);
	printf("startup: checksum 0x%016llx\n", (unsigned long long)hash);
	return 0;
}
