/*
 * The heap's page-descriptor table: a struct slab for every page the heap
 * uses, found from any address in O(1) through a three-level table indexed
 * by page frame number (top array, mid pages of leaf pointers, leaf pages of
 * 64 descriptors). Table pages are added under frame_lock on first use and
 * never freed, so lookups take no lock. Pure: also built for host tests.
 */
#include <loom/string.h>
#include <uapi/loom/errno.h>
#include "slab_priv.h"

#define LEAF_FRAMES (PAGE_SIZE / sizeof(struct slab)) /* descriptors per leaf page */
#define MID_LEAVES  (PAGE_SIZE / sizeof(void *))      /* leaf pointers per mid page */
#define MID_FRAMES  (LEAF_FRAMES * MID_LEAVES)	      /* pages one mid page covers */

_Static_assert(sizeof(struct slab) == 64, "a page descriptor is one cache line");

static struct slab ***top; /* [pfn / MID_FRAMES]: mid pages */
static u64 top_len;
static u64 virt_base;
static phys_addr_t phys_end;
static u64 meta_pages;
static spinlock_t frame_lock = SPINLOCK_INIT;

void *slab_frame_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + virt_base);
}

int slab_frames_setup(u64 vbase, phys_addr_t end)
{
	u64 pfns = (end + PAGE_SIZE - 1) >> PAGE_SHIFT;
	u64 n;
	phys_addr_t pa;

	virt_base = vbase;
	phys_end = end;
	top_len = (pfns + MID_FRAMES - 1) / MID_FRAMES;
	n = (top_len * sizeof(*top) + PAGE_SIZE - 1) / PAGE_SIZE;
	pa = n ? slab_ops->alloc(n) : 0;
	if (!pa) {
		top = NULL;
		top_len = 0;
		phys_end = 0; /* every lookup fails */
		meta_pages = 0;
		return -ENOMEM;
	}
	top = slab_frame_virt(pa);
	memset(top, 0, n * PAGE_SIZE);
	meta_pages = n;
	frame_lock = (spinlock_t)SPINLOCK_INIT;
	return 0;
}

struct slab *slab_frame_lookup(const void *p)
{
	/* Below virt_base the subtraction wraps to far above phys_end. */
	u64 pa = (u64)(uintptr_t)p - virt_base;
	u64 pfn = pa >> PAGE_SHIFT;
	struct slab **mid;
	struct slab *leaf;

	if (pa >= phys_end)
		return NULL;
	mid = __atomic_load_n(&top[pfn / MID_FRAMES], __ATOMIC_ACQUIRE);
	if (!mid)
		return NULL;
	leaf = __atomic_load_n(&mid[pfn / LEAF_FRAMES % MID_LEAVES], __ATOMIC_ACQUIRE);
	if (!leaf)
		return NULL;
	return &leaf[pfn % LEAF_FRAMES];
}

static void *table_page(void)
{
	phys_addr_t pa = slab_ops->alloc(1);
	void *p;

	if (!pa)
		return NULL;
	p = slab_frame_virt(pa);
	memset(p, 0, PAGE_SIZE);
	meta_pages++;
	return p;
}

struct slab *slab_frame_get(phys_addr_t pa)
{
	u64 pfn = pa >> PAGE_SHIFT;
	struct slab *s = NULL;
	struct slab **mid;
	struct slab *leaf;
	u64 flags;

	if (pa >= phys_end)
		return NULL;
	s = slab_frame_lookup(slab_frame_virt(pa));
	if (s)
		return s;
	flags = slab_lock(&frame_lock);
	mid = top[pfn / MID_FRAMES];
	if (!mid) {
		mid = table_page();
		if (!mid)
			goto out;
		__atomic_store_n(&top[pfn / MID_FRAMES], mid, __ATOMIC_RELEASE);
	}
	leaf = mid[pfn / LEAF_FRAMES % MID_LEAVES];
	if (!leaf) {
		leaf = table_page();
		if (!leaf)
			goto out;
		__atomic_store_n(&mid[pfn / LEAF_FRAMES % MID_LEAVES], leaf, __ATOMIC_RELEASE);
	}
	s = &leaf[pfn % LEAF_FRAMES];
out:
	slab_unlock(&frame_lock, flags);
	return s;
}

u64 slab_frames_meta_pages(void)
{
	return READ_ONCE(meta_pages);
}

phys_addr_t slab_frames_phys_end(void)
{
	return phys_end;
}
