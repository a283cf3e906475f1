/*
 * common.h: shared helpers for the tier-3 guest tests in tests/guest/.
 *
 * Every program here is built twice, natively (x86-64) and for a guest
 * (riscv64), and the harness (run.sh) requires both runs to print exactly
 * the same bytes and exit with the same status.  So a program prints only
 * architecture-independent facts; where the guest architecture defines a
 * result that C leaves undefined, the guest computes it with inline asm and
 * the native build computes the same value in portable C.
 *
 * Self-checks print "FAIL ..." lines and count failures; finish() turns the
 * count into the exit status.  The harness also rejects a native run that
 * prints FAIL, so a wrong expectation is a test bug, not a warp bug.
 */
#ifndef WARP_GUEST_COMMON_H
#define WARP_GUEST_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int common_fails;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("FAIL line %d: %s\n", __LINE__, #cond);	\
			common_fails++;					\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		unsigned long long check_a_ = (unsigned long long)(a);	\
		unsigned long long check_b_ = (unsigned long long)(b);	\
		if (check_a_ != check_b_) {				\
			printf("FAIL line %d: %s == %s (%#llx != %#llx)\n",\
			       __LINE__, #a, #b, check_a_, check_b_);	\
			common_fails++;					\
		}							\
	} while (0)

static inline int finish(void)
{
	printf("%s\n", common_fails ? "some checks FAILED" : "all checks passed");
	fflush(stdout);
	return common_fails ? 1 : 0;
}

/* A value the compiler cannot see through, to keep folding out of tests. */
#define OPAQUE(x) ({ __auto_type opaque_ = (x);				\
		     __asm__ volatile("" : "+r"(opaque_));		\
		     opaque_; })

/* FNV-1a over a buffer: a cheap, portable checksum to print. */
static inline uint64_t fnv1a(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static inline uint64_t mix64(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

/* Deterministic pseudo-random numbers (xorshift64*), same on every arch. */
static uint64_t rng_state = 0x243f6a8885a308d3ull;

static inline uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

#endif
