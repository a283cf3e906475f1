/*
 * mmap: the memory system calls: anonymous private and shared mappings
 * (zero-filled), MAP_FIXED over part of an existing mapping, partial
 * munmap (the rest stays), mprotect to read-only and back, mremap
 * growing in place or moving (contents kept), madvise(MADV_DONTNEED)
 * zeroing private anonymous pages, file mappings (private copy-on-write
 * vs shared write-through), and brk growth/shrink through sbrk.
 */
#define _GNU_SOURCE
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 4096

static int all(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	printf("page size %ld\n", pg);

	unsigned char *a = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(a != MAP_FAILED);
	CHECK((uintptr_t)a % PG == 0);
	printf("anonymous zero-filled: %d\n", all(a, 16 * PG, 0));
	memset(a, 0x11, 16 * PG);

	/* MAP_FIXED replaces pages 4..5 with fresh zero pages */
	unsigned char *f = mmap(a + 4 * PG, 2 * PG, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(f == a + 4 * PG);
	printf("MAP_FIXED: new pages zero %d, neighbours kept %d %d\n",
	       all(f, 2 * PG, 0), all(a + 3 * PG, PG, 0x11), all(a + 6 * PG, PG, 0x11));

	/* unmap a hole in the middle; both sides stay usable */
	CHECK_EQ(munmap(a + 8 * PG, 2 * PG), 0);
	a[7 * PG] = 0x22;
	a[10 * PG] = 0x33;
	printf("after partial munmap: %02x %02x\n", a[7 * PG], a[10 * PG]);

	/* mprotect: read-only, readable; back to writable */
	CHECK_EQ(mprotect(a, 4 * PG, PROT_READ), 0);
	printf("read-only still readable: %02x\n", a[PG]);
	CHECK_EQ(mprotect(a, 4 * PG, PROT_READ | PROT_WRITE), 0);
	a[PG] = 0x44;
	printf("writable again: %02x\n", a[PG]);

	/* madvise(DONTNEED) on private anonymous memory: zero on next touch */
	CHECK_EQ(madvise(a + 12 * PG, 2 * PG, MADV_DONTNEED), 0);
	printf("after MADV_DONTNEED: zero %d, next page kept %d\n",
	       all(a + 12 * PG, 2 * PG, 0), all(a + 14 * PG, PG, 0x11));

	/* mremap: grow (may move), contents preserved */
	unsigned char *r = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 2 * PG; i++)
		r[i] = (unsigned char)(i * 7);
	unsigned char *r2 = mremap(r, 2 * PG, 64 * PG, MREMAP_MAYMOVE);
	CHECK(r2 != MAP_FAILED);
	int kept = 1;
	for (int i = 0; i < 2 * PG; i++)
		kept &= r2[i] == (unsigned char)(i * 7);
	printf("mremap grow: kept %d, new part zero %d\n", kept,
	       all(r2 + 2 * PG, 62 * PG, 0));
	r2[64 * PG - 1] = 1;
	unsigned char *r3 = mremap(r2, 64 * PG, PG, 0);
	CHECK(r3 == r2);
	printf("mremap shrink in place: %d first byte %d\n", r3 == r2, r3[1]);
	munmap(r3, PG);

	/* shared anonymous: the same after a second look */
	unsigned char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED);
	s[100] = 9;
	printf("shared anonymous %d\n", s[100]);
	munmap(s, PG);

	/* file mappings */
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/warp-mmap-XXXXXX", tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	unlink(path);
	unsigned char page[PG];
	for (int i = 0; i < PG; i++)
		page[i] = (unsigned char)i;
	for (int i = 0; i < 3; i++)
		write(fd, page, PG);
	unsigned char *priv = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	unsigned char *shr = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
	CHECK(priv != MAP_FAILED && shr != MAP_FAILED);
	printf("file map: priv[5] %d shr[5] %d (offset %d)\n", priv[5], shr[5], PG);
	priv[PG + 7] = 0xee;		/* copy-on-write: file unchanged */
	shr[8] = 0xdd;			/* shared: file changes */
	unsigned char b1 = 0, b2 = 0;
	pread(fd, &b1, 1, PG + 7);
	pread(fd, &b2, 1, PG + 8);
	printf("file after writes: %02x %02x, priv sees %02x\n", b1, b2, priv[PG + 8]);
	CHECK_EQ(b1, 7);
	CHECK_EQ(b2, 0xdd);
	CHECK_EQ(msync(shr, PG, MS_SYNC), 0);
	munmap(priv, 3 * PG);
	munmap(shr, 3 * PG);
	close(fd);
	munmap(a, 16 * PG);

	/* brk through sbrk */
	void *b0 = sbrk(0);
	CHECK(sbrk(1 << 20) == b0);
	unsigned char *bp = b0;
	memset(bp, 0x5a, 1 << 20);
	void *b1p = sbrk(0);
	printf("sbrk grew by %ld\n", (long)((unsigned char *)b1p - bp));
	CHECK(sbrk(-(1 << 19)) == b1p);
	printf("sbrk shrank to %ld\n", (long)((unsigned char *)sbrk(0) - bp));
	bp[1000] = 1;
	CHECK(sbrk(-(1 << 19)) != (void *)-1);
	CHECK(sbrk(0) == b0);
	return finish();
}
