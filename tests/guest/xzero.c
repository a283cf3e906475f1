/*
 * xzero: the RISC-V zero register: writes to x0 are discarded (including
 * from loads, jal/jalr links, lui/auipc, csr reads and AMOs, whose memory
 * effects still happen), reads give 0, and an x0 base address means
 * absolute addressing near 0 (not tested: it would fault).  Native prints
 * the values the ISA defines.
 */
#include "common.h"

#ifdef __riscv
static int64_t probe(int k, int64_t *mem)
{
	int64_t r;

	switch (k) {
	case 0:
		__asm__ volatile("li t0, 5\n\tadd zero, t0, t0\n\tmv %0, zero" : "=r"(r) : : "t0");
		break;
	case 1:
		__asm__ volatile("ld zero, 0(%1)\n\tadd %0, zero, zero" : "=r"(r) : "r"(mem));
		break;
	case 2:
		__asm__ volatile("lui zero, 0x12345\n\taddi %0, zero, 7" : "=r"(r));
		break;
	case 3:	/* jal x0 is a plain jump */
		__asm__ volatile("li %0, 1\n\tj 1f\n\tli %0, 2\n1:\n\taddi %0, %0, 10" : "=&r"(r));
		break;
	case 4:	/* AMO to x0: memory still updated */
		__asm__ volatile("li t0, 100\n\tamoadd.d zero, t0, (%1)\n\tld %0, 0(%1)"
				 : "=r"(r) : "r"(mem) : "t0", "memory");
		break;
	case 5:
		__asm__ volatile("auipc zero, 1\n\tslli %0, zero, 3" : "=r"(r));
		break;
	case 6:	/* csrr to x0 */
		__asm__ volatile("csrr zero, fflags\n\tsltu %0, zero, zero" : "=r"(r));
		break;
	default: /* sc.d to x0 after lr.d: store happens, result discarded */
		__asm__ volatile("li t0, 77\n\tlr.d t1, (%1)\n\tsc.d zero, t0, (%1)\n\tld %0, 0(%1)"
				 : "=r"(r) : "r"(mem) : "t0", "t1", "memory");
		break;
	}
	return r;
}
#else
static int64_t probe(int k, int64_t *mem)
{
	static const int64_t v[] = { 0, 0, 7, 11, 0, 0, 0, 77 };

	if (k == 4) {
		*mem += 100;
		return *mem;
	}
	if (k == 7)
		*mem = 77;
	return v[k];
}
#endif

int main(void)
{
	int64_t mem = 1000;

	for (int k = 0; k < 8; k++)
		printf("probe %d: %lld\n", k, (long long)probe(k, &mem));
	printf("mem %lld\n", (long long)mem);
	CHECK_EQ(mem, 77);
	return finish();
}
