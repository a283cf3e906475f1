/*
 * riscv64/cpu.h - RV64GC guest state, overlaid on struct cpu's env.
 *
 * Integer registers x1..x31 and FP registers f0..f31 are IR globals (x0 is
 * the constant 0 and has no global).  FP registers hold raw 64-bit patterns:
 * a single-precision value is NaN-boxed (upper 32 bits all ones).
 *
 * The guest's accrued flags are fflags | (flags pending in the host MXCSR):
 * FP ops accrue into MXCSR; a read of fflags/fcsr combines the two without
 * touching MXCSR, and a write clears MXCSR's flags only when some pending
 * flag is not in the new value (ldmxcsr is slow).  Code that hands guest
 * state elsewhere (signal frames, clone) must fold MXCSR in first.  frm is
 * part of the block key (tb_flags), so a block knows its dynamic rounding
 * mode.
 *
 * Instruction formats (32-bit):
 *
 *   31      25 24  20 19  15 14 12 11   7 6     0
 *  | funct7   | rs2  | rs1  | f3  | rd   | opcode |  R
 *  | imm[11:0]       | rs1  | f3  | rd   | opcode |  I
 *  | imm[11:5]| rs2  | rs1  | f3  |imm4:0| opcode |  S
 *  |12|10:5   | rs2  | rs1  | f3  |4:1|11| opcode |  B
 *  | imm[31:12]                   | rd   | opcode |  U
 *  |20| 10:1        |11| 19:12    | rd   | opcode |  J
 *  | rs3 |f2| rs2  | rs1  | rm  | rd   | opcode |  R4
 */
#ifndef WARP_RISCV64_CPU_H
#define WARP_RISCV64_CPU_H

#include <stdint.h>
#include "../../cpu.h"

struct rv_state {
	uint64_t x[32];         /* x[0] stays 0 */
	uint64_t f[32];
	uint32_t fflags;        /* accrued: NV=16 DZ=8 OF=4 UF=2 NX=1 */
	uint32_t frm;           /* dynamic rounding mode, 0..7 */
	uint64_t res_addr;      /* LR reservation: guest address, ~0 if none */
	uint64_t res_val;       /* value loaded by LR */
	uint64_t instret_base;  /* rdinstret approximation */
};

_Static_assert(sizeof(struct rv_state) <= CPU_ENV_SIZE, "rv_state too big");

#define RV(cpu) ((struct rv_state *)(cpu)->env)
#define RV_OFF_X(i) ((unsigned)(__builtin_offsetof(struct rv_state, x) + 8 * (i)))
#define RV_OFF_F(i) ((unsigned)(__builtin_offsetof(struct rv_state, f) + 8 * (i)))

/* ABI register numbers */
enum { RV_RA = 1, RV_SP = 2, RV_GP = 3, RV_TP = 4, RV_A0 = 10, RV_A7 = 17 };

/* fflags bits */
enum { RV_NX = 1, RV_UF = 2, RV_OF = 4, RV_DZ = 8, RV_NV = 16 };

#endif
