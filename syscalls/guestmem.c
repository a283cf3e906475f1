/*
 * guestmem.c - fault-safe copies between guest memory and warp.
 *
 * Each copy arms the thread's recovery point (signals/fault.h): a
 * SIGSEGV/SIGBUS taken while it is armed siglongjmps back here and the copy
 * returns -EFAULT.  The handler is installed with SA_NODEFER, so jumping
 * out of it leaves the signal mask as it was and sigsetjmp need not save
 * the mask: arming costs a sigsetjmp without a syscall (a few ns).
 *
 * Why not process_vm_readv/writev on ourselves: they need no handler, but
 * every copy is then a syscall (~0.3-1 us plus page-table walks in the
 * kernel), and most copies here are 8 to 144 bytes (an iovec, a timespec,
 * a struct stat).  The recovery point is ~50x cheaper on that path and
 * only the rare fault pays for the signal.
 *
 * Writes into a page that the translator write-protected because it holds
 * translated code fault too; the host handler recognises those first
 * (tb_page_write_fault), drops the page's blocks and retries the write, so
 * guest_write needs no tb_prepare_write of its own.
 *
 * Invariant: sig_recover is restored to its previous value on every path
 * out of a copy, so copies nest.
 */
#include <errno.h>
#include <setjmp.h>
#include <string.h>

#include "cpu.h"
#include "guest.h"
#include "guestmem.h"
#include "../signals/fault.h"

bool guest_range_ok(const struct cpu *cpu, gaddr_t a, uint64_t n)
{
	if (a + n < a)
		return false;
	/* 32-bit guests live in a 4 GiB window above guest_base */
	if (cpu->arch && cpu->arch->elf_class == 1 && a + n > (1ull << 32))
		return false;
	if (a + cpu->guest_base < a)
		return false;
	return true;
}

int guest_read(struct cpu *cpu, void *dst, gaddr_t src, size_t n)
{
	sigjmp_buf env;
	sigjmp_buf *saved = sig_recover;

	if (!n)
		return 0;
	if (!guest_range_ok(cpu, src, n))
		return -EFAULT;
	if (sigsetjmp(env, 0)) {
		sig_recover = saved;
		return -EFAULT;
	}
	sig_recover = &env;
	memcpy(dst, g2h(cpu, src), n);
	sig_recover = saved;
	return 0;
}

int guest_write(struct cpu *cpu, gaddr_t dst, const void *src, size_t n)
{
	sigjmp_buf env;
	sigjmp_buf *saved = sig_recover;

	if (!n)
		return 0;
	if (!guest_range_ok(cpu, dst, n))
		return -EFAULT;
	if (sigsetjmp(env, 0)) {
		sig_recover = saved;
		return -EFAULT;
	}
	sig_recover = &env;
	memcpy(g2h(cpu, dst), src, n);
	sig_recover = saved;
	return 0;
}

long guest_strnlen(struct cpu *cpu, gaddr_t s, size_t max)
{
	sigjmp_buf env;
	sigjmp_buf *saved = sig_recover;
	volatile size_t lim = max;
	size_t len;

	if (!max)
		return -ENAMETOOLONG;
	/* a string near the top of the address space is fine as long as its
	 * NUL comes before the end */
	if (!guest_range_ok(cpu, s, 1))
		return -EFAULT;
	if (!guest_range_ok(cpu, s, max))
		lim = (cpu->arch && cpu->arch->elf_class == 1 ? (1ull << 32) : 0) - s;
	if (sigsetjmp(env, 0)) {
		sig_recover = saved;
		return -EFAULT;
	}
	sig_recover = &env;
	/* glibc's strnlen reads aligned words: it never touches a page the
	 * string does not reach */
	len = strnlen(g2h(cpu, s), lim);
	sig_recover = saved;
	return len == lim ? -ENAMETOOLONG : (long)len;
}

long guest_strcpy(struct cpu *cpu, char *dst, gaddr_t src, size_t size)
{
	long len = guest_strnlen(cpu, src, size);
	if (len < 0)
		return len;
	if (guest_read(cpu, dst, src, len + 1) < 0)
		return -EFAULT;
	dst[len] = 0;
	return len;
}
