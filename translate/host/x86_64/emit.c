/*
 * emit.c - x86-64 instruction encoding for the JIT.
 *
 * Owns nothing but the byte layout: x_rr/x_rm build every legacy-encoded
 * instruction (prefixes, REX, opcode map, ModRM, SIB, displacement) and
 * x_vex_* every VEX-encoded one, so the addressing quirks (rsp/r12 need a
 * SIB byte, rbp/r13 need a displacement, rsp cannot be an index, byte
 * registers 4-7 need a REX prefix to mean spl..dil) live in one place.
 * The named functions below only pick opcodes.
 */
#include <string.h>

#include "util.h"
#include "emit.h"

void x_imm16(struct xbuf *b, uint32_t v)
{
	x_byte(b, v);
	x_byte(b, v >> 8);
}

/* x86 is little-endian, as the immediates are: one copy when there is room */
void x_imm32(struct xbuf *b, uint32_t v)
{
	if (b->pos + 4 <= b->cap) {
		memcpy(b->p + b->pos, &v, 4);
		b->pos += 4;
		return;
	}
	x_byte(b, v);
	x_byte(b, v >> 8);
	x_byte(b, v >> 16);
	x_byte(b, v >> 24);
}

void x_imm64(struct xbuf *b, uint64_t v)
{
	if (b->pos + 8 <= b->cap) {
		memcpy(b->p + b->pos, &v, 8);
		b->pos += 8;
		return;
	}
	x_imm32(b, (uint32_t)v);
	x_imm32(b, (uint32_t)(v >> 32));
}

/* Legacy prefixes, REX and opcode bytes; rex_xb holds REX.X/REX.B. */
static void prefix_opcode(struct xbuf *b, uint32_t op, int reg, unsigned rex_xb,
			  bool force_rex)
{
	static const uint8_t pfx[4] = { 0, 0x66, 0xf3, 0xf2 };
	unsigned rex = rex_xb;

	if (op & XO_LOCK)
		x_byte(b, 0xf0);
	if ((op >> 10) & 3)
		x_byte(b, pfx[(op >> 10) & 3]);
	if (op & XO_W)
		rex |= 8;
	if (reg & 8)
		rex |= 4;
	if ((op & XO_BREG) && (reg & 15) >= 4 && (reg & 15) <= 7)
		force_rex = true;
	if (rex || force_rex)
		x_byte(b, 0x40 | rex);
	switch ((op >> 8) & 3) {
	case 1: x_byte(b, 0x0f); break;
	case 2: x_byte(b, 0x0f); x_byte(b, 0x38); break;
	case 3: x_byte(b, 0x0f); x_byte(b, 0x3a); break;
	}
	x_byte(b, op & 0xff);
}

void x_rr(struct xbuf *b, uint32_t op, int reg, int rm)
{
	bool brm = (op & XO_BRM) && (rm & 15) >= 4 && (rm & 15) <= 7;
	prefix_opcode(b, op, reg, (rm & 8) ? 1 : 0, brm);
	x_byte(b, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

static unsigned mem_rex(const struct xmem *m)
{
	unsigned rex = 0;
	if (m->index >= 0 && (m->index & 8))
		rex |= 2;
	if (m->base >= 0 && (m->base & 8))
		rex |= 1;
	return rex;
}

static void modrm_mem(struct xbuf *b, int reg, const struct xmem *m)
{
	unsigned r = (reg & 7) << 3;

	WARP_ASSERT(m->index != X_RSP);
	if (m->base == X_RIP) {
		x_byte(b, r | 5);
		b->rip_pos = b->pos;
		x_imm32(b, (uint32_t)m->disp);
		return;
	}
	if (m->base == X_NOREG) {
		unsigned idx = m->index == X_NOREG ? 4 : (m->index & 7);
		x_byte(b, r | 4);
		x_byte(b, (m->scale << 6) | (idx << 3) | 5);
		x_imm32(b, (uint32_t)m->disp);
		return;
	}
	unsigned base = m->base & 7;
	unsigned mod = (m->disp == 0 && base != 5) ? 0 : x_fits8(m->disp) ? 1 : 2;
	if (m->index != X_NOREG || base == 4) {
		unsigned idx = m->index == X_NOREG ? 4 : (m->index & 7);
		x_byte(b, (mod << 6) | r | 4);
		x_byte(b, (m->scale << 6) | (idx << 3) | base);
	} else {
		x_byte(b, (mod << 6) | r | base);
	}
	if (mod == 1)
		x_byte(b, (uint8_t)m->disp);
	else if (mod == 2)
		x_imm32(b, (uint32_t)m->disp);
}

void x_rm(struct xbuf *b, uint32_t op, int reg, const struct xmem *m)
{
	prefix_opcode(b, op, reg, mem_rex(m), false);
	modrm_mem(b, reg, m);
}

/* C4 [~R ~X ~B mmmmm] [W ~vvvv L pp] */
static void vex3(struct xbuf *b, uint32_t op, int reg, int vvvv, unsigned rex_xb)
{
	unsigned rxb = ((reg & 8) ? 4 : 0) | rex_xb;
	x_byte(b, 0xc4);
	x_byte(b, ((~rxb & 7) << 5) | ((op >> 8) & 3));
	x_byte(b, ((op & XO_W) ? 0x80 : 0) | ((~vvvv & 15) << 3) | ((op >> 10) & 3));
	x_byte(b, op & 0xff);
}

void x_vex_rr(struct xbuf *b, uint32_t op, int reg, int vvvv, int rm)
{
	vex3(b, op, reg, vvvv, (rm & 8) ? 1 : 0);
	x_byte(b, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

void x_vex_rm(struct xbuf *b, uint32_t op, int reg, int vvvv, const struct xmem *m)
{
	vex3(b, op, reg, vvvv, mem_rex(m));
	modrm_mem(b, reg, m);
}

/* ---- integer moves ---- */

void x_mov_rr(struct xbuf *b, bool w, int d, int s)
{
	x_rr(b, 0x89 | (w ? XO_W : 0), s, d);
}

void x_mov_ri(struct xbuf *b, bool w, int d, uint64_t imm)
{
	if (!w)
		imm = (uint32_t)imm;
	if (imm <= 0xffffffffull) {
		if (d & 8)
			x_byte(b, 0x41);
		x_byte(b, 0xb8 | (d & 7));
		x_imm32(b, (uint32_t)imm);
	} else if (x_fits32((int64_t)imm)) {
		x_rr(b, 0xc7 | XO_W, 0, d);
		x_imm32(b, (uint32_t)imm);
	} else {
		x_byte(b, 0x48 | ((d & 8) ? 1 : 0));
		x_byte(b, 0xb8 | (d & 7));
		x_imm64(b, imm);
	}
}

void x_zero(struct xbuf *b, int d)
{
	x_rr(b, 0x31, d, d);
}

void x_load(struct xbuf *b, unsigned size, bool sign, int d, const struct xmem *m)
{
	switch (size) {
	case 1: x_rm(b, XO_0F | (sign ? 0xbe | XO_W : 0xb6), d, m); break;
	case 2: x_rm(b, XO_0F | (sign ? 0xbf | XO_W : 0xb7), d, m); break;
	case 4: x_rm(b, sign ? 0x63 | XO_W : 0x8b, d, m); break;
	default: x_rm(b, 0x8b | XO_W, d, m); break;
	}
}

void x_store(struct xbuf *b, unsigned size, const struct xmem *m, int s)
{
	switch (size) {
	case 1: x_rm(b, 0x88 | XO_BREG, s, m); break;
	case 2: x_rm(b, 0x89 | XO_66, s, m); break;
	case 4: x_rm(b, 0x89, s, m); break;
	default: x_rm(b, 0x89 | XO_W, s, m); break;
	}
}

void x_store_imm(struct xbuf *b, unsigned size, const struct xmem *m, int32_t imm)
{
	switch (size) {
	case 1:
		x_rm(b, 0xc6, 0, m);
		x_byte(b, imm);
		break;
	case 2:
		x_rm(b, 0xc7 | XO_66, 0, m);
		x_imm16(b, imm);
		break;
	default:
		x_rm(b, 0xc7 | (size == 8 ? XO_W : 0), 0, m);
		x_imm32(b, imm);
		break;
	}
}

void x_lea(struct xbuf *b, bool w, int d, const struct xmem *m)
{
	x_rm(b, 0x8d | (w ? XO_W : 0), d, m);
}

void x_movzx(struct xbuf *b, unsigned size, int d, int s)
{
	if (size == 1)
		x_rr(b, XO_0F | XO_BRM | 0xb6, d, s);
	else if (size == 2)
		x_rr(b, XO_0F | 0xb7, d, s);
	else
		x_mov_rr(b, false, d, s);
}

void x_movsx(struct xbuf *b, unsigned size, int d, int s)
{
	if (size == 1)
		x_rr(b, XO_0F | XO_BRM | XO_W | 0xbe, d, s);
	else if (size == 2)
		x_rr(b, XO_0F | XO_W | 0xbf, d, s);
	else
		x_rr(b, XO_W | 0x63, d, s);
}

/* ---- ALU ---- */

void x_alu_rr(struct xbuf *b, unsigned op, bool w, int d, int s)
{
	x_rr(b, ((op << 3) | 1) | (w ? XO_W : 0), s, d);
}

void x_alu_ri(struct xbuf *b, unsigned op, bool w, int d, int32_t imm)
{
	uint32_t W = w ? XO_W : 0;
	if (x_fits8(imm)) {
		x_rr(b, 0x83 | W, op, d);
		x_byte(b, imm);
	} else if (d == X_RAX) {
		prefix_opcode(b, ((op << 3) | 5) | W, 0, 0, false);
		x_imm32(b, imm);
	} else {
		x_rr(b, 0x81 | W, op, d);
		x_imm32(b, imm);
	}
}

void x_alu_rm(struct xbuf *b, unsigned op, bool w, int d, const struct xmem *m)
{
	x_rm(b, ((op << 3) | 3) | (w ? XO_W : 0), d, m);
}

void x_alu_mr(struct xbuf *b, unsigned op, bool w, const struct xmem *m, int s)
{
	x_rm(b, ((op << 3) | 1) | (w ? XO_W : 0), s, m);
}

void x_alu_mi(struct xbuf *b, unsigned op, unsigned size, const struct xmem *m, int32_t imm)
{
	uint32_t W = size == 8 ? XO_W : 0;
	if (x_fits8(imm)) {
		x_rm(b, 0x83 | W, op, m);
		x_byte(b, imm);
	} else {
		x_rm(b, 0x81 | W, op, m);
		x_imm32(b, imm);
	}
}

void x_test_rr(struct xbuf *b, bool w, int d, int s)
{
	x_rr(b, 0x85 | (w ? XO_W : 0), s, d);
}

/* imm < 256 tests the low byte only, which is all callers need */
void x_test_ri(struct xbuf *b, bool w, int d, uint32_t imm)
{
	if (imm <= 0xff) {
		if (d == X_RAX) {
			x_byte(b, 0xa8);
		} else {
			x_rr(b, 0xf6 | XO_BRM, 0, d);
		}
		x_byte(b, imm);
	} else if (d == X_RAX) {
		prefix_opcode(b, 0xa9 | (w ? XO_W : 0), 0, 0, false);
		x_imm32(b, imm);
	} else {
		x_rr(b, 0xf7 | (w ? XO_W : 0), 0, d);
		x_imm32(b, imm);
	}
}

void x_shift_ri(struct xbuf *b, unsigned op, bool w, int d, unsigned cnt)
{
	uint32_t W = w ? XO_W : 0;
	if (cnt == 1) {
		x_rr(b, 0xd1 | W, op, d);
	} else {
		x_rr(b, 0xc1 | W, op, d);
		x_byte(b, cnt);
	}
}

void x_shift_cl(struct xbuf *b, unsigned op, bool w, int d)
{
	x_rr(b, 0xd3 | (w ? XO_W : 0), op, d);
}

void x_unary(struct xbuf *b, unsigned op, bool w, int r)
{
	x_rr(b, 0xf7 | (w ? XO_W : 0), op, r);
}

void x_imul_rr(struct xbuf *b, bool w, int d, int s)
{
	x_rr(b, XO_0F | 0xaf | (w ? XO_W : 0), d, s);
}

void x_imul_rm(struct xbuf *b, bool w, int d, const struct xmem *m)
{
	x_rm(b, XO_0F | 0xaf | (w ? XO_W : 0), d, m);
}

void x_imul_rri(struct xbuf *b, bool w, int d, int s, int32_t imm)
{
	uint32_t W = w ? XO_W : 0;
	if (x_fits8(imm)) {
		x_rr(b, 0x6b | W, d, s);
		x_byte(b, imm);
	} else {
		x_rr(b, 0x69 | W, d, s);
		x_imm32(b, imm);
	}
}

void x_cqo(struct xbuf *b, bool w)
{
	if (w)
		x_byte(b, 0x48);
	x_byte(b, 0x99);
}

void x_setcc(struct xbuf *b, unsigned cc, int d)
{
	x_rr(b, XO_0F | XO_BRM | (0x90 + cc), 0, d);
}

void x_cmov(struct xbuf *b, unsigned cc, bool w, int d, int s)
{
	x_rr(b, XO_0F | (0x40 + cc) | (w ? XO_W : 0), d, s);
}

void x_bswap(struct xbuf *b, bool w, int r)
{
	if (w || (r & 8))
		x_byte(b, 0x40 | (w ? 8 : 0) | ((r & 8) ? 1 : 0));
	x_byte(b, 0x0f);
	x_byte(b, 0xc8 | (r & 7));
}

void x_rol16_8(struct xbuf *b, int r)
{
	x_rr(b, XO_66 | 0xc1, X_ROL, r);
	x_byte(b, 8);
}

void x_shiftx(struct xbuf *b, unsigned op, bool w, int d, int s, int c)
{
	uint32_t pfx = op == X_SHL ? XO_66 : op == X_SHR ? XO_F2 : XO_F3;
	x_vex_rr(b, XO_0F38 | pfx | 0xf7 | (w ? XO_W : 0), d, c, s);
}

void x_rorx(struct xbuf *b, bool w, int d, int s, unsigned imm)
{
	x_vex_rr(b, XO_0F3A | XO_F2 | 0xf0 | (w ? XO_W : 0), d, 0, s);
	x_byte(b, imm);
}

/* ---- memory ordering and atomics ---- */

static uint32_t size_bits(unsigned size)
{
	return size == 2 ? XO_66 : size == 8 ? XO_W : 0;
}

void x_movbe_load(struct xbuf *b, unsigned size, int d, const struct xmem *m)
{
	x_rm(b, XO_0F38 | 0xf0 | size_bits(size), d, m);
}

void x_movbe_store(struct xbuf *b, unsigned size, const struct xmem *m, int s)
{
	x_rm(b, XO_0F38 | 0xf1 | size_bits(size), s, m);
}

void x_xchg_mr(struct xbuf *b, unsigned size, const struct xmem *m, int r)
{
	x_rm(b, size == 1 ? 0x86 | XO_BREG : 0x87 | size_bits(size), r, m);
}

void x_lock_xadd(struct xbuf *b, unsigned size, const struct xmem *m, int r)
{
	x_rm(b, XO_LOCK | XO_0F | (size == 1 ? 0xc0 | XO_BREG : 0xc1 | size_bits(size)),
	     r, m);
}

void x_lock_cmpxchg(struct xbuf *b, unsigned size, const struct xmem *m, int r)
{
	x_rm(b, XO_LOCK | XO_0F | (size == 1 ? 0xb0 | XO_BREG : 0xb1 | size_bits(size)),
	     r, m);
}

void x_mfence(struct xbuf *b)
{
	x_byte(b, 0x0f);
	x_byte(b, 0xae);
	x_byte(b, 0xf0);
}

/* ---- control flow ---- */

size_t x_jcc8(struct xbuf *b, unsigned cc)
{
	x_byte(b, 0x70 + cc);
	x_byte(b, 0);
	return b->pos - 1;
}

size_t x_jcc32(struct xbuf *b, unsigned cc)
{
	x_byte(b, 0x0f);
	x_byte(b, 0x80 + cc);
	x_imm32(b, 0);
	return b->pos - 4;
}

size_t x_jmp8(struct xbuf *b)
{
	x_byte(b, 0xeb);
	x_byte(b, 0);
	return b->pos - 1;
}

size_t x_jmp32(struct xbuf *b)
{
	x_byte(b, 0xe9);
	x_imm32(b, 0);
	return b->pos - 4;
}

size_t x_jmp32_patchable(struct xbuf *b)
{
	/* the rel32 within an 8-byte aligned chunk of the buffer (whose start
	 * is 8-byte aligned in the code buffer): a store to it is atomic (on
	 * Intel and AMD alike), so a thread running the jump sees the old
	 * target or the new one */
	unsigned at = (unsigned)(b->pos + 1) % 8;
	/* padded with CS segment prefixes, which a jmp ignores (as GNU as
	 * pads branches, -malign-branch-prefix-size): no nops to execute */
	for (; at > 4 && at < 8; at++)
		x_byte(b, 0x2e);
	return x_jmp32(b);
}

size_t x_jcc32_patchable(struct xbuf *b, unsigned cc)
{
	/* the same for jcc (0f 8x rel32), padded with DS prefixes: the
	 * branch-taken hint where a CPU reads one, ignored elsewhere, and
	 * right for the back-edges this is for */
	unsigned at = (unsigned)(b->pos + 2) % 8;
	for (; at > 4 && at < 8; at++)
		x_byte(b, 0x3e);
	return x_jcc32(b, cc);
}

size_t x_call32(struct xbuf *b)
{
	x_byte(b, 0xe8);
	x_imm32(b, 0);
	return b->pos - 4;
}

void x_patch8(struct xbuf *b, size_t pos)
{
	int64_t rel = (int64_t)b->pos - (int64_t)(pos + 1);
	WARP_ASSERT(x_fits8(rel));
	if (pos < b->cap)
		b->p[pos] = (uint8_t)rel;
}

void x_patch32_to(struct xbuf *b, size_t pos, size_t target)
{
	int64_t rel = (int64_t)target - (int64_t)(pos + 4);
	if (pos + 4 <= b->cap) {
		uint32_t v = (uint32_t)rel;
		for (unsigned i = 0; i < 4; i++)
			b->p[pos + i] = (uint8_t)(v >> (8 * i));
	}
}

void x_jmp_r(struct xbuf *b, int r)
{
	x_rr(b, 0xff, 4, r);
}

void x_jmp_m(struct xbuf *b, const struct xmem *m)
{
	x_rm(b, 0xff, 4, m);
}

void x_call_r(struct xbuf *b, int r)
{
	x_rr(b, 0xff, 2, r);
}

void x_ret(struct xbuf *b)
{
	x_byte(b, 0xc3);
}

void x_push(struct xbuf *b, int r)
{
	if (r & 8)
		x_byte(b, 0x41);
	x_byte(b, 0x50 | (r & 7));
}

void x_pop(struct xbuf *b, int r)
{
	if (r & 8)
		x_byte(b, 0x41);
	x_byte(b, 0x58 | (r & 7));
}

void x_nops(struct xbuf *b, unsigned n)
{
	static const uint8_t nops[9][9] = {
		{ 0x90 },
		{ 0x66, 0x90 },
		{ 0x0f, 0x1f, 0x00 },
		{ 0x0f, 0x1f, 0x40, 0x00 },
		{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
		{ 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	};
	while (n) {
		unsigned k = n > 9 ? 9 : n;
		for (unsigned i = 0; i < k; i++)
			x_byte(b, nops[k - 1][i]);
		n -= k;
	}
}

/* ---- SSE ---- */

void x_sse_rr(struct xbuf *b, unsigned op, bool dbl, int d, int s)
{
	x_rr(b, (dbl ? XO_F2 : XO_F3) | XO_0F | op, d, s);
}

void x_sse_rm(struct xbuf *b, unsigned op, bool dbl, int d, const struct xmem *m)
{
	x_rm(b, (dbl ? XO_F2 : XO_F3) | XO_0F | op, d, m);
}

void x_movss_st(struct xbuf *b, bool dbl, const struct xmem *m, int s)
{
	x_rm(b, (dbl ? XO_F2 : XO_F3) | XO_0F | X_SSE_MOV_ST, s, m);
}

void x_movaps(struct xbuf *b, int d, int s)
{
	x_rr(b, XO_0F | 0x28, d, s);
}

void x_logps_rr(struct xbuf *b, unsigned op, int d, int s)
{
	x_rr(b, XO_0F | op, d, s);
}

void x_logps_rm(struct xbuf *b, unsigned op, int d, const struct xmem *m)
{
	x_rm(b, XO_0F | op, d, m);
}

void x_ucomis(struct xbuf *b, bool dbl, bool signaling, int a, int bb)
{
	x_rr(b, (dbl ? XO_66 : 0) | XO_0F | (signaling ? 0x2f : 0x2e), a, bb);
}

void x_ucomis_m(struct xbuf *b, bool dbl, bool signaling, int a, const struct xmem *m)
{
	x_rm(b, (dbl ? XO_66 : 0) | XO_0F | (signaling ? 0x2f : 0x2e), a, m);
}

void x_cvt2si(struct xbuf *b, bool dbl, bool trunc, bool w, int d, int s)
{
	x_rr(b, (dbl ? XO_F2 : XO_F3) | XO_0F | (trunc ? 0x2c : 0x2d) | (w ? XO_W : 0),
	     d, s);
}

void x_cvtsi2s(struct xbuf *b, bool dbl, bool w, int d, int s)
{
	x_rr(b, (dbl ? XO_F2 : XO_F3) | XO_0F | 0x2a | (w ? XO_W : 0), d, s);
}

void x_movq_to_xmm(struct xbuf *b, bool w, int x, int r)
{
	x_rr(b, XO_66 | XO_0F | 0x6e | (w ? XO_W : 0), x, r);
}

void x_movq_from_xmm(struct xbuf *b, bool w, int r, int x)
{
	x_rr(b, XO_66 | XO_0F | 0x7e | (w ? XO_W : 0), x, r);
}

void x_stmxcsr(struct xbuf *b, const struct xmem *m)
{
	x_rm(b, XO_0F | 0xae, 3, m);
}

void x_ldmxcsr(struct xbuf *b, const struct xmem *m)
{
	x_rm(b, XO_0F | 0xae, 2, m);
}

void x_vfma(struct xbuf *b, unsigned form, bool dbl, bool neg_prod, bool neg_add,
	    int d, int s2, int s3)
{
	unsigned base = form == 132 ? 0x99 : form == 213 ? 0xa9 : 0xb9;
	/* fmadd, fmsub, fnmadd, fnmsub are 2 apart */
	base += (neg_prod ? 4 : 0) + (neg_add ? 2 : 0);
	x_vex_rr(b, XO_66 | XO_0F38 | base | (dbl ? XO_W : 0), d, s2, s3);
}
