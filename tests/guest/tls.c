/*
 * tls: thread-local storage in a static program: __thread variables
 * (initialised and zero-initialised, in .tdata and .tbss) addressed from
 * the thread pointer (tp on RISC-V, fs on x86-64), errno (which is TLS),
 * and the address of a TLS variable staying the same across calls.
 */
#include "common.h"
#include <errno.h>
#include <unistd.h>

static __thread int counter = 42;
static __thread long big[64];
static __thread char name[16] = "tls-data";
__thread double tls_d = 2.5;

static int *__attribute__((noinline)) counter_addr(void)
{
	return &counter;
}

static void __attribute__((noinline)) bump(int k)
{
	counter += k;
	big[k % 64] += k;
	tls_d *= 1.5;
}

int main(void)
{
	printf("initial counter %d name %s d %g big[5] %ld\n", counter, name, tls_d, big[5]);
	for (int i = 0; i < 1000; i++)
		bump(i);
	long s = 0;
	for (int i = 0; i < 64; i++)
		s += big[i];
	printf("after: counter %d big sum %ld d %g\n", counter, s, tls_d);
	CHECK(counter_addr() == &counter);
	CHECK_EQ(counter, 42 + 999 * 1000 / 2);
	name[0] = 'T';
	printf("name %s\n", name);
	errno = 0;
	CHECK_EQ(close(-1), -1);
	printf("errno after close(-1): %s\n", errno == EBADF ? "EBADF" : "other");
	int *e = &errno;
	CHECK(e == &errno);
	return finish();
}
