/*
 * tests/unit/elf.c - unit tests of the loader: ELF validation on crafted
 * headers (one valid image, then one corruption per rule), loading into
 * the address space, the option parser, the initial stack (built into a
 * buffer and walked), and the man page listing every option.
 *
 * Images are crafted here field by field, for both classes and byte
 * orders, so each test says exactly which rule it breaks.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/loader.h"
#include "guest.h"
#include "tb.h"

/* ---- crafting ELF files ------------------------------------------- */

#define FILE_LEN 0x2000
#define TEXT_VA 0x10000ull
#define DATA_VA 0x21000ull
#define DATA_OFF 0x1000
#define DATA_FILESZ 0x100
#define DATA_MEMSZ 0x2345
#define ENTRY (TEXT_VA + 0x200)
#define PHOFF 64

struct mk {
	uint8_t *b;
	int cls;
	bool be;
	uint64_t phoff;
};

static void put(uint8_t *p, unsigned n, bool be, uint64_t v)
{
	for (unsigned i = 0; i < n; i++)
		p[be ? n - 1 - i : i] = v >> (8 * i);
}

#define EH(m, f, v) do {                                                     \
	if ((m)->cls == ELFCLASS64)                                          \
		put((m)->b + offsetof(Elf64_Ehdr, f),                        \
		    sizeof(((Elf64_Ehdr *)0)->f), (m)->be, (v));             \
	else                                                                 \
		put((m)->b + offsetof(Elf32_Ehdr, f),                        \
		    sizeof(((Elf32_Ehdr *)0)->f), (m)->be, (v));             \
} while (0)

#define PH(m, i, f, v) do {                                                  \
	if ((m)->cls == ELFCLASS64)                                          \
		put((m)->b + (m)->phoff + (i) * sizeof(Elf64_Phdr) +         \
		    offsetof(Elf64_Phdr, f), sizeof(((Elf64_Phdr *)0)->f),   \
		    (m)->be, (v));                                           \
	else                                                                 \
		put((m)->b + (m)->phoff + (i) * sizeof(Elf32_Phdr) +         \
		    offsetof(Elf32_Phdr, f), sizeof(((Elf32_Phdr *)0)->f),   \
		    (m)->be, (v));                                           \
} while (0)

static void set_ph(struct mk *m, unsigned i, unsigned type, unsigned flags,
		   uint64_t off, uint64_t va, uint64_t filesz, uint64_t memsz)
{
	PH(m, i, p_type, type);
	PH(m, i, p_flags, flags);
	PH(m, i, p_offset, off);
	PH(m, i, p_vaddr, va);
	PH(m, i, p_paddr, va);
	PH(m, i, p_filesz, filesz);
	PH(m, i, p_memsz, memsz);
	PH(m, i, p_align, 0x1000);
}

/*
 * The valid image: text (R+X) at TEXT_VA from offset 0, data (R+W) at
 * DATA_VA from DATA_OFF with bss spanning pages, PT_GNU_STACK.  The file
 * continues past the data with 0xaa bytes, which must not leak into bss.
 */
static struct mk make_elf(uint8_t *b, int cls, bool be, unsigned machine)
{
	struct mk m = { b, cls, be, PHOFF };
	bool is64 = cls == ELFCLASS64;

	memset(b, 0, FILE_LEN);
	for (unsigned i = 0x300; i < 0x1000; i++)
		b[i] = i * 7;
	for (unsigned i = DATA_OFF; i < DATA_OFF + DATA_FILESZ; i++)
		b[i] = 0x55;
	memset(b + DATA_OFF + DATA_FILESZ, 0xaa, FILE_LEN - DATA_OFF - DATA_FILESZ);
	memcpy(b, ELFMAG, SELFMAG);
	b[EI_CLASS] = cls;
	b[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
	b[EI_VERSION] = EV_CURRENT;
	EH(&m, e_type, ET_EXEC);
	EH(&m, e_machine, machine);
	EH(&m, e_version, EV_CURRENT);
	EH(&m, e_entry, ENTRY);
	EH(&m, e_phoff, PHOFF);
	EH(&m, e_flags, 0x5);           /* RVC, double-float ABI */
	EH(&m, e_ehsize, is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr));
	EH(&m, e_phentsize, is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr));
	EH(&m, e_phnum, 3);
	set_ph(&m, 0, PT_LOAD, PF_R | PF_X, 0, TEXT_VA, 0x1000, 0x1000);
	set_ph(&m, 1, PT_LOAD, PF_R | PF_W, DATA_OFF, DATA_VA, DATA_FILESZ, DATA_MEMSZ);
	set_ph(&m, 2, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	return m;
}

static uint8_t img_buf[FILE_LEN];
static char err[512];

static int parse(struct elf_image *img, size_t len)
{
	err[0] = 0;
	return elf_parse(img, img_buf, len, err, sizeof err);
}

/* ---- valid images ------------------------------------------------- */

START_TEST(valid_exec)
{
	struct elf_image img;

	make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	ck_assert_int_eq(parse(&img, FILE_LEN), 0);
	ck_assert_ptr_nonnull(img.arch);
	ck_assert_int_eq(img.arch->elf_machine, EM_RISCV);
	ck_assert_int_eq(img.type, ET_EXEC);
	ck_assert_uint_eq(img.entry, ENTRY);
	ck_assert_uint_eq(img.n_segs, 2);
	ck_assert_uint_eq(img.segs[0].vaddr, TEXT_VA);
	ck_assert_uint_eq(img.segs[1].vaddr, DATA_VA);
	ck_assert_uint_eq(img.segs[1].filesz, DATA_FILESZ);
	ck_assert_uint_eq(img.segs[1].memsz, DATA_MEMSZ);
	ck_assert_uint_eq(img.segs[1].flags, PF_R | PF_W);
	ck_assert_uint_eq(img.phdr, TEXT_VA + PHOFF);   /* from the text PT_LOAD */
	ck_assert_uint_eq(img.phnum, 3);
	ck_assert_uint_eq(img.phent, sizeof(Elf64_Phdr));
	ck_assert_uint_eq(img.lo, TEXT_VA);
	ck_assert_uint_eq(img.hi, ALIGN_UP(DATA_VA + DATA_MEMSZ, 0x1000));
	ck_assert_ptr_null(img.interp);
	ck_assert(!img.exec_stack);
	elf_image_free(&img);
}
END_TEST

START_TEST(valid_variants)
{
	struct elf_image img;
	struct mk m = make_elf(img_buf, ELFCLASS64, false, EM_RISCV);

	/* PT_PHDR wins over the computed address */
	set_ph(&m, 2, PT_PHDR, PF_R, PHOFF, TEXT_VA + 0x40, 3 * 56, 3 * 56);
	ck_assert_int_eq(parse(&img, FILE_LEN), 0);
	ck_assert_uint_eq(img.phdr, TEXT_VA + 0x40);
	elf_image_free(&img);

	/* a damaged section table does not matter, as for the kernel */
	m = make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	EH(&m, e_shoff, 0xffffffffffull);
	EH(&m, e_shnum, 1000);
	EH(&m, e_shstrndx, 999);
	ck_assert_int_eq(parse(&img, FILE_LEN), 0);
	elf_image_free(&img);

	/* PT_LOADs out of order are sorted */
	m = make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	set_ph(&m, 0, PT_LOAD, PF_R | PF_W, DATA_OFF, DATA_VA, DATA_FILESZ, DATA_MEMSZ);
	set_ph(&m, 1, PT_LOAD, PF_R | PF_X, 0, TEXT_VA, 0x1000, 0x1000);
	ck_assert_int_eq(parse(&img, FILE_LEN), 0);
	ck_assert_uint_eq(img.segs[0].vaddr, TEXT_VA);
	elf_image_free(&img);

	/* static-pie: ET_DYN at 0 */
	m = make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	EH(&m, e_type, ET_DYN);
	EH(&m, e_entry, 0x200);
	set_ph(&m, 0, PT_LOAD, PF_R | PF_X, 0, 0, 0x1000, 0x1000);
	set_ph(&m, 1, PT_LOAD, PF_R | PF_W, DATA_OFF, 0x11000, DATA_FILESZ, DATA_MEMSZ);
	ck_assert_int_eq(parse(&img, FILE_LEN), 0);
	ck_assert_int_eq(img.type, ET_DYN);
	ck_assert_uint_eq(img.lo, 0);
	ck_assert_uint_eq(img.phdr, PHOFF);
	elf_image_free(&img);

	/* PT_INTERP is reported, not refused, by the parser */
	m = make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	strcpy((char *)img_buf + 0x280, "/lib/ld-linux-riscv64-lp64d.so.1");
	set_ph(&m, 2, PT_INTERP, PF_R, 0x280, TEXT_VA + 0x280, 33, 33);
	ck_assert_int_eq(parse(&img, FILE_LEN), 0);
	ck_assert_str_eq(img.interp, "/lib/ld-linux-riscv64-lp64d.so.1");
	elf_image_free(&img);

	/* an executable stack is noted */
	m = make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	PH(&m, 2, p_flags, PF_R | PF_W | PF_X);
	ck_assert_int_eq(parse(&img, FILE_LEN), 0);
	ck_assert(img.exec_stack);
	elf_image_free(&img);
}
END_TEST

/* ---- one broken rule each ----------------------------------------- */

struct bad_case {
	const char *name;
	void (*corrupt)(struct mk *m, size_t *len);
	const char *expect;         /* substring of the message */
};

#define BAD(fn) static void fn(struct mk *m, size_t *len)

BAD(c_empty) { *len = 0; }
BAD(c_script) { memcpy(m->b, "#!/bin/sh\necho hi\n", 18); *len = 18; }
BAD(c_text) { memcpy(m->b, "hello, world\n", 13); *len = 13; }
BAD(c_pe) { memcpy(m->b, "MZ\x90\0", 4); }
BAD(c_macho) { memcpy(m->b, "\xcf\xfa\xed\xfe", 4); }
BAD(c_short_magic) { *len = 3; }
BAD(c_short_ident) { *len = 10; }
BAD(c_class) { m->b[EI_CLASS] = 3; }
BAD(c_data) { m->b[EI_DATA] = 0; }
BAD(c_version) { m->b[EI_VERSION] = 0; }
BAD(c_short_header) { *len = 40; }
BAD(c_rel) { EH(m, e_type, ET_REL); }
BAD(c_core) { EH(m, e_type, ET_CORE); }
BAD(c_type) { EH(m, e_type, 0x1234); }
BAD(c_x86) { EH(m, e_machine, EM_X86_64); }
BAD(c_machine) { EH(m, e_machine, 0x7777); }
BAD(c_rv32) { make_elf(m->b, ELFCLASS32, false, EM_RISCV); }
BAD(c_rv64be) { make_elf(m->b, ELFCLASS64, true, EM_RISCV); }
BAD(c_phentsize) { EH(m, e_phentsize, 55); }
BAD(c_phnum0) { EH(m, e_phnum, 0); }
BAD(c_phnum_huge) { EH(m, e_phnum, 2000); }
BAD(c_phnum_xnum) { EH(m, e_phnum, 0xffff); }
BAD(c_ph_past_eof) { EH(m, e_phoff, FILE_LEN - 100); }
BAD(c_ph_off_huge) { EH(m, e_phoff, 0xfffffffffffffff0ull); }
BAD(c_filesz) { PH(m, 1, p_filesz, DATA_MEMSZ + 1); }
BAD(c_seg_past_eof) { PH(m, 1, p_filesz, FILE_LEN); }
BAD(c_seg_off_huge) { PH(m, 1, p_offset, 0xfffffffffffff000ull); }
BAD(c_truncated) { *len = DATA_OFF + 0x80; }
BAD(c_vaddr_wrap) { PH(m, 1, p_vaddr, 0xfffffffffffff000ull); PH(m, 1, p_offset, 0); }
BAD(c_vaddr_high) { PH(m, 1, p_vaddr, (1ull << 47) - 0x1000); }
BAD(c_memsz_huge) { PH(m, 1, p_memsz, 1ull << 62); }
BAD(c_misaligned) { PH(m, 1, p_offset, DATA_OFF + 8); }
BAD(c_overlap) { PH(m, 1, p_vaddr, TEXT_VA); }
BAD(c_overlap_part) { PH(m, 0, p_memsz, DATA_VA - TEXT_VA + 1); }
BAD(c_no_load) { PH(m, 0, p_type, PT_NOTE); PH(m, 1, p_type, PT_NOTE); }
BAD(c_empty_loads)
{
	PH(m, 0, p_filesz, 0); PH(m, 0, p_memsz, 0);
	PH(m, 1, p_filesz, 0); PH(m, 1, p_memsz, 0);
}
BAD(c_entry_data) { EH(m, e_entry, DATA_VA + 0x10); }
BAD(c_entry_zero) { EH(m, e_entry, 0); }
BAD(c_entry_end) { EH(m, e_entry, TEXT_VA + 0x1000); }
BAD(c_interp_unterminated)
{
	memset(m->b + 0x280, 'x', 40);
	set_ph(m, 2, PT_INTERP, PF_R, 0x280, TEXT_VA + 0x280, 20, 20);
}
BAD(c_interp_past_eof) { set_ph(m, 2, PT_INTERP, PF_R, FILE_LEN - 4, 0, 40, 40); }
BAD(c_interp_empty) { set_ph(m, 2, PT_INTERP, PF_R, 0x280, 0, 1, 1); }
BAD(c_interp_twice)
{
	strcpy((char *)m->b + 0x280, "/lib/ld.so");
	EH(m, e_phnum, 4);
	set_ph(m, 2, PT_INTERP, PF_R, 0x280, TEXT_VA + 0x280, 11, 11);
	set_ph(m, 3, PT_INTERP, PF_R, 0x280, TEXT_VA + 0x280, 11, 11);
}

static const struct bad_case bad_cases[] = {
	{ "empty", c_empty, "empty file, not an ELF file" },
	{ "script", c_script, "scripts are not supported yet" },
	{ "text", c_text, "not an ELF file" },
	{ "pe", c_pe, "Windows (PE) program: not an ELF file" },
	{ "macho", c_macho, "Mach-O file" },
	{ "short magic", c_short_magic, "truncated ELF file (3 bytes)" },
	{ "short ident", c_short_ident, "truncated ELF file (10 bytes)" },
	{ "class", c_class, "invalid ELF class 3" },
	{ "data", c_data, "invalid ELF byte order 0" },
	{ "version", c_version, "unknown ELF version 0" },
	{ "short header", c_short_header, "the ELF header needs 64 bytes, the file has 40" },
	{ "ET_REL", c_rel, "relocatable object file (.o)" },
	{ "ET_CORE", c_core, "core dump" },
	{ "type", c_type, "unknown ELF file type 4660" },
	{ "x86-64", c_x86, "ELF for x86-64, which warp does not emulate (supported: " },
	{ "machine", c_machine, "ELF for machine 30583, which warp does not emulate" },
	{ "rv32", c_rv32, "ELF for 32-bit little-endian RISC-V, which warp does not emulate" },
	{ "rv64be", c_rv64be, "ELF for 64-bit big-endian RISC-V, which warp does not emulate" },
	{ "phentsize", c_phentsize, "program header entry size 55 is wrong (expected 56)" },
	{ "phnum 0", c_phnum0, "no program headers" },
	{ "phnum huge", c_phnum_huge, "too many program headers (2000)" },
	{ "phnum PN_XNUM", c_phnum_xnum, "too many program headers (65535)" },
	{ "phdrs past EOF", c_ph_past_eof, "truncated ELF file: the program headers end at byte" },
	{ "phoff huge", c_ph_off_huge, "truncated ELF file: the program headers end" },
	{ "filesz > memsz", c_filesz, "program header 1: file size 0x2346 is larger than memory size 0x2345" },
	{ "segment past EOF", c_seg_past_eof, "truncated ELF file: segment 1 ends at byte 12288, the file has 8192 bytes" },
	{ "segment offset huge", c_seg_off_huge, "truncated ELF file: segment 1 ends" },
	{ "truncated data", c_truncated, "truncated ELF file: segment 1 ends at byte 4352, the file has 4224 bytes" },
	{ "vaddr wraps", c_vaddr_wrap, "program header 1: segment 0xfffffffffffff000+0x2345 lies outside the guest address space" },
	{ "vaddr beyond 47 bits", c_vaddr_high, "lies outside the guest address space (0 to 0x800000000000)" },
	{ "memsz huge", c_memsz_huge, "lies outside the guest address space" },
	{ "misaligned offset", c_misaligned, "program header 1: offset 0x1008 and address 0x21000 differ modulo the page size 0x1000" },
	{ "overlap", c_overlap, "segments at 0x10000 and 0x10000 overlap" },
	{ "overlap partly", c_overlap_part, "segments at 0x10000 and 0x21000 overlap" },
	{ "no PT_LOAD", c_no_load, "no loadable segments (PT_LOAD)" },
	{ "empty PT_LOADs", c_empty_loads, "no loadable segments (PT_LOAD)" },
	{ "entry in data", c_entry_data, "entry point 0x21010 is not inside an executable segment" },
	{ "entry 0", c_entry_zero, "entry point 0x0 is not inside an executable segment" },
	{ "entry at end", c_entry_end, "entry point 0x11000 is not inside" },
	{ "interp unterminated", c_interp_unterminated, "the interpreter path (PT_INTERP) is not a NUL-terminated path" },
	{ "interp past EOF", c_interp_past_eof, "truncated ELF file: the interpreter path" },
	{ "interp empty", c_interp_empty, "is not a NUL-terminated path" },
	{ "interp twice", c_interp_twice, "more than one interpreter (PT_INTERP)" },
};

START_TEST(bad_elf)
{
	const struct bad_case *c = &bad_cases[_i];
	struct mk m = make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	struct elf_image img;
	size_t len = FILE_LEN;

	c->corrupt(&m, &len);
	ck_assert_msg(parse(&img, len) == -ENOEXEC, "%s: accepted", c->name);
	ck_assert_msg(strstr(err, c->expect), "%s: message '%s' lacks '%s'",
		      c->name, err, c->expect);
	ck_assert_msg(!strchr(err, '\n'), "%s: message is not one line", c->name);
	ck_assert_ptr_null(img.segs);
	ck_assert_ptr_null(img.interp);
}
END_TEST

/* Random damage: never a crash, always 0 or one line of ENOEXEC. */
START_TEST(random_damage)
{
	uint64_t x = 0x243f6a8885a308d3ull;
	unsigned accepted = 0;

	for (unsigned round = 0; round < 20000; round++) {
		struct elf_image img;
		size_t len = FILE_LEN;
		int r;

		make_elf(img_buf, ELFCLASS64, round & 1, EM_RISCV);
		if (round & 1)          /* a valid big-endian header, too */
			img_buf[EI_DATA] = ELFDATA2MSB;
		for (unsigned k = 0; k < 1 + round % 8; k++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			img_buf[(x >> 8) % (PHOFF + 3 * 56)] = x >> 40;
		}
		if (round % 5 == 0)
			len = (x >> 20) % FILE_LEN;
		r = parse(&img, len);
		ck_assert_msg(r == 0 || r == -ENOEXEC, "round %u: %d", round, r);
		if (r == 0) {
			accepted++;
			ck_assert_uint_gt(img.n_segs, 0);
			ck_assert_uint_le(img.hi, 1ull << 47);
			elf_image_free(&img);
		} else {
			ck_assert(err[0] && !strchr(err, '\n'));
		}
	}
	ck_assert_uint_gt(accepted, 0);
}
END_TEST

/* ---- files and mapping -------------------------------------------- */

/* made by main() before the tests fork, removed after */
static char tmpdir[] = "/tmp/warp-elf-test-XXXXXX";
static bool have_tmpdir;

static const char *write_file(const char *name, const void *data, size_t len)
{
	static char path[256];
	int fd;

	ck_assert(have_tmpdir);
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

START_TEST(open_errors)
{
	struct elf_image img;
	int fd;

	ck_assert_int_eq(elf_open("/nonexistent/warp-test", &img, &fd, err, sizeof err), 127);
	ck_assert_str_eq(err, "No such file or directory");
	ck_assert_int_eq(elf_open("/", &img, &fd, err, sizeof err), 126);
	ck_assert_str_eq(err, "Is a directory");
	ck_assert_int_eq(elf_open("/dev/null", &img, &fd, err, sizeof err), 126);
	ck_assert_str_eq(err, "not a regular file");
	ck_assert_int_eq(elf_open(write_file("empty", "", 0), &img, &fd, err,
				  sizeof err), 126);
	ck_assert_str_eq(err, "empty file, not an ELF file");
	ck_assert_int_eq(elf_open("/etc/passwd/x", &img, &fd, err, sizeof err), 126);
	ck_assert_str_eq(err, "Not a directory");
}
END_TEST

static struct process *load(const char *path, struct elf_image *img)
{
	struct process *proc = calloc(1, sizeof *proc);
	int fd;

	ck_assert_int_eq(elf_open(path, img, &fd, err, sizeof err), 0);
	ck_assert_msg(mm_load(proc, img, fd, 1 << 20, err, sizeof err) == 0, "%s", err);
	close(fd);
	return proc;
}

/* The protection of the host mapping holding ADDR, from /proc/self/maps. */
static const char *prot_at(uintptr_t addr)
{
	static char perms[8];
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	perms[0] = 0;
	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 &&
		    addr >= lo && addr < hi)
			break;
		perms[0] = 0;
	}
	if (f)
		fclose(f);
	return perms;
}

START_TEST(load_exec)
{
	struct elf_image img;
	struct process *proc;
	uint8_t *text, *data;

	make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	proc = load(write_file("exec", img_buf, FILE_LEN), &img);
	ck_assert_uint_eq(proc->load_bias, 0);
	ck_assert_uint_eq(proc->entry, ENTRY);
	ck_assert_uint_eq(proc->phdr, TEXT_VA + PHOFF);
	ck_assert_uint_eq(proc->brk_start, ALIGN_UP(DATA_VA + DATA_MEMSZ, 0x1000));
	ck_assert_uint_eq(proc->brk_cur, proc->brk_start);
	text = mm_g2h(proc, TEXT_VA);
	data = mm_g2h(proc, DATA_VA);
	ck_assert(!memcmp(text, img_buf, 0x1000));
	ck_assert(!memcmp(data, img_buf + DATA_OFF, DATA_FILESZ));
	/* the rest of the file page and the bss pages are zero */
	for (unsigned i = DATA_FILESZ; i < ALIGN_UP(DATA_MEMSZ, 0x1000); i++)
		ck_assert_msg(data[i] == 0, "bss byte 0x%x is 0x%x", i, data[i]);
	/* host mappings keep the guest's PROT_EXEC: it is how the translator
	 * knows which pages the guest may run */
	ck_assert_str_eq(prot_at((uintptr_t)text), "r-xp");
	ck_assert_str_eq(prot_at((uintptr_t)data), "rw-p");
	ck_assert_str_eq(prot_at((uintptr_t)data + 0x2000), "rw-p");
	/* the stack: writable, guard page below */
	ck_assert_uint_gt(proc->stack_top, proc->stack_limit);
	ck_assert_uint_eq(proc->stack_top - proc->stack_limit, 1 << 20);
	memset(mm_g2h(proc, proc->stack_limit), 1, 1 << 20);
	ck_assert_str_eq(prot_at((uintptr_t)mm_g2h(proc, proc->stack_limit - 1)), "---p");
#ifndef __SANITIZE_ADDRESS__     /* ASan's shadow takes the low addresses */
	ck_assert_uint_eq(proc->guest_base, 0);
#endif
	elf_image_free(&img);
}
END_TEST

START_TEST(load_dyn)
{
	struct elf_image img;
	struct process *proc;
	struct mk m = make_elf(img_buf, ELFCLASS64, false, EM_RISCV);

	EH(&m, e_type, ET_DYN);
	EH(&m, e_entry, 0x200);
	set_ph(&m, 0, PT_LOAD, PF_R | PF_X, 0, 0, 0x1000, 0x1000);
	set_ph(&m, 1, PT_LOAD, PF_R | PF_W, DATA_OFF, 0x11000, DATA_FILESZ, DATA_MEMSZ);
	proc = load(write_file("dyn", img_buf, FILE_LEN), &img);
	ck_assert_uint_ne(proc->load_bias, 0);
	ck_assert_uint_eq(proc->load_bias % 0x1000, 0);
	ck_assert_uint_eq(proc->entry, proc->load_bias + 0x200);
	ck_assert_uint_eq(proc->phdr, proc->load_bias + PHOFF);
	ck_assert(!memcmp(mm_g2h(proc, proc->load_bias), img_buf, 0x1000));
	ck_assert(!memcmp(mm_g2h(proc, proc->load_bias + 0x11000),
			  img_buf + DATA_OFF, DATA_FILESZ));
	elf_image_free(&img);
}
END_TEST

/* Two segments in one page: copied in, the page gets both protections. */
START_TEST(load_shared_page)
{
	struct elf_image img;
	struct process *proc;
	struct mk m = make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	uint8_t *p;

	set_ph(&m, 0, PT_LOAD, PF_R | PF_X, 0, TEXT_VA, 0x800, 0x800);
	set_ph(&m, 1, PT_LOAD, PF_R | PF_W, 0x800, TEXT_VA + 0x800, 0x100, 0x1900);
	proc = load(write_file("shared", img_buf, FILE_LEN), &img);
	p = mm_g2h(proc, TEXT_VA);
	ck_assert(!memcmp(p, img_buf, 0x900));
	for (unsigned i = 0x900; i < 0x2100; i++)
		ck_assert_msg(p[i] == 0, "byte 0x%x is 0x%x", i, p[i]);
	/* the shared page gets the union of both segments' permissions */
	ck_assert_str_eq(prot_at((uintptr_t)p), "rwxp");
	ck_assert_str_eq(prot_at((uintptr_t)p + 0x1000), "rw-p");
	elf_image_free(&img);
}
END_TEST

/* The program's address is taken: warp moves the guest, not the host. */
START_TEST(load_taken)
{
	struct elf_image img;
	struct process *proc;
	void *block;

	block = mmap((void *)(uintptr_t)TEXT_VA, 0x1000, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	ck_assert_ptr_eq(block, (void *)(uintptr_t)TEXT_VA);
	make_elf(img_buf, ELFCLASS64, false, EM_RISCV);
	proc = load(write_file("taken", img_buf, FILE_LEN), &img);
	ck_assert_uint_ne(proc->guest_base, 0);
	ck_assert(!memcmp(mm_g2h(proc, TEXT_VA), img_buf, 0x1000));
	ck_assert_str_eq(prot_at(TEXT_VA), "r--p");   /* untouched */
	elf_image_free(&img);
}
END_TEST

/* ---- the stack ---------------------------------------------------- */

struct walk {
	uint8_t *host_top;
	gaddr_t top;
	unsigned psz;
	bool be;
};

static uint64_t word(const struct walk *w, gaddr_t a)
{
	const uint8_t *p = w->host_top - (w->top - a);
	uint64_t v = 0;

	for (unsigned i = 0; i < w->psz; i++)
		v |= (uint64_t)p[w->be ? w->psz - 1 - i : i] << (8 * i);
	return v;
}

static const char *str(const struct walk *w, gaddr_t a)
{
	return (const char *)(w->host_top - (w->top - a));
}

static const struct guest_arch *rv64(void)
{
	const struct guest_arch *a = guest_arch_by_elf(EM_RISCV, ELFCLASS64, ELFDATA2LSB);
	ck_assert_ptr_nonnull(a);
	return a;
}

/* Build with ARCH, walk it back, check every field. */
/* "--log-file" as troff writes it: "\-\-log\-file" */
static void troff(char *out, size_t n, const char *prefix, const char *s)
{
	char tmp[64];
	size_t k = 0;

	snprintf(tmp, sizeof tmp, "%s%s", prefix, s);
	k += snprintf(out + k, n - k, "\\fB");
	for (const char *p = tmp; *p && k + 3 < n; p++) {
		if (*p == '-')
			out[k++] = '\\';
		out[k++] = *p;
	}
	snprintf(out + k, n - k, "\\fR");
}

static void check_stack(const struct guest_arch *arch, unsigned argc)
{
	static uint8_t stack[1 << 16];
	static const uint8_t rnd[16] = "0123456789abcdef";
	char *argv[8] = { "/usr/bin/prog", "-x", "", "a longer argument", "4",
			  "5", "6", NULL };
	char *envp[] = { "HOME=/root", "A=", "LANG=C.UTF-8", NULL };
	struct process proc = { .arch = arch, .entry = 0x10123, .phdr = 0x10040,
				.phnum = 9, .phent = arch->elf_class == ELFCLASS64 ? 56 : 32 };
	struct stack_args sa = { argv, envp, "./prog", rnd };
	struct walk w = { stack + sizeof stack,
			  arch->elf_class == ELFCLASS64 ? 0x7ff0000000ull : 0xfff00000ull,
			  arch->elf_class == ELFCLASS64 ? 8 : 4,
			  arch->elf_data == ELFDATA2MSB };
	uint64_t expect[][2] = {
		{ AT_MINSIGSTKSZ, arch->minsigstksz }, { AT_HWCAP, arch->hwcap },
		{ AT_PAGESZ, arch->page_size ? arch->page_size : 4096 },
		{ AT_CLKTCK, 100 },
		{ AT_PHDR, 0x10040 }, { AT_PHENT, proc.phent }, { AT_PHNUM, 9 },
		{ AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, 0x10123 },
		{ AT_UID, getuid() }, { AT_EUID, geteuid() }, { AT_GID, getgid() },
		{ AT_EGID, getegid() }, { AT_SECURE, 0 }, { AT_RANDOM, 0 },
		{ AT_HWCAP2, arch->hwcap2 }, { AT_EXECFN, 0 }, { AT_PLATFORM, 0 },
		{ AT_NULL, 0 },
	};
	gaddr_t sp, a, prev;
	unsigned i, k = 0;

	argv[argc] = NULL;
	memset(stack, 0xee, sizeof stack);
	ck_assert_int_eq(stack_build(&proc, w.host_top, w.top, sizeof stack, &sa, &sp), 0);
	ck_assert_uint_eq(sp % 16, 0);
	ck_assert_uint_eq(word(&w, sp), argc);
	a = sp + w.psz;
	prev = 0;
	for (i = 0; i < argc; i++, a += w.psz) {
		ck_assert_str_eq(str(&w, word(&w, a)), argv[i]);
		ck_assert_uint_gt(word(&w, a), prev);   /* argv[0] lowest */
		prev = word(&w, a);
	}
	ck_assert_uint_eq(word(&w, a), 0);
	for (a += w.psz, i = 0; envp[i]; i++, a += w.psz) {
		ck_assert_str_eq(str(&w, word(&w, a)), envp[i]);
		ck_assert_uint_gt(word(&w, a), prev);   /* env above argv */
		prev = word(&w, a);
	}
	ck_assert_uint_eq(word(&w, a), 0);
	a += w.psz;
	ck_assert_uint_eq(proc.auxv_addr, a);
	for (i = 0; i < ARRAY_SIZE(expect); i++) {
		uint64_t type = expect[i][0];

		if ((type == AT_MINSIGSTKSZ && !arch->minsigstksz) ||
		    (type == AT_HWCAP2 && !arch->hwcap2) ||
		    (type == AT_PLATFORM && !arch->platform))
			continue;
		ck_assert_uint_eq(word(&w, a), type);
		if (type == AT_RANDOM)
			ck_assert(!memcmp(str(&w, word(&w, a + w.psz)), rnd, 16));
		else if (type == AT_EXECFN)
			ck_assert_str_eq(str(&w, word(&w, a + w.psz)), "./prog");
		else if (type == AT_PLATFORM)
			ck_assert_str_eq(str(&w, word(&w, a + w.psz)), arch->platform);
		else
			ck_assert_uint_eq(word(&w, a + w.psz), expect[i][1]);
		a += 2 * w.psz;
		k++;
	}
	ck_assert_uint_eq(proc.auxv_len, 2 * k * w.psz);
	/* the execfn string sits just below the zero word at the top */
	ck_assert_uint_eq(word(&w, w.top - w.psz), 0);
	ck_assert_str_eq(str(&w, w.top - w.psz - 7), "./prog");
	/* nothing was written below sp */
	ck_assert_uint_eq(stack[sizeof stack - (w.top - sp) - 1], 0xee);
}

START_TEST(stack_rv64)
{
	for (unsigned argc = 0; argc < 8; argc++)
		check_stack(rv64(), argc);
}
END_TEST

/* A 32-bit big-endian arch with a platform string and AT_HWCAP2. */
START_TEST(stack_be32)
{
	struct guest_arch a = *rv64();

	a.elf_class = ELFCLASS32;
	a.elf_data = ELFDATA2MSB;
	a.platform = "v7l";
	a.hwcap = 0x12345678;
	a.hwcap2 = 0x9;
	a.minsigstksz = 0x800;
	for (unsigned argc = 0; argc < 8; argc++)
		check_stack(&a, argc);
}
END_TEST

START_TEST(stack_too_small)
{
	static uint8_t stack[256];
	char *argv[] = { "prog", "a-long-argument-that-does-not-fit-into-the-tiny-stack"
			 "-at-all-because-it-is-long", NULL };
	char *envp[] = { "X=1234567890123456789012345678901234567890", NULL };
	struct process proc = { .arch = rv64() };
	struct stack_args sa = { argv, envp, "prog", NULL };
	gaddr_t sp;

	ck_assert_int_eq(stack_build(&proc, stack + sizeof stack, 0x100000,
				     sizeof stack, &sa, &sp), -E2BIG);
}
END_TEST

/* ---- options ------------------------------------------------------ */

static const char *fake_env[16];

static const char *get_fake_env(const char *name)
{
	for (unsigned i = 0; fake_env[i]; i += 2)
		if (!strcmp(fake_env[i], name))
			return fake_env[i + 1];
	return NULL;
}

static int run_parse(struct options *o, struct opt_error *e, int *prog, ...)
{
	char *argv[32] = { "warp" };
	int argc = 1;
	va_list ap;

	va_start(ap, prog);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	memset(e, 0, sizeof *e);
	return opt_parse(o, argc, argv, get_fake_env, prog, e);
}

START_TEST(options_basic)
{
	struct options o;
	struct opt_error e;
	int prog;

	memset(fake_env, 0, sizeof fake_env);
	ck_assert_int_eq(run_parse(&o, &e, &prog, "./p", "-d", "x", NULL), OPT_RUN);
	ck_assert_int_eq(prog, 1);              /* options stop at the program */
	ck_assert_ptr_null(o.log_items);
	ck_assert_str_eq(o.backend, "jit");
	ck_assert_uint_eq(o.stack_size, 8 << 20);

	ck_assert_int_eq(run_parse(&o, &e, &prog, "-d", "in_asm,op", "-D", "/tmp/l",
				   "-0", "zero", "-L", "/sysroot", "-cpu", "max",
				   "-strace", "--backend=interp", "-s", "1M", "p", "a",
				   NULL), OPT_RUN);
	ck_assert_int_eq(prog, 15);
	ck_assert_str_eq(o.log_items, "in_asm,op");
	ck_assert_str_eq(o.log_file, "/tmp/l");
	ck_assert_str_eq(o.argv0, "zero");
	ck_assert_str_eq(o.sysroot, "/sysroot");
	ck_assert_str_eq(o.cpu_model, "max");
	ck_assert_str_eq(o.strace_file, "");
	ck_assert_str_eq(o.backend, "interp");
	ck_assert_uint_eq(o.stack_size, 1 << 20);

	/* GNU spellings, attached values, double-dash QEMU names */
	ck_assert_int_eq(run_parse(&o, &e, &prog, "--log=exec", "--stack-size", "2M",
				   "-s32k", "--cpu", "riscv64", "--strace", "--argv0=a0",
				   "--", "-prog", NULL), OPT_RUN);
	ck_assert_int_eq(prog, 10);
	ck_assert_str_eq(o.log_items, "exec");
	ck_assert_uint_eq(o.stack_size, 32 << 10);
	ck_assert_str_eq(o.cpu_model, "riscv64");
	ck_assert_str_eq(o.strace_file, "");
	ck_assert_str_eq(o.argv0, "a0");

	ck_assert_int_eq(run_parse(&o, &e, &prog, "-dop_opt", "-s64k", "p", NULL), OPT_RUN);
	ck_assert_str_eq(o.log_items, "op_opt");
	ck_assert_uint_eq(o.stack_size, 64 << 10);

	ck_assert_int_eq(run_parse(&o, &e, &prog, NULL), OPT_RUN);
	ck_assert_int_eq(prog, 1);              /* no program: argc */
	ck_assert_int_eq(run_parse(&o, &e, &prog, "-h", "p", NULL), OPT_SHOW_HELP);
	ck_assert_int_eq(run_parse(&o, &e, &prog, "--help", NULL), OPT_SHOW_HELP);
	ck_assert_int_eq(run_parse(&o, &e, &prog, "-version", NULL), OPT_SHOW_VERSION);
	ck_assert_int_eq(run_parse(&o, &e, &prog, "-V", NULL), OPT_SHOW_VERSION);
	ck_assert_int_eq(run_parse(&o, &e, &prog, "-d", "help", NULL), OPT_SHOW_LOG_HELP);
	ck_assert_int_eq(run_parse(&o, &e, &prog, "-cpu", "help", NULL), OPT_SHOW_CPU_HELP);
	opt_free(&o);
}
END_TEST

START_TEST(options_errors)
{
	static const struct { const char *a, *b, *what, *msg; } c[] = {
		{ "-x", NULL, "-x", "unknown option (try warp --help)" },
		{ "--frobnicate=1", NULL, "--frobnicate", "unknown option" },
		{ "-d", NULL, "-d", "needs a value (ITEMS)" },
		{ "-d", "in_asm,bogus", "-d", "unknown log item 'bogus' (try -d help)" },
		{ "--log=foo", NULL, "--log", "unknown log item 'foo'" },
		{ "-s", "12x", "-s", "'12x' is not a size" },
		{ "-s", "-1", "-s", "'-1' is not a size" },
		{ "-s", "1k", "-s", "out of range" },
		{ "-s", "99999999999999999999", "-s", "is not a size" },
		{ "-s", "100G", "-s", "out of range" },
		{ "-E", "NOEQUALS", "-E", "'NOEQUALS' is not VAR=VALUE" },
		{ "-E", "1A=b", "-E", "is not VAR=VALUE" },
		{ "-E", "", "-E", "needs VAR=VALUE" },
		{ "-U", "", "-U", "needs a variable name" },
		{ "-U", "A=B", "-U", "'A=B' is not a variable name" },
		{ "-cpu", "cortex-a72", "-cpu", "unknown CPU model 'cortex-a72' (try -cpu help)" },
		{ "--backend=tcg", NULL, "--backend", "unknown backend 'tcg' (jit or interp)" },
		{ "--strace=1", NULL, "--strace", "takes no value" },
		{ "-D", "", "-D", "needs a file name" },
	};
	struct options o;
	struct opt_error e;
	int prog;

	memset(fake_env, 0, sizeof fake_env);
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		ck_assert_int_eq(run_parse(&o, &e, &prog, c[i].a, c[i].b, "prog", NULL), -1);
		ck_assert_str_eq(e.what, c[i].what);
		ck_assert_msg(strstr(e.msg, c[i].msg), "%s: '%s'", c[i].a, e.msg);
		opt_free(&o);
	}
}
END_TEST

START_TEST(options_env)
{
	struct options o;
	struct opt_error e;
	int prog;
	const char *envs[] = { "QEMU_STACK_SIZE", "1M", "WARP_LOG", "exec",
			       "QEMU_LD_PREFIX", "/q", "WARP_BACKEND", "interp",
			       "QEMU_STRACE", "", "WARP_SET_ENV", "A=1,B=2",
			       "QEMU_UNSET_ENV", "C,D", NULL };

	memcpy(fake_env, envs, sizeof envs);
	ck_assert_int_eq(run_parse(&o, &e, &prog, "p", NULL), OPT_RUN);
	ck_assert_uint_eq(o.stack_size, 1 << 20);
	ck_assert_str_eq(o.log_items, "exec");
	ck_assert_str_eq(o.sysroot, "/q");
	ck_assert_str_eq(o.backend, "interp");
	ck_assert_ptr_null(o.strace_file);      /* empty: off */
	ck_assert_uint_eq(o.n_env_set, 2);
	ck_assert_uint_eq(o.n_env_unset, 2);
	opt_free(&o);

	/* WARP_ overrides QEMU_, the command line overrides both */
	fake_env[0] = "QEMU_STACK_SIZE"; fake_env[1] = "1M";
	fake_env[2] = "WARP_STACK_SIZE"; fake_env[3] = "2M";
	fake_env[4] = "WARP_STRACE"; fake_env[5] = "1";
	fake_env[6] = NULL;
	ck_assert_int_eq(run_parse(&o, &e, &prog, "p", NULL), OPT_RUN);
	ck_assert_uint_eq(o.stack_size, 2 << 20);
	ck_assert_str_eq(o.strace_file, "");
	ck_assert_int_eq(run_parse(&o, &e, &prog, "-s", "3M", "p", NULL), OPT_RUN);
	ck_assert_uint_eq(o.stack_size, 3 << 20);

	/* a bad value names the variable */
	fake_env[0] = "WARP_STACK_SIZE"; fake_env[1] = "lots";
	fake_env[2] = NULL;
	ck_assert_int_eq(run_parse(&o, &e, &prog, "p", NULL), -1);
	ck_assert_str_eq(e.what, "WARP_STACK_SIZE");
	fake_env[0] = "WARP_LOG"; fake_env[1] = "help";
	ck_assert_int_eq(run_parse(&o, &e, &prog, "p", NULL), -1);
	ck_assert_str_eq(e.what, "WARP_LOG");
	memset(fake_env, 0, sizeof fake_env);
}
END_TEST

START_TEST(options_guest_env)
{
	char *environ_[] = { "HOME=/root", "PATH=/bin", "A=old", "KEEP=1", "AB=2", NULL };
	struct options o;
	struct opt_error e;
	char **env;
	int prog;

	memset(fake_env, 0, sizeof fake_env);
	ck_assert_int_eq(run_parse(&o, &e, &prog, "-E", "A=new,NEW=x,y", "-U", "HOME",
				   "-E", "PATH=/a,/b", "-E", "HOME=/h", "-U", "NEW",
				   "-U", "KEEP", "-E", "KEEP=2", "p", NULL), OPT_RUN);
	env = opt_guest_env(&o, environ_);
	/* order: surviving entries of environ, then the -E ones */
	const char *want[] = { "AB=2", "A=new", "PATH=/a,/b", "HOME=/h", "KEEP=2", NULL };
	for (unsigned i = 0; want[i]; i++)
		ck_assert_str_eq(env[i], want[i]);
	ck_assert_ptr_null(env[5]);
	free(env);
	opt_free(&o);

	ck_assert_uint_eq(opt_parse_size("0x1000", &(uint64_t){ 0 }), 0);
	uint64_t v;
	ck_assert_int_eq(opt_parse_size("3G", &v), 0);
	ck_assert_uint_eq(v, 3ull << 30);
	ck_assert_int_eq(opt_parse_size("", &v), -1);
	ck_assert_int_eq(opt_parse_size("1T", &v), -1);
}
END_TEST

START_TEST(log_mask)
{
	struct opt_error e;
	unsigned m;

	ck_assert_int_eq(opt_log_mask("in_asm,op,op_opt,out_asm,exec,unimp,strace",
				      &m, &e), 0);
	ck_assert_uint_eq(m, LOG_IN_ASM | LOG_OP | LOG_OP_OPT | LOG_OUT_ASM |
			  LOG_EXEC | LOG_UNIMP | LOG_STRACE);
	ck_assert_int_eq(opt_log_mask("", &m, &e), 0);
	ck_assert_uint_eq(m, 0);
	ck_assert_int_eq(opt_log_mask("op,,exec", &m, &e), 0);
	ck_assert_uint_eq(m, LOG_OP | LOG_EXEC);
	ck_assert_int_eq(opt_log_mask("in_asmx", &m, &e), -1);
	ck_assert_int_eq(opt_log_mask("in", &m, &e), -1);
}
END_TEST

/* ---- help and man page -------------------------------------------- */

static char *slurp(FILE *f)
{
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);

	buf[n] = 0;
	return buf;
}

/* Every option and variable of the table is in --help and in warp.1. */
START_TEST(help_and_man)
{
	static const struct { const char *qemu, *gnu, *env, *qemu_env; } t[] = {
#define OPT(id, qemu, gnu, arg, env, qemu_env, help, doc) { qemu, gnu, env, qemu_env },
#include "loader/options.def"
#undef OPT
	};
	FILE *f = tmpfile();
	char *help, *man, want[128];

	opt_print_help(f);
	rewind(f);
	help = strdup(slurp(f));
	fclose(f);
	f = fopen("man/warp.1", "r");
	ck_assert_msg(f != NULL, "man/warp.1 not built");
	man = slurp(f);
	fclose(f);
	for (unsigned i = 0; i < ARRAY_SIZE(t); i++) {
		if (t[i].qemu) {
			snprintf(want, sizeof want, "-%s", t[i].qemu);
			ck_assert_msg(strstr(help, want), "--help lacks %s", want);
			troff(want, sizeof want, "-", t[i].qemu);
			ck_assert_msg(strstr(man, want), "warp.1 lacks %s", want);
		}
		if (t[i].gnu) {
			snprintf(want, sizeof want, "--%s", t[i].gnu);
			ck_assert_msg(strstr(help, want), "--help lacks %s", want);
			troff(want, sizeof want, "--", t[i].gnu);
			ck_assert_msg(strstr(man, want), "warp.1 lacks %s", want);
		}
		if (t[i].env) {
			ck_assert_msg(strstr(help, t[i].env), "--help lacks %s", t[i].env);
			ck_assert_msg(strstr(man, t[i].env), "warp.1 lacks %s", t[i].env);
		}
		if (t[i].qemu_env)
			ck_assert_msg(strstr(man, t[i].qemu_env), "warp.1 lacks %s",
				      t[i].qemu_env);
	}
	for (const char *s = "NAME\0SYNOPSIS\0DESCRIPTION\0OPTIONS\0ENVIRONMENT\0"
			     "EXIT STATUS\0EXAMPLES\0SEE ALSO\0"; *s; s += strlen(s) + 1) {
		snprintf(want, sizeof want, ".SH %s\n", s);
		ck_assert_msg(strstr(man, want), "warp.1 lacks section %s", s);
	}
	ck_assert_ptr_null(strstr(man, "@OPTIONS@"));
	free(help);
}
END_TEST

static Suite *elf_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("elf");

	tcase_add_test(tc, valid_exec);
	tcase_add_test(tc, valid_variants);
	tcase_add_loop_test(tc, bad_elf, 0, ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, random_damage);
	tcase_add_test(tc, open_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("mm");
	tcase_add_test(tc, load_exec);
	tcase_add_test(tc, load_dyn);
	tcase_add_test(tc, load_shared_page);
	tcase_add_test(tc, load_taken);
	suite_add_tcase(s, tc);

	tc = tcase_create("stack");
	tcase_add_test(tc, stack_rv64);
	tcase_add_test(tc, stack_be32);
	tcase_add_test(tc, stack_too_small);
	suite_add_tcase(s, tc);

	tc = tcase_create("options");
	tcase_add_test(tc, options_basic);
	tcase_add_test(tc, options_errors);
	tcase_add_test(tc, options_env);
	tcase_add_test(tc, options_guest_env);
	tcase_add_test(tc, log_mask);
	tcase_add_test(tc, help_and_man);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(elf_suite());
	int failed;

	have_tmpdir = mkdtemp(tmpdir) != NULL;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (have_tmpdir) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd)) {
			/* a leftover temp dir is not a test failure */
		}
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
