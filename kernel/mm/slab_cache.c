/*
 * The object-cache API (see include/loom/slab.h): creating, destroying and
 * using caches, statistics, and setting the heap up. Locking: cache_list_lock
 * covers the list of caches and is taken before a cache's own lock. Pure:
 * also built for host tests.
 */
#include <loom/module.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>
#include "slab_priv.h"

#define RET_IP ((u64)(uintptr_t)__builtin_return_address(0))

static bool debug_default;
static struct kmem_cache cache_cache; /* struct kmem_cache objects */
static struct kmem_cache *cache_list;
static spinlock_t cache_list_lock = SPINLOCK_INIT;

static const char *const bug_names[SLAB_BUG_NR] = {
	[SLAB_BUG_NONE] = "no error",
	[SLAB_BUG_DOUBLE_FREE] = "double free",
	[SLAB_BUG_OVERFLOW] = "overflow (red zone after the object written)",
	[SLAB_BUG_UNDERFLOW] = "underflow (red zone before the object written)",
	[SLAB_BUG_USE_AFTER_FREE] = "write after free",
	[SLAB_BUG_WRONG_CACHE] = "object freed to the wrong cache",
	[SLAB_BUG_NOT_OBJECT] = "free of a pointer that is not the start of an object",
	[SLAB_BUG_NOT_HEAP] = "free of a pointer that is not heap memory",
	[SLAB_BUG_FREELIST] = "free-list metadata damaged",
	[SLAB_BUG_BUSY] = "cache destroyed with objects in use",
};

const char *slab_bug_name(enum slab_bug bug)
{
	return (unsigned)bug < SLAB_BUG_NR ? bug_names[bug] : "?";
}

void slab_report(struct slab_report *r)
{
	slab_count(&slab_counters.reports, 1);
	slab_count(&slab_counters.by_bug[r->bug], 1);
	if (slab_ops && slab_ops->report)
		slab_ops->report(r);
}

void slab_cache_init(struct kmem_cache *c, const char *name, u32 size, u32 align, bool builtin)
{
	struct kmem_cache **pp;
	u64 flags;

	slab_cache_layout(c, name, size, align, debug_default);
	c->builtin = builtin;
	flags = slab_lock(&cache_list_lock);
	for (pp = &cache_list; *pp; pp = &(*pp)->next)
		;
	*pp = c;
	slab_unlock(&cache_list_lock, flags);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c;

	if (!align)
		align = 8;
	if (!name || !size || size > KMEM_CACHE_MAX_SIZE || align > PAGE_SIZE ||
	    (align & (align - 1)))
		return NULL;
	c = slab_cache_alloc(&cache_cache, sizeof(*c), RET_IP);
	if (c)
		slab_cache_init(c, name, (u32)size, (u32)MAX(align, 8), false);
	return c;
}
EXPORT_SYMBOL(kmem_cache_create);

int kmem_cache_destroy(struct kmem_cache *c)
{
	struct kmem_cache **pp;
	u64 lf, flags, live;

	if (!c)
		return 0;
	if (c->builtin)
		return -EPERM;
	lf = slab_lock(&cache_list_lock);
	flags = slab_lock(&c->lock);
	live = c->inuse - c->quarantined;
	if (live) {
		struct slab_report r = { .bug = SLAB_BUG_BUSY, .cache = c->name, .count = live };

		slab_unlock(&c->lock, flags);
		slab_unlock(&cache_list_lock, lf);
		slab_report(&r);
		return -EBUSY;
	}
	slab_retire_locked(c);
	for (pp = &cache_list; *pp && *pp != c; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = c->next;
	slab_unlock(&c->lock, flags);
	slab_unlock(&cache_list_lock, lf);
	slab_free_pointer(&cache_cache, c, RET_IP);
	return 0;
}
EXPORT_SYMBOL(kmem_cache_destroy);

void *kmem_cache_alloc(struct kmem_cache *c)
{
	return slab_cache_alloc(c, c->size, RET_IP);
}
EXPORT_SYMBOL(kmem_cache_alloc);

void *kmem_cache_zalloc(struct kmem_cache *c)
{
	void *p = slab_cache_alloc(c, c->size, RET_IP);

	if (p)
		memset(p, 0, c->size);
	return p;
}
EXPORT_SYMBOL(kmem_cache_zalloc);

void kmem_cache_free(struct kmem_cache *c, void *p)
{
	if (p)
		slab_free_pointer(c, p, RET_IP);
}
EXPORT_SYMBOL(kmem_cache_free);

void kmem_cache_shrink(struct kmem_cache *c)
{
	u64 flags = slab_lock(&c->lock);

	slab_release_empty_locked(c);
	slab_unlock(&c->lock, flags);
}
EXPORT_SYMBOL(kmem_cache_shrink);

void kmem_cache_stats(struct kmem_cache *c, struct slab_cache_stats *st)
{
	u64 flags = slab_lock(&c->lock);

	*st = (struct slab_cache_stats){
		.name = c->name,
		.object_size = c->size,
		.slot_size = c->slot,
		.objs_per_slab = c->objs,
		.debug = c->debug,
		.inuse = c->inuse - c->quarantined,
		.quarantined = c->quarantined,
		.slabs = c->lists[SLAB_PARTIAL].count + c->lists[SLAB_FULL].count,
		.empty_slabs = c->nr_empty,
	};
	slab_unlock(&c->lock, flags);
}
EXPORT_SYMBOL(kmem_cache_stats);

void slab_for_each_cache(void (*fn)(const struct slab_cache_stats *st, void *arg), void *arg)
{
	struct slab_cache_stats st;
	u64 flags = slab_lock(&cache_list_lock);

	for (struct kmem_cache *c = cache_list; c; c = c->next) {
		kmem_cache_stats(c, &st);
		fn(&st, arg);
	}
	slab_unlock(&cache_list_lock, flags);
}
EXPORT_SYMBOL(slab_for_each_cache);

void slab_stats(struct slab_stats *st)
{
	const struct slab_counters *n = &slab_counters;

	st->slab_pages = READ_ONCE(n->slab_pages);
	st->large_pages = READ_ONCE(n->large_pages);
	st->meta_pages = slab_frames_meta_pages();
	st->quarantined_pages = READ_ONCE(n->leaked_pages);
	st->reports = READ_ONCE(n->reports);
	for (int i = 0; i < SLAB_BUG_NR; i++)
		st->reports_by_bug[i] = READ_ONCE(n->by_bug[i]);
}
EXPORT_SYMBOL(slab_stats);

int slab_setup(const struct slab_page_ops *ops, u64 virt_base, phys_addr_t phys_end, bool debug)
{
	slab_ops = ops;
	debug_default = debug;
	cache_list = NULL;
	cache_list_lock = (spinlock_t)SPINLOCK_INIT;
	memset(&slab_counters, 0, sizeof(slab_counters));
	memset(&cache_cache, 0, sizeof(cache_cache));
	if (!phys_end || slab_frames_setup(virt_base, phys_end))
		return -ENOMEM;
	slab_cache_init(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 8, true);
	slab_kmalloc_setup();
	return 0;
}
