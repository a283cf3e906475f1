/*
 * nanbox: RISC-V keeps singles NaN-boxed in the 64-bit FP registers (upper
 * 32 bits all ones).  A single-precision operation reading a register that
 * is not a valid box sees the canonical NaN; moves and stores of singles
 * (fmv.x.w, fsw) take the low 32 bits unchanged; fmv.x.w sign-extends.
 * The riscv64 build checks this with inline asm; the native build prints
 * the values the ISA manual defines, so the outputs must agree.
 */
#include "fpcommon.h"

struct box_result {
	uint64_t add;		/* fadd.s x, 1.0f, as 64 raw bits */
	uint64_t sgnj;		/* fsgnj.s x, x */
	uint64_t mvxw;		/* fmv.x.w */
	uint64_t cvtds;		/* fcvt.d.s, raw bits */
	uint64_t cls;		/* fclass.s */
	uint64_t feq;		/* feq.s x, x */
	uint64_t fsw;		/* fsw into a zeroed 64-bit slot */
};

#ifdef __riscv
static struct box_result probe(uint64_t raw)
{
	struct box_result r;
	uint64_t slot = 0;
	double one_box;
	float one = 1.0f;

	__asm__ volatile("fmv.d %0, %1" : "=f"(one_box) : "f"(one));
	__asm__ volatile(
		"fmv.d.x ft0, %[raw]\n\t"
		"fadd.s ft1, ft0, %[one]\n\t"
		"fmv.x.d %[add], ft1\n\t"
		"fsgnj.s ft2, ft0, ft0\n\t"
		"fmv.x.d %[sgnj], ft2\n\t"
		"fmv.x.w %[mvxw], ft0\n\t"
		"fcvt.d.s ft3, ft0\n\t"
		"fmv.x.d %[cvtds], ft3\n\t"
		"fclass.s %[cls], ft0\n\t"
		"feq.s %[feq], ft0, ft0\n\t"
		"fsw ft0, 0(%[slot])\n\t"
		: [add] "=&r"(r.add), [sgnj] "=&r"(r.sgnj), [mvxw] "=&r"(r.mvxw),
		  [cvtds] "=&r"(r.cvtds), [cls] "=&r"(r.cls), [feq] "=&r"(r.feq)
		: [raw] "r"(raw), [one] "f"(one_box), [slot] "r"(&slot)
		: "ft0", "ft1", "ft2", "ft3", "memory");
	r.fsw = slot;
	return r;
}
#else
/* What the ISA manual defines, computed portably. */
static struct box_result probe(uint64_t raw)
{
	struct box_result r;
	int boxed = (raw >> 32) == 0xffffffffu;
	uint32_t lo = (uint32_t)raw;
	uint32_t v = boxed ? lo : 0x7fc00000u;	/* what FP ops see */
	float f = bitsf(v);

	if (isnan(f)) {
		r.add = 0xffffffff7fc00000ull;
	} else {
		volatile float s = f + 1.0f;
		r.add = 0xffffffff00000000ull | fbits(s);
	}
	r.sgnj = 0xffffffff00000000ull | v;
	r.mvxw = (uint64_t)(int64_t)(int32_t)lo;
	r.cvtds = isnan(f) ? 0x7ff8000000000000ull : dbits((double)f);
	if (isnan(f))
		r.cls = (v & 0x00400000u) ? 1u << 9 : 1u << 8;
	else if (isinf(f))
		r.cls = signbit(f) ? 1u << 0 : 1u << 7;
	else if (f == 0)
		r.cls = signbit(f) ? 1u << 3 : 1u << 4;
	else if (fpclassify(f) == FP_SUBNORMAL)
		r.cls = signbit(f) ? 1u << 2 : 1u << 5;
	else
		r.cls = signbit(f) ? 1u << 1 : 1u << 6;
	r.feq = !isnan(f);
	r.fsw = lo;
	return r;
}
#endif

int main(void)
{
	static const uint64_t raws[] = {
		0xffffffff3f800000ull,	/* boxed 1.0f */
		0x000000003f800000ull,	/* not boxed: canonical NaN */
		0x7fffffff3f800000ull,	/* almost boxed */
		0xffffffffbf800000ull,	/* boxed -1.0f */
		0xffffffff7fc00000ull,	/* boxed qNaN */
		0xffffffff7f800001ull,	/* boxed sNaN */
		0xffffffff00000001ull,	/* boxed subnormal */
		0xffffffff80000000ull,	/* boxed -0 */
		0xffffffffff800000ull,	/* boxed -inf */
		0x3ff0000000000000ull,	/* the double 1.0 */
		0xfffffffe40490fdbull,	/* one bit off */
	};

	for (size_t i = 0; i < sizeof(raws) / sizeof(raws[0]); i++) {
		feclearexcept(ALL_EXCEPT);
		struct box_result r = probe(raws[i]);
		printf("%016llx: add %016llx sgnj %016llx mv.x.w %016llx\n",
		       (unsigned long long)raws[i], (unsigned long long)r.add,
		       (unsigned long long)r.sgnj, (unsigned long long)r.mvxw);
		printf("%16s  cvt.d.s %016llx class %03llx feq %llu fsw %016llx\n",
		       "", (unsigned long long)r.cvtds, (unsigned long long)r.cls,
		       (unsigned long long)r.feq, (unsigned long long)r.fsw);
	}
	/* flw boxes, and single ops box their results */
#ifdef __riscv
	uint64_t boxed;
	float two = 2.0f;
	__asm__ volatile("flw ft0, 0(%1)\n\tfmv.x.d %0, ft0"
			 : "=r"(boxed) : "r"(&two) : "ft0");
#else
	uint64_t boxed = 0xffffffff40000000ull;
#endif
	printf("flw 2.0f -> %016llx\n", (unsigned long long)boxed);
	CHECK_EQ(boxed, 0xffffffff40000000ull);
	return finish();
}
