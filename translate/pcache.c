/*
 * pcache.c - the persistent translation cache: blocks translated by earlier
 * runs of a program, kept in a file and reused, so that a program started
 * again (a test suite, a build running the same compiler a thousand times)
 * does not translate the same code again each time.
 *
 * One file per program and warp build, named by a hash of the key: warp's
 * build id, the guest program's identity (device, inode, size, mtime), the
 * guest arch, and the settings that shape generated code (host features,
 * guest_base 0 or not, instructions per block).  Blocks of the program's
 * libraries go in the same file: guest mmap placement is deterministic
 * (loader/mm.c), so they are found at the same addresses again.
 *
 * A cached block is used only where translating afresh would give the same
 * code: the guest bytes it was made from are the bytes at its address now,
 * and its pages are executable.  The code is copied into the code buffer
 * and its relocations applied (tb.h: the places that hold an address of
 * this process: the epilogue, warp's helpers, the block's struct tb).
 * A superblock is preferred to the basic block at the same pc: a block that
 * became hot in an earlier run starts as a superblock.
 *
 * The file (host byte order; it is specific to this host anyway):
 *   struct pc_header, then records, each a struct pc_rec followed by its
 *   exits, loops, relocations, sites, locations, guest bytes and code, each
 *   part 8-byte aligned.
 * The file header's checksum chains a hash over the record headers in
 * order, checked at load; each record's own checksum covers its parts and
 * is checked when the record is first used, so a start-up pays only for
 * the blocks it runs.  A file that fails a check is ignored, a record that
 * fails one is not used (and both are replaced at the next save).
 * Saving writes a new file next to the old one and renames it over, so
 * concurrent runs see one whole file or the other; the last one wins.
 *
 * The files hold code warp runs: they are used only from a directory that
 * belongs to the user and that nobody else may write to.
 *
 * Not thread-safe on its own: called under tc->lock (lookup, record) or
 * when one thread is left (save).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tb.h"
#include "cpu.h"
#include "guest.h"
#include "host/x86_64/x86.h"

#define PC_MAGIC 0x3143545057415257ull  /* "WRAWPTC1" read as bytes */
#define PC_VERSION 3
/* a bigger file is started over with this run's blocks */
#define PC_MAX_FILE (64u << 20)

extern char __executable_start[];

struct pc_header {
	uint64_t magic;
	uint32_t version, n_recs;
	uint64_t key[2];
	uint64_t size;          /* of the whole file */
	uint64_t sum;           /* of the bytes after the header */
};

struct pc_rec {
	uint64_t pc, lo_pc, end_pc;
	uint32_t flags;
	uint32_t size;          /* of the record, header included */
	uint32_t code_size, n_sites, n_locs, n_rel;
	uint8_t n_exits, superblock;
	uint16_t n_loops;
	uint8_t pad[4];
	uint64_t sum;           /* of the parts after this header */
};

_Static_assert(sizeof(struct pc_rec) % 8 == 0, "a record's parts follow it aligned");

struct pc_exit { uint64_t pc; int32_t jmp_off, pad; };

struct pcache {
	char *path;             /* DIR/KEY.wtc */
	size_t dir_len;
	uint64_t max_dir;       /* bytes the directory may hold */
	uint64_t key[2];
	/* the file loaded at start */
	uint8_t *map;
	size_t map_len;
	uint32_t *idx;          /* open addressing: record offset + 1, 0 empty */
	unsigned idx_mask;
	/* blocks translated by this run (or inherited through fork) */
	struct pc_rec **recs;
	unsigned n_new, cap_new, n_new_at_fork;
	size_t new_bytes;
	unsigned long hits;
};

static size_t al8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (; n >= 8; b += 8, n -= 8) {
		uint64_t v;
		memcpy(&v, b, 8);
		h = mix(h, v);
	}
	uint64_t last = 0;
	memcpy(&last, b, n);
	return mix(h, last ^ ((uint64_t)n << 56));
}

/* ---- the parts of a record ---- */

struct pc_parts {
	struct pc_exit *exits;
	struct tb_loop *loops;
	struct tb_reloc *rel;
	struct tb_site *sites;
	struct tb_loc *locs;
	uint8_t *guest, *code;
	size_t size;
};

/* Where the parts of R are; false if they do not fit in AVAIL bytes. */
static bool rec_parts(const struct pc_rec *r, size_t avail, struct pc_parts *p)
{
	if (avail < sizeof *r || r->end_pc <= r->lo_pc || r->end_pc - r->lo_pc > 8192 ||
	    r->n_exits > TB_NSLOTS || r->code_size > (16u << 20) ||
	    r->n_sites > (1u << 20) || r->n_locs > (1u << 22) || r->n_rel > (1u << 20))
		return false;
	uint8_t *b = (uint8_t *)r;
	size_t o = al8(sizeof *r);
	p->exits = (struct pc_exit *)(b + o);
	o += al8(r->n_exits * sizeof(struct pc_exit));
	p->loops = (struct tb_loop *)(b + o);
	o += al8(r->n_loops * sizeof(struct tb_loop));
	p->rel = (struct tb_reloc *)(b + o);
	o += al8(r->n_rel * sizeof(struct tb_reloc));
	p->sites = (struct tb_site *)(b + o);
	o += al8(r->n_sites * sizeof(struct tb_site));
	p->locs = (struct tb_loc *)(b + o);
	o += al8(r->n_locs * sizeof(struct tb_loc));
	p->guest = b + o;
	o += al8(r->end_pc - r->lo_pc);
	p->code = b + o;
	o += al8(r->code_size);
	p->size = o;
	return o <= avail && o == r->size;
}

/* ---- the index of the loaded file ---- */

static unsigned idx_hash(uint64_t pc, uint32_t flags)
{
	return (unsigned)(mix(pc, flags) >> 32);
}

static void idx_put(struct pcache *c, uint32_t off)
{
	const struct pc_rec *r = (const struct pc_rec *)(c->map + off);
	for (unsigned i = idx_hash(r->pc, r->flags) & c->idx_mask;; i = (i + 1) & c->idx_mask) {
		if (!c->idx[i]) {
			c->idx[i] = off + 1;
			return;
		}
	}
}

/* The loaded record for (pc, flags), a superblock if there is one. */
static const struct pc_rec *idx_find(const struct pcache *c, uint64_t pc, uint32_t flags)
{
	const struct pc_rec *best = NULL;
	if (!c->idx)
		return NULL;
	for (unsigned i = idx_hash(pc, flags) & c->idx_mask; c->idx[i];
	     i = (i + 1) & c->idx_mask) {
		const struct pc_rec *r = (const struct pc_rec *)(c->map + c->idx[i] - 1);
		if (r->pc == pc && r->flags == flags && (!best || r->superblock))
			best = r;
	}
	return best;
}

static bool load(struct pcache *c)
{
	int fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_size < (off_t)sizeof(struct pc_header) || st.st_size > PC_MAX_FILE) {
		close(fd);
		return false;
	}
	void *m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return false;
	const struct pc_header *h = m;
	size_t len = st.st_size;
	if (h->magic != PC_MAGIC || h->version != PC_VERSION || h->key[0] != c->key[0] ||
	    h->key[1] != c->key[1] || h->size != len ||
	    h->n_recs > (len - sizeof *h) / sizeof(struct pc_rec))
		goto bad;
	c->map = m;
	c->map_len = len;
	unsigned cap = 64;
	while (cap < 2 * (size_t)h->n_recs + 2)
		cap *= 2;
	c->idx = xcalloc(cap, sizeof *c->idx);
	c->idx_mask = cap - 1;
	size_t off = sizeof *h;
	uint64_t sum = 0;
	for (uint32_t i = 0; i < h->n_recs; i++) {
		struct pc_parts p;
		const struct pc_rec *r = (const struct pc_rec *)((uint8_t *)m + off);
		if (off >= len || !rec_parts(r, len - off, &p))
			goto bad_idx;
		sum = hash_bytes(sum, r, sizeof *r);
		idx_put(c, (uint32_t)off);
		off += p.size;
	}
	if (off != len || sum != h->sum)
		goto bad_idx;
	return true;
bad_idx:
	free(c->idx);
	c->idx = NULL;
	c->map = NULL;
bad:
	munmap(m, len);
	return false;
}

/* ---- opening ---- */

static int build_id_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	uint64_t *h = data;
	(void)size;
	for (unsigned i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr);
		const uint8_t *end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
			const uint8_t *desc = p + sizeof *n + ((n->n_namesz + 3) & ~3u);
			if (desc + n->n_descsz > end)
				break;
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
			    !memcmp(p + sizeof *n, "GNU", 4)) {
				*h = hash_bytes(*h, desc, n->n_descsz);
				return 1;
			}
			p = desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	return 1;       /* the first object is warp itself */
}

/* What identifies this warp binary: its build id, else its file. */
static uint64_t warp_identity(void)
{
	uint64_t h = 0x7761727000000000ull, h0 = h;
	struct stat st;
	dl_iterate_phdr(build_id_cb, &h);
	if (h != h0)
		return h;
	if (stat("/proc/self/exe", &st) == 0) {
		uint64_t v[4] = { st.st_dev, st.st_ino, (uint64_t)st.st_size,
				  (uint64_t)st.st_mtim.tv_sec * 1000000000ull +
				  (uint64_t)st.st_mtim.tv_nsec };
		return hash_bytes(h, v, sizeof v);
	}
	return 0;
}

static int mkdirs(char *path)
{
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		int r = mkdir(path, 0700);
		*s = '/';
		if (r < 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

void pcache_open(struct tcache *tc, const char *dir, uint64_t max_dir,
		 const struct stat *prog, bool guest_base_zero)
{
	const struct stat st = *prog;
	char name[64];

	if (!dir || !*dir || !tc->cb.rx)
		return;
	uint64_t id = warp_identity();
	if (!id)
		return;
	x86_detect_features();
	uint64_t v[] = {
		PC_VERSION, id, st.st_dev, st.st_ino, (uint64_t)st.st_size,
		(uint64_t)st.st_mtim.tv_sec * 1000000000ull + (uint64_t)st.st_mtim.tv_nsec,
		hash_bytes(0, tc->arch->name, strlen(tc->arch->name)),
		x86_host_features, tc->host_fma, guest_base_zero, tc->max_insns,
		tc->cb.size,
	};
	struct pcache *c = xcalloc(1, sizeof *c);
	c->max_dir = max_dir;
	c->key[0] = hash_bytes(1, v, sizeof v);
	c->key[1] = hash_bytes(2, v, sizeof v);
	snprintf(name, sizeof name, "/%016llx.wtc", (unsigned long long)c->key[0]);
	size_t n = strlen(dir);
	c->path = xmalloc(n + strlen(name) + 1);
	memcpy(c->path, dir, n);
	strcpy(c->path + n, name);
	c->path[n] = 0;
	/* the cache holds code warp runs: only from a directory nobody else
	 * may write to */
	struct stat dst;
	if (mkdirs(c->path) < 0 || stat(c->path, &dst) < 0 || !S_ISDIR(dst.st_mode) ||
	    dst.st_uid != geteuid() || (dst.st_mode & 022)) {
		free(c->path);
		free(c);
		return;
	}
	c->path[n] = '/';
	c->dir_len = n;
	/* a file in use is touched: eviction (below) goes by age of use */
	if (load(c))
		utimensat(AT_FDCWD, c->path, NULL, 0);
	tc->pcache = c;
}

/* ---- eviction ---- */

struct pc_file { char *name; off_t size; time_t used; };

static int file_cmp(const void *a, const void *b)
{
	const struct pc_file *x = a, *y = b;
	return x->used < y->used ? -1 : x->used > y->used;
}

/*
 * Keep the directory under its limit (c->max_dir): when this run adds a
 * file, the files used longest ago go until the rest fit in three quarters
 * of it.  Temporary files of writers that died are removed after an hour.
 */
static void evict(struct pcache *c)
{
	uint64_t limit = c->max_dir;
	char *dir = strndup(c->path, c->dir_len);
	DIR *d = dir ? opendir(dir) : NULL;
	struct pc_file *f = NULL;
	unsigned n = 0, cap = 0;
	uint64_t total = 0;
	struct dirent *e;
	time_t now = time(NULL);

	if (!d) {
		free(dir);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;
		size_t len = strlen(e->d_name);
		bool tmp = len > 4 && !strcmp(e->d_name + len - 4, ".tmp");
		if (!(len > 4 && !strcmp(e->d_name + len - 4, ".wtc")) && !tmp)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (tmp) {
			if (now - st.st_mtime > 3600)
				unlinkat(dirfd(d), e->d_name, 0);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			f = xrealloc(f, cap * sizeof *f);
		}
		f[n++] = (struct pc_file){ xstrdup(e->d_name), st.st_size, st.st_mtime };
		total += (uint64_t)st.st_size;
	}
	if (total > limit) {
		qsort(f, n, sizeof *f, file_cmp);
		for (unsigned i = 0; i < n && total > limit / 4 * 3; i++)
			if (unlinkat(dirfd(d), f[i].name, 0) == 0)
				total -= (uint64_t)f[i].size;
	}
	for (unsigned i = 0; i < n; i++)
		free(f[i].name);
	free(f);
	closedir(d);
	free(dir);
}

/* ---- using a cached block ---- */

static bool apply_relocs(struct tcache *tc, struct tb *tb, uint8_t *rw,
			 const struct tb_reloc *rel, unsigned n)
{
	uintptr_t code = (uintptr_t)tb->code;
	for (unsigned i = 0; i < n; i++) {
		const struct tb_reloc *r = &rel[i];
		uintptr_t target;
		bool abs64 = r->kind == TBR_WARP_ABS64 || r->kind == TBR_TB_ABS64;
		if ((uint64_t)r->off + (abs64 ? 8 : 4) > tb->code_size)
			return false;
		switch (r->kind) {
		case TBR_CB_REL32: target = (uintptr_t)tc->cb.rx + (uintptr_t)r->addend; break;
		case TBR_WARP_REL32:
		case TBR_WARP_ABS64: target = (uintptr_t)__executable_start + (uintptr_t)r->addend; break;
		case TBR_TB_ABS64: target = (uintptr_t)tb + (uintptr_t)r->addend; break;
		default: return false;
		}
		if (abs64) {
			uint64_t v = target;
			memcpy(rw + r->off, &v, 8);
		} else {
			int64_t rel = (int64_t)(target - (code + r->off + 4));
			if (rel != (int32_t)rel)
				return false;
			int32_t v = (int32_t)rel;
			memcpy(rw + r->off, &v, 4);
		}
	}
	return true;
}

struct tb *pcache_fetch(struct tcache *tc, struct cpu *cpu, gaddr_t pc, uint32_t flags,
			bool superblock)
{
	struct pcache *c = tc->pcache;
	struct codebuf *cb = &tc->cb;
	struct pc_parts p;

	const struct pc_rec *r = idx_find(c, pc, flags);
	if (!r || (superblock && !r->superblock) || !rec_parts(r, r->size, &p) ||
	    hash_bytes(0, r + 1, r->size - sizeof *r) != r->sum)
		return NULL;
	/* the code it was made from, where the guest may run it (on one page
	 * or two neighbours, as pcache_record keeps them) */
	if ((r->end_pc - 1) / 4096 - r->lo_pc / 4096 > 1 ||
	    !tb_page_executable(cpu, r->lo_pc) || !tb_page_executable(cpu, r->end_pc - 1) ||
	    memcmp(g2h(cpu, r->lo_pc), p.guest, r->end_pc - r->lo_pc))
		return NULL;
	size_t start = ALIGN_UP(cb->used, 16);
	if (start + r->code_size > cb->size)
		return NULL;    /* full: the translator flushes */
	codebuf_prepare(cb, r->code_size + 16);
	struct tb *tb = tb_alloc(r->n_exits);
	tb->pc = pc;
	tb->flags = flags;
	tb->lo_pc = r->lo_pc;
	tb->end_pc = r->end_pc;
	tb->superblock = r->superblock;
	tb->code = cb->rx + start;
	tb->code_size = r->code_size;
	memcpy(cb->rw + start, p.code, r->code_size);
	if (!apply_relocs(tc, tb, cb->rw + start, p.rel, r->n_rel)) {
		free(tb);
		return NULL;
	}
	for (unsigned s = 0; s < r->n_exits; s++) {
		int32_t j = p.exits[s].jmp_off;
		if (j < -1 || (j >= 0 && (j % 8 > 4 || (uint32_t)j + 4 > r->code_size))) {
			free(tb);
			return NULL;
		}
		tb->exit[s].pc = p.exits[s].pc;
		tb->exit[s].jmp_off = p.exits[s].jmp_off;
	}
	for (unsigned i = 0; i < r->n_loops; i++) {
		/* patched with one store (x86_jmp32_patchable) */
		if (p.loops[i].jmp_off % 8 > 4 || p.loops[i].jmp_off + 4 > r->code_size ||
		    p.loops[i].stub_off >= r->code_size) {
			free(tb);
			return NULL;
		}
	}
	tb->n_loops = r->n_loops;
	if (r->n_loops) {
		tb->loops = xmalloc(r->n_loops * sizeof *tb->loops);
		memcpy(tb->loops, p.loops, r->n_loops * sizeof *tb->loops);
	}
	tb->n_sites = r->n_sites;
	if (r->n_sites) {
		tb->sites = xmalloc(r->n_sites * sizeof *tb->sites);
		memcpy(tb->sites, p.sites, r->n_sites * sizeof *tb->sites);
	}
	if (r->n_locs) {
		tb->locs = xmalloc(r->n_locs * sizeof *tb->locs);
		memcpy(tb->locs, p.locs, r->n_locs * sizeof *tb->locs);
	}
	cb->used = start + r->code_size;
	c->hits++;
	return tb;
}

/* ---- recording this run's blocks ---- */

void pcache_record(struct tcache *tc, struct cpu *cpu, const struct tb *tb)
{
	struct pcache *c = tc->pcache;
	uint64_t glen = tb->end_pc - tb->lo_pc;

	/* code on pages that are not neighbours: the bytes between need not
	 * be mapped; not worth a special case */
	if (tc->rel_bad || glen > 8192 ||
	    (tb->end_pc - 1) / 4096 - tb->lo_pc / 4096 > 1 || !tb->code)
		return;
	unsigned n_locs = 0;
	for (unsigned i = 0; i < tb->n_sites; i++)
		if (tb->sites[i].loc_first + tb->sites[i].n_locs > n_locs)
			n_locs = tb->sites[i].loc_first + tb->sites[i].n_locs;
	size_t size = al8(sizeof(struct pc_rec)) + al8(tb->n_exits * sizeof(struct pc_exit)) +
		      al8(tb->n_loops * sizeof(struct tb_loop)) +
		      al8(tc->n_rel * sizeof(struct tb_reloc)) +
		      al8(tb->n_sites * sizeof(struct tb_site)) +
		      al8(n_locs * sizeof(struct tb_loc)) + al8(glen) + al8(tb->code_size);
	if (c->new_bytes + size > PC_MAX_FILE / 2)
		return;
	struct pc_rec *r = xcalloc(1, size);
	*r = (struct pc_rec){
		.pc = tb->pc, .lo_pc = tb->lo_pc, .end_pc = tb->end_pc, .flags = tb->flags,
		.size = (uint32_t)size, .code_size = tb->code_size, .n_sites = tb->n_sites,
		.n_locs = n_locs, .n_rel = tc->n_rel, .n_exits = (uint8_t)tb->n_exits,
		.superblock = tb->superblock, .n_loops = tb->n_loops,
	};
	struct pc_parts p;
	if (!rec_parts(r, size, &p))
		warp_bug(__FILE__, __LINE__, "pcache record layout");
	for (unsigned s = 0; s < tb->n_exits; s++)
		p.exits[s] = (struct pc_exit){ .pc = tb->exit[s].pc, .jmp_off = tb->exit[s].jmp_off };
	memcpy(p.loops, tb->loops, tb->n_loops * sizeof *tb->loops);
	memcpy(p.rel, tc->rel, tc->n_rel * sizeof *tc->rel);
	memcpy(p.sites, tb->sites, tb->n_sites * sizeof *tb->sites);
	memcpy(p.locs, tb->locs, n_locs * sizeof *tb->locs);
	memcpy(p.guest, g2h(cpu, tb->lo_pc), glen);
	memcpy(p.code, tc->cb.rw + ((const uint8_t *)tb->code - tc->cb.rx), tb->code_size);
	r->sum = hash_bytes(0, r + 1, size - sizeof *r);
	if (c->n_new == c->cap_new) {
		c->cap_new = c->cap_new ? 2 * c->cap_new : 256;
		c->recs = xrealloc(c->recs, c->cap_new * sizeof *c->recs);
	}
	c->recs[c->n_new++] = r;
	c->new_bytes += size;
}

/* ---- saving ---- */

struct pc_ent { const struct pc_rec *r; unsigned order; bool fresh; };

static int ent_cmp(const void *a, const void *b)
{
	const struct pc_ent *x = a, *y = b;
	if (x->r->pc != y->r->pc)
		return x->r->pc < y->r->pc ? -1 : 1;
	if (x->r->flags != y->r->flags)
		return x->r->flags < y->r->flags ? -1 : 1;
	/* the one kept first: this run's (an old one here did not fit),
	 * then a superblock, then the newest */
	if (x->fresh != y->fresh)
		return x->fresh ? -1 : 1;
	if (x->r->superblock != y->r->superblock)
		return x->r->superblock ? -1 : 1;
	return x->order > y->order ? -1 : x->order < y->order;
}

static bool write_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		b += w;
		n -= (size_t)w;
	}
	return true;
}

void pcache_save(struct tcache *tc)
{
	struct pcache *c = tc->pcache;
	if (c && (tc->log_mask & LOG_CACHE))
		fprintf(tc->log, "warp: cache %s: %s, %lu blocks reused, %u new\n",
			c->path, c->map ? "loaded" : "new", c->hits, c->n_new - c->n_new_at_fork);
	if (!c || c->n_new <= c->n_new_at_fork)
		return;
	unsigned n_old = c->map ? ((const struct pc_header *)c->map)->n_recs : 0;
	struct pc_ent *e = xmalloc((n_old + c->n_new) * sizeof *e);
	unsigned n = 0;
	size_t total = 0;
	for (size_t off = sizeof(struct pc_header); n < n_old; n++) {
		e[n] = (struct pc_ent){ (const struct pc_rec *)(c->map + off), n, false };
		off += e[n].r->size;
		total += e[n].r->size;
	}
	if (total + c->new_bytes > PC_MAX_FILE) {
		n = 0;          /* too big: start over with this run's */
		total = 0;
	}
	for (unsigned i = 0; i < c->n_new; i++, n++) {
		e[n] = (struct pc_ent){ c->recs[i], n_old + i, true };
		total += c->recs[i]->size;
	}
	qsort(e, n, sizeof *e, ent_cmp);
	unsigned k = 0;
	uint64_t sum = 0;
	total = sizeof(struct pc_header);
	for (unsigned i = 0; i < n; i++) {
		if (k && e[k - 1].r->pc == e[i].r->pc && e[k - 1].r->flags == e[i].r->flags)
			continue;
		e[k++] = e[i];
		sum = hash_bytes(sum, e[i].r, sizeof *e[i].r);
		total += e[i].r->size;
	}
	struct pc_header h = {
		.magic = PC_MAGIC, .version = PC_VERSION, .n_recs = k,
		.key = { c->key[0], c->key[1] }, .size = total, .sum = sum,
	};
	char *tmp = xmalloc(strlen(c->path) + 32);
	sprintf(tmp, "%s.%d.tmp", c->path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	bool ok = fd >= 0 && write_all(fd, &h, sizeof h);
	for (unsigned i = 0; ok && i < k; i++)
		ok = write_all(fd, e[i].r, e[i].r->size);
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	if (ok)
		ok = rename(tmp, c->path) == 0;
	if (!ok && fd >= 0)
		unlink(tmp);
	if (ok && !c->map)
		evict(c);       /* a new file: the directory grew */
	free(tmp);
	free(e);
	c->n_new_at_fork = c->n_new;    /* saved: no second write */
}

void pcache_after_fork(struct tcache *tc)
{
	if (tc->pcache)
		tc->pcache->n_new_at_fork = tc->pcache->n_new;
}
