/*
 * x86_emit.c - unit tests of the x86-64 encoder (translate/host/x86_64/emit.c):
 * every instruction form is emitted for each class of operands (low and
 * high registers, byte registers that need REX, rsp/rbp/r12/r13 bases and
 * their SIB/displacement quirks, imm8 against imm32, ...), decoded back
 * with Zydis and compared with the Intel text we expect.  The expected text
 * is built from register-name tables, independently of the encoder.
 * Addressing forms are also checked for minimal length.
 *
 * The same program runs the IR-level tests of the backend (x86_ir.c).
 */
#include <check.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <Zydis/Zydis.h>

#include "host/x86_64/emit.h"

void x86_ir_tests(Suite *s);

static const char *const r64[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const r32[16] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	"r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const r16[16] = {
	"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	"r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const r8n[16] = {
	"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
	"r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};
static const char *const ccn[16] = {
	"o", "no", "b", "nb", "z", "nz", "be", "nbe", "s", "ns", "p", "np", "l", "nl", "le", "nle",
};

static uint8_t mem[512];
static struct xbuf B;

static void reset(void)
{
	B = (struct xbuf){ .p = mem, .cap = sizeof mem };
}

static const char *rn(bool w, int r)
{
	return w ? r64[r & 15] : r32[r & 15];
}

static const char *xn(int r)
{
	static char s[4][8];
	static unsigned k;
	k = (k + 1) & 3;
	snprintf(s[k], sizeof s[k], "xmm%d", r & 15);
	return s[k];
}

/* the buffer must hold exactly one instruction whose text is the expected one */
static void expect(const char *fmt, ...)
{
	char want[256], bytes[128] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(want, sizeof want, fmt, ap);
	va_end(ap);
	for (size_t i = 0, n = 0; i < B.pos && n + 4 < sizeof bytes; i++)
		n += snprintf(bytes + n, sizeof bytes - n, " %02x", mem[i]);
	ZydisDisassembledInstruction di;
	ck_assert_msg(!B.overflow, "overflow emitting %s", want);
	ck_assert_msg(ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, 0, mem,
							 B.pos, &di)),
		      "cannot decode%s (want %s)", bytes, want);
	ck_assert_msg(di.info.length == B.pos, "%s: decoded %u of %zu bytes:%s", want,
		      di.info.length, B.pos, bytes);
	ck_assert_msg(strcmp(di.text, want) == 0, "got \"%s\" want \"%s\" bytes%s", di.text,
		      want, bytes);
	reset();
}

static void expect_len(size_t n)
{
	ck_assert_msg(B.pos == n, "length %zu, want %zu", B.pos, n);
}

static void hexs(char *s, size_t n, int64_t v)
{
	if (v < 0)
		snprintf(s, n, "-0x%02" PRIX64, (uint64_t)-v);
	else
		snprintf(s, n, "+0x%02" PRIX64, (uint64_t)v);
}

/* Zydis' text for a memory operand without a size keyword */
static const char *memtext(const struct xmem *m)
{
	static char s[96];
	char d[32];
	size_t n = 0;
	if (m->base == X_NOREG && m->index == X_NOREG) {
		snprintf(s, sizeof s, "[0x%016" PRIX64 "]", (uint64_t)(int64_t)m->disp);
		return s;
	}
	n += snprintf(s + n, sizeof s - n, "[");
	if (m->base >= 0)
		n += snprintf(s + n, sizeof s - n, "%s", r64[m->base]);
	if (m->index >= 0)
		n += snprintf(s + n, sizeof s - n, "%s%s*%d", m->base >= 0 ? "+" : "",
			      r64[m->index], 1 << m->scale);
	if (m->disp) {
		hexs(d, sizeof d, m->disp);
		n += snprintf(s + n, sizeof s - n, "%s", d);
	}
	snprintf(s + n, sizeof s - n, "]");
	return s;
}

/* the length a minimal encoding of `mov r64, m` must have */
static size_t mov_len(int reg, const struct xmem *m)
{
	size_t n = 1 + 1 + 1;   /* REX.W, opcode, ModRM */
	(void)reg;
	if (m->base < 0)
		return n + 1 + 4;
	if (m->index >= 0 || (m->base & 7) == 4)
		n++;
	if (m->disp == 0 && (m->base & 7) != 5)
		return n;
	return n + (x_fits8(m->disp) ? 1 : 4);
}

START_TEST(t_mov_rr)
{
	reset();
	for (int d = 0; d < 16; d++)
		for (int s = 0; s < 16; s++)
			for (int w = 0; w < 2; w++) {
				x_mov_rr(&B, w, d, s);
				expect("mov %s, %s", rn(w, d), rn(w, s));
			}
}
END_TEST

START_TEST(t_mov_ri)
{
	static const struct { uint64_t v; const char *text; bool w; size_t len; } c[] = {
		{ 0, "mov %s, 0x00", false, 5 },
		{ 0x7f, "mov %s, 0x7F", false, 5 },
		{ 0xffffffff, "mov %s, 0xFFFFFFFF", false, 5 },
		{ 0xffffffffffffffffull, "mov %s, 0xFFFFFFFFFFFFFFFF", true, 7 },
		{ 0xffffffff80000000ull, "mov %s, 0xFFFFFFFF80000000", true, 7 },
		{ 0x123456789ull, "mov %s, 0x123456789", true, 10 },
		{ 0x80000000ull, "mov %s, 0x80000000", false, 5 },
	};
	reset();
	for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++)
		for (int r = 0; r < 16; r++) {
			x_mov_ri(&B, true, r, c[i].v);
			expect_len(c[i].len + (r >= 8 && c[i].len == 5));
			expect(c[i].text, rn(c[i].w, r));
		}
	/* a 32-bit move truncates */
	x_mov_ri(&B, false, X_R10, 0x1ffffffffull);
	expect("mov r10d, 0xFFFFFFFF");
	x_zero(&B, X_R13);
	expect("xor r13d, r13d");
}
END_TEST

START_TEST(t_addressing)
{
	static const int32_t disps[] = { 0, 1, -1, 127, -128, 128, -129, 0x12345678, -0x12345678 };
	static const int idx[] = { X_NOREG, X_RAX, X_RBX, X_RBP, X_RSI, X_R8, X_R12, X_R13, X_R15 };
	reset();
	for (int base = -1; base < 16; base++)
		for (unsigned i = 0; i < sizeof idx / sizeof idx[0]; i++)
			for (unsigned j = 0; j < sizeof disps / sizeof disps[0]; j++)
				for (unsigned sc = 0; sc < 4; sc++) {
					if (idx[i] == X_NOREG && sc)
						continue;
					if (base < 0 && idx[i] == X_NOREG && disps[j] < 0)
						continue;
					struct xmem m = xmi(base, idx[i], sc, disps[j]);
					int reg = (base + 3 + (int)j) & 15;
					x_load(&B, 8, false, reg, &m);
					expect_len(mov_len(reg, &m));
					expect("mov %s, %s", r64[reg], memtext(&m));
				}
	/* rip-relative: the displacement counts from the instruction's end */
	struct xmem m = xm(X_RIP, 0x10);
	x_load(&B, 8, false, X_R9, &m);
	ck_assert_uint_eq(B.rip_pos, 3);
	expect("mov r9, [0x%016X]", 7 + 0x10);
	x_sse_rm(&B, X_SSE_ADD, true, X_XMM0 + 3, &m);
	expect("addsd xmm3, [0x%016X]", 8 + 0x10);
}
END_TEST

START_TEST(t_load_store)
{
	static const struct { unsigned size; bool sign; const char *fmt; bool w; } ld[] = {
		{ 1, false, "movzx %s, byte ptr %s", false },
		{ 1, true, "movsx %s, byte ptr %s", true },
		{ 2, false, "movzx %s, word ptr %s", false },
		{ 2, true, "movsx %s, word ptr %s", true },
		{ 4, false, "mov %s, %s", false },
		{ 4, true, "movsxd %s, dword ptr %s", true },
		{ 8, false, "mov %s, %s", true },
	};
	reset();
	for (unsigned i = 0; i < sizeof ld / sizeof ld[0]; i++)
		for (int r = 0; r < 16; r++) {
			struct xmem m = xmi(X_R15, r == X_RSP ? X_RAX : r, 0, -8);
			x_load(&B, ld[i].size, ld[i].sign, r, &m);
			expect(ld[i].fmt, rn(ld[i].w, r), memtext(&m));
		}
	for (int r = 0; r < 16; r++) {
		struct xmem m = xm(r == X_RDX ? X_RCX : X_RDX, 0x40);
		x_store(&B, 1, &m, r);
		expect("mov %s, %s", memtext(&m), r8n[r]);
		x_store(&B, 2, &m, r);
		expect("mov %s, %s", memtext(&m), r16[r]);
		x_store(&B, 4, &m, r);
		expect("mov %s, %s", memtext(&m), r32[r]);
		x_store(&B, 8, &m, r);
		expect("mov %s, %s", memtext(&m), r64[r]);
	}
	struct xmem m = xm(X_RBP, 0x408);
	x_store_imm(&B, 1, &m, 0x80);
	expect("mov byte ptr [rbp+0x408], 0x80");
	x_store_imm(&B, 2, &m, -2);
	expect("mov word ptr [rbp+0x408], 0xFFFE");
	x_store_imm(&B, 4, &m, 0x12345678);
	expect("mov dword ptr [rbp+0x408], 0x12345678");
	x_store_imm(&B, 8, &m, -2);
	expect("mov qword ptr [rbp+0x408], 0xFFFFFFFFFFFFFFFE");
	m = xmi(X_RBX, X_R12, 2, 0);
	x_lea(&B, true, X_R13, &m);
	expect("lea r13, [rbx+r12*4]");
	x_lea(&B, false, X_RAX, &m);
	expect("lea eax, [rbx+r12*4]");
}
END_TEST

START_TEST(t_extend)
{
	reset();
	for (int d = 0; d < 16; d++)
		for (int s = 0; s < 16; s++) {
			x_movzx(&B, 1, d, s);
			expect("movzx %s, %s", r32[d], r8n[s]);
			x_movzx(&B, 2, d, s);
			expect("movzx %s, %s", r32[d], r16[s]);
			x_movzx(&B, 4, d, s);
			expect("mov %s, %s", r32[d], r32[s]);
			x_movsx(&B, 1, d, s);
			expect("movsx %s, %s", r64[d], r8n[s]);
			x_movsx(&B, 2, d, s);
			expect("movsx %s, %s", r64[d], r16[s]);
			x_movsx(&B, 4, d, s);
			expect("movsxd %s, %s", r64[d], r32[s]);
		}
}
END_TEST

START_TEST(t_alu)
{
	static const char *const names[8] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };
	static const int32_t imms[] = { 0, 1, -1, 127, -128, 128, -129, 0x7fffffff, INT32_MIN };
	reset();
	for (unsigned op = 0; op < 8; op++)
		for (int w = 0; w < 2; w++)
			for (int d = 0; d < 16; d++) {
				int s = 15 - d;
				x_alu_rr(&B, op, w, d, s);
				expect("%s %s, %s", names[op], rn(w, d), rn(w, s));
				for (unsigned i = 0; i < sizeof imms / sizeof imms[0]; i++) {
					int32_t v = imms[i];
					x_alu_ri(&B, op, w, d, v);
					size_t len = (w || d >= 8) + 1 + (d == X_RAX && !x_fits8(v) ? 0 : 1) +
						     (x_fits8(v) ? 1 : 4);
					expect_len(len);
					expect("%s %s, 0x%02" PRIX64, names[op], rn(w, d),
					       w ? (uint64_t)(int64_t)v : (uint64_t)(uint32_t)v);
				}
				struct xmem m = xm(s, 0x10);
				x_alu_rm(&B, op, w, d, &m);
				expect("%s %s, %s", names[op], rn(w, d), memtext(&m));
				x_alu_mr(&B, op, w, &m, d);
				expect("%s %s, %s", names[op], memtext(&m), rn(w, d));
			}
	struct xmem m = xm(X_RBP, 1032);
	x_alu_mi(&B, X_CMP, 4, &m, 0);
	expect("cmp dword ptr [rbp+0x408], 0x00");
	x_alu_mi(&B, X_XOR, 4, &m, 0x6000);
	expect("xor dword ptr [rbp+0x408], 0x6000");
	x_alu_mi(&B, X_ADD, 8, &m, -1000);
	expect("add qword ptr [rbp+0x408], 0xFFFFFFFFFFFFFC18");
	x_test_rr(&B, true, X_R12, X_RBX);
	expect("test r12, rbx");
	x_test_rr(&B, false, X_RAX, X_R9);
	expect("test eax, r9d");
	x_test_ri(&B, false, X_RAX, 3);
	expect("test al, 0x03");
	x_test_ri(&B, false, X_RSI, 7);
	expect("test sil, 0x07");
	x_test_ri(&B, false, X_R13, 1);
	expect("test r13b, 0x01");
	x_test_ri(&B, true, X_RAX, 0x1000);
	expect("test rax, 0x1000");
	x_test_ri(&B, false, X_R8, 0x1000);
	expect("test r8d, 0x1000");
}
END_TEST

START_TEST(t_shift_mul)
{
	static const char *const sh[8] = { "rol", "ror", 0, 0, "shl", "shr", 0, "sar" };
	static const char *const un[8] = { 0, 0, "not", "neg", "mul", "imul", "div", "idiv" };
	reset();
	for (unsigned op = 0; op < 8; op++)
		for (int w = 0; w < 2; w++)
			for (int r = 0; r < 16; r += 5) {
				if (sh[op]) {
					x_shift_ri(&B, op, w, r, 1);
					expect_len((w || r >= 8) + 2);
					expect("%s %s, 0x01", sh[op], rn(w, r));
					x_shift_ri(&B, op, w, r, 31);
					expect("%s %s, 0x1F", sh[op], rn(w, r));
					x_shift_cl(&B, op, w, r);
					expect("%s %s, cl", sh[op], rn(w, r));
				}
				if (un[op]) {
					x_unary(&B, op, w, r);
					expect("%s %s", un[op], rn(w, r));
				}
				x_imul_rr(&B, w, r, 15 - r);
				expect("imul %s, %s", rn(w, r), rn(w, 15 - r));
				x_imul_rri(&B, w, r, 15 - r, -3);
				expect("imul %s, %s, 0x%s", rn(w, r), rn(w, 15 - r),
				       w ? "FFFFFFFFFFFFFFFD" : "FFFFFFFD");
				x_imul_rri(&B, w, r, r, 1000);
				expect("imul %s, %s, 0x3E8", rn(w, r), rn(w, r));
				struct xmem m = xm(X_RBP, 0x78);
				x_imul_rm(&B, w, r, &m);
				expect("imul %s, [rbp+0x78]", rn(w, r));
			}
	x_cqo(&B, true);
	expect("cqo");
	x_cqo(&B, false);
	expect("cdq");
}
END_TEST

START_TEST(t_cc)
{
	reset();
	for (unsigned cc = 0; cc < 16; cc++)
		for (int r = 0; r < 16; r++) {
			x_setcc(&B, cc, r);
			expect("set%s %s", ccn[cc], r8n[r]);
			x_cmov(&B, cc, true, r, 15 - r);
			expect("cmov%s %s, %s", ccn[cc], r64[r], r64[15 - r]);
			x_cmov(&B, cc, false, r, 7);
			expect("cmov%s %s, edi", ccn[cc], r32[r]);
		}
	for (unsigned cc = 0; cc < 16; cc++) {
		size_t p = x_jcc8(&B, cc);
		ck_assert_uint_eq(p, 1);
		expect("j%s 0x0000000000000002", ccn[cc]);
		p = x_jcc32(&B, cc);
		ck_assert_uint_eq(p, 2);
		expect("j%s 0x0000000000000006", ccn[cc]);
	}
}
END_TEST

START_TEST(t_swap_atomic)
{
	static const char *const *names[4] = { r8n, r16, r32, r64 };
	reset();
	for (int r = 0; r < 16; r++) {
		x_bswap(&B, true, r);
		expect("bswap %s", r64[r]);
		x_bswap(&B, false, r);
		expect("bswap %s", r32[r]);
		x_rol16_8(&B, r);
		expect("rol %s, 0x08", r16[r]);
		for (unsigned lg = 0; lg < 4; lg++) {
			unsigned size = 1u << lg;
			struct xmem m = xmi(X_R15, r == X_RSP ? X_RDI : r, 0, 0);
			x_xchg_mr(&B, size, &m, r ^ 6);
			expect("xchg %s, %s", memtext(&m), names[lg][r ^ 6]);
			x_lock_xadd(&B, size, &m, r ^ 6);
			expect("lock xadd %s, %s", memtext(&m), names[lg][r ^ 6]);
			x_lock_cmpxchg(&B, size, &m, r ^ 6);
			expect("lock cmpxchg %s, %s", memtext(&m), names[lg][r ^ 6]);
			if (size == 1)
				continue;
			x_movbe_load(&B, size, r, &m);
			expect("movbe %s, %s", names[lg][r], memtext(&m));
			x_movbe_store(&B, size, &m, r);
			expect("movbe %s, %s", memtext(&m), names[lg][r]);
		}
	}
	x_mfence(&B);
	expect("mfence");
	for (unsigned op = X_SHL; op <= X_SAR; op++) {
		static const char *const n[8] = { [X_SHL] = "shlx", [X_SHR] = "shrx", [X_SAR] = "sarx" };
		if (!n[op])
			continue;
		for (int w = 0; w < 2; w++) {
			x_shiftx(&B, op, w, X_R8, X_RAX, X_R11);
			expect("%s %s, %s, %s", n[op], rn(w, X_R8), rn(w, X_RAX), rn(w, X_R11));
			x_shiftx(&B, op, w, X_RCX, X_R14, X_RDX);
			expect("%s %s, %s, %s", n[op], rn(w, X_RCX), rn(w, X_R14), rn(w, X_RDX));
		}
	}
	x_rorx(&B, true, X_R8, X_RAX, 5);
	expect("rorx r8, rax, 0x05");
	x_rorx(&B, false, X_RBX, X_R12, 31);
	expect("rorx ebx, r12d, 0x1F");
}
END_TEST

START_TEST(t_control)
{
	reset();
	size_t p = x_jmp8(&B);
	ck_assert_uint_eq(p, 1);
	expect("jmp 0x0000000000000002");
	p = x_jmp32(&B);
	ck_assert_uint_eq(p, 1);
	expect("jmp 0x0000000000000005");
	p = x_call32(&B);
	expect("call 0x0000000000000005");
	for (int r = 0; r < 16; r++) {
		x_jmp_r(&B, r);
		expect("jmp %s", r64[r]);
		x_call_r(&B, r);
		expect("call %s", r64[r]);
		x_push(&B, r);
		expect("push %s", r64[r]);
		x_pop(&B, r);
		expect("pop %s", r64[r]);
	}
	struct xmem m = xmi(X_RDX, X_RCX, 3, 8);
	x_jmp_m(&B, &m);
	expect("jmp [rdx+rcx*8+0x08]");
	x_ret(&B);
	expect("ret");
	/* patched jumps land where asked */
	p = x_jcc8(&B, X_CC_E);
	x_nops(&B, 20);
	x_patch8(&B, p);
	ZydisDisassembledInstruction di;
	ck_assert(ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, 0, mem, B.pos, &di)));
	ck_assert_str_eq(di.text, "jz 0x0000000000000016");
	reset();
	p = x_jmp32(&B);
	x_patch32_to(&B, p, 0x1234);
	expect("jmp 0x0000000000001234");
	/* every nop length decodes to instructions covering exactly n bytes */
	for (unsigned n = 1; n <= 30; n++) {
		x_nops(&B, n);
		ck_assert_uint_eq(B.pos, n);
		size_t o = 0;
		while (o < n) {
			ck_assert(ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, 0,
								     mem + o, n - o, &di)));
			ck_assert(di.info.mnemonic == ZYDIS_MNEMONIC_NOP);
			o += di.info.length;
		}
		ck_assert_uint_eq(o, n);
		reset();
	}
}
END_TEST

START_TEST(t_sse)
{
	static const struct { unsigned op; const char *n; } ops[] = {
		{ X_SSE_MOV_LD, "movs" }, { X_SSE_SQRT, "sqrts" }, { X_SSE_ADD, "adds" },
		{ X_SSE_MUL, "muls" }, { X_SSE_SUB, "subs" }, { X_SSE_MIN, "mins" },
		{ X_SSE_DIV, "divs" }, { X_SSE_MAX, "maxs" },
	};
	reset();
	for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++)
		for (int d = 16; d < 32; d += 3)
			for (int dbl = 0; dbl < 2; dbl++) {
				x_sse_rr(&B, ops[i].op, dbl, d, 47 - d);
				expect("%s%c %s, %s", ops[i].n, dbl ? 'd' : 's', xn(d), xn(47 - d));
				struct xmem m = xm(X_R13, -16);
				x_sse_rm(&B, ops[i].op, dbl, d, &m);
				expect("%s%c %s, %s%s", ops[i].n, dbl ? 'd' : 's', xn(d),
				       ops[i].op != X_SSE_MOV_LD ? "" : dbl ? "qword ptr " : "dword ptr ",
				       memtext(&m));
			}
	for (int dbl = 0; dbl < 2; dbl++) {
		x_sse_rr(&B, X_SSE_CVT, dbl, 17, 28);
		expect("%s xmm1, xmm12", dbl ? "cvtsd2ss" : "cvtss2sd");
		struct xmem m = xm(X_RSP, 0x808);
		x_movss_st(&B, dbl, &m, 25);
		expect("movs%c [rsp+0x808], xmm9", dbl ? 'd' : 's');
		for (int sig = 0; sig < 2; sig++) {
			x_ucomis(&B, dbl, sig, 16, 31);
			expect("%scomis%c xmm0, xmm15", sig ? "" : "u", dbl ? 'd' : 's');
			x_ucomis_m(&B, dbl, sig, 24, &m);
			expect("%scomis%c xmm8, [rsp+0x808]", sig ? "" : "u", dbl ? 'd' : 's');
		}
		for (int w = 0; w < 2; w++) {
			for (int t = 0; t < 2; t++) {
				x_cvt2si(&B, dbl, t, w, X_R9, 18);
				expect("cvt%ss%c2si %s, xmm2", t ? "t" : "", dbl ? 'd' : 's', rn(w, X_R9));
				x_cvt2si(&B, dbl, t, w, X_RAX, 30);
				expect("cvt%ss%c2si %s, xmm14", t ? "t" : "", dbl ? 'd' : 's', rn(w, X_RAX));
			}
			x_cvtsi2s(&B, dbl, w, 17, X_R13);
			expect("cvtsi2s%c xmm1, %s", dbl ? 'd' : 's', rn(w, X_R13));
			x_cvtsi2s(&B, dbl, w, 27, X_RDX);
			expect("cvtsi2s%c xmm11, %s", dbl ? 'd' : 's', rn(w, X_RDX));
		}
	}
	for (int r = 0; r < 16; r++) {
		x_movq_to_xmm(&B, true, 16 + r, 15 - r);
		expect("movq %s, %s", xn(r), r64[15 - r]);
		x_movq_to_xmm(&B, false, 16 + r, 15 - r);
		expect("movd %s, %s", xn(r), r32[15 - r]);
		x_movq_from_xmm(&B, true, r, 31 - r);
		expect("movq %s, %s", r64[r], xn(31 - r));
		x_movq_from_xmm(&B, false, r, 31 - r);
		expect("movd %s, %s", r32[r], xn(31 - r));
		x_movaps(&B, 16 + r, 31 - r);
		expect("movaps %s, %s", xn(r), xn(15 - r));
		x_logps_rr(&B, X_XORPS, 16 + r, 16 + r);
		expect("xorps %s, %s", xn(r), xn(r));
		x_logps_rr(&B, X_ANDPS, 16 + r, 20);
		expect("andps %s, xmm4", xn(r));
		struct xmem m = xm(X_RIP, 0);
		x_logps_rm(&B, X_ORPS, 16 + r, &m);
		expect("orps %s, [0x%016zX]", xn(r), r >= 8 ? (size_t)8 : (size_t)7);
	}
	struct xmem m = xm(X_RSP, 2048);
	x_stmxcsr(&B, &m);
	expect("stmxcsr [rsp+0x800]");
	x_ldmxcsr(&B, &m);
	expect("ldmxcsr [rsp+0x800]");
	m = xm(X_RSP, 8);
	x_ldmxcsr(&B, &m);
	expect_len(5);
	expect("ldmxcsr [rsp+0x08]");
}
END_TEST

START_TEST(t_fma)
{
	static const char *const kind[4] = { "vfmadd", "vfmsub", "vfnmadd", "vfnmsub" };
	static const unsigned forms[3] = { 132, 213, 231 };
	reset();
	for (unsigned f = 0; f < 3; f++)
		for (unsigned k = 0; k < 4; k++)
			for (int dbl = 0; dbl < 2; dbl++) {
				bool np = k >= 2, na = k & 1;
				x_vfma(&B, forms[f], dbl, np, na, 16 + k, 25, 31 - f);
				expect("%s%u%s %s, xmm9, %s", kind[k], forms[f], dbl ? "sd" : "ss",
				       xn(k), xn(15 - f));
			}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("x86_emit");
	TCase *tc = tcase_create("encoder");
	tcase_add_test(tc, t_mov_rr);
	tcase_add_test(tc, t_mov_ri);
	tcase_add_test(tc, t_addressing);
	tcase_add_test(tc, t_load_store);
	tcase_add_test(tc, t_extend);
	tcase_add_test(tc, t_alu);
	tcase_add_test(tc, t_shift_mul);
	tcase_add_test(tc, t_cc);
	tcase_add_test(tc, t_swap_atomic);
	tcase_add_test(tc, t_control);
	tcase_add_test(tc, t_sse);
	tcase_add_test(tc, t_fma);
	suite_add_tcase(s, tc);
	x86_ir_tests(s);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
