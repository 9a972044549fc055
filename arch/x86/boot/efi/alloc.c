/*
 * Tracked boot-services allocations.
 *
 * Pages get one of Loom's OS-defined EFI memory types so they show up in the
 * memory map as KERNEL, RAMDISK or LOADER regions. Every allocation is logged;
 * alloc_free_all() undoes them when the boot fails before ExitBootServices.
 */
#include "loader.h"

#define MAX_ALLOCS 32

struct alloc_rec {
	UINT64 addr;
	UINTN pages; /* 0: pool memory */
};

static struct alloc_rec allocs[MAX_ALLOCS];
static UINTN nallocs;

static EFI_STATUS log_alloc(UINT64 addr, UINTN pages)
{
	if (nallocs == MAX_ALLOCS) {
		if (pages)
			BS->FreePages(addr, pages);
		else
			BS->FreePool((void *)addr);
		loader_error(NULL, L"too many allocations (max %d)", MAX_ALLOCS);
		return EFI_OUT_OF_RESOURCES;
	}
	allocs[nallocs].addr = addr;
	allocs[nallocs].pages = pages;
	nallocs++;
	return EFI_SUCCESS;
}

/*
 * Over-allocate by align - 4 KiB and give back the unaligned head and tail.
 * Falls back to plain 4 KiB alignment when that much memory is not there.
 */
EFI_STATUS alloc_pages(UINTN pages, UINT32 boot_type, UINT64 align, UINT64 *phys)
{
	EFI_MEMORY_TYPE type = LOOM_EFI_TYPE(boot_type);
	EFI_PHYSICAL_ADDRESS a;
	EFI_STATUS st;

	if (align > PAGE_SIZE) {
		UINTN extra = align / PAGE_SIZE - 1;
		UINT64 aligned;
		UINTN head;

		st = BS->AllocatePages(AllocateAnyPages, type, pages + extra, &a);
		if (!EFI_ERROR(st)) {
			aligned = (a + align - 1) & ~(align - 1);
			head = (aligned - a) / PAGE_SIZE;
			if (head)
				BS->FreePages(a, head);
			if (extra - head)
				BS->FreePages(aligned + pages * PAGE_SIZE, extra - head);
			*phys = aligned;
			return log_alloc(aligned, pages);
		}
	}
	st = BS->AllocatePages(AllocateAnyPages, type, pages, &a);
	if (EFI_ERROR(st))
		return st;
	*phys = a;
	return log_alloc(a, pages);
}

EFI_STATUS alloc_pool(UINTN bytes, void **p)
{
	EFI_STATUS st;

	st = BS->AllocatePool(EfiLoaderData, bytes, p);
	if (EFI_ERROR(st))
		return st;
	return log_alloc((UINT64)*p, 0);
}

static void release(const struct alloc_rec *r)
{
	if (r->pages)
		BS->FreePages(r->addr, r->pages);
	else
		BS->FreePool((void *)r->addr);
}

void alloc_free(UINT64 addr)
{
	UINTN i;

	for (i = 0; i < nallocs; i++) {
		if (allocs[i].addr != addr)
			continue;
		release(&allocs[i]);
		allocs[i] = allocs[--nallocs];
		return;
	}
}

void alloc_free_all(void)
{
	while (nallocs)
		release(&allocs[--nallocs]);
}
