/*
 * interp (branch): a register-machine bytecode interpreter with a switch
 * dispatch loop, running a Collatz-length program.  One indirect jump per
 * bytecode whose target depends on data: the pattern of every interpreter,
 * and the case where a translator's indirect-branch lookup is on the hot
 * path (jalr through the switch table).
 */
#include "bench.h"

enum op { MOVI, MOV, ADD, ADDI, MULI, ANDI, SHRI, EQI, LT, JMP, JZ, JNZ, HALT };

struct insn {
	uint8_t op, a, b;
	int32_t imm;
};

/*
 * r0 = limit; r1 = n; r2 = x; r3 = steps; r4 = scratch; r5 = total
 * for (n = 1; n < limit; n++) { x = n; steps = 0;
 *   while (x != 1) { x = x & 1 ? 3x + 1 : x >> 1; steps++; }
 *   total += steps; }
 */
static const struct insn program[] = {
	/*  0 */ { MOVI, 1, 0, 1 },
	/*  1 */ { MOVI, 5, 0, 0 },
	/*  2 */ { MOV, 2, 1, 0 },
	/*  3 */ { MOVI, 3, 0, 0 },
	/*  4 */ { EQI, 4, 2, 1 },
	/*  5 */ { JNZ, 4, 0, 14 },
	/*  6 */ { ANDI, 4, 2, 1 },
	/*  7 */ { JZ, 4, 0, 11 },
	/*  8 */ { MULI, 2, 2, 3 },
	/*  9 */ { ADDI, 2, 2, 1 },
	/* 10 */ { JMP, 0, 0, 12 },
	/* 11 */ { SHRI, 2, 2, 1 },
	/* 12 */ { ADDI, 3, 3, 1 },
	/* 13 */ { JMP, 0, 0, 4 },
	/* 14 */ { ADD, 5, 3, 0 },	/* r5 += r3 */
	/* 15 */ { ADDI, 1, 1, 1 },
	/* 16 */ { LT, 4, 1, 0 },	/* r4 = r1 < r0 */
	/* 17 */ { JNZ, 4, 0, 2 },
	/* 18 */ { HALT, 0, 0, 0 },
};

static uint64_t run(const struct insn *code, uint64_t *r, uint64_t *count)
{
	const struct insn *pc = code;
	uint64_t n = 0;

	for (;;) {
		const struct insn *i = pc++;

		n++;
		switch (i->op) {
		case MOVI: r[i->a] = (uint64_t)(int64_t)i->imm; break;
		case MOV: r[i->a] = r[i->b]; break;
		case ADD: r[i->a] += r[i->b]; break;
		case ADDI: r[i->a] = r[i->b] + (uint64_t)(int64_t)i->imm; break;
		case MULI: r[i->a] = r[i->b] * (uint64_t)(int64_t)i->imm; break;
		case ANDI: r[i->a] = r[i->b] & (uint64_t)(int64_t)i->imm; break;
		case SHRI: r[i->a] = r[i->b] >> i->imm; break;
		case EQI: r[i->a] = r[i->b] == (uint64_t)(int64_t)i->imm; break;
		case LT: r[i->a] = r[i->b] < r[i->imm]; break;
		case JMP: pc = code + i->imm; break;
		case JZ: if (!r[i->a]) pc = code + i->imm; break;
		case JNZ: if (r[i->a]) pc = code + i->imm; break;
		case HALT: *count = n; return r[5];
		default:
			fprintf(stderr, "interp: bad opcode %d\n", i->op);
			exit(1);
		}
	}
}

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	uint64_t r[8] = { 0 }, count = 0, total;

	r[0] = (uint64_t)scale * 25000;
	total = run(program, r, &count);
	printf("interp: collatz steps below %llu: %llu, %llu bytecodes\n",
	       (unsigned long long)r[0], (unsigned long long)total,
	       (unsigned long long)count);
	bench_report("interp", bench_mix(bench_mix(BENCH_SEED, total), count));
	return 0;
}
