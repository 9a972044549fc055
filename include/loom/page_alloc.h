/*
 * Physical page allocator (kernel/mm/page_alloc.c).
 *
 * A buddy allocator over all usable RAM, taken in region by region at boot
 * (start-up cost depends on the number of regions, not on the amount of
 * RAM), with a per-CPU cache of single pages in front: page_alloc() and
 * page_free() are O(1). Contiguous, aligned blocks come from the buddy and
 * survive fragmentation (freed pages merge back). Pages are not zeroed
 * unless asked. Locking: one spinlock (irqsave) for the buddy.
 */
#ifndef LOOM_PAGE_ALLOC_H
#define LOOM_PAGE_ALLOC_H

#include <loom/types.h>

void page_alloc_init(void);
/* One page, or 0 when memory is exhausted. */
phys_addr_t page_alloc(void);
/* A zeroed page, or 0. */
phys_addr_t page_alloc_zeroed(void);
void page_free(phys_addr_t pa);
/* n contiguous pages aligned to `align` bytes (a power of two >= 4096), or 0. */
phys_addr_t pages_alloc_contig(u64 n, u64 align);
void pages_free_contig(phys_addr_t pa, u64 n);
/* Hand the loader's regions (BOOT_MEM_LOADER) to the allocator. */
void page_alloc_release_loader(void);

struct page_stats {
	u64 total; /* pages the allocator manages */
	u64 free;  /* pages free now              */
};
void page_alloc_stats(struct page_stats *st);

#endif
