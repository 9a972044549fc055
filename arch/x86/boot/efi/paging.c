/*
 * The kernel's first page tables: 4-level, in BOOT_MEM_LOADER pages. The
 * kernel image at its p_vaddr, a direct map and an identity map of physical
 * ranges. Mapping is idempotent (present entries are kept), so the final
 * memory map can be applied again after ExitBootServices from spare pages.
 */
#include "loader.h"

/*
 * PML4[511]: kernel PT_LOAD pages, 4 KiB, with the segment's permissions
 * (R: read-only NX, RW: NX, RX: read-only). PML4[256..383]: DIRECT_MAP_BASE
 * + phys, 1 GiB / 2 MiB pages where alignment allows, NX set in the PML4
 * entries only, because PML4[0..127] (pt_finish) share the lower levels
 * without NX: the identity map the loader runs on while it switches CR3.
 */

#define PTE_P	 (1ULL << 0)
#define PTE_W	 (1ULL << 1)
#define PTE_PS	 (1ULL << 7)
#define PTE_NX	 (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

#define PT_CHUNK    32	/* table pages allocated at a time */
#define PML4_DIRECT 256 /* PML4 index of DIRECT_MAP_BASE */
#define PML4_SPAN   (1ULL << 39)
#define IDENT_SLOTS 128 /* 64 TiB of physical address space */
#define PHYS_LIMIT  (IDENT_SLOTS * PML4_SPAN)

static UINT64 *table_alloc(struct page_tables *pt)
{
	UINT64 *p;

	if (pt->next == pt->end) {
		UINT64 phys;

		if (pt->sealed || alloc_pages(PT_CHUNK, BOOT_MEM_LOADER, PAGE_SIZE, &phys))
			return NULL;
		pt->next = phys;
		pt->end = phys + PT_CHUNK * PAGE_SIZE;
	}
	p = (UINT64 *)pt->next;
	pt->next += PAGE_SIZE;
	ZeroMem(p, PAGE_SIZE);
	return p;
}

/* May a leaf sit at this level (1: 4 KiB, 2: 2 MiB, 3: 1 GiB)? */
static BOOLEAN leaf_ok(const struct page_tables *pt, int level, BOOLEAN large)
{
	return level == 1 || (large && (level == 2 || (level == 3 && pt->gb_pages)));
}

/*
 * Map [virt, virt+len) to phys. leaf: flags of the last level; top: extra
 * flags of a PML4 entry this call creates. Present leaves are kept as they
 * are (the caller never maps one address to two places).
 */
static EFI_STATUS map_range(struct page_tables *pt, UINT64 virt, UINT64 phys, UINT64 len,
			    UINT64 leaf, UINT64 top, BOOLEAN large)
{
	UINT64 end = virt + len;

	while (virt < end) {
		UINT64 *table = (UINT64 *)pt->pml4;
		int level;

		for (level = 4; level >= 1; level--) {
			int shift = 12 + 9 * (level - 1);
			UINT64 size = 1ULL << shift;
			UINT64 *e = &table[(virt >> shift) & 511];
			UINT64 *next;

			if ((*e & PTE_P) && (level == 1 || (*e & PTE_PS))) {
				UINT64 step = size - (virt & (size - 1));

				virt += step;
				phys += step;
				break;
			}
			if (*e & PTE_P) {
				table = (UINT64 *)(*e & PTE_ADDR);
				continue;
			}
			if (leaf_ok(pt, level, large) && !((virt | phys) & (size - 1)) &&
			    end - virt >= size) {
				*e = phys | leaf | (level > 1 ? PTE_PS : 0);
				virt += size;
				phys += size;
				break;
			}
			next = table_alloc(pt);
			if (!next)
				return EFI_OUT_OF_RESOURCES;
			*e = (UINT64)next | PTE_P | PTE_W | (level == 4 ? top : 0);
			table = next;
		}
	}
	return EFI_SUCCESS;
}

EFI_STATUS pt_init(struct page_tables *pt)
{
	UINT64 *pml4;

	ZeroMem(pt, sizeof(*pt));
	pt->gb_pages = cpu_has_gb_pages();
	pt->nx = cpu_has_nx() ? PTE_NX : 0;
	pml4 = table_alloc(pt);
	if (!pml4) {
		loader_error(NULL, L"no memory for page tables");
		return EFI_OUT_OF_RESOURCES;
	}
	pt->pml4 = (UINT64)pml4;
	return EFI_SUCCESS;
}

/* Union of the permissions of every segment touching the page at va. */
static UINT32 page_flags(const struct kernel_image *k, UINT64 va)
{
	UINT32 flags = 0;
	UINTN i;

	for (i = 0; i < k->nseg; i++) {
		const struct kernel_segment *s = &k->seg[i];

		if (va + PAGE_SIZE > s->vaddr && va < s->vaddr + s->memsz)
			flags |= s->flags | SEG_R;
	}
	return flags;
}

EFI_STATUS pt_map_kernel(struct page_tables *pt, const struct kernel_image *k)
{
	UINT64 base = k->vstart & PAGE_MASK;
	UINT64 va, leaf;
	UINT32 flags;
	EFI_STATUS st;

	for (va = base; va < k->vend; va += PAGE_SIZE) {
		flags = page_flags(k, va);
		if (!flags)
			continue; /* a hole between segments */
		leaf = PTE_P;
		if (flags & SEG_W)
			leaf |= PTE_W;
		if (!(flags & SEG_X))
			leaf |= pt->nx;
		st = map_range(pt, va, k->phys + (va - base), PAGE_SIZE, leaf, 0, FALSE);
		if (EFI_ERROR(st)) {
			loader_error(NULL, L"no memory for page tables");
			return st;
		}
	}
	return EFI_SUCCESS;
}

EFI_STATUS pt_map_phys(struct page_tables *pt, UINT64 phys, UINT64 len)
{
	if (phys >= PHYS_LIMIT)
		return EFI_UNSUPPORTED;
	if (len > PHYS_LIMIT - phys)
		len = PHYS_LIMIT - phys;
	return map_range(pt, DIRECT_MAP_BASE + phys, phys, len, PTE_P | PTE_W, pt->nx, TRUE);
}

EFI_STATUS pt_reserve(struct page_tables *pt, UINTN pages)
{
	UINT64 phys;
	EFI_STATUS st;

	if ((pt->end - pt->next) / PAGE_SIZE >= pages)
		return EFI_SUCCESS;
	st = alloc_pages(pages, BOOT_MEM_LOADER, PAGE_SIZE, &phys);
	if (EFI_ERROR(st)) {
		loader_error(NULL, L"no memory for page tables: %r", st);
		return st;
	}
	pt->next = phys;
	pt->end = phys + pages * PAGE_SIZE;
	return EFI_SUCCESS;
}

void pt_finish(struct page_tables *pt)
{
	UINT64 *pml4 = (UINT64 *)pt->pml4;
	UINTN i;

	for (i = 0; i < IDENT_SLOTS; i++)
		pml4[i] = pml4[PML4_DIRECT + i] & ~PTE_NX;
	pt->sealed = TRUE;
}
