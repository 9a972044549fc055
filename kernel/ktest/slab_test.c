/*
 * In-kernel tests of the kernel heap (kernel/mm/slab*.c): sizes, alignment,
 * a random model, exhaustion and page recovery, busy caches, misuse reports
 * (with CONFIG_DEBUG_SLAB planted overflows, underflows, double frees and
 * writes after free). Runs alone: it owns the heap and the page allocator.
 */
#include <loom/ktest.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>

static u64 rng_state = 0x2545f4914f6cdd1dULL;
static u64 rng(void)
{
	return ktest_rand(&rng_state);
}

/* Pages free plus pages the heap holds: constant unless something leaks. */
static u64 pages_accounted(void)
{
	struct page_stats ps;
	struct slab_stats ss;

	page_alloc_stats(&ps);
	slab_stats(&ss);
	return ps.free + ss.slab_pages + ss.large_pages + ss.meta_pages + ss.quarantined_pages;
}

static void add_inuse(const struct slab_cache_stats *st, void *arg)
{
	*(u64 *)arg += st->inuse;
}

static u64 live_objects(void)
{
	u64 n = 0;

	slab_for_each_cache(add_inuse, &n);
	return n;
}

static u64 reports(enum slab_bug bug)
{
	struct slab_stats ss;

	slab_stats(&ss);
	return bug == SLAB_BUG_NONE ? ss.reports : ss.reports_by_bug[bug];
}

static void kmalloc_sizes_alignment_ksize(struct ktest *t)
{
	static const size_t sizes[] = { 1,    8,    15,	  16,	17,   33,   48,	   65,	 100,
					128,  200,  384,  513,	768,  1000, 1024,  1025, 2047,
					2048, 2049, 4095, 4096, 4097, 8192, 12289, 65536 };
	u64 before = pages_accounted();

	for (u32 i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i];
		u8 *p = kmalloc(n);

		KASSERT_TRUE(t, p != NULL);
		KEXPECT_EQ(t, (uintptr_t)p % (n > KMALLOC_MAX_CACHE_SIZE ? PAGE_SIZE : 16), 0);
		KEXPECT_LE(t, n, ksize(p));
		if (n <= KMALLOC_MAX_CACHE_SIZE)
			KEXPECT_LE(t, ksize(p), n <= 16 ? 16 : 2 * n);
		memset(p, 0xa5, n);
		kfree(p);
	}
	KEXPECT_EQ(t, pages_accounted(), before);
}

static void zero_and_huge_sizes(struct ktest *t)
{
	u64 r0 = reports(SLAB_BUG_NONE);
	void *a = kmalloc(0), *b = kmalloc(0);
	u8 *z;

	/* kmalloc(0) is a unique object with no usable bytes. */
	KEXPECT_TRUE(t, a && b && a != b);
	KEXPECT_LE(t, ksize(a), 16);
	kfree(a);
	kfree(b);
	KEXPECT_TRUE(t, kmalloc(1ULL << 40) == NULL);
	KEXPECT_TRUE(t, kzalloc(1ULL << 40) == NULL);
	KEXPECT_TRUE(t, kmalloc((size_t)-1) == NULL);
	KEXPECT_TRUE(t, kmalloc((size_t)-1 - PAGE_SIZE + 2) == NULL);
	kfree(NULL);
	KEXPECT_EQ(t, ksize(NULL), 0);
	z = kmalloc(200);
	KASSERT_TRUE(t, z != NULL);
	memset(z, 0xff, 200);
	kfree(z);
	z = kzalloc(200);
	KASSERT_TRUE(t, z != NULL);
	for (int i = 0; i < 200; i++)
		KEXPECT_EQ(t, z[i], 0);
	kfree(z);
	KEXPECT_EQ(t, reports(SLAB_BUG_NONE), r0);
}

/* The model: every live allocation, its size, source and fill seed. */
#define NSLOTS 384
static struct {
	u8 *p;
	size_t size;
	u8 src; /* 0: kmalloc, else caches[src - 1] */
	u8 seed;
} live[NSLOTS];

static struct kmem_cache *caches[3];
static const size_t cache_size[3] = { 24, 100, 1000 };
static const size_t cache_align[3] = { 0, 64, 512 };

static u8 pattern(u32 i, size_t j)
{
	return (u8)(live[i].seed + j * 31 + (j >> 8));
}

static bool contents_ok(u32 i)
{
	for (size_t j = 0; j < live[i].size; j++)
		if (live[i].p[j] != pattern(i, j))
			return false;
	return true;
}

/* Mostly small, some up to the largest class, some in pages. */
static size_t random_size(void)
{
	static const u32 limit[8] = { 17, 129, 129, 513, 513, 2049, 4097, 3 * 4096 };

	return rng() % limit[rng() % 8];
}

static void release(u32 i)
{
	if (live[i].src)
		kmem_cache_free(caches[live[i].src - 1], live[i].p);
	else
		kfree(live[i].p);
	live[i].p = NULL;
}

/* Contents intact, and no two live allocations overlap (a zero-size one
 * takes a byte). */
static void check_all(struct ktest *t)
{
	for (u32 i = 0; i < NSLOTS; i++)
		if (live[i].p)
			KEXPECT_TRUE(t, contents_ok(i));
	for (u32 i = 0; i < NSLOTS; i++)
		for (u32 j = i + 1; live[i].p && j < NSLOTS; j++)
			if (live[j].p && live[i].p < live[j].p + MAX(live[j].size, 1) &&
			    live[j].p < live[i].p + MAX(live[i].size, 1))
				KEXPECT_TRUE(t, !"live allocations overlap");
}

static void random_ops_match_model(struct ktest *t)
{
	u64 before = pages_accounted(), objs = live_objects();
	u64 r0 = reports(SLAB_BUG_NONE);

	for (int k = 0; k < 3; k++) {
		caches[k] = kmem_cache_create("test-model", cache_size[k], cache_align[k]);
		KASSERT_TRUE(t, caches[k] != NULL);
	}
	memset(live, 0, sizeof(live));
	for (int step = 0; step < 20000; step++) {
		u32 i = rng() % NSLOTS;

		if (live[i].p) {
			KEXPECT_TRUE(t, contents_ok(i));
			release(i);
		} else {
			u8 src = rng() % 2 ? 0 : 1 + rng() % 3;
			size_t size = src ? cache_size[src - 1] : random_size();
			size_t align = src ? cache_align[src - 1] : size > 2048 ? PAGE_SIZE : 16;
			u8 *p = src ? kmem_cache_alloc(caches[src - 1]) : kmalloc(size);

			KASSERT_TRUE(t, p != NULL);
			KEXPECT_EQ(t, (uintptr_t)p % MAX(align, 8), 0);
			KEXPECT_LE(t, size, ksize(p));
			live[i].p = p;
			live[i].size = size;
			live[i].src = src;
			live[i].seed = (u8)rng();
			for (size_t j = 0; j < size; j++)
				p[j] = pattern(i, j);
		}
		if (step % 1000 == 999)
			check_all(t);
	}
	for (u32 i = 0; i < NSLOTS; i++)
		if (live[i].p)
			release(i);
	for (int k = 0; k < 3; k++)
		KEXPECT_EQ(t, kmem_cache_destroy(caches[k]), 0);
	KEXPECT_EQ(t, live_objects(), objs);
	KEXPECT_EQ(t, pages_accounted(), before);
	KEXPECT_EQ(t, reports(SLAB_BUG_NONE), r0);
}

static void exhaustion_then_full_recovery(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-exhaust", 2048, 0);
	struct slab_cache_stats cs;
	struct page_stats ps, mid;
	struct slab_stats ss0, ss1;
	void *head = NULL, *p;
	u64 got = 0, bound, before = pages_accounted();

	KASSERT_TRUE(t, c != NULL);
	kmem_cache_stats(c, &cs);
	page_alloc_stats(&ps);
	slab_stats(&ss0);
	bound = (ps.free + 1) * cs.objs_per_slab;
	/* Chain every object through its first word, up to a bound. */
	while (got <= bound && (p = kmem_cache_alloc(c)) != NULL) {
		*(void **)p = head;
		head = p;
		got++;
	}
	KEXPECT_LE(t, got, bound);
	KEXPECT_LT(t, ps.free / 2, got / cs.objs_per_slab);
	page_alloc_stats(&mid);
	KEXPECT_LE(t, mid.free, 1); /* a page got but no room to describe it */
	KEXPECT_TRUE(t, kmem_cache_alloc(c) == NULL);
	while (head) {
		p = *(void **)head;
		kmem_cache_free(c, head);
		head = p;
	}
	kmem_cache_stats(c, &cs);
	KEXPECT_TRUE(t, cs.inuse == 0 && cs.empty_slabs <= 1); /* the reserve */
	KEXPECT_EQ(t, kmem_cache_destroy(c), 0);
	page_alloc_stats(&mid);
	slab_stats(&ss1);
	/* Every page is back, but for descriptor-table pages (kept). */
	KEXPECT_EQ(t, mid.free + (ss1.meta_pages - ss0.meta_pages), ps.free);
	KEXPECT_EQ(t, pages_accounted(), before);
}

static void destroy_refused_while_live(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-busy", 40, 8);
	u64 r0 = reports(SLAB_BUG_BUSY);
	void *p, *q;

	p = c ? kmem_cache_alloc(c) : NULL;
	KASSERT_TRUE(t, p != NULL);
	KEXPECT_EQ(t, kmem_cache_destroy(c), -EBUSY);
	KEXPECT_EQ(t, reports(SLAB_BUG_BUSY), r0 + 1);
	q = kmem_cache_zalloc(c); /* still usable */
	KASSERT_TRUE(t, q != NULL);
	KEXPECT_EQ(t, ((u64 *)q)[4], 0);
	kmem_cache_free(c, p);
	kmem_cache_free(c, q);
	KEXPECT_EQ(t, kmem_cache_destroy(c), 0);
	KEXPECT_EQ(t, kmem_cache_destroy(NULL), 0);
	KEXPECT_TRUE(t, kmem_cache_create("bad", 0, 0) == NULL);
	KEXPECT_TRUE(t, kmem_cache_create("bad", 8192, 0) == NULL);
	KEXPECT_TRUE(t, kmem_cache_create("bad", 64, 48) == NULL);
}

/* Caught with or without CONFIG_DEBUG_SLAB: each reported, nothing freed. */
static void bad_frees_reported(struct ktest *t)
{
	struct kmem_cache *a = kmem_cache_create("test-a", 32, 0);
	struct kmem_cache *b = kmem_cache_create("test-b", 32, 0);
	u64 local = 0, r0 = reports(SLAB_BUG_NONE);
	u8 *p = kmalloc(64), *big = kmalloc(3 * PAGE_SIZE), *x, *y;

	KASSERT_TRUE(t, a && b && p && big);
	kfree(&local);
	kfree(p + 8);
	kfree(big + 1);
	KEXPECT_EQ(t, reports(SLAB_BUG_NONE), r0 + 3);
	kfree(p);
	kfree(big);
	KEXPECT_EQ(t, reports(SLAB_BUG_NONE), r0 + 3);
	r0 = reports(SLAB_BUG_WRONG_CACHE);
	x = kmem_cache_alloc(a);
	kmem_cache_free(b, x);
	KEXPECT_EQ(t, reports(SLAB_BUG_WRONG_CACHE), r0 + 1);
	kmem_cache_free(a, x);
	/* Twice in a row: seen even without debug data; nothing is corrupted. */
	r0 = reports(SLAB_BUG_DOUBLE_FREE);
	p = kmalloc(32);
	kfree(p);
	kfree(p);
	KEXPECT_EQ(t, reports(SLAB_BUG_DOUBLE_FREE), r0 + 1);
	x = kmalloc(32);
	y = kmalloc(32);
	KEXPECT_TRUE(t, x && y && x != y);
	kfree(x);
	kfree(y);
	big = kmalloc(2 * PAGE_SIZE);
	KASSERT_TRUE(t, big != NULL);
	kfree(big);
	kfree(big);
	KEXPECT_EQ(t, reports(SLAB_BUG_DOUBLE_FREE), r0 + 2);
	KEXPECT_EQ(t, kmem_cache_destroy(a), 0);
	KEXPECT_EQ(t, kmem_cache_destroy(b), 0);
}

/* Plant one bug in a fresh cache with red zones: one report of that kind,
 * the object quarantined, and the cache still works and can be destroyed. */
static void plant(struct ktest *t, enum slab_bug bug)
{
	struct kmem_cache *c;
	struct slab_cache_stats st;
	struct slab_stats s0, s1;
	volatile u8 *p;
	u8 *q, *x, *y;

	if (!IS_ENABLED(CONFIG_DEBUG_SLAB)) {
		ktest_skip(t, "needs CONFIG_DEBUG_SLAB");
		return;
	}
	c = kmem_cache_create("test-plant", 64, 0);
	KASSERT_TRUE(t, c != NULL);
	slab_stats(&s0);
	p = kmem_cache_alloc(c);
	q = kmem_cache_alloc(c);
	KASSERT_TRUE(t, p && q);
	if (bug == SLAB_BUG_OVERFLOW)
		p[64] = 0x41;
	if (bug == SLAB_BUG_UNDERFLOW)
		p[-1] = 0x41;
	kmem_cache_free(c, (void *)p);
	if (bug == SLAB_BUG_DOUBLE_FREE) {
		kmem_cache_free(c, q); /* p is not the last one freed */
		kmem_cache_free(c, (void *)p);
		q = NULL;
	}
	if (bug == SLAB_BUG_USE_AFTER_FREE)
		p[10] = 0x42; /* p is next on the free list: found when handed out */
	x = kmem_cache_alloc(c);
	y = kmem_cache_alloc(c);
	slab_stats(&s1);
	KEXPECT_EQ(t, s1.reports_by_bug[bug], s0.reports_by_bug[bug] + 1);
	KEXPECT_EQ(t, s1.reports, s0.reports + 1);
	KEXPECT_TRUE(t, x && y && x != y);
	if (bug != SLAB_BUG_DOUBLE_FREE) /* p was freed once: it may come back */
		KEXPECT_TRUE(t, x != (u8 *)p && y != (u8 *)p);
	kmem_cache_stats(c, &st);
	KEXPECT_EQ(t, st.quarantined, bug == SLAB_BUG_DOUBLE_FREE ? 0 : 1);
	kmem_cache_free(c, x);
	kmem_cache_free(c, y);
	kmem_cache_free(c, q);
	KEXPECT_EQ(t, kmem_cache_destroy(c), 0);
	slab_stats(&s1); /* the quarantined object's page stays out of use */
	KEXPECT_EQ(t, s1.quarantined_pages, s0.quarantined_pages + (bug != SLAB_BUG_DOUBLE_FREE));
}

static void debug_double_free(struct ktest *t)
{
	plant(t, SLAB_BUG_DOUBLE_FREE);
}

static void debug_overflow(struct ktest *t)
{
	u64 r0 = reports(SLAB_BUG_OVERFLOW);
	volatile u8 *p;

	plant(t, SLAB_BUG_OVERFLOW);
	if (!IS_ENABLED(CONFIG_DEBUG_SLAB))
		return;
	/* kmalloc: the red zone starts at the size asked for, not the class. */
	p = kmalloc(100);
	KASSERT_TRUE(t, p != NULL);
	KEXPECT_EQ(t, ksize((void *)p), 100);
	p[100] = 0;
	kfree((void *)p);
	KEXPECT_EQ(t, reports(SLAB_BUG_OVERFLOW), r0 + 2);
}

static void debug_underflow(struct ktest *t)
{
	plant(t, SLAB_BUG_UNDERFLOW);
}

static void debug_write_after_free(struct ktest *t)
{
	plant(t, SLAB_BUG_USE_AFTER_FREE);
}

/* Exhaustion last: after it, memory is as fragmented as it gets. */
KTEST_SUITE(slab, KTEST_CASE(kmalloc_sizes_alignment_ksize), KTEST_CASE(zero_and_huge_sizes),
	    KTEST_CASE(random_ops_match_model), KTEST_CASE(destroy_refused_while_live),
	    KTEST_CASE(bad_frees_reported), KTEST_CASE(debug_double_free),
	    KTEST_CASE(debug_overflow), KTEST_CASE(debug_underflow),
	    KTEST_CASE(debug_write_after_free), KTEST_CASE(exhaustion_then_full_recovery));
