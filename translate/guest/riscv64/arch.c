/*
 * arch.c - the riscv64 guest descriptor: ELF facts, address-space layout,
 * registers as IR globals, CPU state set-up, and the entry points of the
 * decoder and disassembler.
 *
 * The block key (tb_flags) is frm, the dynamic rounding mode, in bits
 * 0-2: a block resolves rm=dyn at translation time.  An invalid frm (5-7)
 * is a legal key; dynamic-rm instructions in such a block are illegal and
 * the host rounding mode stays RNE.
 */
#include <string.h>
#include "rv.h"
#include "fpu.h"
#include "guest.h"
#include "syscalls/syscall.h"

/* e_flags bits of the RISC-V ELF psABI */
#define RV_EF_RVC 0x1
#define RV_EF_FLOAT_ABI 0x6
#define RV_EF_FLOAT_ABI_SOFT 0x0
#define RV_EF_FLOAT_ABI_SINGLE 0x2
#define RV_EF_FLOAT_ABI_DOUBLE 0x4
#define RV_EF_RVE 0x8

/* AT_HWCAP: one bit per single-letter extension, bit (letter - 'A') */
#define RV_HWCAP(c) (1ull << ((c) - 'A'))

static const char *rv_elf_flags_check(uint32_t e_flags)
{
	if (e_flags & RV_EF_RVE)
		return "RV64E program (16 integer registers, ilp32e/lp64e ABI): "
		       "warp runs RV64GC programs only";
	switch (e_flags & RV_EF_FLOAT_ABI) {
	case RV_EF_FLOAT_ABI_DOUBLE:
		return NULL;
	case RV_EF_FLOAT_ABI_SOFT:
		return "soft-float (lp64) program: warp runs the lp64d "
		       "(double-float) ABI only";
	case RV_EF_FLOAT_ABI_SINGLE:
		return "single-float (lp64f) program: warp runs the lp64d "
		       "(double-float) ABI only";
	default:
		return "quad-float (lp64q) program: warp runs the lp64d "
		       "(double-float) ABI only";
	}
}

#define X(i, n) { n, IR_I64, CPU_OFF(env) + RV_OFF_X(i) }
#define F(i, n) { n, IR_F64, CPU_OFF(env) + RV_OFF_F(i) }

static const struct ir_global rv_globals[RV_N_GLOBALS] = {
	X(1, "ra"), X(2, "sp"), X(3, "gp"), X(4, "tp"), X(5, "t0"), X(6, "t1"),
	X(7, "t2"), X(8, "s0"), X(9, "s1"), X(10, "a0"), X(11, "a1"),
	X(12, "a2"), X(13, "a3"), X(14, "a4"), X(15, "a5"), X(16, "a6"),
	X(17, "a7"), X(18, "s2"), X(19, "s3"), X(20, "s4"), X(21, "s5"),
	X(22, "s6"), X(23, "s7"), X(24, "s8"), X(25, "s9"), X(26, "s10"),
	X(27, "s11"), X(28, "t3"), X(29, "t4"), X(30, "t5"), X(31, "t6"),
	F(0, "ft0"), F(1, "ft1"), F(2, "ft2"), F(3, "ft3"), F(4, "ft4"),
	F(5, "ft5"), F(6, "ft6"), F(7, "ft7"), F(8, "fs0"), F(9, "fs1"),
	F(10, "fa0"), F(11, "fa1"), F(12, "fa2"), F(13, "fa3"), F(14, "fa4"),
	F(15, "fa5"), F(16, "fa6"), F(17, "fa7"), F(18, "fs2"), F(19, "fs3"),
	F(20, "fs4"), F(21, "fs5"), F(22, "fs6"), F(23, "fs7"), F(24, "fs8"),
	F(25, "fs9"), F(26, "fs10"), F(27, "fs11"), F(28, "ft8"), F(29, "ft9"),
	F(30, "ft10"), F(31, "ft11"),
};

static void rv_cpu_init(struct cpu *cpu)
{
	struct rv_state *rv = RV(cpu);

	memset(rv, 0, sizeof(*rv));
	rv->res_addr = ~0ull;
}

static void rv_set_entry(struct cpu *cpu, gaddr_t pc, gaddr_t sp)
{
	cpu->pc = pc;
	RV(cpu)->x[RV_SP] = sp;
}

static uint32_t rv_tb_flags(const struct cpu *cpu)
{
	return RV(cpu)->frm & RV_TBF_FRM;
}

static unsigned rv_tb_flags_rm(uint32_t flags)
{
	unsigned frm = flags & RV_TBF_FRM;

	return frm <= IR_RM_RMM ? frm : IR_RM_RNE;
}

static void rv_dump_regs(const struct cpu *cpu, FILE *f)
{
	const struct rv_state *rv = RV(cpu);

	fprintf(f, "pc  %016llx\n", (unsigned long long)cpu->pc);
	for (int i = 0; i < 32; i++)
		fprintf(f, "x%-2d %-4s %016llx%s", i, i ? rv_globals[i - 1].name : "zero",
			(unsigned long long)rv->x[i], i % 4 == 3 ? "\n" : "  ");
	for (int i = 0; i < 32; i++)
		fprintf(f, "f%-2d %-4s %016llx%s", i, rv_globals[RV_GLOBAL_F(i)].name,
			(unsigned long long)rv->f[i], i % 4 == 3 ? "\n" : "  ");
	fprintf(f, "fflags %02x (+%02x pending in MXCSR)  frm %u\n", rv->fflags,
		rv_mxcsr_to_fflags(fpu_get_mxcsr()), rv->frm);
}

const struct guest_arch arch_riscv64 = {
	.name = "riscv64",
	.uname_machine = "riscv64",
	.elf_machine = 243,             /* EM_RISCV */
	.elf_class = 2,                 /* ELFCLASS64 */
	.elf_data = 1,                  /* ELFDATA2LSB */
	.elf_flags_check = rv_elf_flags_check,
	.page_size = 4096,
	.insn_align = 2,
	.max_insn_len = 4,
	.hwcap = RV_HWCAP('I') | RV_HWCAP('M') | RV_HWCAP('A') | RV_HWCAP('F') |
		 RV_HWCAP('D') | RV_HWCAP('C'),
	.hwcap2 = 0,
	.platform = NULL,
	/* Sv39 user space ends at 0x4000000000 */
	.stack_top = 0x3fff800000ull,
	.dyn_base = 0x2aaaaaa000ull,
	.mmap_base = 0x3000000000ull,
	/* sizeof(struct rt_sigframe) of Linux without the V extension */
	.minsigstksz = 1088,
	/* Debian's libc6-riscv64-cross, then qemu-user's binfmt prefix */
	.sysroots = (const char *const[]){ "/usr/riscv64-linux-gnu",
					   "/etc/qemu-binfmt/riscv64", NULL },
	.default_interp = "/lib/ld-linux-riscv64-lp64d.so.1",
	.sysroot_package = "libc6-riscv64-cross",
	.globals = rv_globals,
	.n_globals = RV_N_GLOBALS,
	.cpu_init = rv_cpu_init,
	.set_entry = rv_set_entry,
	.tb_flags = rv_tb_flags,
	.tb_flags_rm = rv_tb_flags_rm,
	.dump_regs = rv_dump_regs,
	.translate_block = rv_translate_block,
	.disas = rv_disas,
	.sys = &sys_abi_riscv64,
};
