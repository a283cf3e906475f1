/*
 * unaligned: misaligned loads and stores of 2, 4 and 8 bytes (integer and
 * FP) at every offset, through memcpy, packed structs and
 * __attribute__((aligned(1))) types, so the compiler emits real unaligned
 * accesses where it may (RISC-V allows them in user mode; the kernel or
 * hardware handles them), byte-wise sequences where it must.
 */
#include "common.h"

typedef uint16_t u16u __attribute__((aligned(1), may_alias));
typedef uint32_t u32u __attribute__((aligned(1), may_alias));
typedef uint64_t u64u __attribute__((aligned(1), may_alias));
typedef double dblu __attribute__((aligned(1), may_alias));
typedef float fltu __attribute__((aligned(1), may_alias));

struct __attribute__((packed)) rec {
	uint8_t a;
	uint64_t b;
	uint16_t c;
	uint32_t d;
	double e;
	float f;
	int64_t g;
};

/* forced misaligned accesses, as a program compiled for a CPU with fast
 * misaligned access would emit them */
#ifdef __riscv
static uint64_t ld_raw(const void *p)
{
	uint64_t v;
	__asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
	return v;
}
static void sd_raw(void *p, uint64_t v)
{
	__asm__ volatile("sd %1, 0(%0)" : : "r"(p), "r"(v) : "memory");
}
static int64_t lw_raw(const void *p)
{
	int64_t v;
	__asm__ volatile("lw %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
	return v;
}
static double fld_raw(const void *p)
{
	double v;
	__asm__ volatile("fld %0, 0(%1)" : "=f"(v) : "r"(p) : "memory");
	return v;
}
#else
static uint64_t ld_raw(const void *p) { return *(const u64u *)p; }
static void sd_raw(void *p, uint64_t v) { *(u64u *)p = v; }
static int64_t lw_raw(const void *p) { return (int32_t)*(const u32u *)p; }
static double fld_raw(const void *p) { return *(const dblu *)p; }
#endif

int main(void)
{
	static unsigned char buf[256];
	uint64_t h = 0;

	for (int i = 0; i < 256; i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	for (int off = 0; off < 16; off++) {
		unsigned char *p = buf + 64 + off;
		uint16_t a;
		uint32_t b;
		uint64_t c;
		double d;
		float f;
		memcpy(&a, p, 2);
		memcpy(&b, p + 1, 4);
		memcpy(&c, p + 3, 8);
		memcpy(&d, p + 5, 8);
		memcpy(&f, p + 2, 4);
		h = mix64(h, a);
		h = mix64(h, b);
		h = mix64(h, c);
		h = mix64(h, *(const u16u *)(p + 1));
		h = mix64(h, *(const u32u *)(p + 3));
		h = mix64(h, *(const u64u *)(p + 7));
		h = mix64(h, ld_raw(p + 1));
		h = mix64(h, (uint64_t)lw_raw(p + 3));
		CHECK_EQ(ld_raw(p + 1), *(const u64u *)(p + 1));
		double fd = fld_raw(p + 5);
		CHECK(memcmp(&fd, &d, 8) == 0);
		uint32_t fb;
		memcpy(&fb, &f, 4);
		h = mix64(h, fb);
	}
	printf("unaligned loads %016llx\n", (unsigned long long)h);

	/* stores at every offset, then check the bytes around */
	for (int off = 0; off < 16; off++) {
		memset(buf, 0xee, sizeof(buf));
		unsigned char *p = buf + 32 + off;
		*(u64u *)p = 0x0102030405060708ull;
		*(u32u *)(p + 8) = 0x090a0b0cu;
		*(u16u *)(p + 12) = 0x0d0e;
		sd_raw(p + 14, 0x1112131415161718ull);
		*(dblu *)(p + 22) = 2.5;
		*(fltu *)(p + 30) = -1.0f;
		CHECK(buf[31 + off] == 0xee && buf[32 + off + 34] == 0xee);
		h = mix64(h, fnv1a(buf, sizeof(buf)));
	}
	printf("unaligned stores %016llx\n", (unsigned long long)h);

	struct rec r[4];
	memset(r, 0, sizeof(r));
	for (int i = 0; i < 4; i++) {
		r[i].a = (uint8_t)i;
		r[i].b = 0x1122334455667788ull * (uint64_t)(i + 1);
		r[i].c = (uint16_t)(0xbeef + i);
		r[i].d = 0xdeadbeefu ^ (uint32_t)i;
		r[i].e = 1.0 / (i + 3);
		r[i].f = (float)i * 0.75f;
		r[i].g = -(int64_t)i * 1000000007;
	}
	double se = 0;
	uint64_t sb = 0;
	for (int i = 0; i < 4; i++) {
		se += r[i].e;
		sb += r[i].b + r[i].c + r[i].d + (uint64_t)r[i].g;
		r[i].b += 1;
	}
	printf("packed size %zu sum %.17g %016llx bytes %016llx\n", sizeof(struct rec),
	       se, (unsigned long long)sb, (unsigned long long)fnv1a(r, sizeof(r)));
	return finish();
}
