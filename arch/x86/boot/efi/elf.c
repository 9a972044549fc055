/*
 * The kernel ELF: full validation, then placement in physical memory.
 *
 * elf_check() trusts nothing in the file and fills struct kernel_image only
 * from checked values; each failure prints one line naming the file and the
 * problem. elf_load() copies the checked PT_LOAD segments into one contiguous
 * BOOT_MEM_KERNEL allocation (2 MiB aligned if possible) and zeroes the rest.
 */
#include "loader.h"

#define EHDR_SIZE   64
#define PHDR_SIZE   56
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define ET_EXEC	    2
#define EM_X86_64   62
#define PT_LOAD	    1
#define PN_XNUM	    0xffff
#define SPAN_MAX    (1ULL << 30)
#define VADDR_TOP   0xfffffffffffff000ULL /* segments end below */

struct elf64_ehdr {
	UINT8 ident[16];
	UINT16 type, machine;
	UINT32 version;
	UINT64 entry, phoff, shoff;
	UINT32 flags;
	UINT16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	UINT32 type, flags;
	UINT64 offset, vaddr, paddr, filesz, memsz, align;
};

static const UINT8 elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

#define bad(...) (loader_error(KERNEL_PATH, __VA_ARGS__), EFI_LOAD_ERROR)

static EFI_STATUS check_header(const UINT8 *file, UINT64 size, struct elf64_ehdr *eh)
{
	if (size < EHDR_SIZE)
		return bad(L"truncated: %ld bytes, an ELF header needs %d", size, EHDR_SIZE);
	CopyMem(eh, file, sizeof(*eh));
	if (CompareMem(eh->ident, elf_magic, sizeof(elf_magic)))
		return bad(L"not an ELF file (bad magic)");
	if (eh->ident[4] != ELFCLASS64)
		return bad(L"not a 64-bit ELF file (class %d)", eh->ident[4]);
	if (eh->ident[5] != ELFDATA2LSB)
		return bad(L"not little endian (data encoding %d)", eh->ident[5]);
	if (eh->ident[6] != EV_CURRENT || eh->version != EV_CURRENT)
		return bad(L"unknown ELF version %d", eh->version);
	if (eh->machine != EM_X86_64)
		return bad(L"not an x86_64 file (machine %d)", eh->machine);
	if (eh->type != ET_EXEC)
		return bad(L"not a static executable (type %d, want ET_EXEC)", eh->type);
	if (eh->phentsize != PHDR_SIZE)
		return bad(L"program header size %d, want %d", eh->phentsize, PHDR_SIZE);
	if (eh->phnum == 0 || eh->phnum == PN_XNUM)
		return bad(L"unsupported program header count %d", eh->phnum);
	if (eh->phoff > size || (UINT64)eh->phnum * PHDR_SIZE > size - eh->phoff)
		return bad(L"truncated: program headers end at 0x%lx past end of file (0x%lx)",
			   eh->phoff + (UINT64)eh->phnum * PHDR_SIZE, size);
	return EFI_SUCCESS;
}

static EFI_STATUS check_segment(const struct elf64_phdr *ph, int i, UINT64 size)
{
	if (ph->offset > size || ph->filesz > size - ph->offset)
		return bad(L"truncated: segment %d ends at 0x%lx past end of file (0x%lx)", i,
			   ph->offset + ph->filesz, size);
	if (ph->filesz > ph->memsz)
		return bad(L"segment %d: file size 0x%lx exceeds memory size 0x%lx", i, ph->filesz,
			   ph->memsz);
	if (ph->vaddr < KERNEL_VIRT_BASE)
		return bad(L"segment %d: address 0x%lx below the kernel half (0x%lx)", i, ph->vaddr,
			   KERNEL_VIRT_BASE);
	if (ph->memsz > VADDR_TOP - ph->vaddr)
		return bad(L"segment %d: 0x%lx bytes at 0x%lx run off the top of the address space",
			   i, ph->memsz, ph->vaddr);
	if ((ph->flags & SEG_W) && (ph->flags & SEG_X))
		return bad(L"segment %d: writable and executable (W+X refused)", i);
	return EFI_SUCCESS;
}

static BOOLEAN share_page(const struct kernel_segment *a, const struct kernel_segment *b)
{
	UINT64 a0 = a->vaddr & PAGE_MASK, a1 = a->vaddr + a->memsz - 1;
	UINT64 b0 = b->vaddr & PAGE_MASK, b1 = b->vaddr + b->memsz - 1;

	return a0 <= (b1 & PAGE_MASK) && b0 <= (a1 & PAGE_MASK);
}

/* Pairwise: no overlap, and no page that would need W+X. */
static EFI_STATUS check_layout(const struct kernel_image *k)
{
	const struct kernel_segment *a, *b;
	UINTN i, j;

	for (i = 0; i < k->nseg; i++) {
		for (j = i + 1; j < k->nseg; j++) {
			a = &k->seg[i];
			b = &k->seg[j];
			if (a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz)
				return bad(L"segments %d and %d overlap", a->index, b->index);
			if (share_page(a, b) &&
			    ((a->flags | b->flags) & (SEG_W | SEG_X)) == (SEG_W | SEG_X))
				return bad(L"segments %d and %d share a page that would need W+X",
					   a->index, b->index);
		}
	}
	for (i = 0; i < k->nseg; i++) {
		a = &k->seg[i];
		if ((a->flags & SEG_X) && k->entry >= a->vaddr && k->entry - a->vaddr < a->memsz)
			break;
	}
	if (i == k->nseg)
		return bad(L"entry point 0x%lx is not inside an executable segment", k->entry);
	if (k->vend - (k->vstart & PAGE_MASK) > SPAN_MAX)
		return bad(L"segments span 0x%lx bytes (max 0x%lx)", k->vend - k->vstart, SPAN_MAX);
	return EFI_SUCCESS;
}

EFI_STATUS elf_check(const UINT8 *file, UINT64 size, struct kernel_image *k)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	struct kernel_segment *s;
	EFI_STATUS st;
	UINTN i;

	ZeroMem(k, sizeof(*k));
	st = check_header(file, size, &eh);
	if (EFI_ERROR(st))
		return st;
	k->entry = eh.entry;
	k->vstart = ~0ULL;
	for (i = 0; i < eh.phnum; i++) {
		CopyMem(&ph, file + eh.phoff + i * PHDR_SIZE, sizeof(ph));
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		st = check_segment(&ph, (int)i, size);
		if (EFI_ERROR(st))
			return st;
		if (k->nseg == KERNEL_MAX_SEGMENTS)
			return bad(L"more than %d loadable segments", KERNEL_MAX_SEGMENTS);
		s = &k->seg[k->nseg++];
		s->vaddr = ph.vaddr;
		s->memsz = ph.memsz;
		s->offset = ph.offset;
		s->filesz = ph.filesz;
		s->flags = ph.flags & (SEG_R | SEG_W | SEG_X);
		s->index = i;
		if (ph.vaddr < k->vstart)
			k->vstart = ph.vaddr;
		if (ph.vaddr + ph.memsz > k->vend)
			k->vend = ph.vaddr + ph.memsz;
	}
	if (k->nseg == 0)
		return bad(L"no loadable (PT_LOAD) segments");
	return check_layout(k);
}

EFI_STATUS elf_load(const UINT8 *file, struct kernel_image *k)
{
	UINT64 base = k->vstart & PAGE_MASK;
	const struct kernel_segment *s;
	EFI_STATUS st;
	UINTN i;

	k->pages = PAGES(k->vend - base);
	st = alloc_pages(k->pages, BOOT_MEM_KERNEL, SIZE_2M, &k->phys);
	if (EFI_ERROR(st)) {
		loader_error(KERNEL_PATH, L"no memory for the %ld byte image: %r",
			     k->pages * PAGE_SIZE, st);
		return st;
	}
	BS->SetMem((void *)k->phys, k->pages * PAGE_SIZE, 0);
	for (i = 0; i < k->nseg; i++) {
		s = &k->seg[i];
		if (s->filesz)
			BS->CopyMem((void *)(k->phys + s->vaddr - base), (void *)(file + s->offset),
				    s->filesz);
	}
	return EFI_SUCCESS;
}
