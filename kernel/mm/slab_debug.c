/*
 * Heap debugging (CONFIG_DEBUG_SLAB): red zones around each object, poison
 * in free objects, and a track record (state, call sites, size asked for).
 * Checks run under the cache lock and fill a report; a damaged object is
 * quarantined (never handed out again), nothing panics. Pure: also built
 * for host tests.
 */
#include <loom/string.h>
#include "slab_priv.h"

typedef u64 __attribute__((may_alias)) word_t;

struct slab_track *slab_track(const struct kmem_cache *c, const void *obj)
{
	return (struct slab_track *)((uintptr_t)obj - c->obj_off + c->track_off);
}

/* First byte of [p, p + n) that is not b, or NULL. */
static const u8 *find_not(const void *p, u8 b, size_t n)
{
	const u8 *q = p, *end = q + n;
	u64 pattern = 0x0101010101010101ULL * b;

	while (q < end && ((uintptr_t)q & 7)) {
		if (*q != b)
			return q;
		q++;
	}
	while (end - q >= 8 && *(const word_t *)q == pattern)
		q += 8;
	for (; q < end; q++)
		if (*q != b)
			return q;
	return NULL;
}

/* Fill the report (the caller names the cache). */
static enum slab_bug found(struct slab_report *r, enum slab_bug bug, const u8 *obj, const u8 *bad,
			   u8 expected, const struct slab_track *t)
{
	*r = (struct slab_report){
		.bug = bug,
		.ptr = obj,
		.offset = bad ? bad - obj : 0,
		.value = bad ? *bad : 0,
		.expected = expected,
		.alloc_site = t->alloc_site,
		.free_site = t->free_site,
	};
	return bug;
}

void slab_debug_init_slot(const struct kmem_cache *c, void *obj)
{
	u8 *o = obj;
	struct slab_track *t = slab_track(c, obj);

	memset(o - c->obj_off, SLAB_RZ_BYTE, c->obj_off);
	memset(o, SLAB_POISON, c->obj_bytes);
	memset(o + c->obj_bytes, SLAB_RZ_BYTE, SLAB_RZ);
	*t = (struct slab_track){ .state = SLOT_FREE };
}

enum slab_bug slab_debug_alloc(const struct kmem_cache *c, void *obj, u32 req, u64 site,
			       struct slab_report *r)
{
	u8 *o = obj;
	struct slab_track *t = slab_track(c, obj);
	const u8 *bad;

	if (t->state != SLOT_FREE) {
		t->state = SLOT_QUARANTINED;
		return found(r, SLAB_BUG_FREELIST, o, NULL, 0, t);
	}
	bad = find_not(o - c->obj_off, SLAB_RZ_BYTE, c->obj_off);
	if (!bad)
		bad = find_not(o, SLAB_POISON, c->obj_bytes);
	if (!bad)
		bad = find_not(o + c->obj_bytes, SLAB_RZ_BYTE, SLAB_RZ);
	if (bad) {
		t->state = SLOT_QUARANTINED;
		return found(r, SLAB_BUG_USE_AFTER_FREE, o, bad,
			     bad >= o && bad < o + c->obj_bytes ? SLAB_POISON : SLAB_RZ_BYTE, t);
	}
	/* The red zone now starts at the size asked for; the object keeps its
	 * poison, so reads of uninitialised memory see 0x6b. */
	memset(o + req, SLAB_RZ_BYTE, c->obj_bytes - req);
	t->state = SLOT_LIVE;
	t->alloc_site = site;
	t->free_site = 0;
	t->req = req;
	return SLAB_BUG_NONE;
}

enum slab_bug slab_debug_free(const struct kmem_cache *c, void *obj, u64 site,
			      struct slab_report *r)
{
	u8 *o = obj;
	struct slab_track *t = slab_track(c, obj);
	const u8 *bad;

	if (t->state == SLOT_FREE || t->state == SLOT_QUARANTINED)
		return found(r, SLAB_BUG_DOUBLE_FREE, o, NULL, 0, t);
	if (t->state != SLOT_LIVE || t->req > c->obj_bytes) {
		t->state = SLOT_QUARANTINED;
		return found(r, SLAB_BUG_FREELIST, o, NULL, 0, t);
	}
	t->free_site = site;
	bad = find_not(o - c->obj_off, SLAB_RZ_BYTE, c->obj_off);
	if (bad) {
		t->state = SLOT_QUARANTINED;
		return found(r, SLAB_BUG_UNDERFLOW, o, bad, SLAB_RZ_BYTE, t);
	}
	bad = find_not(o + t->req, SLAB_RZ_BYTE, c->obj_bytes + SLAB_RZ - t->req);
	if (bad) {
		t->state = SLOT_QUARANTINED;
		return found(r, SLAB_BUG_OVERFLOW, o, bad, SLAB_RZ_BYTE, t);
	}
	memset(o, SLAB_POISON, c->obj_bytes);
	t->state = SLOT_FREE;
	return SLAB_BUG_NONE;
}

bool slab_debug_next_ok(const struct kmem_cache *c, const void *obj, const void *next)
{
	uintptr_t page = ALIGN_DOWN((uintptr_t)obj, PAGE_SIZE);
	uintptr_t n = (uintptr_t)next;
	u64 off;
	u32 i;

	if (!next)
		return true;
	if (n < page + c->obj_off || n >= page + PAGE_SIZE)
		return false;
	off = n - page - c->obj_off;
	i = slab_slot_index(c, off);
	return i < c->objs && off == (u64)i * c->slot;
}
