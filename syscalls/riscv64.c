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

static void rv_set_sp(struct cpu *cpu, gaddr_t sp)
{
	RV(cpu)->x[RV_SP] = sp;
}

static void rv_set_tls(struct cpu *cpu, gaddr_t tls)
{
	RV(cpu)->x[RV_TP] = tls;
}

/*
 * riscv_hwprobe(pairs, count, cpusetsize, cpus, flags): what the (virtual)
 * hart implements, key by key (asm/hwprobe.h).  warp's riscv64 is RV64GC
 * on every cpu, so the cpu set does not matter.  Unknown keys come back
 * as key -1, as from the kernel.
 */
enum {
	HWPROBE_MVENDORID, HWPROBE_MARCHID, HWPROBE_MIMPID,
	HWPROBE_BASE_BEHAVIOR, HWPROBE_IMA_EXT_0, HWPROBE_CPUPERF_0,
};
#define HWPROBE_BASE_IMA 1
#define HWPROBE_IMA_FD 1
#define HWPROBE_IMA_C 2

int64_t sys_riscv_hwprobe(struct cpu *cpu, const uint64_t *a)
{
	if (a[4])
		return -EINVAL;
	for (uint64_t i = 0; i < a[1]; i++) {
		uint64_t pair[2];
		if (guest_read(cpu, pair, a[0] + 16 * i, 16) < 0)
			return -EFAULT;
		switch ((int64_t)pair[0]) {
		case HWPROBE_MVENDORID: case HWPROBE_MARCHID: case HWPROBE_MIMPID:
			pair[1] = 0;
			break;
		case HWPROBE_BASE_BEHAVIOR:
			pair[1] = HWPROBE_BASE_IMA;
			break;
		case HWPROBE_IMA_EXT_0:
			pair[1] = HWPROBE_IMA_FD | HWPROBE_IMA_C;
			break;
		case HWPROBE_CPUPERF_0:
			pair[1] = 0;    /* misaligned access speed unknown */
			break;
		default:
			pair[0] = (uint64_t)-1;
			pair[1] = 0;
			break;
		}
		if (guest_write(cpu, a[0] + 16 * i, pair, 16) < 0)
			return -EFAULT;
	}
	return 0;
}

/*
 * /proc/cpuinfo as Linux prints it on riscv64 (arch/riscv/kernel/cpu.c):
 * what warp's harts implement.  The MMU named is the one whose user
 * address space the guest layout follows (arch.c: Sv39).
 */
#define RV_ISA "rv64imafdc_zicntr_zicsr_zifencei"

static void rv_cpuinfo(FILE *f, unsigned n_cpus)
{
	for (unsigned i = 0; i < n_cpus; i++)
		fprintf(f, "processor\t: %u\n"
			"hart\t\t: %u\n"
			"isa\t\t: " RV_ISA "\n"
			"mmu\t\t: sv39\n"
			"uarch\t\t: warp,rv64gc\n"
			"mvendorid\t: 0x0\n"
			"marchid\t\t: 0x0\n"
			"mimpid\t\t: 0x0\n"
			"hart isa\t: " RV_ISA "\n"
			"\n", i, i);
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
		[CONV_SIGINFO] = &conv_siginfo64,
		[CONV_EPOLL_EVENT] = &conv_epoll_event_generic64,
		[CONV_POLLFD] = &conv_pollfd,
		[CONV_SIGSET_PACK] = &conv_sigset_pack64,
		[CONV_ITIMERVAL] = &conv_itimerval64,
		[CONV_ITIMERSPEC] = &conv_itimerspec64,
		[CONV_SIGEVENT] = &conv_sigevent64,
		[CONV_TIMEX] = &conv_timex64,
		[CONV_MSGHDR] = &conv_msghdr64,
		[CONV_MMSGHDR] = &conv_mmsghdr64,
		[CONV_CMSGHDR] = &conv_cmsghdr64,
		[CONV_LINGER] = &conv_linger,
		[CONV_UCRED] = &conv_ucred,
		[CONV_IFCONF] = &conv_ifconf64,
		[CONV_IFREQ] = &conv_ifreq64,
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
	.cpuinfo = rv_cpuinfo,
	.clone_tls_before_ctid = true,
	.set_sp = rv_set_sp,
	.set_tls = rv_set_tls,
};
