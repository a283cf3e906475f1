/*
 * options.c - the `warp` command line and its environment variables.
 *
 * One table (options.def) drives parsing, --help and the environment; the
 * man page is generated from the same rows.  Parsing never prints and never
 * exits: it returns what the user asked for, or a user error for main() to
 * print, so that the unit tests can drive it.
 *
 * Precedence: QEMU_* variables, then WARP_* variables, then the command
 * line, each overriding the one before.  -E and -U keep their order: a
 * later -U NAME cancels an earlier -E NAME=..., and the other way round, so
 * struct options holds the net effect and applying it is order-free.
 *
 * Strings stored in struct options point into argv or the environment,
 * except the env_set / env_unset arrays (and their strings), which are
 * allocated here and freed by opt_free().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "loader.h"
#include "guest.h"
#include "tb.h"

struct opt_def {
	const char *qemu, *gnu, *arg, *env, *qemu_env, *help, *doc;
};

static const struct opt_def opt_defs[OPT_NUM] = {
#define OPT(id, qemu, gnu, arg, env, qemu_env, help, doc) \
	[OPT_##id] = { qemu, gnu, arg, env, qemu_env, help, doc },
#include "options.def"
#undef OPT
};

static const struct {
	const char *name;
	unsigned bit;
	const char *help;
} log_items[] = {
	{ "in_asm", LOG_IN_ASM, "guest instructions of each translated block" },
	{ "op", LOG_OP, "the IR of each block as the decoder built it" },
	{ "op_opt", LOG_OP_OPT, "the IR after optimisation" },
	{ "out_asm", LOG_OUT_ASM, "host code generated for each block" },
	{ "exec", LOG_EXEC, "each block as it starts running" },
	{ "unimp", LOG_UNIMP, "unimplemented features the guest used" },
	{ "strace", LOG_STRACE, "the guest's system calls (same as -strace)" },
	{ "cache", LOG_CACHE, "the translation cache file, blocks reused and saved" },
};

#define DEFAULT_STACK_SIZE (8ull << 20)
#define MIN_STACK_SIZE (16ull << 10)
#define MAX_STACK_SIZE (64ull << 30)

static int fail(struct opt_error *err, const char *what, const char *fmt, ...)
	WARP_PRINTF(3, 4);

static int fail(struct opt_error *err, const char *what, const char *fmt, ...)
{
	va_list ap;

	snprintf(err->what, sizeof err->what, "%s", what);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- sizes and log items ------------------------------------------ */

int opt_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (*end)
		return -1;
	if (v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

int opt_log_mask(const char *items, unsigned *mask, struct opt_error *err)
{
	const char *p = items;

	*mask = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		size_t i;

		for (i = 0; i < ARRAY_SIZE(log_items); i++)
			if (strlen(log_items[i].name) == n &&
			    !strncmp(p, log_items[i].name, n))
				break;
		if (n && i == ARRAY_SIZE(log_items))
			return fail(err, "-d", "unknown log item '%.*s' (try -d help)",
				    (int)n, p);
		if (n)
			*mask |= log_items[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* ---- the guest environment ---------------------------------------- */

static bool env_name_ok(const char *s, size_t n)
{
	if (!n || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* Does S (NAME=... or NAME) name NAME (N bytes)? */
static bool env_is(const char *s, const char *name, size_t n)
{
	return !strncmp(s, name, n) && (s[n] == '=' || s[n] == 0);
}

/* Remove every entry naming NAME from the NULL-terminated LIST. */
static void list_remove(char **list, unsigned *count, const char *name, size_t n)
{
	unsigned i = 0, j = 0;

	for (; i < *count; i++) {
		if (env_is(list[i], name, n))
			free(list[i]);
		else
			list[j++] = list[i];
	}
	*count = j;
	list[j] = NULL;
}

static void list_add(char ***list, unsigned *count, char *s)
{
	*list = xrealloc(*list, (*count + 2) * sizeof **list);
	(*list)[(*count)++] = s;
	(*list)[*count] = NULL;
}

static void env_set_one(struct options *o, const char *s, size_t len)
{
	size_t n = strcspn(s, "=");

	if (o->env_unset)
		list_remove(o->env_unset, &o->n_env_unset, s, n);
	if (o->env_set)
		list_remove(o->env_set, &o->n_env_set, s, n);
	list_add(&o->env_set, &o->n_env_set, strndup(s, len));
	if (!o->env_set[o->n_env_set - 1])
		warp_fatal(1, "warp", "out of memory");
}

/*
 * "A=1,B=2" sets two variables.  A comma starts a new assignment only
 * when NAME= follows it, so values such as PATH=/a:/b,c survive.
 */
static int opt_set_env(struct options *o, const char *what, const char *v,
		       struct opt_error *err)
{
	if (!*v)
		return fail(err, what, "needs VAR=VALUE");
	while (*v) {
		size_t n = strcspn(v, "=,");
		const char *end;

		if (v[n] != '=' || !env_name_ok(v, n))
			return fail(err, what, "'%s' is not VAR=VALUE", v);
		end = v + n + 1;
		for (;;) {
			end += strcspn(end, ",");
			if (!*end)
				break;
			size_t m = strcspn(end + 1, "=,");
			if (end[1 + m] == '=' && env_name_ok(end + 1, m))
				break;
			end++;
		}
		env_set_one(o, v, end - v);
		v = *end ? end + 1 : end;
	}
	return 0;
}

static int opt_unset_env(struct options *o, const char *what, const char *v,
			 struct opt_error *err)
{
	if (!*v)
		return fail(err, what, "needs a variable name");
	while (*v) {
		size_t n = strcspn(v, ",");

		if (!env_name_ok(v, n))
			return fail(err, what, "'%.*s' is not a variable name",
				    (int)n, v);
		if (o->env_set)
			list_remove(o->env_set, &o->n_env_set, v, n);
		if (o->env_unset)
			list_remove(o->env_unset, &o->n_env_unset, v, n);
		list_add(&o->env_unset, &o->n_env_unset, strndup(v, n));
		if (!o->env_unset[o->n_env_unset - 1])
			warp_fatal(1, "warp", "out of memory");
		v += n;
		if (*v == ',')
			v++;
	}
	return 0;
}

char **opt_guest_env(const struct options *o, char *const *environ)
{
	unsigned n = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	env = xmalloc((n + o->n_env_set + 1) * sizeof *env);
	for (unsigned i = 0; i < n; i++) {
		const char *s = environ[i];
		size_t len = strcspn(s, "=");
		bool drop = false;

		for (unsigned j = 0; j < o->n_env_unset && !drop; j++)
			drop = env_is(s, o->env_unset[j], len) &&
			       strlen(o->env_unset[j]) == len;
		for (unsigned j = 0; j < o->n_env_set && !drop; j++)
			drop = !strncmp(s, o->env_set[j], len + 1);
		if (!drop)
			env[k++] = (char *)s;
	}
	for (unsigned j = 0; j < o->n_env_set; j++)
		env[k++] = o->env_set[j];
	env[k] = NULL;
	return env;
}

/* ---- one option --------------------------------------------------- */

static bool cpu_model_ok(const char *m)
{
	if (!strcmp(m, "max"))
		return true;
	for (unsigned i = 0; guest_arches[i]; i++)
		if (!strcmp(m, guest_arches[i]->name))
			return true;
	return false;
}

/* A flag set from the environment: on unless empty or "0". */
static bool env_flag(const char *v)
{
	return v && *v && strcmp(v, "0") != 0;
}

/*
 * Apply option ID with value V (NULL for a flag on the command line).
 * WHAT names the option or variable in errors.  Returns an enum
 * opt_action or -1.
 */
static int opt_apply(struct options *o, enum opt_id id, const char *v,
		     const char *what, bool from_env, struct opt_error *err)
{
	unsigned mask;

	switch (id) {
	case OPT_HELP:
		return OPT_SHOW_HELP;
	case OPT_VERSION:
		return OPT_SHOW_VERSION;
	case OPT_LOG:
		if (!strcmp(v, "help"))
			return OPT_SHOW_LOG_HELP;
		if (opt_log_mask(v, &mask, err) < 0) {
			snprintf(err->what, sizeof err->what, "%s", what);
			return -1;
		}
		o->log_items = v;
		break;
	case OPT_LOG_FILE:
		if (!*v)
			return fail(err, what, "needs a file name");
		o->log_file = v;
		break;
	case OPT_SET_ENV:
		return opt_set_env(o, what, v, err) < 0 ? -1 : OPT_RUN;
	case OPT_UNSET_ENV:
		return opt_unset_env(o, what, v, err) < 0 ? -1 : OPT_RUN;
	case OPT_ARGV0:
		o->argv0 = v;
		break;
	case OPT_STACK_SIZE:
		if (opt_parse_size(v, &o->stack_size) < 0)
			return fail(err, what, "'%s' is not a size (try 8M, 512k, 1G)", v);
		if (o->stack_size < MIN_STACK_SIZE || o->stack_size > MAX_STACK_SIZE)
			return fail(err, what, "stack size %s is out of range (16k to 64G)",
				    v);
		break;
	case OPT_SYSROOT:
		o->sysroot = *v ? v : NULL;
		break;
	case OPT_CPU:
		if (!strcmp(v, "help"))
			return OPT_SHOW_CPU_HELP;
		if (!cpu_model_ok(v))
			return fail(err, what, "unknown CPU model '%s' (try -cpu help)", v);
		o->cpu_model = v;
		break;
	case OPT_STRACE:
		o->strace_file = (!from_env || env_flag(v)) ? "" : NULL;
		break;
	case OPT_PERFMAP:
		o->perfmap = !from_env || env_flag(v);
		break;
	case OPT_CACHE:
		o->cache = (!strcmp(v, "off") || !strcmp(v, "0")) ? "" : v;
		break;
	case OPT_BACKEND:
		if (strcmp(v, "jit") && strcmp(v, "interp"))
			return fail(err, what, "unknown backend '%s' (jit or interp)", v);
		o->backend = v;
		break;
	case OPT_NUM:
		break;
	}
	return OPT_RUN;
}

/* ---- the command line --------------------------------------------- */

static int opt_find(const char *name, size_t n)
{
	for (int i = 0; i < OPT_NUM; i++) {
		const struct opt_def *d = &opt_defs[i];
		if ((d->qemu && strlen(d->qemu) == n && !strncmp(d->qemu, name, n)) ||
		    (d->gnu && strlen(d->gnu) == n && !strncmp(d->gnu, name, n)))
			return i;
	}
	return -1;
}

/* The one-letter option LETTER that takes a value, or -1. */
static int opt_find_letter(char letter)
{
	for (int i = 0; i < OPT_NUM; i++) {
		const struct opt_def *d = &opt_defs[i];
		if (d->qemu && d->qemu[0] == letter && !d->qemu[1] && d->arg)
			return i;
	}
	return -1;
}

static int opt_from_env(struct options *o, const char *(*get_env)(const char *),
			struct opt_error *err)
{
	for (int i = 0; i < OPT_NUM; i++) {
		const struct opt_def *d = &opt_defs[i];
		const char *names[2] = { d->qemu_env, d->env };

		for (int k = 0; k < 2; k++) {
			const char *v = names[k] ? get_env(names[k]) : NULL;
			int r;

			if (!v)
				continue;
			r = opt_apply(o, i, v, names[k], true, err);
			if (r < 0)
				return -1;
			/* "WARP_LOG=help" is not a request to print help */
			if (r != OPT_RUN)
				return fail(err, names[k], "'%s' is not valid here", v);
		}
	}
	return 0;
}

int opt_parse(struct options *o, int argc, char **argv,
	      const char *(*get_env)(const char *), int *prog,
	      struct opt_error *err)
{
	int i;

	memset(o, 0, sizeof *o);
	o->backend = "jit";
	o->stack_size = DEFAULT_STACK_SIZE;
	if (get_env && opt_from_env(o, get_env, err) < 0)
		return -1;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *body, *eq, *v = NULL;
		char what[64];
		int id, r;

		if (a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		body = a + 1 + (a[1] == '-');
		eq = strchr(body, '=');
		id = opt_find(body, eq ? (size_t)(eq - body) : strlen(body));
		snprintf(what, sizeof what, "%.*s", (int)(eq ? eq - a : (long)strlen(a)), a);
		if (id >= 0) {
			if (!opt_defs[id].arg) {
				if (eq)
					return fail(err, what, "takes no value");
			} else if (eq) {
				v = eq + 1;
			} else if (i + 1 < argc) {
				v = argv[++i];
			} else {
				return fail(err, what, "needs a value (%s)", opt_defs[id].arg);
			}
		} else if (a[1] != '-' && (id = opt_find_letter(a[1])) >= 0) {
			snprintf(what, sizeof what, "-%c", a[1]);
			v = a + 2;
		} else {
			return fail(err, what, "unknown option (try warp --help)");
		}
		r = opt_apply(o, id, v, what, false, err);
		if (r != OPT_RUN)
			return r;
	}
	*prog = i;
	return OPT_RUN;
}

void opt_free(struct options *o)
{
	for (unsigned i = 0; i < o->n_env_set; i++)
		free(o->env_set[i]);
	for (unsigned i = 0; i < o->n_env_unset; i++)
		free(o->env_unset[i]);
	free(o->env_set);
	free(o->env_unset);
	o->env_set = o->env_unset = NULL;
	o->n_env_set = o->n_env_unset = 0;
}

/* ---- help texts --------------------------------------------------- */

static void print_guests(FILE *f)
{
	for (unsigned i = 0; guest_arches[i]; i++)
		fprintf(f, "%s%s", i ? ", " : "", guest_arches[i]->name);
}

void opt_print_help(FILE *f)
{
	fprintf(f, "usage: warp [OPTIONS] PROGRAM [ARGS...]\n"
		"Run the Linux PROGRAM, built for another CPU, on this machine.\n"
		"Guests: ");
	print_guests(f);
	fprintf(f, ".\n\nOptions (the command line overrides the environment "
		"variables shown):\n");
	for (int i = 0; i < OPT_NUM; i++) {
		const struct opt_def *d = &opt_defs[i];
		char left[64];
		int n = 0;

		if (d->qemu)
			n += snprintf(left + n, sizeof left - n, "-%s", d->qemu);
		if (d->gnu)
			n += snprintf(left + n, sizeof left - n, "%s--%s",
				      n ? ", " : "", d->gnu);
		if (d->arg)
			snprintf(left + n, sizeof left - n, " %s", d->arg);
		fprintf(f, "  %-24s %s\n", left, d->help);
		if (d->env)
			fprintf(f, "  %-24s   env: %s%s%s\n", "", d->env,
				d->qemu_env ? ", " : "",
				d->qemu_env ? d->qemu_env : "");
	}
	fprintf(f, "\nExit status: the program's.  When warp cannot run it: 1 for "
		"bad usage,\n126 when PROGRAM cannot be executed, 127 when it "
		"does not exist.  See warp(1).\n");
}

void opt_print_version(FILE *f)
{
	fprintf(f, "warp %s\n", PACKAGE_VERSION);
	fprintf(f, "git revision: %s\n", WARP_GIT_REV);
	fprintf(f, "compiler: %s\n", WARP_CC_VERSION);
	fprintf(f, "configure arguments: %s\n",
		*WARP_CONFIGURE_ARGS ? WARP_CONFIGURE_ARGS : "(none)");
	fprintf(f, "guests: ");
	print_guests(f);
	fprintf(f, "\nbackends: jit (x86-64), interp\n");
}

void opt_print_log_help(FILE *f)
{
	fprintf(f, "Log items for -d (comma list), written to stderr or the -D file:\n");
	for (size_t i = 0; i < ARRAY_SIZE(log_items); i++)
		fprintf(f, "  %-10s %s\n", log_items[i].name, log_items[i].help);
}

void opt_print_cpu_help(FILE *f)
{
	fprintf(f, "CPU models for -cpu:\n");
	fprintf(f, "  %-10s %s\n", "max", "every extension warp implements (default)");
	for (unsigned i = 0; guest_arches[i]; i++)
		fprintf(f, "  %-10s the %s baseline warp emulates (same as max today)\n",
			guest_arches[i]->name, guest_arches[i]->name);
}
