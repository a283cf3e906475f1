/*
 * rounding.c - every rounding mode, static (rm field) and dynamic (frm),
 * on add/sub/mul/div/sqrt, the four fused multiply-adds and the
 * conversions, in single and double precision, with the flags each raises.
 * The inputs are ties, near-ties, overflows and underflows chosen so that
 * the modes disagree; rounding_table.h holds results computed with exact
 * rational arithmetic by gen_rounding.py.
 */
#include "isa.h"

#define OPS(X) X(fadd_d) X(fsub_d) X(fmul_d) X(fdiv_d) X(fsqrt_d)         \
	X(fmadd_d) X(fmsub_d) X(fnmadd_d) X(fnmsub_d) X(fcvt_w_d)         \
	X(fcvt_l_d) X(fcvt_wu_d) X(fcvt_lu_d) X(fcvt_s_d) X(fcvt_d_l)     \
	X(fcvt_d_lu) X(fcvt_s_l) X(fcvt_s_w) X(fcvt_s_wu) X(fadd_s)       \
	X(fsub_s) X(fmul_s) X(fdiv_s) X(fsqrt_s) X(fmadd_s) X(fnmsub_s)   \
	X(fcvt_w_s) X(fcvt_lu_s)

#define ENUM(n) OP_##n,
enum { OPS(ENUM) };
#define NAME(n) #n,
static const char *const names[] = { OPS(NAME) };

struct row {
	int op;
	uint64_t a, b, c;
	uint64_t want[5];
	uint8_t flags[5];
};

#define W(...) { __VA_ARGS__ }
#define F(...) { __VA_ARGS__ }
#define ROW(op, a, b, c, w, f) { OP_##op, a, b, c, w, f },
static const struct row rows[] = {
#include "rounding_table.h"
};

/* rm 0-4: static; 5: dynamic (frm set by the caller) */
#define RMSWITCH(M, insn, ...)                                               \
	switch (rm) {                                                        \
	case RNE: return M(insn, ",rne", __VA_ARGS__);                       \
	case RTZ: return M(insn, ",rtz", __VA_ARGS__);                       \
	case RDN: return M(insn, ",rdn", __VA_ARGS__);                       \
	case RUP: return M(insn, ",rup", __VA_ARGS__);                       \
	case RMM: return M(insn, ",rmm", __VA_ARGS__);                       \
	default: return M(insn, ",dyn", __VA_ARGS__);                        \
	}

static uint64_t run(int op, int rm, uint64_t a, uint64_t b, uint64_t c)
{
	switch (op) {
	case OP_fadd_d: RMSWITCH(FOP2R, "fadd.d", a, b)
	case OP_fsub_d: RMSWITCH(FOP2R, "fsub.d", a, b)
	case OP_fmul_d: RMSWITCH(FOP2R, "fmul.d", a, b)
	case OP_fdiv_d: RMSWITCH(FOP2R, "fdiv.d", a, b)
	case OP_fsqrt_d: RMSWITCH(FOP1R, "fsqrt.d", a)
	case OP_fmadd_d: RMSWITCH(FOP3R, "fmadd.d", a, b, c)
	case OP_fmsub_d: RMSWITCH(FOP3R, "fmsub.d", a, b, c)
	case OP_fnmadd_d: RMSWITCH(FOP3R, "fnmadd.d", a, b, c)
	case OP_fnmsub_d: RMSWITCH(FOP3R, "fnmsub.d", a, b, c)
	case OP_fcvt_w_d: RMSWITCH(FTOIR, "fcvt.w.d", a)
	case OP_fcvt_l_d: RMSWITCH(FTOIR, "fcvt.l.d", a)
	case OP_fcvt_wu_d: RMSWITCH(FTOIR, "fcvt.wu.d", a)
	case OP_fcvt_lu_d: RMSWITCH(FTOIR, "fcvt.lu.d", a)
	case OP_fcvt_s_d: RMSWITCH(FOP1R, "fcvt.s.d", a)
	case OP_fcvt_d_l: RMSWITCH(ITOFR, "fcvt.d.l", a)
	case OP_fcvt_d_lu: RMSWITCH(ITOFR, "fcvt.d.lu", a)
	case OP_fcvt_s_l: RMSWITCH(ITOFR, "fcvt.s.l", a)
	case OP_fcvt_s_w: RMSWITCH(ITOFR, "fcvt.s.w", a)
	case OP_fcvt_s_wu: RMSWITCH(ITOFR, "fcvt.s.wu", a)
	case OP_fadd_s: RMSWITCH(FOP2R, "fadd.s", a, b)
	case OP_fsub_s: RMSWITCH(FOP2R, "fsub.s", a, b)
	case OP_fmul_s: RMSWITCH(FOP2R, "fmul.s", a, b)
	case OP_fdiv_s: RMSWITCH(FOP2R, "fdiv.s", a, b)
	case OP_fsqrt_s: RMSWITCH(FOP1R, "fsqrt.s", a)
	case OP_fmadd_s: RMSWITCH(FOP3R, "fmadd.s", a, b, c)
	case OP_fnmsub_s: RMSWITCH(FOP3R, "fnmsub.s", a, b, c)
	case OP_fcvt_w_s: RMSWITCH(FTOIR, "fcvt.w.s", a)
	case OP_fcvt_lu_s: RMSWITCH(FTOIR, "fcvt.lu.s", a)
	}
	return 0xdead;
}

static void test(void)
{
	static const char *const modes[] = { "rne", "rtz", "rdn", "rup", "rmm" };
	char name[64];

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];

		for (int m = 0; m < 5; m++) {
			for (int dyn = 0; dyn < 2; dyn++) {
				const char *parts[] = { names[r->op], dyn ? " dyn " : " ",
							modes[m] };
				unsigned n = 0;
				uint64_t got;

				for (int k = 0; k < 3; k++)
					for (const char *p = parts[k]; *p; p++)
						name[n++] = *p;
				name[n] = 0;
				/* a different frm for static modes: it must not matter */
				set_frm(dyn ? m : (m + 1) % 5);
				clear_fflags();
				got = run(r->op, dyn ? 5 : m, r->a, r->b, r->c);
				CHECK(name, got, r->want[m]);
				CHECK(name, get_fflags(), r->flags[m]);
			}
		}
	}
	set_frm(RNE);
}
