/*
 * mem.c - the guest's address space: brk, mmap, munmap, mprotect, mremap,
 * madvise and friends.
 *
 * Guest memory is host memory at guest address + guest_base, so every
 * guest mapping is a host mapping.  Two things need care:
 *
 *  - warp's own memory (its image and libraries, heap, stacks, code
 *    buffer, jump caches) shares the host address space.  A guest
 *    MAP_FIXED, munmap, mprotect or madvise that reaches it must fail as
 *    if nothing were mapped there, never replace it.  sys_range_free_of_warp
 *    checks the regions recorded with sys_note_warp_region plus those warp
 *    can find itself.  Memory malloc took with mmap for large blocks is
 *    not covered yet (a guest can write there anyway while guest_base is
 *    0); a full guest VMA list will close that.
 *
 *  - translated code: pages holding it may be write-protected by the
 *    translator.  Unmapping, remapping or changing a range tells it through
 *    tb_guest_mprotect (prot -1 = the range's contents are gone), after the
 *    host change, so the protection it applies is the final one.
 *
 * brk: the break grows from proc->brk_start (set by the loader, never
 * moves).  Pages [ALIGN_UP(brk_start), ALIGN_UP(brk_cur)) are ours; growing
 * maps the new pages with MAP_FIXED_NOREPLACE, so it fails (returning the
 * old break, as Linux does) when anything is in the way.
 */
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "internal.h"

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

struct span { uint64_t s, e; bool hit; };

static int phdr_overlap(struct dl_phdr_info *info, size_t size, void *data)
{
	struct span *sp = data;
	uint64_t pg = page_size();
	for (unsigned i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		uint64_t s = ALIGN_DOWN(info->dlpi_addr + ph->p_vaddr, pg);
		uint64_t e = ALIGN_UP(info->dlpi_addr + ph->p_vaddr + ph->p_memsz, pg);
		if (overlaps(sp->s, sp->e, s, e)) {
			sp->hit = true;
			return 1;
		}
	}
	return 0;
}

/* this thread's host stack, found once per thread */
static __thread uint64_t stack_lo, stack_hi;

static void find_stack(void)
{
	pthread_attr_t at;
	void *addr;
	size_t size;

	if (stack_hi)
		return;
	if (pthread_getattr_np(pthread_self(), &at) == 0) {
		if (pthread_attr_getstack(&at, &addr, &size) == 0) {
			stack_lo = (uintptr_t)addr;
			stack_hi = (uintptr_t)addr + size;
		}
		pthread_attr_destroy(&at);
	}
	if (!stack_hi) {
		/* unknown: protect a generous window around the current sp */
		uintptr_t sp = (uintptr_t)&at;
		stack_lo = sp - (8u << 20);
		stack_hi = sp + (1u << 20);
	}
}

bool sys_range_free_of_warp(struct cpu *cpu, uint64_t s, uint64_t e)
{
	extern char end[];
	struct process *proc = cpu->proc;
	struct tcache *tc = cpu->tc;
	struct span sp = { s, e, false };

	for (unsigned i = 0; proc && i < proc->n_warp_regions; i++)
		if (overlaps(s, e, proc->warp_regions[i].start, proc->warp_regions[i].end))
			return false;
	/* warp's executable, its libraries, the vdso */
	dl_iterate_phdr(phdr_overlap, &sp);
	if (sp.hit)
		return false;
	/* the malloc heap above the executable */
	if (overlaps(s, e, (uintptr_t)end, (uintptr_t)sbrk(0)))
		return false;
	find_stack();
	if (overlaps(s, e, stack_lo, stack_hi))
		return false;
	if (tc) {
		uintptr_t rw = (uintptr_t)tc->cb.rw, rx = (uintptr_t)tc->cb.rx;
		if (rw && overlaps(s, e, rw, rw + tc->cb.size))
			return false;
		if (rx && overlaps(s, e, rx, rx + tc->cb.size))
			return false;
	}
	/* every cpu (its registers and jump cache) */
	struct cpu *first = tc && tc->cpus ? tc->cpus : cpu;
	for (struct cpu *c = first; c; c = c->next_cpu) {
		uintptr_t j = (uintptr_t)c->jc, cp = (uintptr_t)c;
		if (j && overlaps(s, e, j, j + sizeof(*c->jc) * JC_SIZE))
			return false;
		if (overlaps(s, e, cp, cp + sizeof *c))
			return false;
		if (c->next_cpu == first)
			break;
	}
	return true;
}

/* A guest range as a host range, refusing what would touch warp. */
static int host_range(struct cpu *cpu, gaddr_t a, uint64_t len, int err)
{
	if (!guest_range_ok(cpu, a, len))
		return err;
	uint64_t h = (uintptr_t)g2h(cpu, a);
	if (!sys_range_free_of_warp(cpu, h, h + len))
		return err;
	return 0;
}

/* A host prot for a guest prot: code must stay readable by the decoder. */
static int host_prot(uint64_t prot)
{
	int p = (int)prot;
	if (p & PROT_EXEC)
		p |= PROT_READ;
	return p;
}

int64_t sys_brk(struct cpu *cpu, const uint64_t *a)
{
	struct process *p = cpu->proc;
	gaddr_t cur = p->brk_cur ? p->brk_cur : p->brk_start;
	gaddr_t want = a[0];
	uint64_t pg = page_size();

	if (want < p->brk_start || (p->brk_limit && want > p->brk_limit))
		return cur;
	gaddr_t old_end = ALIGN_UP(cur, pg), new_end = ALIGN_UP(want, pg);
	if (new_end > old_end) {
		uint64_t len = new_end - old_end;
		/* MAP_FIXED_NOREPLACE cannot replace anything, warp's memory
		 * included: only the guest's address space limits it */
		if (!guest_range_ok(cpu, old_end, len))
			return cur;
		void *want_h = g2h(cpu, old_end);
		void *r = mmap(want_h, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			       -1, 0);
		if (r == MAP_FAILED)
			return cur;
		if (r != want_h) {
			/* a kernel without MAP_FIXED_NOREPLACE took it as a hint */
			munmap(r, len);
			return cur;
		}
	} else if (new_end < old_end) {
		munmap(g2h(cpu, new_end), old_end - new_end);
		tb_guest_mprotect(cpu->tc, new_end, old_end - new_end, -1);
	}
	p->brk_cur = want;
	return want;
}

int64_t sys_mmap(struct cpu *cpu, const uint64_t *a)
{
	struct process *proc = cpu->proc;
	gaddr_t addr = a[0];
	uint64_t len = a[1], pg = page_size();
	int prot = host_prot(a[2]);
	int flags = (int)(a[3] & GUEST_MAP_MASK);
	int fd = (int)a[4];
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	void *hint, *r;

	if (!len)
		return -EINVAL;
	if (fixed) {
		/* MAP_FIXED replaces what is there: never warp's memory.
		 * MAP_FIXED_NOREPLACE alone is refused by the kernel if
		 * anything is there. */
		int e = (flags & MAP_FIXED) ? host_range(cpu, addr, ALIGN_UP(len, pg), -ENOMEM)
					    : guest_range_ok(cpu, addr, len) ? 0 : -ENOMEM;
		if (e < 0)
			return e;
		hint = g2h(cpu, addr);
	} else {
		gaddr_t next = addr ? addr : proc->mmap_next ? proc->mmap_next
							       : cpu->arch->mmap_base;
		hint = next ? g2h(cpu, ALIGN_UP(next, pg)) : NULL;
	}
	r = mmap(hint, len, prot, flags, fd, (off_t)a[5]);
	if (r == MAP_FAILED)
		return -errno;
	gaddr_t g = h2g(cpu, r);
	if ((uintptr_t)r < cpu->guest_base || !guest_range_ok(cpu, g, len)) {
		/* the host placed it where the guest cannot reach (a guest in
		 * a window above guest_base); an allocator inside the window
		 * comes with 32-bit guests */
		munmap(r, len);
		return -ENOMEM;
	}
	if (!fixed && !addr && r == hint)
		proc->mmap_next = g + ALIGN_UP(len, pg);
	if (fixed)
		/* whatever was there, translated code included, is gone */
		tb_guest_mprotect(cpu->tc, g, ALIGN_UP(len, pg), -1);
	return g;
}

int64_t sys_munmap(struct cpu *cpu, const uint64_t *a)
{
	uint64_t len = ALIGN_UP(a[1], page_size());
	int e = host_range(cpu, a[0], len, -EINVAL);
	if (e < 0)
		return e;
	int64_t r = HOST(SYS_munmap, g2h(cpu, a[0]), a[1]);
	if (r == 0)
		tb_guest_mprotect(cpu->tc, a[0], len, -1);
	return r;
}

int64_t sys_mprotect(struct cpu *cpu, const uint64_t *a)
{
	uint64_t len = ALIGN_UP(a[1], page_size());
	int prot = host_prot(a[2]);
	int e = host_range(cpu, a[0], len, -ENOMEM);
	if (e < 0)
		return e;
	int64_t r = HOST(SYS_mprotect, g2h(cpu, a[0]), a[1], prot);
	if (r == 0)
		tb_guest_mprotect(cpu->tc, a[0], len,
				  prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
	return r;
}

int64_t sys_mremap(struct cpu *cpu, const uint64_t *a)
{
	gaddr_t old = a[0];
	uint64_t pg = page_size();
	uint64_t old_len = ALIGN_UP(a[1], pg), new_len = ALIGN_UP(a[2], pg);
	int flags = a[3];
	int e = host_range(cpu, old, old_len, -EFAULT);
	if (e < 0)
		return e;
	if (flags & MREMAP_FIXED) {
		e = host_range(cpu, a[4], new_len, -ENOMEM);
		if (e < 0)
			return e;
	}
	void *r = mremap(g2h(cpu, old), a[1], a[2], flags, g2h(cpu, a[4]));
	if (r == MAP_FAILED)
		return -errno;
	gaddr_t g = h2g(cpu, r);
	if ((uintptr_t)r < cpu->guest_base || !guest_range_ok(cpu, g, new_len)) {
		/* cannot happen with guest_base 0; for a window, undo */
		munmap(r, a[2]);
		return -ENOMEM;
	}
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
	int e = host_range(cpu, a[0], len, -ENOMEM);
	if (e < 0)
		return e;
	int64_t r = HOST(SYS_madvise, g2h(cpu, a[0]), a[1], advice);
	/* these may replace the contents with zeros */
	if (r == 0 && (advice == MADV_DONTNEED || advice == MADV_FREE ||
		       advice == MADV_REMOVE || advice == 24 /* DONTNEED_LOCKED */))
		tb_invalidate_range(cpu->tc, a[0], a[0] + len);
	return r;
}

int64_t sys_msync(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_msync, g2h(cpu, a[0]), a[1], (int)a[2]);
}

int64_t sys_mincore(struct cpu *cpu, const uint64_t *a)
{
	uint64_t pages = ALIGN_UP(a[1], page_size()) / page_size();
	sys_will_write(cpu, a[2], pages);
	return HOST(SYS_mincore, g2h(cpu, a[0]), a[1], gptr(cpu, a[2]));
}

int64_t sys_mlock(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_mlock, g2h(cpu, a[0]), a[1]);
}

int64_t sys_munlock(struct cpu *cpu, const uint64_t *a)
{
	return HOST(SYS_munlock, g2h(cpu, a[0]), a[1]);
}
