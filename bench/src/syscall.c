/*
 * syscall (syscall): many small system calls: write() of a few bytes to
 * /dev/null, read() from /dev/zero, getpid() and clock_gettime().  Measures
 * the round trip from translated code to the host kernel and back
 * (natively clock_gettime is a vDSO call, no kernel entry at all).
 */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	long iters = scale * 120000;
	int out = open("/dev/null", O_WRONLY), in = open("/dev/zero", O_RDONLY);
	uint64_t written = 0, zeros = 0, backwards = 0, pid_changes = 0;
	struct timespec last = { 0, 0 };
	pid_t pid = getpid();
	uint8_t buf[64];

	if (out < 0 || in < 0) {
		perror("syscall: open");
		return 1;
	}
	for (long i = 0; i < iters; i++) {
		struct timespec now;
		ssize_t n;

		n = write(out, "warp\n", 1 + i % 5);
		if (n > 0)
			written += (uint64_t)n;
		memset(buf, 0xff, sizeof(buf));
		n = read(in, buf, 1 + i % sizeof(buf));
		for (ssize_t k = 0; k < n; k++)
			zeros += buf[k] == 0;
		pid_changes += getpid() != pid;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec < last.tv_sec ||
		    (now.tv_sec == last.tv_sec && now.tv_nsec < last.tv_nsec))
			backwards++;
		last = now;
	}
	printf("syscall: %ld rounds, %llu bytes written, %llu zeros read, "
	       "%llu pid changes, %llu clock steps backwards\n", iters,
	       (unsigned long long)written, (unsigned long long)zeros,
	       (unsigned long long)pid_changes, (unsigned long long)backwards);
	bench_report("syscall", bench_mix(bench_mix(bench_mix(BENCH_SEED,
		written), zeros), pid_changes + backwards));
	return 0;
}
