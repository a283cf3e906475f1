/*
 * bigmem.c - the guest's transparent huge page advice reaches the host, and
 * warp adds none of its own (tests/dyn/run.sh, "huge pages" point).
 *
 * Maps anonymous memory of sizes found nowhere else in the process, touches
 * it, then finds each mapping in /proc/self/smaps by its size (the host's
 * VmFlags, on the guest's entries).  Prints, per mapping, the
 * VmFlags that matter: "hg" (MADV_HUGEPAGE) and "nh" (MADV_NOHUGEPAGE), or
 * "-" when neither is set, and "missing" when no mapping has that size;
 * and whether the large private ones start on a 2 MiB boundary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>

#define KB 1024ul

struct m {
	const char *name;
	unsigned long kb;
	int flags, prot, advice;
};

static const struct m maps[] = {
	{ "private 8 MiB", 8196, MAP_PRIVATE | MAP_ANONYMOUS, PROT_READ | PROT_WRITE, -1 },
	{ "private 8 MiB, guest said hugepage", 8228, MAP_PRIVATE | MAP_ANONYMOUS,
	  PROT_READ | PROT_WRITE, MADV_HUGEPAGE },
	{ "private 8 MiB, guest said nohugepage", 8204, MAP_PRIVATE | MAP_ANONYMOUS,
	  PROT_READ | PROT_WRITE, MADV_NOHUGEPAGE },
	{ "private 1 MiB", 1036, MAP_PRIVATE | MAP_ANONYMOUS, PROT_READ | PROT_WRITE, -1 },
	{ "shared 8 MiB", 8212, MAP_SHARED | MAP_ANONYMOUS, PROT_READ | PROT_WRITE, -1 },
	{ "read-only 8 MiB", 8220, MAP_PRIVATE | MAP_ANONYMOUS, PROT_READ, -1 },
};
#define N (sizeof maps / sizeof maps[0])

int main(void)
{
	char line[512], flags[N][64];
	int seen[N] = { 0 };
	bool aligned[N] = { false };

	for (unsigned i = 0; i < N; i++) {
		size_t len = maps[i].kb * KB;
		char *p = mmap(NULL, len, maps[i].prot, maps[i].flags, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		aligned[i] = !((uintptr_t)p & ((2ul << 20) - 1));
		if (maps[i].advice >= 0 && madvise(p, len, maps[i].advice) != 0) {
			perror("madvise");
			return 1;
		}
		if (maps[i].prot & PROT_WRITE)
			for (size_t o = 0; o < len; o += 4096)
				p[o] = (char)o;
	}
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f) {
		perror("/proc/self/smaps");
		return 1;
	}
	int cur = -1;
	while (fgets(line, sizeof line, f)) {
		unsigned long kb;
		if (sscanf(line, "Size: %lu kB", &kb) == 1) {
			cur = -1;
			for (unsigned i = 0; i < N; i++)
				if (maps[i].kb == kb)
					cur = (int)i;
		} else if (cur >= 0 && !strncmp(line, "VmFlags:", 8)) {
			snprintf(flags[cur], sizeof flags[cur], "%s%s",
				 strstr(line, " hg") ? "hg" : "",
				 strstr(line, " nh") ? "nh" : "");
			if (!flags[cur][0])
				strcpy(flags[cur], "-");
			seen[cur]++;
			cur = -1;
		}
	}
	fclose(f);
	for (unsigned i = 0; i < N; i++)
		printf("%s: %s%s\n", maps[i].name, seen[i] == 1 ? flags[i] :
		       seen[i] ? "more than one" : "missing",
		       (maps[i].flags & MAP_PRIVATE) && (maps[i].prot & PROT_WRITE) &&
		       maps[i].kb >= 2048 ? aligned[i] ? ", at 2 MiB" : ", not at 2 MiB" : "");
	return 0;
}
