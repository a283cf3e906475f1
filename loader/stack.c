/*
 * stack.c - the initial stack of a guest process, as Linux's binfmt_elf
 * (do_execveat_common + create_elf_tables) builds it.
 *
 *   top  ->  +------------------------------+
 *            | one zero word                |
 *            | execfn string (AT_EXECFN)    |
 *            | envp strings                 |  envp[0] lowest
 *            | argv strings                 |  argv[0] lowest
 *            +-- aligned down to 16 --------+
 *            | platform string (if any)     |
 *            | 16 random bytes (AT_RANDOM)  |
 *            | (padding)                    |
 *            | auxv pairs ... AT_NULL       |
 *            | NULL                         |
 *            | envp[envc-1] ... envp[0]     |
 *            | NULL                         |
 *            | argv[argc-1] ... argv[0]     |
 *   sp   ->  | argc                         |  16-byte aligned
 *            +------------------------------+
 *
 * Words are the guest's pointer size in the guest's byte order, written
 * through put_word() so 32-bit and big-endian guests share the code.  The
 * builder writes through a host view of the guest range (host_top), so the
 * unit test can build into a plain buffer.
 */
#include <errno.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "loader.h"
#include "guest.h"

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

#define CLOCK_TICKS 100         /* AT_CLKTCK: Linux's USER_HZ */
#define MAX_AUXV 32

struct stk {
	uint8_t *host_top;
	gaddr_t top, lo, p;
	unsigned psz;
	bool be;
};

static uint8_t *host(const struct stk *s, gaddr_t a)
{
	return s->host_top - (s->top - a);
}

static void put_word(const struct stk *s, gaddr_t a, uint64_t v)
{
	uint8_t *d = host(s, a);

	for (unsigned i = 0; i < s->psz; i++)
		d[s->be ? s->psz - 1 - i : i] = v >> (8 * i);
}

static int push(struct stk *s, const void *data, size_t n, gaddr_t *at)
{
	if (n > s->p - s->lo)
		return -E2BIG;
	s->p -= n;
	memcpy(host(s, s->p), data, n);
	if (at)
		*at = s->p;
	return 0;
}

/* Push the strings of LIST last first, so LIST[0] ends up lowest. */
static int push_strings(struct stk *s, char *const *list, unsigned n, gaddr_t *addr)
{
	while (n--) {
		int r = push(s, list[n], strlen(list[n]) + 1, &addr[n]);
		if (r)
			return r;
	}
	return 0;
}

static void random_bytes(uint8_t *b, size_t n)
{
	ssize_t got = getrandom(b, n, GRND_NONBLOCK);

	if (got == (ssize_t)n)
		return;
	/* no entropy yet (early boot): still never the same twice */
	struct timespec ts;
	uint64_t x;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	x = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid() << 32 ^
	    (uint64_t)ts.tv_sec;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		b[i] = x;
	}
}

static unsigned count(char *const *v)
{
	unsigned n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* The auxiliary vector in binfmt_elf's order (ARCH_DLINFO first). */
static unsigned build_auxv(const struct process *proc, gaddr_t execfn,
			   gaddr_t platform, gaddr_t random, uint64_t *av)
{
	const struct guest_arch *a = proc->arch;
	unsigned n = 0;

#define AUX(type, val) do { av[n++] = (type); av[n++] = (val); } while (0)
	if (a->minsigstksz)
		AUX(AT_MINSIGSTKSZ, a->minsigstksz);
	AUX(AT_HWCAP, a->hwcap);
	AUX(AT_PAGESZ, a->page_size ? a->page_size : 4096);
	AUX(AT_CLKTCK, CLOCK_TICKS);
	AUX(AT_PHDR, proc->phdr);
	AUX(AT_PHENT, proc->phent);
	AUX(AT_PHNUM, proc->phnum);
	AUX(AT_BASE, proc->interp_base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, proc->entry);
	AUX(AT_UID, getuid());
	AUX(AT_EUID, geteuid());
	AUX(AT_GID, getgid());
	AUX(AT_EGID, getegid());
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	if (a->hwcap2)
		AUX(AT_HWCAP2, a->hwcap2);
	AUX(AT_EXECFN, execfn);
	if (a->platform)
		AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
	return n;
}

int stack_build(struct process *proc, uint8_t *host_top, gaddr_t top,
		uint64_t size, const struct stack_args *args, gaddr_t *spp)
{
	const struct guest_arch *a = proc->arch;
	struct stk s = {
		.host_top = host_top, .top = top, .lo = top - size, .p = top,
		.psz = a->elf_class == ELFCLASS64 ? 8 : 4,
		.be = a->elf_data == ELFDATA2MSB,
	};
	unsigned argc = count(args->argv), envc = count(args->envp);
	uint64_t av[MAX_AUXV * 2], items, need;
	gaddr_t execfn, platform = 0, rnd, sp, *addr;
	uint8_t rbytes[16];
	unsigned nav;
	int r;

	if (size > top || (s.psz == 4 && top > ELF_GUEST_LIMIT_32))
		return -E2BIG;
	addr = calloc((size_t)argc + envc + 1, sizeof *addr);
	if (!addr)
		return -ENOMEM;
	s.p -= s.psz;                   /* the zero word at the very top */
	memset(host(&s, s.p), 0, s.psz);
	if ((r = push(&s, args->execfn, strlen(args->execfn) + 1, &execfn)) ||
	    (r = push_strings(&s, args->envp, envc, addr + argc)) ||
	    (r = push_strings(&s, args->argv, argc, addr)))
		goto out;
	/* the strings are contiguous: argv's, then envp's, then execfn */
	proc->arg_start = s.p;
	proc->arg_end = proc->env_start = argc ? addr[argc - 1] +
		strlen(args->argv[argc - 1]) + 1 : s.p;
	proc->env_end = execfn;
	s.p = ALIGN_DOWN(s.p, 16);
	if (a->platform &&
	    (r = push(&s, a->platform, strlen(a->platform) + 1, &platform)))
		goto out;
	if (args->random)
		memcpy(rbytes, args->random, sizeof rbytes);
	else
		random_bytes(rbytes, sizeof rbytes);
	if ((r = push(&s, rbytes, sizeof rbytes, &rnd)))
		goto out;

	nav = build_auxv(proc, execfn, platform, rnd, av);
	items = 1 + (uint64_t)argc + 1 + envc + 1;
	need = (nav + items) * s.psz + 15;
	r = -E2BIG;
	if (need > s.p - s.lo)
		goto out;
	sp = ALIGN_DOWN(s.p - nav * s.psz - items * s.psz, 16);

	gaddr_t w = sp;
	put_word(&s, w, argc);
	w += s.psz;
	for (unsigned i = 0; i < argc; i++, w += s.psz)
		put_word(&s, w, addr[i]);
	put_word(&s, w, 0);
	w += s.psz;
	for (unsigned i = 0; i < envc; i++, w += s.psz)
		put_word(&s, w, addr[argc + i]);
	put_word(&s, w, 0);
	w += s.psz;
	proc->auxv_addr = w;
	proc->auxv_len = (uint64_t)nav * s.psz;
	for (unsigned i = 0; i < nav; i++, w += s.psz)
		put_word(&s, w, av[i]);
	*spp = sp;
	r = 0;
out:
	free(addr);
	return r;
}
