/*
 * kmalloc, kfree and ksize (see include/loom/slab.h): sizes up to 2048 from
 * size-class caches, larger ones as contiguous pages whose first page's
 * descriptor records the allocation. kfree finds any pointer's page
 * descriptor in O(1) (slab_frame.c). Locking: the class caches' own locks;
 * a large allocation's descriptor is claimed by an atomic exchange on free.
 * Pure: also built for host tests.
 */
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/string.h>
#include "slab_priv.h"

#define RET_IP ((u64)(uintptr_t)__builtin_return_address(0))

static const u16 class_sizes[] = { 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 2048 };
static struct kmem_cache kmalloc_caches[ARRAY_SIZE(class_sizes)];
static u8 class_of[KMALLOC_MAX_CACHE_SIZE / 16]; /* (size - 1) / 16 -> class */
static char class_names[ARRAY_SIZE(class_sizes)][16];

void slab_kmalloc_setup(void)
{
	u32 k = 0;

	for (u32 i = 0; i < ARRAY_SIZE(class_sizes); i++) {
		snprintf(class_names[i], sizeof(class_names[i]), "kmalloc-%u", class_sizes[i]);
		slab_cache_init(&kmalloc_caches[i], class_names[i], class_sizes[i],
				KMALLOC_MIN_ALIGN, true);
	}
	for (u32 i = 0; i < ARRAY_SIZE(class_of); i++) {
		while (class_sizes[k] < (i + 1) * 16)
			k++;
		class_of[i] = (u8)k;
	}
}

static void *large_alloc(size_t size, u64 site)
{
	phys_addr_t pa;
	struct slab *s;
	u64 n;

	/* Also keeps the page count below from overflowing. */
	if (!slab_ops || size > slab_frames_phys_end())
		return NULL;
	n = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	pa = slab_ops->alloc(n);
	if (!pa)
		return NULL;
	s = slab_frame_get(pa);
	if (!s) {
		slab_ops->free(pa, n);
		return NULL;
	}
	s->cache = NULL;
	s->freelist = NULL;
	s->pa = pa;
	s->npages = n;
	s->site = site;
	__atomic_store_n(&s->kind, FRAME_LARGE, __ATOMIC_RELEASE);
	slab_count(&slab_counters.large_pages, (s64)n);
	return slab_frame_virt(pa);
}

static void large_free(struct slab *s, const void *p, struct slab_report *r)
{
	u8 expect = FRAME_LARGE;

	if (p != slab_frame_virt(s->pa)) {
		*r = (struct slab_report){ .bug = SLAB_BUG_NOT_OBJECT, .ptr = p };
		return;
	}
	/* Of two frees racing, one wins; the other is a double free. */
	if (!__atomic_compare_exchange_n(&s->kind, &expect, FRAME_LARGE_FREED, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
		*r = (struct slab_report){ .bug = SLAB_BUG_DOUBLE_FREE,
					   .ptr = p,
					   .alloc_site = s->site };
		return;
	}
	slab_ops->free(s->pa, s->npages);
	slab_count(&slab_counters.large_pages, -(s64)s->npages);
}

void slab_free_pointer(struct kmem_cache *want, const void *p, u64 site)
{
	struct slab *s = slab_frame_lookup(p);
	u8 kind = s ? __atomic_load_n(&s->kind, __ATOMIC_ACQUIRE) : FRAME_NONE;
	bool large = kind == FRAME_LARGE || kind == FRAME_LARGE_FREED;
	struct slab_report r = { .bug = SLAB_BUG_NONE };

	if (kind == FRAME_SLAB) {
		slab_free_object(want, s, p, site);
		return;
	}
	if (!large)
		r = (struct slab_report){ .bug = SLAB_BUG_NOT_HEAP, .ptr = p };
	else if (want)
		r = (struct slab_report){ .bug = SLAB_BUG_WRONG_CACHE,
					  .ptr = p,
					  .owner = "kmalloc-large" };
	else
		large_free(s, p, &r);
	if (r.bug) {
		r.cache = want ? want->name : large ? "kmalloc-large" : "kmalloc";
		slab_report(&r);
	}
}

static void *do_kmalloc(size_t size, u64 site)
{
	if (size <= KMALLOC_MAX_CACHE_SIZE) {
		/* kmalloc(0): a unique 16-byte object with 0 usable bytes */
		u32 k = class_of[size ? (size - 1) >> 4 : 0];

		return slab_cache_alloc(&kmalloc_caches[k], (u32)size, site);
	}
	return large_alloc(size, site);
}

void *kmalloc(size_t size)
{
	return do_kmalloc(size, RET_IP);
}
EXPORT_SYMBOL(kmalloc);

void *kzalloc(size_t size)
{
	void *p = do_kmalloc(size, RET_IP);

	if (p)
		memset(p, 0, size);
	return p;
}
EXPORT_SYMBOL(kzalloc);

void kfree(const void *p)
{
	if (p)
		slab_free_pointer(NULL, p, RET_IP);
}
EXPORT_SYMBOL(kfree);

size_t ksize(const void *p)
{
	struct slab *s = p ? slab_frame_lookup(p) : NULL;
	u8 kind = s ? __atomic_load_n(&s->kind, __ATOMIC_ACQUIRE) : FRAME_NONE;
	struct kmem_cache *c;

	if (kind == FRAME_LARGE)
		return p == slab_frame_virt(s->pa) ? s->npages * PAGE_SIZE : 0;
	c = kind == FRAME_SLAB ? READ_ONCE(s->cache) : NULL;
	if (!c || !slab_is_object(c, s, p))
		return 0;
	return c->debug ? slab_track(c, p)->req : c->size;
}
EXPORT_SYMBOL(ksize);
