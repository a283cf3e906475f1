/*
 * decodegen.c - turn a declarative instruction-encoding spec into a C
 * decoder (a switch tree over the fixed bits that calls one trans function
 * per instruction) and a disassembler driven by the same tree.  This file
 * reads and checks the specs; dg_emit.c writes the C.
 *
 * Built and run at build time; it needs nothing but a C compiler.  Usage:
 *
 *   decodegen [-o DECODE.c] [-d DISAS.c] [-H OUT.h] SPEC...
 *
 * DECODE.c gets the decoders, DISAS.c the disassemblers (and the name
 * lookups): a program that only disassembles links no trans function.
 * Without -d both go to DECODE.c; without -o/-d/-H it only checks the specs.  Several specs may share one
 * output (RISC-V keeps 32-bit and compressed encodings in two files that
 * reach the same trans functions); argument sets, formats and fields are
 * global to the run, instructions belong to the decoder declared last.
 *
 * Spec language, one statement per line, '#' starts a comment:
 *
 *   prefix PFX               C prefix: PFX_trans_<insn>, struct PFX_args_<set>,
 *                            PFX_dis_<kind> printers
 *   context TYPE...          first argument of trans functions ("struct rv_dc")
 *   decoder NAME WIDTH       start a decoder over WIDTH-bit words (8..32):
 *                            NAME(ctx, insn), NAME_disas(out, insn, pc),
 *                            NAME_name(insn)
 *   field NAME SEG... [signed] [<<N] [+N]
 *                            SEG is HI:LO or one bit; segments concatenate
 *                            from the most significant; "signed" sign-extends
 *                            the concatenation, <<N appends N zero bits, +N
 *                            adds a constant (compressed register numbers)
 *   args NAME MEMBER...      the struct a trans function receives
 *   format NAME ARGS BIND... ["TEMPLATE"]
 *                            BIND is MEMBER=%FIELD or MEMBER=NUMBER
 *   INSN PATTERN... FORMAT [->TARGET] [BIND]... [COND]... ["TEMPLATE"]
 *                            PATTERN: WIDTH characters of 0, 1 and '.', in
 *                            any number of space-separated pieces; ->TARGET
 *                            calls TARGET's trans function and disassembles
 *                            as TARGET (same argument set required); COND
 *                            is MEMBER==X or MEMBER!=X, X a number or member:
 *                            when it fails the word is not this instruction
 *   alias INSN COND... "TEMPLATE"
 *                            disassembly only: the first alias of INSN whose
 *                            conditions hold replaces its template
 *   {  ...  }                an ordered group: its members may overlap each
 *                            other; they are tried in order and a member
 *                            whose conditions fail or whose trans function
 *                            returns false passes the word to the next
 *
 * Templates: text with {MEMBER} (signed decimal), {MEMBER:KIND} (calls
 * PFX_dis_KIND(out, value, pc), which the arch provides) and {name} (the
 * instruction's name).
 *
 * Invariants: two instructions of one decoder that can match the same word
 * are an error naming both lines, unless they sit in one group; every
 * argument-set member of an instruction is bound exactly once; a field fits
 * the width of every decoder that uses it.
 */
#include "dg_spec.h"

struct field *fields[512];
int n_fields;
struct argset *argsets[128];
int n_argsets;
struct format *formats[256];
int n_formats;
struct insn *insns[2048];
int n_insns;
struct alias *aliases[1024];
int n_aliases;
struct decoder *decoders[16];
int n_decoders;
char *prefix = "dg";
char *context = "void";
int n_errors;
static int next_group = 1;

const char *cur_file;
int cur_line;

void __attribute__((format(printf, 1, 2))) error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "decodegen: %s:%d: ", cur_file, cur_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	n_errors++;
}

void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "decodegen: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xcalloc(size_t n, size_t s)
{
	void *p = calloc(n, s);

	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

static bool parse_num(const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 0);
	return *s && !*end && !errno;
}

bool is_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.')
			return false;
	return true;
}

/* The C spelling of an instruction name: fadd.s -> fadd_s. */
char *cname(const char *s)
{
	char *p = xstrdup(s);

	for (char *q = p; *q; q++)
		if (*q == '.')
			*q = '_';
	return p;
}

/* Split LINE into tokens; a quoted string is one token (quotes kept). */
static int tokenize(char *line, char **tok)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#' || *p == '\n')
			break;
		if (n == MAX_TOK) {
			error("too many tokens");
			break;
		}
		tok[n++] = p;
		if (*p == '"') {
			p++;
			while (*p && *p != '"')
				p++;
			if (*p != '"') {
				error("unterminated string");
				return 0;
			}
			p++;
		} else {
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
			       *p != '#')
				p++;
		}
		if (*p == '#') {
			*p = 0;
			break;
		}
		if (*p)
			*p++ = 0;
	}
	return n;
}

static struct field *find_field(const char *name)
{
	for (int i = 0; i < n_fields; i++)
		if (!strcmp(fields[i]->name, name))
			return fields[i];
	return NULL;
}

static struct argset *find_argset(const char *name)
{
	for (int i = 0; i < n_argsets; i++)
		if (!strcmp(argsets[i]->name, name))
			return argsets[i];
	return NULL;
}

static struct format *find_format(const char *name)
{
	for (int i = 0; i < n_formats; i++)
		if (!strcmp(formats[i]->name, name))
			return formats[i];
	return NULL;
}

static struct insn *find_insn(const char *name)
{
	for (int i = 0; i < n_insns; i++)
		if (!strcmp(insns[i]->name, name))
			return insns[i];
	return NULL;
}

int member_index(const struct argset *as, const char *name)
{
	for (int i = 0; i < as->n; i++)
		if (!strcmp(as->members[i], name))
			return i;
	return -1;
}

static char *unquote(const char *t)
{
	size_t n = strlen(t);
	char *s = xstrdup(t + 1);

	s[n - 2] = 0;
	return s;
}

static void parse_field(char **tok, int n)
{
	struct field *f;

	if (n < 3 || !is_ident(tok[1])) {
		error("usage: field NAME SEG... [signed] [<<N] [+N]");
		return;
	}
	if (find_field(tok[1])) {
		error("field '%s' defined twice", tok[1]);
		return;
	}
	f = xcalloc(1, sizeof(*f));
	f->name = xstrdup(tok[1]);
	for (int i = 2; i < n; i++) {
		long long v;
		char *colon;

		if (!strcmp(tok[i], "signed")) {
			f->sign = true;
		} else if (!strncmp(tok[i], "<<", 2)) {
			if (!parse_num(tok[i] + 2, &v) || v < 0 || v > 32) {
				error("bad shift '%s'", tok[i]);
				return;
			}
			f->shift = (int)v;
		} else if (tok[i][0] == '+' || tok[i][0] == '-') {
			if (!parse_num(tok[i], &v)) {
				error("bad addend '%s'", tok[i]);
				return;
			}
			f->add = v;
		} else {
			long long hi, lo;

			colon = strchr(tok[i], ':');
			if (colon)
				*colon = 0;
			if (!parse_num(tok[i], &hi) ||
			    (colon && !parse_num(colon + 1, &lo))) {
				error("bad bit range in field '%s'", f->name);
				return;
			}
			if (!colon)
				lo = hi;
			if (hi < lo || lo < 0 || hi > 31) {
				error("bit range %lld:%lld out of order or beyond bit 31",
				      hi, lo);
				return;
			}
			if (f->nsegs == MAX_SEGS) {
				error("too many segments in field '%s'", f->name);
				return;
			}
			f->segs[f->nsegs].hi = (int)hi;
			f->segs[f->nsegs].lo = (int)lo;
			f->nsegs++;
			f->nbits += (int)(hi - lo + 1);
			if (hi > f->maxbit)
				f->maxbit = (int)hi;
		}
	}
	if (!f->nsegs) {
		error("field '%s' has no bits", f->name);
		return;
	}
	if (f->nbits + f->shift > 63) {
		error("field '%s' is wider than 63 bits", f->name);
		return;
	}
	if (n_fields == 512)
		die("more than 512 fields");
	fields[n_fields++] = f;
}

static void parse_args(char **tok, int n)
{
	struct argset *as;

	if (n < 2 || !is_ident(tok[1])) {
		error("usage: args NAME MEMBER...");
		return;
	}
	if (find_argset(tok[1])) {
		error("argument set '%s' defined twice", tok[1]);
		return;
	}
	if (n - 2 > MAX_MEMBERS) {
		error("too many members");
		return;
	}
	as = xcalloc(1, sizeof(*as));
	as->name = xstrdup(tok[1]);
	for (int i = 2; i < n; i++) {
		if (!is_ident(tok[i]) || strchr(tok[i], '.')) {
			error("bad member name '%s'", tok[i]);
			return;
		}
		if (member_index(as, tok[i]) >= 0) {
			error("member '%s' listed twice", tok[i]);
			return;
		}
		as->members[as->n++] = xstrdup(tok[i]);
	}
	if (n_argsets == 128)
		die("more than 128 argument sets");
	argsets[n_argsets++] = as;
}

/* MEMBER=%FIELD or MEMBER=NUMBER into B[]; false if TOK is not a binding. */
static bool parse_bind(const struct argset *as, struct bind *b, char *tok,
		       bool override)
{
	char *eq = strchr(tok, '=');
	int m;

	if (!eq || eq == tok || eq[1] == '=' || eq[-1] == '!')
		return false;
	*eq = 0;
	m = member_index(as, tok);
	if (m < 0) {
		error("'%s' is not a member of argument set '%s'", tok, as->name);
		return true;
	}
	if (b[m].kind != B_NONE && !override) {
		error("member '%s' bound twice", tok);
		return true;
	}
	if (eq[1] == '%') {
		struct field *f = find_field(eq + 2);

		if (!f) {
			error("unknown field '%s'", eq + 2);
			return true;
		}
		b[m].kind = B_FIELD;
		b[m].f = f;
	} else {
		if (!parse_num(eq + 1, &b[m].value)) {
			error("bad value '%s' for member '%s'", eq + 1, tok);
			return true;
		}
		b[m].kind = B_CONST;
	}
	return true;
}

/* MEMBER==X or MEMBER!=X; false if TOK is not a condition. */
static bool parse_cond(const struct argset *as, struct cond *c, char *tok)
{
	char *op = strstr(tok, "==");
	bool ne = false;
	int m;

	if (!op) {
		op = strstr(tok, "!=");
		ne = true;
	}
	if (!op || op == tok)
		return false;
	*op = 0;
	m = member_index(as, tok);
	if (m < 0) {
		error("'%s' is not a member of argument set '%s'", tok, as->name);
		return true;
	}
	c->member = m;
	c->ne = ne;
	if (parse_num(op + 2, &c->value)) {
		c->is_member = false;
	} else {
		c->member2 = member_index(as, op + 2);
		if (c->member2 < 0) {
			error("'%s' is neither a number nor a member", op + 2);
			return true;
		}
		c->is_member = true;
	}
	return true;
}

static void parse_format(char **tok, int n)
{
	struct format *fm;

	if (n < 3 || !is_ident(tok[1])) {
		error("usage: format NAME ARGS BIND... [\"TEMPLATE\"]");
		return;
	}
	if (find_format(tok[1])) {
		error("format '%s' defined twice", tok[1]);
		return;
	}
	fm = xcalloc(1, sizeof(*fm));
	fm->name = xstrdup(tok[1]);
	fm->as = find_argset(tok[2]);
	if (!fm->as) {
		error("unknown argument set '%s'", tok[2]);
		return;
	}
	for (int i = 3; i < n; i++) {
		if (tok[i][0] == '"')
			fm->tmpl = unquote(tok[i]);
		else if (!parse_bind(fm->as, fm->b, tok[i], false))
			error("expected MEMBER=VALUE, got '%s'", tok[i]);
	}
	if (n_formats == 256)
		die("more than 256 formats");
	formats[n_formats++] = fm;
}

static bool is_pattern(const char *t)
{
	for (; *t; t++)
		if (*t != '0' && *t != '1' && *t != '.')
			return false;
	return true;
}

static void parse_insn(char **tok, int n, struct decoder *d, int group)
{
	struct insn *in;
	int i = 1, nbits = 0;

	if (!d) {
		error("instruction before any 'decoder' line");
		return;
	}
	if (!is_ident(tok[0])) {
		error("bad instruction name '%s'", tok[0]);
		return;
	}
	if (find_insn(tok[0])) {
		error("instruction '%s' defined twice", tok[0]);
		return;
	}
	in = xcalloc(1, sizeof(*in));
	in->name = xstrdup(tok[0]);
	in->file = cur_file;
	in->line = cur_line;
	in->width = d->width;
	in->group = group;
	for (; i < n && is_pattern(tok[i]); i++) {
		for (const char *p = tok[i]; *p; p++) {
			in->mask <<= 1;
			in->bits <<= 1;
			if (*p != '.') {
				in->mask |= 1;
				in->bits |= *p == '1';
			}
			nbits++;
		}
	}
	if (nbits != d->width) {
		error("pattern of '%s' has %d bits, decoder '%s' is %d bits wide",
		      in->name, nbits, d->name, d->width);
		return;
	}
	if (i == n) {
		error("instruction '%s' has no format", in->name);
		return;
	}
	in->fmt = find_format(tok[i]);
	if (!in->fmt) {
		error("unknown format '%s'", tok[i]);
		return;
	}
	memcpy(in->b, in->fmt->b, sizeof(in->b));
	in->tmpl = in->fmt->tmpl;
	for (i++; i < n; i++) {
		if (!strncmp(tok[i], "->", 2)) {
			in->target_name = xstrdup(tok[i] + 2);
		} else if (tok[i][0] == '"') {
			in->tmpl = unquote(tok[i]);
		} else if (parse_bind(in->fmt->as, in->b, tok[i], true)) {
			;
		} else if (in->nconds < MAX_CONDS &&
			   parse_cond(in->fmt->as, &in->conds[in->nconds], tok[i])) {
			in->nconds++;
		} else {
			error("unexpected '%s' in instruction '%s'", tok[i], in->name);
		}
	}
	for (int m = 0; m < in->fmt->as->n; m++) {
		if (in->b[m].kind == B_NONE)
			error("member '%s' of '%s' is not bound",
			      in->fmt->as->members[m], in->name);
		else if (in->b[m].kind == B_FIELD &&
			 in->b[m].f->maxbit >= d->width)
			error("field '%s' reaches bit %d, beyond the %d-bit word",
			      in->b[m].f->name, in->b[m].f->maxbit, d->width);
	}
	if (n_insns == 2048)
		die("more than 2048 instructions");
	insns[n_insns++] = in;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->insns = realloc(d->insns, d->cap * sizeof(*d->insns));
		if (!d->insns)
			die("out of memory");
	}
	d->insns[d->n++] = in;
}

static void parse_alias(char **tok, int n)
{
	struct alias *al;

	if (n < 3 || tok[n - 1][0] != '"') {
		error("usage: alias INSN COND... \"TEMPLATE\"");
		return;
	}
	al = xcalloc(1, sizeof(*al));
	al->insn_name = xstrdup(tok[1]);
	al->file = cur_file;
	al->line = cur_line;
	al->tmpl = unquote(tok[n - 1]);
	al->target = find_insn(tok[1]);
	if (!al->target) {
		error("alias for unknown instruction '%s'", tok[1]);
		return;
	}
	for (int i = 2; i < n - 1; i++) {
		if (al->nconds == MAX_CONDS ||
		    !parse_cond(al->target->fmt->as, &al->conds[al->nconds++], tok[i]))
			error("expected a condition, got '%s'", tok[i]);
	}
	if (n_aliases == 1024)
		die("more than 1024 aliases");
	aliases[n_aliases++] = al;
}

static void parse_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	struct decoder *d = NULL;
	int group = 0, group_line = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	cur_file = path;
	cur_line = 0;
	while (fgets(line, sizeof(line), f)) {
		char *tok[MAX_TOK];
		int n;

		cur_line++;
		n = tokenize(line, tok);
		if (!n)
			continue;
		if (!strcmp(tok[0], "prefix") && n == 2) {
			prefix = xstrdup(tok[1]);
		} else if (!strcmp(tok[0], "context") && n >= 2) {
			size_t len = 0;

			for (int i = 1; i < n; i++)
				len += strlen(tok[i]) + 1;
			context = xcalloc(1, len);
			for (int i = 1; i < n; i++) {
				strcat(context, tok[i]);
				if (i + 1 < n)
					strcat(context, " ");
			}
		} else if (!strcmp(tok[0], "decoder")) {
			long long w;

			if (n != 3 || !is_ident(tok[1]) || !parse_num(tok[2], &w) ||
			    w < 8 || w > 32) {
				error("usage: decoder NAME WIDTH (8..32)");
				continue;
			}
			if (n_decoders == 16)
				die("too many decoders");
			d = xcalloc(1, sizeof(*d));
			d->name = xstrdup(tok[1]);
			d->width = (int)w;
			decoders[n_decoders++] = d;
		} else if (!strcmp(tok[0], "field")) {
			parse_field(tok, n);
		} else if (!strcmp(tok[0], "args")) {
			parse_args(tok, n);
		} else if (!strcmp(tok[0], "format")) {
			parse_format(tok, n);
		} else if (!strcmp(tok[0], "alias")) {
			parse_alias(tok, n);
		} else if (!strcmp(tok[0], "{") && n == 1) {
			if (group)
				error("groups do not nest (group opened at line %d)",
				      group_line);
			group = next_group++;
			group_line = cur_line;
		} else if (!strcmp(tok[0], "}") && n == 1) {
			if (!group)
				error("'}' without '{'");
			group = 0;
		} else {
			parse_insn(tok, n, d, group);
		}
	}
	if (group) {
		cur_line = group_line;
		error("group opened here is never closed");
	}
	fclose(f);
}

/* Every {placeholder} of T names a member of IN's argument set. */
static void check_template(const char *t, const struct insn *in)
{
	const struct argset *as = in->fmt->as;

	while ((t = strchr(t, '{'))) {
		const char *close = strchr(t, '}');
		char name[64], *colon;
		size_t len = close ? (size_t)(close - t - 1) : 0;

		if (!close || !len || len >= sizeof(name)) {
			error("bad placeholder in template of '%s'", in->name);
			return;
		}
		memcpy(name, t + 1, len);
		name[len] = 0;
		colon = strchr(name, ':');
		if (colon)
			*colon = 0;
		if (strcmp(name, "name") && member_index(as, name) < 0)
			error("template of '%s' uses '%s', not a member of '%s'",
			      in->name, name, as->name);
		if (colon && !is_ident(colon + 1))
			error("bad printer kind '%s'", colon + 1);
		t = close + 1;
	}
}

/* Resolve ->TARGET, then check that no two instructions overlap. */
static void check_all(void)
{
	for (int i = 0; i < n_insns; i++) {
		struct insn *in = insns[i];

		cur_file = in->file;
		cur_line = in->line;
		in->target = in;
		if (!in->target_name)
			continue;
		in->target = find_insn(in->target_name);
		if (!in->target) {
			error("'%s' expands to unknown instruction '%s'", in->name,
			      in->target_name);
			in->target = in;
		} else if (in->target->target_name) {
			error("'%s' expands to '%s', which itself expands", in->name,
			      in->target_name);
		} else if (in->target->fmt->as != in->fmt->as) {
			error("'%s' (arguments '%s') expands to '%s' (arguments '%s')",
			      in->name, in->fmt->as->name, in->target->name,
			      in->target->fmt->as->name);
		}
	}
	for (int i = 0; i < n_insns; i++) {
		cur_file = insns[i]->file;
		cur_line = insns[i]->line;
		if (!insns[i]->target->tmpl)
			error("'%s' has no disassembly template", insns[i]->name);
		else if (insns[i]->target == insns[i])
			check_template(insns[i]->tmpl, insns[i]);
	}
	for (int i = 0; i < n_aliases; i++) {
		cur_file = aliases[i]->file;
		cur_line = aliases[i]->line;
		check_template(aliases[i]->tmpl, aliases[i]->target);
	}
	for (int k = 0; k < n_decoders; k++) {
		struct decoder *d = decoders[k];

		for (int i = 0; i < d->n; i++) {
			for (int j = i + 1; j < d->n; j++) {
				struct insn *a = d->insns[i], *b = d->insns[j];
				uint32_t common = a->mask & b->mask;

				if ((a->bits ^ b->bits) & common)
					continue;
				if (a->group && a->group == b->group)
					continue;
				cur_file = b->file;
				cur_line = b->line;
				error("'%s' overlaps '%s' (%s:%d): both match 0x%08x; "
				      "put them in one { } group if the order decides",
				      b->name, a->name, a->file, a->line,
				      (a->bits | b->bits));
			}
		}
	}
}

static FILE *out;

static FILE *open_tmp(const char *path, char **tmp)
{
	FILE *f;

	*tmp = xcalloc(1, strlen(path) + 8);
	sprintf(*tmp, "%s.tmp", path);
	f = fopen(*tmp, "w");
	if (!f)
		die("%s: %s", *tmp, strerror(errno));
	return f;
}

static void finish(FILE *f, const char *tmp, const char *path)
{
	if (ferror(f) || fclose(f) || n_errors) {
		remove(tmp);
		if (!n_errors)
			die("%s: write error", path);
		exit(1);
	}
	if (rename(tmp, path))
		die("%s: %s", path, strerror(errno));
}

int main(int argc, char **argv)
{
	const char *cpath = NULL, *dpath = NULL, *hpath = NULL;
	char **specs;
	int nspecs = 0;

	specs = xcalloc(argc, sizeof(*specs));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			cpath = argv[++i];
		else if (!strcmp(argv[i], "-d") && i + 1 < argc)
			dpath = argv[++i];
		else if (!strcmp(argv[i], "-H") && i + 1 < argc)
			hpath = argv[++i];
		else if (argv[i][0] == '-')
			die("usage: decodegen [-o DECODE.c] [-d DISAS.c] [-H OUT.h] SPEC...");
		else
			specs[nspecs++] = argv[i];
	}
	if (!nspecs)
		die("usage: decodegen [-o DECODE.c] [-d DISAS.c] [-H OUT.h] SPEC...");
	if ((cpath || dpath) && !hpath)
		die("-o and -d need -H (the sources include the header)");
	for (int i = 0; i < nspecs; i++)
		parse_file(specs[i]);
	if (!n_errors)
		check_all();
	if (n_errors) {
		fprintf(stderr, "decodegen: %d error%s\n", n_errors,
			n_errors == 1 ? "" : "s");
		return 1;
	}
	if (hpath) {
		char *tmp;

		out = open_tmp(hpath, &tmp);
		emit_header(out, hpath, nspecs, specs);
		finish(out, tmp, hpath);
	}
	if (cpath) {
		char *tmp;

		out = open_tmp(cpath, &tmp);
		emit_source(out, hpath, nspecs, specs, true, !dpath);
		finish(out, tmp, cpath);
	}
	if (dpath) {
		char *tmp;

		out = open_tmp(dpath, &tmp);
		emit_source(out, hpath, nspecs, specs, false, true);
		finish(out, tmp, dpath);
	}
	return 0;
}
