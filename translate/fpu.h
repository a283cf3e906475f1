/*
 * fpu.h - exact IEEE-754 semantics of the IR's floating-point ops, computed
 * on the host's SSE/FMA units with fix-ups, never by softfloat per op.
 *
 * Used by the IR interpreter for every FP op and by the JIT for the rare
 * cases it does not inline (round-to-nearest-max-magnitude, unsigned
 * conversions, out-of-range conversions, no host FMA).
 *
 * Conventions shared with generated code:
 * - values are raw bit patterns (F32 in the low 32 bits);
 * - rm is a concrete rounding mode (enum ir_rm, never "dynamic");
 * - exception flags accrue in the host MXCSR (IE=1 ZE=4 OE=8 UE=0x10
 *   PE=0x20), exactly as the SSE instruction would set them, so guests read
 *   flags from one place whichever path computed a result.  A function that
 *   changes the MXCSR rounding field restores it before returning;
 * - NaN results are whatever the host produces (frontends canonicalise with
 *   IR FCANON where their ISA demands it).
 */
#ifndef WARP_FPU_H
#define WARP_FPU_H

#include <stdint.h>
#include <stdbool.h>

enum { FPU_IE = 0x01, FPU_ZE = 0x04, FPU_OE = 0x08, FPU_UE = 0x10, FPU_PE = 0x20,
       FPU_FLAGS = 0x3d };

/* MXCSR rounding-control value (bits 13-14) for an IR rounding mode; RMM has
 * no host mode and maps to RNE (callers handle RMM separately). */
unsigned fpu_mxcsr_rc(unsigned rm);
uint32_t fpu_get_mxcsr(void);
void fpu_set_mxcsr(uint32_t v);
/* Raise flags in MXCSR. */
void fpu_raise(unsigned flags);

/* type is IR_F32 or IR_F64 */
uint64_t fpu_add(unsigned type, unsigned rm, uint64_t a, uint64_t b);
uint64_t fpu_sub(unsigned type, unsigned rm, uint64_t a, uint64_t b);
uint64_t fpu_mul(unsigned type, unsigned rm, uint64_t a, uint64_t b);
uint64_t fpu_div(unsigned type, unsigned rm, uint64_t a, uint64_t b);
uint64_t fpu_sqrt(unsigned type, unsigned rm, uint64_t a);
/* fma_flags: IR_FMA_NEG_PROD | IR_FMA_NEG_ADD; one rounding only */
uint64_t fpu_fma(unsigned type, unsigned rm, unsigned fma_flags, uint64_t a,
		 uint64_t b, uint64_t c);
/* cmp: IR_FCMP_EQ/LT/LE; signaling raises IE on any NaN, quiet on sNaN only */
uint64_t fpu_cmp(unsigned type, unsigned cmp, bool signaling, uint64_t a, uint64_t b);
/* float -> integer: cvt = IR_CVT_* kind | NaN rule; saturating, IE when
 * out of range or NaN, PE when inexact (in range) */
uint64_t fpu_f2i(unsigned type, unsigned rm, unsigned cvt, uint64_t a);
/* integer -> float: type is the destination */
uint64_t fpu_i2f(unsigned type, unsigned rm, unsigned cvt, uint64_t a);
/* float <-> float: type is the destination */
uint64_t fpu_f2f(unsigned type, unsigned rm, uint64_t a);

#endif
