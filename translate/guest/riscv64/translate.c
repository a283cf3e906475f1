/*
 * translate.c - decode one riscv64 block (a superblock) into IR.
 *
 * A block is the code that runs from ir->pc along one path: 16- and 32-bit
 * instructions (the length is in the low two bits), each preceded by
 * INSN_START.  A superblock (ir->superblock: the block is hot, see ir.h)
 * goes on past conditional branches and through jal x0 (decoding goes on
 * at the target); a basic block ends at either (and says so in
 * ir->can_grow).  At a branch the superblock follows the way the first
 * tier saw taken more often (follow_taken): the other way is an EXIT_COND
 * side exit.  A taken way that soon comes back into the block is kept in
 * it instead (a side segment, below), whichever way is hotter.
 *
 * Calls and returns: a superblock follows a jal with a link into the
 * callee like a jal x0, and keeps the return address (dc.rets, the last
 * RV_MAX_RETS calls); the jalr x0 that returns through the same link
 * register becomes a guarded jump there (EXIT_PREDICT, which leaves
 * through the jump cache on a miss), and the block follows it in turn.
 * Any other jalr is predicted from the first tier: the basic block that
 * ends at it stores where it went (tb_indirect_profile); when the jump
 * went back and forth, its other target is a side exit first, which the
 * block takes in as a side segment when that code comes back soon (a
 * switch's case in a loop).  A block ends
 *   - after an instruction that leaves otherwise (an unpredicted jalr,
 *     ecall, ...: dc.end), or a branch out of the block that took the last
 *     chaining slot but one;
 *   - before an instruction the block already holds: a jump or a
 *     fall-through back into it (ir_link_exits makes such exits, and side
 *     exits to the block's own instructions, branches that stay inside:
 *     loops and joins);
 *   - before an instruction on a third guest page, or on a second page the
 *     guest may not execute (tb_page_executable): a block lives on at most
 *     two pages, the ones of ir->lo_pc and ir->end_pc - 1;
 *   - after max_insns instructions;
 * the last three with EXIT_DIRECT to where it would go on.  Code runs in
 * segments (a jump starts a new one); [lo_pc, end_pc) covers them all.
 * A superblock also takes in side segments: code a side exit goes to that
 * comes back into the block soon (side_segment).
 *
 * Fetching: guest code is read in place (g2h), each read with a recovery
 * point armed (signals/fault.h; no system call): an unmapped or unreadable
 * page makes the read fault into it instead of crashing warp.  The first
 * instruction then gives -EFAULT (the caller raises SIGSEGV); a later one
 * ends the block before it, so the fault is raised when it runs as the
 * first of its own block.
 *
 * An encoding no trans function accepts becomes EXIT_LOOP(ILLEGAL, pc);
 * anything it emitted is dropped first.
 */
#include <errno.h>
#include <setjmp.h>
#include <string.h>
#include "rv.h"
#include "tb.h"
#include "signals/fault.h"

#define RV_PAGE 4096u

/* Read the instruction at PC: its length (2 or 4), or 0 when the page (or
 * the second page of a straddling instruction) cannot be read. */
static unsigned fetch(struct cpu *cpu, gaddr_t pc, uint32_t *insn)
{
	sigjmp_buf env;
	sigjmp_buf *saved = sig_recover;
	uint32_t v;
	unsigned len = 2;

	if (sigsetjmp(env, 0)) {
		sig_recover = saved;
		return 0;
	}
	sig_recover = &env;
	v = *(const volatile uint16_t *)g2h(cpu, pc);
	if ((v & 3) == 3) {
		v |= (uint32_t)*(const volatile uint16_t *)g2h(cpu, pc + 2) << 16;
		len = 4;
	}
	sig_recover = saved;
	*insn = v;
	return len;
}

/* the code of a block so far: segments of straight-line code */
#define RV_MAX_SEGS 16
struct rv_span {
	gaddr_t start[RV_MAX_SEGS], end[RV_MAX_SEGS];
	unsigned n;             /* segments; the last one is still growing */
	gaddr_t page[2];        /* pages the code is on; page[1] ~0 if none */
};

static bool span_holds(const struct rv_span *sp, gaddr_t pc)
{
	for (unsigned i = 0; i < sp->n; i++)
		if (pc >= sp->start[i] && pc < sp->end[i])
			return true;
	return false;
}

/* May the block take in bytes on the page of ADDR? */
static bool span_page_ok(struct rv_span *sp, struct cpu *cpu, gaddr_t addr)
{
	gaddr_t page = addr & ~(gaddr_t)(RV_PAGE - 1);
	if (page == sp->page[0] || page == sp->page[1])
		return true;
	if (sp->page[1] != ~(gaddr_t)0 || !tb_page_executable(cpu, page))
		return false;
	sp->page[1] = page;
	return true;
}

/* Decode the instruction at PC into the block: its length, or 0 (and
 * nothing emitted) when it cannot be fetched or runs into a page the block
 * may not have. */
static unsigned decode_one(struct rv_dc *dc, struct rv_span *sp, gaddr_t pc)
{
	struct ir_block *ir = dc->ir;
	uint32_t insn;
	unsigned len = fetch(dc->cpu, pc, &insn), mark;

	if (len && !span_page_ok(sp, dc->cpu, pc + len - 1))
		len = 0;
	if (!len)
		return 0;
	dc->pc = pc;
	dc->next_pc = pc + len;
	dc->end = dc->jump = false;
	dc->call = 0;
	ir_insn_start(ir, pc);
	mark = ir->n_insns;
	if (!(len == 4 ? rv_decode32(dc, insn) : rv_decode16(dc, insn))) {
		ir->n_insns = mark;
		dc->jump = false;
		rv_exit_loop(dc, IR_EXIT_ILLEGAL, pc);
	}
	sp->end[sp->n - 1] = pc + len;
	return len;
}

/*
 * A side segment: the code at PC, where a side exit of the superblock
 * goes, when it falls back into the block within RV_SIDE_LEN instructions
 * (a loop entered in its middle, the short arm of an if).  It ends with an
 * exit back into the block, so that ir_link_exits keeps both ways inside.
 * In line (SIDE >= 0, the index of that side exit, which then branches
 * over the segment when not taken, to where the block goes on) when it
 * comes back to code already decoded, else after the block's last exit.
 * Undone when it does not come back.
 */
#define RV_SIDE_SEGS 4
#define RV_SIDE_LEN 4
#define RV_ALT_LEN 24           /* for a predicted jump's other target */

static const uint8_t cond_not[] = {
	[IR_EQ] = IR_NE, [IR_NE] = IR_EQ, [IR_LT] = IR_GE, [IR_GE] = IR_LT,
	[IR_LE] = IR_GT, [IR_GT] = IR_LE, [IR_LTU] = IR_GEU, [IR_GEU] = IR_LTU,
	[IR_LEU] = IR_GTU, [IR_GTU] = IR_LEU,
};

static bool side_segment(struct rv_dc *dc, struct rv_span *sp, gaddr_t pc, unsigned *n,
			 unsigned max_insns, int side, unsigned max_len)
{
	struct ir_block *ir = dc->ir;
	unsigned mark = ir->n_insns, guest = ir->n_guest_insns, slot = dc->next_slot;
	unsigned nseg = sp->n, n0 = *n, labels = ir->n_labels, over = 0;
	gaddr_t page1 = sp->page[1], back = 0;
	struct ir_insn side_exit;
	bool branched = false, ok = false;
	/* the caller's instruction, as decoding the segment changes them */
	gaddr_t at = dc->pc, next = dc->next_pc, jump_pc = dc->jump_pc;
	bool end = dc->end, jump = dc->jump;
	unsigned call = dc->call;
	/* a return decoded here pops a prediction the block's own path
	 * still needs */
	unsigned n_rets = dc->n_rets, n_alts = dc->n_alts;
	ir_temp fs_cache[32];

	memcpy(fs_cache, dc->fs_cache, sizeof fs_cache);

	if (sp->n + (side >= 0) >= RV_MAX_SEGS || !span_page_ok(sp, dc->cpu, pc))
		goto undo;
	if (side >= 0) {
		struct ir_insn *in = &ir->insns[side];
		side_exit = *in;
		if (in->aux >= IR_ALWAYS)
			goto undo;
		over = ir_new_label(ir);
		branched = true;
		in->op = IR_BRCOND;
		in->aux = cond_not[in->aux];
		in->aux2 = over;
		in->imm = 0;
	}
	sp->start[sp->n] = sp->end[sp->n] = pc;
	sp->n++;
	/* another path: nothing cached on the way here is known */
	for (int i = 0; i < 32; i++)
		dc->fs_cache[i] = IR_NONE;
	for (unsigned k = 0; k < max_len && *n < max_insns; k++) {
		unsigned len = decode_one(dc, sp, pc);
		if (!len || dc->end)
			break;
		(*n)++;
		if (dc->jump) {
			back = dc->jump_pc;
			break;
		}
		pc += len;
		if (span_holds(sp, pc)) {
			back = pc;
			break;
		}
	}
	if (back && span_holds(sp, back)) {
		ir_exit_direct(ir, dc->next_slot++, back);
		if (side >= 0)
			ir_label(ir, over);     /* the block goes on here */
		ok = true;
	}
undo:
	if (!ok) {
		ir->n_insns = mark;
		ir->n_guest_insns = guest;
		ir->n_labels = labels;
		dc->next_slot = slot;
		sp->n = nseg;
		sp->page[1] = page1;
		*n = n0;
		if (branched)
			ir->insns[side] = side_exit;
		dc->n_alts = n_alts;
		/* temps made by the undone code are gone */
		memcpy(dc->fs_cache, fs_cache, sizeof fs_cache);
	}
	dc->pc = at;
	dc->next_pc = next;
	dc->end = end;
	dc->jump = jump;
	dc->call = call;
	dc->jump_pc = jump_pc;
	dc->n_rets = n_rets;
	return ok;
}

/*
 * The branch just decoded (its EXIT_COND is the block's last insn; NEXT is
 * the instruction after it): should the superblock go on at its target
 * instead?  When the first tier saw it taken more often than not (the
 * counts of the basic block ending at it, tb_branch_profile, or else the
 * runs of the blocks at both ends, tb_runs): a loop whose body sits behind
 * a forward branch, an error check laid out as the fall-through.
 */
static bool follow_taken(struct rv_dc *dc, struct rv_span *sp, gaddr_t head,
			 gaddr_t next, unsigned n, unsigned max_insns)
{
	struct ir_block *ir = dc->ir;
	const struct ir_insn *x = &ir->insns[ir->n_insns - 1];
	if (x->op != IR_EXIT_COND || x->aux >= IR_ALWAYS)
		return false;
	gaddr_t to = (gaddr_t)x->imm;
	if (sp->n == RV_MAX_SEGS || n >= max_insns || span_holds(sp, to))
		return false;
	struct tcache *tc = dc->cpu->tc;
	int runs, taken;
	if (tb_branch_profile(tc, head, ir->flags, next, &runs, &taken) && runs >= 4) {
		/* the basic block that ends at this branch counted both ways */
		if (2 * taken <= runs)
			return false;
	} else {
		/* else compare the blocks at both ends */
		taken = tb_runs(tc, to, ir->flags);
		if (taken <= 0 || taken <= tb_runs(tc, next, ir->flags))
			return false;
	}
	return span_page_ok(sp, dc->cpu, to);
}

int rv_translate_block(struct cpu *cpu, struct ir_block *ir, unsigned max_insns)
{
	struct rv_dc dc = { .cpu = cpu, .ir = ir, .flags = ir->flags, .head = ir->pc };
	struct rv_span sp = { .n = 1 };
	gaddr_t pc = ir->pc;
	unsigned n = 0, n_out = 0, segs = 0;

	sp.start[0] = sp.end[0] = pc;
	sp.page[0] = pc & ~(gaddr_t)(RV_PAGE - 1);
	sp.page[1] = ~(gaddr_t)0;
	for (int i = 0; i < 32; i++)
		dc.fs_cache[i] = IR_NONE;
	if (!max_insns)
		max_insns = 1;
	for (;;) {
		unsigned mark = ir->n_insns, conds = dc.n_cond, len = decode_one(&dc, &sp, pc);

		if (!len) {
			if (!n)
				return -EFAULT;
			ir_exit_direct(ir, dc.next_slot++, pc);
			break;
		}
		n++;
		pc += len;
		if (dc.end)
			break;
		if (dc.n_cond == conds)
			goto on;
		/* a side exit to code that soon comes back: in line */
		if (ir->superblock && segs < RV_SIDE_SEGS && ir->n_insns > mark &&
		    ir->insns[ir->n_insns - 1].op == IR_EXIT_COND &&
		    !span_holds(&sp, (gaddr_t)ir->insns[ir->n_insns - 1].imm) &&
		    side_segment(&dc, &sp, (gaddr_t)ir->insns[ir->n_insns - 1].imm, &n,
				 max_insns, (int)ir->n_insns - 1, RV_SIDE_LEN)) {
			segs++;
			for (int i = 0; i < 32; i++)
				dc.fs_cache[i] = IR_NONE;
			sp.start[sp.n] = sp.end[sp.n] = pc;
			sp.n++;
		} else if (ir->superblock && follow_taken(&dc, &sp, dc.head, pc, n, max_insns)) {
			/* the block goes on at the target; the fall-through is
			 * the side exit now */
			struct ir_insn *x = &ir->insns[ir->n_insns - 1];
			gaddr_t taken = (gaddr_t)x->imm;
			x->imm = pc;
			x->aux = cond_not[x->aux];
			pc = taken;
			sp.start[sp.n] = sp.end[sp.n] = pc;
			sp.n++;
		}
		dc.head = pc;
		/* side exits out of the block take chaining slots: keep the
		 * last one for the way on (exits to the block's own code will
		 * be branches, see ir_link_exits) */
		for (unsigned i = mark; i < ir->n_insns; i++)
			if (ir->insns[i].op == IR_EXIT_COND &&
			    !span_holds(&sp, (gaddr_t)ir->insns[i].imm))
				n_out++;
		if (n_out >= TB_NSLOTS - 1) {
			/* (after a predicted jump with a second target, on
			 * where it predicts) */
			ir_exit_direct(ir, dc.next_slot++, dc.jump ? dc.jump_pc : pc);
			break;
		}
on:
		if (dc.jump) {
			/* follow jal x0 into a new segment, if there is room */
			if (!ir->superblock || sp.n == RV_MAX_SEGS || n >= max_insns ||
			    span_holds(&sp, dc.jump_pc) || !span_page_ok(&sp, cpu, dc.jump_pc)) {
				ir->can_grow |= !ir->superblock;
				ir_exit_direct(ir, dc.next_slot++, dc.jump_pc);
				break;
			}
			if (dc.call) {
				/* the return it makes will be predicted; when
				 * calls nest deeper, the outermost is forgotten */
				if (dc.n_rets == RV_MAX_RETS)
					memmove(dc.rets, dc.rets + 1,
						--dc.n_rets * sizeof dc.rets[0]);
				dc.rets[dc.n_rets].pc = dc.next_pc;
				dc.rets[dc.n_rets++].link = dc.call;
			}
			pc = dc.head = dc.jump_pc;
			sp.start[sp.n] = sp.end[sp.n] = pc;
			sp.n++;
			continue;
		}
		if (n >= max_insns || span_holds(&sp, pc) || !span_page_ok(&sp, cpu, pc)) {
			ir_exit_direct(ir, dc.next_slot++, pc);
			break;
		}
	}
	if (ir->superblock) {
		/* the other targets of predicted jumps first (a switch's
		 * case in a loop: longer than an if's arm), then the rest */
		gaddr_t tried[RV_SIDE_SEGS * 2];
		unsigned n_tried = 0;
		for (unsigned pass = 0; pass < 2; pass++) {
			for (unsigned i = 0; i < ir->n_insns && segs < RV_SIDE_SEGS &&
					     n_tried < ARRAY_SIZE(tried); i++) {
				if (ir->insns[i].op != IR_EXIT_COND)
					continue;
				gaddr_t to = (gaddr_t)ir->insns[i].imm;
				unsigned k;
				bool alt = false;
				for (k = 0; k < dc.n_alts; k++)
					alt |= dc.alts[k] == to;
				if (alt != !pass)
					continue;
				for (k = 0; k < n_tried && tried[k] != to; k++)
					;
				if (k < n_tried || span_holds(&sp, to))
					continue;
				tried[n_tried++] = to;
				segs += side_segment(&dc, &sp, to, &n, max_insns, -1,
						     alt ? RV_ALT_LEN : RV_SIDE_LEN);
			}
		}
	}
	ir->lo_pc = ir->end_pc = ir->pc;
	for (unsigned i = 0; i < sp.n; i++) {
		if (sp.start[i] < ir->lo_pc)
			ir->lo_pc = sp.start[i];
		if (sp.end[i] > ir->end_pc)
			ir->end_pc = sp.end[i];
	}
	ir->n_guest_insns = n;
	return 0;
}
