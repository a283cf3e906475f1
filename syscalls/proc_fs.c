/*
 * proc_fs.c - the /proc files in which the guest must see itself, not
 * warp.  Everything else in /proc is the host's.
 *
 *   /proc/self/exe       readlink: the guest program's path (in the guest's
 *                        view: without the sysroot prefix); opening it
 *                        opens the program (path.c follows it)
 *   /proc/PID/exe        readlink, for another process running under this
 *                        warp binary: the guest program it runs
 *   /proc/self/maps      the guest's mappings (loader/vma.h) at guest
 *                        addresses, with file, offset, device and inode
 *                        taken from the host's lines for the same memory
 *   /proc/self/smaps     the same entries with the host's fields (sizes,
 *                        VmFlags), and smaps_rollup their sums
 *   /proc/self/auxv      the guest's auxiliary vector
 *   /proc/self/cmdline   the guest's argv strings, read from its stack
 *   /proc/self/environ   likewise its environment
 *   /proc/self/stat      the host's line with the guest's addresses
 *   /proc/cpuinfo        the guest arch's format (sys_abi.cpuinfo)
 *   cwd, root, fd/N      readlink: the host's answer in the guest's view
 *
 * "self" is also /proc/thread-self and /proc/<warp's pid>.  Generated
 * files are written into a memfd when opened and handed to the guest
 * read-only, so read, lseek, fstat and mmap work as on any file; what
 * the guest reads is a snapshot taken at open time, as a program that
 * reads /proc in one go sees it.  Opening one for writing gets the host's
 * file, so permissions and write errors are the kernel's.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"
#include "path.h"
#include "../loader/vma.h"

/* ---- which file ----------------------------------------------------- */

/*
 * If PATH is /proc/<self>/NAME for this process, return NAME (which may
 * contain further slashes: "fd/3"), else NULL.
 */
static const char *self_file(const char *path)
{
	const char *p = path + 6, *slash;
	char pid[24];
	size_t n;

	if (strncmp(path, "/proc/", 6))
		return NULL;
	slash = strchr(p, '/');
	if (!slash)
		return NULL;
	n = slash - p;
	if ((n == 4 && !memcmp(p, "self", 4)) ||
	    (n == 11 && !memcmp(p, "thread-self", 11)))
		return slash + 1;
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	if (n == strlen(pid) && !memcmp(p, pid, n))
		return slash + 1;
	return NULL;
}

/* ---- generators: write the file's content to F ---------------------- */

/* Guest memory [lo, hi) as is (argv, envp, auxv). */
static int gen_guest_bytes(struct cpu *cpu, FILE *f, gaddr_t lo, gaddr_t hi)
{
	char buf[4096];

	while (lo < hi) {
		size_t n = hi - lo < sizeof buf ? hi - lo : sizeof buf;
		if (guest_read(cpu, buf, lo, n) < 0)
			return 0;       /* unmapped by the guest: what is left */
		fwrite(buf, 1, n, f);
		lo += n;
	}
	return 0;
}

static int gen_cmdline(struct cpu *cpu, FILE *f)
{
	return gen_guest_bytes(cpu, f, cpu->proc->arg_start, cpu->proc->arg_end);
}

static int gen_environ(struct cpu *cpu, FILE *f)
{
	return gen_guest_bytes(cpu, f, cpu->proc->env_start, cpu->proc->env_end);
}

static int gen_auxv(struct cpu *cpu, FILE *f)
{
	return gen_guest_bytes(cpu, f, cpu->proc->auxv_addr,
			       cpu->proc->auxv_addr + cpu->proc->auxv_len);
}

static int gen_cpuinfo(struct cpu *cpu, FILE *f)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (!cpu->arch->sys->cpuinfo)
		return -ENOSYS;         /* the host's, then */
	cpu->arch->sys->cpuinfo(f, n > 0 ? (unsigned)n : 1);
	return 0;
}

/* One line of /proc/self/maps. */
struct map_line {
	gaddr_t start, end;
	uint64_t off, ino;
	unsigned dmaj, dmin;
	int prot;
	bool shared;
	const char *name;
};

static void put_line(FILE *f, const struct map_line *m)
{
	int len = fprintf(f, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
			  (unsigned long long)m->start, (unsigned long long)m->end,
			  (m->prot & PROT_READ) ? 'r' : '-',
			  (m->prot & PROT_WRITE) ? 'w' : '-',
			  (m->prot & PROT_EXEC) ? 'x' : '-', m->shared ? 's' : 'p',
			  (unsigned long long)m->off, m->dmaj, m->dmin,
			  (unsigned long long)m->ino);
	if (m->name && m->name[0])
		fprintf(f, "%*s%s", len < 73 ? 73 - len : 0, "", m->name);
	fputc('\n', f);
}

static bool mergeable(const struct map_line *a, const struct map_line *b)
{
	return a->end == b->start && a->prot == b->prot && a->shared == b->shared &&
	       a->dmaj == b->dmaj && a->dmin == b->dmin && a->ino == b->ino &&
	       !strcmp(a->name, b->name) &&
	       (!a->ino || a->off + (a->end - a->start) == b->off);
}

/*
 * The host's lines cut along the guest's VMAs: each piece gets the guest
 * address and protection, and the host's file facts.  Pieces that the
 * host split (the translator write-protects code pages) join again.
 */
static int gen_maps(struct cpu *cpu, FILE *f)
{
	struct process *proc = cpu->proc;
	struct vma_list *l = vma_list(proc);
	struct map_line prev = { 0 };
	char *line = NULL, names[2][PATH_MAX];
	size_t cap = 0;
	unsigned which = 0;
	bool have_prev = false;
	FILE *host = fopen("/proc/self/maps", "re");

	if (!host)
		return -errno;
	while (getline(&line, &cap, host) > 0) {
		unsigned long long hs, he, off, ino;
		unsigned dmaj, dmin;
		char perms[8];
		int pos = 0;
		struct vma *v;
		unsigned n;

		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &hs, &he,
			   perms, &off, &dmaj, &dmin, &ino, &pos) < 7)
			continue;
		if (hs < cpu->guest_base)
			continue;
		line[strcspn(line, "\n")] = 0;
		n = vma_get(l, hs - cpu->guest_base, he - cpu->guest_base, &v);
		for (unsigned i = 0; i < n; i++) {
			struct map_line m = {
				.start = v[i].start, .end = v[i].end,
				.off = off + (v[i].start + cpu->guest_base - hs),
				.ino = ino, .dmaj = dmaj, .dmin = dmin,
				.prot = v[i].prot, .shared = perms[3] == 's',
			};
			char *name = names[which];

			if (v[i].flags & VMA_HIDDEN)
				continue;
			if (pos && line[pos])
				sys_path_to_guest(proc, line + pos, name, PATH_MAX);
			else
				strcpy(name, (v[i].flags & VMA_HEAP) ? "[heap]" :
					     (v[i].flags & VMA_STACK) ? "[stack]" : "");
			m.name = name;
			if (have_prev && mergeable(&prev, &m)) {
				prev.end = m.end;
				continue;
			}
			if (have_prev)
				put_line(f, &prev);
			prev = m;
			have_prev = true;
			which ^= 1;     /* prev keeps its name buffer */
		}
		free(v);
	}
	if (have_prev)
		put_line(f, &prev);
	free(line);
	fclose(host);
	return 0;
}

/* ---- smaps -------------------------------------------------------------- */

/*
 * /proc/self/smaps: the host's entries cut along the guest's VMAs as for
 * maps (same lines, same joins), each with the host entry's fields.  A
 * piece that is all of its host VMA takes them as they are; a smaller one
 * (the rest is a reservation the guest does not see, or another guest
 * VMA) takes Size exactly and the other sizes in proportion (the host
 * counts pages per VMA, not per piece); joined pieces add up.  Pieces
 * join as in maps, unless their VmFlags differ in more than the
 * protection (smap_flags_join).  Each field keeps the host's layout: its
 * value ends in the same column.
 */
#define SMAP_FIELDS 40

struct smap_field {
	char name[24];          /* with the colon */
	unsigned width;         /* column where the value ends */
	bool kb;                /* "N kB" (else text, kept as is) */
	unsigned long long v;
	char text[160];
};

struct smap {
	struct map_line m;
	char name[PATH_MAX];
	unsigned n;
	struct smap_field f[SMAP_FIELDS];
};

static void smap_parse_field(struct smap *e, const char *line)
{
	const char *colon = strchr(line, ':');
	size_t nl = colon ? (size_t)(colon + 1 - line) : 0;
	struct smap_field *fl;
	unsigned long long v;
	int a, b;

	if (!colon || nl >= sizeof fl->name || e->n == SMAP_FIELDS)
		return;
	fl = &e->f[e->n++];
	memcpy(fl->name, line, nl);
	fl->name[nl] = 0;
	fl->kb = sscanf(colon + 1, " %n%llu%n kB", &a, &v, &b) == 1 &&
		 !strcmp(colon + 1 + b, " kB") && strcmp(fl->name, "THPeligible:");
	if (fl->kb) {
		fl->v = v;
		fl->width = (unsigned)(nl + b);
	} else {
		snprintf(fl->text, sizeof fl->text, "%s", colon + 1);
	}
	(void)a;
}

static struct smap_field *smap_find(struct smap *e, const char *name)
{
	for (unsigned i = 0; i < e->n; i++)
		if (!strcmp(e->f[i].name, name))
			return &e->f[i];
	return NULL;
}

static void smap_put_field(FILE *f, const struct smap_field *fl)
{
	size_t nl = strlen(fl->name);
	if (fl->kb)
		fprintf(f, "%s%*llu kB\n", fl->name,
			fl->width > nl ? (int)(fl->width - nl) : 1, fl->v);
	else
		fprintf(f, "%s%s\n", fl->name, fl->text);
}

static void smap_put(FILE *f, const struct smap *e)
{
	put_line(f, &e->m);
	for (unsigned i = 0; i < e->n; i++)
		smap_put_field(f, &e->f[i]);
}

/*
 * May two entries' VmFlags be joined?  Equal but for rd, wr and ex, which
 * follow the host's protection (the translator write-protects code pages,
 * splitting what the guest mapped as one); other flags that differ (hg,
 * nh, lo...) are separate VMAs for the kernel too.
 */
static bool smap_flags_join(struct smap *a, struct smap *b)
{
	struct smap_field *fa = smap_find(a, "VmFlags:"), *fb = smap_find(b, "VmFlags:");
	char ta[sizeof fa->text], tb[sizeof fb->text];

	if (!fa || !fb)
		return !fa && !fb;
	for (int k = 0; k < 2; k++) {
		const char *in = k ? fb->text : fa->text;
		char *out = k ? tb : ta, *save = NULL, buf[sizeof fa->text];
		size_t n = 0;
		snprintf(buf, sizeof buf, "%s", in);
		out[0] = 0;
		for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
			if (strcmp(t, "rd") && strcmp(t, "wr") && strcmp(t, "ex"))
				n += (size_t)snprintf(out + n, sizeof ta - n, "%s ", t);
	}
	return !strcmp(ta, tb);
}

/* a page size, not an amount: neither scaled nor added */
static bool smap_is_rate(const char *name)
{
	return !strcmp(name, "KernelPageSize:") || !strcmp(name, "MMUPageSize:");
}

/* Call EMIT for each entry of the guest's smaps. */
static int smaps_walk(struct cpu *cpu, void (*emit)(void *, const struct smap *), void *arg)
{
	struct process *proc = cpu->proc;
	struct vma_list *l = vma_list(proc);
	FILE *host = fopen("/proc/self/smaps", "re");
	char *line = NULL;
	size_t cap = 0;
	struct smap *host_e = xcalloc(1, sizeof *host_e), *cur = xcalloc(1, sizeof *cur);
	struct smap *prev = xcalloc(1, sizeof *prev);
	unsigned long long hs = 0, he = 0, off = 0, ino = 0;
	unsigned dmaj = 0, dmin = 0;
	char perms[8] = "", hname[PATH_MAX];
	bool have_host = false, have_prev = false;
	ssize_t got;

	if (!host) {
		free(host_e); free(cur); free(prev);
		return -errno;
	}
	do {
		int pos = 0;
		got = getline(&line, &cap, host);
		if (got > 0)
			line[strcspn(line, "\n")] = 0;
		bool header = got > 0 &&
			      sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &hs, &he, perms,
				     &off, &dmaj, &dmin, &ino, &pos) >= 7;
		if (got > 0 && !header) {
			if (have_host)
				smap_parse_field(host_e, line);
			continue;
		}
		if (have_host) {
			/* the host entry is complete: its guest pieces */
			struct vma *v;
			gaddr_t gs = host_e->m.start, ge = host_e->m.end;
			unsigned n = vma_get(l, gs, ge, &v);
			for (unsigned i = 0; i < n; i++) {
				if (v[i].flags & VMA_HIDDEN)
					continue;
				*cur = *host_e;
				cur->m.start = v[i].start;
				cur->m.end = v[i].end;
				cur->m.off = host_e->m.off + (v[i].start - gs);
				cur->m.prot = v[i].prot;
				if (!hname[0])
					strcpy(cur->name, (v[i].flags & VMA_HEAP) ? "[heap]" :
						      (v[i].flags & VMA_STACK) ? "[stack]" : "");
				cur->m.name = cur->name;
				uint64_t part = v[i].end - v[i].start, all = ge - gs;
				for (unsigned k = 0; k < cur->n && part != all; k++)
					if (cur->f[k].kb && !smap_is_rate(cur->f[k].name))
						cur->f[k].v = !strcmp(cur->f[k].name, "Size:") ? part / 1024 :
							      cur->f[k].v * part / all;
				if (have_prev && mergeable(&prev->m, &cur->m) &&
				    smap_flags_join(prev, cur)) {
					prev->m.end = cur->m.end;
					for (unsigned k = 0; k < prev->n; k++) {
						struct smap_field *o = smap_find(cur, prev->f[k].name);
						if (o && o->kb && prev->f[k].kb && !smap_is_rate(o->name))
							prev->f[k].v += o->v;
					}
					continue;
				}
				if (have_prev)
					emit(arg, prev);
				struct smap *t = prev;
				prev = cur;
				cur = t;
				prev->m.name = prev->name;
				have_prev = true;
			}
			free(v);
			have_host = false;
		}
		if (!header || hs < cpu->guest_base)
			continue;
		/* a new host entry */
		host_e->n = 0;
		host_e->m = (struct map_line){
			.start = hs - cpu->guest_base, .end = he - cpu->guest_base, .off = off,
			.ino = ino, .dmaj = dmaj, .dmin = dmin, .shared = perms[3] == 's',
		};
		hname[0] = 0;
		if (pos && line[pos])
			sys_path_to_guest(proc, line + pos, hname, PATH_MAX);
		strcpy(host_e->name, hname);
		host_e->m.name = host_e->name;
		have_host = true;
	} while (got > 0);
	if (have_prev)
		emit(arg, prev);
	free(line);
	fclose(host);
	free(host_e);
	free(cur);
	free(prev);
	return 0;
}

static void smaps_emit(void *f, const struct smap *e)
{
	smap_put(f, e);
}

static int gen_smaps(struct cpu *cpu, FILE *f)
{
	return smaps_walk(cpu, smaps_emit, f);
}

/*
 * smaps_rollup: the sums of the guest's entries, over its lowest to its
 * highest address.  Pss_Anon/File/Shmem, which smaps does not give per
 * entry, split each entry's Pss: shared anonymous memory is shmem, else
 * the anonymous share of its Rss is anon and the rest file.
 */
struct rollup {
	struct smap sum;
	unsigned long long pss_anon, pss_file, pss_shmem;
	bool any;
};

static void rollup_emit(void *arg, const struct smap *e)
{
	struct rollup *r = arg;
	struct smap_field *pss = smap_find((struct smap *)e, "Pss:");
	struct smap_field *rss = smap_find((struct smap *)e, "Rss:");
	struct smap_field *anon = smap_find((struct smap *)e, "Anonymous:");

	if (!r->any) {
		r->sum = *e;
		r->any = true;
	} else {
		r->sum.m.end = e->m.end;
		for (unsigned k = 0; k < r->sum.n; k++) {
			struct smap_field *o = smap_find((struct smap *)e, r->sum.f[k].name);
			if (o && o->kb && r->sum.f[k].kb)
				r->sum.f[k].v += o->v;
		}
	}
	if (!pss)
		return;
	if (e->m.shared && !e->m.ino) {
		r->pss_shmem += pss->v;
	} else {
		unsigned long long a = rss && anon && rss->v ? pss->v * (anon->v < rss->v ? anon->v : rss->v) / rss->v
							     : (e->m.ino ? 0 : pss->v);
		r->pss_anon += a;
		r->pss_file += pss->v - a;
	}
}

static int gen_smaps_rollup(struct cpu *cpu, FILE *f)
{
	struct rollup *r = xcalloc(1, sizeof *r);
	FILE *host = fopen("/proc/self/smaps_rollup", "re");
	char *line = NULL;
	size_t cap = 0;
	int err = smaps_walk(cpu, rollup_emit, r);

	if (err || !host) {
		err = err ? err : -errno;
		goto out;
	}
	/* the host's fields, in its order, with the guest's values */
	struct map_line m = { .start = r->any ? r->sum.m.start : 0,
			      .end = r->any ? r->sum.m.end : 0, .name = "[rollup]" };
	put_line(f, &m);
	struct smap *fields = xcalloc(1, sizeof *fields);
	while (getline(&line, &cap, host) > 0) {
		line[strcspn(line, "\n")] = 0;
		if (strchr(line, '-') && strstr(line, "[rollup]"))
			continue;
		fields->n = 0;
		smap_parse_field(fields, line);
		if (!fields->n)
			continue;
		struct smap_field *fl = &fields->f[0], *g = r->any ? smap_find(&r->sum, fl->name) : NULL;
		if (fl->kb) {
			fl->v = !strcmp(fl->name, "Pss_Anon:") ? r->pss_anon :
				!strcmp(fl->name, "Pss_File:") ? r->pss_file :
				!strcmp(fl->name, "Pss_Shmem:") ? r->pss_shmem : g && g->kb ? g->v : 0;
		}
		smap_put_field(f, fl);
	}
	free(fields);
out:
	if (host)
		fclose(host);
	free(line);
	free(r);
	return err;
}

/*
 * The host's stat line with the guest's addresses: fields 26-28 (code,
 * stack start), 29-30 (sp, pc: 0 as Linux shows them to the process
 * itself), 45-51 (data, brk, argv, envp).
 */
static int gen_stat(struct cpu *cpu, FILE *f)
{
	struct process *proc = cpu->proc;
	char buf[2048], *p, *tok, *save = NULL;
	unsigned long long want[53] = { 0 };
	bool set[53] = { false };
	FILE *host = fopen("/proc/self/stat", "re");
	size_t len;
	unsigned field;

	if (!host)
		return -errno;
	len = fread(buf, 1, sizeof buf - 1, host);
	fclose(host);
	buf[len] = 0;
	p = strrchr(buf, ')');
	if (!p)
		return -EIO;
#define SET(i, v) do { want[i] = (v); set[i] = true; } while (0)
	SET(26, proc->code_start);
	SET(27, proc->code_end);
	SET(28, proc->stack_start);
	SET(29, 0);
	SET(30, 0);
	SET(45, proc->data_start);
	SET(46, proc->data_end);
	SET(47, proc->brk_start);
	SET(48, proc->arg_start);
	SET(49, proc->arg_end);
	SET(50, proc->env_start);
	SET(51, proc->env_end);
#undef SET
	fwrite(buf, 1, p + 1 - buf, f);
	field = 3;
	for (tok = strtok_r(p + 1, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save), field++) {
		if (field < ARRAY_SIZE(set) && set[field])
			fprintf(f, " %llu", want[field]);
		else
			fprintf(f, " %s", tok);
	}
	fputc('\n', f);
	return 0;
}

static const struct {
	const char *name;
	int (*gen)(struct cpu *cpu, FILE *f);
} self_files[] = {
	{ "maps", gen_maps },
	{ "smaps", gen_smaps },
	{ "smaps_rollup", gen_smaps_rollup },
	{ "auxv", gen_auxv },
	{ "cmdline", gen_cmdline },
	{ "environ", gen_environ },
	{ "stat", gen_stat },
};

/* ---- open and readlink --------------------------------------------- */

/* Run GEN into a memfd, handed out read-only with the guest's flags. */
static int open_generated(struct cpu *cpu, int (*gen)(struct cpu *, FILE *),
			  int flags)
{
	char *data = NULL, link[64];
	size_t size = 0;
	FILE *f = open_memstream(&data, &size);
	int r, fd, ro;

	if (!f)
		return -ENOMEM;
	r = gen(cpu, f);
	if (fclose(f) != 0 && r == 0)
		r = -ENOMEM;
	if (r < 0) {
		free(data);
		return r;
	}
	fd = memfd_create("warp-proc", MFD_CLOEXEC);
	if (fd < 0) {
		free(data);
		return -errno;
	}
	for (size_t done = 0; done < size;) {
		ssize_t w = write(fd, data + done, size - done);
		if (w <= 0) {
			r = w < 0 ? -errno : -EIO;
			free(data);
			close(fd);
			return r;
		}
		done += w;
	}
	free(data);
	/* a fresh read-only description, at offset 0 */
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ro = open(link, O_RDONLY | (flags & (O_CLOEXEC | O_NONBLOCK)));
	r = ro < 0 ? -errno : ro;
	close(fd);
	return r;
}

int proc_fs_open(struct cpu *cpu, const char *path, int flags)
{
	const char *name = self_file(path);
	int (*gen)(struct cpu *, FILE *) = NULL;

	if (!strcmp(path, "/proc/cpuinfo")) {
		gen = gen_cpuinfo;
		if (!cpu->arch->sys->cpuinfo)
			return -ENOSYS;
	}
	for (unsigned i = 0; name && i < ARRAY_SIZE(self_files); i++)
		if (!strcmp(name, self_files[i].name))
			gen = self_files[i].gen;
	/* opening for writing: the host's file gives the kernel's answers
	 * (root may open it, writes fail) */
	if (!gen || (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))
		return -ENOSYS;
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	return open_generated(cpu, gen, flags);
}

/*
 * /proc/PID/exe of another process: when it is warp (this binary), the
 * guest program it runs, found from its command line (warp's options, then
 * the program: the loader's parser says where) the way that warp found it:
 * in the sysroot for an absolute path, from its working directory for a
 * relative one (right unless it has changed directory since).  Into HOST;
 * false to leave the host's answer.
 */
static bool other_guest_exe(struct cpu *cpu, const char *path, char *host)
{
	const char *p = path + 6, *slash = strchr(p, '/');
	char file[64], buf[8192], *argv[256], tmp[PATH_MAX];
	struct stat mine, theirs;
	int argc = 0, fd, prog;
	ssize_t len;

	if (strncmp(path, "/proc/", 6) || !slash || strcmp(slash, "/exe") ||
	    slash == p || strspn(p, "0123456789") != (size_t)(slash - p) ||
	    slash - p > 10 || !cpu->proc->prog_index)
		return false;
	if (stat("/proc/self/exe", &mine) < 0 || stat(path, &theirs) < 0 ||
	    mine.st_dev != theirs.st_dev || mine.st_ino != theirs.st_ino)
		return false;
	snprintf(file, sizeof file, "%.*s/cmdline", (int)(slash - path), path);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	len = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (len <= 0)
		return false;
	buf[len] = 0;
	for (char *s = buf; s < buf + len && argc < (int)ARRAY_SIZE(argv) - 1; s += strlen(s) + 1)
		argv[argc++] = s;
	argv[argc] = NULL;
	prog = cpu->proc->prog_index(argc, argv);
	if (prog < 0 || prog >= argc)
		return false;
	if (argv[prog][0] == '/') {
		if (sys_path_resolve(cpu, AT_FDCWD, argv[prog], tmp, sizeof tmp, 0) < 0)
			return false;
	} else {
		snprintf(tmp, sizeof tmp, "%.*s/cwd/%s", (int)(slash - path), path, argv[prog]);
	}
	return realpath(tmp, host) != NULL;
}

long proc_fs_readlink(struct cpu *cpu, const char *path, char *buf, size_t size)
{
	const char *name = self_file(path);
	char host[PATH_MAX];
	ssize_t n;

	if (!name && other_guest_exe(cpu, path, host)) {
		n = sys_path_to_guest(cpu->proc, host, buf, size);
		return n < (ssize_t)size ? n : (ssize_t)size;
	}
	if (!name)
		return -ENOSYS;
	if (!strcmp(name, "exe")) {
		/* the kernel shows the canonical path */
		const char *exe = cpu->proc->exe_path;
		if (!exe)
			return -ENOENT;
		if (realpath(exe, host))
			exe = host;
		n = sys_path_to_guest(cpu->proc, exe, buf, size);
		return n < (ssize_t)size ? n : (ssize_t)size;
	}
	if (strcmp(name, "cwd") && strcmp(name, "root") && strncmp(name, "fd/", 3))
		return -ENOSYS;
	n = readlink(path, host, sizeof host - 1);
	if (n < 0)
		return -errno;
	host[n] = 0;
	n = sys_path_to_guest(cpu->proc, host, buf, size);
	return n < (ssize_t)size ? n : (ssize_t)size;
}
