/*
 * fpcommon.h: helpers shared by the floating-point guest tests.
 *
 * Results are printed as raw bits, except NaNs: x86 and RISC-V produce
 * different default NaNs (x86: negative quiet NaN, RISC-V: the positive
 * canonical NaN 0x7ff8000000000000), so a NaN prints as "nan" and the
 * guest-specific bit pattern is checked inside the program instead.
 * fenv flags print as a set of the five standard names.
 */
#ifndef WARP_GUEST_FPCOMMON_H
#define WARP_GUEST_FPCOMMON_H

#include "common.h"
#include <fenv.h>
#include <math.h>

static const struct {
	int mode;
	const char *name;
} rmodes[] = {
	{ FE_TONEAREST, "RN" },
	{ FE_UPWARD, "RU" },
	{ FE_DOWNWARD, "RD" },
	{ FE_TOWARDZERO, "RZ" },
};
#define NRMODES 4

static inline uint64_t dbits(double d)
{
	uint64_t u;

	memcpy(&u, &d, 8);
	return u;
}

static inline uint32_t fbits(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

static inline double bitsd(uint64_t u)
{
	double d;

	memcpy(&d, &u, 8);
	return d;
}

static inline float bitsf(uint32_t u)
{
	float f;

	memcpy(&f, &u, 4);
	return f;
}

/* "nan" or the 16 hex digits of a double; into a caller's buffer */
static inline const char *dstr(char *buf, double d)
{
	if (isnan(d))
		return "nan             ";
	snprintf(buf, 24, "%016llx", (unsigned long long)dbits(d));
	return buf;
}

static inline const char *fstr(char *buf, float f)
{
	if (isnan(f))
		return "nan     ";
	snprintf(buf, 24, "%08x", fbits(f));
	return buf;
}

/* The set of raised flags, e.g. "{INVALID,INEXACT}" */
static inline const char *flagstr(char *buf, int ex)
{
	buf[0] = '{';
	buf[1] = 0;
	if (ex & FE_INVALID)
		strcat(buf, "INVALID,");
	if (ex & FE_DIVBYZERO)
		strcat(buf, "DIVBYZERO,");
	if (ex & FE_OVERFLOW)
		strcat(buf, "OVERFLOW,");
	if (ex & FE_UNDERFLOW)
		strcat(buf, "UNDERFLOW,");
	if (ex & FE_INEXACT)
		strcat(buf, "INEXACT,");
	size_t n = strlen(buf);
	if (buf[n - 1] == ',')
		n--;
	buf[n] = '}';
	buf[n + 1] = 0;
	return buf;
}

#define ALL_EXCEPT (FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INEXACT)

/* A quiet NaN as this architecture's arithmetic makes it (0/0). */
static inline int is_default_nan(double d)
{
#ifdef __riscv
	return dbits(d) == 0x7ff8000000000000ull;
#elif defined(__x86_64__)
	return dbits(d) == 0xfff8000000000000ull;
#else
	return isnan(d);
#endif
}

static inline int is_default_nanf(float f)
{
#ifdef __riscv
	return fbits(f) == 0x7fc00000u;
#elif defined(__x86_64__)
	return fbits(f) == 0xffc00000u;
#else
	return isnan(f);
#endif
}

#endif
