/*
 * process.h - the state of one guest process, shared by its cpus.
 *
 * Owned by loader/ (which fills it from the command line and the ELF file);
 * syscalls/ and signals/ read and update it.  Nothing here is touched by
 * generated code.
 */
#ifndef WARP_PROCESS_H
#define WARP_PROCESS_H

#include <stdint.h>
#include <stdio.h>
#include "util.h"

struct guest_arch;
struct tcache;
struct sysroot;
struct vma_list;

struct options {
	const char *backend;        /* "jit" or "interp" */
	const char *log_items;      /* -d */
	const char *log_file;       /* -D */
	const char *argv0;          /* -0 */
	uint64_t stack_size;        /* -s */
	const char *sysroot;        /* -L */
	const char *strace_file;    /* -strace (NULL = off, "" = stderr) */
	const char *cpu_model;      /* -cpu */
	const char *cache;          /* --cache: directory, NULL = default, "" = off */
	bool perfmap;               /* -perfmap */
	char **env_set;             /* -E NAME=VALUE, NULL-terminated */
	char **env_unset;           /* -U NAME, NULL-terminated */
	unsigned n_env_set, n_env_unset;
};

struct process {
	const struct guest_arch *arch;
	struct tcache *tc;
	struct options opt;
	char *exe_path;             /* host path of the guest program */
	char *execfn;               /* the name it was started by (AT_EXECFN) */
	char *warp_exe;             /* warp itself, for a guest's execve */
	int vfork_parent;           /* vfork child: the pid of the parent
				     * that waits (syscalls/process.c) */
	/* for execve: is the ELF file open at FD a guest warp runs?  0 and
	 * *ARCH set (NULL: not a guest's, the host decides), or -ENOEXEC
	 * when it is a guest's but cannot load (loader/main.c).  INTERP (N
	 * bytes) receives its PT_INTERP, "" when it has none. */
	int (*elf_check)(int fd, const struct guest_arch **arch, char *interp,
			 size_t n);
	/* for /proc/PID/exe of another warp: the index of the program in a
	 * warp command line ARGV (ARGC words), -1 if none (loader/main.c) */
	int (*prog_index)(int argc, char **argv);
	struct sysroot *root;       /* the guest's file system view (syscalls/path.c) */

	/* address space (loader/mm.c) */
	uint64_t guest_base;        /* host address of guest 0; cpu_new copies it */
	gaddr_t load_bias;          /* ET_DYN programs */
	gaddr_t entry;
	gaddr_t phdr;               /* AT_PHDR */
	unsigned phnum, phent;
	gaddr_t interp_base;        /* AT_BASE */
	gaddr_t brk_start, brk_cur, brk_limit;
	gaddr_t stack_top, stack_limit;
	gaddr_t mmap_next;
	gaddr_t auxv_addr;          /* guest auxv (for /proc/self/auxv later) */
	uint64_t auxv_len;
	gaddr_t code_start, code_end; /* the program's text and data, */
	gaddr_t data_start, data_end; /* and the initial sp, for */
	gaddr_t stack_start;          /* /proc/self/stat */
	gaddr_t arg_start, arg_end; /* guest argv strings (/proc/self/cmdline) */
	gaddr_t env_start, env_end; /* guest envp strings (/proc/self/environ) */
	struct vma_list *vmas;      /* the guest's mappings (loader/vma.h) */

	/* syscalls */
	FILE *strace;
	uint8_t enosys_logged[1024 / 8];
	int exit_code;
	/* guest signal dispositions recorded by rt_sigaction, index signo - 1
	 * (delivery is signals/' business) */
	struct guest_sigaction {
		uint64_t handler, flags, restorer, mask;
	} sigact[64];
	/* memory of warp itself that a guest MAP_FIXED must not replace
	 * (code buffer, stacks, ...): sys_note_warp_region() */
	struct warp_region { uint64_t start, end; } warp_regions[32];
	unsigned n_warp_regions;
};

#endif
