/*
 * ELF header checks for the program loader: see include/loom/elf_exec.h.
 * Pure code (no kernel dependencies): built into the kernel and into the
 * host tests, which feed it truncated and corrupted headers.
 */
#include <loom/unaligned.h>
#include <loom/elf_exec.h>
#include <loom/string.h>
#include <loom/vm.h>
#include <uapi/loom/errno.h>

#define PAGE	  4096ULL
#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define ET_EXEC	  2
#define ET_DYN	  3
#define EM_X86_64 62
#define PT_LOAD	  1
#define PT_INTERP 3
#define PF_X	  1
#define PF_W	  2
#define PF_R	  4

static int refuse(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -ENOEXEC;
}

static u64 page_down(u64 v)
{
	return v & ~(PAGE - 1);
}

static u64 page_up(u64 v)
{
	return (v + PAGE - 1) & ~(PAGE - 1);
}

/* Read and check the PT_LOAD segments (no bias yet). */
static int read_segments(const u8 *h, u64 phoff, u32 phnum, u64 file_size, struct elf_image *img,
			 bool *interp, const char **why)
{
	u64 prev_end = 0;

	for (u32 i = 0; i < phnum; i++) {
		const u8 *ph = h + phoff + (u64)i * PHDR_SIZE;
		u32 type = get_le32(ph), flags = get_le32(ph + 4);
		u64 off = get_le64(ph + 8), va = get_le64(ph + 16), filesz = get_le64(ph + 32),
		    memsz = get_le64(ph + 40);
		struct elf_segment *s;

		if (type == PT_INTERP)
			*interp = true;
		if (type != PT_LOAD || memsz == 0)
			continue;
		if (img->nseg == ELF_SEG_MAX)
			return refuse(why, "too many loadable segments");
		if (filesz > memsz)
			return refuse(why, "segment file size above its memory size");
		if (off > file_size || filesz > file_size - off)
			return refuse(why, "segment outside the file");
		if (va >= ELF_TOP || memsz > ELF_TOP - va)
			return refuse(why, "segment outside user space");
		if ((va & (PAGE - 1)) != (off & (PAGE - 1)))
			return refuse(why, "segment offset and address not congruent");
		if ((flags & PF_W) && (flags & PF_X))
			return refuse(why, "segment both writable and executable");
		if (img->nseg && page_down(va) < prev_end)
			return refuse(why, "overlapping or unsorted segments");
		prev_end = page_up(va + memsz);
		s = &img->seg[img->nseg++];
		s->vaddr = va;
		s->memsz = memsz;
		s->offset = off;
		s->filesz = filesz;
		s->prot = (flags & PF_R ? ELF_PROT_R : 0) | (flags & PF_W ? ELF_PROT_W : 0) |
			  (flags & PF_X ? ELF_PROT_X : 0);
	}
	return 0;
}

int elf_check(const void *head, size_t head_len, u64 file_size, struct elf_image *img,
	      const char **why)
{
	const u8 *h = head;
	u16 type, phnum;
	u64 phoff, entry, lo;
	bool interp = false, entry_ok = false;
	int r;

	memset(img, 0, sizeof(*img));
	if (head_len > file_size)
		head_len = (size_t)file_size;
	if (head_len < EHDR_SIZE)
		return refuse(why, "truncated file header");
	if (memcmp(h, "\177ELF", 4))
		return refuse(why, "not an ELF file");
	if (h[4] != 2)
		return refuse(why, "not a 64-bit ELF file");
	if (h[5] != 1)
		return refuse(why, "not little-endian");
	if (h[6] != 1 || get_le32(h + 20) != 1)
		return refuse(why, "unknown ELF version");
	type = get_le16(h + 16);
	if (type != ET_EXEC && type != ET_DYN)
		return refuse(why, "not an executable");
	if (get_le16(h + 18) != EM_X86_64)
		return refuse(why, "not an x86_64 program");
	if (get_le16(h + 52) != EHDR_SIZE || get_le16(h + 54) != PHDR_SIZE)
		return refuse(why, "bad header sizes");
	phoff = get_le64(h + 32);
	phnum = get_le16(h + 56);
	if (phnum == 0)
		return refuse(why, "no program headers");
	if (phnum > ELF_PHNUM_MAX)
		return refuse(why, "too many program headers");
	if (phoff < EHDR_SIZE || phoff > ELF_HEAD_MAX || phoff % 8)
		return refuse(why, "program headers misplaced");
	if (phoff + (u64)phnum * PHDR_SIZE > head_len)
		return refuse(why, "truncated program headers");
	r = read_segments(h, phoff, phnum, file_size, img, &interp, why);
	if (r)
		return r;
	if (!img->nseg)
		return refuse(why, "no loadable segment");
	if (interp)
		return refuse(why, "dynamically linked (no interpreter here)");
	lo = page_down(img->seg[0].vaddr);
	if (type == ET_DYN) {
		u64 hi = page_up(img->seg[img->nseg - 1].vaddr + img->seg[img->nseg - 1].memsz);

		if (hi - lo > ELF_TOP - ELF_DYN_BASE)
			return refuse(why, "image too large");
		img->bias = ELF_DYN_BASE - lo;
		for (u32 i = 0; i < img->nseg; i++)
			img->seg[i].vaddr += img->bias;
	} else if (lo < USER_START) {
		return refuse(why, "segment below the lowest user address");
	}
	entry = get_le64(h + 24) + img->bias;
	for (u32 i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];

		if ((s->prot & ELF_PROT_X) && entry >= s->vaddr && entry - s->vaddr < s->memsz)
			entry_ok = true;
	}
	if (!entry_ok)
		return refuse(why, "entry point outside the program text");
	img->entry = entry;
	return 0;
}
