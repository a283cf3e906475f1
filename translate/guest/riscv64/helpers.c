/*
 * helpers.c - the few riscv64 operations generated code calls out for:
 * fmin/fmax (IEEE 754-2019 minimumNumber/maximumNumber, which x86's
 * minsd/maxsd do not implement), fclass, the FP CSRs and the counters.
 *
 * Exception flags: while guest code runs they accrue in the host MXCSR
 * (translate/fpu.h).  rv_sync_fflags() folds them into rv_state.fflags and
 * clears them from MXCSR, so that fflags alone is the truth afterwards;
 * every read or write of fflags/fcsr goes through it.
 *   MXCSR IE -> NV, ZE -> DZ, OE -> OF, UE -> UF, PE -> NX (DE ignored)
 */
#include <string.h>
#include <time.h>
#include "rv.h"
#include "fpu.h"

unsigned rv_mxcsr_to_fflags(uint32_t mxcsr)
{
	unsigned f = 0;

	if (mxcsr & FPU_IE)
		f |= RV_NV;
	if (mxcsr & FPU_ZE)
		f |= RV_DZ;
	if (mxcsr & FPU_OE)
		f |= RV_OF;
	if (mxcsr & FPU_UE)
		f |= RV_UF;
	if (mxcsr & FPU_PE)
		f |= RV_NX;
	return f;
}

void rv_sync_fflags(struct cpu *cpu)
{
	uint32_t m = fpu_get_mxcsr();

	if (m & 0x3f) {
		RV(cpu)->fflags |= rv_mxcsr_to_fflags(m);
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

static uint64_t helper_fcsr(struct cpu *cpu, uint64_t csr, uint64_t op,
			    uint64_t val, uint64_t unused)
{
	struct rv_state *rv = RV(cpu);
	uint64_t old, new;

	rv_sync_fflags(cpu);
	switch (csr) {
	case RV_CSR_FFLAGS:
		old = rv->fflags;
		break;
	case RV_CSR_FRM:
		old = rv->frm;
		break;
	default:
		old = (uint64_t)rv->frm << 5 | rv->fflags;
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
		rv->fflags = new & 0x1f;
		break;
	case RV_CSR_FRM:
		rv->frm = new & 7;
		break;
	default:
		rv->fflags = new & 0x1f;
		rv->frm = (new >> 5) & 7;
		break;
	}
	return old;
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
