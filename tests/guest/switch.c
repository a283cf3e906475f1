/*
 * switch: dense switches (jump tables: indirect jumps through a table of
 * offsets), sparse switches (binary search trees of branches), and a
 * bytecode interpreter dispatching with computed goto (labels as values),
 * the indirect-jump pattern of real interpreters.
 */
#include "common.h"

static int __attribute__((noinline)) dense(int x)
{
	switch (x) {
	case 0: return 17;
	case 1: return x * 3 + 1;
	case 2: return -4;
	case 3: return 99;
	case 4: return x << 4;
	case 5: return 1000;
	case 6: return 6 * 6;
	case 7: return -77;
	case 8: return 8 ^ 0x55;
	case 9: return 12345;
	case 10: return 10;
	case 11: return 0x7fffffff;
	case 12: return -1;
	case 13: return 31337;
	case 14: return 14 * 14 * 14;
	case 15: return 2;
	default: return x ^ 0xabc;
	}
}

static const char *__attribute__((noinline)) names(unsigned char c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u': return "vowel";
	case '0' ... '9': return "digit";
	case ' ': case '\t': case '\n': return "space";
	case 'A' ... 'Z': return "upper";
	case 0x80 ... 0xff: return "high";
	default: return "other";
	}
}

static long __attribute__((noinline)) sparse(long x)
{
	switch (x) {
	case -1000000: return 1;
	case -5: return 2;
	case 0: return 3;
	case 7: return 4;
	case 100: return 5;
	case 4096: return 6;
	case 65537: return 7;
	case 1000000007: return 8;
	case 0x100000000l: return 9;
	case 0x7fffffffffffffffl: return 10;
	default: return -x;
	}
}

enum { OP_PUSH, OP_ADD, OP_MUL, OP_DUP, OP_SWAP, OP_JNZ, OP_DEC, OP_POP,
       OP_ROT, OP_HALT };

static long run_bytecode(const int *code)
{
	static const void *dispatch[] = {
		&&op_push, &&op_add, &&op_mul, &&op_dup, &&op_swap, &&op_jnz,
		&&op_dec, &&op_pop, &&op_rot, &&op_halt,
	};
	long stack[64];
	int sp = 0;
	const int *pc = code;

#define NEXT goto *dispatch[*pc++]
	NEXT;
op_push:
	stack[sp++] = *pc++;
	NEXT;
op_add:
	sp--;
	stack[sp - 1] += stack[sp];
	NEXT;
op_mul:
	sp--;
	stack[sp - 1] = (long)((unsigned long)stack[sp - 1] * (unsigned long)stack[sp]);
	NEXT;
op_dup:
	stack[sp] = stack[sp - 1];
	sp++;
	NEXT;
op_swap: {
	long t = stack[sp - 1];
	stack[sp - 1] = stack[sp - 2];
	stack[sp - 2] = t;
	NEXT;
}
op_jnz: {
	int off = *pc++;
	if (stack[sp - 1])
		pc += off;
	NEXT;
}
op_dec:
	stack[sp - 1]--;
	NEXT;
op_pop:
	sp--;
	NEXT;
op_rot: {	/* a b c -> b c a */
	long a = stack[sp - 3];
	stack[sp - 3] = stack[sp - 2];
	stack[sp - 2] = stack[sp - 1];
	stack[sp - 1] = a;
	NEXT;
}
op_halt:
	return stack[sp - 1];
#undef NEXT
}

int main(void)
{
	uint64_t h = 0;

	for (int i = -3; i < 40; i++) {
		int d = dense(OPAQUE(i));
		h = mix64(h, (uint64_t)d);
		if (i < 20)
			printf("dense(%d) = %d\n", i, d);
	}
	for (int c = 0; c < 256; c++)
		h = mix64(h, fnv1a(names((unsigned char)c), 5));
	printf("names: %s %s %s %s %s %s\n", names('e'), names('7'), names(' '),
	       names('Q'), names(0xc3), names('#'));
	static const long sp[] = { -1000000, -5, 0, 7, 100, 4096, 65537,
				   1000000007, 0x100000000l, 0x7fffffffffffffffl,
				   1, 6, 4095, 65536 };
	for (size_t i = 0; i < sizeof(sp) / sizeof(sp[0]); i++)
		printf("sparse(%ld) = %ld\n", sp[i], sparse(OPAQUE(sp[i])));

	/* acc = sum of n*n for n = N..1 */
	static const int squares[] = {
		OP_PUSH, 0, OP_PUSH, 300000,	/* acc n */
		/* 4: */
		OP_DUP, OP_DUP, OP_MUL,		/* acc n n*n */
		OP_ROT,				/* n n*n acc */
		OP_ADD, OP_SWAP,		/* acc' n */
		OP_DEC,				/* acc' n-1 */
		OP_JNZ, -9, 			/* back to 4 while n-1 != 0 */
		OP_POP, OP_HALT,
	};
	long sq = run_bytecode(squares);
	printf("bytecode(squares) = %ld\n", sq);
	CHECK_EQ(sq, 300000l * 300001l * 600001l / 6);
	printf("hash %016llx\n", (unsigned long long)h);
	CHECK_EQ(dense(OPAQUE(4)), 64);
	CHECK_EQ(sparse(OPAQUE(65537l)), 7);
	return finish();
}
