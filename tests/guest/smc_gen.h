/*
 * smc_gen.h: machine-code emitters for the self-modifying-code tests
 * (smc.c, smc_alias.c).  Each generator writes the same function in
 * RISC-V code on riscv64 and in x86-64 code natively, so both builds of a
 * test print the same results.  The x86 side needs no cache flush; the
 * RISC-V side gets __builtin___clear_cache (glibc __riscv_flush_icache,
 * the riscv_flush_icache syscall) or a bare fence.i.
 */
#ifndef WARP_GUEST_SMC_GEN_H
#define WARP_GUEST_SMC_GEN_H

#include "common.h"
#ifdef __riscv
#include <sys/cachectl.h>
#endif

typedef long (*fn0)(void);
typedef long (*fn1)(long);
typedef long (*fn2)(long, long);

#define PAGE 4096

static unsigned char *emit_ptr;

static void put8(unsigned v)
{
	*emit_ptr++ = (unsigned char)v;
}

static void put32(uint32_t v)
{
	memcpy(emit_ptr, &v, 4);	/* little-endian on both */
	emit_ptr += 4;
}

static void flush(void *start, size_t len)
{
	__builtin___clear_cache((char *)start, (char *)start + len);
}

#ifdef __riscv
enum { ZERO = 0, RA = 1, SP = 2, T0 = 5, A0 = 10, A1 = 11 };

static uint32_t i_type(int imm, int rs1, int f3, int rd, int op)
{
	return (uint32_t)(imm & 0xfff) << 20 | (uint32_t)rs1 << 15 |
	       (uint32_t)f3 << 12 | (uint32_t)rd << 7 | (uint32_t)op;
}
static uint32_t addi(int rd, int rs1, int imm) { return i_type(imm, rs1, 0, rd, 0x13); }
static uint32_t addiw(int rd, int rs1, int imm) { return i_type(imm, rs1, 0, rd, 0x1b); }
static uint32_t ld(int rd, int rs1, int imm) { return i_type(imm, rs1, 3, rd, 0x03); }
static uint32_t add(int rd, int rs1, int rs2)
{
	return (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | (uint32_t)rd << 7 | 0x33;
}
static uint32_t sd(int rs2, int rs1, int imm)
{
	return (uint32_t)(imm >> 5 & 0x7f) << 25 | (uint32_t)rs2 << 20 |
	       (uint32_t)rs1 << 15 | 3u << 12 | (uint32_t)(imm & 0x1f) << 7 | 0x23;
}
static uint32_t sw(int rs2, int rs1, int imm)
{
	return (uint32_t)(imm >> 5 & 0x7f) << 25 | (uint32_t)rs2 << 20 |
	       (uint32_t)rs1 << 15 | 2u << 12 | (uint32_t)(imm & 0x1f) << 7 | 0x23;
}
static uint32_t bne(int rs1, int rs2, int off)
{
	uint32_t o = (uint32_t)off;
	return (o >> 12 & 1) << 31 | (o >> 5 & 0x3f) << 25 | (uint32_t)rs2 << 20 |
	       (uint32_t)rs1 << 15 | 1u << 12 | (o >> 1 & 0xf) << 8 |
	       (o >> 11 & 1) << 7 | 0x63;
}
static uint32_t jal(int rd, int off)
{
	uint32_t o = (uint32_t)off;
	return (o >> 20 & 1) << 31 | (o >> 1 & 0x3ff) << 21 | (o >> 11 & 1) << 20 |
	       (o >> 12 & 0xff) << 12 | (uint32_t)rd << 7 | 0x6f;
}
static uint32_t lui(int rd, int32_t imm20) { return (uint32_t)imm20 << 12 | (uint32_t)rd << 7 | 0x37; }
#define RET 0x00008067u
#define FENCE_I 0x0000100fu

/* a0 = v (any 32-bit value); return */
static void gen_ret_imm(void *at, int32_t v)
{
	emit_ptr = at;
	int32_t lo = (int32_t)((uint32_t)v << 20) >> 20;
	put32(lui(A0, (int32_t)(((uint32_t)v - (uint32_t)lo) >> 12) & 0xfffff));
	put32(addiw(A0, A0, lo));
	put32(RET);
}

/* a0 = n + (n-1) + ... + 1, looping; n < 2048 */
static void gen_loop(void *at, int n)
{
	emit_ptr = at;
	put32(addi(A0, ZERO, 0));
	put32(addi(T0, ZERO, n));
	put32(add(A0, A0, T0));		/* loop: */
	put32(addi(T0, T0, -1));
	put32(bne(T0, ZERO, -8));
	put32(RET);
}

/* f(where): n + (n-1) + ... + 1, looping, and each turn stores the count
 * to the int at where; n < 2048 */
static void gen_store_loop(void *at, int n)
{
	emit_ptr = at;
	put32(addi(A1, ZERO, 0));
	put32(addi(T0, ZERO, n));
	put32(sw(T0, A0, 0));		/* loop: */
	put32(add(A1, A1, T0));
	put32(addi(T0, T0, -1));
	put32(bne(T0, ZERO, -12));
	put32(addi(A0, A1, 0));
	put32(RET);
}

/* a longer, different function: a0 = a0 * 3 + a1 */
static void gen_other(void *at)
{
	emit_ptr = at;
	put32(add(T0, A0, A0));
	put32(add(A0, T0, A0));
	put32(add(A0, A0, A1));
	put32(addi(A0, A0, 0));
	put32(addi(A0, A0, 0));
	put32(RET);
}

/* at: call the callee at `callee`, add 1000 to its result */
static void gen_caller(void *at, void *callee)
{
	emit_ptr = at;
	put32(addi(SP, SP, -16));
	put32(sd(RA, SP, 8));
	put32(jal(RA, (int)((unsigned char *)callee - emit_ptr)));
	put32(ld(RA, SP, 8));
	put32(addi(SP, SP, 16));
	put32(addi(A0, A0, 1000));
	put32(RET);
}

/* f(word, where): store word at where, fence.i, then run what is there:
 * the code patches its own instruction 3 (the addi) */
static void gen_self(void *at, int initial)
{
	emit_ptr = at;
	put32(sw(A0, A1, 0));
	put32(FENCE_I);
	put32(addi(A0, ZERO, initial));	/* patched */
	put32(RET);
}
static uint32_t self_word(int v) { return addi(A0, ZERO, v); }
static void *self_where(void *code) { return (unsigned char *)code + 8; }

/* compressed: c.li a0, v (-32..31); c.jr ra */
static void gen_compressed(void *at, int v)
{
	emit_ptr = at;
	uint16_t cli = (uint16_t)(2u << 13 | ((unsigned)v >> 5 & 1) << 12 |
				  (unsigned)A0 << 7 | ((unsigned)v & 0x1f) << 2 | 1);
	uint16_t cjr = 0x8082;
	memcpy(emit_ptr, &cli, 2);
	memcpy(emit_ptr + 2, &cjr, 2);
	emit_ptr += 4;
}

static void fence_i(void)
{
	__asm__ volatile("fence.i" ::: "memory");
}

static long flush_syscall(void *start, size_t len)
{
	return __riscv_flush_icache(start, (char *)start + len, 0);
}
#else /* x86-64 equivalents */
static void gen_ret_imm(void *at, int32_t v)
{
	emit_ptr = at;
	put8(0x48); put8(0xc7); put8(0xc0); put32((uint32_t)v);	/* mov rax, imm32 (sext) */
	put8(0xc3);
}

static void gen_loop(void *at, int n)
{
	emit_ptr = at;
	put8(0x31); put8(0xc0);				/* xor eax, eax */
	put8(0xb9); put32((uint32_t)n);			/* mov ecx, n */
	put8(0x01); put8(0xc8);				/* add eax, ecx */
	put8(0xff); put8(0xc9);				/* dec ecx */
	put8(0x75); put8(0xfa);				/* jnz -6 */
	put8(0xc3);
}

static void gen_store_loop(void *at, int n)
{
	emit_ptr = at;
	put8(0x31); put8(0xc0);				/* xor eax, eax */
	put8(0xb9); put32((uint32_t)n);			/* mov ecx, n */
	put8(0x89); put8(0x0f);				/* mov [rdi], ecx */
	put8(0x01); put8(0xc8);				/* add eax, ecx */
	put8(0xff); put8(0xc9);				/* dec ecx */
	put8(0x75); put8(0xf8);				/* jnz -8 */
	put8(0xc3);
}

static void gen_other(void *at)
{
	emit_ptr = at;
	put8(0x48); put8(0x8d); put8(0x04); put8(0x7f);	/* lea rax, [rdi+rdi*2] */
	put8(0x48); put8(0x01); put8(0xf0);		/* add rax, rsi */
	put8(0x90); put8(0x90); put8(0x90);
	put8(0xc3);
}

static void gen_caller(void *at, void *callee)
{
	emit_ptr = at;
	put8(0x48); put8(0x83); put8(0xec); put8(0x08);	/* sub rsp, 8 */
	put8(0xe8);					/* call rel32 */
	put32((uint32_t)((unsigned char *)callee - (emit_ptr + 4)));
	put8(0x48); put8(0x83); put8(0xc4); put8(0x08);	/* add rsp, 8 */
	put8(0x48); put8(0x05); put32(1000);		/* add rax, 1000 */
	put8(0xc3);
}

/* f(word, where): mov [rsi], edi; jmp +0; mov rax, imm32; ret */
static void gen_self(void *at, int initial)
{
	emit_ptr = at;
	put8(0x89); put8(0x3e);				/* mov [rsi], edi */
	put8(0xeb); put8(0x00);				/* jmp next */
	put8(0x48); put8(0xc7); put8(0xc0); put32((uint32_t)initial);
	put8(0xc3);
}
static uint32_t self_word(int v) { return (uint32_t)v; }
static void *self_where(void *code) { return (unsigned char *)code + 7; }

static void gen_compressed(void *at, int v)
{
	gen_ret_imm(at, v);
}

static void fence_i(void)
{
}

static long flush_syscall(void *start, size_t len)
{
	flush(start, len);
	return 0;
}
#endif

#endif
