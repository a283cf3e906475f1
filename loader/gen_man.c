/*
 * gen_man.c - build-time generator of man/warp.1 from man/warp.1.in and
 * the option table (options.def), so the man page cannot drift from
 * what the command accepts.
 *
 * Usage: gen_man < warp.1.in > warp.1
 * Replaces a line "@OPTIONS@" by one .TP entry per option and a line
 * "@ENVIRONMENT@" by one entry per environment variable; copies every
 * other line unchanged.  The table's text is plain; this escapes it for
 * troff.
 */
#include <stdio.h>
#include <string.h>

struct row {
	const char *qemu, *gnu, *arg, *env, *qemu_env, *help, *doc;
};

static const struct row rows[] = {
#define OPT(id, qemu, gnu, arg, env, qemu_env, help, doc) \
	{ qemu, gnu, arg, env, qemu_env, help, doc },
#include "options.def"
#undef OPT
};

#define N_ROWS (sizeof rows / sizeof rows[0])

/* Plain text to troff: escape backslashes and dashes, and a leading
 * control character. */
static void text(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

static void bold(const char *prefix, const char *s)
{
	fputs("\\fB", stdout);
	text(prefix);
	text(s);
	fputs("\\fR", stdout);
}

static void options(void)
{
	for (size_t i = 0; i < N_ROWS; i++) {
		const struct row *r = &rows[i];

		puts(".TP");
		if (r->qemu)
			bold("-", r->qemu);
		if (r->gnu) {
			if (r->qemu)
				fputs(", ", stdout);
			bold("--", r->gnu);
		}
		if (r->arg) {
			fputs(" \\fI", stdout);
			text(r->arg);
			fputs("\\fR", stdout);
		}
		putchar('\n');
		text(r->doc);
		putchar('\n');
		if (r->env) {
			puts(".br");
			fputs("Environment: ", stdout);
			bold("", r->env);
			if (r->qemu_env) {
				fputs(" (or ", stdout);
				bold("", r->qemu_env);
				fputs(")", stdout);
			}
			puts(".");
		}
	}
}

static void environment(void)
{
	for (size_t i = 0; i < N_ROWS; i++) {
		const struct row *r = &rows[i];
		const char *opt = r->qemu ? r->qemu : r->gnu;

		if (!r->env)
			continue;
		puts(".TP");
		fputs(".B ", stdout);
		text(r->env);
		putchar('\n');
		fputs("Same as ", stdout);
		bold(r->qemu ? "-" : "--", opt);
		fputs("; the command line overrides it.", stdout);
		if (r->qemu_env) {
			fputs(" qemu-user's ", stdout);
			bold("", r->qemu_env);
			fputs(" is read too, with lower precedence.", stdout);
		}
		putchar('\n');
	}
}

int main(void)
{
	char line[4096];

	while (fgets(line, sizeof line, stdin)) {
		if (!strcmp(line, "@OPTIONS@\n"))
			options();
		else if (!strcmp(line, "@ENVIRONMENT@\n"))
			environment();
		else
			fputs(line, stdout);
	}
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
