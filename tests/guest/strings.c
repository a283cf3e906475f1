/*
 * strings: memcpy, memmove (both directions, overlapping), memset,
 * memcmp, strlen, strcpy, strcmp, strchr, strrchr, strstr, memchr at every
 * source and destination alignment 0..15 and lengths 0..300, checked
 * against byte-by-byte reference loops (glibc's versions read words and
 * may read past the end within a page).  Guard bytes around each buffer
 * must not change.
 */
#include "common.h"

#define SZ 1024

static unsigned char src[SZ], dst[SZ], ref[SZ];

static void ref_move(unsigned char *d, const unsigned char *s, size_t n)
{
	unsigned char tmp[SZ];

	for (size_t i = 0; i < n; i++)
		tmp[i] = s[i];
	for (size_t i = 0; i < n; i++)
		d[i] = tmp[i];
}

int main(void)
{
	int bad = 0;
	uint64_t h = 0;

	for (int i = 0; i < SZ; i++)
		src[i] = (unsigned char)(rng() | 1);	/* no NULs */
	for (int sa = 0; sa < 16; sa++) {
		for (int da = 0; da < 16; da++) {
			for (size_t n = 0; n <= 300; n += (n < 40 ? 1 : 37)) {
				memset(dst, 0x5a, SZ);
				memset(ref, 0x5a, SZ);
				memcpy(dst + 64 + da, src + sa, n);
				ref_move(ref + 64 + da, src + sa, n);
				bad += memcmp(dst, ref, SZ) != 0;
				/* overlapping moves, both directions */
				memcpy(dst, src, SZ);
				memcpy(ref, src, SZ);
				memmove(dst + 100 + da, dst + 100 + sa, n);
				ref_move(ref + 100 + da, ref + 100 + sa, n);
				bad += memcmp(dst, ref, SZ) != 0;
				memset(dst + 200 + da, sa, n);
				for (size_t k = 0; k < n; k++)
					ref[200 + da + k] = (unsigned char)sa;
				bad += memcmp(dst, ref, SZ) != 0;
			}
		}
	}
	printf("mem* alignment sweep: bad %d\n", bad);
	CHECK_EQ(bad, 0);

	/* string functions on strings of every length at every alignment */
	static char buf[SZ], copy[SZ];
	for (int a = 0; a < 16; a++) {
		for (int len = 0; len < 200; len++) {
			char *s = buf + a;
			memset(buf, 'x', SZ);
			for (int k = 0; k < len; k++)
				s[k] = (char)('a' + (k * 7 + a) % 26);
			s[len] = 0;
			size_t l = strlen(s);
			bad += l != (size_t)len;
			char *c = copy + (a * 3) % 16;
			strcpy(c, s);
			bad += strcmp(c, s) != 0;
			bad += memcmp(c, s, len + 1) != 0;
			char *p = strchr(s, 'q');
			char *rp = strrchr(s, 'q');
			char *m = memchr(s, 'z', len);
			h = mix64(h, p ? (uint64_t)(p - s) : 999);
			h = mix64(h, rp ? (uint64_t)(rp - s) : 999);
			h = mix64(h, m ? (uint64_t)(m - s) : 999);
			bad += strchr(s, 0) != s + len;
			if (len > 5) {
				char needle[4];
				memcpy(needle, s + len - 4, 3);
				needle[3] = 0;
				char *f = strstr(s, needle);
				bad += f == NULL || f > s + len - 4;
				h = mix64(h, (uint64_t)(f - s));
				c[len / 2] = 'A';
				int cmp = strcmp(c, s), ncmp = strncmp(c, s, len / 2);
				bad += !(cmp < 0) || ncmp != 0;
			}
		}
	}
	printf("str* sweep: bad %d hash %016llx\n", bad, (unsigned long long)h);
	CHECK_EQ(bad, 0);
	printf("strcmp signs: %d %d %d\n", strcmp("abc", "abd") < 0,
	       strcmp("b", "a") > 0, strcmp("\xff", "a") > 0);
	printf("strspn %zu strcspn %zu strpbrk %s\n", strspn("aabbcxd", "ab"),
	       strcspn("hello, world", " ,"), strpbrk("find-me!", "-!"));
	char tok[] = "a,b;;c,,d";
	int ntok = 0;
	for (char *t = strtok(tok, ",;"); t; t = strtok(NULL, ",;"))
		printf("tok[%d]=%s ", ntok++, t);
	printf("\n");
	char dup[32];
	snprintf(dup, sizeof(dup), "%s", "duplicate me");
	char *d2 = strdup(dup);
	printf("strdup %s strndup %s\n", d2, strndup(dup, 4));
	free(d2);
	return finish();
}
