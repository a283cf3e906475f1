/*
 * mm.c - the guest address space of a new process: where the program and
 * its stack go, and guest_base (host address = guest address + guest_base).
 *
 * Plan first, map second.  The plan reserves every range it needs as
 * PROT_NONE with MAP_FIXED_NOREPLACE, so warp's own mappings (its heap,
 * the code buffer, libraries) are never overwritten; the mapping step then
 * replaces its own reservations with MAP_FIXED.
 *
 *   64-bit guests: guest_base 0 when the program and its stack fit in free
 *     host address space between mmap_min_addr and ZERO_BASE_LIMIT (an
 *     ET_DYN program may move; an ET_EXEC program may not).  Otherwise one
 *     window covering program and stack is reserved anywhere, and
 *     guest_base = window - lowest guest address.
 *   32-bit guests: a 4 GiB window, always, so every guest pointer is valid.
 *
 * Segments are mapped from the file with their own protections (PROT_EXEC
 * too: it is how the translator knows the guest may run a page, though the
 * host never runs guest code in place) and with PROT_READ wherever the
 * guest may execute (the translator reads it).
 * Bytes between the end of file data and the end of its page are zeroed
 * when the segment has bss, as binfmt_elf does.  Segments that share a
 * page, or whose file offset is not host-page aligned, are copied in
 * instead of mapped; a shared page gets the union of the protections.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loader.h"
#include "guest.h"
#include "vma.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define ZERO_BASE_LIMIT 0x7f0000000000ull
#define RESERVE_FLAGS (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)

struct plan {
	const struct elf_image *img;
	uint64_t hpage, gpage, guard;
	gaddr_t bias;
	gaddr_t img_lo, img_hi;         /* guest, biased */
	gaddr_t stk_lo, stk_top;        /* guard page at stk_lo */
	uint64_t guest_base;
	bool window;
	gaddr_t win_lo, win_hi;         /* the window, guest addresses */
	bool have_img, have_stk;        /* reservations held (zero base) */
};

static int fail(char *err, size_t errlen, int e, const char *fmt, ...)
	WARP_PRINTF(4, 5);

static int fail(char *err, size_t errlen, int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -e;
}

static uint64_t mmap_min_addr(void)
{
	unsigned long long v = 65536;
	FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "re");

	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 65536;
		fclose(f);
	}
	return v;
}

/* Reserve exactly [host, host+len) or nothing. */
static bool reserve_at(uint64_t host, uint64_t len)
{
	void *p = mmap((void *)(uintptr_t)host, len, PROT_NONE,
		       RESERVE_FLAGS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return false;
	if ((uintptr_t)p != host) {     /* a kernel without NOREPLACE */
		munmap(p, len);
		return false;
	}
	return true;
}

static gaddr_t default_dyn_base(const struct plan *p)
{
	const struct guest_arch *a = p->img->arch;

	if (a->dyn_base)
		return a->dyn_base;
	/* Linux: ELF_ET_DYN_BASE is two thirds of the user address space */
	return ALIGN_DOWN(p->img->cls == ELFCLASS64 ? 0x4000000000ull / 3 * 2
						  : ELF_GUEST_LIMIT_32 / 3 * 2,
			  p->gpage);
}

static gaddr_t default_stack_top(const struct plan *p)
{
	const struct guest_arch *a = p->img->arch;

	if (a->stack_top)
		return ALIGN_DOWN(a->stack_top, p->guard);
	return p->img->cls == ELFCLASS64 ? 0x4000000000ull : 0xffff0000ull;
}

/* Biased image span for a load at BASE (ET_DYN) or where it says. */
static void place_image(struct plan *p, gaddr_t base)
{
	const struct elf_image *img = p->img;
	uint64_t align = img->align > p->gpage ? img->align : p->gpage;

	if (align > (1ull << 30))
		align = 1ull << 30;
	p->bias = img->type == ET_DYN ? ALIGN_UP(base, align) - img->lo : 0;
	p->img_lo = img->lo + p->bias;
	p->img_hi = img->hi + p->bias;
}

static void place_stack(struct plan *p, gaddr_t top, uint64_t size)
{
	p->stk_top = top;
	p->stk_lo = top - size - p->guard;
}

/* Where the stack may go besides stack_top: just below the program, or
 * above it with 1 GiB left for brk.  0 when there is no room. */
static gaddr_t stack_below(const struct plan *p, uint64_t size)
{
	gaddr_t top = ALIGN_DOWN(p->img_lo, p->guard);

	return top > size + p->guard ? top : 0;
}

static gaddr_t stack_above(const struct plan *p, uint64_t size)
{
	return ALIGN_UP(p->img_hi, p->guard) + (1ull << 30) + size + p->guard;
}

static bool stack_fits(const struct plan *p, gaddr_t limit)
{
	return p->stk_lo < p->stk_top && p->stk_top <= limit &&
	       (p->stk_lo >= p->img_hi || p->stk_top <= p->img_lo);
}

/* ---- guest_base 0 ------------------------------------------------- */

static void plan_release(struct plan *p)
{
	if (p->have_img)
		munmap((void *)(uintptr_t)p->img_lo, p->img_hi - p->img_lo);
	if (p->have_stk)
		munmap((void *)(uintptr_t)p->stk_lo, p->stk_top - p->stk_lo);
	p->have_img = p->have_stk = false;
}

static bool zero_ok(uint64_t lo, uint64_t hi, uint64_t min)
{
	return lo >= min && lo < hi && hi <= ZERO_BASE_LIMIT;
}

static bool plan_zero_base(struct plan *p, uint64_t stack_size)
{
	const struct elf_image *img = p->img;
	uint64_t min = mmap_min_addr();
	gaddr_t dyn = default_dyn_base(p), top = default_stack_top(p);

	/* the program: where it says, or (ET_DYN) at dyn_base and above */
	for (unsigned k = 0; k < 8 && !p->have_img; k++) {
		place_image(p, dyn << k);
		if (zero_ok(p->img_lo, p->img_hi, min))
			p->have_img = reserve_at(p->img_lo, p->img_hi - p->img_lo);
		if (img->type != ET_DYN)
			break;
	}
	if (!p->have_img)
		return false;
	/* the stack: at stack_top, else lower in 1 GiB steps, else next to
	 * the program */
	for (unsigned k = 0; k < 18 && !p->have_stk; k++) {
		gaddr_t t = k < 16 ? top - ((uint64_t)k << 30)
			  : k == 16 ? stack_below(p, stack_size)
				    : stack_above(p, stack_size);
		if (k < 16 && top < (uint64_t)k << 30)
			continue;
		place_stack(p, t, stack_size);
		if (t && stack_fits(p, ZERO_BASE_LIMIT) &&
		    zero_ok(p->stk_lo, p->stk_top, min))
			p->have_stk = reserve_at(p->stk_lo, p->stk_top - p->stk_lo);
	}
	if (!p->have_stk) {
		plan_release(p);
		return false;
	}
	p->guest_base = 0;
	return true;
}

/* ---- a reserved window -------------------------------------------- */

/*
 * One reserved window holds program and stack (64-bit guests), or the
 * whole 4 GiB (32-bit guests).  The stack goes to stack_top, or next to
 * the program when that makes the window smaller than what is free.
 */
static int plan_window(struct plan *p, uint64_t stack_size, char *err, size_t errlen)
{
	bool is64 = p->img->cls == ELFCLASS64;
	gaddr_t limit = is64 ? ELF_GUEST_LIMIT_64 : ELF_GUEST_LIMIT_32;
	gaddr_t tops[3];
	int e = ENOMEM;

	place_image(p, default_dyn_base(p));
	if (p->img_hi > limit)
		return fail(err, errlen, ENOMEM, "the program (0x%llx-0x%llx) does "
			    "not fit in the guest address space",
			    (unsigned long long)p->img_lo, (unsigned long long)p->img_hi);
	tops[0] = default_stack_top(p);
	tops[1] = stack_below(p, stack_size);
	tops[2] = stack_above(p, stack_size);
	for (unsigned k = 0; k < ARRAY_SIZE(tops); k++) {
		gaddr_t glo = 0, ghi = ELF_GUEST_LIMIT_32;
		void *w;

		if (!tops[k])
			continue;
		place_stack(p, tops[k], stack_size);
		if (!stack_fits(p, limit))
			continue;
		if (is64) {
			glo = p->img_lo < p->stk_lo ? p->img_lo : p->stk_lo;
			ghi = p->img_hi > p->stk_top ? p->img_hi : p->stk_top;
		}
		w = mmap(NULL, ghi - glo, PROT_NONE, RESERVE_FLAGS, -1, 0);
		if (w == MAP_FAILED) {
			e = errno;
			continue;
		}
		p->guest_base = (uintptr_t)w - glo;
		p->window = true;
		p->win_lo = glo;
		p->win_hi = ghi;
		return 0;
	}
	return fail(err, errlen, e, "no room for the program (0x%llx-0x%llx) and "
		    "a stack of %llu bytes: %s", (unsigned long long)p->img_lo,
		    (unsigned long long)p->img_hi, (unsigned long long)stack_size,
		    strerror(e));
}

/* ---- mapping ------------------------------------------------------ */

/* The host mapping records the guest's permissions, PROT_EXEC included
 * (the translator refuses to translate from pages without it), plus
 * PROT_READ wherever the guest may execute, for the decoder. */
static int host_prot(unsigned pf)
{
	return ((pf & (PF_R | PF_X)) ? PROT_READ : 0) | ((pf & PF_W) ? PROT_WRITE : 0) |
	       ((pf & PF_X) ? PROT_EXEC : 0);
}

/* What the guest asked for (the VMA list and /proc/self/maps). */
static int guest_prot(unsigned pf)
{
	return ((pf & PF_R) ? PROT_READ : 0) | ((pf & PF_W) ? PROT_WRITE : 0) |
	       ((pf & PF_X) ? PROT_EXEC : 0);
}

static void *h(const struct plan *p, gaddr_t a)
{
	return (void *)(uintptr_t)(a + p->guest_base);
}

static int map_anon(const struct plan *p, gaddr_t lo, gaddr_t hi, int prot)
{
	if (hi <= lo)
		return 0;
	if (mmap(h(p, lo), hi - lo, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0) == MAP_FAILED)
		return -errno;
	return 0;
}

static int copy_in(const struct plan *p, int fd, gaddr_t va, uint64_t off,
		   uint64_t len)
{
	uint8_t *dst = h(p, va);

	while (len) {
		ssize_t n = pread(fd, dst, len > (1u << 30) ? (1u << 30) : len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		dst += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int map_segment(const struct plan *p, unsigned i, int fd)
{
	const struct elf_seg *s = &p->img->segs[i];
	uint64_t hp = p->hpage;
	gaddr_t va = s->vaddr + p->bias;
	gaddr_t start = ALIGN_DOWN(va, hp);
	gaddr_t file_end = va + s->filesz, mem_end = va + s->memsz;
	gaddr_t anon_start = start;
	bool shared = false;
	int r;

	if (i) {
		const struct elf_seg *q = &p->img->segs[i - 1];
		shared = start < ALIGN_UP(q->vaddr + p->bias + q->memsz, hp);
	}
	if (s->filesz && !shared && (va - s->offset) % hp == 0) {
		void *m = mmap(h(p, start), ALIGN_UP(file_end, hp) - start,
			       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd,
			       s->offset - (va - start));
		if (m != MAP_FAILED) {
			if (s->memsz > s->filesz)
				memset(h(p, file_end), 0,
				       ALIGN_UP(file_end, hp) - file_end);
			return map_anon(p, ALIGN_UP(file_end, hp),
					ALIGN_UP(mem_end, hp),
					PROT_READ | PROT_WRITE);
		}
		/* a file system without mmap: copy instead */
	}
	if (shared) {
		/* the first page is the previous segment's last one */
		if (mprotect(h(p, start), hp, PROT_READ | PROT_WRITE) < 0)
			return -errno;
		anon_start = start + hp;
		memset(h(p, va), 0, (mem_end < anon_start ? mem_end : anon_start) - va);
	}
	if (anon_start < ALIGN_UP(mem_end, hp) &&
	    (r = map_anon(p, anon_start, ALIGN_UP(mem_end, hp),
			  PROT_READ | PROT_WRITE)))
		return r;
	return s->filesz ? copy_in(p, fd, va, s->offset, s->filesz) : 0;
}

/* Final protections: each segment its own, a shared page the union;
 * the VMA list L learns them, the image's gaps as hidden. */
static int protect_segments(const struct plan *p, struct vma_list *l)
{
	const struct elf_image *img = p->img;
	uint64_t hp = p->hpage;

	for (unsigned i = 0; i < img->n_segs; i++) {
		const struct elf_seg *s = &img->segs[i];
		gaddr_t lo = ALIGN_DOWN(s->vaddr + p->bias, hp);
		gaddr_t hi = ALIGN_UP(s->vaddr + p->bias + s->memsz, hp);

		if (mprotect(h(p, lo), hi - lo, host_prot(s->flags)) < 0)
			return -errno;
		vma_map(l, lo, hi, guest_prot(s->flags), 0);
	}
	for (unsigned i = 0; i < img->n_segs; i++) {
		const struct elf_seg *s = &img->segs[i];
		gaddr_t edge[2] = { ALIGN_DOWN(s->vaddr + p->bias, hp),
				    ALIGN_DOWN(s->vaddr + p->bias + s->memsz - 1, hp) };

		for (unsigned e = 0; e < 2; e++) {
			unsigned pf = 0, n = 0;

			for (unsigned j = 0; j < img->n_segs; j++) {
				const struct elf_seg *t = &img->segs[j];
				gaddr_t lo = ALIGN_DOWN(t->vaddr + p->bias, hp);
				gaddr_t hi = ALIGN_UP(t->vaddr + p->bias + t->memsz, hp);
				if (edge[e] >= lo && edge[e] < hi) {
					pf |= t->flags;
					n++;
				}
			}
			if (n > 1 && mprotect(h(p, edge[e]), hp, host_prot(pf)) < 0)
				return -errno;
			if (n > 1)
				vma_map(l, edge[e], edge[e] + hp, guest_prot(pf), 0);
		}
	}
	return 0;
}

/* Map IMG's segments as planned in P and record them in L. */
static int map_image(const struct plan *p, int fd, struct vma_list *l,
		     char *err, size_t errlen)
{
	const struct elf_image *img = p->img;
	int r;

	for (unsigned i = 0; i < img->n_segs; i++) {
		if ((r = map_segment(p, i, fd)))
			return fail(err, errlen, -r, "cannot map segment at 0x%llx: %s",
				    (unsigned long long)(img->segs[i].vaddr + p->bias),
				    strerror(-r));
	}
	/* the gaps between segments stay reserved, out of the guest's sight */
	vma_map(l, p->img_lo, p->img_hi, PROT_NONE, VMA_HIDDEN);
	if ((r = protect_segments(p, l)))
		return fail(err, errlen, -r, "cannot protect segments: %s", strerror(-r));
	return 0;
}

/* Linux's start_code/end_code/start_data/end_data (binfmt_elf). */
static void code_and_data(struct process *proc, const struct plan *p)
{
	const struct elf_image *img = p->img;
	gaddr_t sc = ~(gaddr_t)0, ec = 0, sd = 0, ed = 0;

	for (unsigned i = 0; i < img->n_segs; i++) {
		const struct elf_seg *s = &img->segs[i];
		gaddr_t k = s->vaddr + p->bias, end = k + s->filesz;
		if ((s->flags & PF_X) && k < sc)
			sc = k;
		if ((s->flags & PF_X) && end > ec)
			ec = end;
		if (k > sd)
			sd = k;
		if (end > ed)
			ed = end;
	}
	proc->code_start = sc == ~(gaddr_t)0 ? 0 : sc;
	proc->code_end = ec;
	proc->data_start = sd;
	proc->data_end = ed;
}

int mm_load(struct process *proc, const struct elf_image *img, int fd,
	    uint64_t stack_size, char *err, size_t errlen)
{
	struct plan p = { .img = img };
	struct vma_list *l = vma_list(proc);
	int r;

	p.hpage = sysconf(_SC_PAGESIZE);
	p.gpage = img->arch->page_size ? img->arch->page_size : 4096;
	p.guard = p.gpage > p.hpage ? p.gpage : p.hpage;
	stack_size = ALIGN_UP(stack_size, p.guard);

	if (img->cls != ELFCLASS64 || !plan_zero_base(&p, stack_size)) {
		if ((r = plan_window(&p, stack_size, err, errlen)))
			return r;
		vma_map(l, p.win_lo, p.win_hi, PROT_NONE, VMA_HIDDEN);
		l->keep_lo = p.win_lo;
		l->keep_hi = p.win_hi;
	}

	if ((r = map_image(&p, fd, l, err, errlen)))
		return r;
	/* the stack above its guard page; the guard stays reserved PROT_NONE */
	if ((r = map_anon(&p, p.stk_lo + p.guard, p.stk_top, PROT_READ | PROT_WRITE)))
		return fail(err, errlen, -r, "cannot map a stack of %llu bytes: %s",
			    (unsigned long long)stack_size, strerror(-r));
	vma_map(l, p.stk_lo, p.stk_lo + p.guard, PROT_NONE, VMA_HIDDEN);
	vma_map(l, p.stk_lo + p.guard, p.stk_top, PROT_READ | PROT_WRITE, VMA_STACK);

	proc->arch = img->arch;
	proc->guest_base = p.guest_base;
	proc->load_bias = p.bias;
	proc->entry = img->entry + p.bias;
	proc->phdr = img->phdr ? img->phdr + p.bias : 0;
	proc->phnum = img->phnum;
	proc->phent = img->phent;
	proc->interp_base = 0;
	code_and_data(proc, &p);
	proc->brk_start = proc->brk_cur = p.img_hi;
	/* brk may grow up to whatever warp placed above the program */
	proc->brk_limit = p.stk_lo > p.img_hi ? p.stk_lo
		: (img->cls == ELFCLASS64 ? ELF_GUEST_LIMIT_64 : ELF_GUEST_LIMIT_32);
	proc->stack_top = p.stk_top;
	proc->stack_limit = p.stk_lo + p.guard;
	proc->mmap_next = img->arch->mmap_base ? img->arch->mmap_base
		: ALIGN_UP(p.img_hi, 1ull << 30) + (1ull << 30);
	return 0;
}

/*
 * The ELF interpreter: an ET_DYN image placed where guest mmap(NULL)
 * would start (proc->mmap_next), or the next free place above it; guest
 * mmaps then continue above it.
 */
int mm_load_interp(struct process *proc, const struct elf_image *img, int fd,
		   gaddr_t *entry, char *err, size_t errlen)
{
	struct plan p = { .img = img, .guest_base = proc->guest_base };
	struct vma_list *l = vma_list(proc);
	gaddr_t limit = img->cls == ELFCLASS64 ? ELF_GUEST_LIMIT_64
					       : ELF_GUEST_LIMIT_32;
	bool placed = false;
	int r;

	p.hpage = sysconf(_SC_PAGESIZE);
	p.gpage = img->arch->page_size ? img->arch->page_size : 4096;
	p.guard = p.gpage > p.hpage ? p.gpage : p.hpage;
	if (img->type != ET_DYN)
		return fail(err, errlen, ENOEXEC, "the interpreter is not a "
			    "shared object (ET_DYN)");
	/* inside a reserved window: a free part of it */
	if (l->keep_hi) {
		uint64_t align = img->align > p.gpage ? img->align : p.gpage;
		gaddr_t at = vma_hidden_fit(l, proc->mmap_next, img->hi - img->lo,
					    align);
		if (at) {
			place_image(&p, at);
			placed = p.img_hi <= limit;
		}
	}
	/* else free host address space above mmap_next */
	for (unsigned k = 0; k < 64 && !placed; k++) {
		place_image(&p, proc->mmap_next + ((uint64_t)k << 28));
		if (p.img_hi > limit || p.img_lo < proc->mmap_next)
			break;
		placed = reserve_at(p.img_lo + p.guest_base, p.img_hi - p.img_lo);
	}
	if (!placed)
		return fail(err, errlen, ENOMEM, "no room for the interpreter "
			    "(0x%llx bytes) in the guest address space",
			    (unsigned long long)(img->hi - img->lo));
	if ((r = map_image(&p, fd, l, err, errlen))) {
		munmap(h(&p, p.img_lo), p.img_hi - p.img_lo);
		vma_unmap(l, p.img_lo, p.img_hi);
		return r;
	}
	proc->interp_base = p.bias;
	proc->mmap_next = ALIGN_UP(p.img_hi, 1ull << 20);
	*entry = img->entry + p.bias;
	return 0;
}
