/*
 * canon.c - RISC-V never propagates NaN payloads: every arithmetic result
 * that is a NaN is the canonical one (0x7ff8000000000000 / 0x7fc00000,
 * positive, quiet), whatever the inputs' payloads and signs.  Sign
 * injection and moves are not arithmetic: they keep the payload.
 */
#include "isa.h"

#define CANON_D 0x7ff8000000000000ull
#define CANON_S 0xffffffff7fc00000ull
#define PAYLOAD_D 0x7ff8dead0000beefull
#define NEG_QNAN_D 0xfff8000000000001ull
#define SNAN_D 0x7ff0000000000001ull
#define INF_D 0x7ff0000000000000ull
#define ONE_D 0x3ff0000000000000ull

static void test(void)
{
	clear_fflags();
	CHECK("0/0", FOP2("fdiv.d", 0, 0), CANON_D);
	CHECK("0/0: NV", get_fflags(), NV);
	CHECK("sqrt(-1)", FOP1("fsqrt.d", 0xbff0000000000000ull), CANON_D);
	CHECK("inf*0", FOP2("fmul.d", INF_D, 0), CANON_D);
	CHECK("-inf+inf", FOP2("fadd.d", 0xfff0000000000000ull, INF_D), CANON_D);
	clear_fflags();
	CHECK("payload + 1", FOP2("fadd.d", PAYLOAD_D, ONE_D), CANON_D);
	CHECK("1 * payload", FOP2("fmul.d", ONE_D, PAYLOAD_D), CANON_D);
	CHECK("negative NaN", FOP2("fsub.d", NEG_QNAN_D, ONE_D), CANON_D);
	CHECK("two payloads", FOP2("fdiv.d", PAYLOAD_D, NEG_QNAN_D), CANON_D);
	CHECK("qNaN inputs: quiet", get_fflags(), 0);
	CHECK("sNaN", FOP2("fadd.d", SNAN_D, ONE_D), CANON_D);
	CHECK("sNaN: NV", get_fflags(), NV);
	clear_fflags();
	CHECK("sqrt(payload)", FOP1("fsqrt.d", PAYLOAD_D), CANON_D);
	CHECK("fmadd NaN addend", FOP3("fmadd.d", ONE_D, ONE_D, PAYLOAD_D), CANON_D);
	CHECK("fmadd NaN product", FOP3("fnmsub.d", NEG_QNAN_D, ONE_D, ONE_D), CANON_D);
	CHECK("fma qNaN: quiet", get_fflags(), 0);
	CHECK("fmadd inf*0 + qNaN", FOP3("fmadd.d", INF_D, 0, PAYLOAD_D), CANON_D);
	CHECK("fmadd inf*0 + qNaN: NV", get_fflags(), NV);
	clear_fflags();
	CHECK("fcvt.s.d payload", FOP1("fcvt.s.d", PAYLOAD_D), CANON_S);
	CHECK("fcvt.s.d: quiet", get_fflags(), 0);
	CHECK("fcvt.d.s sNaN", FOP1("fcvt.d.s", S(0xff800001)), CANON_D);
	CHECK("fcvt.d.s sNaN: NV", get_fflags(), NV);
	clear_fflags();
	/* single precision */
	CHECK("0/0 s", FOP2("fdiv.s", S(0), S(0)), CANON_S);
	CHECK("payload s", FOP2("fadd.s", S(0xffc0beef), S(0x3f800000)), CANON_S);
	CHECK("fmsub.s payload", FOP3("fmsub.s", S(0x7fc00123), S(0), S(0)), CANON_S);
	CHECK("sqrt s", FOP1("fsqrt.s", S(0xbf800000)), CANON_S);
	clear_fflags();
	/* not arithmetic: payload and sign kept */
	CHECK("fmv.d keeps payload", FOP2("fsgnj.d", PAYLOAD_D, PAYLOAD_D), PAYLOAD_D);
	CHECK("fneg.d keeps payload", FOP2("fsgnjn.d", PAYLOAD_D, PAYLOAD_D),
	      PAYLOAD_D | 1ull << 63);
	CHECK("fsgnj.d keeps sNaN", FOP2("fsgnj.d", SNAN_D, NEG_QNAN_D),
	      SNAN_D | 1ull << 63);
	CHECK("fabs.s keeps payload", FOP2("fsgnjx.s", S(0xffc0beef), S(0xffc0beef)),
	      S(0x7fc0beef));
	CHECK("sign ops: quiet", get_fflags(), 0);
}
