/*
 * bits: bit manipulation through GCC builtins (popcount, clz, ctz, ffs,
 * parity, clrsb, bswap) of 32 and 64-bit values, rotates, bit reversal and
 * the classic bit tricks.  rv64gc has no Zbb, so these are libgcc calls or
 * inline sequences: a lot of shifts, masks and table lookups.
 */
#include "common.h"

static unsigned naive_popcount(uint64_t x)
{
	unsigned n = 0;

	for (; x; x >>= 1)
		n += x & 1;
	return n;
}

static unsigned naive_clz64(uint64_t x)
{
	unsigned n = 0;

	for (uint64_t m = 1ull << 63; m && !(x & m); m >>= 1)
		n++;
	return n;
}

static uint64_t rev64(uint64_t x)
{
	uint64_t r = 0;

	for (int i = 0; i < 64; i++, x >>= 1)
		r = (r << 1) | (x & 1);
	return r;
}

static uint64_t rotl64(uint64_t x, unsigned s)
{
	return (x << (s & 63)) | (x >> (-s & 63));
}

static uint32_t rotr32(uint32_t x, unsigned s)
{
	return (x >> (s & 31)) | (x << (-s & 31));
}

int main(void)
{
	uint64_t h = 0;

	for (int i = 0; i < 4000; i++) {
		volatile uint64_t x = rng();
		uint64_t y = x >> (i % 64);	/* vary the leading zeros */
		uint32_t y32 = (uint32_t)(y >> (i % 32));

		if (y == 0)
			y = 1;
		if (y32 == 0)
			y32 = 0x80;
		CHECK_EQ(__builtin_popcountll(y), naive_popcount(y));
		CHECK_EQ(__builtin_clzll(y), naive_clz64(y));
		CHECK_EQ(__builtin_clz(y32), naive_clz64(y32) - 32);
		h = mix64(h, __builtin_popcountll(y));
		h = mix64(h, __builtin_popcount(y32));
		h = mix64(h, __builtin_clzll(y));
		h = mix64(h, __builtin_clz(y32));
		h = mix64(h, __builtin_ctzll(y));
		h = mix64(h, __builtin_ctz(y32));
		h = mix64(h, __builtin_ffsll((long long)x));
		h = mix64(h, __builtin_parityll(y));
		h = mix64(h, __builtin_clrsbll((long long)y));
		h = mix64(h, __builtin_bswap64(y));
		h = mix64(h, __builtin_bswap32(y32));
		h = mix64(h, __builtin_bswap16((uint16_t)y));
		h = mix64(h, rotl64(y, i));
		h = mix64(h, rotr32(y32, i));
		h = mix64(h, rev64(y));
		h = mix64(h, y & -y);		/* lowest set bit */
		h = mix64(h, y & (y - 1));	/* clear lowest */
		h = mix64(h, y | (y - 1));
		h = mix64(h, (y ^ (y >> 1)));	/* gray code */
	}
	printf("hash %016llx\n", (unsigned long long)h);

	static const uint64_t fixed[] = {
		1, 2, 0x80, 0xff, 0x8000000000000000ull, 0xffffffffffffffffull,
		0x0123456789abcdefull, 0x00000000ffffffffull, 0xf0f0f0f0f0f0f0f0ull,
	};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		volatile uint64_t x = fixed[i];
		printf("%016llx pop %2d clz %2d ctz %2d ffs %2d par %d clrsb %2d bswap %016llx rev %016llx\n",
		       (unsigned long long)x, __builtin_popcountll(x),
		       __builtin_clzll(x), __builtin_ctzll(x),
		       __builtin_ffsll((long long)x), __builtin_parityll(x),
		       __builtin_clrsbll((long long)x),
		       (unsigned long long)__builtin_bswap64(x),
		       (unsigned long long)rev64(x));
	}
	volatile int zero = 0;
	printf("ffs(0)=%d popcount(0)=%d parity(0)=%d\n", __builtin_ffs(zero),
	       __builtin_popcount(zero), __builtin_parity(zero));
	return finish();
}
