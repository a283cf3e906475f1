/*
 * tests/unit/decodegen.c - Check tests of the decode-spec generator and
 * of the riscv64 tables it produces.
 *
 * - tests/unit/dg_test.decode (generated at build time into dg_test_decode.c)
 *   exercises field extraction (concatenation, sign extension, shifts,
 *   addends, constants), conditions, ordered groups (including a trans
 *   function declining), expansions of 16-bit words, templates and aliases;
 * - bad specs written at test time must make the generator fail with a
 *   message naming the lines involved (overlaps above all);
 * - the riscv64 decoders must name the right instruction for sample words,
 *   and the riscv64 disassembler must print what riscv64-linux-gnu-objdump
 *   prints for an object assembled here.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "dg_test_decode.h"
#include "translate/guest/riscv64/rv_decode.h"

#ifndef DECODEGEN
#define DECODEGEN "translate/gen/decodegen"
#endif

/* ---- the test spec's trans functions record what they were given ---- */

struct tst_ctx {
	const char *called;
	int64_t x, y;
	bool reject_g1;
};

#define REC2(n)                                                               \
bool tst_trans_##n(struct tst_ctx *c, const struct tst_args_two *a)          \
{                                                                             \
	c->called = #n;                                                       \
	c->x = a->x;                                                          \
	c->y = a->y;                                                          \
	return true;                                                          \
}
#define REC1(n)                                                               \
bool tst_trans_##n(struct tst_ctx *c, const struct tst_args_one *a)          \
{                                                                             \
	c->called = #n;                                                       \
	c->x = a->x;                                                          \
	return true;                                                          \
}
#define REC0(n)                                                               \
bool tst_trans_##n(struct tst_ctx *c, const struct tst_args_none *a)         \
{                                                                             \
	c->called = #n;                                                       \
	return true;                                                          \
}

REC2(op_a)
REC2(op_b)
REC2(op_g2)
REC2(op_e)
REC1(op_k)
REC1(op_r)
REC0(op_n)
REC0(op_m)
REC0(p_a)
REC0(p_b)
REC0(p_c)

bool tst_trans_op_g1(struct tst_ctx *c, const struct tst_args_one *a)
{
	if (c->reject_g1)
		return false;
	c->called = "op_g1";
	c->x = a->x;
	return true;
}

void tst_dis_hex(struct dg_out *o, int64_t v, uint64_t pc)
{
	dg_printf(o, "0x%llx", (unsigned long long)v);
}

static struct tst_ctx ctx;

static const char *dec32(uint32_t w)
{
	memset(&ctx, 0, sizeof(ctx));
	ctx.x = ctx.y = 12345;
	return tst_dec32(&ctx, w) ? ctx.called : NULL;
}

static const char *dec16(uint32_t w)
{
	memset(&ctx, 0, sizeof(ctx));
	ctx.x = ctx.y = 12345;
	return tst_dec16(&ctx, w) ? ctx.called : NULL;
}

START_TEST(test_fields)
{
	/* lo8 = 0x12, hi8 = 0xff signed */
	ck_assert_str_eq(dec32(0x0000ff12), "op_a");
	ck_assert_int_eq(ctx.x, 18);
	ck_assert_int_eq(ctx.y, -1);
	/* cat = bit 27 : bits 3:0 : bits 20:18 = 0 1010 011, << 2 */
	ck_assert_str_eq(dec32(0x100c000a), "op_b");
	ck_assert_int_eq(ctx.x, 0x53 * 4);
	ck_assert_int_eq(ctx.y, 0x53);
	/* the same with bit 27 set: 1 1010 011 = -45 signed, 211 unsigned */
	ck_assert_str_eq(dec32(0x180c000a), "op_b");
	ck_assert_int_eq(ctx.x, -45 * 4);
	ck_assert_int_eq(ctx.y, 211);
	/* a constant binding ignores the word */
	ck_assert_str_eq(dec32(0x300000ff), "op_k");
	ck_assert_int_eq(ctx.x, 5);
	/* an addend: bits 10:8 + 8 */
	ck_assert_str_eq(dec32(0x40000300), "op_r");
	ck_assert_int_eq(ctx.x, 11);
	ck_assert_str_eq(dec32(0x40000000), "op_r");
	ck_assert_int_eq(ctx.x, 8);
}
END_TEST

START_TEST(test_select)
{
	/* fully fixed words */
	ck_assert_str_eq(dec32(0x50000000), "op_n");
	ck_assert_str_eq(dec32(0x50000001), "op_m");
	ck_assert_ptr_null(dec32(0x50000002));
	ck_assert_ptr_null(dec32(0x58000000));
	/* nothing at all */
	ck_assert_ptr_null(dec32(0x70000000));
	ck_assert_ptr_null(dec32(0xf0000000));
	/* group: op_g1 wants x != 0, else op_g2 takes the word */
	ck_assert_str_eq(dec32(0x20000005), "op_g1");
	ck_assert_int_eq(ctx.x, 5);
	ck_assert_str_eq(dec32(0x20000000), "op_g2");
	ck_assert_str_eq(dec32(0x21000005), "op_g2");
	ck_assert_int_eq(ctx.x, 5);
	ck_assert_int_eq(ctx.y, 0);
	/* a trans function that declines passes the word on */
	memset(&ctx, 0, sizeof(ctx));
	ctx.reject_g1 = true;
	ck_assert(tst_dec32(&ctx, 0x20000005));
	ck_assert_str_eq(ctx.called, "op_g2");
	/* a member-to-member condition */
	ck_assert_str_eq(dec32(0x60000303), "op_e");
	ck_assert_ptr_null(dec32(0x60000304));
	/* names follow the same tree (and conditions) */
	ck_assert_str_eq(tst_dec32_name(0x20000005), "op_g1");
	ck_assert_str_eq(tst_dec32_name(0x20000000), "op_g2");
	ck_assert_ptr_null(tst_dec32_name(0x60000304));
	ck_assert_ptr_null(tst_dec32_name(0x70000000));
}
END_TEST

START_TEST(test_16bit)
{
	/* c.a: x = bits 4:2 + 8, y = sext(bit 12 : bits 7:5) << 1 */
	ck_assert_str_eq(dec16(0x10ac), "op_a");
	ck_assert_int_eq(ctx.x, 11);
	ck_assert_int_eq(ctx.y, -6);
	ck_assert_str_eq(dec16(0x00ac), "op_a");
	ck_assert_int_eq(ctx.y, 10);
	ck_assert_str_eq(dec16(0xa001), "op_k");
	ck_assert_int_eq(ctx.x, 5);
	/* group: the all-zero operand form first, then c.r with x != 8 */
	ck_assert_str_eq(dec16(0x0002), "op_r");
	ck_assert_int_eq(ctx.x, 0);
	ck_assert_str_eq(dec16(0x000e), "op_r");
	ck_assert_int_eq(ctx.x, 11);
	ck_assert_ptr_null(dec16(0x1002));
	ck_assert_ptr_null(dec16(0x0003));
	ck_assert_str_eq(tst_dec16_name(0x0002), "c.z");
	ck_assert_str_eq(tst_dec16_name(0x000e), "c.r");
	ck_assert_str_eq(tst_dec16_name(0x10ac), "c.a");
}
END_TEST

START_TEST(test_no_common_bit)
{
	static const struct { uint32_t w; const char *name; } cases[] = {
		{ 0x80, "p_a" }, { 0xa0, "p_a" }, { 0xbf, "p_a" },
		{ 0xe0, "p_b" }, { 0x60, "p_b" }, { 0x7f, "p_b" },
		{ 0x00, "p_c" }, { 0x40, "p_c" }, { 0x1f, "p_c" },
		{ 0x20, NULL }, { 0x3f, NULL },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *n = tst_dec8_name(cases[i].w);

		memset(&ctx, 0, sizeof(ctx));
		if (cases[i].name) {
			ck_assert_msg(n && !strcmp(n, cases[i].name), "0x%02x: %s",
				      cases[i].w, n ? n : "(none)");
			ck_assert(tst_dec8(&ctx, cases[i].w));
			ck_assert_str_eq(ctx.called, cases[i].name);
		} else {
			ck_assert_ptr_null(n);
			ck_assert(!tst_dec8(&ctx, cases[i].w));
		}
	}
}
END_TEST

static const char *dis32(uint32_t w)
{
	static char buf[128];
	struct dg_out o;

	dg_init(&o, buf, sizeof(buf));
	if (!tst_dec32_disas(&o, w, 0x1000))
		return NULL;
	return buf;
}

START_TEST(test_disas)
{
	char small[8];
	struct dg_out o;

	ck_assert_str_eq(dis32(0x00000512), "op_a 18,5");
	/* aliases in order: y == 0 before x == y */
	ck_assert_str_eq(dis32(0x00000012), "op_a.zero 18");
	ck_assert_str_eq(dis32(0x00000303), "op_a.same 3");
	ck_assert_str_eq(dis32(0x00000000), "op_a.zero 0");
	ck_assert_str_eq(dis32(0x180c000a), "op_b -180,0xd3");
	ck_assert_str_eq(dis32(0x50000001), "custom");
	ck_assert_str_eq(dis32(0x40000300), "op_r r11");
	ck_assert_ptr_null(dis32(0x70000000));
	/* 16-bit words print as their expansion */
	dg_init(&o, small, sizeof(small));
	ck_assert(tst_dec16_disas(&o, 0x10ac, 0));
	/* truncated, still terminated */
	ck_assert_str_eq(small, "op_a 11");
	ck_assert_uint_eq(o.len, strlen("op_a 11,-6"));
}
END_TEST

/* ---- the generator on bad specs ---- */

static char tmpdir[64];

static void make_tmpdir(void)
{
	if (tmpdir[0])
		return;
	strcpy(tmpdir, "/tmp/warp-dgtest-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Run decodegen on SPEC; return its exit status, its stderr in OUT. */
static int run_gen(const char *spec, char *out, size_t outsz)
{
	char path[128], cmd[512];
	FILE *f;
	size_t n;
	int st;

	make_tmpdir();
	snprintf(path, sizeof(path), "%s/spec.decode", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(spec, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "'%s' -o %s/o.c -H %s/o.h %s 2>&1", DECODEGEN,
		 tmpdir, tmpdir, path);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(out, 1, outsz - 1, f);
	out[n] = 0;
	st = pclose(f);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* six lines; the instructions of a test spec start at line 7 */
#define HEAD "prefix t\ncontext struct c\nargs r a\nfield f 3:0\n" \
	"format F r a=%f \"{name}\"\ndecoder d 8\n"

START_TEST(test_gen_ok)
{
	char out[4096];

	ck_assert_int_eq(run_gen(HEAD
				 "x 0000 ....  F\n"
				 "y 0001 ....  F\n"
				 "{\n"
				 "z 1111 0000  F\n"
				 "w 1111 ....  F\n"
				 "}\n", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_gen_overlap)
{
	char out[4096];

	/* line 8 (y) overlaps line 7 (x): 0000 0000 matches both */
	ck_assert_int_eq(run_gen(HEAD
				 "x 0000 ....  F\n"
				 "y .... 0000  F\n", out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, ":8: 'y' overlaps 'x'"));
	ck_assert_ptr_nonnull(strstr(out, "spec.decode:7)"));
	ck_assert_ptr_nonnull(strstr(out, "0x00"));
	/* outside a group the order does not matter: still an error */
	ck_assert_int_eq(run_gen(HEAD
				 "{\nx 0000 ....  F\n}\n"
				 "{\ny 0000 1111  F\n}\n", out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "'y' overlaps 'x'"));
	/* no output is left behind */
	{
		char p[128];

		snprintf(p, sizeof(p), "%s/o.c", tmpdir);
		unlink(p);
		run_gen(HEAD "x 0000 ....  F\n"
			"y 0000 ....  F\n", out, sizeof(out));
		ck_assert_int_ne(access(p, F_OK), 0);
	}
}
END_TEST

START_TEST(test_gen_errors)
{
	char out[4096];

	ck_assert_int_eq(run_gen(HEAD "x 000 ....  F\n",
				 out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, ":7: pattern of 'x' has 7 bits"));
	/* a field beyond the word */
	ck_assert_int_eq(run_gen("args r a\nfield f 9:0\nformat F r a=%f \"x\"\n"
				 "decoder d 8\nx 0000 ....  F\n",
				 out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "beyond the 8-bit word"));
	/* an unbound member */
	ck_assert_int_eq(run_gen("args r a b\nformat F r a=1 \"x\"\ndecoder d 8\n"
				 "x 0000 ....  F\n", out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "member 'b' of 'x' is not bound"));
	/* unknown format, expansion target, template member */
	ck_assert_int_eq(run_gen(HEAD "x 0000 ....  G\n",
				 out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "unknown format 'G'"));
	ck_assert_int_eq(run_gen(HEAD
				 "x 0000 ....  F ->nope\n", out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "unknown instruction 'nope'"));
	ck_assert_int_eq(run_gen(HEAD
				 "x 0000 ....  F \"{b}\"\n", out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "uses 'b'"));
	/* groups */
	ck_assert_int_eq(run_gen(HEAD "{\n"
				 "x 0000 ....  F\n", out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, ":7: group opened here is never closed"));
	ck_assert_int_eq(run_gen(HEAD "}\n", out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "'}' without '{'"));
}
END_TEST

/* ---- the riscv64 tables ---- */

START_TEST(test_rv_names)
{
	static const struct { uint32_t w; const char *name; } w32[] = {
		{ 0x00000073, "ecall" }, { 0x00100073, "ebreak" },
		{ 0x0000100f, "fence.i" }, { 0x0ff0000f, "fence" },
		{ 0xffb50513, "addi" }, { 0x4035d513, "srai" },
		{ 0x4035d51b, "sraiw" }, { 0x02159513, "slli" },
		{ 0x40b0053b, "subw" }, { 0x02c5c53b, "divw" },
		{ 0x1005a52f, "lr.w" }, { 0x1ac5b52f, "sc.d" },
		{ 0xe0c5b52f, "amomaxu.d" }, { 0x6ac5f543, "fmadd.d" },
		{ 0x68c5b54b, "fnmsub.s" }, { 0xc2352553, "fcvt.lu.d" },
		{ 0x40157553, "fcvt.s.d" }, { 0xe2051553, "fclass.d" },
		{ 0xf2050553, "fmv.d.x" }, { 0x00102573, "csrrs" },
		{ 0x0020d573, "csrrwi" }, { 0xd2057553, "fcvt.d.w" },
		{ 0xffffffff, NULL }, { 0x0000007f, NULL },
		{ 0x00000000 | 0x03, "lb" }, { 0x0000700f, NULL },
		{ 0x00200073, NULL }, { 0x0010007b, NULL },
		{ 0x5a15f553, NULL },   /* fsqrt.d with rs2 != 0 */
		{ 0x0000302f, "amoadd.d" },
	};
	static const struct { uint32_t w; const char *name; } w16[] = {
		{ 0x0000, NULL },         /* all-zero: illegal */
		{ 0x0808, "c.addi4spn" }, { 0x1141, "c.addi" },
		{ 0x617d, "c.addi16sp" }, { 0x6505, "c.lui" },
		{ 0x6101, NULL },         /* c.addi16sp with 0 */
		{ 0x6501, NULL },         /* c.lui with 0 */
		{ 0x4515, "c.li" }, { 0x2501, "c.addiw" },
		{ 0x2001, NULL },         /* c.addiw rd = 0 */
		{ 0x8782, "c.jr" }, { 0x8082, "c.jr" }, { 0x8002, NULL },
		{ 0x852e, "c.mv" }, { 0x9782, "c.jalr" }, { 0x9002, "c.ebreak" },
		{ 0x952e, "c.add" }, { 0x0001, "c.addi" }, { 0xbdb9, "c.j" },
		{ 0x4512, "c.lwsp" }, { 0x4002, NULL }, { 0x6002, NULL },
		{ 0xe42a, "c.sdsp" }, { 0x2588, "c.fld" }, { 0xa42a, "c.fsdsp" },
		{ 0x9d0d, "c.subw" }, { 0x9d4d, NULL }, { 0x8d6d, "c.and" },
		{ 0x8000, NULL },         /* quadrant 0 funct3 100: reserved */
	};

	for (unsigned i = 0; i < sizeof(w32) / sizeof(w32[0]); i++) {
		const char *n = rv_decode32_name(w32[i].w);

		if (w32[i].name)
			ck_assert_msg(n && !strcmp(n, w32[i].name),
				      "0x%08x: got %s, want %s", w32[i].w,
				      n ? n : "(illegal)", w32[i].name);
		else
			ck_assert_msg(!n, "0x%08x: got %s, want illegal", w32[i].w, n);
	}
	for (unsigned i = 0; i < sizeof(w16) / sizeof(w16[0]); i++) {
		const char *n = rv_decode16_name(w16[i].w);

		if (w16[i].name)
			ck_assert_msg(n && !strcmp(n, w16[i].name),
				      "0x%04x: got %s, want %s", w16[i].w,
				      n ? n : "(illegal)", w16[i].name);
		else
			ck_assert_msg(!n, "0x%04x: got %s, want illegal", w16[i].w, n);
	}
}
END_TEST

#include "rv_samples.h"

/* Normalise objdump's text: drop "<sym>" and "# comment", one space. */
static void normalise(const char *in, char *out, size_t outsz)
{
	size_t n = 0;
	bool space = false;

	for (; *in && *in != '#' && *in != '<' && *in != '\n'; in++) {
		if (*in == ' ' || *in == '\t') {
			space = n > 0;
			continue;
		}
		if (space && n + 1 < outsz)
			out[n++] = ' ';
		space = false;
		if (n + 1 < outsz)
			out[n++] = *in;
	}
	out[n] = 0;
}

START_TEST(test_rv_objdump)
{
	char src[128], obj[128], cmd[512], line[512];
	unsigned checked = 0, failed = 0;
	FILE *f;

	make_tmpdir();
	snprintf(src, sizeof(src), "%s/s.S", tmpdir);
	snprintf(obj, sizeof(obj), "%s/s.o", tmpdir);
	f = fopen(src, "w");
	ck_assert_ptr_nonnull(f);
	fputs(rv_samples, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "riscv64-linux-gnu-as -march=rv64gc -o %s %s",
		 obj, src);
	ck_assert_msg(system(cmd) == 0,
		      "cannot assemble the samples: is binutils-riscv64-linux-gnu "
		      "installed?");
	snprintf(cmd, sizeof(cmd), "riscv64-linux-gnu-objdump -d %s", obj);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char hex[16], want[256], got[256];
		uint32_t word;
		int pos;
		struct dg_out o;
		bool ok;

		if (sscanf(line, " %llx: %15s %n", &addr, hex, &pos) != 2 ||
		    !strchr(line, '\t'))
			continue;
		if (strlen(hex) != 4 && strlen(hex) != 8)
			continue;
		normalise(line + pos, want, sizeof(want));
		if (!want[0] || want[0] == '.')
			continue;
		word = (uint32_t)strtoul(hex, NULL, 16);
		dg_init(&o, got, sizeof(got));
		if (strlen(hex) == 4)
			ok = rv_decode16_disas(&o, word, addr);
		else
			ok = rv_decode32_disas(&o, word, addr);
		if (!ok)
			strcpy(got, "(illegal)");
		checked++;
		if (strcmp(got, want)) {
			fprintf(stderr, "%llx: %s: objdump '%s', warp '%s'\n", addr,
				hex, want, got);
			failed++;
		}
	}
	pclose(f);
	ck_assert_uint_gt(checked, 200);
	ck_assert_msg(!failed, "%u of %u instructions disassemble differently",
		      failed, checked);
}
END_TEST

static void cleanup(void)
{
	char cmd[128];

	if (tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd))
			fprintf(stderr, "cannot remove %s\n", tmpdir);
	}
}

int main(void)
{
	Suite *s = suite_create("decodegen");
	TCase *gen = tcase_create("generator");
	TCase *rv = tcase_create("riscv64");
	SRunner *sr;
	int failed;

	tcase_add_test(gen, test_fields);
	tcase_add_test(gen, test_select);
	tcase_add_test(gen, test_16bit);
	tcase_add_test(gen, test_no_common_bit);
	tcase_add_test(gen, test_disas);
	tcase_add_test(gen, test_gen_ok);
	tcase_add_test(gen, test_gen_overlap);
	tcase_add_test(gen, test_gen_errors);
	tcase_add_test(rv, test_rv_names);
	tcase_add_test(rv, test_rv_objdump);
	tcase_set_timeout(rv, 60);
	suite_add_tcase(s, gen);
	suite_add_tcase(s, rv);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	cleanup();
	return failed ? 1 : 0;
}
