/*
 * epoll: the epoll family on pipes and an eventfd.  struct epoll_event is
 * packed on x86-64 and not on riscv64, so the 64-bit data values (with
 * every byte distinct) and event masks must survive the conversion both
 * ways: several descriptors ready at once, maxevents smaller than the
 * ready set (the rest come on the next call), EPOLLET (reported once),
 * EPOLLONESHOT (disabled until EPOLL_CTL_MOD), EPOLL_CTL_DEL, timeouts
 * (epoll_wait, epoll_pwait with a signal mask, epoll_pwait2 with a
 * timespec), an epoll fd inside another, and the error paths: EEXIST,
 * ENOENT, EBADF, EINVAL (maxevents, self-add), EFAULT (events array,
 * event struct), EPERM (a regular file).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void show(const char *what, int n, const struct epoll_event *ev)
{
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" [%#x %#llx]", ev[i].events, (unsigned long long)ev[i].data.u64);
	printf("\n");
}

int main(void)
{
	int p1[2], p2[2], ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev, out[8];
	CHECK(ep >= 0);
	printf("cloexec %d\n", (fcntl(ep, F_GETFD) & FD_CLOEXEC) != 0);
	CHECK_EQ(pipe(p1), 0);
	CHECK_EQ(pipe(p2), 0);
	int efd = eventfd(0, EFD_NONBLOCK);

	ev.events = EPOLLIN;
	ev.data.u64 = 0x0102030405060708ull;
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, p1[0], &ev), 0);
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = 0xf1e2d3c4b5a69788ull;
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, p2[0], &ev), 0);
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 0x8000000000000001ull;
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev), 0);
	ev.events = EPOLLOUT;
	ev.data.fd = p1[1];
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, p1[1], &ev), 0);

	show("only the write end", epoll_wait(ep, out, 8, 0), out);
	write(p1[1], "a", 1);
	write(p2[1], "b", 1);
	uint64_t one = 1;
	write(efd, &one, 8);
	int n = epoll_wait(ep, out, 2, 100);
	printf("maxevents 2: %d\n", n);
	n += epoll_wait(ep, out + 2, 6, 100);
	printf("over two calls (level-triggered ones twice): %d\n", n);
	/* sorted by data, so the order of the ready list does not matter */
	for (int i = 0; i < n; i++)
		for (int k = i + 1; k < n; k++)
			if (out[k].data.u64 < out[i].data.u64) {
				struct epoll_event t = out[i];
				out[i] = out[k];
				out[k] = t;
			}
	show("sorted", n, out);
	n = epoll_wait(ep, out, 8, 0);
	printf("again: %d (level-triggered pipe and write end only)\n", n);
	/* oneshot: rearm with MOD */
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 0x8000000000000002ull;
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev), 0);
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, p1[1], NULL), 0);
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, p1[0], NULL), 0);
	n = epoll_wait(ep, out, 8, 0);
	show("after MOD and DEL", n, out);

	/* timeouts */
	uint64_t tmp;
	read(efd, &tmp, 8);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR1);
	n = epoll_pwait(ep, out, 8, 30, &ss);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("epoll_pwait timeout: %d after >= 25ms %d\n", n, ms >= 25);
	struct timespec to = { 0, 20000000 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = syscall(SYS_epoll_pwait2, ep, out, 8, &to, NULL, 8);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("epoll_pwait2 timeout: %d after >= 15ms %d\n", n, ms >= 15);

	/* nested */
	int outer = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.u64 = 0x1234;
	CHECK_EQ(epoll_ctl(outer, EPOLL_CTL_ADD, ep, &ev), 0);
	write(p2[1], "c", 1);
	n = epoll_wait(outer, out, 8, 100);
	show("outer", n, out);

	/* errors */
	ev.events = EPOLLIN;
	ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p2[0], &ev));
	ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p1[0], &ev));
	ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p1[0], NULL));
	ERR(epoll_ctl(ep, EPOLL_CTL_ADD, -1, &ev));
	ERR(epoll_ctl(-1, EPOLL_CTL_ADD, p1[0], &ev));
	ERR(epoll_ctl(p1[0], EPOLL_CTL_ADD, p2[0], &ev));
	ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
	ERR(epoll_ctl(ep, 99, p1[0], &ev));
	ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p1[0], BADPTR));
	ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p2[0], BADPTR));
	int reg = open("/proc/self/exe", O_RDONLY);
	ERR(epoll_ctl(ep, EPOLL_CTL_ADD, reg, &ev));
	close(reg);
	ERR(epoll_wait(ep, out, 0, 0));
	ERR(epoll_wait(ep, out, -1, 0));
	ERR(epoll_wait(ep, BADPTR, 8, 0));
	ERR(epoll_wait(ep, KPTR, 8, 0));
	ERR(epoll_wait(-1, out, 8, 0));
	ERR(epoll_wait(p1[0], out, 8, 0));
	ERR(syscall(SYS_epoll_pwait, ep, out, 8, 0, &ss, 4));
	ERR(syscall(SYS_epoll_pwait, ep, out, 8, 0, BADPTR, 8));
	ERR(syscall(SYS_epoll_pwait2, ep, out, 8, BADPTR, NULL, 8));
	to.tv_nsec = 2000000000;
	ERR(syscall(SYS_epoll_pwait2, ep, out, 8, &to, NULL, 8));
	ERR(epoll_create1(12345));
	ERR(epoll_create(0));
	/* a ready event and nowhere to put it: EFAULT, and the
	 * level-triggered event is still there */
	ev.events = EPOLLIN;
	ev.data.u64 = 0x77;
	CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, p1[0], &ev), 0);
	ERR(epoll_wait(ep, BADPTR, 8, 100));
	n = epoll_wait(ep, out, 8, 100);
	show("still ready", n, out);
	close(outer);
	close(ep);
	return finish();
}
