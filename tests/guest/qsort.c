/*
 * qsort: glibc qsort (merge sort with an indirect comparison call per
 * step) of 100000 ints, of strings, and of structs with a multi-key
 * comparator; bsearch; a hand-written quicksort.  Checksums of the sorted
 * arrays print; sortedness is checked.
 */
#include "common.h"

#define N 100000

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct rec {
	unsigned key;
	short sub;
	char name[10];
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->sub != y->sub)
		return x->sub < y->sub ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void quicksort(long *a, long n)
{
	while (n > 16) {
		long p = a[n / 2], i = 0, j = n - 1;
		while (i <= j) {
			while (a[i] < p)
				i++;
			while (a[j] > p)
				j--;
			if (i <= j) {
				long t = a[i];
				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (j + 1 < n - i) {
			quicksort(a, j + 1);
			a += i;
			n -= i;
		} else {
			quicksort(a + i, n - i);
			n = j + 1;
		}
	}
	for (long i = 1; i < n; i++) {
		long v = a[i], k = i - 1;
		while (k >= 0 && a[k] > v) {
			a[k + 1] = a[k];
			k--;
		}
		a[k + 1] = v;
	}
}

int main(void)
{
	int *a = malloc(N * sizeof(int));
	for (int i = 0; i < N; i++)
		a[i] = (int)rng();
	qsort(a, N, sizeof(int), cmp_int);
	int sorted = 1;
	for (int i = 1; i < N; i++)
		sorted &= a[i - 1] <= a[i];
	CHECK(sorted);
	printf("ints: min %d median %d max %d hash %016llx\n", a[0], a[N / 2],
	       a[N - 1], (unsigned long long)fnv1a(a, N * sizeof(int)));
	int key = a[12345];
	int *found = bsearch(&key, a, N, sizeof(int), cmp_int);
	CHECK(found && *found == key);

	struct rec *r = calloc(20000, sizeof(*r));
	for (int i = 0; i < 20000; i++) {
		r[i].key = (unsigned)(rng() % 500);
		r[i].sub = (short)(rng() % 7 - 3);
		snprintf(r[i].name, sizeof(r[i].name), "n%u", (unsigned)(rng() % 100000));
	}
	qsort(r, 20000, sizeof(*r), cmp_rec);
	uint64_t h = 0;
	for (int i = 0; i < 20000; i++) {
		h = mix64(h, r[i].key * 31 + (unsigned)r[i].sub);
		h = mix64(h, fnv1a(r[i].name, strlen(r[i].name)));
		if (i)
			CHECK(cmp_rec(&r[i - 1], &r[i]) <= 0);
	}
	printf("records: first %u/%d/%s last %u/%d/%s hash %016llx\n", r[0].key,
	       r[0].sub, r[0].name, r[19999].key, r[19999].sub, r[19999].name,
	       (unsigned long long)h);

	static char pool[5000][12];
	char **s = malloc(5000 * sizeof(char *));
	for (int i = 0; i < 5000; i++) {
		int len = 1 + (int)(rng() % 10);
		for (int k = 0; k < len; k++)
			pool[i][k] = (char)('a' + rng() % 26);
		pool[i][len] = 0;
		s[i] = pool[i];
	}
	qsort(s, 5000, sizeof(char *), cmp_str);
	h = 0;
	for (int i = 0; i < 5000; i++)
		h = mix64(h, fnv1a(s[i], strlen(s[i])));
	printf("strings: %s .. %s hash %016llx\n", s[0], s[4999],
	       (unsigned long long)h);

	long *q = malloc(N * sizeof(long));
	for (int i = 0; i < N; i++)
		q[i] = (long)(rng() % 1000) - 500;	/* many duplicates */
	quicksort(q, N);
	sorted = 1;
	for (int i = 1; i < N; i++)
		sorted &= q[i - 1] <= q[i];
	CHECK(sorted);
	printf("quicksort: %ld %ld %ld hash %016llx\n", q[0], q[N / 2], q[N - 1],
	       (unsigned long long)fnv1a(q, N * sizeof(long)));
	free(a);
	free(r);
	free(s);
	free(q);
	return finish();
}
