/*
 * Slab mechanics of the kernel heap: slabs of one page on their cache's
 * partial and full lists (empty ones, up to a reserve, stay on the partial
 * list), objects on a per-slab free list: alloc and free are O(1) outside
 * of getting or returning a page. Locking: the cache's lock covers its
 * lists, slabs and counters (*_locked functions expect it held). Pure:
 * pages and reports go through slab_ops (also built for host tests).
 */
#include <loom/string.h>
#include "slab_priv.h"

const struct slab_page_ops *slab_ops;
struct slab_counters slab_counters;

void slab_count(u64 *v, s64 delta)
{
	__atomic_fetch_add(v, (u64)delta, __ATOMIC_RELAXED);
}

static void list_add(struct kmem_cache *c, struct slab *s, u8 id)
{
	struct slab_list *l = &c->lists[id];

	s->list = id;
	s->prev = NULL;
	s->next = l->first;
	if (l->first)
		l->first->prev = s;
	l->first = s;
	l->count++;
}

static void list_del(struct kmem_cache *c, struct slab *s)
{
	struct slab_list *l = &c->lists[s->list];

	if (s->prev)
		s->prev->next = s->next;
	else
		l->first = s->next;
	if (s->next)
		s->next->prev = s->prev;
	l->count--;
}

static void list_move(struct kmem_cache *c, struct slab *s, u8 id)
{
	list_del(c, s);
	list_add(c, s, id);
}

static void cache_layout(struct kmem_cache *c, u32 size, u32 align, bool debug)
{
	u32 bytes = ALIGN_UP(size, 8); /* room for the free-list link */

	c->size = size;
	c->align = align;
	c->obj_bytes = bytes;
	c->obj_off = 0;
	c->track_off = 0;
	c->free_off = 0;
	c->slot = ALIGN_UP(bytes, align);
	c->debug = false;
	if (debug) {
		u32 off = ALIGN_UP(SLAB_RZ, align);
		u32 track = off + bytes + SLAB_RZ;
		u32 slot = ALIGN_UP(track + (u32)sizeof(struct slab_track), align);

		/* Too big for red zones in a page: this cache runs without. */
		if (slot <= PAGE_SIZE) {
			c->debug = true;
			c->obj_off = off;
			c->track_off = track;
			c->free_off =
				track - off + __builtin_offsetof(struct slab_track, free_next);
			c->slot = slot;
		}
	}
	c->objs = PAGE_SIZE / c->slot;
	c->recip = (u32)((1ULL << 32) / c->slot + 1);
}

void slab_cache_layout(struct kmem_cache *c, const char *name, u32 size, u32 align, bool debug)
{
	memset(c, 0, sizeof(*c));
	c->lock = (spinlock_t)SPINLOCK_INIT;
	strlcpy(c->name, name, sizeof(c->name));
	cache_layout(c, size, align, debug);
}

/* A new slab on the partial list, or NULL when out of memory. */
static struct slab *cache_grow(struct kmem_cache *c)
{
	void *head = NULL;
	phys_addr_t pa;
	struct slab *s;
	u8 *base;

	if (!c->objs || !slab_ops) /* before slab_setup() */
		return NULL;
	pa = slab_ops->alloc(1);
	if (!pa)
		return NULL;
	s = slab_frame_get(pa);
	if (!s) {
		slab_ops->free(pa, 1);
		return NULL;
	}
	base = slab_frame_virt(pa);
	for (u32 i = c->objs; i-- > 0;) {
		u8 *obj = base + i * c->slot + c->obj_off;

		if (c->debug)
			slab_debug_init_slot(c, obj);
		*(void **)(obj + c->free_off) = head;
		head = obj;
	}
	*s = (struct slab){ .freelist = head, .cache = c, .pa = pa, .kind = FRAME_SLAB };
	list_add(c, s, SLAB_PARTIAL);
	c->nr_empty++;
	slab_count(&slab_counters.slab_pages, 1);
	return s;
}

static void slab_release(struct kmem_cache *c, struct slab *s)
{
	list_del(c, s);
	s->cache = NULL;
	s->freelist = NULL;
	WRITE_ONCE(s->kind, FRAME_NONE);
	slab_ops->free(s->pa, 1);
	slab_count(&slab_counters.slab_pages, -1);
}

/* An object, NULL when out of memory, or NULL with r->bug set when a
 * damaged object was quarantined instead (the caller tries again). */
static void *alloc_locked(struct kmem_cache *c, u32 req, u64 site, struct slab_report *r)
{
	struct slab *s = c->lists[SLAB_PARTIAL].first;
	u8 *obj;
	void *next;

	if (!s && !(s = cache_grow(c)))
		return NULL;
	if (!s->inuse)
		c->nr_empty--;
	obj = s->freelist;
	next = *(void **)(obj + c->free_off);
	if (c->debug && !slab_debug_next_ok(c, obj, next)) {
		/* The rest of this slab's free list cannot be trusted: keep its
		 * free objects out of use, counted as quarantined. */
		u32 lost = c->objs - s->inuse;

		s->freelist = NULL;
		s->inuse = c->objs;
		c->inuse += lost;
		c->quarantined += lost;
		list_move(c, s, SLAB_FULL);
		*r = (struct slab_report){ .bug = SLAB_BUG_FREELIST, .ptr = obj };
		return NULL;
	}
	s->freelist = next;
	s->inuse++;
	c->inuse++;
	if (!next)
		list_move(c, s, SLAB_FULL);
	if (c->debug && slab_debug_alloc(c, obj, req, site, r)) {
		c->quarantined++;
		return NULL;
	}
	return obj;
}

void *slab_cache_alloc(struct kmem_cache *c, u32 req, u64 site)
{
	struct slab_report r;
	void *p;
	u64 flags;

	do {
		r.bug = SLAB_BUG_NONE;
		flags = slab_lock(&c->lock);
		p = alloc_locked(c, req, site, &r);
		slab_unlock(&c->lock, flags);
		if (r.bug) {
			r.cache = c->name;
			slab_report(&r);
		}
	} while (!p && r.bug);
	return p;
}

/* Is p the start of an object slot of slab s? */
bool slab_is_object(const struct kmem_cache *c, const struct slab *s, const void *p)
{
	u64 off = (uintptr_t)p - (uintptr_t)slab_frame_virt(s->pa) - c->obj_off;
	u32 i;

	if (off >= PAGE_SIZE)
		return false;
	i = slab_slot_index(c, off);
	return i < c->objs && off == (u64)i * c->slot;
}

static void free_locked(struct kmem_cache *c, struct slab *s, u8 *obj, u64 site,
			struct slab_report *r)
{
	if (!slab_is_object(c, s, obj)) {
		*r = (struct slab_report){ .bug = SLAB_BUG_NOT_OBJECT, .ptr = obj };
		return;
	}
	if (c->debug) {
		enum slab_bug bug = slab_debug_free(c, obj, site, r);

		if (bug != SLAB_BUG_NONE && bug != SLAB_BUG_DOUBLE_FREE)
			c->quarantined++;
		if (bug != SLAB_BUG_NONE)
			return;
	} else if (obj == s->freelist || !s->inuse) {
		/* Without debug data only the obvious double frees show. */
		*r = (struct slab_report){ .bug = SLAB_BUG_DOUBLE_FREE, .ptr = obj };
		return;
	}
	*(void **)(obj + c->free_off) = s->freelist;
	s->freelist = obj;
	c->inuse--;
	if (s->list == SLAB_FULL)
		list_move(c, s, SLAB_PARTIAL);
	/* An empty slab stays on the partial list (no list traffic when one
	 * object comes and goes); beyond the reserve its page goes back. */
	if (--s->inuse == 0 && ++c->nr_empty > SLAB_EMPTY_RESERVE) {
		c->nr_empty--;
		slab_release(c, s);
	}
}

/* Free p into its slab; want, when not NULL, is the cache the caller says
 * it belongs to. Anything wrong is reported and p left alone. */
void slab_free_object(struct kmem_cache *want, struct slab *s, const void *p, u64 site)
{
	struct kmem_cache *c = READ_ONCE(s->cache);
	struct slab_report r = { .bug = SLAB_BUG_NONE };
	u64 flags;

	if (!c) {
		r = (struct slab_report){ .bug = SLAB_BUG_NOT_HEAP, .ptr = p };
	} else if (want && want != c) {
		r = (struct slab_report){ .bug = SLAB_BUG_WRONG_CACHE, .ptr = p, .owner = c->name };
	} else {
		flags = slab_lock(&c->lock);
		free_locked(c, s, (u8 *)p, site, &r);
		slab_unlock(&c->lock, flags);
	}
	if (r.bug) {
		r.cache = want ? want->name : c ? c->name : "kmalloc";
		slab_report(&r);
	}
}

void slab_release_empty_locked(struct kmem_cache *c)
{
	struct slab *s, *next;

	for (s = c->lists[SLAB_PARTIAL].first; s; s = next) {
		next = s->next;
		if (!s->inuse)
			slab_release(c, s);
	}
	c->nr_empty = 0;
}

void slab_retire_locked(struct kmem_cache *c)
{
	struct slab *s;

	slab_release_empty_locked(c);
	/* Slabs left hold only quarantined objects: their pages stay out of
	 * use, and a later free into them is refused. */
	for (int l = SLAB_PARTIAL; l <= SLAB_FULL; l++) {
		while ((s = c->lists[l].first)) {
			list_del(c, s);
			s->cache = NULL;
			WRITE_ONCE(s->kind, FRAME_LEAKED);
			slab_count(&slab_counters.slab_pages, -1);
			slab_count(&slab_counters.leaked_pages, 1);
		}
	}
}
