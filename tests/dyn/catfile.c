/*
 * catfile: copy each FILE argument to stdout (a cat that is a dynamic
 * riscv64 program, for looking at /proc files as the guest sees them).
 * Exit status 1 if a file cannot be read.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		char buf[4096];
		size_t n;

		if (!f) {
			perror(argv[i]);
			status = 1;
			continue;
		}
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			fwrite(buf, 1, n, stdout);
		fclose(f);
	}
	return status;
}
