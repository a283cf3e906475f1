/*
 * dirents: a directory with 600 entries of varied name lengths (so the
 * listing needs many getdents64 calls and records straddle buffer ends),
 * read with readdir, rewinddir and read again, seekdir/telldir, d_type,
 * scandir with alphasort, and removal of every second entry while reading.
 */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[4096];

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int only_files(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char name[300], path[4500];

	snprintf(dir, sizeof(dir), "%s/warp-dirents-XXXXXX", tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	for (int i = 0; i < 600; i++) {
		int len = 1 + (int)(rng() % 200);
		snprintf(name, sizeof(name), "%04d-", i);
		for (int k = 5; k < len + 5; k++)
			name[k] = (char)('a' + (i + k) % 26);
		name[len + 5] = 0;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (i % 10 == 0) {
			CHECK_EQ(mkdir(path, 0700), 0);
		} else {
			int fd = open(path, O_CREAT | O_WRONLY, 0600);
			CHECK(fd >= 0);
			close(fd);
		}
	}

	DIR *d = opendir(dir);
	CHECK(d != NULL);
	char **names = malloc(700 * sizeof(char *));
	int n = 0, dirs = 0, dots = 0;
	struct dirent *e;
	long pos_at_100 = -1;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			dots++;
			continue;
		}
		if (n == 100)
			pos_at_100 = telldir(d);
		if (e->d_type == DT_DIR)
			dirs++;
		names[n++] = strdup(e->d_name);
	}
	printf("entries %d dirs %d dots %d\n", n, dirs, dots);
	qsort(names, n, sizeof(char *), cmp);
	uint64_t h = 0;
	for (int i = 0; i < n; i++)
		h = mix64(h, fnv1a(names[i], strlen(names[i])));
	printf("sorted names hash %016llx first %.12s last %.12s\n",
	       (unsigned long long)h, names[0], names[n - 1]);

	rewinddir(d);
	int again = 0;
	while ((e = readdir(d)) != NULL)
		again++;
	printf("after rewinddir: %d entries\n", again);
	CHECK_EQ(again, n + dots);
	seekdir(d, pos_at_100);
	int rest = 0;
	while ((e = readdir(d)) != NULL)
		rest++;
	printf("from telldir position: %d entries\n", rest);
	closedir(d);

	struct dirent **list;
	int m = scandir(dir, &list, only_files, alphasort);
	printf("scandir %d, first %.12s\n", m, list[0]->d_name);
	CHECK_EQ(m, n);
	for (int i = 0; i < m; i++)
		free(list[i]);
	free(list);

	/* remove everything */
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		struct stat st;
		CHECK_EQ(lstat(path, &st), 0);
		if (S_ISDIR(st.st_mode))
			CHECK_EQ(rmdir(path), 0);
		else
			CHECK_EQ(unlink(path), 0);
		free(names[i]);
	}
	free(names);
	CHECK_EQ(rmdir(dir), 0);
	return finish();
}
