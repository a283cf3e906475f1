/*
 * vma.c - the list of the guest's mappings (see vma.h for its meaning).
 *
 * A sorted array: a process has tens to a few thousand mappings, and
 * every change is a binary search plus a memmove, which beats a tree at
 * that size and keeps /proc/self/maps a plain walk.
 *
 *   vma_map      carve [start, end) out of what is there, insert, merge
 *   vma_unmap    carve
 *   vma_protect  vma_map of each visible piece with the new protection
 */
#include <stdlib.h>
#include <string.h>

#include "vma.h"
#include "process.h"

struct vma_list *vma_list(struct process *proc)
{
	pthread_mutexattr_t at;
	struct vma_list *l = proc->vmas;

	if (l)
		return l;
	l = xcalloc(1, sizeof *l);
	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&l->lock, &at);
	pthread_mutexattr_destroy(&at);
	proc->vmas = l;
	return l;
}

void vma_lock(struct vma_list *l)
{
	pthread_mutex_lock(&l->lock);
}

void vma_unlock(struct vma_list *l)
{
	pthread_mutex_unlock(&l->lock);
}

/* The first VMA ending after ADDR (n if none). */
static unsigned first_after(const struct vma_list *l, gaddr_t addr)
{
	unsigned lo = 0, hi = l->n;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (l->v[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void insert_at(struct vma_list *l, unsigned i, const struct vma *v)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memmove(&l->v[i + 1], &l->v[i], (l->n - i) * sizeof *l->v);
	l->v[i] = *v;
	l->n++;
}

static void remove_at(struct vma_list *l, unsigned i)
{
	memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
	l->n--;
}

/* Remove [s, e) from the list; returns where a VMA at s would go. */
static unsigned carve(struct vma_list *l, gaddr_t s, gaddr_t e)
{
	unsigned i = first_after(l, s), at = i;

	while (i < l->n && l->v[i].start < e) {
		struct vma *v = &l->v[i];

		if (v->start < s && v->end > e) {       /* split in two */
			struct vma tail = *v;
			tail.start = e;
			v->end = s;
			insert_at(l, i + 1, &tail);
			return i + 1;
		}
		if (v->start < s) {
			v->end = s;
			at = ++i;
		} else if (v->end > e) {
			v->start = e;
			break;
		} else {
			remove_at(l, i);
		}
	}
	return at;
}

static bool same(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->prot == b->prot && a->flags == b->flags;
}

void vma_map(struct vma_list *l, gaddr_t start, gaddr_t end, int prot,
	     unsigned flags)
{
	struct vma v = { start, end, prot, flags };
	unsigned i;

	if (start >= end)
		return;
	vma_lock(l);
	i = carve(l, start, end);
	insert_at(l, i, &v);
	if (i + 1 < l->n && same(&l->v[i], &l->v[i + 1])) {
		l->v[i].end = l->v[i + 1].end;
		remove_at(l, i + 1);
	}
	if (i > 0 && same(&l->v[i - 1], &l->v[i])) {
		l->v[i - 1].end = l->v[i].end;
		remove_at(l, i);
	}
	vma_unlock(l);
}

void vma_unmap(struct vma_list *l, gaddr_t start, gaddr_t end)
{
	if (start >= end)
		return;
	vma_lock(l);
	carve(l, start, end);
	vma_unlock(l);
}

unsigned vma_get(struct vma_list *l, gaddr_t start, gaddr_t end,
		 struct vma **out)
{
	unsigned i, k, n = 0;

	*out = NULL;
	vma_lock(l);
	for (i = first_after(l, start); i < l->n && l->v[i].start < end; i++)
		n++;
	if (n) {
		*out = xmalloc(n * sizeof **out);
		for (i = first_after(l, start), k = 0; k < n; i++, k++) {
			struct vma v = l->v[i];
			if (v.start < start)
				v.start = start;
			if (v.end > end)
				v.end = end;
			(*out)[k] = v;
		}
	}
	vma_unlock(l);
	return n;
}

void vma_protect(struct vma_list *l, gaddr_t start, gaddr_t end, int prot)
{
	struct vma *v;
	unsigned n;

	vma_lock(l);
	n = vma_get(l, start, end, &v);
	for (unsigned i = 0; i < n; i++)
		if (!(v[i].flags & VMA_HIDDEN))
			vma_map(l, v[i].start, v[i].end, prot, v[i].flags);
	vma_unlock(l);
	free(v);
}

bool vma_covered(struct vma_list *l, gaddr_t start, gaddr_t end, unsigned avoid)
{
	gaddr_t at = start;

	vma_lock(l);
	for (unsigned i = first_after(l, start); i < l->n && at < end; i++) {
		const struct vma *v = &l->v[i];
		if (v->start > at || (v->flags & avoid))
			break;
		at = v->end;
	}
	vma_unlock(l);
	return at >= end;
}

bool vma_meets(struct vma_list *l, gaddr_t start, gaddr_t end, unsigned any)
{
	bool hit = false;

	vma_lock(l);
	for (unsigned i = first_after(l, start); i < l->n && l->v[i].start < end; i++)
		if (!any || (l->v[i].flags & any)) {
			hit = true;
			break;
		}
	vma_unlock(l);
	return hit;
}

bool vma_find(struct vma_list *l, gaddr_t addr, struct vma *out)
{
	unsigned i;
	bool ok;

	vma_lock(l);
	i = first_after(l, addr);
	ok = i < l->n && l->v[i].start <= addr;
	if (ok)
		*out = l->v[i];
	vma_unlock(l);
	return ok;
}

gaddr_t vma_hidden_fit(struct vma_list *l, gaddr_t from, uint64_t len,
		       uint64_t align)
{
	gaddr_t at = 0;

	vma_lock(l);
	for (unsigned i = first_after(l, from); i < l->n; i++) {
		const struct vma *v = &l->v[i];
		gaddr_t s = ALIGN_UP(v->start > from ? v->start : from, align);

		if ((v->flags & VMA_HIDDEN) && s >= from && s < v->end &&
		    v->end - s >= len) {
			at = s;
			break;
		}
	}
	vma_unlock(l);
	return at;
}
