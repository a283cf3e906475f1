/*
 * alloca: stack allocation with alloca and variable-length arrays of many
 * sizes, in loops and recursion, alignment of the results, data kept
 * intact across calls, and a large (1 MiB) stack buffer that touches many
 * stack pages (the stack grows on demand).
 */
#include "common.h"
#include <alloca.h>

static uint64_t __attribute__((noinline)) use_vla(int n)
{
	long vla[n];
	uint64_t h = 0;

	for (int i = 0; i < n; i++)
		vla[i] = (long)i * n;
	for (int i = n - 1; i >= 0; i--)
		h = mix64(h, (uint64_t)vla[i]);
	return h;
}

static uint64_t __attribute__((noinline)) nested(int depth, int size)
{
	unsigned char *p = alloca((size_t)size);

	memset(p, depth, (size_t)size);
	if ((uintptr_t)p % 16)
		printf("FAIL alloca not 16-byte aligned\n");
	uint64_t below = depth ? nested(depth - 1, size * 3 / 2 + 1) : 0;
	for (int i = 0; i < size; i++)
		if (p[i] != (unsigned char)depth)
			return ~0ull;	/* clobbered by the callee */
	return mix64(below, fnv1a(p, (size_t)size));
}

static long __attribute__((noinline)) big_frame(void)
{
	volatile char buf[1 << 20];
	long s = 0;

	for (int i = 0; i < (1 << 20); i += 512)
		buf[i] = (char)(i >> 9);
	for (int i = 0; i < (1 << 20); i += 512)
		s += buf[i] & 0x7f;
	return s;
}

int main(void)
{
	uint64_t h = 0;

	for (int n = 1; n < 3000; n += 97)
		h = mix64(h, use_vla(n));
	printf("vla hash %016llx\n", (unsigned long long)h);
	uint64_t a = nested(12, 7);
	printf("nested alloca %016llx\n", (unsigned long long)a);
	CHECK(a != ~0ull);
	for (int i = 0; i < 1000; i++) {
		size_t sz = (size_t)(rng() % 2000) + 1;
		char *p = alloca(sz);
		CHECK((uintptr_t)p % 16 == 0);
		p[0] = 1;
		p[sz - 1] = 2;
		if (i % 100 == 99)
			break;	/* alloca in a loop grows the frame: keep it bounded */
	}
	printf("big frame sum %ld\n", big_frame());
	return finish();
}
