/*
 * stdio: buffered I/O on a temporary file: fwrite/fread of binary records,
 * fseek/ftell/rewind, ungetc, getc/putc loops, setvbuf modes (full, line,
 * none) with identical results, fscanf, tmpfile, and feof/ferror.
 */
#include "common.h"

struct rec {
	int id;
	double v;
	char tag[8];
};

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	static const int modes[3] = { _IOFBF, _IOLBF, _IONBF };
	uint64_t hashes[3];

	snprintf(path, sizeof(path), "%s/warp-stdio-%d", tmp ? tmp : "/tmp", 1);
	for (int m = 0; m < 3; m++) {
		FILE *f = fopen(path, "w+b");
		CHECK(f != NULL);
		static char vbuf[4096];
		setvbuf(f, modes[m] == _IONBF ? NULL : vbuf, modes[m], sizeof(vbuf));
		for (int i = 0; i < 500; i++) {
			struct rec r = { i, i * 0.5, "rec" };
			r.tag[3] = (char)('0' + i % 10);
			CHECK_EQ(fwrite(&r, sizeof(r), 1, f), 1);
			if (i % 50 == 0)
				fprintf(f, "\n");
		}
		long end = ftell(f);
		rewind(f);
		uint64_t h = 0;
		int c, n = 0;
		while ((c = getc(f)) != EOF) {
			h = mix64(h, (uint64_t)c);
			n++;
		}
		CHECK(feof(f) && !ferror(f));
		CHECK_EQ(n, end);
		/* records at known offsets */
		struct rec r;
		fseek(f, 0, SEEK_SET);
		CHECK_EQ(fread(&r, sizeof(r), 1, f), 1);
		CHECK(getc(f) == '\n');
		CHECK_EQ(fread(&r, sizeof(r), 1, f), 1);
		printf("mode %d: size %ld, second record %d %g %.4s\n", m, end, r.id,
		       r.v, r.tag);
		ungetc('Q', f);
		CHECK(getc(f) == 'Q');
		fclose(f);
		hashes[m] = h;
	}
	CHECK(hashes[0] == hashes[1] && hashes[1] == hashes[2]);
	printf("content hash %016llx\n", (unsigned long long)hashes[0]);

	FILE *f = fopen(path, "w");
	fprintf(f, "12 apples and 3.5 pears\nname: %s\n", "warp");
	fclose(f);
	f = fopen(path, "r");
	int a;
	double p;
	char fruit[16], name[16];
	int n = fscanf(f, "%d %15s and %lf pears name: %15s", &a, fruit, &p, name);
	printf("fscanf %d: %d %s %g %s\n", n, a, fruit, p, name);
	fclose(f);
	remove(path);

	FILE *t = tmpfile();
	CHECK(t != NULL);
	for (int i = 0; i < 10000; i++)
		putc('a' + i % 26, t);
	fseek(t, 9999, SEEK_SET);
	int last = getc(t);
	printf("tmpfile last char %c, pos %ld\n", last, ftell(t));
	fclose(t);

	fputs("to stderr (not compared)\n", stderr);
	puts("puts adds a newline");
	putchar('!');
	putchar('\n');
	return finish();
}
