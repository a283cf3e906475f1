/*
 * fflags_idiom.c - `frflags t; flt/fle/feq; fsflags t`, the sequence GCC
 * emits for isless() and friends (warp does the compare on the bits and
 * drops the fsflags): t holds the flags as read, the compare gives the
 * IEEE result for ordered, qNaN and sNaN operands, and the flags afterwards
 * are exactly the ones before, whether they were written or raised by
 * operations.  Also the near misses that must keep the compare's flags or
 * write something else: the compare's result in t, another register
 * written back, the old value read back, an FP op in between, the sequence
 * split by a page boundary; and fflags writes that keep or drop flags
 * raised before them.
 */
#include "isa.h"

#define QNAN_D 0x7ff8000000000000ull
#define NQNAN_D 0xfff8000000000000ull
#define SNAN_D 0x7ff4000000000000ull
#define NSNAN_D 0xfff0000000000001ull
#define MAXNAN_D 0x7fffffffffffffffull
#define ONE_D 0x3ff0000000000000ull
#define TWO_D 0x4000000000000000ull
#define THREE_D 0x4008000000000000ull
#define MONE_D 0xbff0000000000000ull
#define MTWO_D 0xc000000000000000ull
#define PZ 0ull
#define NZ 0x8000000000000000ull
#define INF_D 0x7ff0000000000000ull
#define NINF_D 0xfff0000000000000ull
#define MAX_D 0x7fefffffffffffffull
#define SUB_D 0x0000000000000001ull
#define NSUB_D 0x8000000000000001ull

/* the idiom on ft0 = A, ft1 = B: the compare's result; *T the flags read */
#define IDIOM(cmp, a, b, t) ({                                               \
	uint64_t _r, _t;                                                     \
	asm volatile("fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t"                \
		     "frflags %1\n\t" cmp " %0, ft0, ft1\n\tfsflags %1"       \
		     : "=&r"(_r), "=&r"(_t)                                  \
		     : "r"((uint64_t)(a)), "r"((uint64_t)(b))                \
		     : "ft0", "ft1");                                        \
	*(t) = _t;                                                           \
	_r; })

struct cmp_case {
	const char *name;
	uint64_t a, b;
	unsigned lt, le, eq;    /* expected results */
	unsigned nv_sig, nv_quiet; /* does flt/fle, feq raise NV alone? */
};

static const struct cmp_case dcases[] = {
	{ "1 2", ONE_D, TWO_D, 1, 1, 0, 0, 0 },
	{ "2 1", TWO_D, ONE_D, 0, 0, 0, 0, 0 },
	{ "2 2", TWO_D, TWO_D, 0, 1, 1, 0, 0 },
	{ "-0 +0", NZ, PZ, 0, 1, 1, 0, 0 },
	{ "+0 -0", PZ, NZ, 0, 1, 1, 0, 0 },
	{ "-1 -2", MONE_D, MTWO_D, 0, 0, 0, 0, 0 },
	{ "-2 -1", MTWO_D, MONE_D, 1, 1, 0, 0, 0 },
	{ "-1 1", MONE_D, ONE_D, 1, 1, 0, 0, 0 },
	{ "1 -1", ONE_D, MONE_D, 0, 0, 0, 0, 0 },
	{ "-inf inf", NINF_D, INF_D, 1, 1, 0, 0, 0 },
	{ "inf inf", INF_D, INF_D, 0, 1, 1, 0, 0 },
	{ "-inf -inf", NINF_D, NINF_D, 0, 1, 1, 0, 0 },
	{ "max inf", MAX_D, INF_D, 1, 1, 0, 0, 0 },
	{ "sub 0", SUB_D, PZ, 0, 0, 0, 0, 0 },
	{ "-sub -0", NSUB_D, NZ, 1, 1, 0, 0, 0 },
	{ "-sub sub", NSUB_D, SUB_D, 1, 1, 0, 0, 0 },
	{ "qnan 1", QNAN_D, ONE_D, 0, 0, 0, 1, 0 },
	{ "1 qnan", ONE_D, QNAN_D, 0, 0, 0, 1, 0 },
	{ "-qnan -inf", NQNAN_D, NINF_D, 0, 0, 0, 1, 0 },
	{ "inf maxnan", INF_D, MAXNAN_D, 0, 0, 0, 1, 0 },
	{ "qnan qnan", QNAN_D, QNAN_D, 0, 0, 0, 1, 0 },
	{ "snan 1", SNAN_D, ONE_D, 0, 0, 0, 1, 1 },
	{ "1 -snan", ONE_D, NSNAN_D, 0, 0, 0, 1, 1 },
	{ "snan snan", SNAN_D, SNAN_D, 0, 0, 0, 1, 1 },
};

/* singles, NaN-boxed unless said otherwise */
static const struct cmp_case scases[] = {
	{ "s 1 2", S(0x3f800000), S(0x40000000), 1, 1, 0, 0, 0 },
	{ "s 2 1", S(0x40000000), S(0x3f800000), 0, 0, 0, 0, 0 },
	{ "s -0 +0", S(0x80000000), S(0), 0, 1, 1, 0, 0 },
	{ "s -2 -1", S(0xc0000000), S(0xbf800000), 1, 1, 0, 0, 0 },
	{ "s -1 1", S(0xbf800000), S(0x3f800000), 1, 1, 0, 0, 0 },
	{ "s -inf inf", S(0xff800000), S(0x7f800000), 1, 1, 0, 0, 0 },
	{ "s -sub -0", S(0x80000001), S(0x80000000), 1, 1, 0, 0, 0 },
	{ "s qnan 1", S(0x7fc00000), S(0x3f800000), 0, 0, 0, 1, 0 },
	{ "s 1 -qnan", S(0x3f800000), S(0xffc00000), 0, 0, 0, 1, 0 },
	{ "s snan 1", S(0x7f800001), S(0x3f800000), 0, 0, 0, 1, 1 },
	{ "s 1 snan", S(0x3f800000), S(0x7fa00000), 0, 0, 0, 1, 1 },
	/* improperly boxed: reads as the canonical (quiet) NaN */
	{ "s unboxed", 0x3f800000ull, S(0x3f800000), 0, 0, 0, 1, 0 },
	{ "s unboxed snan", 0x7f800001ull, S(0x3f800000), 0, 0, 0, 1, 0 },
};

static const uint64_t inits[] = { 0, NV, NX | DZ, 0x1f, UF };

static void set_fflags(uint64_t v)
{
	asm volatile("fsflags %0" : : "r"(v));
}

static void run_cases(const struct cmp_case *c, unsigned n, int single)
{
	uint64_t t, r;

	for (unsigned i = 0; i < n; i++) {
		for (unsigned k = 0; k < sizeof(inits) / sizeof(inits[0]); k++) {
			uint64_t f = inits[k];

			set_fflags(f);
			r = single ? IDIOM("flt.s", c[i].a, c[i].b, &t)
				   : IDIOM("flt.d", c[i].a, c[i].b, &t);
			CHECK(c[i].name, r, c[i].lt);
			CHECK("flt: t = flags read", t, f);
			CHECK("flt: flags kept", get_fflags(), f);
			set_fflags(f);
			r = single ? IDIOM("fle.s", c[i].a, c[i].b, &t)
				   : IDIOM("fle.d", c[i].a, c[i].b, &t);
			CHECK(c[i].name, r, c[i].le);
			CHECK("fle: t = flags read", t, f);
			CHECK("fle: flags kept", get_fflags(), f);
			set_fflags(f);
			r = single ? IDIOM("feq.s", c[i].a, c[i].b, &t)
				   : IDIOM("feq.d", c[i].a, c[i].b, &t);
			CHECK(c[i].name, r, c[i].eq);
			CHECK("feq: t = flags read", t, f);
			CHECK("feq: flags kept", get_fflags(), f);
		}
		/* the same compares alone raise NV as IEEE says */
		clear_fflags();
		CHECK(c[i].name, single ? FCMP("flt.s", c[i].a, c[i].b)
				       : FCMP("flt.d", c[i].a, c[i].b), c[i].lt);
		CHECK("flt alone: NV", get_fflags(), c[i].nv_sig ? NV : 0);
		clear_fflags();
		CHECK(c[i].name, single ? FCMP("feq.s", c[i].a, c[i].b)
				       : FCMP("feq.d", c[i].a, c[i].b), c[i].eq);
		CHECK("feq alone: NV", get_fflags(), c[i].nv_quiet ? NV : 0);
	}
}

/*
 * The idiom with frflags in the last two words of a page and fsflags the
 * first of the next: a0, a1 = the operands' bits; returns the compare in
 * bit 0 and the flags read in bits 8-12.
 */
uint64_t page_idiom(uint64_t a, uint64_t b);
asm(".pushsection .text.page_idiom, \"ax\", @progbits\n"
    ".option push\n"
    ".option norvc\n"
    ".balign 4096\n"
    ".skip 4096 - 16\n"
    ".globl page_idiom\n"
    "page_idiom:\n"
    "	fmv.d.x ft0, a0\n"
    "	fmv.d.x ft1, a1\n"
    "	frflags a2\n"
    "	flt.d a0, ft0, ft1\n"
    "	fsflags a2\n"
    "	slli a2, a2, 8\n"
    "	or a0, a0, a2\n"
    "	ret\n"
    ".option pop\n"
    ".popsection\n");

static void near_misses(void)
{
	uint64_t r, t, u;

	/* the compare's result lands in t: fsflags writes it */
	set_fflags(NX);
	asm volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t"
		     "frflags %0\n\tflt.d %0, ft0, ft1\n\tfsflags %0"
		     : "=&r"(r) : "r"(ONE_D), "r"(TWO_D) : "ft0", "ft1");
	CHECK("result in t", r, 1);
	CHECK("result in t: flags = result", get_fflags(), NX);
	set_fflags(NX);
	asm volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t"
		     "frflags %0\n\tflt.d %0, ft0, ft1\n\tfsflags %0"
		     : "=&r"(r) : "r"(QNAN_D), "r"(TWO_D) : "ft0", "ft1");
	CHECK("result in t, NaN", r, 0);
	CHECK("result in t, NaN: flags = 0", get_fflags(), 0);

	/* another register written back */
	set_fflags(DZ);
	asm volatile("fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t"
		     "frflags %1\n\tflt.d %0, ft0, ft1\n\tfsflags %4"
		     : "=&r"(r), "=&r"(t)
		     : "r"(QNAN_D), "r"(ONE_D), "r"((uint64_t)OF) : "ft0", "ft1");
	CHECK("other reg: result", r, 0);
	CHECK("other reg: t", t, DZ);
	CHECK("other reg: flags", get_fflags(), OF);

	/* fsflagsi: the immediate form also overwrites */
	set_fflags(DZ);
	asm volatile("fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t"
		     "frflags %1\n\tfle.d %0, ft0, ft1\n\tfsflagsi 3"
		     : "=&r"(r), "=&r"(t)
		     : "r"(SNAN_D), "r"(ONE_D) : "ft0", "ft1");
	CHECK("fsflagsi: result", r, 0);
	CHECK("fsflagsi: t", t, DZ);
	CHECK("fsflagsi: flags", get_fflags(), 3);

	/* the old value read back sees the compare's NV */
	set_fflags(NX);
	asm volatile("fmv.d.x ft0, %3\n\tfmv.d.x ft1, %4\n\t"
		     "frflags %1\n\tflt.d %0, ft0, ft1\n\tcsrrw %2, fflags, %1"
		     : "=&r"(r), "=&r"(t), "=&r"(u)
		     : "r"(QNAN_D), "r"(ONE_D) : "ft0", "ft1");
	CHECK("swap: result", r, 0);
	CHECK("swap: t", t, NX);
	CHECK("swap: old has NV", u, NX | NV);
	CHECK("swap: flags", get_fflags(), NX);

	/* an FP op in between: its flags are dropped by the write-back */
	clear_fflags();
	asm volatile("fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t"
		     "frflags %1\n\tfdiv.d ft2, ft0, ft1\n\t"
		     "flt.d %0, ft0, ft1\n\tfsflags %1"
		     : "=&r"(r), "=&r"(t)
		     : "r"(ONE_D), "r"(THREE_D) : "ft0", "ft1", "ft2");
	CHECK("fp op between: result", r, 1);
	CHECK("fp op between: t", t, 0);
	CHECK("fp op between: flags", get_fflags(), 0);

	/* an integer op in between */
	set_fflags(UF);
	u = 5;
	asm volatile("fmv.d.x ft0, %3\n\tfmv.d.x ft1, %4\n\t"
		     "frflags %1\n\taddi %2, %2, 1\n\t"
		     "fle.d %0, ft0, ft1\n\tfsflags %1"
		     : "=&r"(r), "=&r"(t), "+r"(u)
		     : "r"(SNAN_D), "r"(ONE_D) : "ft0", "ft1");
	CHECK("int op between: result", r, 0);
	CHECK("int op between: t", t, UF);
	CHECK("int op between: u", u, 6);
	CHECK("int op between: flags", get_fflags(), UF);

	/* t changed in between: its new value is written */
	set_fflags(UF);
	asm volatile("fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t"
		     "frflags %1\n\taddi %1, %1, 1\n\t"
		     "flt.d %0, ft0, ft1\n\tfsflags %1"
		     : "=&r"(r), "=&r"(t)
		     : "r"(ONE_D), "r"(TWO_D) : "ft0", "ft1");
	CHECK("t changed: result", r, 1);
	CHECK("t changed: flags", get_fflags(), UF | NX);

	/* split by a page boundary */
	set_fflags(OF);
	CHECK("page: qnan", page_idiom(QNAN_D, ONE_D), OF << 8);
	CHECK("page: qnan flags", get_fflags(), OF);
	set_fflags(NX);
	CHECK("page: snan", page_idiom(ONE_D, SNAN_D), NX << 8);
	CHECK("page: snan flags", get_fflags(), NX);
	clear_fflags();
	CHECK("page: 1 < 2", page_idiom(ONE_D, TWO_D), 1);
	CHECK("page: flags", get_fflags(), 0);
}

/* flags raised by operations (pending in the host) and written ones */
static void pending(void)
{
	uint64_t r, t;

	clear_fflags();
	FOP2("fdiv.d", ONE_D, THREE_D);
	FOP2("fdiv.d", ONE_D, 0);
	r = IDIOM("flt.d", QNAN_D, ONE_D, &t);
	CHECK("raised: result", r, 0);
	CHECK("raised: t", t, NX | DZ);
	CHECK("raised: kept", get_fflags(), NX | DZ);
	/* a superset written keeps them; a subset drops the others */
	set_fflags(NX | DZ | OF);
	CHECK("superset", get_fflags(), NX | DZ | OF);
	FOP2("fdiv.d", ONE_D, THREE_D);
	CHECK("superset + raised", get_fflags(), NX | DZ | OF);
	set_fflags(DZ);
	CHECK("subset", get_fflags(), DZ);
	FOP2("fdiv.d", ONE_D, THREE_D);
	set_fflags(OF);
	CHECK("disjoint", get_fflags(), OF);
	FOP2("fdiv.d", ONE_D, 0);
	asm volatile("csrrc %0, fflags, %1" : "=r"(r) : "r"((uint64_t)DZ));
	CHECK("csrrc old", r, OF | DZ);
	CHECK("csrrc drops raised", get_fflags(), OF);
	FOP2("fdiv.d", ONE_D, THREE_D);
	asm volatile("frcsr %0" : "=r"(r));
	CHECK("fcsr sees raised", r, OF | NX);
	asm volatile("fscsr %0" : : "r"((uint64_t)(RTZ << 5 | UF)));
	CHECK("fscsr drops raised", get_fflags(), UF);
	CHECK("fscsr frm", get_frm(), RTZ);
	set_frm(RNE);
	clear_fflags();
}

static void test(void)
{
	run_cases(dcases, sizeof(dcases) / sizeof(dcases[0]), 0);
	run_cases(scases, sizeof(scases) / sizeof(scases[0]), 1);
	near_misses();
	pending();
}
