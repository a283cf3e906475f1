/*
 * loader.h - interfaces between the parts of the `warp` command (loader/).
 *
 *   main.c     the command: options -> ELF -> address space -> stack -> cpu
 *   options.c  the option table (options.def): parsing, --help, environment
 *   elf.c      ELF validation on a memory buffer (no side effects)
 *   mm.c       guest address space: guest_base, segments, stack mapping
 *   stack.c    the initial stack (argc, argv, envp, auxv) as Linux builds it
 *
 * Errors go back to the caller as a negative errno plus a message in a
 * caller-provided buffer, so that the same code serves the command (which
 * prints "warp: FILE: message"), the unit tests and the fuzzer.
 */
#ifndef WARP_LOADER_H
#define WARP_LOADER_H

#include <stdint.h>
#include <stdio.h>
#include "util.h"
#include "process.h"

struct guest_arch;

/* ---- options.c ---------------------------------------------------- */

enum opt_id {
#define OPT(id, qemu, gnu, arg, env, qemu_env, help, doc) OPT_##id,
#include "options.def"
#undef OPT
	OPT_NUM
};

/* What the command line asks for besides running a program. */
enum opt_action {
	OPT_RUN, OPT_SHOW_HELP, OPT_SHOW_VERSION, OPT_SHOW_LOG_HELP,
	OPT_SHOW_CPU_HELP,
};

/* A user error: "warp: WHAT: MSG". */
struct opt_error {
	char what[64];
	char msg[256];
};

/*
 * Parse the WARP_* / QEMU_* environment (through GET_ENV, so tests can
 * supply their own) and then ARGV, which overrides it.  Returns an
 * enum opt_action and sets *PROG to the index of the program in ARGV
 * (argc when there is none), or -1 with ERR filled in.
 */
int opt_parse(struct options *o, int argc, char **argv,
	      const char *(*get_env)(const char *), int *prog,
	      struct opt_error *err) WARP_UNUSED_RESULT;
void opt_free(struct options *o);
/* "in_asm,op" -> LOG_* mask; -1 with the bad item in ERR on error. */
int opt_log_mask(const char *items, unsigned *mask, struct opt_error *err)
	WARP_UNUSED_RESULT;
/* "8M" -> bytes; -1 on a malformed or out-of-range size. */
int opt_parse_size(const char *s, uint64_t *out) WARP_UNUSED_RESULT;
/* The guest's environment: ENVIRON with -E / -U applied (malloc'd). */
char **opt_guest_env(const struct options *o, char *const *environ);
void opt_print_help(FILE *f);
void opt_print_version(FILE *f);
void opt_print_log_help(FILE *f);
void opt_print_cpu_help(FILE *f);

/* ---- elf.c -------------------------------------------------------- */

struct elf_seg {
	gaddr_t vaddr, memsz;       /* before the load bias */
	uint64_t offset, filesz;
	unsigned flags;             /* PF_R | PF_W | PF_X */
};

/* Everything the loader needs from a validated ELF file. */
struct elf_image {
	const struct guest_arch *arch;
	uint16_t type;              /* ET_EXEC or ET_DYN */
	uint16_t machine;
	uint8_t cls, data;
	uint32_t flags;             /* e_flags */
	gaddr_t entry;              /* before the load bias */
	gaddr_t phdr;               /* AT_PHDR before the bias, 0 if unmapped */
	unsigned phnum, phent;
	struct elf_seg *segs;       /* the PT_LOADs with memsz > 0, by vaddr */
	unsigned n_segs;
	gaddr_t lo, hi;             /* page-aligned span of the segments */
	uint64_t align;             /* largest power-of-two p_align */
	char *interp;               /* PT_INTERP, or NULL */
	bool exec_stack;            /* PT_GNU_STACK asks for PF_X */
	uint64_t file_size;
};

/* Top of the guest address space the loader accepts for each class. */
#define ELF_GUEST_LIMIT_32 (1ull << 32)
#define ELF_GUEST_LIMIT_64 (1ull << 47)

/*
 * Validate the ELF file in BUF[0..LEN) and describe it in IMG.  Reads
 * nothing outside BUF and changes nothing but IMG.  Returns 0, -ENOEXEC
 * with a one-line reason in ERR, or -ENOMEM.
 */
int elf_parse(struct elf_image *img, const void *buf, size_t len,
	      char *err, size_t errlen) WARP_UNUSED_RESULT;
void elf_image_free(struct elf_image *img);

/*
 * Open PATH and validate it.  Returns 0 with *FD open on the file, or the
 * exit status a shell would give (127 missing, 126 cannot execute) with
 * the reason in ERR.
 */
int elf_open(const char *path, struct elf_image *img, int *fd,
	     char *err, size_t errlen) WARP_UNUSED_RESULT;

/* ---- mm.c --------------------------------------------------------- */

/*
 * Choose guest_base and the load bias, map IMG's segments from FD and a
 * stack of STACK_SIZE bytes (plus a guard page), and fill PROC's address
 * space fields.  Nothing is mapped unless all of it fits.  Returns 0 or a
 * negative errno with ERR set.
 */
int mm_load(struct process *proc, const struct elf_image *img, int fd,
	    uint64_t stack_size, char *err, size_t errlen) WARP_UNUSED_RESULT;

/*
 * Map the ELF interpreter IMG (ET_DYN) from FD above proc->mmap_next, set
 * proc->interp_base (AT_BASE) and *ENTRY (where the guest starts), and
 * move mmap_next past it.  After mm_load().  0 or -errno with ERR set.
 */
int mm_load_interp(struct process *proc, const struct elf_image *img, int fd,
		   gaddr_t *entry, char *err, size_t errlen) WARP_UNUSED_RESULT;

static inline void *mm_g2h(const struct process *proc, gaddr_t a)
{
	return (void *)(uintptr_t)(a + proc->guest_base);
}

/* ---- stack.c ------------------------------------------------------ */

struct stack_args {
	char *const *argv;          /* argv[0] is what the guest sees */
	char *const *envp;
	const char *execfn;         /* AT_EXECFN */
	const uint8_t *random;      /* 16 bytes for AT_RANDOM; NULL: getrandom */
};

/*
 * Build the initial stack below guest address TOP, whose host view ends at
 * HOST_TOP, using at most SIZE bytes.  Reads the auxv facts from PROC
 * (arch, entry, phdr, phnum, phent, interp_base) and sets proc->auxv_addr
 * and auxv_len.  Returns 0 with *SP set, or -E2BIG.
 */
int stack_build(struct process *proc, uint8_t *host_top, gaddr_t top,
		uint64_t size, const struct stack_args *a, gaddr_t *sp)
	WARP_UNUSED_RESULT;

#endif
