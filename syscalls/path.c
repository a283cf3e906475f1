/*
 * path.c - the sysroot view: guest paths -> host paths (see path.h for
 * the rules the guest sees).
 *
 * Owns struct sysroot: the canonical sysroot directory, the guest's cwd
 * when it lies inside the sysroot, and a cache of what the resolver
 * learnt about the sysroot's directories and symlinks.
 *
 * An absolute guest path is walked one component at a time against the
 * sysroot:
 *
 *     component       in the sysroot it is      then
 *     "." / ""        -                         skipped
 *     ".."            -                         parent; the root's is the root
 *     proc/sys/dev    (first component)         host path (fallback)
 *     name            a directory               descend
 *                     a symlink                 splice its target in front of
 *                                               the rest; absolute targets
 *                                               restart at the sysroot root
 *                     another file              the result if last, else
 *                                               host path (fallback)
 *                     missing                   host path (fallback), or the
 *                                               sysroot path when creating
 *
 * The fallback host path is the walk so far plus the unwalked rest, so a
 * sysroot symlink that points at a path the sysroot lacks (/etc/mtab ->
 * ../proc/self/mounts) still leads where it says.  A result in the
 * sysroot has no symlinks left in it except a last one the caller asked
 * not to follow, so the kernel never follows an absolute link out of the
 * sysroot.
 *
 * The cache holds directories and symlink targets only, keyed by their
 * canonical guest path; plain files and missing names are looked up
 * every time (another process may create them at any moment).  A
 * rename, unlink or rmdir inside the sysroot empties the cache
 * (sys_path_forget).  Invariant: every cached key is a canonical guest
 * path ("/usr/lib": no ".", "..", "//" or symlink in it).
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "path.h"

#define MAX_LINKS 40            /* Linux's MAXSYMLINKS */

enum { PC_MISSING, PC_FILE, PC_DIR, PC_LINK };

struct pc_ent {
	char *key;
	char *target;           /* PC_LINK */
	uint32_t hash;
	uint8_t kind;
};

struct sysroot {
	char *dir;              /* canonical, no trailing slash, not "/" */
	size_t len;
	pthread_mutex_t lock;   /* guards everything below */
	struct pc_ent *tab;     /* open addressing, linear probing */
	unsigned mask, used;
	char *cwd_guest;        /* the cwd's guest path if inside dir */
};

/* ---- the cache ---------------------------------------------------- */

static uint32_t hash_str(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static void cache_clear(struct sysroot *r)
{
	for (unsigned i = 0; r->tab && i <= r->mask; i++) {
		free(r->tab[i].key);
		free(r->tab[i].target);
	}
	free(r->tab);
	r->tab = NULL;
	r->mask = r->used = 0;
}

/* Under r->lock.  The slot of KEY, or the empty slot where it goes. */
static struct pc_ent *cache_slot(struct sysroot *r, const char *key, size_t n,
				 uint32_t h)
{
	for (unsigned i = h & r->mask;; i = (i + 1) & r->mask) {
		struct pc_ent *e = &r->tab[i];
		if (!e->key || (e->hash == h && !strncmp(e->key, key, n) &&
				!e->key[n]))
			return e;
	}
}

/* Under r->lock.  Copies the target of a link into TARGET (PATH_MAX). */
static int cache_get(struct sysroot *r, const char *key, size_t n, char *target)
{
	struct pc_ent *e;

	if (!r->tab)
		return PC_MISSING;
	e = cache_slot(r, key, n, hash_str(key, n));
	if (!e->key)
		return PC_MISSING;
	if (e->kind == PC_LINK)
		strcpy(target, e->target);
	return e->kind;
}

static void cache_grow(struct sysroot *r)
{
	struct pc_ent *old = r->tab;
	unsigned old_mask = r->mask;

	r->mask = old ? 2 * old_mask + 1 : 255;
	r->tab = xcalloc(r->mask + 1, sizeof *r->tab);
	for (unsigned i = 0; old && i <= old_mask; i++)
		if (old[i].key)
			*cache_slot(r, old[i].key, strlen(old[i].key),
				    old[i].hash) = old[i];
	free(old);
}

static void cache_put(struct sysroot *r, const char *key, size_t n, int kind,
		      const char *target)
{
	uint32_t h = hash_str(key, n);
	struct pc_ent *e;

	pthread_mutex_lock(&r->lock);
	if (!r->tab || 4 * (r->used + 1) > 3 * (r->mask + 1))
		cache_grow(r);
	e = cache_slot(r, key, n, h);
	if (!e->key) {
		e->key = xmalloc(n + 1);
		memcpy(e->key, key, n);
		e->key[n] = 0;
		e->hash = h;
		e->kind = kind;
		e->target = target ? xstrdup(target) : NULL;
		r->used++;
	}
	pthread_mutex_unlock(&r->lock);
}

/* What GPATH[0..N) (canonical, absolute) is in the sysroot. */
static int lookup(struct sysroot *r, const char *gpath, size_t n, char *target)
{
	char host[PATH_MAX];
	struct stat st;
	ssize_t len;
	int kind;

	pthread_mutex_lock(&r->lock);
	kind = cache_get(r, gpath, n, target);
	pthread_mutex_unlock(&r->lock);
	if (kind != PC_MISSING)
		return kind;
	if (r->len + n >= sizeof host)
		return -ENAMETOOLONG;
	memcpy(host, r->dir, r->len);
	memcpy(host + r->len, gpath, n);
	host[r->len + n] = 0;
	if (lstat(host, &st) < 0)
		return errno == ENAMETOOLONG ? -ENAMETOOLONG : PC_MISSING;
	if (S_ISDIR(st.st_mode)) {
		cache_put(r, gpath, n, PC_DIR, NULL);
		return PC_DIR;
	}
	if (!S_ISLNK(st.st_mode))
		return PC_FILE;
	len = readlink(host, target, PATH_MAX);
	if (len < 0)
		return PC_MISSING;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	target[len] = 0;
	if (!len)               /* an empty link resolves to nothing */
		return PC_MISSING;
	cache_put(r, gpath, n, PC_LINK, target);
	return PC_LINK;
}

/* ---- the walk ----------------------------------------------------- */

static int put(char *out, size_t n, const char *a, size_t alen,
	       const char *b, size_t blen, const char *c)
{
	size_t clen = strlen(c);

	if (alen + blen + clen >= n)
		return -ENAMETOOLONG;
	memmove(out, a, alen);
	memmove(out + alen, b, blen);
	memmove(out + alen + blen, c, clen + 1);
	return 0;
}

static bool is_host_only(const char *c, size_t n)
{
	return (n == 4 && !memcmp(c, "proc", 4)) ||
	       (n == 3 && (!memcmp(c, "sys", 3) || !memcmp(c, "dev", 3)));
}

/*
 * Resolve the absolute guest path PATH in R's sysroot into OUT (N bytes):
 * the sysroot's file, or the host's path when the sysroot lacks it.
 */
static int walk(struct sysroot *r, const char *path, char *out, size_t n,
		unsigned flags)
{
	char cur[PATH_MAX], target[PATH_MAX], buf[2][PATH_MAX];
	size_t cl = 0;
	unsigned links = 0, which = 0;
	const char *rest;
	struct stat st;

	if (strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	rest = path;
	cur[0] = 0;
	for (;;) {
		const char *c, *after;
		size_t clen, save;
		bool last, slash;
		int kind;

		while (*rest == '/')
			rest++;
		if (!*rest)
			break;
		c = rest;
		clen = strcspn(rest, "/");
		rest += clen;
		for (after = rest; *after == '/'; after++)
			;
		last = !*after;
		slash = *rest == '/';
		if (clen == 1 && c[0] == '.')
			continue;
		if (clen == 2 && c[0] == '.' && c[1] == '.') {
			char *s = strrchr(cur, '/');
			if (s) {
				*s = 0;
				cl = s - cur;
			}
			continue;
		}
		if (cl + 1 + clen >= PATH_MAX)
			return -ENAMETOOLONG;
		save = cl;
		cur[cl++] = '/';
		memcpy(cur + cl, c, clen);
		cl += clen;
		cur[cl] = 0;
		if (save == 0 && is_host_only(c, clen))
			goto host;
		kind = lookup(r, cur, cl, target);
		if (kind < 0)
			return kind;
		switch (kind) {
		case PC_DIR:
			continue;
		case PC_FILE:
			if (last)
				goto found;
			goto host;
		case PC_MISSING:
			if (!last || !(flags & SYS_PATH_CREATE))
				goto host;
			/* an existing host file is used where lookups find it */
			if (lstat(cur, &st) == 0)
				goto host;
			goto found;
		case PC_LINK:
			if (last && !slash && (flags & SYS_PATH_NOFOLLOW))
				goto found;
			if (++links > MAX_LINKS)
				return -ELOOP;
			/* splice: target, then what was left after the link */
			if (put(buf[which], PATH_MAX, target, strlen(target), "", 0,
				rest) < 0)
				return -ENAMETOOLONG;
			rest = buf[which];
			which ^= 1;
			cl = target[0] == '/' ? 0 : save;
			cur[cl] = 0;
			continue;
		}
	}
	/* every component was a directory (or the path is the root) */
	return put(out, n, r->dir, r->len, cur, cl, "");
found:
	return put(out, n, r->dir, r->len, cur, cl, rest);
host:
	if (!cl)
		return put(out, n, "/", 1, "", 0, "");
	return put(out, n, cur, cl, "", 0, rest);
}

/* ---- relative paths ----------------------------------------------- */

/* If P is inside the sysroot, its guest path (without the prefix). */
static const char *inside(const struct sysroot *r, const char *p)
{
	if (strncmp(p, r->dir, r->len) || (p[r->len] && p[r->len] != '/'))
		return NULL;
	return p[r->len] ? p + r->len : "/";
}

/* The guest path of directory DIRFD when it is inside the sysroot. */
static bool fd_guest_dir(struct sysroot *r, int dirfd, char *base)
{
	char link[64], host[PATH_MAX];
	const char *g;
	ssize_t len;

	if (dirfd < 0)
		return false;
	snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
	len = readlink(link, host, sizeof host - 1);
	if (len <= 0)
		return false;
	host[len] = 0;
	g = inside(r, host);
	if (!g)
		return false;
	strcpy(base, g);
	return true;
}

static int copy(char *out, size_t n, const char *path)
{
	size_t len = strlen(path);

	if (len >= n)
		return -ENAMETOOLONG;
	memcpy(out, path, len + 1);
	return 0;
}

static int resolve(struct sysroot *r, int dirfd, const char *path, char *out,
		   size_t n, unsigned flags)
{
	char base[PATH_MAX], abs[PATH_MAX];
	bool have_base = false;

	if (path[0] == '/')
		return walk(r, path, out, n, flags);
	if (dirfd == AT_FDCWD) {
		pthread_mutex_lock(&r->lock);
		if (r->cwd_guest) {
			strcpy(base, r->cwd_guest);
			have_base = true;
		}
		pthread_mutex_unlock(&r->lock);
	} else if (!(flags & SYS_PATH_NOFOLLOW) || strchr(path, '/') ||
		   !strcmp(path, "..")) {
		/* a single name not followed cannot leave the directory:
		 * spare the readlink for fstatat/unlinkat/openat(O_NOFOLLOW)
		 * of tree walkers */
		have_base = fd_guest_dir(r, dirfd, base);
	}
	if (!have_base)
		return copy(out, n, path);
	if (put(abs, sizeof abs, base, strlen(base), "/", 1, path) < 0)
		return -ENAMETOOLONG;
	return walk(r, abs, out, n, flags);
}

/* ---- /proc/self/exe ----------------------------------------------- */

/* /proc/self/exe, /proc/thread-self/exe, /proc/<our pid>/exe */
static bool is_proc_exe(const char *p)
{
	char own[40];

	if (strncmp(p, "/proc/", 6))
		return false;
	if (!strcmp(p, "/proc/self/exe") || !strcmp(p, "/proc/thread-self/exe"))
		return true;
	snprintf(own, sizeof own, "/proc/%d/exe", (int)getpid());
	return !strcmp(p, own);
}

/* ---- the interface ------------------------------------------------ */

int sys_path_resolve_proc(struct process *proc, int dirfd,
			  const char *guest_path, char *host_path, size_t n,
			  unsigned flags)
{
	struct sysroot *r = proc ? proc->root : NULL;

	if (!guest_path[0])
		return -ENOENT;
	if (!(flags & (SYS_PATH_NOMAGIC | SYS_PATH_NOFOLLOW)) && proc &&
	    proc->exe_path && is_proc_exe(guest_path))
		return copy(host_path, n, proc->exe_path);
	if (!r)
		return copy(host_path, n, guest_path);
	return resolve(r, dirfd, guest_path, host_path, n, flags);
}

int sys_path_resolve(struct cpu *cpu, int dirfd, const char *guest_path,
		     char *host_path, size_t n, unsigned flags)
{
	return sys_path_resolve_proc(cpu->proc, dirfd, guest_path, host_path,
				     n, flags);
}

size_t sys_path_to_guest(const struct process *proc, const char *host,
			 char *out, size_t n)
{
	const char *g = proc && proc->root ? inside(proc->root, host) : NULL;
	size_t len;

	if (!g)
		g = host;
	len = strlen(g);
	if (n) {
		size_t k = len < n ? len : n - 1;
		memcpy(out, g, k);
		out[k] = 0;
	}
	return len;
}

const char *sys_sysroot_dir(const struct process *proc)
{
	return proc && proc->root ? proc->root->dir : NULL;
}

void sys_path_forget(struct process *proc)
{
	struct sysroot *r = proc ? proc->root : NULL;

	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	cache_clear(r);
	pthread_mutex_unlock(&r->lock);
}

void sys_path_cwd_changed(struct process *proc)
{
	struct sysroot *r = proc ? proc->root : NULL;
	char host[PATH_MAX];
	const char *g = NULL;

	if (!r)
		return;
	if (getcwd(host, sizeof host))
		g = inside(r, host);
	pthread_mutex_lock(&r->lock);
	free(r->cwd_guest);
	r->cwd_guest = g ? xstrdup(g) : NULL;
	pthread_mutex_unlock(&r->lock);
}

void sys_sysroot_free(struct process *proc)
{
	struct sysroot *r = proc->root;

	if (!r)
		return;
	cache_clear(r);
	free(r->cwd_guest);
	free(r->dir);
	pthread_mutex_destroy(&r->lock);
	free(r);
	proc->root = NULL;
}

int sys_sysroot_init(struct process *proc, const char *dir)
{
	struct sysroot *r;
	struct stat st;
	char *real;

	proc->root = NULL;
	if (!dir)
		return 0;
	real = realpath(dir, NULL);
	if (!real)
		return -errno;
	if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
		free(real);
		return -ENOTDIR;
	}
	if (!strcmp(real, "/")) {       /* the host's own root: no view */
		free(real);
		return 0;
	}
	r = xcalloc(1, sizeof *r);
	r->dir = real;
	r->len = strlen(real);
	pthread_mutex_init(&r->lock, NULL);
	proc->root = r;
	sys_path_cwd_changed(proc);
	return 0;
}
