/*
 * fclass.c - the ten classes, in single and double precision, and that
 * fclass raises no flags (not even for a signalling NaN).
 */
#include "isa.h"

struct fc { const char *name; uint64_t d; uint32_t s; unsigned cls; };

static const struct fc cases[] = {
	{ "-inf", 0xfff0000000000000ull, 0xff800000, 1 << 0 },
	{ "-normal", 0xbff0000000000000ull, 0xbf800000, 1 << 1 },
	{ "-max", 0xffefffffffffffffull, 0xff7fffff, 1 << 1 },
	{ "-subnormal", 0x800fffffffffffffull, 0x807fffff, 1 << 2 },
	{ "-min subnormal", 0x8000000000000001ull, 0x80000001, 1 << 2 },
	{ "-0", 0x8000000000000000ull, 0x80000000, 1 << 3 },
	{ "+0", 0, 0, 1 << 4 },
	{ "+subnormal", 0x0000000000000001ull, 0x00000001, 1 << 5 },
	{ "+min normal", 0x0010000000000000ull, 0x00800000, 1 << 6 },
	{ "+normal", 0x4000000000000000ull, 0x40000000, 1 << 6 },
	{ "+inf", 0x7ff0000000000000ull, 0x7f800000, 1 << 7 },
	{ "sNaN", 0x7ff0000000000001ull, 0x7f800001, 1 << 8 },
	{ "-sNaN", 0xfff7ffffffffffffull, 0xffbfffff, 1 << 8 },
	{ "qNaN", 0x7ff8000000000000ull, 0x7fc00000, 1 << 9 },
	{ "-qNaN payload", 0xfffc000000000001ull, 0xffe00001, 1 << 9 },
};

static void test(void)
{
	clear_fflags();
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(cases[i].name, FTOI("fclass.d", cases[i].d), cases[i].cls);
		CHECK(cases[i].name, FTOI("fclass.s", S(cases[i].s)), cases[i].cls);
	}
	CHECK("fclass: no flags", get_fflags(), 0);
	/* rd = x0 is fine */
	asm volatile("fclass.d zero, ft0");
}
