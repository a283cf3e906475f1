/*
 * volatile: volatile loads and stores of every width are all performed, in
 * order, with the right sign/zero extension (lb/lbu/lh/lhu/lw/lwu/ld and
 * sb/sh/sw/sd); a memory-mapped-register-like ring of volatile accesses;
 * read-modify-write on volatile; loops the compiler may not collapse.
 */
#include "common.h"

static volatile int8_t s8[8];
static volatile uint8_t u8[8];
static volatile int16_t s16[8];
static volatile uint16_t u16[8];
static volatile int32_t s32[8];
static volatile uint32_t u32[8];
static volatile int64_t s64[8];
static volatile uint64_t u64[8];
static volatile float vf;
static volatile double vd;

int main(void)
{
	uint64_t h = 0;

	for (int i = 0; i < 8; i++) {
		uint64_t v = 0x8081828384858687ull + (uint64_t)i * 0x0101010101010101ull;
		s8[i] = (int8_t)v;
		u8[i] = (uint8_t)v;
		s16[i] = (int16_t)v;
		u16[i] = (uint16_t)v;
		s32[i] = (int32_t)v;
		u32[i] = (uint32_t)v;
		s64[i] = (int64_t)v;
		u64[i] = v;
	}
	for (int i = 0; i < 8; i++) {
		int64_t a = s8[i], c = s16[i], e = s32[i], g = s64[i];
		uint64_t b = u8[i], d = u16[i], f = u32[i], hh = u64[i];
		printf("%d: %lld %llu %lld %llu %lld %llu %lld %llu\n", i,
		       (long long)a, (unsigned long long)b, (long long)c,
		       (unsigned long long)d, (long long)e, (unsigned long long)f,
		       (long long)g, (unsigned long long)hh);
		h = mix64(h, (uint64_t)(a + c + e + g) ^ (b + d + f + hh));
	}
	/* every access happens: a counter incremented through volatile */
	static volatile unsigned long counter;
	for (int i = 0; i < 100000; i++)
		counter++;
	for (int i = 0; i < 1000; i++) {
		counter += 3;
		counter -= 2;
		counter ^= 1;
		counter ^= 1;
	}
	printf("counter %lu\n", counter);
	CHECK_EQ(counter, 101000);
	/* stores of a narrow width leave neighbours intact */
	u64[0] = 0;
	volatile uint8_t *b = (volatile uint8_t *)&u64[0];
	volatile uint16_t *hw = (volatile uint16_t *)&u64[0];
	volatile uint32_t *w = (volatile uint32_t *)&u64[0];
	b[7] = 0xaa;
	hw[1] = 0xbbcc;
	w[1] |= 0x00110000;
	b[0] = 0x11;
	printf("composed %016llx\n", (unsigned long long)u64[0]);
	CHECK_EQ(u64[0], 0xaa110000bbcc0011ull);
	vf = 1.5f;
	vd = vf * 2;
	vf = (float)vd + vf;
	printf("fp %g %g\n", (double)vf, vd);
	printf("hash %016llx\n", (unsigned long long)h);
	return finish();
}
