/*
 * dg_emit.c - decodegen's code generator: from the checked spec, a header
 * (argument structs, trans and printer prototypes) and the decoders, which
 * are switch trees over the fixed bits.
 *
 * The tree: at each node, switch on the lowest run of bits that every
 * remaining unit (an instruction, or an ordered group) fixes; when no bit
 * is fixed by all, on the bits fixed by most, the others joining every
 * case and the default.  Each level consumes bits, so the tree is finite;
 * a leaf checks the bits its path did not consume, extracts the fields,
 * checks the conditions and calls the trans function (or prints).  The
 * same tree is emitted three times: decode, disassemble, name.
 */
#include "dg_spec.h"

/* A unit of the decision tree: one instruction or one ordered group. */
struct unit {
	struct insn **members;
	int n;
	uint32_t mask, bits;
};

enum mode { M_DECODE, M_DISAS, M_NAME };

static FILE *out;

static void indent(int depth)
{
	for (int i = 0; i < depth; i++)
		fputc('\t', out);
}

static void emit_field(const struct field *f)
{
	int pos = f->nbits;

	fputc('(', out);
	if (f->sign)
		fprintf(out, "dg_sext(");
	fputc('(', out);
	for (int i = 0; i < f->nsegs; i++) {
		int w = f->segs[i].hi - f->segs[i].lo + 1;

		pos -= w;
		if (i)
			fprintf(out, " | ");
		fprintf(out, "((int64_t)((insn >> %d) & 0x%xu) << %d)", f->segs[i].lo,
			(unsigned)((1ull << w) - 1), pos);
	}
	fputc(')', out);
	if (f->sign)
		fprintf(out, ", %d)", f->nbits);
	if (f->shift)
		fprintf(out, " * %lld", 1ll << f->shift);
	if (f->add)
		fprintf(out, " + %lld", f->add);
	fputc(')', out);
}

static void emit_extract(const struct insn *in, int depth)
{
	const struct argset *as = in->fmt->as;

	indent(depth);
	fprintf(out, "struct %s_args_%s a = { 0 };\n", prefix, as->name);
	for (int m = 0; m < as->n; m++) {
		indent(depth);
		fprintf(out, "a.%s = ", as->members[m]);
		if (in->b[m].kind == B_CONST)
			fprintf(out, "%lld", in->b[m].value);
		else
			emit_field(in->b[m].f);
		fprintf(out, ";\n");
	}
}

static void emit_conds(const struct argset *as, const struct cond *c, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fprintf(out, " && ");
		fprintf(out, "a.%s %s ", as->members[c[i].member],
			c[i].ne ? "!=" : "==");
		if (c[i].is_member)
			fprintf(out, "a.%s", as->members[c[i].member2]);
		else
			fprintf(out, "%lld", c[i].value);
	}
}

static void emit_cstring(const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fputc('\\', out);
		fputc(s[i], out);
	}
	fputc('"', out);
}

/* Print a template; IN names the instruction for {name}. */
static void emit_template(const char *t, const struct insn *in, int depth)
{
	const struct argset *as = in->fmt->as;

	while (*t) {
		const char *open = strchr(t, '{');
		const char *close;
		char name[64], *kind;
		size_t len;
		int m;

		if (!open)
			open = t + strlen(t);
		if (open > t) {
			indent(depth);
			fprintf(out, "dg_puts(o, ");
			emit_cstring(t, open - t);
			fprintf(out, ");\n");
		}
		if (!*open)
			break;
		close = strchr(open, '}');
		len = close ? (size_t)(close - open - 1) : 0;
		if (!close || len == 0 || len >= sizeof(name)) {
			error("bad placeholder in template of '%s'", in->name);
			return;
		}
		memcpy(name, open + 1, len);
		name[len] = 0;
		t = close + 1;
		indent(depth);
		if (!strcmp(name, "name")) {
			fprintf(out, "dg_puts(o, \"%s\");\n", in->name);
			continue;
		}
		kind = strchr(name, ':');
		if (kind)
			*kind++ = 0;
		m = member_index(as, name);
		if (m < 0) {
			error("template of '%s' uses '%s', not a member of '%s'",
			      in->name, name, as->name);
			return;
		}
		if (kind)
			fprintf(out, "%s_dis_%s(o, a.%s, pc);\n", prefix, kind, name);
		else
			fprintf(out, "dg_dec(o, a.%s);\n", name);
	}
}

static void emit_disas(const struct insn *in, int depth)
{
	const struct insn *t = in->target;

	for (int i = 0; i < n_aliases; i++) {
		const struct alias *al = aliases[i];

		if (al->target != t)
			continue;
		indent(depth);
		fprintf(out, "if (");
		if (al->nconds)
			emit_conds(t->fmt->as, al->conds, al->nconds);
		else
			fprintf(out, "1");
		fprintf(out, ") {\n");
		cur_file = al->file;
		cur_line = al->line;
		emit_template(al->tmpl, t, depth + 1);
		indent(depth + 1);
		fprintf(out, "return true;\n");
		indent(depth);
		fprintf(out, "}\n");
	}
	cur_file = t->file;
	cur_line = t->line;
	emit_template(t->tmpl, t, depth);
	indent(depth);
	fprintf(out, "return true;\n");
}

/* One instruction whose bits outside CONSUMED must still be checked.
 * In a group (LAST false) a failure falls through to the next member. */
static void emit_leaf(const struct insn *in, uint32_t consumed, enum mode mode,
		      int depth)
{
	uint32_t m = in->mask & ~consumed;
	char *cn = cname(in->target->name);

	indent(depth);
	if (m)
		fprintf(out, "if ((insn & 0x%xu) == 0x%xu) {\n", m, in->bits & m);
	else
		fprintf(out, "{\n");
	depth++;
	if (mode == M_NAME && !in->nconds) {
		indent(depth);
		fprintf(out, "return \"%s\";\n", in->name);
		goto done;
	}
	emit_extract(in, depth);
	if (mode == M_DECODE) {
		indent(depth);
		fprintf(out, "if (");
		if (in->nconds) {
			emit_conds(in->fmt->as, in->conds, in->nconds);
			fprintf(out, " && ");
		}
		fprintf(out, "%s_trans_%s(ctx, &a))\n", prefix, cn);
		indent(depth + 1);
		fprintf(out, "return true;\n");
	} else {
		if (in->nconds) {
			indent(depth);
			fprintf(out, "if (");
			emit_conds(in->fmt->as, in->conds, in->nconds);
			fprintf(out, ") {\n");
			depth++;
		}
		if (mode == M_NAME) {
			indent(depth);
			fprintf(out, "return \"%s\";\n", in->name);
		} else {
			indent(depth);
			fprintf(out, "(void)pc;\n");
			indent(depth);
			fprintf(out, "(void)a;\n");
			emit_disas(in, depth);
		}
		if (in->nconds) {
			depth--;
			indent(depth);
			fprintf(out, "}\n");
		}
	}
done:
	depth--;
	indent(depth);
	fprintf(out, "}\n");
	free(cn);
}

/* The lowest contiguous run of set bits in M. */
static uint32_t lowest_run(uint32_t m)
{
	uint32_t low = m & -m;

	return m & ~(m + low);
}

static void emit_tree(struct unit **u, int n, uint32_t consumed, enum mode mode,
		      int depth)
{
	uint32_t common = ~0u, run;
	int lo, cnt;
	struct unit **child;
	uint32_t *vals;
	int nvals = 0;

	if (n == 0) {
		indent(depth);
		fprintf(out, "return %s;\n", mode == M_NAME ? "NULL" : "false");
		return;
	}
	if (n == 1) {
		for (int i = 0; i < u[0]->n; i++)
			emit_leaf(u[0]->members[i], consumed, mode, depth);
		indent(depth);
		fprintf(out, "return %s;\n", mode == M_NAME ? "NULL" : "false");
		return;
	}
	for (int i = 0; i < n; i++)
		common &= u[i]->mask;
	common &= ~consumed;
	if (!common) {
		/* No bit is fixed in every unit: switch on the bits fixed in
		 * the most units; the others go into every case. */
		int best = -1, bestc = 0;

		for (int b = 0; b < 32; b++) {
			if (consumed & (1u << b))
				continue;
			cnt = 0;
			for (int i = 0; i < n; i++)
				cnt += !!(u[i]->mask & (1u << b));
			if (cnt > bestc) {
				bestc = cnt;
				best = b;
			}
		}
		if (best < 0)
			die("internal error: overlapping units at %s:%d",
			    u[0]->members[0]->file, u[0]->members[0]->line);
		common = ~consumed;
		for (int i = 0; i < n; i++)
			if (u[i]->mask & (1u << best))
				common &= u[i]->mask;
	}
	run = lowest_run(common);
	lo = __builtin_ctz(run);
	child = xcalloc(n, sizeof(*child));
	vals = xcalloc(n, sizeof(*vals));
	for (int i = 0; i < n; i++) {
		uint32_t v;
		bool seen = false;

		if ((u[i]->mask & run) != run)
			continue;
		v = (u[i]->bits & run) >> lo;
		for (int j = 0; j < nvals; j++)
			seen |= vals[j] == v;
		if (!seen)
			vals[nvals++] = v;
	}
	indent(depth);
	fprintf(out, "switch ((insn >> %d) & 0x%xu) {\n", lo, run >> lo);
	for (int k = 0; k < nvals; k++) {
		int nc = 0;

		for (int i = 0; i < n; i++) {
			if ((u[i]->mask & run) != run ||
			    ((u[i]->bits & run) >> lo) == vals[k])
				child[nc++] = u[i];
		}
		indent(depth);
		fprintf(out, "case 0x%x: {\n", vals[k]);
		emit_tree(child, nc, consumed | run, mode, depth + 1);
		indent(depth);
		fprintf(out, "}\n");
	}
	{
		int nc = 0;

		for (int i = 0; i < n; i++)
			if ((u[i]->mask & run) != run)
				child[nc++] = u[i];
		indent(depth);
		fprintf(out, "default: {\n");
		emit_tree(child, nc, consumed | run, mode, depth + 1);
		indent(depth);
		fprintf(out, "}\n");
	}
	indent(depth);
	fprintf(out, "}\n");
	free(child);
	free(vals);
}

static struct unit **make_units(const struct decoder *d, int *np)
{
	struct unit **u = xcalloc(d->n, sizeof(*u));
	int n = 0;

	for (int i = 0; i < d->n; i++) {
		struct insn *in = d->insns[i];
		struct unit *cur;

		if (in->group && n && u[n - 1]->members[0]->group == in->group) {
			cur = u[n - 1];
		} else {
			cur = xcalloc(1, sizeof(*cur));
			cur->members = xcalloc(d->n, sizeof(*cur->members));
			cur->mask = ~0u;
			u[n++] = cur;
		}
		cur->members[cur->n++] = in;
		/* bits every member fixes to the same value */
		cur->mask &= in->mask;
		if (cur->n > 1)
			cur->mask &= ~(cur->bits ^ in->bits);
		cur->bits = in->bits & cur->mask;
	}
	for (int i = 0; i < n; i++)
		u[i]->bits &= u[i]->mask;
	*np = n;
	return u;
}

static void emit_decoder(const struct decoder *d, bool decode, bool disas)
{
	int n;
	struct unit **u = make_units(d, &n);

	if (decode) {
		fprintf(out, "\nbool %s(%s *ctx, uint32_t insn)\n{\n", d->name,
			context);
		emit_tree(u, n, 0, M_DECODE, 1);
		fprintf(out, "}\n");
	}
	if (!disas)
		return;
	fprintf(out, "\nbool %s_disas(struct dg_out *o, uint32_t insn, uint64_t pc)\n{\n",
		d->name);
	emit_tree(u, n, 0, M_DISAS, 1);
	fprintf(out, "}\n");
	fprintf(out, "\nconst char *%s_name(uint32_t insn)\n{\n", d->name);
	emit_tree(u, n, 0, M_NAME, 1);
	fprintf(out, "}\n");
}

static void emit_banner(int nspecs, char **specs)
{
	fprintf(out, "/* generated from ");
	for (int i = 0; i < nspecs; i++) {
		const char *b = strrchr(specs[i], '/');

		fprintf(out, "%s%s", i ? ", " : "", b ? b + 1 : specs[i]);
	}
	fprintf(out, " by decodegen, do not edit */\n");
}

static bool kind_seen(char **kinds, int n, const char *k)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(kinds[i], k))
			return true;
	return false;
}

/* Collect the printer kinds a template uses into KINDS. */
static void template_kinds(const char *t, char **kinds, int *n)
{
	while (t && (t = strchr(t, '{'))) {
		const char *close = strchr(t, '}');
		const char *colon = strchr(t, ':');

		if (!close)
			break;
		if (colon && colon < close) {
			char k[64];
			size_t len = close - colon - 1;

			if (len && len < sizeof(k)) {
				memcpy(k, colon + 1, len);
				k[len] = 0;
				if (!kind_seen(kinds, *n, k) && *n < 256)
					kinds[(*n)++] = xstrdup(k);
			}
		}
		t = close + 1;
	}
}

void emit_header(FILE *f, const char *path, int nspecs, char **specs)
{
	char *kinds[256];
	int nk = 0;
	char guard[256];
	const char *base = strrchr(path, '/');
	size_t g = 0;

	out = f;
	base = base ? base + 1 : path;
	for (const char *p = base; *p && g < sizeof(guard) - 1; p++)
		guard[g++] = isalnum((unsigned char)*p) ? toupper((unsigned char)*p) : '_';
	guard[g] = 0;
	emit_banner(nspecs, specs);
	fprintf(out, "#ifndef GEN_%s\n#define GEN_%s\n\n", guard, guard);
	fprintf(out, "#include <stdbool.h>\n#include <stdint.h>\n");
	fprintf(out, "#include \"gen/decodegen.h\"\n\n");
	if (!strncmp(context, "struct ", 7))
		fprintf(out, "%s;\n\n", context);
	for (int i = 0; i < n_argsets; i++) {
		const struct argset *as = argsets[i];

		fprintf(out, "struct %s_args_%s {\n", prefix, as->name);
		for (int m = 0; m < as->n; m++)
			fprintf(out, "\tint64_t %s;\n", as->members[m]);
		if (!as->n)
			fprintf(out, "\tchar unused;\n");
		fprintf(out, "};\n");
	}
	fputc('\n', out);
	for (int i = 0; i < n_insns; i++) {
		const struct insn *in = insns[i];
		char *cn;

		if (in->target != in)
			continue;
		cn = cname(in->name);
		fprintf(out, "bool %s_trans_%s(%s *ctx, const struct %s_args_%s *a);\n",
			prefix, cn, context, prefix, in->fmt->as->name);
		free(cn);
		template_kinds(in->tmpl, kinds, &nk);
	}
	for (int i = 0; i < n_aliases; i++)
		template_kinds(aliases[i]->tmpl, kinds, &nk);
	fputc('\n', out);
	for (int i = 0; i < nk; i++)
		fprintf(out, "void %s_dis_%s(struct dg_out *o, int64_t v, uint64_t pc);\n",
			prefix, kinds[i]);
	fputc('\n', out);
	for (int i = 0; i < n_decoders; i++) {
		const struct decoder *d = decoders[i];

		fprintf(out, "/* %d-bit words: call the trans function of the instruction "
			"INSN encodes; false when none accepts it */\n", d->width);
		fprintf(out, "bool %s(%s *ctx, uint32_t insn);\n", d->name, context);
		fprintf(out, "bool %s_disas(struct dg_out *o, uint32_t insn, uint64_t pc);\n",
			d->name);
		fprintf(out, "const char *%s_name(uint32_t insn);\n\n", d->name);
	}
	fprintf(out, "#endif\n");
}

void emit_source(FILE *f, const char *hpath, int nspecs, char **specs,
		 bool decode, bool disas)
{
	const char *hb = strrchr(hpath, '/');

	out = f;
	emit_banner(nspecs, specs);
	fprintf(out, "#include \"%s\"\n", hb ? hb + 1 : hpath);
	fprintf(out, "\n#pragma GCC diagnostic ignored \"-Wunused-parameter\"\n");
	for (int i = 0; i < n_decoders; i++)
		emit_decoder(decoders[i], decode, disas);
}
