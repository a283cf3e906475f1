/*
 * x86.h - internals shared by the x86-64 backend's files: the state of one
 * block being generated (struct xgen), the register allocator's interface
 * (regalloc.c), the per-op generators (codegen.c, codegen_fp.c) and the
 * runtime pieces they need (runtime.c).
 *
 * Host register conventions inside generated code:
 *   rbp  struct cpu * (guest globals at [rbp + offset])
 *   r15  cpu->guest_base (guest memory at [r15 + addr]) when it is not 0;
 *        allocatable like the rest when it is (xgen.reserved)
 *   rsp  16-byte aligned frame set up by the trampoline:
 *          [rsp + 0 .. X_OFF_MXCSR)   spill slots for locals
 *          [rsp + X_OFF_MXCSR]        MXCSR scratch
 *          [rsp + X_OFF_SAVE + 8*r]   save area of host register r around
 *                                     out-of-line calls
 *   everything else is allocatable; all xmm registers are caller-saved.
 */
#ifndef WARP_X86_H
#define WARP_X86_H

#include "tb.h"
#include "cpu.h"
#include "emit.h"

#define X_NSLOTS 256
#define X_OFF_MXCSR (8 * X_NSLOTS)
#define X_OFF_SAVE (X_OFF_MXCSR + 8)
#define X_FRAME (X_OFF_SAVE + 32 * 8)
_Static_assert(X_FRAME % 16 == 8, "frame keeps rsp 16-byte aligned after 6 pushes");

#define XR(r) (1u << (r))
#define XR_XMM 0xffff0000u
#define XR_INT (0xffffu & ~(XR(X_RSP) | XR(X_RBP)))
#define XR_CALLER_INT (XR(X_RAX) | XR(X_RCX) | XR(X_RDX) | XR(X_RSI) | XR(X_RDI) | \
		       XR(X_R8) | XR(X_R9) | XR(X_R10) | XR(X_R11))
#define XR_CLOBBERED (XR_CALLER_INT | XR_XMM)   /* by a C call */

/* host features the generator may use */
enum { XF_BMI2 = 1, XF_MOVBE = 2, XF_FMA = 4 };
extern unsigned x86_host_features;
void x86_detect_features(void);

/* where a temp's value is */
enum { XL_NONE, XL_REG, XL_MEM, XL_CONST };

struct xtemp {
	uint8_t loc;
	uint8_t reg;
	uint8_t dirty;          /* memory copy (env or spill slot) is stale */
	uint8_t xmm;            /* register class: xmm (F32/F64/V128) or int */
	uint8_t kind;           /* IR_TK_* */
	uint8_t type;
	uint8_t from_arith;     /* produced by SSE arithmetic: never a sNaN */
	uint8_t sx32;           /* XL_REG (int): only the low 32 bits are
				 * right, the value is their sign extension
				 * (an EXT32S not done yet: ra_sx) */
	int16_t slot;           /* spill slot of a local, -1 if none */
	uint32_t next;          /* index of the next insn reading it */
	uint64_t val;           /* XL_CONST */
};

#define X_NEVER 0xffffffffu

/* A global's place at one point of the code (for labels.c). */
struct xsnap {
	uint8_t loc, reg, dirty, sx32;
	uint64_t val;
};

/* A label: where the globals are when control gets there. */
struct xlabel {
	int32_t idx;            /* index of the LABEL op, -1 if none */
	int32_t last_back;      /* index of the last branch back to it, or -1 */
	bool head;              /* heads a loop (last_back >= 0 and it dominates) */
	uint64_t body;          /* the loop's basic blocks (bit b: g->bb[b]) */
	bool has_gpc;           /* it starts a guest instruction, at gpc */
	gaddr_t gpc;
	int8_t *treg;           /* per global: its register, or -1: memory */
	uint8_t *tdirty;        /* per global: TD_* */
};
/* a label state's tdirty bits: the global's memory copy is stale; it is
 * in its register lazily extended (sx32: only the low half is right, the
 * value is that half's sign extension), which every way in must give */
#define TD_DIRTY 1
#define TD_SX32 2

/* A forward branch to LABEL, whose rel32 is fix[fix]. */
struct xpend {
	unsigned label, fix;
};

/* a rel32 to resolve once the block's layout is known */
/* XFX_ABS: a rel32 to an absolute address; XFX_TB64/XFX_FN64: an imm64
 * holding tb + target / the function at target (patched by layout(), and
 * recorded as relocations for the persistent cache, pcache.c) */
enum { XFX_MAIN, XFX_COLD, XFX_LIT, XFX_LABEL, XFX_ABS, XFX_TB64, XFX_FN64 };
struct xfix {
	uint8_t buf;            /* 0: main code, 1: cold code */
	uint8_t kind;           /* XFX_*: what target means */
	uint32_t pos;           /* offset of the rel32 in its buffer */
	uint32_t end;           /* offset the rel32 is relative to */
	uint64_t target;
};

struct xlit { uint64_t lo, hi; };

struct xgen {
	struct xbuf main, cold;
	struct xbuf *b;         /* &main or &cold */
	struct tcache *tc;
	struct tb *tb;
	struct ir_block *ir;
	const struct ir_insn *in;
	unsigned idx;           /* index of in */
	gaddr_t insn_pc;        /* guest pc of the current guest insn */
	bool use_gb;            /* guest memory needs the r15 base */
	bool reachable;         /* false after an unconditional exit/branch */
	unsigned feat;          /* XF_* */
	uint8_t *epilogue;      /* rx address generated code returns through */

	/* allocator */
	struct xtemp *t;
	int16_t reg_temp[32];   /* temp bound to each register, -1 if none */
	uint32_t locked;        /* registers the current insn uses */
	uint32_t reserved;      /* never allocated (r15 with use_gb); always in locked */
	bool narrow;            /* the current op reads its integer operands'
				 * low 32 bits only: ra_use hands out an sx32
				 * register as it is */
	uint64_t slots[X_NSLOTS / 64];
	uint16_t *dconst;       /* globals that became dirty constants (may be stale) */
	unsigned n_dconst;
	/* an ADD folded into the address of the access at insn `at`
	 * (cg_alu, guest_addr): global d = a + c is not computed; the
	 * access reads [ra + rc + disp], and its site records d as ra + rc */
	struct { bool on; unsigned at; ir_temp d, a, c; int ra, rc; } fused;

	/* liveness, per insn and arg */
	uint32_t *nu;           /* next use after insn i of args[k]: nu[5*i+k] */
	uint8_t *reread;        /* bit k: args[k] is read again by a later op */

	/* labels and fixups */
	int32_t *label_pos;
	struct xfix *fix;
	unsigned n_fix, cap_fix;
	struct xlit *lit;
	unsigned n_lit, cap_lit;

	/* direct exits: slots taken, and where the rel32 of a slot whose stub
	 * is in cold code sits there (-1: none); tb->exit[].jmp_off once placed */
	unsigned slots_used;
	int32_t cold_jmp[TB_NSLOTS];

	/* labels: the globals' state at each (labels.c) */
	struct xlabel *lab;
	uint32_t *label_next;   /* per label and global: next read after it */
	struct xpend *pend;     /* forward branches waiting for their label */
	unsigned n_pend, cap_pend;
	struct xsnap *snap;     /* n_globals per pending branch */
	unsigned cap_snap;      /* in snapshots */
	struct xsnap *cur;      /* scratch: the state here */
	uint32_t *uses;         /* scratch: uses of each global in a loop */
	int8_t *base_reg;       /* scratch: a state to start from */
	uint8_t *base_dirty;
	/* the basic blocks of the block, for loops' bodies (none: nbb 0) */
#define X_MAX_BB 64
	uint32_t bb_start[X_MAX_BB + 1];
	unsigned nbb;
	unsigned cur_bb;        /* the basic block of insn idx (lb_loop_reg) */
	bool any_head;          /* some label heads a loop */

	/* back-edges of loops: rel32 in main code, stub in cold code (layout
	 * makes them tb->loops) */
	struct tb_loop *loops;
	unsigned n_loops;

	/* precise state */
	struct tb_site *sites;
	unsigned n_sites, cap_sites;
	struct tb_loc *locs;
	unsigned n_locs, cap_locs;
};

static inline const struct ir_opdef *x_def(const struct xgen *g)
{
	return &ir_opdefs[g->in->op];
}

static inline bool x_is_fp_type(unsigned type)
{
	return type == IR_F32 || type == IR_F64 || type == IR_V128;
}

/* ---- regalloc.c ---- */
void ra_init(struct xgen *g);
void ra_end_insn(struct xgen *g);
int ra_alloc(struct xgen *g, uint32_t mask);
void ra_evict(struct xgen *g, int r);
int ra_use(struct xgen *g, ir_temp t, uint32_t mask);
bool ra_const(struct xgen *g, ir_temp t, uint64_t *val);
bool ra_imm(struct xgen *g, ir_temp t, bool w, int32_t *imm);
bool ra_memop(struct xgen *g, unsigned k, bool w, struct xmem *m);
void ra_reserve(struct xgen *g, int r);
void ra_fixed(struct xgen *g, ir_temp t, int r);
void ra_load_to(struct xgen *g, ir_temp t, int r);
void ra_release_dead(struct xgen *g);
bool ra_dies(struct xgen *g, unsigned k);
bool ra_clob(struct xgen *g, int r);
int ra_out(struct xgen *g, ir_temp d, uint32_t mask, int hint);
void ra_def(struct xgen *g, ir_temp d, int r);
void ra_def_const(struct xgen *g, ir_temp d, uint64_t val);
void ra_sync(struct xgen *g);
void ra_sx(struct xgen *g, ir_temp t);
void ra_sx_all(struct xgen *g);
void ra_flush_consts(struct xgen *g);
void ra_drop(struct xgen *g);
void ra_env_access(struct xgen *g, unsigned off, unsigned size, bool write);
void ra_site(struct xgen *g);
/* Does the op observe every guest global (an exit, a memory access...)? */
bool observes_globals(const struct ir_insn *in);
void ra_store_dirty_to_env(struct xgen *g);
void ra_store_all_dirty(struct xgen *g);
void ra_snapshot(struct xgen *g, struct xsnap *snap);
bool ra_snap_sx32(const struct xsnap *src, unsigned i);
void ra_conform(struct xgen *g, const struct xsnap *src, const int8_t *treg,
		const uint8_t *tdirty);
void ra_join_state(struct xgen *g, const struct xsnap *const *snaps, unsigned n,
		   int8_t *treg, uint8_t *tdirty, bool loop);
void ra_snap_state(struct xgen *g, const struct xsnap *snap, int8_t *treg,
		   uint8_t *tdirty);
void ra_store_state(struct xgen *g, const int8_t *treg, const uint8_t *tdirty);
void ra_set_state(struct xgen *g, const int8_t *treg, const uint8_t *tdirty,
		  const uint32_t *next_use);
void ra_sync_global(struct xgen *g, unsigned gi);
void x_store_u64(struct xgen *g, unsigned off, uint64_t v, int scratch);
void x_move(struct xgen *g, int d, int s);

/* ---- runtime.c: layout helpers used while generating ---- */
void x_fix(struct xgen *g, size_t pos, size_t end, unsigned kind, uint64_t target);
/* mov reg, imm64 of a process-specific address (XFX_TB64, XFX_FN64) */
void x_mov_addr(struct xgen *g, int reg, unsigned kind, uint64_t target);
struct xmem x_lit(struct xgen *g, uint64_t lo, uint64_t hi, unsigned *idx);
void x_lit_fix(struct xgen *g, unsigned idx);
void x_jmp_epilogue(struct xgen *g);
void x_call_abs(struct xgen *g, const void *fn);
/* Out-of-line code: x_cold_begin jumps (cc, or always when cc >= 16) from
 * the main code to cold code emitted next, with the allocator state of that
 * point; x_cold_end returns to the main code, with a jump back (whose
 * fixup index it returns, so the target can be moved) when BACK. */
void x_cold_begin(struct xgen *g, unsigned cc);
unsigned x_cold_end(struct xgen *g, bool back);
void x_exit_code(struct xgen *g, unsigned code, bool store_pc, gaddr_t pc);
/* Leave to the known guest pc TARGET through chainable exit SLOT (its stub
 * goes where the code is being emitted); with the slot taken or out of
 * range, through the CPU loop.  Globals must have been written back. */
void x_direct_exit(struct xgen *g, unsigned slot, gaddr_t target);
/* call fn(args) from generated code without disturbing allocated registers */
enum { XA_IMM, XA_REG };
struct xarg { uint8_t kind; int8_t reg; uint64_t imm; };
void x_pcall(struct xgen *g, const void *fn, const struct xarg *args, unsigned n,
	     int result);
void x86_fma_nan_fix(unsigned type, uint64_t a, uint64_t b);

/* ---- labels.c ---- */
/* Before generating: find the labels, decide the loop heads' states. */
void lb_setup(struct xgen *g);
/* LABEL: settle its state, give the branches waiting for it their way in. */
void lb_place(struct xgen *g);
/* the register the innermost loop around insn idx has global T (or the
 * global the next op copies local T into: *INTO) in at its head, or -1 */
int lb_loop_reg(struct xgen *g, ir_temp t, ir_temp *into);
/* BR (cc < 0) or BRCOND (x86 condition cc, flags already set). */
void lb_branch(struct xgen *g, int cc);

/* ---- codegen.c / codegen_fp.c ---- */
void cg_insn(struct xgen *g);
void cg_mem(struct xgen *g);
void cg_fp(struct xgen *g);
void cg_call(struct xgen *g);

/* ---- the trampoline at the end of the code buffer (codebuf.c) ---- */
#define X86_TRAMP_SIZE 4096
#define X86_EPI_OFF 64
void x86_tramp_install(struct codebuf *cb);

#endif
