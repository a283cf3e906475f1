/*
 * ir.h - warp's intermediate representation.
 *
 * A translated block is a linear list of ops (struct ir_insn) on typed
 * temporaries.  Temporaries are numbered: the first n_globals are the guest
 * registers the arch declared (struct ir_global, living in struct cpu's env
 * at a fixed offset), then constants and block-local values.  Globals are
 * live on block entry and exit; locals die with the block and must not be
 * live across a LABEL (a join, where the register allocator reconciles
 * only the globals).
 *
 *   guest decoder --ir_*()--> struct ir_block --passes--> backend
 *                                             (ir_opt.c)   interp / x86_64
 *
 * Every guest instruction starts with INSN_START(pc).  Every op that may
 * fault (IRF_MEM) is a precise-state point: the backend records where each
 * guest global lives there so that a fault restores the guest registers
 * and pc exactly.
 */
#ifndef WARP_IR_H
#define WARP_IR_H

#include <stdint.h>
#include <stdio.h>
#include "util.h"

enum ir_opcode {
#define IR_OP(name, nout, nin, flags) IR_##name,
#include "ir_ops.def"
#undef IR_OP
	IR_NUM_OPS
};

enum {
	IRF_SIDE = 1 << 0,
	IRF_MEM = 1 << 1,
	IRF_CTRL = 1 << 2,
	IRF_FP = 1 << 3,
	IRF_COMMUT = 1 << 4,
};

struct ir_opdef {
	const char *name;
	uint8_t nout, nin, flags;
};
extern const struct ir_opdef ir_opdefs[IR_NUM_OPS];

enum ir_type { IR_I32, IR_I64, IR_F32, IR_F64, IR_V128 };
#define IR_TYPE_IS_FP(t) ((t) == IR_F32 || (t) == IR_F64)

/* Conditions for SETCOND, MOVCOND, BRCOND (integer compares). */
enum ir_cond {
	IR_EQ, IR_NE, IR_LT, IR_GE, IR_LE, IR_GT, IR_LTU, IR_GEU, IR_LEU, IR_GTU,
	IR_ALWAYS, IR_NEVER,
};

/* Memory operation descriptor (aux2 of LD/ST/CMPXCHG/ATOMIC/LD_ENV/ST_ENV). */
enum {
	IR_MO_8 = 0, IR_MO_16 = 1, IR_MO_32 = 2, IR_MO_64 = 3,
	IR_MO_SIZE = 3,         /* log2 of the access size */
	IR_MO_SIGN = 1 << 2,    /* sign-extend a load */
	IR_MO_BE = 1 << 3,      /* big-endian guest memory */
	IR_MO_ALIGN = 1 << 4,   /* misaligned access raises SIGBUS */
};
#define IR_MO_BYTES(mo) (1u << ((mo) & IR_MO_SIZE))

/* Read-modify-write kinds for ATOMIC (aux). */
enum ir_atomic {
	IR_AT_XCHG, IR_AT_ADD, IR_AT_AND, IR_AT_OR, IR_AT_XOR,
	IR_AT_SMIN, IR_AT_SMAX, IR_AT_UMIN, IR_AT_UMAX,
};

/* FENCE kinds (aux), a bit set of orderings to enforce. */
enum {
	IR_FENCE_LL = 1, IR_FENCE_LS = 2, IR_FENCE_SL = 4, IR_FENCE_SS = 8,
	IR_FENCE_ALL = 15,
};

/* Rounding modes (aux of FP ops); the RISC-V encoding, which is a superset. */
enum ir_rm { IR_RM_RNE, IR_RM_RTZ, IR_RM_RDN, IR_RM_RUP, IR_RM_RMM };

/* FMA variants (aux2): d = (NEG_PROD ? -(a*b) : a*b) + (NEG_ADD ? -c : c) */
enum { IR_FMA_NEG_PROD = 1, IR_FMA_NEG_ADD = 2 };

/* FCMP (aux): result 1/0; false on unordered. */
enum { IR_FCMP_EQ, IR_FCMP_LT, IR_FCMP_LE };
enum { IR_FCMP_SIGNALING = 1 };    /* aux2: raise invalid on any NaN */

/* Integer side of conversions (aux2 of FCVT_*). */
enum {
	IR_CVT_I32 = 0, IR_CVT_U32 = 1, IR_CVT_I64 = 2, IR_CVT_U64 = 3,
	IR_CVT_KIND = 3,
	IR_CVT_NAN_MAX = 0,      /* F2I: NaN converts to the largest value (RISC-V) */
	IR_CVT_NAN_ZERO = 4,     /* F2I: NaN converts to 0 (ARM) */
};
/* F2I results: I32 sign-extended, U32 zero-extended to 64 bits; out of range
 * saturates and raises invalid. */

/* Why generated code returned to the CPU loop (aux2 of EXIT_LOOP). */
enum ir_exit {
	IR_EXIT_LOOKUP = 0,     /* find the block for cpu->pc */
	IR_EXIT_SYSCALL,        /* cpu->pc = the syscall instruction */
	IR_EXIT_BREAKPOINT,     /* ebreak / brk: SIGTRAP */
	IR_EXIT_ILLEGAL,        /* undefined instruction: SIGILL */
	IR_EXIT_FLUSH,          /* fence.i and friends: code may have changed */
	IR_EXIT_MODE,           /* mode flags changed: cpu->tb_flags recomputed */
	IR_EXIT_REQUEST,        /* left a loop at its head (cpu->pc): an
				 * exit request, or its block was invalidated */
	IR_EXIT_HALT,
	IR_EXIT_FAULT,          /* a memory fault: cpu->fault_* filled */
	IR_EXIT_HOT,            /* the block at cpu->pc ran often: make it a
				 * superblock (tb_promote) */
	IR_NUM_EXITS
};

typedef uint16_t ir_temp;
#define IR_NONE ((ir_temp)0xffff)

enum ir_temp_kind { IR_TK_GLOBAL, IR_TK_LOCAL, IR_TK_CONST };

struct ir_tempinfo {
	uint8_t type;           /* enum ir_type */
	uint8_t kind;           /* enum ir_temp_kind */
	uint64_t val;           /* constant value (bits for FP) */
};

/* A guest register kept in struct cpu (offset from the start of cpu). */
struct ir_global {
	const char *name;
	uint8_t type;
	uint16_t offset;
};

/* Helper effects on guest state. */
enum {
	IRH_READS_GLOBALS = 1,  /* dirty globals are written back before the call */
	IRH_WRITES_GLOBALS = 2, /* globals are reloaded after the call */
	IRH_MAY_FAULT = 4,      /* touches guest memory: cpu->pc is stored first */
	IRH_PURE = 8,           /* no side effects: may be removed if unused */
};

/* Helpers take the cpu and up to four 64-bit values, return one. */
struct cpu;
typedef uint64_t (*ir_helper_fn)(struct cpu *, uint64_t, uint64_t, uint64_t, uint64_t);
struct ir_helper {
	const char *name;
	ir_helper_fn fn;
	uint8_t flags;
};

struct ir_insn {
	uint16_t op;            /* enum ir_opcode */
	uint8_t type;           /* operation type */
	uint8_t aux;            /* cond / rounding mode / slot / atomic kind */
	uint32_t aux2;          /* memop / label / exit reason / flags */
	ir_temp args[5];
	int64_t imm;            /* displacement, pc, constant, helper pointer */
};

struct ir_block {
	struct ir_insn *insns;
	unsigned n_insns, cap_insns;
	struct ir_tempinfo *temps;
	unsigned n_temps, cap_temps;
	const struct ir_global *globals;
	unsigned n_globals;
	unsigned n_labels;
	gaddr_t pc;             /* guest pc of the first instruction */
	gaddr_t end_pc;         /* guest pc just past the last instruction */
	/* A superblock may follow jumps, so its code need not be the one range
	 * [pc, end_pc): the frontend then sets [lo_pc, end_pc) to a range that
	 * holds every instruction (ir_block_reset: lo_pc = pc). */
	gaddr_t lo_pc;
	/* Tiers: a block is first translated as a basic block (up to its
	 * first branch or jump) and made a superblock once it is hot.  In:
	 * may the frontend go on past branches and jumps?  Out (basic blocks):
	 * did it stop at one it would have gone on past? */
	bool superblock;
	bool can_grow;
	uint32_t flags;         /* mode flags the block was translated for */
	uint8_t rm_default;     /* host rounding mode while this block runs */
	unsigned n_guest_insns;
};

void ir_block_init(struct ir_block *b, const struct ir_global *globals,
		   unsigned n_globals);
/* Does IN name T among its outputs (OUTS) or else its inputs? */
bool ir_insn_names(const struct ir_insn *in, ir_temp t, bool outs);
/* A new, empty block at PC (the globals' temps, set by ir_block_init, are
 * kept: nothing else writes them). */
void ir_block_reset(struct ir_block *b, gaddr_t pc, uint32_t flags);
void ir_block_free(struct ir_block *b);
/* Deep copy (the interpreter keeps one per translated block). */
struct ir_block *ir_block_clone(const struct ir_block *b);

ir_temp ir_new(struct ir_block *b, enum ir_type type);
ir_temp ir_const(struct ir_block *b, enum ir_type type, uint64_t val);
static inline ir_temp ir_global(struct ir_block *b, unsigned idx) { (void)b; return (ir_temp)idx; }
unsigned ir_new_label(struct ir_block *b);

struct ir_insn *ir_emit(struct ir_block *b, enum ir_opcode op, enum ir_type type);
/* Convenience builders; they return the emitted insn for extra fields. */
struct ir_insn *ir_op1(struct ir_block *b, enum ir_opcode op, enum ir_type t,
		       ir_temp d, ir_temp a);
struct ir_insn *ir_op2(struct ir_block *b, enum ir_opcode op, enum ir_type t,
		       ir_temp d, ir_temp a, ir_temp c);
struct ir_insn *ir_op3(struct ir_block *b, enum ir_opcode op, enum ir_type t,
		       ir_temp d, ir_temp a, ir_temp c, ir_temp e);
void ir_mov(struct ir_block *b, enum ir_type t, ir_temp d, ir_temp a);
void ir_movi(struct ir_block *b, enum ir_type t, ir_temp d, uint64_t v);
void ir_setcond(struct ir_block *b, enum ir_type t, enum ir_cond c, ir_temp d,
		ir_temp x, ir_temp y);
void ir_movcond(struct ir_block *b, enum ir_type t, enum ir_cond c, ir_temp d,
		ir_temp x, ir_temp y, ir_temp vt, ir_temp vf);
void ir_ld(struct ir_block *b, enum ir_type t, ir_temp d, ir_temp addr,
	   int64_t disp, unsigned memop);
void ir_st(struct ir_block *b, enum ir_type t, ir_temp val, ir_temp addr,
	   int64_t disp, unsigned memop);
void ir_ld_env(struct ir_block *b, enum ir_type t, ir_temp d, unsigned offset,
	       unsigned memop);
void ir_st_env(struct ir_block *b, enum ir_type t, ir_temp val, unsigned offset,
	       unsigned memop);
void ir_call(struct ir_block *b, const struct ir_helper *h, ir_temp ret,
	     ir_temp a0, ir_temp a1, ir_temp a2, ir_temp a3);
void ir_insn_start(struct ir_block *b, gaddr_t pc);
void ir_label(struct ir_block *b, unsigned label);
void ir_br(struct ir_block *b, unsigned label);
void ir_brcond(struct ir_block *b, enum ir_type t, enum ir_cond c, ir_temp x,
	       ir_temp y, unsigned label);
void ir_exit_direct(struct ir_block *b, unsigned slot, gaddr_t target);
void ir_exit_cond(struct ir_block *b, enum ir_type t, enum ir_cond c, ir_temp x,
		  ir_temp y, unsigned slot, gaddr_t target);
void ir_exit_indirect(struct ir_block *b, ir_temp target);
void ir_exit_predict(struct ir_block *b, ir_temp target, gaddr_t predicted,
		     uint64_t ignore);
void ir_exit_loop(struct ir_block *b, enum ir_exit reason, gaddr_t pc);

/* Passes (ir_opt.c). */
void ir_optimize(struct ir_block *b);
/* Direct exits to an instruction of the block itself become branches to a
 * label there: loops and joins that stay inside a superblock. */
void ir_link_exits(struct ir_block *b);
void ir_fold_constants(struct ir_block *b);
void ir_narrow_extensions(struct ir_block *b);
void ir_eliminate_dead(struct ir_block *b);

/* Evaluate an integer op on constants (shared by folding and the interp). */
uint64_t ir_eval_int(enum ir_opcode op, enum ir_type t, unsigned aux,
		     uint64_t a, uint64_t b);
bool ir_eval_cond(enum ir_cond c, enum ir_type t, uint64_t a, uint64_t b);

/* Text dump for -d op. */
void ir_dump(const struct ir_block *b, FILE *f);
const char *ir_cond_name(enum ir_cond c);
const char *ir_exit_name(enum ir_exit e);

#endif
