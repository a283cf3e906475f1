/*
 * vma.h - the guest's mappings, as the guest made them.
 *
 * Every guest mapping is a host mapping at guest address + guest_base,
 * but the host address space also holds warp (its image, heap, code
 * buffer, stacks).  The VMA list says which host mappings are the guest's,
 * with the protection the guest asked for (the host's may differ: code
 * pages are write-protected by the translator, executable pages are
 * readable for the decoder).  It is fed by the loader (loader/mm.c) and
 * by brk/mmap/munmap/mprotect/mremap (syscalls/mem.c), and read by the
 * MAP_FIXED rule (a guest may replace only its own mappings or unused
 * addresses) and by /proc/self/maps (syscalls/proc_fs.c).
 *
 * A hidden VMA is address space warp holds for the guest without the
 * guest having mapped it (PROT_NONE reservations: gaps inside a loaded
 * ELF, the stack guard, a 32-bit guest's window).  The guest may map over
 * it but does not see it.
 *
 * Invariant: the list is sorted by address and its VMAs are disjoint;
 * adjacent VMAs with the same protection and flags are merged.
 */
#ifndef WARP_VMA_H
#define WARP_VMA_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "util.h"

struct process;

enum {
	VMA_HIDDEN = 1u << 0,   /* reserved for the guest, not mapped by it */
	VMA_HEAP = 1u << 1,     /* the brk area: [heap] */
	VMA_STACK = 1u << 2,    /* the initial stack: [stack] */
};

struct vma {
	gaddr_t start, end;     /* page-aligned, start < end */
	int prot;               /* the guest's PROT_* */
	unsigned flags;         /* VMA_* */
};

struct vma_list {
	pthread_mutex_t lock;   /* recursive: callers may hold it around
				 * a check and the change it allows */
	struct vma *v;
	unsigned n, cap;
	/* guest addresses unmapped inside [keep_lo, keep_hi) go back to a
	 * hidden reservation instead of to the host (a reserved window) */
	gaddr_t keep_lo, keep_hi;
};

/* PROC's list, created empty on first use. */
struct vma_list *vma_list(struct process *proc);

void vma_lock(struct vma_list *l);
void vma_unlock(struct vma_list *l);

/* [start, end) is now one VMA with PROT and FLAGS, whatever was there. */
void vma_map(struct vma_list *l, gaddr_t start, gaddr_t end, int prot,
	     unsigned flags);
/* Nothing of the guest's is left in [start, end). */
void vma_unmap(struct vma_list *l, gaddr_t start, gaddr_t end);
/* The visible VMAs in [start, end) get PROT (hidden ones stay hidden). */
void vma_protect(struct vma_list *l, gaddr_t start, gaddr_t end, int prot);
/* Is all of [start, end) covered by VMAs with none of the flags AVOID? */
bool vma_covered(struct vma_list *l, gaddr_t start, gaddr_t end,
		 unsigned avoid);
/* Does any VMA with one of the flags ANY (0: any VMA) meet [start, end)? */
bool vma_meets(struct vma_list *l, gaddr_t start, gaddr_t end, unsigned any);
/* The VMA holding ADDR, copied to *OUT: false if none. */
bool vma_find(struct vma_list *l, gaddr_t addr, struct vma *out);
/*
 * The lowest address at or above FROM, aligned to ALIGN, where LEN bytes
 * lie inside one hidden VMA (a reservation the guest may map over), or 0.
 */
gaddr_t vma_hidden_fit(struct vma_list *l, gaddr_t from, uint64_t len,
		       uint64_t align);
/*
 * The VMAs meeting [start, end), clipped to it, in a malloc'd array
 * (*OUT, NULL when none): their number.
 */
unsigned vma_get(struct vma_list *l, gaddr_t start, gaddr_t end,
		 struct vma **out);

#endif
