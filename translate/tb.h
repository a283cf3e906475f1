/*
 * tb.h - translated blocks, the translation cache, and the backend seam.
 *
 * Life of a block:
 *
 *   (none) --tb_translate()--> VALID --tb_invalidate()--> INVALID
 *             lookup miss        |  ^                        (never entered
 *                                |  | tb_chain() patches a   again; its
 *                                v  | direct exit to jump    memory is reused
 *                             CHAINED straight into another  only at
 *                                                            tb_flush_all())
 *
 * Lookup is lock-free: the hash table holds atomic pointers; insertion and
 * invalidation take tc->lock.  Code memory of an invalid block stays mapped
 * until the whole cache is flushed at a safe point, so a thread still
 * running it finishes harmlessly.
 */
#ifndef WARP_TB_H
#define WARP_TB_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include "util.h"
#include "ir.h"

struct cpu;
struct guest_arch;
struct tcache;

/* Where a dirty guest global lives at a precise-state point.  A global
 * that holds a constant the code has not stored yet has hreg TB_LOC_CONST,
 * and the next TB_LOC_CONST_N entries are not locations but its value
 * (tb_loc_const).  A global the code has not computed, the sum of two
 * registers (an add folded into the address of the access at the point),
 * has TB_LOC_PLUS | the second register in `plus`; one whose register holds
 * only its low 32 bits has TB_LOC_SEXT32.  Entries are applied in
 * order: a later one for the same global wins. */
struct tb_loc {
	uint16_t global;        /* index in the arch's globals */
	uint8_t hreg;           /* host register (backend numbering) */
	uint8_t plus;           /* 0, or TB_LOC_PLUS | a second register */
};

#define TB_LOC_PLUS 0x80
/* plus == TB_LOC_SEXT32: the global is the sign extension of the register's
 * low 32 bits */
#define TB_LOC_SEXT32 0x40

#define TB_LOC_CONST 0xff
#define TB_LOC_CONST_N (sizeof(uint64_t) / sizeof(struct tb_loc))

_Static_assert(sizeof(struct tb_loc) == 4, "a constant takes two entries");

static inline uint64_t tb_loc_const(const struct tb_loc *l)
{
	uint64_t v;
	memcpy(&v, l + 1, sizeof v);
	return v;
}

/* A host instruction that may fault, and the guest state around it. */
struct tb_site {
	uint32_t host_off;      /* offset of the host insn from tb->code */
	uint32_t guest_off;     /* guest pc - tb->pc */
	uint32_t loc_first;     /* index into tb->locs */
	uint16_t n_locs;
};

struct tb_link { struct tb *from; unsigned slot; struct tb_link *next; };

/* A loop inside a block: the patchable rel32 of its back-edge's jump, and
 * the stub that leaves the block at the loop's head instead (writes the
 * globals back, cpu->pc = the head, IR_EXIT_REQUEST).  Offsets are from
 * tb->code.  See backend.break_loops. */
struct tb_loop { uint32_t jmp_off, stub_off; };

/* A direct exit (a slot) of a block: chainable, and its target is known. */
struct tb_exit {
	gaddr_t pc;             /* the target */
	struct tb *to;          /* chained to, or NULL */
	int32_t jmp_off;        /* offset of the patchable rel32, -1 if none */
};
/* runs of a basic block before it is made a superblock (tb_promote) */
#define TB_HOT_RUNS 256
/* slots per block at most (a superblock has one per side exit) */
#define TB_NSLOTS 8

struct tb {
	gaddr_t pc;
	gaddr_t end_pc;         /* first byte after the block's guest code */
	gaddr_t lo_pc;          /* its first byte (< pc when a superblock jumps
				 * back); all of the code lies on the pages of
				 * lo_pc and end_pc - 1 */
	uint32_t flags;
	_Atomic int valid;
	void *code;             /* executable entry (JIT); NULL for interp */
	uint32_t code_size;
	struct ir_block *ir;    /* kept by the interp backend */

	/* chaining: exit[] (at the end) and the jumps chained into tb */
	struct tb_link *incoming;

	/* precise state */
	struct tb_site *sites;
	struct tb_loc *locs;
	uint32_t n_sites;

	struct tb *page_next[2]; /* blocks on the same guest page(s) */

	/* tiers (ir.h): a basic block that could grow counts its runs down
	 * in generated code and asks to be promoted (IR_EXIT_HOT) at 0 */
	bool superblock;
	/* back-edges of the loops inside the block (JIT backends) */
	uint16_t n_loops;
	struct tb_loop *loops;
	int32_t hot_left;
	/* a basic block ending at a branch: the runs that took it */
	int32_t taken;
	/* a superblock made from a basic block: what that one counted (its
	 * end, runs and taken branches), for superblocks made later that run
	 * into this code (tb_branch_profile); bb_runs 0 if unknown */
	gaddr_t bb_end;
	int32_t bb_runs, bb_taken;
	/* a basic block ending at an indirect jump: where the jump went last,
	 * the target before that one (alt) and how many runs went
	 * elsewhere than the run before (its generated code keeps all
	 * three), for superblocks that predict it (tb_indirect_profile);
	 * bb_*: the same, kept by a superblock made from such a block.
	 * Targets 0 if unknown. */
	struct tb_ind { gaddr_t target, alt; int32_t changes; } ind, bb_ind;

	unsigned n_exits;       /* direct exit slots 0 .. n_exits - 1 */
	struct tb_exit exit[];
} __attribute__((aligned(16)));  /* exit codes keep the slot in 4 low bits */

/* Codes generated code returns (below 4096); anything else is
 * (uintptr_t)tb | (slot + 1): a direct exit that asks to be chained (its
 * target is tb->exit[slot].pc; cpu->pc is not stored). */
#define TB_EXIT_CHAIN_MASK 15u
_Static_assert(TB_NSLOTS <= TB_EXIT_CHAIN_MASK, "slot + 1 fits the mask");

/*
 * Relocations of a block's code, for the persistent cache (pcache.c): the
 * places where code holds an address of this process.  The backend reports
 * them from gen() through tb_reloc_add*(); offsets are from tb->code.
 */
enum {
	TBR_CB_REL32,           /* rel32 to code buffer (rx) + addend */
	TBR_WARP_REL32,         /* rel32 to warp's text + addend (helpers) */
	TBR_WARP_ABS64,         /* imm64: warp's text + addend */
	TBR_TB_ABS64,           /* imm64: the block's struct tb + addend */
};
struct tb_reloc { uint32_t off, kind; int64_t addend; };
void tb_reloc_add(struct tcache *tc, unsigned kind, size_t off, int64_t addend);
/* ... of FN, which must be in warp's own text (else the block is not kept) */
void tb_reloc_add_fn(struct tcache *tc, unsigned kind, size_t off, uintptr_t fn);

/* A zeroed block with N_EXITS unchained exit slots (free() frees it). */
struct tb *tb_alloc(unsigned n_exits);

struct backend {
	const char *name;
	/* Produce runnable code for TB from IR (already optimised). */
	int (*gen)(struct tcache *tc, struct tb *tb, struct ir_block *ir)
		WARP_UNUSED_RESULT;
	/* Run from TB until an exit; returns an IR_EXIT_* or tb|slot+1. */
	uint64_t (*exec)(struct cpu *cpu, struct tb *tb);
	/* Patch FROM's exit SLOT to enter TO directly (NULL: back to stub). */
	void (*chain)(struct tcache *tc, struct tb *from, unsigned slot, struct tb *to);
	/* Point every back-edge of TB at its stub, for good: a thread looping
	 * inside TB leaves it at the loop's head (IR_EXIT_REQUEST).  Generated
	 * code does not poll cpu->exit_request; a thread is made to leave
	 * the code it runs by unchaining the jumps into a block and breaking
	 * its loops (tb_invalidate).  NULL: the backend polls exit_request
	 * itself (interp).  Making a thread leave a block that stays valid
	 * (an asynchronous guest signal) takes the same two steps on the
	 * block it runs, and undoing them afterwards: rechaining happens by
	 * itself at the next exits, a loop's jump would have to be pointed
	 * back at its head (an offset struct tb_loop would then keep). */
	void (*break_loops)(struct tcache *tc, struct tb *tb);
	/* Host pc inside generated code faulted: restore guest registers and pc
	 * into cpu from UC; return true when HOST_PC belonged to TB. */
	bool (*restore)(struct cpu *cpu, struct tb *tb, uintptr_t host_pc,
			const ucontext_t *uc);
	/* Flush derived state (jump caches hold code pointers) */
	void (*disas_host)(const void *code, size_t len, FILE *f);
};

extern const struct backend backend_interp;
extern const struct backend backend_x86_64;

/* -d flags */
enum {
	LOG_IN_ASM = 1, LOG_OP = 2, LOG_OP_OPT = 4, LOG_OUT_ASM = 8, LOG_EXEC = 16,
	LOG_UNIMP = 32, LOG_STRACE = 64, LOG_CACHE = 128,
};

/* Code buffer: one memfd mapped twice, RW for the emitter, RX to run. */
struct codebuf {
	uint8_t *rw, *rx;
	size_t size, used;
	size_t populated;       /* [0, populated) has its pages in both views */
};

/* Open-addressed table of blocks; replaced (not resized in place) when it
 * fills, so lock-free readers always see a consistent table. */
struct tc_hash {
	unsigned mask;
	unsigned used;                  /* slots holding a block or tombstone */
	struct tc_hash *older;          /* retired tables, freed with the cache */
	_Atomic(struct tb *) slot[];
};

struct tcache {
	const struct guest_arch *arch;
	const struct backend *be;
	pthread_mutex_t lock;
	_Atomic(struct tc_hash *) hash;
	unsigned n_tbs;
	struct codebuf cb;
	/* all blocks, in code order, for host pc -> tb */
	struct tb **tbs;
	unsigned cap_tbs;
	struct ir_block ir;             /* scratch IR, under lock */
	unsigned max_insns;
	/* guest pages holding translated code */
	struct page_map *pages;
	struct maps_cache *maps;        /* host mappings, for unknown pages */
	/* the guest's PROT_* at ADDR, -1 if unmapped; set by the frontend
	 * (user mode: its mapping list); NULL: read the host's mappings.
	 * Called with tc->lock held: whatever lock it takes must never be
	 * held by a caller of the tb_* functions. */
	int (*guest_prot)(struct cpu *cpu, gaddr_t addr);
	struct cpu *cpus;               /* every cpu, for jump-cache flushes */
	/* logging (-d, -D) */
	unsigned log_mask;
	FILE *log;
	FILE *perfmap;                  /* -perfmap: /tmp/perf-PID.map */
	/* statistics */
	unsigned long n_translated, n_flushes, n_invalidated;
	/* host features */
	bool host_fma;
	struct tb *promoting;    /* the basic block tb_promote replaces */
	/* persistent cache (NULL: off); the block being generated's relocations */
	struct pcache *pcache;
	struct tb_reloc *rel;
	unsigned n_rel, cap_rel;
	bool rel_bad;           /* it has one pcache cannot express */
};

struct tcache *tc_new(const struct guest_arch *arch, const struct backend *be);
/* Find or translate the block for (pc, flags); NULL when the guest code at
 * pc cannot be fetched (the caller raises SIGSEGV). */
struct tb *tb_find(struct cpu *cpu, gaddr_t pc, uint32_t flags);
struct tb *tb_lookup(struct tcache *tc, gaddr_t pc, uint32_t flags);
struct tb *tb_by_host_pc(struct tcache *tc, uintptr_t host_pc);
/* Invalidate every block with guest code in [start, end). */
void tb_invalidate_range(struct tcache *tc, gaddr_t start, gaddr_t end);
/* How often the code at (pc, flags) ran, as far as the tiers tell: -1
 * when no block is there, the runs a basic block counted, TB_HOT_RUNS for
 * a superblock.  A frontend forming a superblock follows the hotter way
 * of a branch. */
int tb_runs(struct tcache *tc, gaddr_t pc, uint32_t flags);
/* The branch that ends the basic block at (head, flags) as the first tier
 * counted it: true, with how often the block ran and took the branch,
 * when such a block (one whose code ends at END) is there, or is the one
 * being made a superblock. */
bool tb_branch_profile(struct tcache *tc, gaddr_t head, uint32_t flags, gaddr_t end,
		       int *runs, int *taken);
/* Where the indirect jump that ends the basic block at (head, flags) went
 * last: true, with the target, when such a block (one whose code ends at
 * END) is there, or is the one being made a superblock, and saw a jump.
 * *ALT: a second target worth a guard of its own (the jump went back and
 * forth: its target changed in at least TB_ALT_SHARE of the runs), else
 * 0. */
#define TB_ALT_SHARE 8          /* 1/8 */
bool tb_indirect_profile(struct tcache *tc, gaddr_t head, uint32_t flags, gaddr_t end,
			 gaddr_t *target, gaddr_t *alt);
/* The block at (pc, flags) is hot (IR_EXIT_HOT): replace it by a
 * superblock.  Between blocks only. */
void tb_promote(struct cpu *cpu, gaddr_t pc, uint32_t flags);
/* Patch FROM's direct exit SLOT to jump straight into TO. */
void tb_chain(struct tcache *tc, struct tb *from, unsigned slot, struct tb *to);
/* Drop every block and reset the code buffer (at a safe point only). */
void tb_flush_all(struct tcache *tc);
/* A host write fault at guest address ADDR: was it a write-protected code
 * page?  Then unprotect it, invalidate its blocks and return true. */
bool tb_page_write_fault(struct tcache *tc, gaddr_t addr);
/* Before warp itself writes guest memory (syscalls): same for a range. */
void tb_prepare_write(struct tcache *tc, gaddr_t addr, uint64_t len);
/* fence.i / ic ivau: forget blocks whose code may have changed unseen. */
void tb_flush_icache(struct tcache *tc, uint64_t guest_base);
/* May the guest run code on the page holding ADDR?  Frontends ask before a
 * block goes on into another page (under tc->lock, as translation is). */
bool tb_page_executable(struct cpu *cpu, gaddr_t addr);
/* The guest changed protection/mapping of a range (mprotect, munmap). */
void tb_guest_mprotect(struct tcache *tc, gaddr_t addr, uint64_t len, int prot);

/* Persistent translation cache (pcache.c).  Open the file for the program
 * PROG (its stat) in DIR (created if need be; any failure leaves it off),
 * a directory kept under MAX_DIR bytes. */
struct stat;
void pcache_open(struct tcache *tc, const char *dir, uint64_t max_dir,
		 const struct stat *prog, bool guest_base_zero);
/* The cached block for (pc, flags), its code placed, not yet registered;
 * NULL if none is valid here (SUPERBLOCK: only a superblock will do). */
struct tb *pcache_fetch(struct tcache *tc, struct cpu *cpu, gaddr_t pc, uint32_t flags,
			bool superblock);
/* A block just generated (relocations in tc->rel): keep it for saving. */
void pcache_record(struct tcache *tc, struct cpu *cpu, const struct tb *tb);
/* Write the file, if this process translated anything new. */
void pcache_save(struct tcache *tc);
void pcache_after_fork(struct tcache *tc);

/* -perfmap: name each block's code for perf in /tmp/perf-PID.map. */
void tb_perfmap_open(struct tcache *tc);

/* Code buffer */
int codebuf_init(struct codebuf *cb, size_t size) WARP_UNUSED_RESULT;
/* Code is about to be written up to UPTO: map the pages ahead in bulk. */
void codebuf_populate(struct codebuf *cb, size_t upto);
static inline void codebuf_prepare(struct codebuf *cb, size_t need)
{
	if (cb->used + need > cb->populated)
		codebuf_populate(cb, cb->used + need);
}
/* fork: a new memfd holding the first LEN bytes of code and the
 * trampoline (its fd, or -errno); in the child, map it over both views. */
int codebuf_fork_copy(const struct codebuf *cb, size_t len) WARP_UNUSED_RESULT;
int codebuf_fork_install(struct codebuf *cb, int fd) WARP_UNUSED_RESULT;

/*
 * fork of the guest process (syscalls/process.c): the code buffer is
 * shared memory, so the child must not keep using the parent's.
 * tc_fork_prepare() runs in the parent right before the host fork and
 * holds tc->lock until tc_after_fork(), which runs in both processes right
 * after it (and in the parent alone when the fork failed).  KEEP_CODE: the
 * child goes on with a private copy of the translated code (fork);
 * otherwise it starts with an empty cache (vfork: it is about to exec).
 */
struct tc_fork {
	int fd;                         /* the child's code buffer, or -1 */
	bool keep_code;
};
int tc_fork_prepare(struct tcache *tc, bool keep_code, struct tc_fork *f)
	WARP_UNUSED_RESULT;
void tc_after_fork(struct tcache *tc, struct tc_fork *f, bool child);

#endif
