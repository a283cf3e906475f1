/*
 * structs: structs passed and returned by value under the LP64D calling
 * convention: small integer structs in registers, float/double pairs in
 * FP registers, mixed int+float structs, structs over 16 bytes by
 * reference, big structs (copied by the callee), arrays in structs,
 * unions, and struct assignment.  The values round-trip through calls.
 */
#include "common.h"

struct small { int a, b; };
struct pair_d { double x, y; };
struct pair_f { float x, y; };
struct mixed { float f; long l; };
struct mixed2 { double d; int i; };
struct tiny { char c; };
struct three { long a, b, c; };
struct big { long v[40]; char tag[16]; };
union u { double d; uint64_t u; float f[2]; };

static struct small __attribute__((noinline)) mk_small(int a, int b)
{
	return (struct small){ a * 2, b - 1 };
}

static struct pair_d __attribute__((noinline)) rot(struct pair_d p)
{
	return (struct pair_d){ -p.y, p.x * 2.5 };
}

static struct pair_f __attribute__((noinline)) swapf(struct pair_f p)
{
	return (struct pair_f){ p.y, p.x };
}

static struct mixed __attribute__((noinline)) mix(struct mixed m, struct mixed2 n)
{
	return (struct mixed){ m.f + (float)n.d, m.l * n.i };
}

static struct tiny __attribute__((noinline)) next_c(struct tiny t)
{
	return (struct tiny){ (char)(t.c + 1) };
}

static struct three __attribute__((noinline)) add3(struct three a, struct three b)
{
	return (struct three){ a.a + b.a, a.b + b.b, a.c + b.c };
}

static struct big __attribute__((noinline)) transform(struct big b, int k)
{
	for (int i = 0; i < 40; i++)
		b.v[i] = b.v[i] * k + i;
	b.tag[0] = 'T';
	return b;
}

static long __attribute__((noinline)) sum_big(struct big b)
{
	long s = 0;

	for (int i = 0; i < 40; i++)
		s += b.v[i];
	b.v[0] = -1;	/* the caller's copy must not change */
	return s;
}

static union u __attribute__((noinline)) flip(union u x)
{
	x.u ^= 0x8000000000000000ull;
	return x;
}

/* many struct arguments: some land on the stack */
static double __attribute__((noinline)) many(struct pair_d a, struct pair_d b,
					     struct pair_d c, struct pair_d d,
					     struct pair_d e, struct small s,
					     struct mixed m, struct three t)
{
	return a.x + b.y + c.x + d.y + e.x + e.y + s.a + s.b + m.f + (double)m.l +
	       (double)(t.a + t.b + t.c);
}

int main(void)
{
	struct small s = mk_small(OPAQUE(21), 8);
	printf("small %d %d\n", s.a, s.b);
	struct pair_d p = rot((struct pair_d){ 1.5, -2.25 });
	printf("pair_d %g %g\n", p.x, p.y);
	struct pair_f f = swapf((struct pair_f){ 1.25f, 3.5f });
	printf("pair_f %g %g\n", (double)f.x, (double)f.y);
	struct mixed m = mix((struct mixed){ 0.5f, 7 }, (struct mixed2){ 2.0, -3 });
	printf("mixed %g %ld\n", (double)m.f, m.l);
	struct tiny t = next_c((struct tiny){ 'a' });
	printf("tiny %c\n", t.c);
	struct three th = add3((struct three){ 1, 2, 3 }, (struct three){ 10, 20, 30 });
	printf("three %ld %ld %ld\n", th.a, th.b, th.c);

	struct big b;
	for (int i = 0; i < 40; i++)
		b.v[i] = i * i;
	strcpy(b.tag, "original");
	struct big c = transform(b, 3);
	printf("big: orig v[5]=%ld tag %s, new v[5]=%ld tag %s\n", b.v[5], b.tag,
	       c.v[5], c.tag);
	long sb = sum_big(c);
	printf("sum_big %ld, v[0] still %ld\n", sb, c.v[0]);
	CHECK_EQ(c.v[0], 0);
	CHECK_EQ(b.v[39], 39 * 39);

	union u x = { .d = 3.0 };
	union u y = flip(x);
	printf("union %g %016llx\n", y.d, (unsigned long long)y.u);

	double r = many((struct pair_d){ 1, 2 }, (struct pair_d){ 3, 4 },
			(struct pair_d){ 5, 6 }, (struct pair_d){ 7, 8 },
			(struct pair_d){ 9, 10 }, (struct small){ 11, 12 },
			(struct mixed){ 13.5f, 14 }, (struct three){ 15, 16, 17 });
	printf("many %g\n", r);
	CHECK(r == 1 + 4 + 5 + 8 + 9 + 10 + 11 + 12 + 13.5 + 14 + 15 + 16 + 17);

	struct big arr[3];
	for (int i = 0; i < 3; i++) {
		arr[i] = b;
		arr[i].v[0] = i;
	}
	arr[1] = arr[2];
	printf("assign %ld %ld %ld\n", arr[0].v[0], arr[1].v[0], arr[2].v[0]);
	printf("sizes %zu %zu %zu %zu %zu\n", sizeof(struct small),
	       sizeof(struct mixed), sizeof(struct mixed2), sizeof(struct big),
	       sizeof(union u));
	return finish();
}
