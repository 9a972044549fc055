/*
 * Buddy allocator core (kernel/mm/buddy.c): pure, host-tested.
 *
 * Manages page frames in [base, base + span pages). Free blocks of 2^k pages
 * sit on per-order doubly linked lists threaded through the free memory
 * itself (reached through ops->virt); a bitmap with one bit per page marks
 * the first page of every free block, so a freed block finds its free
 * buddy in O(1). Memory is added by region (buddy_add_range), each cut into
 * maximal aligned blocks: the cost depends on the number of regions, not
 * their size. Every operation is O(MAX_ORDER). The caller serializes.
 */
#ifndef LOOM_BUDDY_H
#define LOOM_BUDDY_H

#include <loom/types.h>

#define BUDDY_MAX_ORDER 20 /* blocks up to 2^20 pages (4 GiB) */

struct buddy {
	u64 base;			/* physical address of frame 0 of the span (page aligned) */
	u64 span;			/* frames covered by the bitmap                          */
	u64 *bitmap;			/* span bits: frame starts a free block                  */
	void *(*virt)(u64 pa);		/* where the allocator may read/write a free frame */
	u64 heads[BUDDY_MAX_ORDER + 1]; /* first free block of each order, 0 = none */
	u64 free_pages;
	u64 total_pages;
};

/* Bytes of bitmap needed for span frames. */
static inline u64 buddy_bitmap_bytes(u64 span)
{
	return (span + 63) / 64 * 8;
}

/* Initialize for [base, base + span * 4096); bitmap must be zeroed. */
void buddy_init(struct buddy *b, u64 base, u64 span, u64 *bitmap, void *(*virt)(u64 pa));
/* Give [pa, pa + pages * 4096) to the allocator. */
void buddy_add_range(struct buddy *b, u64 pa, u64 pages);
/* A block of 2^order pages aligned to its size, or 0. */
u64 buddy_alloc(struct buddy *b, unsigned order);
/* Free a block of 2^order pages returned by buddy_alloc (or a part of one
 * that is itself an aligned 2^order block). Returns 0, or -EINVAL if the
 * block lies outside the span, is misaligned or is already free. */
int buddy_free(struct buddy *b, u64 pa, unsigned order);
/* Free n pages starting at pa (any n): split into aligned blocks. */
int buddy_free_pages(struct buddy *b, u64 pa, u64 n);
/* Smallest order whose block holds n pages. */
unsigned buddy_order_for(u64 n);

#endif
