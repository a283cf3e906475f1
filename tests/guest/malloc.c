/*
 * malloc: malloc/calloc/realloc/free stress with many sizes (small bins,
 * large mmap'd chunks, brk growth and trimming), contents checked after
 * every realloc, posix_memalign/aligned_alloc alignment, and a final
 * checksum of all live data.  Addresses are never printed.
 */
#include "common.h"
#include <malloc.h>

#define SLOTS 4000

static unsigned char *slot[SLOTS];
static size_t len[SLOTS];
static unsigned char seed[SLOTS];

static void fill(int i)
{
	for (size_t k = 0; k < len[i]; k++)
		slot[i][k] = (unsigned char)(seed[i] + k * 7);
}

static int verify(int i, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (slot[i][k] != (unsigned char)(seed[i] + k * 7))
			return 0;
	return 1;
}

static size_t pick_size(void)
{
	uint64_t r = rng();

	if (r % 256 == 0)	/* above the 128 KiB mmap threshold */
		return 130000 + (r >> 8) % 100000;
	if (r % 256 < 8)
		return 0;
	if (r % 8 == 1)
		return (r >> 8) % 4096;
	return (r >> 8) % 128;
}

int main(void)
{
	int bad = 0;
	long ops = 0;

	for (int round = 0; round < 20000; round++) {
		int i = (int)(rng() % SLOTS);
		switch (rng() % 4) {
		case 0:
		case 1:
			if (slot[i] && !verify(i, len[i]))
				bad++;
			free(slot[i]);
			len[i] = pick_size();
			seed[i] = (unsigned char)rng();
			slot[i] = (rng() & 1) ? malloc(len[i]) : calloc(1, len[i]);
			if (len[i] && !slot[i]) {
				bad++;
				break;
			}
			if (slot[i] && len[i] && (uintptr_t)slot[i] % 16)
				bad++;
			fill(i);
			break;
		case 2: {
			size_t n = pick_size(), keep = n < len[i] ? n : len[i];
			if (slot[i] && !verify(i, len[i]))
				bad++;
			unsigned char *p = realloc(slot[i], n ? n : 1);
			if (!p) {
				bad++;
				break;
			}
			slot[i] = p;
			if (!verify(i, keep))
				bad++;
			len[i] = n;
			fill(i);
			break;
		}
		default:
			if (slot[i] && !verify(i, len[i]))
				bad++;
			free(slot[i]);
			slot[i] = NULL;
			len[i] = 0;
		}
		ops++;
	}
	uint64_t h = 0;
	size_t total = 0;
	for (int i = 0; i < SLOTS; i++) {
		if (slot[i]) {
			if (!verify(i, len[i]))
				bad++;
			h = mix64(h, fnv1a(slot[i], len[i]));
			total += len[i];
		}
	}
	printf("ops %ld live bytes %zu hash %016llx bad %d\n", ops, total,
	       (unsigned long long)h, bad);
	CHECK_EQ(bad, 0);
	for (int i = 0; i < SLOTS; i++)
		free(slot[i]);

	for (size_t al = 16; al <= 65536; al *= 4) {
		void *p = NULL;
		int rc = posix_memalign(&p, al, 1000);
		CHECK(rc == 0 && (uintptr_t)p % al == 0);
		memset(p, 0xab, 1000);
		free(p);
		p = aligned_alloc(al, al * 3);
		CHECK(p && (uintptr_t)p % al == 0);
		free(p);
	}
	/* calloc really zeroes, even reused memory */
	for (int k = 0; k < 100; k++) {
		unsigned char *p = malloc(5000);
		memset(p, 0xff, 5000);
		free(p);
		p = calloc(5000, 1);
		for (int j = 0; j < 5000; j++)
			if (p[j])
				bad++;
		free(p);
	}
	CHECK_EQ(bad, 0);
	/* a big allocation: 64 MiB, touched sparsely */
	unsigned char *big = malloc(64 << 20);
	CHECK(big != NULL);
	for (size_t k = 0; k < (64 << 20); k += 4096)
		big[k] = (unsigned char)(k >> 12);
	unsigned s = 0;
	for (size_t k = 0; k < (64 << 20); k += 4096)
		s += big[k];
	printf("big sum %u\n", s);
	free(big);
	malloc_trim(0);
	return finish();
}
