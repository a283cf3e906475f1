/*
 * rv.h - private interface of the RISC-V 64 frontend: the decoder context
 * the trans functions receive, register access, and the helpers they call.
 *
 * IR globals: x1..x31 are globals 0..30 (I64), f0..f31 are globals 31..62
 * (F64 holding the raw register bits).  x0 has no global: reading it gives
 * the constant 0 and writing it is dropped (rv_dst returns a scratch temp).
 */
#ifndef WARP_RV_H
#define WARP_RV_H

#include <stdbool.h>
#include <stdint.h>
#include "ir.h"
#include "cpu.h"                /* riscv64/cpu.h; it includes translate/cpu.h */
#include "translate/guest/riscv64/rv_decode.h"

#define RV_MAX_RETS 4
#define RV_MAX_ALTS 4

struct rv_dc {
	struct cpu *cpu;
	struct ir_block *ir;
	gaddr_t pc;             /* the instruction being translated */
	gaddr_t next_pc;        /* pc + its length (2 or 4) */
	uint32_t flags;         /* the block's tb flags (frm in bits 0-2) */
	bool end;               /* this instruction ended the block */
	/* superblocks (translate.c): the block goes on past conditional
	 * branches (EXIT_COND side exits) and through jal x0 */
	unsigned next_slot;     /* first free exit slot */
	unsigned n_cond;        /* side exits (EXIT_COND) emitted */
	bool jump;              /* jal x0 to jump_pc: translate.c follows it
				 * or ends the block with an exit there */
	gaddr_t jump_pc;
	/* calls: in a superblock a jal with a link is a jump too (call set);
	 * translate.c pushes the return address of each call it follows on
	 * rets[], and a jalr x0 through the link register pops it: a guarded
	 * jump there (EXIT_PREDICT), which the block follows in turn */
	unsigned call;          /* a call: its link register, else 0 */
	gaddr_t head;           /* where the straight-line code being decoded
				 * began (the first tier's block there may
				 * have a profile of its branch or jump) */
	unsigned n_rets;
	struct { gaddr_t pc; unsigned link; } rets[RV_MAX_RETS];
	/* the second targets of predicted jumps (trans_rvi.c), side exits
	 * that translate.c tries first, with a longer budget, to take in */
	unsigned n_alts;
	gaddr_t alts[RV_MAX_ALTS];
	/*
	 * fs_cache[r]: an F32 temp holding the unboxed single in f[r], or
	 * IR_NONE.  Blocks have no labels (side exits are EXIT_COND, which
	 * locals may cross), so a temp stays valid until f[r] is written;
	 * every write goes through rv_fdst(), which forgets it.
	 */
	ir_temp fs_cache[32];
};

#define RV_NX_GLOBALS 31
#define RV_N_GLOBALS 63
#define RV_GLOBAL_X(r) ((unsigned)(r) - 1)
#define RV_GLOBAL_F(r) (RV_NX_GLOBALS + (unsigned)(r))

/* tb flags: the dynamic rounding mode, so a block knows it statically. */
#define RV_TBF_FRM 7u

#define RV_ENV_OFF(field) \
	((unsigned)(CPU_OFF(env) + __builtin_offsetof(struct rv_state, field)))

/* canonical NaNs */
#define RV_QNAN_S 0x7fc00000ull
#define RV_QNAN_D 0x7ff8000000000000ull
#define RV_BOX_HI 0xffffffff00000000ull

/* CSR numbers warp implements */
enum {
	RV_CSR_FFLAGS = 0x001, RV_CSR_FRM = 0x002, RV_CSR_FCSR = 0x003,
	RV_CSR_CYCLE = 0xc00, RV_CSR_TIME = 0xc01, RV_CSR_INSTRET = 0xc02,
};
/* how a CSR instruction changes the CSR (helper argument) */
enum { RV_CSR_READ, RV_CSR_WRITE, RV_CSR_SET, RV_CSR_CLEAR };

static inline ir_temp rv_x(struct rv_dc *dc, int64_t r)
{
	if (!r)
		return ir_const(dc->ir, IR_I64, 0);
	return ir_global(dc->ir, RV_GLOBAL_X(r));
}

/* Where to put a result for rd: the global, or a scratch temp for x0. */
static inline ir_temp rv_dst(struct rv_dc *dc, int64_t r)
{
	if (!r)
		return ir_new(dc->ir, IR_I64);
	return ir_global(dc->ir, RV_GLOBAL_X(r));
}

static inline void rv_set_x(struct rv_dc *dc, int64_t r, ir_temp t)
{
	if (r)
		ir_mov(dc->ir, IR_I64, ir_global(dc->ir, RV_GLOBAL_X(r)), t);
}

static inline ir_temp rv_f64reg(struct rv_dc *dc, int64_t r)
{
	return ir_global(dc->ir, RV_GLOBAL_F(r));
}

/* The global for a write to f[r]. */
static inline ir_temp rv_fdst(struct rv_dc *dc, int64_t r)
{
	dc->fs_cache[r] = IR_NONE;
	return rv_f64reg(dc, r);
}

static inline ir_temp rv_imm(struct rv_dc *dc, int64_t v)
{
	return ir_const(dc->ir, IR_I64, (uint64_t)v);
}

/* End the block here, returning to the CPU loop with REASON at PC. */
static inline void rv_exit_loop(struct rv_dc *dc, enum ir_exit reason, gaddr_t pc)
{
	ir_exit_loop(dc->ir, reason, pc);
	dc->end = true;
}

/* Resolve a rounding-mode field: static 0-4, or 7 (dynamic) read from the
 * block's frm.  False means an illegal instruction (rm 5/6, frm 5-7). */
static inline bool rv_rm(const struct rv_dc *dc, int64_t rm, unsigned *out)
{
	if (rm == 7)
		rm = dc->flags & RV_TBF_FRM;
	if (rm > IR_RM_RMM)
		return false;
	*out = (unsigned)rm;
	return true;
}

/* A trans function that is one call: TRANS(fadd_s, fr, gen(...)) */
#define TRANS(name, args, expr)                                               \
	bool rv_trans_##name(struct rv_dc *dc, const struct rv_args_##args *a) \
	{                                                                     \
		return expr;                                                  \
	}

/* FP register access (trans_rvf.c): TYPE is IR_F32 (NaN-unboxed) or IR_F64 */
ir_temp rv_fget(struct rv_dc *dc, int64_t r, enum ir_type type);
void rv_fset(struct rv_dc *dc, int64_t r, enum ir_type type, ir_temp t);
/* Shared F/D code generators (trans_rvf.c), TYPE is IR_F32 or IR_F64. */
bool rv_gen_fload(struct rv_dc *dc, const struct rv_args_i *a, enum ir_type type);
bool rv_gen_fstore(struct rv_dc *dc, const struct rv_args_s *a, enum ir_type type);
bool rv_gen_farith(struct rv_dc *dc, const struct rv_args_fr *a,
		   enum ir_opcode op, enum ir_type type);
bool rv_gen_fsqrt(struct rv_dc *dc, const struct rv_args_fr2 *a, enum ir_type type);
bool rv_gen_fma(struct rv_dc *dc, const struct rv_args_fr4 *a, unsigned neg,
		enum ir_type type);
/* kind: 0 fsgnj, 1 fsgnjn, 2 fsgnjx */
bool rv_gen_fsgnj(struct rv_dc *dc, const struct rv_args_r *a, int kind,
		  enum ir_type type);
bool rv_gen_fminmax(struct rv_dc *dc, const struct rv_args_r *a, bool max,
		    enum ir_type type);
bool rv_gen_fcmp(struct rv_dc *dc, const struct rv_args_r *a, unsigned cmp,
		 bool signaling, enum ir_type type);
bool rv_gen_fclass(struct rv_dc *dc, const struct rv_args_r2 *a, enum ir_type type);
bool rv_gen_f2i(struct rv_dc *dc, const struct rv_args_fr2 *a, unsigned cvt,
		enum ir_type type);
bool rv_gen_i2f(struct rv_dc *dc, const struct rv_args_fr2 *a, unsigned cvt,
		enum ir_type type);

/* helpers.c: called from generated code */
extern const struct ir_helper rv_helper_fminmax;  /* (a, b, max | double << 1) */
extern const struct ir_helper rv_helper_fclass;   /* (a, double) */
extern const struct ir_helper rv_helper_fcsr;     /* (csr, RV_CSR_*, value) -> old */
extern const struct ir_helper rv_helper_counter;  /* (csr) -> value */
/* Fold the flags accrued in the host MXCSR into fflags (and clear them). */
void rv_sync_fflags(struct cpu *cpu);
/* The pure functions behind the helpers (unit-testable). */
uint64_t rv_fminmax(uint64_t a, uint64_t b, bool max, bool dbl, unsigned *fflags);
uint64_t rv_fclass(uint64_t a, bool dbl);
unsigned rv_mxcsr_to_fflags(uint32_t mxcsr);

/* disas.c */
unsigned rv_disas(gaddr_t pc, const uint8_t *code, size_t avail, char *buf,
		  size_t bufsz);

/* translate.c */
int rv_translate_block(struct cpu *cpu, struct ir_block *ir, unsigned max_insns);

#endif
