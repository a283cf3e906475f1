/*
 * guest.h - the descriptor of one guest architecture.
 *
 * Every layer reaches arch-specific code only through this table: the
 * translator calls translate_block, the loader reads the ELF facts and
 * init_registers, syscalls/ reads the syscall ABI.  Adding an arch adds one
 * descriptor and one line in translate/guest/registry.c.
 */
#ifndef WARP_GUEST_H
#define WARP_GUEST_H

#include <stdint.h>
#include <stdio.h>
#include "util.h"
#include "ir.h"

struct cpu;
struct sys_abi;

struct guest_arch {
	const char *name;               /* "riscv64" */
	const char *uname_machine;      /* what uname(2) reports */
	/* ELF facts */
	uint16_t elf_machine;           /* EM_RISCV */
	uint8_t elf_class;              /* ELFCLASS64 */
	uint8_t elf_data;               /* ELFDATA2LSB */
	/* check e_flags; on failure return a message saying what is wrong */
	const char *(*elf_flags_check)(uint32_t e_flags);
	unsigned page_size;
	unsigned insn_align;            /* 2 with compressed instructions */
	unsigned max_insn_len;
	uint64_t hwcap, hwcap2;         /* AT_HWCAP, AT_HWCAP2 */
	const char *platform;           /* AT_PLATFORM or NULL */
	gaddr_t stack_top;              /* preferred top of the initial stack */
	gaddr_t dyn_base;               /* load address of ET_DYN programs */
	gaddr_t mmap_base;              /* where guest mmap(NULL) starts looking */
	unsigned minsigstksz;           /* AT_MINSIGSTKSZ */
	/* where the guest's libraries usually are, when no -L is given:
	 * directories tried in order (NULL-terminated), the program
	 * interpreter they must hold, and the package that installs it */
	const char *const *sysroots;
	const char *default_interp;
	const char *sysroot_package;

	/* registers as IR globals */
	const struct ir_global *globals;
	unsigned n_globals;

	/* CPU state */
	void (*cpu_init)(struct cpu *cpu);
	void (*set_entry)(struct cpu *cpu, gaddr_t pc, gaddr_t sp);
	uint32_t (*tb_flags)(const struct cpu *cpu);  /* mode flags key */
	unsigned (*tb_flags_rm)(uint32_t flags);      /* host rounding mode */
	void (*dump_regs)(const struct cpu *cpu, FILE *f);

	/*
	 * Decode the block at ir->pc for ir->flags into IR.  Reads guest code
	 * through cpu (guest memory), stops at a branch, page end or the
	 * instruction limit.  Returns 0 or -EFAULT when the first
	 * instruction cannot be fetched (then the caller raises SIGSEGV).
	 */
	int (*translate_block)(struct cpu *cpu, struct ir_block *ir,
			       unsigned max_insns);
	/* Disassemble one instruction at PC into BUF; returns its length or 0. */
	unsigned (*disas)(gaddr_t pc, const uint8_t *code, size_t avail,
			  char *buf, size_t bufsz);

	/* OS side (syscalls/<arch>.c, signals/<arch>.c) */
	const struct sys_abi *sys;
};

extern const struct guest_arch arch_riscv64;

/* registry.c: every arch warp supports */
extern const struct guest_arch *const guest_arches[];
const struct guest_arch *guest_arch_by_elf(uint16_t machine, uint8_t cls,
					   uint8_t data);
const struct guest_arch *guest_arch_by_name(const char *name);

#endif
