/*
 * tcache.c - the translation cache: blocks keyed by (guest pc, mode flags).
 *
 * Owns: the hash table (lock-free lookup, insert/remove under tc->lock),
 * the list of blocks in code-buffer order (host pc -> block, for faults),
 * the map of guest pages holding translated code (for self-modifying code),
 * chaining bookkeeping, and the per-cpu jump caches' invalidation.
 *
 * Self-modifying code: a guest page that holds translated code and that the
 * guest may write is write-protected on the host.  A write faults into
 * tb_page_write_fault(), which drops the page's blocks and lifts the
 * protection; the write then proceeds.  Blocks are retranslated (and the
 * page protected again) the next time that code runs.  RISC-V and ARM
 * require fence.i / ic ivau before modified code is run, so a block that
 * is already running may finish on the old code.
 *
 * Tiers: a block is first translated as a basic block; one that could
 * grow (it stopped at a branch, a jump, a call or an indirect jump) counts
 * its runs in generated code and, at TB_HOT_RUNS, asks the CPU loop to
 * replace it by a superblock
 * (tb_promote): the old block is invalidated, blocks chained to it chain
 * again to the new one.  A basic block ending at a branch also counts the
 * runs that take it (tb->taken): the frontend reads both counts
 * (tb_branch_profile; tb_runs compares the blocks at a branch's two ends
 * when there are none) to lay the superblock along the hotter way.  One
 * ending at an indirect jump keeps where it went (tb->ind: the last two
 * targets and how often the target changed, tb_indirect_profile): the
 * superblock goes on at the last one, guarded, and takes the other one
 * in too when the jump goes back and forth.  The superblock keeps the
 * counts of the basic block it replaces (bb_*), for superblocks made
 * later that run into its code.  The interpreter translates superblocks
 * at once.
 *
 * Invariants: a block in the hash table is valid; an invalid block is never
 * entered from the hash, a jump cache or a chained jump; code memory is
 * reused only by tb_flush_all(), which runs between blocks.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/platform/x86.h>
#include <fcntl.h>
#include <unistd.h>

#include "tb.h"
#include "cpu.h"
#include "guest.h"

#define TB_TOMBSTONE ((struct tb *)1)
#define TC_HASH_MIN 4096
#define CODEBUF_SIZE (512ull << 20)
#define PAGE_BITS 12
#define PAGE_SIZE_G (1ull << PAGE_BITS)

/* ---- guest page map: page -> blocks on it, guest protection ---- */

struct page_desc {
	uint64_t page;          /* guest address >> PAGE_BITS, ~0 if empty */
	struct tb *tbs;         /* linked through tb->page_next[] */
	int8_t prot;            /* guest's protection, -1 unknown */
	bool wprotected;        /* host write access removed by us */
};

struct page_map {
	struct page_desc *slots;
	unsigned cap, used;
};

static unsigned page_hash(uint64_t page, unsigned cap)
{
	return (unsigned)((page * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

static struct page_desc *page_find(struct page_map *pm, uint64_t page, bool create);

static void page_map_grow(struct page_map *pm)
{
	struct page_desc *old = pm->slots;
	unsigned oldcap = pm->cap;
	pm->cap = oldcap ? oldcap * 2 : 1024;
	pm->slots = xmalloc(pm->cap * sizeof *pm->slots);
	for (unsigned i = 0; i < pm->cap; i++)
		pm->slots[i] = (struct page_desc){ .page = ~0ull, .prot = -1 };
	pm->used = 0;
	for (unsigned i = 0; i < oldcap; i++)
		if (old[i].page != ~0ull)
			*page_find(pm, old[i].page, true) = old[i];
	free(old);
}

static struct page_desc *page_find(struct page_map *pm, uint64_t page, bool create)
{
	if (create && (pm->used + 1) * 4 >= pm->cap * 3)
		page_map_grow(pm);
	if (!pm->cap)
		return NULL;
	for (unsigned i = page_hash(page, pm->cap);; i = (i + 1) & (pm->cap - 1)) {
		struct page_desc *p = &pm->slots[i];
		if (p->page == page)
			return p;
		if (p->page == ~0ull) {
			if (!create)
				return NULL;
			p->page = page;
			p->prot = -1;
			pm->used++;
			return p;
		}
	}
}

/*
 * Guest protection of a page we know nothing about: the host's view, from
 * /proc/self/maps.  The parsed ranges are cached until the guest changes a
 * mapping (tb_guest_mprotect), so start-up reads the file once, not once
 * per code page.
 */
struct maps_cache {
	bool valid;
	unsigned n;
	struct { uint64_t lo, hi; int prot; bool shared; } r[512];
};
static void maps_refresh(struct maps_cache *mc)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];

	mc->n = 0;
	mc->valid = f != NULL;
	if (!f)
		return;
	while (fgets(line, sizeof line, f) && mc->n < ARRAY_SIZE(mc->r)) {
		unsigned long lo, hi;
		char perm[5];
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perm) != 3)
			continue;
		mc->r[mc->n].shared = perm[3] == 's';
		mc->r[mc->n].lo = lo;
		mc->r[mc->n].hi = hi;
		mc->r[mc->n].prot = (perm[0] == 'r' ? PROT_READ : 0) |
						  (perm[1] == 'w' ? PROT_WRITE : 0) |
						  (perm[2] == 'x' ? PROT_EXEC : 0);
		mc->n++;
	}
	fclose(f);
}

static int host_prot_of(struct tcache *tc, gaddr_t addr, uint64_t guest_base)
{
	struct maps_cache *mc = tc->maps;
	uint64_t h = addr + guest_base;
	for (int pass = 0; pass < 2; pass++) {
		if (!mc->valid || pass)
			maps_refresh(mc);
		for (unsigned i = 0; i < mc->n; i++)
			if (h >= mc->r[i].lo && h < mc->r[i].hi)
				return mc->r[i].prot;
	}
	return -1;
}

/* The guest's protection of the page at ADDR (-1: not mapped). */
static int page_prot(struct tcache *tc, struct cpu *cpu, gaddr_t addr)
{
	if (tc->guest_prot)
		return tc->guest_prot(cpu, addr);
	return host_prot_of(tc, addr, cpu->guest_base);
}

/* Record TB on its pages and write-protect pages the guest can write. */
static void tb_link_pages(struct tcache *tc, struct cpu *cpu, struct tb *tb)
{
	uint64_t p0 = tb->lo_pc >> PAGE_BITS, p1 = (tb->end_pc - 1) >> PAGE_BITS;
	for (unsigned k = 0; k < 2; k++) {
		uint64_t page = k ? p1 : p0;
		if (k && p1 == p0) {
			tb->page_next[1] = NULL;
			break;
		}
		struct page_desc *pd = page_find(tc->pages, page, true);
		tb->page_next[k] = pd->tbs;
		pd->tbs = tb;
		if (pd->prot < 0)
			pd->prot = page_prot(tc, cpu, page << PAGE_BITS);
		if (pd->prot > 0 && (pd->prot & PROT_WRITE) && !pd->wprotected) {
			if (mprotect(g2h(cpu, page << PAGE_BITS), PAGE_SIZE_G,
				     pd->prot & ~PROT_WRITE) == 0)
				pd->wprotected = true;
		}
	}
}

static void tb_unlink_page(struct tcache *tc, struct tb *tb, unsigned k)
{
	uint64_t page = (k ? tb->end_pc - 1 : tb->lo_pc) >> PAGE_BITS;
	struct page_desc *pd = page_find(tc->pages, page, false);
	if (!pd)
		return;
	for (struct tb **pp = &pd->tbs; *pp;) {
		struct tb *t = *pp;
		unsigned kk = (t->lo_pc >> PAGE_BITS) == page ? 0 : 1;
		if (t == tb) {
			*pp = t->page_next[kk];
			return;
		}
		pp = &t->page_next[kk];
	}
}

/* ---- hash table ---- */

static unsigned tb_hash(gaddr_t pc, uint32_t flags)
{
	uint64_t h = (pc ^ ((uint64_t)flags << 48)) * 0x9E3779B97F4A7C15ull;
	return (unsigned)(h >> 32);
}

static struct tc_hash *hash_alloc(unsigned size)
{
	struct tc_hash *h = xcalloc(1, sizeof *h + size * sizeof h->slot[0]);
	h->mask = size - 1;
	return h;
}

struct tb *tb_lookup(struct tcache *tc, gaddr_t pc, uint32_t flags)
{
	struct tc_hash *h = atomic_load_explicit(&tc->hash, memory_order_acquire);
	for (unsigned i = tb_hash(pc, flags) & h->mask, n = 0; n <= h->mask;
	     i = (i + 1) & h->mask, n++) {
		struct tb *tb = atomic_load_explicit(&h->slot[i], memory_order_acquire);
		if (!tb)
			return NULL;
		if (tb != TB_TOMBSTONE && tb->pc == pc && tb->flags == flags &&
		    atomic_load_explicit(&tb->valid, memory_order_relaxed))
			return tb;
	}
	return NULL;
}

static void hash_put(struct tc_hash *h, struct tb *tb)
{
	for (unsigned i = tb_hash(tb->pc, tb->flags) & h->mask;; i = (i + 1) & h->mask) {
		struct tb *t = atomic_load_explicit(&h->slot[i], memory_order_relaxed);
		if (!t || t == TB_TOMBSTONE) {
			if (!t)
				h->used++;
			atomic_store_explicit(&h->slot[i], tb, memory_order_release);
			return;
		}
	}
}

/* Under tc->lock.  Past half full (tombstones count), publish a rebuilt
 * table; readers still walking the old one find valid entries or miss and
 * retry under the lock. */
static void hash_insert(struct tcache *tc, struct tb *tb)
{
	struct tc_hash *h = atomic_load_explicit(&tc->hash, memory_order_relaxed);
	if ((h->used + 1) * 2 > h->mask + 1) {
		unsigned size = h->mask + 1;
		if (tc->n_tbs * 4 > size)
			size *= 4;
		struct tc_hash *n = hash_alloc(size);
		for (unsigned i = 0; i <= h->mask; i++) {
			struct tb *t = atomic_load_explicit(&h->slot[i], memory_order_relaxed);
			if (t && t != TB_TOMBSTONE)
				hash_put(n, t);
		}
		n->older = h;
		atomic_store_explicit(&tc->hash, n, memory_order_release);
		h = n;
	}
	hash_put(h, tb);
}

static void hash_remove(struct tcache *tc, struct tb *tb)
{
	struct tc_hash *h = atomic_load_explicit(&tc->hash, memory_order_relaxed);
	for (unsigned i = tb_hash(tb->pc, tb->flags) & h->mask;; i = (i + 1) & h->mask) {
		struct tb *t = atomic_load_explicit(&h->slot[i], memory_order_relaxed);
		if (!t)
			return;
		if (t == tb) {
			atomic_store_explicit(&h->slot[i], TB_TOMBSTONE, memory_order_release);
			return;
		}
	}
}

/* ---- relocations, for the persistent cache (pcache.c) ---- */

extern char __executable_start[], etext[];

void tb_reloc_add(struct tcache *tc, unsigned kind, size_t off, int64_t addend)
{
	if (!tc->pcache)
		return;
	if (tc->n_rel == tc->cap_rel) {
		tc->cap_rel = tc->cap_rel ? 2 * tc->cap_rel : 64;
		tc->rel = xrealloc(tc->rel, tc->cap_rel * sizeof *tc->rel);
	}
	tc->rel[tc->n_rel++] = (struct tb_reloc){ .off = (uint32_t)off, .kind = kind,
						  .addend = addend };
}

void tb_reloc_add_fn(struct tcache *tc, unsigned kind, size_t off, uintptr_t fn)
{
	/* only warp's own code is where it was, relative to warp */
	if (fn < (uintptr_t)__executable_start || fn >= (uintptr_t)etext)
		tc->rel_bad = true;
	tb_reloc_add(tc, kind, off, (int64_t)(fn - (uintptr_t)__executable_start));
}

/* ---- creation ---- */

struct tcache *tc_new(const struct guest_arch *arch, const struct backend *be)
{
	struct tcache *tc = xcalloc(1, sizeof *tc);
	tc->arch = arch;
	tc->be = be;
	pthread_mutex_init(&tc->lock, NULL);
	atomic_store(&tc->hash, hash_alloc(TC_HASH_MIN));
	tc->pages = xcalloc(1, sizeof *tc->pages);
	page_map_grow(tc->pages);
	tc->maps = xcalloc(1, sizeof *tc->maps);
	tc->max_insns = 128;
	tc->log = stderr;
	ir_block_init(&tc->ir, arch->globals, arch->n_globals);
	tc->host_fma = CPU_FEATURE_ACTIVE(FMA);
	if (be != &backend_interp) {
		int err = codebuf_init(&tc->cb, CODEBUF_SIZE);
		if (err)
			warp_fatal(1, "warp", "cannot map the code buffer: %s", strerror(-err));
	}
	return tc;
}

static void tb_free(struct tb *tb)
{
	for (struct tb_link *l = tb->incoming, *n; l; l = n) {
		n = l->next;
		free(l);
	}
	if (tb->ir) {
		ir_block_free(tb->ir);
		free(tb->ir);
	}
	free(tb->sites);
	free(tb->locs);
	free(tb->loops);
	free(tb);
}

void tb_flush_all(struct tcache *tc)
{
	for (unsigned i = 0; i < tc->n_tbs; i++)
		tb_free(tc->tbs[i]);
	tc->n_tbs = 0;
	struct tc_hash *h = atomic_load(&tc->hash);
	memset(h->slot, 0, (h->mask + 1) * sizeof h->slot[0]);
	h->used = 0;
	for (unsigned i = 0; i < tc->pages->cap; i++)
		tc->pages->slots[i].tbs = NULL;
	tc->cb.used = 0;
	for (struct cpu *c = tc->cpus; c; c = c->next_cpu)
		cpu_jc_flush(c);
	tc->n_flushes++;
}

static void log_block(struct tcache *tc, struct cpu *cpu, struct ir_block *ir,
		      unsigned what)
{
	FILE *f = tc->log;
	if (what == LOG_IN_ASM) {
		/* in the order the block runs them: a superblock may jump */
		fprintf(f, "IN: pc=0x%" PRIx64 " flags=0x%x\n", ir->pc, ir->flags);
		for (unsigned i = 0; i < ir->n_insns; i++) {
			if (ir->insns[i].op != IR_INSN_START)
				continue;
			gaddr_t pc = (gaddr_t)ir->insns[i].imm;
			uint8_t code[16] = { 0 };
			char text[128];
			/* read no further than the block's pages */
			size_t avail = PAGE_SIZE_G - (pc & (PAGE_SIZE_G - 1));
			uint64_t pg = (pc >> PAGE_BITS) + 1;
			if (pg == ir->lo_pc >> PAGE_BITS || pg == (ir->end_pc - 1) >> PAGE_BITS)
				avail += PAGE_SIZE_G;
			if (avail > tc->arch->max_insn_len)
				avail = tc->arch->max_insn_len;
			memcpy(code, g2h(cpu, pc), avail);
			unsigned len = tc->arch->disas(pc, code, avail, text, sizeof text);
			fprintf(f, "0x%08" PRIx64 ":  %s\n", pc, len ? text : "(bad)");
		}
	} else {
		fprintf(f, "OP%s: pc=0x%" PRIx64 "\n", what == LOG_OP_OPT ? " after optimization" : "",
			ir->pc);
		ir_dump(ir, f);
	}
	fputc('\n', f);
}

static bool page_executable(struct tcache *tc, struct cpu *cpu, gaddr_t pc)
{
	struct page_desc *pd = page_find(tc->pages, pc >> PAGE_BITS, true);
	if (pd->prot < 0)
		pd->prot = page_prot(tc, cpu, pc & ~(PAGE_SIZE_G - 1));
	return pd->prot >= 0 && (pd->prot & PROT_EXEC);
}

bool tb_page_executable(struct cpu *cpu, gaddr_t addr)
{
	return page_executable(cpu->tc, cpu, addr);
}

struct tb *tb_alloc(unsigned n_exits)
{
	/* 16-byte aligned: exit codes carry the slot in the low 4 bits */
	size_t size = ALIGN_UP(sizeof(struct tb) + n_exits * sizeof(struct tb_exit), 16);
	struct tb *tb = aligned_alloc(16, size);
	if (!tb)
		warp_fatal(1, "warp", "out of memory");
	memset(tb, 0, size);
	tb->n_exits = n_exits;
	for (unsigned s = 0; s < n_exits; s++)
		tb->exit[s].jmp_off = -1;
	return tb;
}

/* Slots the (optimised) block's direct exits use. */
static unsigned exit_slots(const struct ir_block *ir)
{
	unsigned n = 0;
	for (unsigned i = 0; i < ir->n_insns; i++) {
		const struct ir_insn *in = &ir->insns[i];
		unsigned s = in->op == IR_EXIT_DIRECT ? in->aux :
			     in->op == IR_EXIT_COND ? in->aux2 : TB_NSLOTS;
		if (s < TB_NSLOTS && s >= n)
			n = s + 1;
	}
	return n;
}

void tb_perfmap_open(struct tcache *tc)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
	tc->perfmap = fopen(path, "we");
	if (!tc->perfmap)
		warp_fatal(1, path, "cannot create the perf map: %s", strerror(errno));
}

/* Make TB (its code in place) findable and guarded against writes. */
static void tb_register(struct tcache *tc, struct cpu *cpu, struct tb *tb)
{
	if (tc->perfmap && tb->code)
		fprintf(tc->perfmap, "%" PRIxPTR " %x guest_%s0x%" PRIx64 "\n",
			(uintptr_t)tb->code, tb->code_size, tb->superblock ? "sb_" : "",
			(uint64_t)tb->pc);
	if (tc->n_tbs == tc->cap_tbs) {
		tc->cap_tbs = tc->cap_tbs ? 2 * tc->cap_tbs : 4096;
		tc->tbs = xrealloc(tc->tbs, tc->cap_tbs * sizeof *tc->tbs);
	}
	tc->tbs[tc->n_tbs++] = tb;
	atomic_store(&tb->valid, 1);
	tb_link_pages(tc, cpu, tb);
	hash_insert(tc, tb);
}

static struct tb *tb_translate(struct cpu *cpu, gaddr_t pc, uint32_t flags,
				bool superblock)
{
	struct tcache *tc = cpu->tc;
	struct ir_block *ir = &tc->ir;
	int err;

	/* the guest may run only what it mapped executable */
	if (!page_executable(tc, cpu, pc))
		return NULL;
	if (tc->pcache) {
		/* translated by an earlier run (a superblock if it was hot) */
		struct tb *tb = pcache_fetch(tc, cpu, pc, flags, superblock);
		if (tb) {
			tb->hot_left = TB_HOT_RUNS;
			tb_register(tc, cpu, tb);
			return tb;
		}
	}
	ir_block_reset(ir, pc, flags);
	ir->rm_default = tc->arch->tb_flags_rm ? tc->arch->tb_flags_rm(flags) : IR_RM_RNE;
	ir->superblock = superblock;
	if (tc->arch->translate_block(cpu, ir, tc->max_insns) < 0)
		return NULL;
	WARP_ASSERT(ir->end_pc > ir->pc);
	if (((ir->end_pc - 1) >> PAGE_BITS) != (pc >> PAGE_BITS) &&
	    !page_executable(tc, cpu, ir->end_pc - 1)) {
		/* an instruction runs into a page the guest may not execute:
		 * end the block before it, so that it faults on its own */
		gaddr_t last = ALIGN_DOWN(ir->end_pc - 1, PAGE_SIZE_G);
		if (last - pc < tc->arch->insn_align)
			return NULL;
		if (tc->max_insns > 1 && ir->n_guest_insns > 1) {
			unsigned n = ir->n_guest_insns - 1;
			ir_block_reset(ir, pc, flags);
			ir->rm_default = tc->arch->tb_flags_rm ? tc->arch->tb_flags_rm(flags) : IR_RM_RNE;
			ir->superblock = superblock;
			if (tc->arch->translate_block(cpu, ir, n) < 0)
				return NULL;
		} else {
			return NULL;
		}
	}
	if (tc->log_mask & LOG_IN_ASM)
		log_block(tc, cpu, ir, LOG_IN_ASM);
	if (tc->log_mask & LOG_OP)
		log_block(tc, cpu, ir, LOG_OP);
	/* loops kept inside a block would hide iterations from -d exec */
	if (!(tc->log_mask & LOG_EXEC))
		ir_link_exits(ir);
	ir_optimize(ir);
	if (tc->log_mask & LOG_OP_OPT)
		log_block(tc, cpu, ir, LOG_OP_OPT);

	struct tb *tb = tb_alloc(exit_slots(ir));
	tb->pc = pc;
	tb->end_pc = ir->end_pc;
	tb->lo_pc = ir->lo_pc;
	tb->flags = flags;
	tb->superblock = superblock;
	tb->hot_left = TB_HOT_RUNS;
	tc->n_rel = 0;
	tc->rel_bad = false;
	if (tc->cb.rx)
		codebuf_prepare(&tc->cb, 4096);
	err = tc->be->gen(tc, tb, ir);
	if (err == -ENOSPC) {
		/* the code buffer is full: start over (we are between blocks) */
		tb_flush_all(tc);
		tc->n_rel = 0;
		tc->rel_bad = false;
		err = tc->be->gen(tc, tb, ir);
	}
	if (err)
		warp_bug(__FILE__, __LINE__, "backend %s failed on block 0x%" PRIx64 ": %s",
			 tc->be->name, pc, strerror(-err));
	if (tc->pcache)
		pcache_record(tc, cpu, tb);
	tb_register(tc, cpu, tb);
	tc->n_translated++;
	if ((tc->log_mask & LOG_OUT_ASM) && tb->code && tc->be->disas_host) {
		fprintf(tc->log, "OUT: [size=%u]\n", tb->code_size);
		tc->be->disas_host(tb->code, tb->code_size, tc->log);
		fputc('\n', tc->log);
	}
	return tb;
}

struct tb *tb_find(struct cpu *cpu, gaddr_t pc, uint32_t flags)
{
	struct tcache *tc = cpu->tc;
	struct tb *tb = tb_lookup(tc, pc, flags);
	if (tb)
		return tb;
	pthread_mutex_lock(&tc->lock);
	tb = tb_lookup(tc, pc, flags);
	if (!tb) {
		/* the interpreter counts no runs: superblocks at once */
		tb = tb_translate(cpu, pc, flags, tc->be == &backend_interp);
	}
	pthread_mutex_unlock(&tc->lock);
	return tb;
}

struct tb *tb_by_host_pc(struct tcache *tc, uintptr_t host_pc)
{
	uintptr_t base = (uintptr_t)tc->cb.rx;
	if (!tc->cb.rx || host_pc < base || host_pc >= base + tc->cb.used)
		return NULL;
	unsigned lo = 0, hi = tc->n_tbs;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		struct tb *tb = tc->tbs[mid];
		uintptr_t c = (uintptr_t)tb->code;
		if (host_pc < c)
			hi = mid;
		else if (host_pc >= c + tb->code_size)
			lo = mid + 1;
		else
			return tb;
	}
	return NULL;
}

/* ---- chaining and invalidation ---- */

void tb_chain(struct tcache *tc, struct tb *from, unsigned slot, struct tb *to)
{
	if (!tc->be->chain || slot >= from->n_exits || from->exit[slot].jmp_off < 0)
		return;
	pthread_mutex_lock(&tc->lock);
	if (atomic_load(&from->valid) && atomic_load(&to->valid) && !from->exit[slot].to) {
		struct tb_link *l = xmalloc(sizeof *l);
		l->from = from;
		l->slot = slot;
		l->next = to->incoming;
		to->incoming = l;
		from->exit[slot].to = to;
		tc->be->chain(tc, from, slot, to);
	}
	pthread_mutex_unlock(&tc->lock);
}

static void tb_unlink_pages(struct tcache *tc, struct tb *tb)
{
	tb_unlink_page(tc, tb, 0);
	if ((tb->end_pc - 1) >> PAGE_BITS != tb->lo_pc >> PAGE_BITS)
		tb_unlink_page(tc, tb, 1);
}

static void tb_invalidate(struct tcache *tc, struct tb *tb)
{
	if (!atomic_load(&tb->valid))
		return;
	atomic_store(&tb->valid, 0);
	hash_remove(tc, tb);
	for (struct cpu *c = tc->cpus; c; c = c->next_cpu) {
		unsigned i = JC_INDEX(tb->pc);
		if (c->jc[i].pc == (tb->pc ^ jc_flags_key(tb->flags)))
			c->jc[i].pc = jc_empty_key(i);
		/* the interpreter: a thread in a loop inside tb leaves at
		 * its next backward jump */
		if (!tc->be->break_loops)
			c->exit_request = 1;
	}
	/* generated code: a thread in a loop inside tb leaves at its next
	 * back-edge; jumps into tb go back to their exit stubs, tb's own
	 * exits chained to itself too, so that a thread in a chain of
	 * blocks through tb leaves it at its next entry */
	if (tc->be->break_loops)
		tc->be->break_loops(tc, tb);
	for (struct tb_link *l = tb->incoming, *n; l; l = n) {
		n = l->next;
		if (l->from->exit[l->slot].to == tb) {
			l->from->exit[l->slot].to = NULL;
			if (l->from == tb || atomic_load(&l->from->valid))
				tc->be->chain(tc, l->from, l->slot, NULL);
		}
		free(l);
	}
	tb->incoming = NULL;
	tc->n_invalidated++;
}

static void invalidate_page_locked(struct tcache *tc, uint64_t page, gaddr_t start,
				   gaddr_t end)
{
	struct page_desc *pd = page_find(tc->pages, page, false);
	if (!pd)
		return;
	struct tb *tb = pd->tbs;
	while (tb) {
		unsigned k = (tb->lo_pc >> PAGE_BITS) == page ? 0 : 1;
		struct tb *next = tb->page_next[k];
		if (tb->lo_pc < end && tb->end_pc > start) {
			tb_invalidate(tc, tb);
			tb_unlink_pages(tc, tb);
		}
		tb = next;
	}
}

/* runs a basic block counted (down from TB_HOT_RUNS, below 0 while its
 * promotion waits) */
static int basic_runs(const struct tb *tb)
{
	return TB_HOT_RUNS - tb->hot_left;
}

int tb_runs(struct tcache *tc, gaddr_t pc, uint32_t flags)
{
	struct tb *tb = tb_lookup(tc, pc, flags);
	if (!tb)
		return -1;
	return tb->superblock ? TB_HOT_RUNS : basic_runs(tb);
}

/* The block at (head, flags) (or the one being made a superblock) whose
 * first tier's basic block ended at END, with the runs it counted: NULL
 * when there is none. */
static struct tb *profiled(struct tcache *tc, gaddr_t head, uint32_t flags, gaddr_t end,
			   int *runs)
{
	struct tb *tb = tc->promoting;
	if (!tb || tb->pc != head || tb->flags != flags)
		tb = tb_lookup(tc, head, flags);
	if (!tb || (tb->superblock ? tb->bb_end : tb->end_pc) != end)
		return NULL;
	*runs = tb->superblock ? tb->bb_runs : basic_runs(tb);
	return tb;
}

bool tb_branch_profile(struct tcache *tc, gaddr_t head, uint32_t flags, gaddr_t end,
		       int *runs, int *taken)
{
	struct tb *tb = profiled(tc, head, flags, end, runs);
	if (!tb || (tb->superblock && !*runs))
		return false;
	*taken = tb->superblock ? tb->bb_taken : tb->taken;
	return true;
}

bool tb_indirect_profile(struct tcache *tc, gaddr_t head, uint32_t flags, gaddr_t end,
			 gaddr_t *target, gaddr_t *alt)
{
	int runs;
	struct tb *tb = profiled(tc, head, flags, end, &runs);
	*target = *alt = 0;
	if (!tb)
		return false;
	const struct tb_ind *p = tb->superblock ? &tb->bb_ind : &tb->ind;
	*target = p->target;
	if (p->alt && p->alt != p->target && runs > 0 &&
	    (int64_t)p->changes * TB_ALT_SHARE >= runs)
		*alt = p->alt;
	return *target != 0;
}

void tb_promote(struct cpu *cpu, gaddr_t pc, uint32_t flags)
{
	struct tcache *tc = cpu->tc;
	pthread_mutex_lock(&tc->lock);
	struct tb *tb = tb_lookup(tc, pc, flags);
	if (tb && !tb->superblock) {
		/* blocks chained to the old one fall back to their stubs and
		 * chain again to the new one */
		tb_invalidate(tc, tb);
		tb_unlink_pages(tc, tb);
		/* its counts still guide the superblock (tb_branch_profile),
		 * and stay with it; read now: a code buffer that fills up
		 * while the superblock is generated frees every old block */
		gaddr_t end = tb->end_pc;
		struct tb_ind ind = tb->ind;
		int runs = basic_runs(tb), taken = tb->taken;
		tc->promoting = tb;
		struct tb *sb = tb_translate(cpu, pc, flags, true);
		tc->promoting = NULL;
		if (sb) {
			sb->bb_end = end;
			sb->bb_runs = runs;
			sb->bb_taken = taken;
			sb->bb_ind = ind;
		}
	}
	pthread_mutex_unlock(&tc->lock);
}

void tb_invalidate_range(struct tcache *tc, gaddr_t start, gaddr_t end)
{
	if (end <= start)
		return;
	pthread_mutex_lock(&tc->lock);
	uint64_t p0 = start >> PAGE_BITS, p1 = (end - 1) >> PAGE_BITS;
	if (p1 - p0 > tc->pages->cap) {
		/* a huge range: walk the map instead of the range */
		for (unsigned i = 0; i < tc->pages->cap; i++) {
			uint64_t pg = tc->pages->slots[i].page;
			if (pg != ~0ull && pg >= p0 && pg <= p1)
				invalidate_page_locked(tc, pg, start, end);
		}
	} else {
		for (uint64_t p = p0; p <= p1; p++)
			invalidate_page_locked(tc, p, start, end);
	}
	pthread_mutex_unlock(&tc->lock);
}

static bool page_write_fault_locked(struct tcache *tc, gaddr_t addr)
{
	uint64_t page = addr >> PAGE_BITS;
	struct page_desc *pd = page_find(tc->pages, page, false);
	struct cpu *cpu = cpu_current;
	if (!pd || !pd->wprotected || !cpu)
		return false;
	invalidate_page_locked(tc, page, page << PAGE_BITS, (page + 1) << PAGE_BITS);
	pd->wprotected = false;
	return mprotect(g2h(cpu, page << PAGE_BITS), PAGE_SIZE_G, pd->prot) == 0;
}

/*
 * Called from the SIGSEGV handler for a write fault in guest code.  The
 * faulting thread is running guest code, so it does not hold tc->lock.
 */
bool tb_page_write_fault(struct tcache *tc, gaddr_t addr)
{
	pthread_mutex_lock(&tc->lock);
	bool r = page_write_fault_locked(tc, addr);
	pthread_mutex_unlock(&tc->lock);
	return r;
}

void tb_prepare_write(struct tcache *tc, gaddr_t addr, uint64_t len)
{
	if (!len)
		return;
	uint64_t p0 = addr >> PAGE_BITS, p1 = (addr + len - 1) >> PAGE_BITS;
	if (p1 < p0)
		p1 = ~0ull >> PAGE_BITS;
	pthread_mutex_lock(&tc->lock);
	if (p1 - p0 > tc->pages->cap) {
		for (unsigned i = 0; i < tc->pages->cap; i++) {
			struct page_desc *pd = &tc->pages->slots[i];
			if (pd->page != ~0ull && pd->page >= p0 && pd->page <= p1 && pd->wprotected)
				page_write_fault_locked(tc, pd->page << PAGE_BITS);
		}
	} else {
		for (uint64_t p = p0; p <= p1; p++)
			page_write_fault_locked(tc, p << PAGE_BITS);
	}
	pthread_mutex_unlock(&tc->lock);
}

/*
 * fence.i: code may have been written through another mapping of the same
 * memory (a JIT's writable alias of its executable pages), which no write
 * fault told us about.  Such aliases are shared mappings: drop the blocks
 * on every page of a shared mapping.  Private pages need nothing here, as
 * their writes were caught by write protection.
 */
void tb_flush_icache(struct tcache *tc, uint64_t guest_base)
{
	struct maps_cache *mc = tc->maps;
	pthread_mutex_lock(&tc->lock);
	maps_refresh(mc);
	for (unsigned i = 0; i < tc->pages->cap; i++) {
		struct page_desc *pd = &tc->pages->slots[i];
		if (pd->page == ~0ull || !pd->tbs)
			continue;
		uint64_t h = (pd->page << PAGE_BITS) + guest_base;
		for (unsigned k = 0; k < mc->n; k++)
			if (mc->r[k].shared && h >= mc->r[k].lo && h < mc->r[k].hi) {
				invalidate_page_locked(tc, pd->page, pd->page << PAGE_BITS,
						       (pd->page + 1) << PAGE_BITS);
				break;
			}
	}
	pthread_mutex_unlock(&tc->lock);
}

void tb_guest_mprotect(struct tcache *tc, gaddr_t addr, uint64_t len, int prot)
{
	struct cpu *cpu = cpu_current;
	if (!len)
		return;
	uint64_t p0 = addr >> PAGE_BITS, p1 = (addr + len - 1) >> PAGE_BITS;
	bool unmapped = prot < 0;
	tc->maps->valid = false;
	/* unmapping or losing PROT_EXEC drops the blocks */
	if (unmapped || !(prot & PROT_EXEC))
		tb_invalidate_range(tc, addr, addr + len);
	pthread_mutex_lock(&tc->lock);
	/* only pages already known need updating: an unknown page's
	 * protection is read afresh when code is first translated there */
	if (p1 - p0 <= tc->pages->cap) {
		for (uint64_t p = p0; p <= p1; p++) {
			struct page_desc *pd = page_find(tc->pages, p, false);
			if (!pd)
				continue;
			pd->prot = unmapped ? -1 : prot;
			pd->wprotected = false;
			if (!unmapped && pd->tbs && (prot & PROT_WRITE) && cpu &&
			    mprotect(g2h(cpu, p << PAGE_BITS), PAGE_SIZE_G, prot & ~PROT_WRITE) == 0)
				pd->wprotected = true;
		}
	} else {
		for (unsigned i = 0; i < tc->pages->cap; i++) {
			struct page_desc *pd = &tc->pages->slots[i];
			if (pd->page == ~0ull || pd->page < p0 || pd->page > p1)
				continue;
			pd->prot = unmapped ? -1 : prot;
			pd->wprotected = false;
			if (!unmapped && pd->tbs && (prot & PROT_WRITE) && cpu &&
			    mprotect(g2h(cpu, pd->page << PAGE_BITS), PAGE_SIZE_G,
				     prot & ~PROT_WRITE) == 0)
				pd->wprotected = true;
		}
	}
	pthread_mutex_unlock(&tc->lock);
}

/* ---- fork (tb.h: tc_fork_prepare) ---- */

int tc_fork_prepare(struct tcache *tc, bool keep_code, struct tc_fork *f)
{
	f->fd = -1;
	f->keep_code = keep_code;
	if (tc->perfmap)
		fflush(tc->perfmap);    /* not written twice by the child */
	pthread_mutex_lock(&tc->lock);
	if (!tc->cb.rx)
		return 0;       /* interp: blocks live on the heap, copied by fork */
	int fd = codebuf_fork_copy(&tc->cb, keep_code ? tc->cb.used : 0);
	if (fd < 0) {
		pthread_mutex_unlock(&tc->lock);
		return fd;
	}
	f->fd = fd;
	return 0;
}

/*
 * tb_flush_all for a vfork child, which is about to exec: the blocks are
 * dropped, not freed, as freeing them would only copy (copy-on-write) the
 * heap pages they share with the parent.  Keep in step with tb_flush_all.
 */
static void tc_forget_all(struct tcache *tc)
{
	tc->n_tbs = 0;
	struct tc_hash *h = hash_alloc(TC_HASH_MIN);
	atomic_store(&tc->hash, h);
	for (unsigned i = 0; i < tc->pages->cap; i++)
		tc->pages->slots[i].tbs = NULL;
	tc->cb.used = 0;
	for (struct cpu *c = tc->cpus; c; c = c->next_cpu)
		cpu_jc_flush(c);
	tc->n_flushes++;
}

void tc_after_fork(struct tcache *tc, struct tc_fork *f, bool child)
{
	if (child && f->fd >= 0) {
		int err = codebuf_fork_install(&tc->cb, f->fd);
		if (err)
			warp_fatal(1, "warp", "fork: cannot map the child's code buffer: %s",
				   strerror(-err));
	}
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (child)
		pcache_after_fork(tc);
	if (child && tc->perfmap) {
		/* the child's own map (perf looks it up by pid) */
		fclose(tc->perfmap);
		tb_perfmap_open(tc);
	}
	/* an empty copy: forget the blocks whose code it lacks */
	if (child && !f->keep_code && tc->cb.rx)
		tc_forget_all(tc);
	pthread_mutex_unlock(&tc->lock);
}
