/*
 * signalfd: signals read as data.  SIGUSR1 and SIGUSR2 are blocked,
 * raised (kill, tgkill, sigqueue with a value), seen by sigpending, and
 * read back through a signalfd as struct signalfd_siginfo (signo, code,
 * pid, uid, the queued value); a non-blocking signalfd then says EAGAIN;
 * poll sees it readable; the mask of an existing signalfd is replaced;
 * a blocked SIGCHLD-free, signal-free path: errors EINVAL (size, flags),
 * EFAULT (mask), EBADF.
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show(int fd)
{
	struct signalfd_siginfo si;
	ssize_t n = read(fd, &si, sizeof si);
	if (n != sizeof si) {
		printf("read %zd %s\n", n, errname(errno));
		return;
	}
	printf("signo %u code %d pid ok %d uid ok %d int %d\n", si.ssi_signo,
	       si.ssi_code, si.ssi_pid == (uint32_t)getpid(),
	       si.ssi_uid == getuid(), si.ssi_int);
}

int main(void)
{
	sigset_t set, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	CHECK(fd >= 0);
	struct pollfd p = { fd, POLLIN, 0 };
	printf("poll before: %d\n", poll(&p, 1, 0));
	CHECK_EQ(kill(getpid(), SIGUSR1), 0);
	CHECK_EQ(sigpending(&pend), 0);
	printf("pending: usr1 %d usr2 %d\n", sigismember(&pend, SIGUSR1),
	       sigismember(&pend, SIGUSR2));
	int pr = poll(&p, 1, 0);
	printf("poll after: %d revents %#x\n", pr, p.revents);
	show(fd);
	show(fd);
	union sigval v = { .sival_int = 777 };
	CHECK_EQ(sigqueue(getpid(), SIGUSR2, v), 0);
	CHECK_EQ(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1), 0);
	/* lower numbers first */
	show(fd);
	show(fd);
	CHECK_EQ(sigpending(&pend), 0);
	printf("pending after reads: %d\n", sigismember(&pend, SIGUSR1));

	/* a new mask for the same descriptor */
	sigset_t only2;
	sigemptyset(&only2);
	sigaddset(&only2, SIGUSR2);
	CHECK_EQ(signalfd(fd, &only2, 0), fd);
	raise(SIGUSR1);
	raise(SIGUSR2);
	show(fd);
	show(fd);
	CHECK_EQ(sigpending(&pend), 0);
	printf("usr1 still pending: %d\n", sigismember(&pend, SIGUSR1));
	int sig = 0;
	sigwait(&set, &sig);
	printf("sigwait took %d\n", sig);

	ERR(syscall(SYS_signalfd4, -1, &set, 4, 0));
	ERR(syscall(SYS_signalfd4, -1, BADPTR, 8, 0));
	ERR(syscall(SYS_signalfd4, -1, &set, 8, 0x1234));
	ERR(syscall(SYS_signalfd4, 0, &set, 8, 0));
	ERR(syscall(SYS_signalfd4, 99, &set, 8, 0));
	ERR(syscall(SYS_rt_sigpending, BADPTR, 8));
	ERR(syscall(SYS_rt_sigpending, &pend, 9));
	ERR(sigtimedwait(BADPTR, NULL, NULL));
	close(fd);
	return finish();
}
