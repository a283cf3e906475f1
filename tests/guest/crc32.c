/*
 * crc32: CRC-32 (IEEE, reflected) three ways: bit by bit, with a 256-entry
 * table, and slicing-by-4; CRC-32C; Adler-32.  Check values of the
 * standard "123456789" vector and agreement of the three methods over a
 * generated buffer.
 */
#include "common.h"

static uint32_t table[4][256], table_c[256];

static void init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i, d = i;
		for (int k = 0; k < 8; k++) {
			c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
			d = d & 1 ? (d >> 1) ^ 0x82f63b78u : d >> 1;
		}
		table[0][i] = c;
		table_c[i] = d;
	}
	for (int t = 1; t < 4; t++)
		for (int i = 0; i < 256; i++)
			table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
}

static uint32_t crc_bits(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

static uint32_t crc_table(const unsigned char *p, size_t n, const uint32_t *t)
{
	uint32_t c = 0xffffffffu;

	while (n--)
		c = t[(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

static uint32_t crc_slice4(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	while (n >= 4) {
		uint32_t w;
		memcpy(&w, p, 4);	/* little-endian on both */
		c ^= w;
		c = table[3][c & 0xff] ^ table[2][(c >> 8) & 0xff] ^
		    table[1][(c >> 16) & 0xff] ^ table[0][c >> 24];
		p += 4;
		n -= 4;
	}
	while (n--)
		c = table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

static uint32_t adler32(const unsigned char *p, size_t n)
{
	uint32_t a = 1, b = 0;

	while (n--) {
		a = (a + *p++) % 65521;
		b = (b + a) % 65521;
	}
	return b << 16 | a;
}

int main(void)
{
	init();
	const unsigned char *v = (const unsigned char *)"123456789";
	printf("crc32(123456789) = %08x %08x %08x\n", crc_bits(v, 9),
	       crc_table(v, 9, table[0]), crc_slice4(v, 9));
	printf("crc32c(123456789) = %08x adler32 = %08x\n", crc_table(v, 9, table_c),
	       adler32(v, 9));
	CHECK_EQ(crc_bits(v, 9), 0xcbf43926u);
	CHECK_EQ(crc_table(v, 9, table_c), 0xe3069283u);
	CHECK_EQ(adler32(v, 9), 0x091e01deu);

	size_t n = 512 << 10;
	unsigned char *buf = malloc(n + 3);
	for (size_t i = 0; i < n + 3; i++)
		buf[i] = (unsigned char)(rng() >> 33);
	for (int off = 0; off < 4; off++) {
		uint32_t a = crc_table(buf + off, n - off, table[0]);
		uint32_t b = crc_slice4(buf + off, n - off);
		printf("buffer+%d: crc32 %08x slice4 %08x\n", off, a, b);
		CHECK_EQ(a, b);
	}
	uint32_t slow = crc_bits(buf, 100000);
	CHECK_EQ(slow, crc_table(buf, 100000, table[0]));
	printf("bitwise 100000: %08x crc32c %08x adler %08x\n", slow,
	       crc_table(buf, n, table_c), adler32(buf, n));
	free(buf);
	return finish();
}
