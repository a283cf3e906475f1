/*
 * riscv64.c - the riscv64 Linux syscall ABI.
 *
 *   ecall: number in a7 (x17), arguments in a0..a5 (x10..x15), result in
 *   a0; the instruction is 4 bytes (there is no compressed ecall).
 *
 * Numbers are the asm-generic ones (asm_generic.def, shared with aarch64)
 * plus riscv64's own from the arch_specific_syscall block (244 + n).  The
 * structs are the asm-generic 64-bit little-endian ones; the kernel's
 * struct sigaction has no sa_restorer on riscv.
 */
#include "internal.h"
#include "guest/riscv64/cpu.h"

#define RV_NR_MAX 463

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const int16_t rv_table[RV_NR_MAX] = {
	[0 ... RV_NR_MAX - 1] = -1,
#define NR(nr, name) [nr] = SC_##name,
#include "asm_generic.def"
#undef NR
	/* arch_specific_syscall + 14, + 15 */
	[258] = SC_riscv_hwprobe,
	[259] = SC_riscv_flush_icache,
};
#pragma GCC diagnostic pop

static void rv_get_args(const struct cpu *cpu, long *nr, uint64_t args[6])
{
	const struct rv_state *s = RV(cpu);
	*nr = (long)s->x[RV_A7];
	for (unsigned i = 0; i < 6; i++)
		args[i] = s->x[RV_A0 + i];
}

static void rv_set_ret(struct cpu *cpu, int64_t ret)
{
	RV(cpu)->x[RV_A0] = (uint64_t)ret;
}

static const struct sys_conv rv_conv = {
	.big_endian = false,
	.long_size = 8,
	.lay = {
		[CONV_STAT] = &conv_stat_generic64,
		[CONV_TIMESPEC] = &conv_timespec64,
		[CONV_TIMEVAL] = &conv_timeval64,
		[CONV_TIMEZONE] = &conv_timezone,
		[CONV_RLIMIT] = &conv_rlimit64_long,
		[CONV_RLIMIT64] = &conv_rlimit64,
		[CONV_TMS] = &conv_tms64,
		[CONV_RUSAGE] = &conv_rusage64,
		[CONV_SYSINFO] = &conv_sysinfo64,
		[CONV_SIGACTION] = &conv_sigaction_norestorer64,
		[CONV_STACK] = &conv_stack64,
		[CONV_IOVEC] = &conv_iovec64,
		[CONV_FLOCK] = &conv_flock64,
		[CONV_STATFS] = &conv_statfs_generic64,
	},
	.open_flags = &flags_open_generic,
};

const struct sys_abi sys_abi_riscv64 = {
	.table = rv_table,
	.n_table = RV_NR_MAX,
	.get_args = rv_get_args,
	.set_ret = rv_set_ret,
	.insn_len = 4,
	.conv = &rv_conv,
};
