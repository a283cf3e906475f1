/*
 * bitfields: signed and unsigned bit-fields of many widths (1..63),
 * packed next to each other and across word boundaries, read-modify-write
 * of single fields (neighbours must not change), sign extension of
 * signed fields, wrap-around on store, and bit-fields in a union with
 * the raw word (little-endian layout on both architectures).
 */
#include "common.h"

struct bf {
	unsigned a : 1;
	unsigned b : 3;
	signed c : 5;
	unsigned d : 7;
	signed e : 16;
	unsigned long f : 33;
	signed long g : 31;
	unsigned long h : 63;
	signed long i : 1;
};

union raw {
	struct {
		unsigned lo : 12;
		signed mid : 12;
		unsigned hi : 8;
	} s;
	uint32_t w;
};

struct __attribute__((packed)) pk {
	uint8_t tag;
	unsigned long v : 40;
	signed x : 7;
};

int main(void)
{
	struct bf x;
	memset(&x, 0, sizeof(x));
	uint64_t h = 0;

	for (int i = 0; i < 5000; i++) {
		uint64_t r = rng();
		switch (i % 9) {
		case 0: x.a = (unsigned)r; break;
		case 1: x.b = (unsigned)r; break;
		case 2: x.c = (int)(r >> 3); break;
		case 3: x.d = (unsigned)r; break;
		case 4: x.e = (int)(r >> 17); break;
		case 5: x.f = r; break;
		case 6: x.g = (long)r >> 20; break;
		case 7: x.h = r; break;
		default: x.i = (long)(r & 1) ? -1 : 0; break;
		}
		h = mix64(h, x.a);
		h = mix64(h, x.b);
		h = mix64(h, (uint64_t)(int64_t)x.c);
		h = mix64(h, x.d);
		h = mix64(h, (uint64_t)(int64_t)x.e);
		h = mix64(h, x.f);
		h = mix64(h, (uint64_t)x.g);
		h = mix64(h, x.h);
		h = mix64(h, (uint64_t)x.i);
	}
	printf("bitfield walk %016llx size %zu\n", (unsigned long long)h, sizeof(x));

	memset(&x, 0, sizeof(x));
	x.c = 15;
	x.c++;			/* wraps to -16 (implementation-defined: GCC wraps) */
	x.e = -1;
	x.g = -1073741824;
	x.b = 9;		/* stores 1 */
	x.i = -1;
	printf("c %d e %d g %ld b %u i %ld d %u\n", x.c, x.e, (long)x.g, x.b,
	       (long)x.i, x.d);
	CHECK_EQ(x.c, (uint64_t)-16);
	CHECK_EQ(x.b, 1);
	CHECK_EQ(x.d, 0);
	x.h = ~0ul;
	x.f = 0x1ffffffffull + 5;
	printf("h %lx f %lx\n", (unsigned long)x.h, (unsigned long)x.f);

	union raw u;
	u.w = 0;
	u.s.lo = 0xabc;
	u.s.mid = -2;
	u.s.hi = 0x5a;
	printf("raw %08x mid %d\n", u.w, u.s.mid);
	CHECK_EQ(u.w, 0x5affeabcu);
	u.w = 0x12345678;
	printf("fields lo %x mid %d hi %x\n", u.s.lo, u.s.mid, u.s.hi);

	struct pk p[3];
	memset(p, 0, sizeof(p));
	for (int i = 0; i < 3; i++) {
		p[i].tag = (uint8_t)(0xa0 + i);
		p[i].v = 0xfedcba9876ull + (unsigned)i;
		p[i].x = -(i + 1);
	}
	printf("packed size %zu: %x %lx %d / %x %lx %d\n", sizeof(p[0]), p[0].tag,
	       (unsigned long)p[0].v, p[0].x, p[2].tag, (unsigned long)p[2].v, p[2].x);
	printf("packed bytes %016llx\n", (unsigned long long)fnv1a(p, sizeof(p)));
	return finish();
}
