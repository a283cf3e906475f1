/*
 * futex: the futex operations a single thread can observe: FUTEX_WAIT
 * with a value that does not match (EAGAIN), with a relative timeout that
 * expires (ETIMEDOUT, after at least the time asked), FUTEX_WAIT_BITSET
 * with an absolute CLOCK_MONOTONIC deadline, FUTEX_WAKE with no waiter
 * (0), FUTEX_WAKE_OP changing the second word, FUTEX_CMP_REQUEUE's value
 * check, private and shared forms, and errors: EFAULT (word, timeout),
 * EINVAL (misaligned word, bad timeout, empty bitset), ENOSYS (unknown
 * operation).
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long fx(void *u, int op, uint32_t val, void *t, void *u2, uint32_t v3)
{
	return syscall(SYS_futex, u, op, val, t, u2, v3);
}

int main(void)
{
	static uint32_t w = 5, w2 = 1, wa[2];
	struct timespec t = { 0, 20000000 }, t0, t1;

	ERR(fx(&w, FUTEX_WAIT, 4, NULL, NULL, 0));
	ERR(fx(&w, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ERR(fx(&w, FUTEX_WAIT_PRIVATE, 5, &t, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("waited >= 15ms: %d\n", ms >= 15);
	struct timespec dl;
	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_nsec += 10000000;
	if (dl.tv_nsec >= 1000000000) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000;
	}
	ERR(fx(&w, FUTEX_WAIT_BITSET_PRIVATE, 5, &dl, NULL, FUTEX_BITSET_MATCH_ANY));
	ERR(fx(&w, FUTEX_WAKE, 1, NULL, NULL, 0));
	ERR(fx(&w, FUTEX_WAKE_PRIVATE, 100, NULL, NULL, 0));
	/* wake-op: *w2 = 7 (SET), wake on w2 if the old value was 1 */
	ERR(fx(&w, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &w2,
	       FUTEX_OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_EQ, 1)));
	printf("w2 after wake-op: %u\n", w2);
	ERR(fx(&w, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &w2, 4));
	ERR(fx(&w, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &w2, 5));

	ERR(fx(BADPTR, FUTEX_WAIT, 0, NULL, NULL, 0));
	ERR(fx(KPTR, FUTEX_WAKE, 1, NULL, NULL, 0));
	ERR(fx((char *)wa + 1, FUTEX_WAIT, 0, NULL, NULL, 0));
	ERR(fx(&w, FUTEX_WAIT, 5, BADPTR, NULL, 0));
	t.tv_nsec = -1;
	ERR(fx(&w, FUTEX_WAIT, 5, &t, NULL, 0));
	ERR(fx(&w, FUTEX_WAIT_BITSET, 5, &dl, NULL, 0));
	ERR(fx(&w, 99, 0, NULL, NULL, 0));
	ERR(fx(&w, FUTEX_WAKE_OP, 1, (void *)1, BADPTR, FUTEX_OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_EQ, 1)));
	return finish();
}
