/*
 * disas.c - riscv64 disassembler for -d in_asm: the generated tables
 * (rv_decode32_disas / rv_decode16_disas from the decode specs) plus the
 * operand printers they call.  The text follows GNU objdump 2.40 (ABI
 * register names, its aliases, branch targets as bare hex addresses), so
 * logs can be compared with objdump -d output.
 *
 * Depends on nothing but the generated disassembler: linking it pulls in
 * no trans function or IR code.
 */
#include <stdio.h>
#include <string.h>
#include "rv.h"

static const char *const xnames[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
	"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const fnames[32] = {
	"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
	"fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
	"fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
	"fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

static const char *const rmnames[8] = {
	"rne", "rtz", "rdn", "rup", "rmm", "0x5", "0x6", "dyn",
};

static const struct { unsigned num; const char *name; } csrnames[] = {
	{ 0x001, "fflags" }, { 0x002, "frm" }, { 0x003, "fcsr" },
	{ 0x008, "vstart" }, { 0x009, "vxsat" }, { 0x00a, "vxrm" },
	{ 0x00f, "vcsr" }, { 0x015, "seed" },
	{ 0xc00, "cycle" }, { 0xc01, "time" }, { 0xc02, "instret" },
	{ 0xc80, "cycleh" }, { 0xc81, "timeh" }, { 0xc82, "instreth" },
	{ 0xc20, "vl" }, { 0xc21, "vtype" }, { 0xc22, "vlenb" },
	{ 0x100, "sstatus" }, { 0x104, "sie" }, { 0x105, "stvec" },
	{ 0x106, "scounteren" }, { 0x10a, "senvcfg" }, { 0x140, "sscratch" },
	{ 0x141, "sepc" }, { 0x142, "scause" }, { 0x143, "stval" },
	{ 0x144, "sip" }, { 0x180, "satp" },
	{ 0xf11, "mvendorid" }, { 0xf12, "marchid" }, { 0xf13, "mimpid" },
	{ 0xf14, "mhartid" }, { 0x300, "mstatus" }, { 0x301, "misa" },
	{ 0x302, "medeleg" }, { 0x303, "mideleg" }, { 0x304, "mie" },
	{ 0x305, "mtvec" }, { 0x306, "mcounteren" }, { 0x340, "mscratch" },
	{ 0x341, "mepc" }, { 0x342, "mcause" }, { 0x343, "mtval" },
	{ 0x344, "mip" }, { 0xb00, "mcycle" }, { 0xb02, "minstret" },
};

void rv_dis_x(struct dg_out *o, int64_t v, uint64_t pc)
{
	dg_puts(o, xnames[v & 31]);
}

void rv_dis_f(struct dg_out *o, int64_t v, uint64_t pc)
{
	dg_puts(o, fnames[v & 31]);
}

void rv_dis_hex(struct dg_out *o, int64_t v, uint64_t pc)
{
	dg_printf(o, "0x%llx", (unsigned long long)v);
}

/* lui/auipc show the 20-bit immediate, not the shifted value */
void rv_dis_hi20(struct dg_out *o, int64_t v, uint64_t pc)
{
	dg_printf(o, "0x%llx", (unsigned long long)(((uint64_t)v >> 12) & 0xfffff));
}

void rv_dis_pcrel(struct dg_out *o, int64_t v, uint64_t pc)
{
	dg_printf(o, "%llx", (unsigned long long)(pc + (uint64_t)v));
}

/* rounding ops show rm unless dynamic; exact ones unless RNE */
void rv_dis_rm(struct dg_out *o, int64_t v, uint64_t pc)
{
	if (v != 7) {
		dg_puts(o, ",");
		dg_puts(o, rmnames[v & 7]);
	}
}

void rv_dis_rmx(struct dg_out *o, int64_t v, uint64_t pc)
{
	if (v != 0) {
		dg_puts(o, ",");
		dg_puts(o, rmnames[v & 7]);
	}
}

void rv_dis_csr(struct dg_out *o, int64_t v, uint64_t pc)
{
	unsigned n = (unsigned)v & 0xfff;

	for (unsigned i = 0; i < ARRAY_SIZE(csrnames); i++) {
		if (csrnames[i].num == n) {
			dg_puts(o, csrnames[i].name);
			return;
		}
	}
	if (n >= 0xc03 && n <= 0xc1f) {
		dg_printf(o, "hpmcounter%u", n - 0xc00);
		return;
	}
	if (n >= 0xc83 && n <= 0xc9f) {
		dg_printf(o, "hpmcounter%uh", n - 0xc80);
		return;
	}
	dg_printf(o, "0x%x", n);
}

void rv_dis_fence(struct dg_out *o, int64_t v, uint64_t pc)
{
	static const char bits[] = "iorw";
	char s[5];
	int n = 0;

	for (int i = 0; i < 4; i++)
		if (v & (8 >> i))
			s[n++] = bits[i];
	s[n] = 0;
	dg_puts(o, n ? s : "0");
}

void rv_dis_aqrl(struct dg_out *o, int64_t v, uint64_t pc)
{
	static const char *const s[4] = { "", ".rl", ".aq", ".aqrl" };

	dg_puts(o, s[v & 3]);
}

unsigned rv_disas(gaddr_t pc, const uint8_t *code, size_t avail, char *buf,
		  size_t bufsz)
{
	struct dg_out o;
	uint32_t insn;

	dg_init(&o, buf, bufsz);
	if (avail < 2)
		return 0;
	insn = code[0] | (uint32_t)code[1] << 8;
	if ((insn & 3) != 3) {
		if (!rv_decode16_disas(&o, insn, pc))
			dg_printf(&o, ".2byte 0x%x", insn);
		return 2;
	}
	if (avail < 4)
		return 0;
	insn |= (uint32_t)code[2] << 16 | (uint32_t)code[3] << 24;
	if (!rv_decode32_disas(&o, insn, pc))
		dg_printf(&o, ".word 0x%08x", insn);
	return 4;
}
