/*
 * trans_rva.c - the A extension: LR/SC and AMOs on host atomics.
 *
 * LR loads and records the reservation (address and loaded value) in
 * rv_state.res_addr/res_val.  SC succeeds when its address is the reserved
 * one and memory still holds the loaded value, which a host CMPXCHG checks
 * and updates in one step; any SC clears the reservation.  This is the
 * usual value-based emulation: an ABA change between LR and SC goes
 * unnoticed, which no LR/SC loop written for real hardware can tell apart
 * from a reservation that survived.
 *
 * SC is branch-free (locals must not cross labels): on an address
 * mismatch the CMPXCHG gets the reserved value as the new value too, so
 * it can store only what memory already holds.
 *
 * Ordering: IR ATOMIC/CMPXCHG are host read-modify-write atomics; aq adds
 * an acquire fence after, rl a release fence before (free on x86).
 * Atomics require natural alignment (SIGBUS otherwise, as on hardware).
 */
#include "rv.h"

#define AQ 2
#define RL 1

static void fence_before(struct rv_dc *dc, int64_t aqrl)
{
	if (aqrl & RL)
		ir_emit(dc->ir, IR_FENCE, IR_I64)->aux = IR_FENCE_LS | IR_FENCE_SS;
}

static void fence_after(struct rv_dc *dc, int64_t aqrl)
{
	if (aqrl & AQ)
		ir_emit(dc->ir, IR_FENCE, IR_I64)->aux = IR_FENCE_LL | IR_FENCE_LS;
}

static bool gen_lr(struct rv_dc *dc, const struct rv_args_atom *a, unsigned memop)
{
	ir_temp addr = ir_new(dc->ir, IR_I64);
	ir_temp v = ir_new(dc->ir, IR_I64);

	fence_before(dc, a->aqrl);
	ir_mov(dc->ir, IR_I64, addr, rv_x(dc, a->rs1));
	ir_ld(dc->ir, IR_I64, v, addr, 0, memop | IR_MO_ALIGN);
	ir_st_env(dc->ir, IR_I64, addr, RV_ENV_OFF(res_addr), IR_MO_64);
	ir_st_env(dc->ir, IR_I64, v, RV_ENV_OFF(res_val), IR_MO_64);
	rv_set_x(dc, a->rd, v);
	fence_after(dc, a->aqrl);
	return true;
}

static bool gen_sc(struct rv_dc *dc, const struct rv_args_atom *a, enum ir_type t,
		   unsigned memop)
{
	struct ir_block *ir = dc->ir;
	ir_temp addr = ir_new(ir, IR_I64);
	ir_temp raddr = ir_new(ir, IR_I64);
	ir_temp rval = ir_new(ir, IR_I64);
	ir_temp newv = ir_new(ir, IR_I64);
	ir_temp old = ir_new(ir, t);
	ir_temp same_addr = ir_new(ir, IR_I64);
	ir_temp same_val = ir_new(ir, IR_I64);
	ir_temp ok = ir_new(ir, IR_I64);
	ir_temp fail = ir_new(ir, IR_I64);
	struct ir_insn *in;

	fence_before(dc, a->aqrl);
	ir_mov(ir, IR_I64, addr, rv_x(dc, a->rs1));
	ir_ld_env(ir, IR_I64, raddr, RV_ENV_OFF(res_addr), IR_MO_64);
	ir_ld_env(ir, IR_I64, rval, RV_ENV_OFF(res_val), IR_MO_64);
	ir_movcond(ir, IR_I64, IR_EQ, newv, addr, raddr, rv_x(dc, a->rs2), rval);
	in = ir_op3(ir, IR_CMPXCHG, t, old, addr, rval, newv);
	in->aux2 = memop | IR_MO_ALIGN;
	ir_setcond(ir, IR_I64, IR_EQ, same_addr, addr, raddr);
	ir_setcond(ir, t, IR_EQ, same_val, old, rval);
	ir_op2(ir, IR_AND, IR_I64, ok, same_addr, same_val);
	ir_op2(ir, IR_XOR, IR_I64, fail, ok, rv_imm(dc, 1));
	ir_st_env(ir, IR_I64, rv_imm(dc, -1), RV_ENV_OFF(res_addr), IR_MO_64);
	rv_set_x(dc, a->rd, fail);
	fence_after(dc, a->aqrl);
	return true;
}

/* rd = old [rs1]; [rs1] = old OP rs2 */
static bool gen_amo(struct rv_dc *dc, const struct rv_args_atom *a,
		    enum ir_atomic kind, bool word)
{
	enum ir_type t = word ? IR_I32 : IR_I64;
	ir_temp old = ir_new(dc->ir, t);
	struct ir_insn *in;

	fence_before(dc, a->aqrl);
	in = ir_op2(dc->ir, IR_ATOMIC, t, old, rv_x(dc, a->rs1), rv_x(dc, a->rs2));
	in->aux = kind;
	in->aux2 = (word ? IR_MO_32 : IR_MO_64) | IR_MO_ALIGN;
	if (a->rd) {
		if (word)
			ir_op1(dc->ir, IR_EXT32S, IR_I64, rv_dst(dc, a->rd), old);
		else
			ir_mov(dc->ir, IR_I64, rv_dst(dc, a->rd), old);
	}
	fence_after(dc, a->aqrl);
	return true;
}

TRANS(lr_w, atom, gen_lr(dc, a, IR_MO_32 | IR_MO_SIGN))
TRANS(lr_d, atom, gen_lr(dc, a, IR_MO_64))
TRANS(sc_w, atom, gen_sc(dc, a, IR_I32, IR_MO_32))
TRANS(sc_d, atom, gen_sc(dc, a, IR_I64, IR_MO_64))

#define AMO(name, kind)                                                       \
bool rv_trans_##name##_w(struct rv_dc *dc, const struct rv_args_atom *a)     \
{                                                                             \
	return gen_amo(dc, a, kind, true);                                    \
}                                                                             \
bool rv_trans_##name##_d(struct rv_dc *dc, const struct rv_args_atom *a)     \
{                                                                             \
	return gen_amo(dc, a, kind, false);                                   \
}

AMO(amoswap, IR_AT_XCHG)
AMO(amoadd, IR_AT_ADD)
AMO(amoxor, IR_AT_XOR)
AMO(amoand, IR_AT_AND)
AMO(amoor, IR_AT_OR)
AMO(amomin, IR_AT_SMIN)
AMO(amomax, IR_AT_SMAX)
AMO(amominu, IR_AT_UMIN)
AMO(amomaxu, IR_AT_UMAX)
