/*
 * intops.c - RV64I integer semantics: W-ops sign-extend their 32-bit
 * result, shift amounts are masked (6 bits, 5 for W-ops), writes to x0 are
 * discarded and reads of it give 0, loads extend as their width says,
 * comparisons are signed or unsigned as named, lui/auipc build 64-bit
 * values from sign-extended immediates.
 */
#include "isa.h"

#define R2(insn, a, b) ({                                                    \
	uint64_t _r;                                                         \
	asm volatile(insn " %0, %1, %2" : "=r"(_r)                           \
		     : "r"((uint64_t)(a)), "r"((uint64_t)(b)));              \
	_r; })
#define RI(insn, a, imm) ({                                                  \
	uint64_t _r;                                                         \
	asm volatile(insn " %0, %1, " #imm : "=r"(_r) : "r"((uint64_t)(a))); \
	_r; })

static void test(void)
{
	uint64_t r;
	static volatile uint8_t mem[16] __attribute__((aligned(16))) = {
		0x80, 0xff, 0x00, 0x80, 0xfe, 0xff, 0xff, 0xff,
		0x01, 0x02, 0x03, 0x84, 0x05, 0x06, 0x07, 0x88,
	};

	/* W-ops sign-extend bit 31 of the result */
	CHECK("addw overflow", R2("addw", 0x7fffffff, 1), 0xffffffff80000000);
	CHECK("addw ignores high", R2("addw", 0x1234567800000001, 0xff00000000000001), 2);
	CHECK("subw", R2("subw", 0, 1), 0xffffffffffffffff);
	CHECK("addiw", RI("addiw", 0x7ffffffe, 1), 0x7fffffff);
	CHECK("addiw neg", RI("addiw", 0x80000000, -1), 0x7fffffff);
	CHECK("addiw 0 = sext.w", RI("addiw", 0x00000000ffffffff, 0), 0xffffffffffffffff);
	CHECK("sllw", R2("sllw", 1, 31), 0xffffffff80000000);
	CHECK("sllw masks 5 bits", R2("sllw", 1, 33), 2);
	CHECK("srlw", R2("srlw", 0xffffffff80000000, 31), 1);
	CHECK("srlw high ignored", R2("srlw", 0xffffffff00000010, 4), 1);
	CHECK("srlw 0 sext", R2("srlw", 0x80000000, 32), 0xffffffff80000000);
	CHECK("sraw", R2("sraw", 0x80000000, 4), 0xfffffffff8000000);
	CHECK("sraw masks", R2("sraw", 0x80000000, 36), 0xfffffffff8000000);
	CHECK("slliw", RI("slliw", 3, 30), 0xffffffffc0000000);
	CHECK("srliw", RI("srliw", 0xfffffffff0000000, 28), 0xf);
	CHECK("sraiw", RI("sraiw", 0x00000000f0000000, 28), 0xffffffffffffffff);
	CHECK("mulw", R2("mulw", 0x10000, 0x10000), 0);
	CHECK("mulw sext", R2("mulw", 0x7fffffff, 3), 0x7ffffffd);
	CHECK("mulw neg", R2("mulw", 0x40000000, 2), 0xffffffff80000000);

	/* 64-bit shifts mask 6 bits */
	CHECK("sll 63", R2("sll", 1, 63), 0x8000000000000000);
	CHECK("sll 64", R2("sll", 1, 64), 1);
	CHECK("sll 65", R2("sll", 1, 65), 2);
	CHECK("srl", R2("srl", 0x8000000000000000, 63), 1);
	CHECK("srl 127", R2("srl", 0x8000000000000000, 127), 1);
	CHECK("sra", R2("sra", 0x8000000000000000, 63), 0xffffffffffffffff);
	CHECK("sra 64", R2("sra", 0x8000000000000000, 64), 0x8000000000000000);
	CHECK("slli 63", RI("slli", 3, 63), 0x8000000000000000);
	CHECK("srai 1", RI("srai", 0x8000000000000000, 1), 0xc000000000000000);
	CHECK("srli 32", RI("srli", 0xffffffff00000000, 32), 0xffffffff);

	/* comparisons */
	CHECK("slt", R2("slt", -1, 0), 1);
	CHECK("sltu", R2("sltu", -1, 0), 0);
	CHECK("slti", RI("slti", -5, -4), 1);
	CHECK("sltiu -1 imm", RI("sltiu", 5, -1), 1);   /* imm is 2^64-1 */
	CHECK("sltiu", RI("sltiu", -1, -1), 0);
	CHECK("xori -1", RI("xori", 0x0f, -1), 0xfffffffffffffff0);
	CHECK("andi sext", RI("andi", 0xffffffffffffffff, -2048), 0xfffffffffffff800);
	CHECK("ori", RI("ori", 0, 0x7ff), 0x7ff);

	/* x0 */
	asm volatile("li t0, 5\n\tadd zero, t0, t0\n\taddi zero, zero, 3\n\t"
		     "lui zero, 1\n\tmv %0, zero" : "=r"(r) : : "t0");
	CHECK("x0 stays 0", r, 0);
	asm volatile("addi %0, zero, -1" : "=r"(r));
	CHECK("x0 reads 0", r, 0xffffffffffffffff);
	asm volatile("ld zero, 0(%1)\n\tmv %0, zero" : "=r"(r) : "r"(mem));
	CHECK("load to x0", r, 0);

	/* loads extend by width and sign */
	asm volatile("lb %0, 0(%1)" : "=r"(r) : "r"(mem));
	CHECK("lb", r, 0xffffffffffffff80);
	asm volatile("lbu %0, 0(%1)" : "=r"(r) : "r"(mem));
	CHECK("lbu", r, 0x80);
	asm volatile("lh %0, 0(%1)" : "=r"(r) : "r"(mem));
	CHECK("lh", r, 0xffffffffffffff80);
	asm volatile("lhu %0, 2(%1)" : "=r"(r) : "r"(mem));
	CHECK("lhu", r, 0x8000);
	asm volatile("lw %0, 0(%1)" : "=r"(r) : "r"(mem));
	CHECK("lw", r, 0xffffffff8000ff80);
	asm volatile("lwu %0, 0(%1)" : "=r"(r) : "r"(mem));
	CHECK("lwu", r, 0x8000ff80);
	asm volatile("ld %0, 8(%1)" : "=r"(r) : "r"(mem));
	CHECK("ld", r, 0x8807060584030201);
	asm volatile("lw %0, 12(%1)" : "=r"(r) : "r"(mem));
	CHECK("lw neg", r, 0xffffffff88070605);
	/* a misaligned access works (Linux emulates it) */
	asm volatile("ld %0, 1(%1)" : "=r"(r) : "r"(mem));
	CHECK("ld misaligned", r, 0x01fffffffe8000ff);
	asm volatile("sh %1, 3(%2)\n\tlw %0, 2(%2)" : "=r"(r) : "r"(0xabcd), "r"(mem)
		     : "memory");
	CHECK("sh/lw misaligned", r, 0xffffffffffabcd00);
	asm volatile("sb %1, -1(%2)\n\tlbu %0, -1(%2)" : "=r"(r)
		     : "r"(0x1234), "r"(mem + 16) : "memory");
	CHECK("sb negative offset", r, 0x34);

	/* lui sign-extends; auipc is pc-relative */
	asm volatile("lui %0, 0x80000" : "=r"(r));
	CHECK("lui", r, 0xffffffff80000000);
	asm volatile("lui %0, 0x7ffff" : "=r"(r));
	CHECK("lui pos", r, 0x7ffff000);
	{
		uint64_t a, b;

		asm volatile("1: auipc %0, 0\n\tla %1, 1b" : "=r"(a), "=r"(b));
		CHECK("auipc", a, b);
		asm volatile("1: auipc %0, 0xfffff\n\tla %1, 1b" : "=r"(a), "=r"(b));
		CHECK("auipc neg", a, b - 0x1000);
	}

	/* jal/jalr link; jalr clears bit 0 of the target */
	{
		uint64_t link, after;

		asm volatile("lla t0, 1f + 1\n\t"
			     "jalr %0, 0(t0)\n\t"
			     "2: li %0, 0\n\t"
			     "1: lla %1, 2b"
			     : "=r"(link), "=r"(after) : : "t0");
		CHECK("jalr odd target", link, after);
		asm volatile("jal %0, 1f\n\t"
			     "2: li %0, 0\n\t"
			     "1: lla %1, 2b"
			     : "=r"(link), "=r"(after));
		CHECK("jal link", link, after);
		/* rd == rs1: the target uses the old value */
		asm volatile("lla %0, 1f\n\t"
			     "jalr %0, 0(%0)\n\t"
			     "2: li %0, 0\n\t"
			     "1: lla %1, 2b"
			     : "=&r"(link), "=r"(after));
		CHECK("jalr rd == rs1", link, after);
	}
}
