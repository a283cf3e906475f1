/*
 * helpers.c - the few riscv64 operations generated code calls out for:
 * fmin/fmax (IEEE 754-2019 minimumNumber/maximumNumber, which x86's
 * minsd/maxsd do not implement), fclass, the FP CSRs and the counters.
 *
 * Exception flags: while guest code runs they accrue in the host MXCSR
 * (translate/fpu.h), so the guest's fflags is rv_state.fflags | the flags
 * pending in MXCSR, mapped
 *   MXCSR IE -> NV, ZE -> DZ, OE -> OF, UE -> UF, PE -> NX (DE ignored).
 * Reading fflags only reads MXCSR.  A write stores rv_state.fflags and
 * clears MXCSR's flags only when some pending flag is not in the new value:
 * an ldmxcsr that changes flags waits for every FP op in flight (tens of
 * cycles), while the common `frflags t; ...; fsflags t` writes back a
 * superset of what is pending and needs none.  rv_sync_fflags() folds the
 * pending flags in and clears them, for code outside generated code.
 */
#include <string.h>
#include <time.h>
#include "rv.h"
#include "fpu.h"

/* RISC-V fflags for MXCSR's six flag bits */
static const uint8_t mx_fflags[64] = {
#define MXF(m) (((m) & FPU_IE ? RV_NV : 0) | ((m) & FPU_ZE ? RV_DZ : 0) |   \
		((m) & FPU_OE ? RV_OF : 0) | ((m) & FPU_UE ? RV_UF : 0) |    \
		((m) & FPU_PE ? RV_NX : 0))
#define MXF4(m) MXF(m), MXF((m) + 1), MXF((m) + 2), MXF((m) + 3)
#define MXF16(m) MXF4(m), MXF4((m) + 4), MXF4((m) + 8), MXF4((m) + 12)
	MXF16(0), MXF16(16), MXF16(32), MXF16(48)
#undef MXF16
#undef MXF4
#undef MXF
};

unsigned rv_mxcsr_to_fflags(uint32_t mxcsr)
{
	return mx_fflags[mxcsr & 0x3f];
}

/* inline: frflags is the hot case, called with FP work in flight */
static inline unsigned fflags_get(struct rv_state *rv)
{
	return rv->fflags | mx_fflags[__builtin_ia32_stmxcsr() & 0x3f];
}

static void fflags_set(struct rv_state *rv, unsigned v)
{
	uint32_t m = fpu_get_mxcsr();

	rv->fflags = v & 0x1f;
	if (mx_fflags[m & 0x3f] & ~v)
		fpu_set_mxcsr(m & ~0x3fu);
}

void rv_sync_fflags(struct cpu *cpu)
{
	uint32_t m = fpu_get_mxcsr();

	if (m & 0x3f) {
		RV(cpu)->fflags |= mx_fflags[m & 0x3f];
		fpu_set_mxcsr(m & ~0x3fu);
	}
}

/* ---- fmin / fmax ---- */

struct fbits {
	bool nan, snan, neg;
};

static struct fbits classify_bits(uint64_t v, bool dbl)
{
	struct fbits c;

	if (dbl) {
		uint64_t mag = v & ~(1ull << 63);

		c.nan = mag > 0x7ff0000000000000ull;
		c.snan = c.nan && !(v & (1ull << 51));
		c.neg = v >> 63;
	} else {
		uint32_t mag = (uint32_t)v & 0x7fffffffu;

		c.nan = mag > 0x7f800000u;
		c.snan = c.nan && !(v & (1u << 22));
		c.neg = (v >> 31) & 1;
	}
	return c;
}

/* A single read from an FP register: improperly boxed means canonical NaN. */
static uint64_t unbox(uint64_t v)
{
	return (v >> 32) == 0xffffffffu ? (uint32_t)v : RV_QNAN_S;
}

static bool less(uint64_t a, uint64_t b, bool dbl)
{
	if (dbl) {
		double x, y;

		memcpy(&x, &a, 8);
		memcpy(&y, &b, 8);
		return x < y;
	} else {
		uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
		float x, y;

		memcpy(&x, &a32, 4);
		memcpy(&y, &b32, 4);
		return x < y;
	}
}

/*
 * A and B are register bits (singles boxed); the result is register bits.
 * NV when either input is a signalling NaN; both NaN gives the canonical
 * NaN; one NaN gives the other operand; -0 is less than +0.
 */
uint64_t rv_fminmax(uint64_t a, uint64_t b, bool max, bool dbl, unsigned *fflags)
{
	struct fbits ca, cb;
	uint64_t r;

	if (!dbl) {
		a = unbox(a);
		b = unbox(b);
	}
	ca = classify_bits(a, dbl);
	cb = classify_bits(b, dbl);
	if (ca.snan || cb.snan)
		*fflags |= RV_NV;
	if (ca.nan && cb.nan)
		r = dbl ? RV_QNAN_D : RV_QNAN_S;
	else if (ca.nan)
		r = b;
	else if (cb.nan)
		r = a;
	else if (ca.neg != cb.neg && (less(a, b, dbl) == less(b, a, dbl)))
		r = (ca.neg != max) ? a : b;    /* -0 vs +0 */
	else
		r = (less(a, b, dbl) != max) ? a : b;
	return dbl ? r : r | RV_BOX_HI;
}

static uint64_t helper_fminmax(struct cpu *cpu, uint64_t a, uint64_t b,
			       uint64_t mode, uint64_t unused)
{
	unsigned f = 0;
	uint64_t r = rv_fminmax(a, b, mode & 1, mode & 2, &f);

	if (f)
		fpu_raise(FPU_IE);
	return r;
}

const struct ir_helper rv_helper_fminmax = {
	"rv_fminmax", helper_fminmax, 0
};

/* ---- fclass ---- */

uint64_t rv_fclass(uint64_t v, bool dbl)
{
	int ebits = dbl ? 11 : 8, mbits = dbl ? 52 : 23;
	uint64_t exp, man;
	bool neg;

	if (!dbl)
		v = unbox(v);
	neg = (v >> (ebits + mbits)) & 1;
	exp = (v >> mbits) & ((1u << ebits) - 1);
	man = v & ((1ull << mbits) - 1);
	if (exp == (1u << ebits) - 1) {
		if (!man)
			return neg ? 1u << 0 : 1u << 7;
		return (man >> (mbits - 1)) ? 1u << 9 : 1u << 8;
	}
	if (exp == 0) {
		if (!man)
			return neg ? 1u << 3 : 1u << 4;
		return neg ? 1u << 2 : 1u << 5;
	}
	return neg ? 1u << 1 : 1u << 6;
}

static uint64_t helper_fclass(struct cpu *cpu, uint64_t v, uint64_t dbl,
			      uint64_t u1, uint64_t u2)
{
	return rv_fclass(v, dbl);
}

const struct ir_helper rv_helper_fclass = {
	"rv_fclass", helper_fclass, IRH_PURE
};

/* ---- fflags / frm / fcsr ---- */

/*
 * (csr, RV_CSR_*, value) -> the old value.  Effects: rv_state.fflags/frm
 * and MXCSR's flags, none of them an IR global, so generated code keeps
 * its cached registers across the call.  frm alone never touches MXCSR:
 * the new rounding mode reaches it through EXIT_MODE and the CPU loop.
 */
static uint64_t __attribute__((noinline)) fcsr_access(struct rv_state *rv,
						       uint64_t csr, uint64_t op,
						       uint64_t val)
{
	uint64_t old, new;

	switch (csr) {
	case RV_CSR_FFLAGS:
		old = fflags_get(rv);
		break;
	case RV_CSR_FRM:
		old = rv->frm;
		break;
	default:
		old = (uint64_t)rv->frm << 5 | fflags_get(rv);
		break;
	}
	switch (op) {
	case RV_CSR_WRITE:
		new = val;
		break;
	case RV_CSR_SET:
		new = old | val;
		break;
	case RV_CSR_CLEAR:
		new = old & ~val;
		break;
	default:
		return old;
	}
	switch (csr) {
	case RV_CSR_FFLAGS:
		fflags_set(rv, new & 0x1f);
		break;
	case RV_CSR_FRM:
		rv->frm = new & 7;
		break;
	default:
		fflags_set(rv, new & 0x1f);
		rv->frm = (new >> 5) & 7;
		break;
	}
	return old;
}

static uint64_t helper_fcsr(struct cpu *cpu, uint64_t csr, uint64_t op,
			    uint64_t val, uint64_t unused)
{
	if (csr == RV_CSR_FFLAGS && op == RV_CSR_READ)
		return fflags_get(RV(cpu));
	return fcsr_access(RV(cpu), csr, op, val);
}

const struct ir_helper rv_helper_fcsr = {
	"rv_fcsr", helper_fcsr, 0
};

/* ---- counters ---- */

/*
 * cycle and instret count host TSC ticks (warp counts no guest
 * instructions; both only need to increase); time runs at 10 MHz, the
 * timebase of common RISC-V boards.
 */
static uint64_t helper_counter(struct cpu *cpu, uint64_t csr, uint64_t u0,
			       uint64_t u1, uint64_t u2)
{
	struct timespec ts;

	switch (csr) {
	case RV_CSR_TIME:
		clock_gettime(CLOCK_MONOTONIC, &ts);
		return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100;
	case RV_CSR_INSTRET:
		return RV(cpu)->instret_base + __builtin_ia32_rdtsc();
	default:
		return __builtin_ia32_rdtsc();
	}
}

const struct ir_helper rv_helper_counter = {
	"rv_counter", helper_counter, 0
};
