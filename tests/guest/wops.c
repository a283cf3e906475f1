/*
 * wops: 32-bit operations on a 64-bit machine.  int arithmetic compiles to
 * the RISC-V W forms (addw, subw, mulw, addiw, slliw...), which read only
 * the low 32 bits of their sources and sign-extend the result; int/long
 * mixes exercise the sign and zero extensions around them.  The asm part
 * feeds W instructions sources with garbage in the upper half.
 */
#include "common.h"

#ifdef __riscv
#define RV_W(name, insn)						\
static int64_t name(int64_t a, int64_t b)				\
{									\
	int64_t r;							\
	__asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); \
	return r;							\
}
#define RV_WI(name, insn, imm)						\
static int64_t name(int64_t a)						\
{									\
	int64_t r;							\
	__asm__ volatile(insn " %0, %1, " #imm : "=r"(r) : "r"(a));	\
	return r;							\
}
RV_W(rv_addw, "addw")
RV_W(rv_subw, "subw")
RV_W(rv_mulw, "mulw")
RV_WI(rv_addiw_m1, "addiw", -1)
RV_WI(rv_addiw_2047, "addiw", 2047)
RV_WI(rv_addiw_0, "addiw", 0)
RV_WI(rv_slliw_31, "slliw", 31)
RV_WI(rv_srliw_0, "srliw", 0)
RV_WI(rv_srliw_31, "srliw", 31)
RV_WI(rv_sraiw_31, "sraiw", 31)
RV_WI(rv_sraiw_0, "sraiw", 0)
#else
static int64_t rv_addw(int64_t a, int64_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static int64_t rv_subw(int64_t a, int64_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static int64_t rv_mulw(int64_t a, int64_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }
static int64_t rv_addiw_m1(int64_t a) { return (int32_t)((uint32_t)a - 1); }
static int64_t rv_addiw_2047(int64_t a) { return (int32_t)((uint32_t)a + 2047); }
static int64_t rv_addiw_0(int64_t a) { return (int32_t)a; }
static int64_t rv_slliw_31(int64_t a) { return (int32_t)((uint32_t)a << 31); }
static int64_t rv_srliw_0(int64_t a) { return (int32_t)(uint32_t)a; }
static int64_t rv_srliw_31(int64_t a) { return (int32_t)((uint32_t)a >> 31); }
static int64_t rv_sraiw_31(int64_t a) { return (int32_t)a >> 31; }
static int64_t rv_sraiw_0(int64_t a) { return (int32_t)a; }
#endif

static const uint64_t vals[] = {
	0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xdeadbeef00000001ull,
	0x123456787fffffffull, 0xffffffff80000000ull, 0x8000000000000000ull,
	0x00000001ffffffffull, 0xcafebabe12345678ull, 0x7fffffff80000001ull,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

static void asm_wops(void)
{
	uint64_t h = 0, hi = 0;

	for (size_t i = 0; i < NV; i++) {
		int64_t a = (int64_t)vals[i];

		for (size_t j = 0; j < NV; j++) {
			int64_t b = (int64_t)vals[j];

			h = mix64(h, rv_addw(a, b));
			h = mix64(h, rv_subw(a, b));
			h = mix64(h, rv_mulw(a, b));
		}
		hi = mix64(hi, rv_addiw_m1(a));
		hi = mix64(hi, rv_addiw_2047(a));
		hi = mix64(hi, rv_addiw_0(a));
		hi = mix64(hi, rv_slliw_31(a));
		hi = mix64(hi, rv_srliw_0(a));
		hi = mix64(hi, rv_srliw_31(a));
		hi = mix64(hi, rv_sraiw_31(a));
		hi = mix64(hi, rv_sraiw_0(a));
	}
	printf("asm w-ops %016llx imm %016llx\n", (unsigned long long)h,
	       (unsigned long long)hi);
	CHECK_EQ(rv_addw(0x7fffffff, 1), (int64_t)INT32_MIN);
	CHECK_EQ(rv_addw(0xdeadbeef00000001ull, 0x12345678ffffffffull), 0);
	CHECK_EQ(rv_subw(0, 0x180000000ll), (int64_t)INT32_MIN);
	CHECK_EQ(rv_mulw(0x10000, 0x10000), 0);
	CHECK_EQ(rv_mulw(0xffffffff, 0x7fffffff), (int64_t)-0x7fffffff);
	CHECK_EQ(rv_addiw_0(0xffffffff), -1);
	CHECK_EQ(rv_srliw_0(0x80000000), (int64_t)INT32_MIN);
	CHECK_EQ(rv_srliw_31(0xffffffff), 1);
	CHECK_EQ(rv_addiw_2047(0x7fffffff), (int64_t)(int32_t)0x800007fe);
	printf("addw(MAX,1)=%lld srliw0=%lld sraiw31=%lld\n",
	       (long long)rv_addw(0x7fffffff, 1), (long long)rv_srliw_0(0x80000000),
	       (long long)rv_sraiw_31(0x80000000));
}

/* C code the compiler turns into W ops and extensions. */
static long __attribute__((noinline)) mix_int_long(int a, long b, unsigned u)
{
	/* unsigned long accumulates: signed overflow would be undefined */
	unsigned long r = (unsigned long)(long)a + (unsigned long)b; /* sext a */
	r += (unsigned long)(long)(int)((unsigned)a * (unsigned)a); /* mulw */
	r ^= u;					/* zero extension */
	r += (unsigned long)(long)(int)(u << 3);	/* slliw, sext */
	r -= (unsigned long)(long)(a >> 3);	/* sraiw */
	r += (unsigned)a >> 5;			/* srliw */
	r += (unsigned long)(long)(int)(unsigned)b; /* truncate and sext */
	return (long)r;
}

static int __attribute__((noinline)) sum_int(const int *p, int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += p[i] * (i - n / 2);
	return s;
}

static void c_wops(void)
{
	static int arr[1000];
	uint64_t h = 0;

	for (int i = 0; i < 1000; i++)
		arr[i] = (int)((rng() >> 48) & 0x3fff) - 0x2000;
	for (size_t i = 0; i < NV; i++)
		for (size_t j = 0; j < NV; j++)
			h = mix64(h, mix_int_long((int)vals[i], (long)vals[j],
						  (unsigned)(vals[j] >> 7)));
	printf("mix %016llx sum %d\n", (unsigned long long)h, sum_int(arr, 1000));

	volatile int a = -1;
	volatile unsigned ua = 0xffffffffu;
	long la = a, lua = ua;
	unsigned long ula = (unsigned long)a;

	CHECK_EQ(la, -1);
	CHECK_EQ(lua, 0xffffffffull);
	CHECK_EQ(ula, UINT64_MAX);
	printf("la=%ld lua=%ld ula=%lu\n", la, lua, ula);

	/* int index arithmetic that wraps in 32 bits */
	volatile int big = 0x7ffffff0;
	int k = big + 0x20 - 0x30;	/* no overflow */
	unsigned wrap = (unsigned)big + 0x20u;
	printf("k=%d wrap=%u (int)wrap=%d\n", k, wrap, (int)wrap);
	CHECK_EQ((int)wrap, (int64_t)(int32_t)0x80000010);
}

int main(void)
{
	asm_wops();
	c_wops();
	return finish();
}
