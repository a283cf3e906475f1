/*
 * compress (integer): an LZ77 compressor in the style of deflate's fast mode
 * (hash of the next 4 bytes, chains of earlier positions, greedy longest
 * match) over generated pseudo-text, followed by a table-driven CRC-32 of
 * the token stream.  Byte loads, shifts, multiplies, data-dependent
 * branches: the inner loops of real compressors and hash functions.
 */
#include "bench.h"

#define WINDOW (1u << 15)
#define HASH_BITS 15
#define MAX_CHAIN 32
#define MIN_MATCH 4
#define MAX_MATCH 258

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* words from a small vocabulary, so there is something to find */
static void make_text(uint8_t *buf, size_t n, uint64_t *rng)
{
	static const char *const words[] = {
		"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ",
		"dog ", "translator ", "block ", "register ", "guest ", "host ",
		"cache ", "and ", "of ", "a ", "to ", "in ", "is ", "\n",
	};
	size_t i = 0;

	while (i < n) {
		uint64_t r = bench_rand(rng);
		const char *w = words[r % (sizeof(words) / sizeof(words[0]))];

		/* sometimes a random byte, so not everything matches */
		if ((r >> 32) % 16 == 0)
			buf[i++] = (uint8_t)(r >> 40);
		while (*w && i < n)
			buf[i++] = (uint8_t)*w++;
	}
}

static inline uint32_t hash4(const uint8_t *p)
{
	uint32_t v = p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;

	return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* returns the number of token bytes written to out */
static size_t lz_compress(const uint8_t *in, size_t n, uint8_t *out,
			  int32_t *head, int32_t *prev)
{
	size_t o = 0, i = 0;

	for (size_t k = 0; k < (1u << HASH_BITS); k++)
		head[k] = -1;
	while (i < n) {
		size_t best_len = 0, best_dist = 0;

		if (i + MIN_MATCH <= n) {
			uint32_t h = hash4(in + i);
			int32_t cand = head[h];
			size_t limit = n - i < MAX_MATCH ? n - i : MAX_MATCH;

			for (int chain = 0; cand >= 0 && chain < MAX_CHAIN &&
			     i - cand < WINDOW; chain++) {
				size_t len = 0;

				while (len < limit && in[cand + len] == in[i + len])
					len++;
				if (len > best_len) {
					best_len = len;
					best_dist = i - cand;
				}
				cand = prev[cand % WINDOW];
			}
			prev[i % WINDOW] = head[h];
			head[h] = (int32_t)i;
		}
		if (best_len >= MIN_MATCH) {
			out[o++] = 0x80 | (uint8_t)(best_len - MIN_MATCH) >> 1;
			out[o++] = (uint8_t)best_dist;
			out[o++] = (uint8_t)(best_dist >> 8);
			/* insert the skipped positions, as deflate's lazy-less
			 * mode does, so later matches can find them */
			for (size_t k = 1; k < best_len && i + k + MIN_MATCH <= n; k++) {
				uint32_t h = hash4(in + i + k);

				prev[(i + k) % WINDOW] = head[h];
				head[h] = (int32_t)(i + k);
			}
			i += best_len;
		} else {
			out[o++] = in[i++] & 0x7f;
		}
	}
	return o;
}

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	size_t n = 1u << 20;
	uint8_t *in = bench_alloc(n), *out = bench_alloc(n * 3 + 16);
	int32_t *head = bench_alloc(sizeof(int32_t) << HASH_BITS);
	int32_t *prev = bench_alloc(sizeof(int32_t) * WINDOW);
	uint64_t rng = 42, sum = BENCH_SEED, total = 0;

	crc_init();
	for (long round = 0; round < scale; round++) {
		make_text(in, n, &rng);
		size_t o = lz_compress(in, n, out, head, prev);

		total += o;
		sum = bench_mix(sum, o);
		sum = bench_mix(sum, crc32_update(0, out, o));
		sum = bench_mix(sum, crc32_update(0, in, n));
	}
	printf("compress: %llu bytes in, %llu token bytes out\n",
	       (unsigned long long)n * scale, (unsigned long long)total);
	bench_report("compress", sum);
	return 0;
}
