/*
 * fuzz_elf.c - libFuzzer target for the ELF validation path (elf_parse()
 * in loader/elf.c), which sees every byte of a hostile file before
 * anything is mapped.  Built by tests/fuzz/run.sh with
 * clang -fsanitize=fuzzer,address,undefined.
 *
 * It links loader/elf.c alone, so it supplies the arch registry: one
 * descriptor with riscv64's ELF facts (what elf_parse reads), standing in
 * for translate/guest/registry.c.
 *
 * A crash, a sanitizer report, or a result that breaks elf_parse's
 * promises (0 with a consistent image, or -ENOEXEC with one line) aborts.
 *
 * FUZZ_ELF_SEEDS=DIR: write a seed corpus of valid and nearly valid images
 * to DIR, check that the valid ones are accepted, and exit.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/loader.h"
#include "guest.h"

static const struct guest_arch fuzz_riscv64 = {
	.name = "riscv64", .elf_machine = EM_RISCV, .elf_class = ELFCLASS64,
	.elf_data = ELFDATA2LSB, .page_size = 4096,
};
const struct guest_arch *const guest_arches[] = { &fuzz_riscv64, NULL };

const struct guest_arch *guest_arch_by_elf(uint16_t machine, uint8_t cls,
					   uint8_t data)
{
	for (unsigned i = 0; guest_arches[i]; i++)
		if (guest_arches[i]->elf_machine == machine &&
		    guest_arches[i]->elf_class == cls &&
		    guest_arches[i]->elf_data == data)
			return guest_arches[i];
	return NULL;
}

static void check_image(const struct elf_image *img)
{
	gaddr_t limit = img->cls == ELFCLASS64 ? ELF_GUEST_LIMIT_64
					       : ELF_GUEST_LIMIT_32;
	bool entry_ok = false;

	if (!img->arch || !img->n_segs || img->hi > limit || img->lo >= img->hi)
		abort();
	for (unsigned i = 0; i < img->n_segs; i++) {
		const struct elf_seg *s = &img->segs[i];
		if (s->filesz > s->memsz ||
		    (s->filesz && s->offset + s->filesz > img->file_size))
			abort();
		if (s->vaddr < img->lo || s->vaddr + s->memsz > img->hi)
			abort();
		if (i && s->vaddr < s[-1].vaddr + s[-1].memsz)
			abort();
		if ((s->flags & PF_X) && img->entry >= s->vaddr &&
		    img->entry < s->vaddr + s->memsz)
			entry_ok = true;
	}
	if (!entry_ok)
		abort();
	if (img->interp && strlen(img->interp) == 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	char err[256];
	int r;

	err[0] = 0;
	r = elf_parse(&img, data, size, err, sizeof err);
	if (r == 0) {
		check_image(&img);
		elf_image_free(&img);
	} else if (r == -ENOEXEC) {
		if (!err[0] || strchr(err, '\n') || img.segs || img.interp)
			abort();
	} else if (r != -ENOMEM) {
		abort();
	}
	return 0;
}

/* ---- seeds -------------------------------------------------------- */

static void put(uint8_t *p, unsigned n, uint64_t v)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = v >> (8 * i);
}

/* A small static riscv64 program: text, data+bss, optional PT_INTERP. */
static size_t make_seed(uint8_t *b, unsigned type, bool interp)
{
	static const char path[] = "/lib/ld-linux-riscv64-lp64d.so.1";
	gaddr_t base = type == ET_DYN ? 0 : 0x10000;
	unsigned nph = interp ? 4 : 3;
	uint8_t *ph = b + 64;

	memset(b, 0, 0x1200);
	memcpy(b, ELFMAG, SELFMAG);
	b[EI_CLASS] = ELFCLASS64;
	b[EI_DATA] = ELFDATA2LSB;
	b[EI_VERSION] = EV_CURRENT;
	put(b + 16, 2, type);
	put(b + 18, 2, EM_RISCV);
	put(b + 20, 4, EV_CURRENT);
	put(b + 24, 8, base + 0x300);
	put(b + 32, 8, 64);
	put(b + 48, 4, 5);
	put(b + 52, 2, 64);
	put(b + 54, 2, 56);
	put(b + 56, 2, nph);
	for (unsigned i = 0; i < nph; i++, ph += 56) {
		static const uint32_t types[] = { PT_PHDR, PT_LOAD, PT_LOAD, PT_INTERP };
		static const uint32_t flags[] = { PF_R, PF_R | PF_X, PF_R | PF_W, PF_R };
		static const uint64_t off[] = { 64, 0, 0x1000, 0x280 };
		static const uint64_t va[] = { 64, 0, 0x2000, 0x280 };
		uint64_t fs[] = { 56 * nph, 0x1000, 0x100, sizeof path };
		uint64_t ms[] = { 56 * nph, 0x1000, 0x3000, sizeof path };

		put(ph, 4, types[i]);
		put(ph + 4, 4, flags[i]);
		put(ph + 8, 8, off[i]);
		put(ph + 16, 8, base + va[i]);
		put(ph + 24, 8, base + va[i]);
		put(ph + 32, 8, fs[i]);
		put(ph + 40, 8, ms[i]);
		put(ph + 48, 8, 0x1000);
	}
	memcpy(b + 0x280, path, sizeof path);
	memcpy(b + 0x300, "\x13\x05\xa0\x02\x93\x08\xd0\x05\x73\x00\x00\x00", 12);
	return 0x1100;
}

static int write_seeds(const char *dir)
{
	static uint8_t b[0x1200];
	static const struct { const char *name; unsigned type; bool interp; } s[] = {
		{ "exec", ET_EXEC, false }, { "dyn", ET_DYN, false },
		{ "interp", ET_EXEC, true },
	};

	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		size_t len = make_seed(b, s[i].type, s[i].interp);
		struct elf_image img;
		char path[4096], err[256];
		FILE *f;

		if (elf_parse(&img, b, len, err, sizeof err)) {
			fprintf(stderr, "seed %s rejected: %s\n", s[i].name, err);
			return 1;
		}
		elf_image_free(&img);
		snprintf(path, sizeof path, "%s/%s", dir, s[i].name);
		f = fopen(path, "wb");
		if (!f || fwrite(b, 1, len, f) != len || fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_ELF_SEEDS");

	if (dir)
		exit(write_seeds(dir));
	return 0;
}
