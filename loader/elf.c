/*
 * elf.c - validate an ELF program and describe what the loader must map.
 *
 * elf_parse() works on a memory buffer and has no side effects, so the
 * command, the unit tests and the fuzzer (tests/fuzz/fuzz_elf.c) share it.
 * It checks everything the mapping step relies on, so that mm.c never
 * meets a surprise half way through mapping:
 *
 *   identification   magic, class, byte order, version, type
 *   machine          a guest_arch exists for (machine, class, byte order)
 *   program headers  entry size, count (Linux's 64 KiB limit), inside file
 *   PT_LOAD          filesz <= memsz, file data inside the file, addresses
 *                    inside the guest address space without overflow,
 *                    offset = vaddr modulo the page size, no overlaps,
 *                    at least one, entry point in an executable one
 *   PT_INTERP        inside the file, one NUL-terminated path
 *
 * Fields are read through libelf's gelf API so 32/64-bit and both byte
 * orders share one path.  libelf is handed a copy of just the ELF header
 * and the program header table: like the kernel, warp ignores section
 * headers, and libelf would refuse a file whose section table is damaged
 * although Linux runs it.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"
#include "guest.h"

#define PH_TABLE_MAX 65536u     /* Linux: e_phnum * e_phentsize <= 64 KiB */
#define INTERP_MAX 4096u        /* PATH_MAX */

static int bad(char *err, size_t errlen, const char *fmt, ...) WARP_PRINTF(3, 4);

static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -ENOEXEC;
}

/* ---- raw header fields (only what is needed to hand libelf a copy) -- */

static uint64_t rd(const uint8_t *p, unsigned size, bool be)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[be ? size - 1 - i : i] << (8 * i);
	return v;
}

static void wr(uint8_t *p, unsigned size, bool be, uint64_t v)
{
	for (unsigned i = 0; i < size; i++)
		p[be ? size - 1 - i : i] = v >> (8 * i);
}

struct ehdr_layout {
	size_t size, phsize;
	unsigned off_phoff, sz_off;     /* e_phoff and its width */
	unsigned off_phentsize, off_phnum;
	unsigned off_shoff, off_shentsize, off_shnum, off_shstrndx;
};

#define LAYOUT(E, P) {                                                   \
	sizeof(E), sizeof(P),                                            \
	offsetof(E, e_phoff), sizeof(((E *)0)->e_phoff),                 \
	offsetof(E, e_phentsize), offsetof(E, e_phnum),                  \
	offsetof(E, e_shoff), offsetof(E, e_shentsize),                  \
	offsetof(E, e_shnum), offsetof(E, e_shstrndx) }

static const struct ehdr_layout layout32 = LAYOUT(Elf32_Ehdr, Elf32_Phdr);
static const struct ehdr_layout layout64 = LAYOUT(Elf64_Ehdr, Elf64_Phdr);

/* ---- naming what we cannot run ------------------------------------ */

static const char *machine_name(unsigned m)
{
	switch (m) {
	case EM_NONE: return "no machine (EM_NONE)";
	case EM_386: return "i386";
	case EM_X86_64: return "x86-64";
	case EM_ARM: return "32-bit ARM";
	case EM_AARCH64: return "AArch64";
	case EM_RISCV: return "RISC-V";
	case EM_MIPS: return "MIPS";
	case EM_PPC: return "PowerPC";
	case EM_PPC64: return "64-bit PowerPC";
	case EM_S390: return "s390";
	case EM_SPARC: return "SPARC";
	case EM_SPARCV9: return "SPARC V9";
	case EM_SH: return "SuperH";
	case EM_68K: return "m68k";
	case EM_IA_64: return "IA-64";
	case EM_PARISC: return "PA-RISC";
	case EM_ALPHA: return "Alpha";
	case 258: return "LoongArch";   /* EM_LOONGARCH */
	case EM_MICROBLAZE: return "MicroBlaze";
	case EM_XTENSA: return "Xtensa";
	case EM_OPENRISC: return "OpenRISC";
	case EM_AVR: return "AVR";
	case EM_BPF: return "BPF";
	}
	return NULL;
}

static int unsupported(char *err, size_t errlen, unsigned machine, unsigned cls,
		       unsigned data)
{
	char what[96], list[160];
	const char *name = machine_name(machine);
	bool known = false;
	size_t n = 0;

	list[0] = 0;
	for (unsigned i = 0; guest_arches[i]; i++) {
		known |= guest_arches[i]->elf_machine == machine;
		n += snprintf(list + n, n < sizeof list ? sizeof list - n : 0,
			      "%s%s", i ? ", " : "", guest_arches[i]->name);
	}
	if (name)
		snprintf(what, sizeof what, "%s", name);
	else
		snprintf(what, sizeof what, "machine %u", machine);
	if (known)      /* say what differs from the arch we do have */
		return bad(err, errlen,
			   "ELF for %s-bit %s-endian %s, which warp does not emulate "
			   "(supported: %s)", cls == ELFCLASS64 ? "64" : "32",
			   data == ELFDATA2MSB ? "big" : "little", what, list);
	return bad(err, errlen, "ELF for %s, which warp does not emulate "
		   "(supported: %s)", what, list);
}

/* A file that is not ELF: say what it is when that helps. */
static int not_elf(const uint8_t *b, size_t len, char *err, size_t errlen)
{
	static const uint8_t macho[][4] = {
		{ 0xcf, 0xfa, 0xed, 0xfe }, { 0xce, 0xfa, 0xed, 0xfe },
		{ 0xfe, 0xed, 0xfa, 0xcf }, { 0xfe, 0xed, 0xfa, 0xce },
		{ 0xca, 0xfe, 0xba, 0xbe },
	};

	if (len == 0)
		return bad(err, errlen, "empty file, not an ELF file");
	if (len >= 2 && b[0] == '#' && b[1] == '!')
		return bad(err, errlen, "a script (#!): scripts are not supported yet");
	for (size_t i = 0; i < ARRAY_SIZE(macho); i++)
		if (len >= 4 && !memcmp(b, macho[i], 4))
			return bad(err, errlen, "a Mach-O file: not an ELF file "
				   "(warp runs Linux programs)");
	if (len >= 2 && b[0] == 'M' && b[1] == 'Z')
		return bad(err, errlen, "a Windows (PE) program: not an ELF file");
	if (len < SELFMAG && !memcmp(b, ELFMAG, len))
		return bad(err, errlen, "truncated ELF file (%zu bytes)", len);
	return bad(err, errlen, "not an ELF file");
}

/* ---- identification and header ------------------------------------ */

static int check_ident(const uint8_t *b, size_t len, char *err, size_t errlen)
{
	if (len < SELFMAG || memcmp(b, ELFMAG, SELFMAG))
		return not_elf(b, len, err, errlen);
	if (len < EI_NIDENT)
		return bad(err, errlen, "truncated ELF file (%zu bytes)", len);
	if (b[EI_CLASS] != ELFCLASS32 && b[EI_CLASS] != ELFCLASS64)
		return bad(err, errlen, "invalid ELF class %u", b[EI_CLASS]);
	if (b[EI_DATA] != ELFDATA2LSB && b[EI_DATA] != ELFDATA2MSB)
		return bad(err, errlen, "invalid ELF byte order %u", b[EI_DATA]);
	if (b[EI_VERSION] != EV_CURRENT)
		return bad(err, errlen, "unknown ELF version %u", b[EI_VERSION]);
	return 0;
}

static int check_type(const GElf_Ehdr *eh, char *err, size_t errlen)
{
	switch (eh->e_type) {
	case ET_EXEC:
	case ET_DYN:
		return 0;
	case ET_REL:
		return bad(err, errlen, "a relocatable object file (.o), not a "
			   "program (link it first)");
	case ET_CORE:
		return bad(err, errlen, "a core dump, not a program");
	}
	return bad(err, errlen, "unknown ELF file type %u", eh->e_type);
}

/* ---- program headers ---------------------------------------------- */

static int check_load(struct elf_image *img, unsigned i, const GElf_Phdr *ph,
		      size_t len, gaddr_t limit, unsigned page,
		      char *err, size_t errlen)
{
	if (ph->p_filesz > ph->p_memsz)
		return bad(err, errlen, "program header %u: file size 0x%llx is "
			   "larger than memory size 0x%llx", i,
			   (unsigned long long)ph->p_filesz,
			   (unsigned long long)ph->p_memsz);
	if (ph->p_filesz && (ph->p_offset > len || ph->p_filesz > len - ph->p_offset))
		return bad(err, errlen, "truncated ELF file: segment %u ends at "
			   "byte %llu, the file has %zu bytes", i,
			   (unsigned long long)ph->p_offset +
			   (unsigned long long)ph->p_filesz, len);
	if (ph->p_vaddr >= limit || ph->p_memsz > limit - ph->p_vaddr)
		return bad(err, errlen, "program header %u: segment 0x%llx+0x%llx "
			   "lies outside the guest address space (0 to 0x%llx)", i,
			   (unsigned long long)ph->p_vaddr,
			   (unsigned long long)ph->p_memsz,
			   (unsigned long long)limit);
	if ((ph->p_vaddr - ph->p_offset) % page)
		return bad(err, errlen, "program header %u: offset 0x%llx and "
			   "address 0x%llx differ modulo the page size 0x%x", i,
			   (unsigned long long)ph->p_offset,
			   (unsigned long long)ph->p_vaddr, page);
	if (ph->p_align > img->align && !(ph->p_align & (ph->p_align - 1)))
		img->align = ph->p_align;
	if (!ph->p_memsz)
		return 0;
	img->segs[img->n_segs++] = (struct elf_seg){
		.vaddr = ph->p_vaddr, .memsz = ph->p_memsz,
		.offset = ph->p_offset, .filesz = ph->p_filesz,
		.flags = ph->p_flags & (PF_R | PF_W | PF_X),
	};
	return 0;
}

static int check_interp(struct elf_image *img, unsigned i, const GElf_Phdr *ph,
			const uint8_t *b, size_t len, char *err, size_t errlen)
{
	const char *s;

	if (img->interp)
		return bad(err, errlen, "more than one interpreter (PT_INTERP)");
	if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset)
		return bad(err, errlen, "truncated ELF file: the interpreter path "
			   "(program header %u) ends past the end of the file", i);
	s = (const char *)b + ph->p_offset;
	if (ph->p_filesz < 2 || ph->p_filesz > INTERP_MAX ||
	    s[ph->p_filesz - 1] || strlen(s) != ph->p_filesz - 1)
		return bad(err, errlen, "program header %u: the interpreter path "
			   "(PT_INTERP) is not a NUL-terminated path", i);
	img->interp = strdup(s);
	return img->interp ? 0 : -ENOMEM;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct elf_seg *x = a, *y = b;
	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* The layout as a whole: overlaps, span, entry point, AT_PHDR. */
static int check_layout(struct elf_image *img, uint64_t phoff, unsigned page,
			gaddr_t phdr_seg, bool have_phdr, char *err, size_t errlen)
{
	struct elf_seg *s = img->segs;
	gaddr_t end = 0;
	bool entry_ok = false;

	if (!img->n_segs)
		return bad(err, errlen, "no loadable segments (PT_LOAD)");
	qsort(s, img->n_segs, sizeof *s, seg_cmp);
	for (unsigned i = 0; i < img->n_segs; i++) {
		if (i && s[i].vaddr < s[i - 1].vaddr + s[i - 1].memsz)
			return bad(err, errlen, "segments at 0x%llx and 0x%llx overlap",
				   (unsigned long long)s[i - 1].vaddr,
				   (unsigned long long)s[i].vaddr);
		if (s[i].vaddr + s[i].memsz > end)
			end = s[i].vaddr + s[i].memsz;
		if ((s[i].flags & PF_X) && img->entry >= s[i].vaddr &&
		    img->entry - s[i].vaddr < s[i].memsz)
			entry_ok = true;
	}
	if (!entry_ok)
		return bad(err, errlen, "entry point 0x%llx is not inside an "
			   "executable segment", (unsigned long long)img->entry);
	img->lo = ALIGN_DOWN(s[0].vaddr, page);
	img->hi = ALIGN_UP(end, page);

	/* AT_PHDR: PT_PHDR, else the PT_LOAD whose file data holds them */
	if (have_phdr) {
		img->phdr = phdr_seg;
		return 0;
	}
	for (unsigned i = 0; i < img->n_segs; i++) {
		uint64_t size = (uint64_t)img->phnum * img->phent;
		if (phoff >= s[i].offset && phoff - s[i].offset <= s[i].filesz &&
		    size <= s[i].filesz - (phoff - s[i].offset)) {
			img->phdr = s[i].vaddr + (phoff - s[i].offset);
			break;
		}
	}
	return 0;
}

/* ---- putting it together ------------------------------------------ */

/* Where the program header table is, and what is wrong with it if
 * anything (reported after the type and machine, which say more). */
static const char *ph_problem(const uint8_t *b, size_t len,
			      const struct ehdr_layout *L, bool be,
			      uint64_t *phoff, unsigned *phent, unsigned *phnum,
			      char *buf, size_t bufsz)
{
	*phoff = rd(b + L->off_phoff, L->sz_off, be);
	*phent = rd(b + L->off_phentsize, 2, be);
	*phnum = rd(b + L->off_phnum, 2, be);
	if (*phnum == 0)
		return "no program headers";
	if (*phent != L->phsize) {
		snprintf(buf, bufsz, "program header entry size %u is wrong "
			 "(expected %zu)", *phent, L->phsize);
		return buf;
	}
	if ((uint64_t)*phnum * *phent > PH_TABLE_MAX) {
		snprintf(buf, bufsz, "too many program headers (%u)", *phnum);
		return buf;
	}
	if (*phoff > len || (uint64_t)*phnum * *phent > len - *phoff) {
		snprintf(buf, bufsz, "truncated ELF file: the program headers end "
			 "at byte %llu, the file has %zu bytes",
			 (unsigned long long)*phoff +
			 (unsigned long long)*phnum * *phent, len);
		return buf;
	}
	return NULL;
}

/*
 * Copy the ELF header and the program headers into one small image for
 * libelf: program headers right after the header, section table dropped.
 */
static uint8_t *make_copy(const uint8_t *b, const struct ehdr_layout *L, bool be,
			  uint64_t phoff, unsigned phnum, bool ph_ok, size_t *size)
{
	size_t ph = ph_ok ? (size_t)phnum * L->phsize : 0;
	uint8_t *c = malloc(L->size + ph);

	if (!c)
		return NULL;
	memcpy(c, b, L->size);
	if (ph)
		memcpy(c + L->size, b + phoff, ph);
	wr(c + L->off_phoff, L->sz_off, be, ph ? L->size : 0);
	wr(c + L->off_phnum, 2, be, ph ? phnum : 0);
	wr(c + L->off_shoff, L->sz_off, be, 0);
	wr(c + L->off_shentsize, 2, be, 0);
	wr(c + L->off_shnum, 2, be, 0);
	wr(c + L->off_shstrndx, 2, be, 0);
	*size = L->size + ph;
	return c;
}

static int parse_phdrs(struct elf_image *img, Elf *e, const uint8_t *b,
		       size_t len, uint64_t phoff, char *err, size_t errlen)
{
	gaddr_t limit = img->cls == ELFCLASS64 ? ELF_GUEST_LIMIT_64
					       : ELF_GUEST_LIMIT_32;
	unsigned page = img->arch->page_size ? img->arch->page_size : 4096;
	gaddr_t phdr_seg = 0;
	bool have_phdr = false;
	int r;

	img->segs = calloc(img->phnum, sizeof *img->segs);
	if (!img->segs)
		return -ENOMEM;
	for (unsigned i = 0; i < img->phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e, i, &ph))
			return bad(err, errlen, "program header %u: %s", i,
				   elf_errmsg(-1));
		switch (ph.p_type) {
		case PT_LOAD:
			r = check_load(img, i, &ph, len, limit, page, err, errlen);
			break;
		case PT_INTERP:
			r = check_interp(img, i, &ph, b, len, err, errlen);
			break;
		case PT_PHDR:
			if (!have_phdr)
				phdr_seg = ph.p_vaddr;
			have_phdr = true;
			r = 0;
			break;
		case PT_GNU_STACK:
			img->exec_stack = ph.p_flags & PF_X;
			r = 0;
			break;
		default:
			r = 0;
		}
		if (r)
			return r;
	}
	return check_layout(img, phoff, page, phdr_seg, have_phdr, err, errlen);
}

int elf_parse(struct elf_image *img, const void *buf, size_t len,
	      char *err, size_t errlen)
{
	const uint8_t *b = buf;
	const struct ehdr_layout *L;
	const char *problem;
	char pbuf[160];
	uint64_t phoff;
	unsigned phent, phnum;
	uint8_t *copy;
	size_t copy_size;
	GElf_Ehdr eh;
	Elf *e;
	bool be;
	int r;

	memset(img, 0, sizeof *img);
	img->file_size = len;
	if ((r = check_ident(b, len, err, errlen)))
		return r;
	img->cls = b[EI_CLASS];
	img->data = b[EI_DATA];
	be = img->data == ELFDATA2MSB;
	L = img->cls == ELFCLASS64 ? &layout64 : &layout32;
	if (len < L->size)
		return bad(err, errlen, "truncated ELF file: the ELF header needs "
			   "%zu bytes, the file has %zu", L->size, len);

	problem = ph_problem(b, len, L, be, &phoff, &phent, &phnum, pbuf, sizeof pbuf);
	copy = make_copy(b, L, be, phoff, phnum, !problem, &copy_size);
	if (!copy)
		return -ENOMEM;
	elf_version(EV_CURRENT);
	e = elf_memory((char *)copy, copy_size);
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh)) {
		r = bad(err, errlen, "unreadable ELF header (%s)", elf_errmsg(-1));
		goto out;
	}
	img->type = eh.e_type;
	img->machine = eh.e_machine;
	img->flags = eh.e_flags;
	img->entry = eh.e_entry;
	if ((r = check_type(&eh, err, errlen)))
		goto out;
	img->arch = guest_arch_by_elf(eh.e_machine, img->cls, img->data);
	if (!img->arch) {
		r = unsupported(err, errlen, eh.e_machine, img->cls, img->data);
		goto out;
	}
	if (img->arch->elf_flags_check) {
		const char *msg = img->arch->elf_flags_check(eh.e_flags);
		if (msg) {
			r = bad(err, errlen, "%s", msg);
			goto out;
		}
	}
	if (problem) {
		r = bad(err, errlen, "%s", problem);
		goto out;
	}
	img->phnum = phnum;
	img->phent = phent;
	r = parse_phdrs(img, e, b, len, phoff, err, errlen);
out:
	if (e)
		elf_end(e);
	free(copy);
	if (r)
		elf_image_free(img);
	return r;
}

void elf_image_free(struct elf_image *img)
{
	free(img->segs);
	free(img->interp);
	img->segs = NULL;
	img->interp = NULL;
	img->n_segs = 0;
}

/* ---- files -------------------------------------------------------- */

int elf_open(const char *path, struct elf_image *img, int *fdp,
	     char *err, size_t errlen)
{
	struct stat st;
	void *map;
	int fd, r;

	memset(img, 0, sizeof *img);
	/* O_NONBLOCK: opening a FIFO must not hang; it is rejected below */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		snprintf(err, errlen, "%s", strerror(e));
		return e == ENOENT ? 127 : 126;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s", strerror(EISDIR));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		goto fail;
	}
	if (st.st_size == 0) {
		r = elf_parse(img, "", 0, err, errlen);
	} else {
		map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			snprintf(err, errlen, "cannot read: %s", strerror(errno));
			goto fail;
		}
		r = elf_parse(img, map, st.st_size, err, errlen);
		munmap(map, st.st_size);
	}
	if (r == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	if (r)
		goto fail;
	*fdp = fd;
	return 0;
fail:
	close(fd);
	return 126;
}
