/*
 * mem.c - the guest's address space: brk, mmap, munmap, mprotect, mremap,
 * madvise and friends.
 *
 * Guest memory is host memory at guest address + guest_base, so every
 * guest mapping is a host mapping.  Three things need care:
 *
 *  - warp's own memory (its image and libraries, heap, stacks, code
 *    buffer, jump caches) shares the host address space, and the guest
 *    must not see it.  The VMA list (loader/vma.h) says what is the
 *    guest's, and gives the rule:
 *
 *      MAP_FIXED, MREMAP_FIXED  may replace guest mappings (hidden ones
 *                               included) and unused addresses; every
 *                               piece not the guest's is claimed first
 *                               with MAP_FIXED_NOREPLACE, so warp's
 *                               memory there makes the call fail (ENOMEM)
 *                               instead of being replaced
 *      brk                      grows over unused addresses or hidden
 *                               reservations only
 *      mprotect, madvise,       need the whole range mapped by the guest,
 *      mincore, msync, mlock    else ENOMEM, as for unmapped memory
 *                               (mincore: each VMA in turn, as Linux)
 *      munmap                   unmaps the guest's pieces only; the rest
 *                               is unmapped already, as the guest sees it
 *
 *    Regions noted with sys_note_warp_region are refused as well.
 *
 *  - translated code: pages holding it may be write-protected by the
 *    translator.  Unmapping, remapping or changing a range tells it through
 *    tb_guest_mprotect (prot -1 = the range's contents are gone), after the
 *    host change, so the protection it applies is the final one.
 *
 *  - a reserved window (vma_list.keep_lo/hi): guest memory unmapped
 *    inside it goes back to a hidden PROT_NONE reservation, so warp's
 *    allocations never land where the guest may map later.
 *
 * brk: the break grows from proc->brk_start (set by the loader, never
 * moves).  Pages [ALIGN_UP(brk_start), ALIGN_UP(brk_cur)) are ours (VMA_HEAP);
 * growing fails (returning the old break, as Linux does) when anything is
 * in the way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "internal.h"
#include "../loader/vma.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* asm-generic MAP_* bits a guest may pass; x86-64 gives 0x40 another
 * meaning (MAP_32BIT), so it must not leak through */
#define GUEST_MAP_MASK (0x0fu | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | \
			MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED |          \
			MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK |          \
			MAP_STACK | MAP_HUGETLB | MAP_SYNC |                   \
			MAP_FIXED_NOREPLACE | (0x3fu << 26))
#define GUEST_PROT (PROT_READ | PROT_WRITE | PROT_EXEC)
#define RESERVE (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)

static uint64_t page_size(void)
{
	return (uint64_t)getpagesize();
}

void sys_note_warp_region(struct process *proc, uint64_t start, uint64_t len)
{
	if (!len)
		return;
	if (proc->n_warp_regions == ARRAY_SIZE(proc->warp_regions)) {
		/* keep the list bounded: widen the last entry */
		struct warp_region *r = &proc->warp_regions[proc->n_warp_regions - 1];
		if (start < r->start)
			r->start = start;
		if (start + len > r->end)
			r->end = start + len;
		return;
	}
	proc->warp_regions[proc->n_warp_regions++] =
		(struct warp_region){ start, start + len };
}

static bool overlaps(uint64_t s, uint64_t e, uint64_t rs, uint64_t re)
{
	return s < re && rs < e;
}

/* Does the guest range [a, a + len) fit, and miss the noted regions? */
static bool range_ok(struct cpu *cpu, gaddr_t a, uint64_t len)
{
	struct process *proc = cpu->proc;
	uint64_t h = (uintptr_t)g2h(cpu, a);

	if (!guest_range_ok(cpu, a, len))
		return false;
	for (unsigned i = 0; proc && i < proc->n_warp_regions; i++)
		if (overlaps(h, h + len, proc->warp_regions[i].start,
			     proc->warp_regions[i].end))
			return false;
	return true;
}

/* ---- claiming address space -------------------------------------- */

/* The pieces of a range that were free on the host and are now held by
 * PROT_NONE reservations, until the caller maps over them. */
struct claim {
	struct vma *gap;
	unsigned n;
};

static void claim_release(struct cpu *cpu, struct claim *c)
{
	for (unsigned i = 0; i < c->n; i++)
		munmap(g2h(cpu, c->gap[i].start), c->gap[i].end - c->gap[i].start);
	free(c->gap);
	c->gap = NULL;
	c->n = 0;
}

/*
 * May the guest map [s, e) with MAP_FIXED?  Its own mappings there may be
 * replaced when OVER_GUEST (hidden ones always); every other piece must
 * be unused on the host and is reserved now.  0, -EEXIST (a visible
 * guest mapping and not OVER_GUEST) or -ENOMEM (not the guest's).
 * Call with the VMA list locked; claim_release() if the mapping fails.
 */
static int claim(struct cpu *cpu, struct vma_list *l, gaddr_t s, gaddr_t e,
		 bool over_guest, struct claim *c)
{
	struct vma *v;
	unsigned n = vma_get(l, s, e, &v);
	gaddr_t at = s;

	c->gap = NULL;
	c->n = 0;
	for (unsigned i = 0; i <= n; i++) {
		gaddr_t gs = at, ge = i < n ? v[i].start : e;

		if (i < n) {
			at = v[i].end;
			if (!over_guest && !(v[i].flags & VMA_HIDDEN)) {
				claim_release(cpu, c);
				free(v);
				return -EEXIST;
			}
		}
		if (gs < ge) {
			void *want = g2h(cpu, gs);
			void *p = mmap(want, ge - gs, PROT_NONE,
				       RESERVE | MAP_FIXED_NOREPLACE, -1, 0);
			if (p != want) {
				if (p != MAP_FAILED)    /* taken as a hint */
					munmap(p, ge - gs);
				claim_release(cpu, c);
				free(v);
				return -ENOMEM;
			}
			c->gap = xrealloc(c->gap, (c->n + 1) * sizeof *c->gap);
			c->gap[c->n++] = (struct vma){ gs, ge, 0, 0 };
		}
	}
	free(v);
	return 0;
}

/*
 * The guest's [s, e) goes away: unmapped on the host, or back to a hidden
 * reservation inside the kept window.  List locked.
 */
static void give_back(struct cpu *cpu, struct vma_list *l, gaddr_t s, gaddr_t e)
{
	gaddr_t ks = s > l->keep_lo ? s : l->keep_lo;
	gaddr_t ke = e < l->keep_hi ? e : l->keep_hi;

	if (ks < ke) {
		if (ks > s)
			give_back(cpu, l, s, ks);
		mmap(g2h(cpu, ks), ke - ks, PROT_NONE, RESERVE | MAP_FIXED, -1, 0);
		vma_map(l, ks, ke, PROT_NONE, VMA_HIDDEN);
		if (e > ke)
			give_back(cpu, l, ke, e);
		return;
	}
	munmap(g2h(cpu, s), e - s);
	vma_unmap(l, s, e);
}

/* Is all of [a, a + len) mapped by the guest? */
static bool guest_mapped(struct cpu *cpu, gaddr_t a, uint64_t len)
{
	uint64_t end = ALIGN_UP(a + len, page_size());

	if (!guest_range_ok(cpu, a, len) || end < a)
		return false;
	return vma_covered(vma_list(cpu->proc), ALIGN_DOWN(a, page_size()),
			   end, VMA_HIDDEN);
}

/*
 * Transparent huge pages are the host's to give, as for a native process:
 * the host's mode (/sys/kernel/mm/transparent_hugepage/enabled) and the
 * guest's own madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE) and
 * prctl(PR_SET_THP_DISABLE), which reach the host kernel unchanged,
 * decide.  warp only places large private anonymous mappings on a 2 MiB
 * boundary, as Linux does for them since 6.7, so that huge pages can back
 * all of such a mapping when they are given.  (Advising every such
 * mapping MADV_HUGEPAGE was measured and left out: xz -9 spent 9% less
 * user time, but it overrides a host that gives huge pages only on
 * request, costs memory, and on a VM that reports free memory to its
 * host (virtio-balloon free page reporting) each fresh huge page is
 * faulted in by the hypervisor on first touch: up to 0.3 s more system
 * time, no faster overall.)
 */
#define THP_SIZE (2ull << 20)	/* x86-64's PMD size */

static bool thp_align(int flags, uint64_t len)
{
	return (flags & MAP_ANONYMOUS) && (flags & MAP_TYPE) == MAP_PRIVATE &&
	       !(flags & MAP_HUGETLB) && len >= THP_SIZE;
}

/* A host prot for a guest prot: code must stay readable by the decoder. */
static int host_prot(uint64_t prot)
{
	int p = (int)prot;
	if (p & PROT_EXEC)
		p |= PROT_READ;
	return p;
}

/* ---- brk --------------------------------------------------------- */

int64_t sys_brk(struct cpu *cpu, const uint64_t *a)
{
	struct process *p = cpu->proc;
	struct vma_list *l = vma_list(p);
	gaddr_t cur = p->brk_cur ? p->brk_cur : p->brk_start;
	gaddr_t want = a[0];
	uint64_t pg = page_size();
	struct claim c;

	if (want < p->brk_start || (p->brk_limit && want > p->brk_limit))
		return cur;
	gaddr_t old_end = ALIGN_UP(cur, pg), new_end = ALIGN_UP(want, pg);
	vma_lock(l);
	if (new_end > old_end) {
		uint64_t len = new_end - old_end;
		if (!range_ok(cpu, old_end, len) ||
		    claim(cpu, l, old_end, new_end, false, &c) < 0) {
			vma_unlock(l);
			return cur;
		}
		if (mmap(g2h(cpu, old_end), len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
			claim_release(cpu, &c);
			vma_unlock(l);
			return cur;
		}
		free(c.gap);
		vma_map(l, old_end, new_end, PROT_READ | PROT_WRITE, VMA_HEAP);
	} else if (new_end < old_end) {
		give_back(cpu, l, new_end, old_end);
	}
	vma_unlock(l);
	/* after the unlock: the translator takes the mapping list's lock
	 * under tc->lock, so tc->lock is never taken under this one */
	if (new_end < old_end)
		tb_guest_mprotect(cpu->tc, new_end, old_end - new_end, -1);
	p->brk_cur = want;
	return want;
}

/* ---- mmap family ------------------------------------------------- */

int64_t sys_mmap(struct cpu *cpu, const uint64_t *a)
{
	struct process *proc = cpu->proc;
	struct vma_list *l = vma_list(proc);
	gaddr_t addr = a[0];
	uint64_t len = a[1], pg = page_size(), alen = ALIGN_UP(len, pg);
	int prot = host_prot(a[2]);
	int flags = (int)(a[3] & GUEST_MAP_MASK);
	int fd = (int)a[4];
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	struct claim c = { NULL, 0 };
	void *hint, *r;

	if (!len || alen < len)
		return -EINVAL;
	if (a[5] & (pg - 1))
		return -EINVAL;
	vma_lock(l);
	if (fixed) {
		int e;

		if (addr & (pg - 1)) {
			vma_unlock(l);
			return -EINVAL;
		}
		if (!range_ok(cpu, addr, alen)) {
			vma_unlock(l);
			return -ENOMEM;
		}
		/* MAP_FIXED replaces what the guest has there; NOREPLACE
		 * alone fails on any guest mapping, as the kernel's */
		e = claim(cpu, l, addr, addr + alen, flags & MAP_FIXED, &c);
		if (e < 0) {
			vma_unlock(l);
			return e;
		}
		flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
		hint = g2h(cpu, addr);
	} else {
		gaddr_t next = addr ? addr : proc->mmap_next ? proc->mmap_next
							       : cpu->arch->mmap_base;
		/* warp's own placement starts large anonymous memory on a
		 * huge page boundary, so all of it can be huge pages */
		uint64_t align = !addr && thp_align(flags, alen) ? THP_SIZE : pg;
		gaddr_t at = l->keep_hi ? vma_hidden_fit(l, ALIGN_UP(next, align), alen, align)
					: 0;
		hint = next ? g2h(cpu, ALIGN_UP(next, align)) : NULL;
		if (at) {
			/* a window reserved for the guest has room: the host
			 * would not place anything inside it */
			hint = g2h(cpu, at);
			flags |= MAP_FIXED;
		}
	}
	r = mmap(hint, len, prot, flags, fd, (off_t)a[5]);
	if (r == MAP_FAILED) {
		int e = errno;
		claim_release(cpu, &c);
		vma_unlock(l);
		return -e;
	}
	free(c.gap);
	gaddr_t g = h2g(cpu, r);
	if ((uintptr_t)r < cpu->guest_base || !guest_range_ok(cpu, g, len)) {
		/* the host placed it where the guest cannot reach (a guest in
		 * a window above guest_base); an allocator inside the window
		 * comes with 32-bit guests */
		munmap(r, len);
		vma_unlock(l);
		return -ENOMEM;
	}
	vma_map(l, g, g + alen, (int)a[2] & GUEST_PROT, 0);
	vma_unlock(l);
	if (!fixed && !addr && r == hint)
		proc->mmap_next = g + alen;
	if (!fixed && (flags & MAP_FIXED))
		tb_guest_mprotect(cpu->tc, g, alen, -1);
	if (fixed)
		/* whatever was there, translated code included, is gone */
		tb_guest_mprotect(cpu->tc, g, alen, -1);
	return g;
}

int64_t sys_munmap(struct cpu *cpu, const uint64_t *a)
{
	struct vma_list *l = vma_list(cpu->proc);
	uint64_t len = ALIGN_UP(a[1], page_size());
	struct vma *v;
	unsigned n;

	if ((a[0] & (page_size() - 1)) || !a[1] || len < a[1])
		return -EINVAL;
	if (!range_ok(cpu, a[0], len))
		return -EINVAL;
	vma_lock(l);
	n = vma_get(l, a[0], a[0] + len, &v);
	for (unsigned i = 0; i < n; i++)
		if (!(v[i].flags & VMA_HIDDEN))
			give_back(cpu, l, v[i].start, v[i].end);
	vma_unlock(l);
	free(v);
	tb_guest_mprotect(cpu->tc, a[0], len, -1);
	return 0;
}

int64_t sys_mprotect(struct cpu *cpu, const uint64_t *a)
{
	struct vma_list *l = vma_list(cpu->proc);
	uint64_t len = ALIGN_UP(a[1], page_size());
	int prot = host_prot(a[2]);
	int64_t r;

	if ((a[0] & (page_size() - 1)) || len < a[1])
		return -EINVAL;
	if (!len)
		return 0;
	vma_lock(l);
	if (!range_ok(cpu, a[0], len) ||
	    !vma_covered(l, a[0], a[0] + len, VMA_HIDDEN)) {
		vma_unlock(l);
		return -ENOMEM;
	}
	r = HOST(SYS_mprotect, g2h(cpu, a[0]), a[1], prot);
	if (r == 0)
		vma_protect(l, a[0], a[0] + len, (int)a[2] & GUEST_PROT);
	vma_unlock(l);
	if (r == 0)
		tb_guest_mprotect(cpu->tc, a[0], len,
				  prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
	return r;
}

int64_t sys_mremap(struct cpu *cpu, const uint64_t *a)
{
	struct vma_list *l = vma_list(cpu->proc);
	gaddr_t old = a[0];
	uint64_t pg = page_size();
	uint64_t old_len = ALIGN_UP(a[1], pg), new_len = ALIGN_UP(a[2], pg);
	int flags = a[3];
	struct claim c = { NULL, 0 };
	struct vma was;

	if (old & (pg - 1) || !new_len)
		return -EINVAL;
	vma_lock(l);
	if (!range_ok(cpu, old, old_len ? old_len : pg) ||
	    !vma_covered(l, old, old + (old_len ? old_len : pg), VMA_HIDDEN) ||
	    !vma_find(l, old, &was)) {
		vma_unlock(l);
		return -EFAULT;
	}
	if (flags & MREMAP_FIXED) {
		int e = range_ok(cpu, a[4], new_len) && !(a[4] & (pg - 1)) ?
			claim(cpu, l, a[4], a[4] + new_len, true, &c) : -EINVAL;
		if (e < 0) {
			vma_unlock(l);
			return e == -EEXIST ? -ENOMEM : e;
		}
	}
	void *r = mremap(g2h(cpu, old), a[1], a[2], flags, g2h(cpu, a[4]));
	if (r == MAP_FAILED) {
		int e = errno;
		claim_release(cpu, &c);
		vma_unlock(l);
		return -e;
	}
	free(c.gap);
	gaddr_t g = h2g(cpu, r);
	if ((uintptr_t)r < cpu->guest_base || !guest_range_ok(cpu, g, new_len)) {
		/* cannot happen with guest_base 0; for a window, undo */
		munmap(r, a[2]);
		vma_unlock(l);
		return -ENOMEM;
	}
	if (g != old && !(flags & 4 /* MREMAP_DONTUNMAP */)) {
		/* the host has unmapped the old range already */
		vma_unmap(l, old, old + old_len);
		give_back(cpu, l, old, old + old_len);
	} else if (g == old && new_len < old_len) {
		vma_unmap(l, old + new_len, old + old_len);
		give_back(cpu, l, old + new_len, old + old_len);
	}
	vma_map(l, g, g + new_len, was.prot, was.flags);
	vma_unlock(l);
	if (g != old) {
		tb_guest_mprotect(cpu->tc, old, old_len, -1);
		tb_guest_mprotect(cpu->tc, g, new_len, -1);
	} else if (new_len < old_len) {
		tb_guest_mprotect(cpu->tc, old + new_len, old_len - new_len, -1);
	}
	return g;
}

int64_t sys_madvise(struct cpu *cpu, const uint64_t *a)
{
	uint64_t len = ALIGN_UP(a[1], page_size());
	int advice = a[2];

	if ((a[0] & (page_size() - 1)) || len < a[1])
		return -EINVAL;
	if (!len)
		return 0;
	if (!range_ok(cpu, a[0], len) || !guest_mapped(cpu, a[0], len))
		return -ENOMEM;
	int64_t r = HOST(SYS_madvise, g2h(cpu, a[0]), a[1], advice);
	/* these may replace the contents with zeros */
	if (r == 0 && (advice == MADV_DONTNEED || advice == MADV_FREE ||
		       advice == MADV_REMOVE || advice == 24 /* DONTNEED_LOCKED */))
		tb_invalidate_range(cpu->tc, a[0], a[0] + len);
	return r;
}

int64_t sys_msync(struct cpu *cpu, const uint64_t *a)
{
	if ((a[0] & (page_size() - 1)))
		return -EINVAL;
	if (a[1] && !guest_mapped(cpu, a[0], a[1]))
		return -ENOMEM;
	return HOST(SYS_msync, g2h(cpu, a[0]), a[1], (int)a[2]);
}

/*
 * The kernel's order (mm/mincore.c, sys_mincore): a start off a page
 * boundary is EINVAL; a range outside the user address space ENOMEM; a
 * vector (one byte a page) outside it EFAULT; then one VMA at a time, at
 * most a page of vector: an address nobody mapped is ENOMEM, a vector
 * that cannot be written EFAULT (after the bytes before it were).  The
 * host fills warp's buffer and guest_write copies it out, so a bad vector
 * is a fault warp recovers from, whatever it points at.
 */
int64_t sys_mincore(struct cpu *cpu, const uint64_t *a)
{
	uint64_t pg = page_size();
	gaddr_t start = a[0], vec = a[2];
	uint64_t pages = a[1] / pg + (a[1] % pg != 0);
	unsigned char buf[4096];

	if (start & (pg - 1))
		return -EINVAL;
	if (!sys_access_ok(cpu, start, a[1]))
		return -ENOMEM;
	if (!sys_access_ok(cpu, vec, pages))
		return -EFAULT;
	while (pages) {
		struct vma v;
		uint64_t n = pages;

		if (!vma_find(vma_list(cpu->proc), start, &v) ||
		    (v.flags & VMA_HIDDEN))
			return -ENOMEM;
		if (n > (v.end - start) / pg)
			n = (v.end - start) / pg;
		if (n > sizeof buf)
			n = sizeof buf;
		int64_t r = HOST(SYS_mincore, g2h(cpu, start), n * pg, buf);
		if (r < 0)
			return r;
		if (guest_write(cpu, vec, buf, n) < 0)
			return -EFAULT;
		pages -= n;
		vec += n;
		start += n * pg;
	}
	return 0;
}

int64_t sys_mlock(struct cpu *cpu, const uint64_t *a)
{
	if (a[1] && !guest_mapped(cpu, a[0], a[1]))
		return -ENOMEM;
	return HOST(SYS_mlock, g2h(cpu, a[0]), a[1]);
}

int64_t sys_munlock(struct cpu *cpu, const uint64_t *a)
{
	if (a[1] && !guest_mapped(cpu, a[0], a[1]))
		return -ENOMEM;
	return HOST(SYS_munlock, g2h(cpu, a[0]), a[1]);
}
