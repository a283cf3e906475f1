/*
 * smc: self-modifying code.  The program writes machine code into memory
 * it maps executable, flushes the instruction cache, runs it, rewrites it
 * and runs it again; every call must see the newest code.  riscv64 writes
 * RISC-V instructions (flushing with __builtin___clear_cache, which calls
 * glibc's __riscv_flush_icache, i.e. the riscv_flush_icache syscall, or
 * with a bare fence.i); the native build writes the equivalent x86-64
 * code, so both print the same results.  Cases:
 *   fresh      a new RWX page, written then run
 *   rewrite    code that already ran (many times: translated, chained)
 *              gets a new immediate, 200 times
 *   loop       a function with a backward branch changes its trip count
 *   running    a loop that ran often (a superblock that loops inside)
 *              starts storing into its own page: the translation it runs
 *              is dropped at the first store, and the loop goes on right
 *   reuse      a page that held other, longer code gets a new function
 *   fencei     rewrite + plain fence.i (no syscall)
 *   caller     a caller and its callee share a page; only the callee
 *              changes, the caller (already translated) must reach it
 *   self       generated code stores into its own next instruction,
 *              executes fence.i and falls through into the new instruction
 *   remap      munmap + mmap of the same address with new code
 *   wxflip     RW -> RX -> RW -> RX with mprotect, as W^X JITs do
 *   compressed 16-bit RVC code (c.li/c.jr), rewritten to 32-bit code
 * smc_alias does the case where the writes go through another mapping.
 */
#include "smc_gen.h"
#include <sys/mman.h>

static void *map_rwx(void *hint)
{
	void *p = mmap(hint, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS | (hint ? MAP_FIXED : 0), -1, 0);
	CHECK(p != MAP_FAILED);
	return p;
}

int main(void)
{
	unsigned char *page = map_rwx(NULL);
	long r;

	/* fresh */
	gen_ret_imm(page, 11);
	flush(page, 64);
	r = ((fn0)page)();
	printf("fresh: %ld\n", r);
	CHECK_EQ(r, 11);

	/* rewrite code that already ran, many times over */
	long sum = 0;
	int bad = 0;
	for (int k = 0; k < 200; k++) {
		int32_t v = (int32_t)(0x12345 * k - 77777);
		gen_ret_imm(page, v);
		flush(page, 64);
		for (int call = 0; call < 50; call++) {
			r = ((fn0)page)();
			if (r != v)
				bad++;
			sum += r;
		}
	}
	printf("rewrite: sum %ld, stale results %d\n", sum, bad);
	CHECK_EQ(bad, 0);

	/* loop with a changing trip count */
	unsigned char *lp = page + 256;
	for (int n = 1; n < 2000; n += 333) {
		gen_loop(lp, n);
		flush(lp, 64);
		r = ((fn0)lp)();
		printf("loop(%d) = %ld\n", n, r);
		CHECK_EQ(r, (long)n * (n + 1) / 2);
	}

	/* running: the loop stores to another page first, then to its own */
	unsigned char *wp = page + 1536;
	int *other = malloc(sizeof *other);
	CHECK(other != NULL);
	gen_store_loop(wp, 2000);
	flush(wp, 64);
	r = ((fn1)wp)((long)other);
	printf("running: elsewhere %ld, last %d\n", r, *other);
	CHECK_EQ(r, 2000L * 2001 / 2);
	int *own = (int *)(page + 2816);
	*own = -1;
	r = ((fn1)wp)((long)own);
	printf("running: own page %ld, last %d\n", r, *own);
	CHECK_EQ(r, 2000L * 2001 / 2);
	CHECK_EQ(*own, 1);
	free(other);

	/* reuse: other code first, then a different function in its place */
	unsigned char *rp = page + 512;
	gen_other(rp);
	flush(rp, 64);
	r = ((fn2)rp)(5, 7);
	printf("reuse: other(5, 7) = %ld\n", r);
	CHECK_EQ(r, 22);
	gen_ret_imm(rp, -31337);
	flush(rp, 64);
	r = ((fn0)rp)();
	printf("reuse: now %ld\n", r);
	CHECK_EQ(r, -31337);

	/* fence.i alone (riscv); x86 needs nothing */
	for (int k = 0; k < 5; k++) {
		gen_ret_imm(rp, 4000 + k);
		fence_i();
		r = ((fn0)rp)();
		printf("fencei %d: %ld\n", k, r);
		CHECK_EQ(r, 4000 + k);
	}
	r = flush_syscall(rp, 64);
	printf("flush_icache syscall returned %ld\n", r);
	CHECK_EQ(r, 0);

	/* caller and callee in one page: only the callee changes */
	unsigned char *callee = page + 1024, *caller = page + 1024 + 128;
	gen_ret_imm(callee, 1);
	gen_caller(caller, callee);
	flush(callee, 256);
	for (int k = 0; k < 5; k++) {
		long a = ((fn0)caller)();
		long b = ((fn0)caller)();
		printf("caller %d: %ld %ld\n", k, a, b);
		CHECK_EQ(a, 1001 + 2 * k);
		CHECK_EQ(b, 1001 + 2 * k);
		gen_ret_imm(callee, 3 + 2 * k);
		flush(callee, 16);
	}

	/* code that patches its own next instruction */
	unsigned char *sp = page + 2048;
	gen_self(sp, 5);
	flush(sp, 64);
	for (int k = 0; k < 6; k++) {
		r = ((fn2)sp)((long)self_word(100 + k), (long)self_where(sp));
		printf("self %d: %ld\n", k, r);
		CHECK_EQ(r, 100 + k);
	}

	/* remap: unmap, map the same address again, new code */
	void *addr = page;
	CHECK_EQ(munmap(page, PAGE), 0);
	page = map_rwx(addr);
	CHECK(page == addr);
	gen_ret_imm(page, 777);
	flush(page, 64);
	r = ((fn0)page)();
	printf("remap: %ld\n", r);
	CHECK_EQ(r, 777);

	/* W^X flips */
	unsigned char *wx = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(wx != MAP_FAILED);
	for (int k = 0; k < 4; k++) {
		CHECK_EQ(mprotect(wx, PAGE, PROT_READ | PROT_WRITE), 0);
		gen_loop(wx, 10 + k);
		CHECK_EQ(mprotect(wx, PAGE, PROT_READ | PROT_EXEC), 0);
		flush(wx, 64);
		r = ((fn0)wx)();
		printf("wxflip %d: %ld\n", k, r);
		CHECK_EQ(r, (long)(10 + k) * (11 + k) / 2);
	}
	munmap(wx, PAGE);

	/* compressed code, then 32-bit code in the same place */
	unsigned char *cp = page + 3072;
	for (int k = -3; k < 3; k++) {
		gen_compressed(cp, k * 10);
		flush(cp, 16);
		r = ((fn0)cp)();
		printf("compressed %d: %ld\n", k, r);
		CHECK_EQ(r, k * 10);
	}
	gen_ret_imm(cp, 123456);
	flush(cp, 16);
	r = ((fn0)cp)();
	printf("compressed -> normal: %ld\n", r);
	CHECK_EQ(r, 123456);
	munmap(page, PAGE);
	return finish();
}
