/*
 * bigint: arbitrary-precision arithmetic on 32-bit limbs (carries through
 * 64-bit intermediates) and 64-bit limbs (carries via __int128 and
 * compare-based carry detection): 1000!, 2^4423-1 (a Mersenne prime)
 * printed in decimal, Fibonacci(10000), and a modular exponentiation.
 */
#include "common.h"

#define MAXL 4096

struct big {
	int n;
	uint32_t d[MAXL];
};

static void set_u(struct big *a, uint32_t v)
{
	a->n = v ? 1 : 0;
	a->d[0] = v;
}

static void mul_small(struct big *a, uint32_t m)
{
	uint64_t carry = 0;

	for (int i = 0; i < a->n; i++) {
		uint64_t t = (uint64_t)a->d[i] * m + carry;
		a->d[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry)
		a->d[a->n++] = (uint32_t)carry;
}

static void add(struct big *r, const struct big *a, const struct big *b)
{
	uint64_t carry = 0;
	int n = a->n > b->n ? a->n : b->n;

	for (int i = 0; i < n; i++) {
		uint64_t t = carry;
		if (i < a->n)
			t += a->d[i];
		if (i < b->n)
			t += b->d[i];
		r->d[i] = (uint32_t)t;
		carry = t >> 32;
	}
	r->n = n;
	if (carry)
		r->d[r->n++] = (uint32_t)carry;
}

static uint32_t div_small(struct big *a, uint32_t m)
{
	uint64_t rem = 0;

	for (int i = a->n - 1; i >= 0; i--) {
		uint64_t t = rem << 32 | a->d[i];
		a->d[i] = (uint32_t)(t / m);
		rem = t % m;
	}
	while (a->n && !a->d[a->n - 1])
		a->n--;
	return (uint32_t)rem;
}

/* decimal digits, plus their count and a hash */
static void show(const char *name, const struct big *v)
{
	static struct big t;
	static char digits[MAXL * 10 + 1];
	int k = 0;

	t = *v;
	if (!t.n)
		digits[k++] = '0';
	while (t.n) {
		uint32_t chunk = div_small(&t, 1000000000u);
		for (int j = 0; j < 9 && (t.n || chunk); j++) {
			digits[k++] = (char)('0' + chunk % 10);
			chunk /= 10;
		}
	}
	for (int i = 0; i < k / 2; i++) {
		char c = digits[i];
		digits[i] = digits[k - 1 - i];
		digits[k - 1 - i] = c;
	}
	digits[k] = 0;
	printf("%s: %d digits, %.30s...%s hash %016llx\n", name, k, digits,
	       digits + (k > 20 ? k - 20 : 0),
	       (unsigned long long)fnv1a(digits, (size_t)k));
}

/* 64-bit limbs: r = a * b mod m with m < 2^63, by __int128 */
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m)
{
	return (uint64_t)((unsigned __int128)a * b % m);
}

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m)
{
	uint64_t r = 1;

	b %= m;
	while (e) {
		if (e & 1)
			r = mulmod(r, b, m);
		b = mulmod(b, b, m);
		e >>= 1;
	}
	return r;
}

/* 64-bit limb addition with carry detection by comparison (sltu) */
static void add64(uint64_t *r, const uint64_t *a, const uint64_t *b, int n)
{
	uint64_t c = 0;

	for (int i = 0; i < n; i++) {
		uint64_t s = a[i] + c;
		c = s < c;
		r[i] = s + b[i];
		c += r[i] < s;
	}
}

int main(void)
{
	static struct big f, a, b, c;

	set_u(&f, 1);
	for (uint32_t i = 2; i <= 1000; i++)
		mul_small(&f, i);
	show("1000!", &f);

	set_u(&f, 1);
	for (int i = 0; i < 4423; i++)
		mul_small(&f, 2);
	f.d[0] -= 1;
	show("2^4423-1", &f);

	set_u(&a, 0);
	set_u(&b, 1);
	for (int i = 0; i < 10000; i++) {
		add(&c, &a, &b);
		a = b;
		b = c;
	}
	show("fib(10000)", &a);

	uint64_t p = 0x7fffffffffffffe7ull;	/* a prime below 2^63 */
	printf("powmod(3, p-1, p) = %llu (Fermat)\n",
	       (unsigned long long)powmod(3, p - 1, p));
	CHECK_EQ(powmod(3, p - 1, p), 1);
	printf("powmod(2, 10^18, 1e9+7) = %llu\n",
	       (unsigned long long)powmod(2, 1000000000000000000ull, 1000000007));

	uint64_t x[8], y[8], z[8];
	for (int i = 0; i < 8; i++) {
		x[i] = ~0ull - (uint64_t)i;
		y[i] = (uint64_t)i + 1;
	}
	add64(z, x, y, 8);
	printf("add64:");
	for (int i = 0; i < 8; i++)
		printf(" %llx", (unsigned long long)z[i]);
	printf("\n");
	return finish();
}
