/*
 * amo: every RISC-V AMO (amoswap, amoadd, amoand, amoor, amoxor, amomin,
 * amomax, amominu, amomaxu; .w and .d; with and without .aq/.rl) and
 * LR/SC, through inline asm on riscv64.  C has no atomic min/max, so the
 * native build computes what the ISA defines: the old value (.w: sign-
 * extended) in rd, op(old, rs2) in memory.  LR/SC: a paired SC succeeds
 * (rd = 0), an SC after it has no reservation and must fail (rd != 0),
 * and the failing SC must not write memory.
 */
#include "common.h"

enum { SWAP, ADD, AND, OR, XOR, MIN, MAX, MINU, MAXU, NOPS };
static const char *const opname[] = {
	"swap", "add", "and", "or", "xor", "min", "max", "minu", "maxu",
};

#ifdef __riscv
#define AMO(insn, mem, val, old)					\
	__asm__ volatile(insn " %0, %2, (%1)"				\
			 : "=r"(old) : "r"(mem), "r"(val) : "memory")
static int64_t amo_w(int op, int32_t *mem, int64_t val, int order)
{
	int64_t old;

#define CASE_W(OP, name)						\
	case OP:							\
		if (order == 0) AMO(name ".w", mem, val, old);		\
		else if (order == 1) AMO(name ".w.aq", mem, val, old);	\
		else if (order == 2) AMO(name ".w.rl", mem, val, old);	\
		else AMO(name ".w.aqrl", mem, val, old);		\
		break;
	switch (op) {
	CASE_W(SWAP, "amoswap") CASE_W(ADD, "amoadd") CASE_W(AND, "amoand")
	CASE_W(OR, "amoor") CASE_W(XOR, "amoxor") CASE_W(MIN, "amomin")
	CASE_W(MAX, "amomax") CASE_W(MINU, "amominu")
	default: AMO("amomaxu.w", mem, val, old); break;
	}
	return old;
}
static int64_t amo_d(int op, int64_t *mem, int64_t val, int order)
{
	int64_t old;

#define CASE_D(OP, name)						\
	case OP:							\
		if (order == 0) AMO(name ".d", mem, val, old);		\
		else if (order == 1) AMO(name ".d.aq", mem, val, old);	\
		else if (order == 2) AMO(name ".d.rl", mem, val, old);	\
		else AMO(name ".d.aqrl", mem, val, old);		\
		break;
	switch (op) {
	CASE_D(SWAP, "amoswap") CASE_D(ADD, "amoadd") CASE_D(AND, "amoand")
	CASE_D(OR, "amoor") CASE_D(XOR, "amoxor") CASE_D(MIN, "amomin")
	CASE_D(MAX, "amomax") CASE_D(MINU, "amominu")
	default: AMO("amomaxu.d", mem, val, old); break;
	}
	return old;
}
/* lr; sc (succeeds); sc again (no reservation: fails) */
static void lrsc_w(int32_t *mem, int64_t v1, int64_t v2, int64_t *loaded,
		   int64_t *sc1, int64_t *sc2)
{
	__asm__ volatile("lr.w %0, (%3)\n\t"
			 "sc.w %1, %4, (%3)\n\t"
			 "sc.w %2, %5, (%3)"
			 : "=&r"(*loaded), "=&r"(*sc1), "=&r"(*sc2)
			 : "r"(mem), "r"(v1), "r"(v2) : "memory");
}
static void lrsc_d(int64_t *mem, int64_t v1, int64_t v2, int64_t *loaded,
		   int64_t *sc1, int64_t *sc2)
{
	__asm__ volatile("lr.d.aq %0, (%3)\n\t"
			 "sc.d.rl %1, %4, (%3)\n\t"
			 "sc.d %2, %5, (%3)"
			 : "=&r"(*loaded), "=&r"(*sc1), "=&r"(*sc2)
			 : "r"(mem), "r"(v1), "r"(v2) : "memory");
}
#else
static uint64_t apply(int op, uint64_t a, uint64_t b, int w)
{
	int64_t sa = w ? (int32_t)a : (int64_t)a, sb = w ? (int32_t)b : (int64_t)b;
	uint64_t ua = w ? (uint32_t)a : a, ub = w ? (uint32_t)b : b;

	switch (op) {
	case SWAP: return b;
	case ADD: return a + b;
	case AND: return a & b;
	case OR: return a | b;
	case XOR: return a ^ b;
	case MIN: return (uint64_t)(sa < sb ? sa : sb);
	case MAX: return (uint64_t)(sa > sb ? sa : sb);
	case MINU: return ua < ub ? ua : ub;
	default: return ua > ub ? ua : ub;
	}
}
static int64_t amo_w(int op, int32_t *mem, int64_t val, int order)
{
	int32_t old = *mem;

	*mem = (int32_t)apply(op, (uint32_t)old, (uint64_t)val, 1);
	return old;
}
static int64_t amo_d(int op, int64_t *mem, int64_t val, int order)
{
	int64_t old = *mem;

	*mem = (int64_t)apply(op, (uint64_t)old, (uint64_t)val, 0);
	return old;
}
static void lrsc_w(int32_t *mem, int64_t v1, int64_t v2, int64_t *loaded,
		   int64_t *sc1, int64_t *sc2)
{
	*loaded = *mem;
	*mem = (int32_t)v1;
	*sc1 = 0;
	*sc2 = 1;
}
static void lrsc_d(int64_t *mem, int64_t v1, int64_t v2, int64_t *loaded,
		   int64_t *sc1, int64_t *sc2)
{
	*loaded = *mem;
	*mem = v1;
	*sc1 = 0;
	*sc2 = 1;
}
#endif

static const uint64_t vals[] = {
	0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffffffffffeull,
	0x8000000000000000ull, 0x7fffffffffffffffull, 0x00000001ffffffffull,
	0x123456789abcdef0ull, 0xffffffff80000000ull,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

int main(void)
{
	static int32_t w[4];	/* w[1] is the target; neighbours must survive */
	static int64_t d[3];
	uint64_t h = 0;

	for (int op = 0; op < NOPS; op++) {
		uint64_t hw = 0, hd = 0;
		for (size_t i = 0; i < NV; i++) {
			for (size_t j = 0; j < NV; j++) {
				w[0] = 0x11111111;
				w[2] = 0x22222222;
				w[1] = (int32_t)vals[i];
				int64_t old = amo_w(op, &w[1], (int64_t)vals[j], (int)(j & 3));
				CHECK_EQ(old, (int64_t)(int32_t)vals[i]);
				CHECK(w[0] == 0x11111111 && w[2] == 0x22222222);
				hw = mix64(hw, (uint64_t)old);
				hw = mix64(hw, (uint32_t)w[1]);
				d[1] = (int64_t)vals[i];
				old = amo_d(op, &d[1], (int64_t)vals[j], (int)(i & 3));
				CHECK_EQ(old, vals[i]);
				hd = mix64(hd, (uint64_t)old);
				hd = mix64(hd, (uint64_t)d[1]);
			}
		}
		printf("amo%-5s w %016llx d %016llx\n", opname[op],
		       (unsigned long long)hw, (unsigned long long)hd);
		h = mix64(h, hw ^ hd);
	}
	/* a few spelled out */
	w[1] = -5;
	int64_t o = amo_w(MINU, &w[1], 3, 0);
	printf("amominu.w(-5, 3): old %lld new %d\n", (long long)o, w[1]);
	CHECK_EQ(w[1], 3);
	w[1] = -5;
	o = amo_w(MAX, &w[1], 3, 3);
	printf("amomax.w(-5, 3): old %lld new %d\n", (long long)o, w[1]);
	CHECK_EQ(w[1], 3);
	w[1] = 7;
	o = amo_w(ADD, &w[1], 0x7ffffffffll, 0);	/* only the low 32 bits count */
	printf("amoadd.w(7, 0x7ffffffff): old %lld new %d\n", (long long)o, w[1]);
	CHECK_EQ(w[1], 6);
	d[1] = INT64_MIN;
	o = amo_d(MIN, &d[1], 1, 1);
	printf("amomin.d(MIN, 1): old %lld new %lld\n", (long long)o, (long long)d[1]);

	int64_t loaded, sc1, sc2;
	w[1] = (int32_t)0x89abcdef;
	lrsc_w(&w[1], 0x1234, 0x5678, &loaded, &sc1, &sc2);
	printf("lr.w %llx sc.w %s sc.w again %s mem %x\n",
	       (unsigned long long)loaded, sc1 == 0 ? "ok" : "failed",
	       sc2 == 0 ? "ok" : "failed", w[1]);
	CHECK_EQ(loaded, (int64_t)(int32_t)0x89abcdef);	/* sign-extended */
	CHECK_EQ(sc1, 0);
	CHECK(sc2 != 0);
	CHECK_EQ(w[1], 0x1234);
	d[1] = -42;
	lrsc_d(&d[1], 0x0102030405060708ll, 99, &loaded, &sc1, &sc2);
	printf("lr.d %lld sc.d %s sc.d again %s mem %llx\n", (long long)loaded,
	       sc1 == 0 ? "ok" : "failed", sc2 == 0 ? "ok" : "failed",
	       (unsigned long long)d[1]);
	CHECK_EQ(sc1, 0);
	CHECK(sc2 != 0);
	CHECK_EQ(d[1], 0x0102030405060708ll);
	printf("total %016llx\n", (unsigned long long)h);
	return finish();
}
