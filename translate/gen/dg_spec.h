/*
 * dg_spec.h - decodegen's internal interface: the parsed spec (built by
 * decodegen.c) that the code generator (dg_emit.c) reads.
 */
#ifndef DG_SPEC_H
#define DG_SPEC_H

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOK 64
#define MAX_SEGS 8
#define MAX_MEMBERS 12
#define MAX_CONDS 8

struct seg { int hi, lo; };

struct field {
	char *name;
	struct seg segs[MAX_SEGS];
	int nsegs, nbits;
	bool sign;
	int shift;
	long long add;
	int maxbit;
};

struct argset {
	char *name;
	char *members[MAX_MEMBERS];
	int n;
};

enum { B_NONE, B_CONST, B_FIELD };
struct bind {
	int kind;
	long long value;
	struct field *f;
};

struct cond {
	int member;
	bool ne;
	bool is_member;
	int member2;
	long long value;
};

struct format {
	char *name;
	struct argset *as;
	struct bind b[MAX_MEMBERS];
	char *tmpl;
};

struct insn {
	char *name;
	const char *file;
	int line;
	int width;
	uint32_t mask, bits;
	struct format *fmt;
	struct bind b[MAX_MEMBERS];
	struct cond conds[MAX_CONDS];
	int nconds;
	char *tmpl;
	char *target_name;
	struct insn *target;    /* whose trans function and template */
	int group;              /* 0: none */
};

struct alias {
	char *insn_name;
	struct insn *target;
	struct cond conds[MAX_CONDS];
	int nconds;
	char *tmpl;
	const char *file;
	int line;
};

struct decoder {
	char *name;
	int width;
	struct insn **insns;
	int n, cap;
};

extern struct field *fields[512];
extern int n_fields;
extern struct argset *argsets[128];
extern int n_argsets;
extern struct insn *insns[2048];
extern int n_insns;
extern struct alias *aliases[1024];
extern int n_aliases;
extern struct decoder *decoders[16];
extern int n_decoders;
extern char *prefix;
extern char *context;
extern int n_errors;
extern const char *cur_file;
extern int cur_line;

void __attribute__((format(printf, 1, 2))) error(const char *fmt, ...);
void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...);
void *xcalloc(size_t n, size_t s);
char *xstrdup(const char *s);
bool is_ident(const char *s);
char *cname(const char *s);
int member_index(const struct argset *as, const char *name);

/* dg_emit.c: write the header, or a source with the decoders (DECODE)
 * and/or the disassemblers and name lookups (DISAS), to F */
void emit_header(FILE *f, const char *path, int nspecs, char **specs);
void emit_source(FILE *f, const char *hpath, int nspecs, char **specs,
		 bool decode, bool disas);

#endif
