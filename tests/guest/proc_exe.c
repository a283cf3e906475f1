/*
 * proc_exe.c: /proc/PID/exe of another process.  The program runs itself
 * again as a child (fork, then execve of /proc/self/exe's target) and
 * compares the child's /proc/PID/exe with its own: natively both name this
 * program; under warp both must name the guest program, not warp.
 * Also: a process that is not this program (the parent shell or init is
 * not readable or is something else) is not reported as this program.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char self[PATH_MAX], other[PATH_MAX], path[64], c = 'x';
	int ready[2], hold[2];
	ssize_t n;

	if (argc > 2 && !strcmp(argv[1], "child")) {
		/* tell the parent we run, then wait for it to have looked */
		int w = argv[2][0] - '0';
		if (write(w, &c, 1) != 1)
			return 2;
		return read(0, &c, 1) < 0;
	}
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0) {
		printf("FAIL readlink /proc/self/exe\n");
		return 1;
	}
	self[n] = 0;
	if (pipe(ready) || pipe(hold)) {
		printf("FAIL pipe\n");
		return 1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		char wfd[2] = { (char)('0' + 3), 0 };
		dup2(hold[0], 0);
		dup2(ready[1], 3);
		close(hold[1]);
		execl(self, argv[0], "child", wfd, (char *)NULL);
		_exit(127);
	}
	close(ready[1]);
	close(hold[0]);
	if (read(ready[0], &c, 1) != 1) {
		printf("FAIL the child did not start\n");
		return 1;
	}
	snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	n = readlink(path, other, sizeof other - 1);
	if (n < 0) {
		printf("FAIL readlink %s\n", path);
		return 1;
	}
	other[n] = 0;
	printf("the child's exe is %s\n", strcmp(self, other) ? "another program" : "this program");
	if (strcmp(self, other))
		printf("FAIL %s vs %s\n", other, self);
	close(hold[1]);
	int st;
	waitpid(pid, &st, 0);
	printf("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	snprintf(path, sizeof path, "/proc/%d/exe", (int)getppid());
	n = readlink(path, other, sizeof other - 1);
	if (n >= 0) {
		other[n] = 0;
		printf("the parent's exe is %s\n", strcmp(self, other) ? "another program" : "this program (wrong)");
	} else {
		printf("the parent's exe is another program\n");
	}
	return 0;
}
