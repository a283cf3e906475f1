/*
 * atomics: C11 <stdatomic.h>, __atomic and __sync builtins, single-
 * threaded, on 8, 16, 32 and 64-bit objects.  On riscv64 the 32/64-bit
 * ones become AMOs (amoadd, amoand, amoor, amoxor, amoswap) and LR/SC
 * loops (compare-exchange, nand, sub-word operations on masked words);
 * memory orders add .aq/.rl bits and fences; 8 and 16-bit ones are
 * libatomic calls (LR/SC on the containing word).  Each result is checked
 * against the plain computation and the values printed.
 * test-libs: -latomic
 */
#include "common.h"
#include <stdatomic.h>

#define FETCH_OPS(T, NAME)						\
static uint64_t ops_##NAME(void)					\
{									\
	static _Atomic T v;						\
	T plain = (T)0x5a5a5a5a5a5a5a5aull, old;			\
	uint64_t h = 0;							\
	atomic_store(&v, plain);					\
	for (int i = 0; i < 2000; i++) {				\
		T x = (T)rng();						\
		switch (i % 9) {					\
		case 0:							\
			old = atomic_fetch_add(&v, x);			\
			CHECK_EQ(old, plain); plain = (T)(plain + x);	\
			break;						\
		case 1:							\
			old = atomic_fetch_sub_explicit(&v, x, memory_order_acquire); \
			CHECK_EQ(old, plain); plain = (T)(plain - x);	\
			break;						\
		case 2:							\
			old = atomic_fetch_and_explicit(&v, x | (T)0x0f0f0f0f0f0f0f0full, memory_order_release); \
			CHECK_EQ(old, plain); plain &= x | (T)0x0f0f0f0f0f0f0f0full; \
			break;						\
		case 3:							\
			old = atomic_fetch_or_explicit(&v, x & (T)0x1111111111111111ull, memory_order_acq_rel); \
			CHECK_EQ(old, plain); plain |= x & (T)0x1111111111111111ull; \
			break;						\
		case 4:							\
			old = atomic_fetch_xor_explicit(&v, x, memory_order_relaxed); \
			CHECK_EQ(old, plain); plain ^= x;		\
			break;						\
		case 5:							\
			old = atomic_exchange(&v, x);			\
			CHECK_EQ(old, plain); plain = x;		\
			break;						\
		case 6: {						\
			T expect = plain;				\
			int ok = atomic_compare_exchange_strong(&v, &expect, x); \
			CHECK(ok); CHECK_EQ(expect, plain); plain = x;	\
			expect = (T)(x + 1);				\
			ok = atomic_compare_exchange_strong(&v, &expect, (T)0); \
			CHECK(!ok); CHECK_EQ(expect, plain);		\
			break;						\
		}							\
		case 7: {						\
			T expect = plain;				\
			int tries = 0;					\
			while (!atomic_compare_exchange_weak_explicit(&v, &expect, x, \
					memory_order_seq_cst, memory_order_relaxed)) \
				if (++tries > 100) break;		\
			CHECK(tries <= 100); plain = x;			\
			break;						\
		}							\
		default:						\
			old = __atomic_nand_fetch(&v, x, __ATOMIC_SEQ_CST); \
			plain = (T)~(plain & x);			\
			CHECK_EQ(old, plain);				\
			break;						\
		}							\
		CHECK_EQ(atomic_load(&v), plain);			\
		h = mix64(h, (uint64_t)plain);				\
	}								\
	return h;							\
}

FETCH_OPS(uint8_t, u8)
FETCH_OPS(uint16_t, u16)
FETCH_OPS(uint32_t, u32)
FETCH_OPS(uint64_t, u64)
FETCH_OPS(int32_t, i32)
FETCH_OPS(int64_t, i64)

static void builtins(void)
{
	static long l = 10;
	static int i = 5;
	static short s = 7;
	static int c = 1;
	static char ch;

	/* one atomic per statement: argument evaluation order is unspecified */
	long r1 = __atomic_add_fetch(&l, 5, __ATOMIC_RELAXED);
	long r2 = __atomic_fetch_sub(&l, 20, __ATOMIC_SEQ_CST);
	printf("add_fetch %ld fetch_sub %ld now %ld\n", r1, r2, l);
	CHECK_EQ(l, -5);
	int c1 = __sync_val_compare_and_swap(&i, 5, 9);
	int c2 = __sync_val_compare_and_swap(&i, 5, 11);
	printf("sync_val_cas %d (ok) %d (fail) i=%d\n", c1, c2, i);
	CHECK_EQ(i, 9);
	int b1 = __sync_bool_compare_and_swap(&s, 7, -3);
	int b2 = __sync_bool_compare_and_swap(&s, 7, 1);
	printf("sync_bool_cas %d %d s=%d\n", b1, b2, s);
	int t = __sync_lock_test_and_set(&c, 42);
	printf("lock_test_and_set %d then %d\n", t, c);
	__sync_lock_release(&c);
	printf("released %d\n", c);
	int o1 = __sync_fetch_and_or(&i, 0x30);
	int o2 = __sync_fetch_and_and(&i, 0x3c);
	int o3 = __sync_fetch_and_xor(&i, 0xff);
	printf("sync_fetch_and_or %d and %d xor %d i=%d\n", o1, o2, o3, i);
	CHECK_EQ(i, (((9 | 0x30) & 0x3c) ^ 0xff));
	__sync_synchronize();
	atomic_thread_fence(memory_order_seq_cst);
	atomic_signal_fence(memory_order_seq_cst);

	atomic_flag f = ATOMIC_FLAG_INIT;
	int was = atomic_flag_test_and_set(&f);
	int again = atomic_flag_test_and_set(&f);
	atomic_flag_clear(&f);
	int after = atomic_flag_test_and_set(&f);
	printf("flag %d %d %d\n", was, again, after);
	CHECK(!was && again && !after);

	/* 64-bit boundary values through the AMOs */
	static _Atomic int64_t big = INT64_MAX;
	int64_t o = atomic_fetch_add(&big, 1);
	printf("INT64_MAX+1 via amoadd: old %lld new %lld\n", (long long)o,
	       (long long)atomic_load(&big));
	static _Atomic int32_t w = INT32_MAX;
	int32_t ow = atomic_fetch_add(&w, 1);
	printf("INT32_MAX+1 via amoadd.w: old %d new %d\n", ow, atomic_load(&w));
	CHECK_EQ(atomic_load(&w), (uint64_t)(int64_t)INT32_MIN);
	/* lock-freedom is a property of the ABI, the same on both */
	printf("lock free: %d %d %d %d\n", atomic_is_lock_free(&ch),
	       atomic_is_lock_free(&s), atomic_is_lock_free(&w),
	       atomic_is_lock_free(&big));
}

int main(void)
{
	printf("u8  %016llx\n", (unsigned long long)ops_u8());
	printf("u16 %016llx\n", (unsigned long long)ops_u16());
	printf("u32 %016llx\n", (unsigned long long)ops_u32());
	printf("u64 %016llx\n", (unsigned long long)ops_u64());
	printf("i32 %016llx\n", (unsigned long long)ops_i32());
	printf("i64 %016llx\n", (unsigned long long)ops_i64());
	builtins();
	return finish();
}
