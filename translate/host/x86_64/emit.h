/*
 * emit.h - the x86-64 instruction encoder used by the JIT.
 *
 * One function per instruction form; prefixes, REX, ModRM, SIB and
 * displacement are produced in one place (emit.c: x_rr/x_rm/x_vex_*).
 * Registers are numbered as the hardware numbers them: 0..15 are the
 * general registers, 16..31 are xmm0..xmm15 (the encoder uses the low four
 * bits; the numbering only keeps the two files apart for the allocator).
 *
 * A ModRM/SIB memory operand:
 *
 *   mod  reg  rm        scale index base
 *  |7 6|5 4 3|2 1 0|   |7 6 |5 4 3|2 1 0|
 *   rm=100 -> SIB follows (needed for rsp/r12 bases and any index)
 *   mod=00 rm=101 -> rip+disp32 (so rbp/r13 bases need an explicit disp8)
 *
 * Bytes go to struct xbuf; writing past its end sets overflow instead of
 * writing, so callers check once per block.
 */
#ifndef WARP_X86_EMIT_H
#define WARP_X86_EMIT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

enum {
	X_RAX, X_RCX, X_RDX, X_RBX, X_RSP, X_RBP, X_RSI, X_RDI,
	X_R8, X_R9, X_R10, X_R11, X_R12, X_R13, X_R14, X_R15,
	X_XMM0 = 16,
	X_NOREG = -1,
	X_RIP = -2,
};

/* condition codes (the low nibble of jcc/setcc/cmovcc) */
enum {
	X_CC_O, X_CC_NO, X_CC_B, X_CC_AE, X_CC_E, X_CC_NE, X_CC_BE, X_CC_A,
	X_CC_S, X_CC_NS, X_CC_P, X_CC_NP, X_CC_L, X_CC_GE, X_CC_LE, X_CC_G,
};

/* group-1 ALU ops (the /digit and the opcode row) */
enum { X_ADD, X_OR, X_ADC, X_SBB, X_AND, X_SUB, X_XOR, X_CMP };
/* group-2 shifts */
enum { X_ROL, X_ROR, X_SHL = 4, X_SHR = 5, X_SAR = 7 };
/* group-3 unary ops (F7 /digit) */
enum { X_NOT = 2, X_NEG, X_MUL, X_IMUL1, X_DIV, X_IDIV };

struct xbuf {
	uint8_t *p;             /* start of the buffer */
	size_t pos, cap;
	bool overflow;
	size_t rip_pos;         /* offset of the last rip-relative disp32 */
};

struct xmem {
	int8_t base;            /* register, X_NOREG or X_RIP */
	int8_t index;           /* register or X_NOREG (never rsp) */
	uint8_t scale;          /* log2: 0..3 */
	int32_t disp;
};

static inline struct xmem xm(int base, int32_t disp)
{
	return (struct xmem){ .base = (int8_t)base, .index = X_NOREG, .disp = disp };
}

static inline struct xmem xmi(int base, int index, unsigned scale, int32_t disp)
{
	return (struct xmem){ .base = (int8_t)base, .index = (int8_t)index,
			      .scale = (uint8_t)scale, .disp = disp };
}

static inline bool x_fits8(int64_t v) { return v >= -128 && v <= 127; }
static inline bool x_fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/*
 * Opcode descriptors for the generic forms:
 *   bits 0-7 opcode byte, 8-9 map (0: one byte, 1: 0F, 2: 0F38, 3: 0F3A),
 *   10-11 mandatory prefix (1: 66, 2: F3, 3: F2), 12 REX.W, 13 the reg
 *   operand is a byte register, 14 the rm operand is a byte register,
 *   15 LOCK.
 */
#define XO_0F (1u << 8)
#define XO_0F38 (2u << 8)
#define XO_0F3A (3u << 8)
#define XO_66 (1u << 10)
#define XO_F3 (2u << 10)
#define XO_F2 (3u << 10)
#define XO_W (1u << 12)
#define XO_BREG (1u << 13)
#define XO_BRM (1u << 14)
#define XO_LOCK (1u << 15)

static inline void x_byte(struct xbuf *b, unsigned v)
{
	if (b->pos < b->cap)
		b->p[b->pos] = (uint8_t)v;
	else
		b->overflow = true;
	b->pos++;
}
void x_imm16(struct xbuf *b, uint32_t v);
void x_imm32(struct xbuf *b, uint32_t v);
void x_imm64(struct xbuf *b, uint64_t v);

/* generic forms: reg field + register or memory rm */
void x_rr(struct xbuf *b, uint32_t op, int reg, int rm);
void x_rm(struct xbuf *b, uint32_t op, int reg, const struct xmem *m);
/* VEX forms (always 3-byte VEX, L=0): op uses the same map/prefix/W bits */
void x_vex_rr(struct xbuf *b, uint32_t op, int reg, int vvvv, int rm);
void x_vex_rm(struct xbuf *b, uint32_t op, int reg, int vvvv, const struct xmem *m);

/* ---- integer moves ---- */
void x_mov_rr(struct xbuf *b, bool w, int d, int s);
/* Never touches flags (no xor trick); picks the shortest encoding. */
void x_mov_ri(struct xbuf *b, bool w, int d, uint64_t imm);
/* xor d32, d32 (clobbers flags) */
void x_zero(struct xbuf *b, int d);
/* loads: size = 1,2,4,8; sign-extend to 64 bits when sign */
void x_load(struct xbuf *b, unsigned size, bool sign, int d, const struct xmem *m);
void x_store(struct xbuf *b, unsigned size, const struct xmem *m, int s);
void x_store_imm(struct xbuf *b, unsigned size, const struct xmem *m, int32_t imm);
void x_lea(struct xbuf *b, bool w, int d, const struct xmem *m);
/* register extension: size 1,2,4 from s to d */
void x_movzx(struct xbuf *b, unsigned size, int d, int s);
void x_movsx(struct xbuf *b, unsigned size, int d, int s);

/* ---- ALU ---- */
void x_alu_rr(struct xbuf *b, unsigned op, bool w, int d, int s);
void x_alu_ri(struct xbuf *b, unsigned op, bool w, int d, int32_t imm);
void x_alu_rm(struct xbuf *b, unsigned op, bool w, int d, const struct xmem *m);
void x_alu_mr(struct xbuf *b, unsigned op, bool w, const struct xmem *m, int s);
/* op size 4 or 8 with an immediate */
void x_alu_mi(struct xbuf *b, unsigned op, unsigned size, const struct xmem *m, int32_t imm);
void x_test_rr(struct xbuf *b, bool w, int d, int s);
void x_test_ri(struct xbuf *b, bool w, int d, uint32_t imm);
void x_shift_ri(struct xbuf *b, unsigned op, bool w, int d, unsigned cnt);
void x_shift_cl(struct xbuf *b, unsigned op, bool w, int d);
void x_unary(struct xbuf *b, unsigned op, bool w, int r);
void x_imul_rr(struct xbuf *b, bool w, int d, int s);
void x_imul_rri(struct xbuf *b, bool w, int d, int s, int32_t imm);
void x_imul_rm(struct xbuf *b, bool w, int d, const struct xmem *m);
void x_cqo(struct xbuf *b, bool w);
void x_setcc(struct xbuf *b, unsigned cc, int d);
void x_cmov(struct xbuf *b, unsigned cc, bool w, int d, int s);
void x_bswap(struct xbuf *b, bool w, int r);
void x_rol16_8(struct xbuf *b, int r);     /* rol r16, 8: swap a halfword */
/* BMI2 3-operand shifts: op is X_SHL, X_SHR or X_SAR; d = s shifted by c */
void x_shiftx(struct xbuf *b, unsigned op, bool w, int d, int s, int c);
void x_rorx(struct xbuf *b, bool w, int d, int s, unsigned imm);

/* ---- memory ordering and atomics (size 1,2,4,8) ---- */
void x_movbe_load(struct xbuf *b, unsigned size, int d, const struct xmem *m);
void x_movbe_store(struct xbuf *b, unsigned size, const struct xmem *m, int s);
void x_xchg_mr(struct xbuf *b, unsigned size, const struct xmem *m, int r);
void x_lock_xadd(struct xbuf *b, unsigned size, const struct xmem *m, int r);
void x_lock_cmpxchg(struct xbuf *b, unsigned size, const struct xmem *m, int r);
void x_mfence(struct xbuf *b);

/* ---- control flow: the rel8/rel32 forms return the offset of the
 * displacement for x_patch8/x_patch32_to ---- */
size_t x_jcc8(struct xbuf *b, unsigned cc);
size_t x_jcc32(struct xbuf *b, unsigned cc);
size_t x_jmp8(struct xbuf *b);
size_t x_jmp32(struct xbuf *b);
/* jmp/jcc rel32 whose rel32 can be rewritten while the code runs
 * (chaining, break_loops): prefixes first when it would straddle an
 * 8-byte boundary */
size_t x_jmp32_patchable(struct xbuf *b);
size_t x_jcc32_patchable(struct xbuf *b, unsigned cc);
size_t x_call32(struct xbuf *b);
/* point the rel8/rel32 at offset pos to the current position */
void x_patch8(struct xbuf *b, size_t pos);
void x_patch32_to(struct xbuf *b, size_t pos, size_t target);
void x_jmp_r(struct xbuf *b, int r);
void x_jmp_m(struct xbuf *b, const struct xmem *m);
void x_call_r(struct xbuf *b, int r);
void x_ret(struct xbuf *b);
void x_push(struct xbuf *b, int r);
void x_pop(struct xbuf *b, int r);
/* n bytes of the recommended multi-byte nops */
void x_nops(struct xbuf *b, unsigned n);

/* ---- SSE (scalar; F32 uses the ss forms, F64 the sd forms) ---- */
enum {
	X_SSE_MOV_LD = 0x10, X_SSE_MOV_ST = 0x11, X_SSE_SQRT = 0x51,
	X_SSE_ADD = 0x58, X_SSE_MUL = 0x59, X_SSE_CVT = 0x5a, X_SSE_SUB = 0x5c,
	X_SSE_MIN = 0x5d, X_SSE_DIV = 0x5e, X_SSE_MAX = 0x5f,
};
/* op is one of X_SSE_*; dbl selects sd over ss */
void x_sse_rr(struct xbuf *b, unsigned op, bool dbl, int d, int s);
void x_sse_rm(struct xbuf *b, unsigned op, bool dbl, int d, const struct xmem *m);
void x_movss_st(struct xbuf *b, bool dbl, const struct xmem *m, int s);
void x_movaps(struct xbuf *b, int d, int s);
/* packed logic on whole registers: op 0x54 andps, 0x56 orps, 0x57 xorps */
enum { X_ANDPS = 0x54, X_ORPS = 0x56, X_XORPS = 0x57 };
void x_logps_rr(struct xbuf *b, unsigned op, int d, int s);
void x_logps_rm(struct xbuf *b, unsigned op, int d, const struct xmem *m);
/* ucomis/comis a, b */
void x_ucomis(struct xbuf *b, bool dbl, bool signaling, int a, int bb);
void x_ucomis_m(struct xbuf *b, bool dbl, bool signaling, int a, const struct xmem *m);
/* cvt(t)s[sd]2si gpr, xmm; w: 64-bit result */
void x_cvt2si(struct xbuf *b, bool dbl, bool trunc, bool w, int d, int s);
/* cvtsi2s[sd] xmm, gpr; w: 64-bit source */
void x_cvtsi2s(struct xbuf *b, bool dbl, bool w, int d, int s);
/* movd/movq between a gpr and an xmm register */
void x_movq_to_xmm(struct xbuf *b, bool w, int x, int r);
void x_movq_from_xmm(struct xbuf *b, bool w, int r, int x);
void x_stmxcsr(struct xbuf *b, const struct xmem *m);
void x_ldmxcsr(struct xbuf *b, const struct xmem *m);
/* FMA3: form is 132, 213 or 231; neg_prod/neg_add select
 * vfmadd/vfmsub/vfnmadd/vfnmsub */
void x_vfma(struct xbuf *b, unsigned form, bool dbl, bool neg_prod, bool neg_add,
	    int d, int s2, int s3);

#endif
