/*
 * Private to the kernel heap (kernel/mm/slab*.c, tests/host/test_slab.c):
 * caches, page descriptors, debug records and the page source. Locking: a
 * cache's lists and counters under its lock; the page-descriptor table's
 * growth under its own lock; order: cache list, cache, table, page allocator.
 * The pure files build on the host too, where the tests are single-threaded.
 */
#ifndef LOOM_SLAB_PRIV_H
#define LOOM_SLAB_PRIV_H

#include <loom/compiler.h>
#include <loom/mm.h>
#include <loom/slab.h>
#include <loom/spinlock.h>

#define SLAB_EMPTY_RESERVE 1	/* empty slabs a cache keeps */
#define SLAB_RZ		   16	/* red zone bytes on each side (debug) */
#define SLAB_POISON	   0x6b /* free object bytes (debug) */
#define SLAB_RZ_BYTE	   0xbb /* red zone bytes (debug) */

/* What a page is to the heap: the kind of its descriptor. */
enum frame_kind {
	FRAME_NONE,	   /* not the heap's */
	FRAME_SLAB,	   /* a slab of cache->objs objects */
	FRAME_LARGE,	   /* first page of a large kmalloc */
	FRAME_LARGE_FREED, /* was the first page of a large kmalloc, freed */
	FRAME_LEAKED,	   /* slab of a destroyed cache that held damaged objects */
};

/* A cache's lists. Empty slabs (at most SLAB_EMPTY_RESERVE) stay on the
 * partial list. */
enum { SLAB_PARTIAL, SLAB_FULL, SLAB_NR_LISTS };

/* Descriptor of one page, in the page-descriptor table (slab_frame.c). */
struct slab {
	void *freelist;		  /* SLAB: free objects, NULL when full */
	struct kmem_cache *cache; /* SLAB: the owner */
	struct slab *next, *prev; /* SLAB: on the owner's list s->list */
	phys_addr_t pa;		  /* the page */
	u32 inuse;		  /* SLAB: objects out, quarantined included */
	u8 kind;		  /* enum frame_kind */
	u8 list;		  /* SLAB: SLAB_PARTIAL or SLAB_FULL */
	u16 unused;
	u64 npages; /* LARGE: pages in the allocation */
	u64 site;   /* LARGE: return address of the allocation */
};

struct slab_list {
	struct slab *first;
	u64 count;
};

/*
 * A slot is what one object takes in a slab. Without debug: the object,
 * whose first word links it on the free list while it is free. With debug:
 *   [red zone][object][red zone][struct slab_track]
 * and the free-list link lives in the track, so all object bytes can be
 * poisoned. A per-CPU object cache (magazine) would sit in front of the
 * locked paths below and hold objects the lists count as in use.
 */
struct kmem_cache {
	spinlock_t lock;
	struct slab_list lists[SLAB_NR_LISTS];
	u32 size;      /* object size as created */
	u32 align;     /* object alignment (>= 8) */
	u32 slot;      /* bytes per slot, a multiple of align */
	u32 obj_off;   /* object offset in the slot */
	u32 obj_bytes; /* debug: size rounded up to 8, poisoned while free */
	u32 track_off; /* debug: struct slab_track offset in the slot */
	u32 free_off;  /* free-list link offset from the object */
	u32 objs;      /* objects per slab */
	u32 recip;     /* 2^32 / slot + 1: offset-to-index by multiplication */
	bool debug;    /* red zones, poison and tracking */
	bool builtin;  /* kmalloc caches and the cache of caches */
	u64 inuse;     /* objects out, quarantined included */
	u64 quarantined;
	u32 nr_empty;		 /* empty slabs, kept on the partial list */
	struct kmem_cache *next; /* all caches */
	char name[24];
};

#define SLOT_FREE	 0xf4eef4eeu
#define SLOT_LIVE	 0x11fe11feu
#define SLOT_QUARANTINED 0xbadbad00u

/* Debug record after each object's right red zone. */
struct slab_track {
	void *free_next; /* free-list link while free */
	u64 alloc_site;	 /* return addresses of the last allocation and free */
	u64 free_site;
	u32 state; /* SLOT_* */
	u32 req;   /* bytes asked for: the right red zone starts there */
};

/* One report: filled under a lock, printed after it is dropped. */
struct slab_report {
	enum slab_bug bug;
	const char *cache; /* the cache, or "kmalloc" when not known */
	const char *owner; /* WRONG_CACHE: the cache the object belongs to */
	const void *ptr;   /* the pointer passed or the object */
	s64 offset;	   /* bad byte relative to the object (red zones, poison) */
	u8 value;	   /* what was found there */
	u8 expected;	   /* what should have been there */
	u64 alloc_site, free_site;
	u64 count; /* BUSY: live objects */
};

/* Where pages come from and where reports go: the page allocator and the
 * log in the kernel (slab.c), a fake in the host tests. */
struct slab_page_ops {
	/* n contiguous pages, page aligned; 0 when there are none */
	phys_addr_t (*alloc)(u64 n);
	void (*free)(phys_addr_t pa, u64 n);
	void (*report)(const struct slab_report *r);
};

static inline u64 slab_lock(spinlock_t *l)
{
#if __STDC_HOSTED__
	(void)l; /* host tests: one thread, and cli would fault */
	return 0;
#else
	return spin_lock_irqsave(l);
#endif
}

static inline void slab_unlock(spinlock_t *l, u64 flags)
{
#if __STDC_HOSTED__
	(void)l;
	(void)flags;
#else
	spin_unlock_irqrestore(l, flags);
#endif
}

/* Slot index of an offset from the first object (exact for off < 2^20). */
static inline u32 slab_slot_index(const struct kmem_cache *c, u64 off)
{
	return (u32)((off * c->recip) >> 32);
}

/* Heap-wide counters, updated under different locks: atomics. */
struct slab_counters {
	u64 slab_pages, large_pages, leaked_pages;
	u64 reports, by_bug[SLAB_BUG_NR];
};

/* slab_core.c: slabs and objects */
extern const struct slab_page_ops *slab_ops;
extern struct slab_counters slab_counters;
void slab_count(u64 *v, s64 delta); /* atomic add */
/* A fresh cache (not yet on the cache list). */
void slab_cache_layout(struct kmem_cache *c, const char *name, u32 size, u32 align, bool debug);
/* An object of c whose first req bytes the caller may use, or NULL. */
void *slab_cache_alloc(struct kmem_cache *c, u32 req, u64 site);
bool slab_is_object(const struct kmem_cache *c, const struct slab *s, const void *p);
/* Free p, an object of slab s (want: the cache the caller names, or NULL). */
void slab_free_object(struct kmem_cache *want, struct slab *s, const void *p, u64 site);
void slab_release_empty_locked(struct kmem_cache *c);
/* Destroy: release the empty slabs, set aside those of quarantined objects. */
void slab_retire_locked(struct kmem_cache *c);

/* slab_cache.c: caches, statistics, set-up, reports */
void slab_cache_init(struct kmem_cache *c, const char *name, u32 size, u32 align, bool builtin);
/* Set up the heap: virtual = physical + virt_base for every page ops
 * gives, and ops never gives a page at or above phys_end. Resets all state
 * (the host tests call it once per test). 0 or -ENOMEM. */
int slab_setup(const struct slab_page_ops *ops, u64 virt_base, phys_addr_t phys_end, bool debug);
void slab_report(struct slab_report *r);
const char *slab_bug_name(enum slab_bug bug);

/* slab_kmalloc.c */
void slab_kmalloc_setup(void);
/* Free any heap pointer: slab object or large allocation; reports misuse. */
void slab_free_pointer(struct kmem_cache *want, const void *p, u64 site);

/* slab_frame.c: the page-descriptor table, pfn -> struct slab */
int slab_frames_setup(u64 virt_base, phys_addr_t phys_end);
/* Descriptor of the page holding p, or NULL when the table has none for
 * it. Lock-free: table pages, once there, stay. */
struct slab *slab_frame_lookup(const void *p);
/* Descriptor of page pa, making room in the table; NULL when out of memory
 * or pa is beyond phys_end. */
struct slab *slab_frame_get(phys_addr_t pa);
void *slab_frame_virt(phys_addr_t pa);
u64 slab_frames_meta_pages(void);
phys_addr_t slab_frames_phys_end(void);

/* slab_debug.c: the checks, run under the cache lock */
void slab_debug_init_slot(const struct kmem_cache *c, void *obj);
/* Checks a free object before handing it out and arms its red zone; NONE
 * or the bug, with *r filled and the object quarantined. */
enum slab_bug slab_debug_alloc(const struct kmem_cache *c, void *obj, u32 req, u64 site,
			       struct slab_report *r);
/* Checks an object being freed and poisons it; NONE or the bug (the
 * object is then left alone: quarantined, or already free). */
enum slab_bug slab_debug_free(const struct kmem_cache *c, void *obj, u64 site,
			      struct slab_report *r);
/* Is next a valid free-list successor in the slab of obj? */
bool slab_debug_next_ok(const struct kmem_cache *c, const void *obj, const void *next);
struct slab_track *slab_track(const struct kmem_cache *c, const void *obj);

#endif
