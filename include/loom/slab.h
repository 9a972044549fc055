/*
 * The kernel heap (kernel/mm/slab*.c): object caches and kmalloc, backed by
 * the page allocator through the direct map. Every call may be made with
 * interrupts on or off; each cache has its own lock. Allocation returns
 * NULL when memory runs out and never panics. Misuse (double free, overflow,
 * a pointer that is not an object) is reported and survived, never fatal.
 */
#ifndef LOOM_SLAB_H
#define LOOM_SLAB_H

#include <loom/types.h>

struct kmem_cache;

/* kmalloc() memory is aligned to KMALLOC_MIN_ALIGN; sizes above
 * KMALLOC_MAX_CACHE_SIZE get whole pages (page aligned). */
#define KMALLOC_MIN_ALIGN      16
#define KMALLOC_MAX_CACHE_SIZE 2048
/* Largest object of a kmem_cache, and largest alignment. */
#define KMEM_CACHE_MAX_SIZE 4096

/*
 * A cache of objects of `size` bytes (1..KMEM_CACHE_MAX_SIZE) aligned to
 * `align` (0 for the default of 8, else a power of two up to 4096). The name
 * is copied (up to 23 characters). NULL on bad arguments or no memory.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);
/* 0; -EBUSY (and a report) while objects are live: the cache stays usable;
 * -EPERM for the kmalloc caches. NULL is a no-op. */
int kmem_cache_destroy(struct kmem_cache *c);
/* An object, or NULL when memory runs out. Contents are undefined. */
void *kmem_cache_alloc(struct kmem_cache *c);
void *kmem_cache_zalloc(struct kmem_cache *c);
/* p must come from kmem_cache_alloc(c); NULL is a no-op. */
void kmem_cache_free(struct kmem_cache *c, void *p);
/* Give the cache's empty slabs back to the page allocator. */
void kmem_cache_shrink(struct kmem_cache *c);

/*
 * size bytes, or NULL. Sizes 1..2048 come from size classes 16, 32, 48, 64,
 * 96, 128, 192, 256, 384, 512, 768, 1024, 2048; larger ones are contiguous
 * pages. kmalloc(0) returns a unique object with no usable bytes (from the
 * 16-byte class; with CONFIG_DEBUG_SLAB writing to it is an overflow).
 * Sizes larger than physical memory return NULL.
 */
void *kmalloc(size_t size);
/* kmalloc() with the first size bytes zeroed. */
void *kzalloc(size_t size);
/* Frees what kmalloc/kzalloc or kmem_cache_alloc returned; NULL is a no-op. */
void kfree(const void *p);
/*
 * Bytes usable at p, at least what was asked for: the size class (a cache's
 * object size), or whole pages for large allocations. With CONFIG_DEBUG_SLAB
 * an object's usable size is exactly what was asked for: the red zone starts
 * right after it. 0 for NULL or a pointer that is not a heap object.
 */
size_t ksize(const void *p);

/* Kinds of heap misuse a report names (see Documentation/mm.md). */
enum slab_bug {
	SLAB_BUG_NONE,
	SLAB_BUG_DOUBLE_FREE,	 /* freed twice (without debug: only twice in a row) */
	SLAB_BUG_OVERFLOW,	 /* red zone after the object written (debug)  */
	SLAB_BUG_UNDERFLOW,	 /* red zone before the object written (debug) */
	SLAB_BUG_USE_AFTER_FREE, /* poison of a free object written (debug)    */
	SLAB_BUG_WRONG_CACHE,	 /* kmem_cache_free() to another cache         */
	SLAB_BUG_NOT_OBJECT,	 /* heap memory, but not the start of an object */
	SLAB_BUG_NOT_HEAP,	 /* not heap memory at all                     */
	SLAB_BUG_FREELIST,	 /* free-list metadata damaged (debug)         */
	SLAB_BUG_BUSY,		 /* kmem_cache_destroy() with live objects     */
	SLAB_BUG_NR,
};

struct slab_cache_stats {
	const char *name;
	size_t object_size; /* as created (kmalloc: the class size)        */
	size_t slot_size;   /* bytes per object in a slab, debug data included */
	u32 objs_per_slab;  /* a slab is one page                           */
	bool debug;	    /* red zones and poisoning on for this cache    */
	u64 inuse;	    /* live objects                                 */
	u64 quarantined;    /* damaged objects kept out of use (debug)      */
	u64 slabs;	    /* pages, empty ones included                   */
	u64 empty_slabs;    /* pages kept in reserve                        */
};
void kmem_cache_stats(struct kmem_cache *c, struct slab_cache_stats *st);
/* Calls fn for every cache with the cache list locked: fn must not create
 * or destroy caches. */
void slab_for_each_cache(void (*fn)(const struct slab_cache_stats *st, void *arg), void *arg);

/* Pages the heap holds; with the page allocator's free count their sum is
 * constant while nothing else allocates pages. */
struct slab_stats {
	u64 slab_pages;	       /* pages of every cache's slabs           */
	u64 large_pages;       /* pages of kmalloc's large allocations   */
	u64 meta_pages;	       /* the page-descriptor table (kept)       */
	u64 quarantined_pages; /* slabs of destroyed caches that held damaged objects */
	u64 reports;	       /* misuse reports so far                  */
	u64 reports_by_bug[SLAB_BUG_NR];
};
void slab_stats(struct slab_stats *st);

/* Boot: right after the page allocator has all of memory. */
void slab_init(void);

#endif
