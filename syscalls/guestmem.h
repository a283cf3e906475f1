/*
 * guestmem.h - fault-safe access to guest memory from warp's own code.
 *
 * Whenever warp itself (not the host kernel) reads or writes a struct in
 * guest memory on the guest's behalf, it goes through these: a bad guest
 * pointer gives -EFAULT, never a crash of warp.
 */
#ifndef WARP_GUESTMEM_H
#define WARP_GUESTMEM_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct cpu;

/* Copy N bytes between guest memory and warp: 0 or -EFAULT.  A failed
 * guest_write may have written a prefix, as the kernel's copy_to_user. */
int guest_read(struct cpu *cpu, void *dst, gaddr_t src, size_t n)
	WARP_UNUSED_RESULT;
int guest_write(struct cpu *cpu, gaddr_t dst, const void *src, size_t n)
	WARP_UNUSED_RESULT;
/* Length of the NUL-terminated guest string at S, looking at no more than
 * MAX bytes: the length, -ENAMETOOLONG when no NUL in MAX bytes, -EFAULT. */
long guest_strnlen(struct cpu *cpu, gaddr_t s, size_t max) WARP_UNUSED_RESULT;
/* Copy the guest string at SRC (NUL included) into DST of SIZE bytes:
 * its length, -ENAMETOOLONG when it does not fit, -EFAULT. */
long guest_strcpy(struct cpu *cpu, char *dst, gaddr_t src, size_t size)
	WARP_UNUSED_RESULT;
/* Does [a, a + n) fit in the guest address space without wrapping? */
bool guest_range_ok(const struct cpu *cpu, gaddr_t a, uint64_t n);

#endif
