/*
 * hashtable: an open-addressing hash map from strings to counters (linear
 * probing, resizing, tombstones on delete), fed with generated words;
 * then a chained hash map of integers.  A workload of unpredictable
 * branches, string compares and pointer chasing.
 */
#include "common.h"

struct slot {
	char *key;
	long val;
	int state;	/* 0 empty, 1 used, 2 deleted */
};

static struct slot *tab;
static size_t cap, used;

static uint64_t hstr(const char *s)
{
	return fnv1a(s, strlen(s));
}

static void grow(void);

static struct slot *find(const char *k, int insert)
{
	if (insert && (used + 1) * 10 > cap * 7)
		grow();
	size_t i = hstr(k) & (cap - 1);
	struct slot *tomb = NULL;

	for (;;) {
		struct slot *s = &tab[i];
		if (s->state == 0) {
			if (!insert)
				return NULL;
			if (tomb)
				s = tomb;
			s->key = strdup(k);
			s->val = 0;
			s->state = 1;
			used++;
			return s;
		}
		if (s->state == 2) {
			if (!tomb)
				tomb = s;
		} else if (!strcmp(s->key, k)) {
			return s;
		}
		i = (i + 1) & (cap - 1);
	}
}

static void grow(void)
{
	struct slot *old = tab;
	size_t oc = cap;

	cap = cap ? cap * 2 : 64;
	tab = calloc(cap, sizeof(*tab));
	used = 0;
	for (size_t i = 0; i < oc; i++) {
		if (old[i].state == 1) {
			struct slot *s = find(old[i].key, 1);
			s->val = old[i].val;
			free(old[i].key);
		}
	}
	free(old);
}

static void del(const char *k)
{
	struct slot *s = find(k, 0);

	if (s) {
		free(s->key);
		s->key = NULL;
		s->state = 2;
	}
}

struct node {
	long key, val;
	struct node *next;
};

int main(void)
{
	char w[16];
	long total = 0;

	for (int i = 0; i < 100000; i++) {
		int len = 1 + (int)(rng() % 4);
		for (int k = 0; k < len; k++)
			w[k] = (char)('a' + rng() % 12);
		w[len] = 0;
		find(w, 1)->val++;
		total++;
		if (i % 7 == 0) {
			w[0] = 'b';
			del(w);
		}
	}
	long sum = 0, distinct = 0, maxv = 0;
	uint64_t h = 0;
	for (size_t i = 0; i < cap; i++) {
		if (tab[i].state == 1) {
			distinct++;
			sum += tab[i].val;
			if (tab[i].val > maxv)
				maxv = tab[i].val;
			h ^= hstr(tab[i].key) * (uint64_t)tab[i].val;
		}
	}
	printf("words %ld distinct %ld counted %ld max %ld hash %016llx\n", total,
	       distinct, sum, maxv, (unsigned long long)h);
	struct slot *s = find("abc", 0);
	printf("abc -> %ld, zzz -> %s\n", s ? s->val : -1, find("zzz", 0) ? "found" : "absent");

	enum { NB = 1024 };
	static struct node *buckets[NB];
	static struct node pool[100000];
	int np = 0;
	for (int i = 0; i < 100000; i++) {
		long k = (long)(rng() % 50000);
		struct node **pp = &buckets[(unsigned long)k * 2654435761u % NB];
		while (*pp && (*pp)->key != k)
			pp = &(*pp)->next;
		if (*pp) {
			(*pp)->val += i;
		} else {
			struct node *n = &pool[np++];
			n->key = k;
			n->val = i;
			n->next = NULL;
			*pp = n;
		}
	}
	long longest = 0, ssum = 0;
	for (int b = 0; b < NB; b++) {
		long len = 0;
		for (struct node *n = buckets[b]; n; n = n->next) {
			len++;
			ssum += n->val ^ n->key;
		}
		if (len > longest)
			longest = len;
	}
	printf("chained: %d keys, longest chain %ld, checksum %ld\n", np, longest, ssum);
	return finish();
}
