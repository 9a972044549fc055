/*
 * The kernel heap's core (kernel/mm/slab_*.c) on a fake page source: an
 * arena posing as physical memory, free pages poisoned for ASan, a limit to
 * run out. Random operations against a model (contents, byte owners, page
 * accounting); misuse reported with the right kind, the heap unharmed.
 */
#include "test.h"
#include <stdlib.h>
#include <sanitizer/asan_interface.h>
#include <uapi/loom/errno.h>
#include "../../kernel/mm/slab_priv.h"

#define ARENA_PAGES 1024
#define FAKE_BASE   0x100000ULL /* "physical" address of the arena */

static u8 *arena;
static u8 page_used[ARENA_PAGES];
static u64 pages_in_use, page_limit, bad_page_frees;
static u64 nr_reports[SLAB_BUG_NR], total_reports;
static struct slab_report last;

static phys_addr_t fake_alloc(u64 n)
{
	if (n > ARENA_PAGES || pages_in_use + n > page_limit)
		return 0;
	for (u64 i = 0; i + n <= ARENA_PAGES; i++) {
		if (memchr(page_used + i, 1, n))
			continue;
		memset(page_used + i, 1, n);
		pages_in_use += n;
		ASAN_UNPOISON_MEMORY_REGION(arena + i * PAGE_SIZE, n * PAGE_SIZE);
		return FAKE_BASE + i * PAGE_SIZE;
	}
	return 0;
}

static void fake_free(phys_addr_t pa, u64 n)
{
	u64 i = (pa - FAKE_BASE) / PAGE_SIZE;

	for (u64 k = 0; k < n; k++) {
		if (pa < FAKE_BASE || (pa & (PAGE_SIZE - 1)) || i + k >= ARENA_PAGES ||
		    !page_used[i + k])
			return (void)bad_page_frees++;
		page_used[i + k] = 0;
		pages_in_use--;
	}
	ASAN_POISON_MEMORY_REGION(arena + i * PAGE_SIZE, n * PAGE_SIZE);
}

static void fake_report(const struct slab_report *r)
{
	nr_reports[r->bug]++;
	total_reports++;
	last = *r;
}

static const struct slab_page_ops fake_ops = { fake_alloc, fake_free, fake_report };

static void env(bool debug)
{
	if (!arena)
		arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	ASAN_POISON_MEMORY_REGION(arena, ARENA_PAGES * PAGE_SIZE);
	memset(page_used, 0, sizeof(page_used));
	memset(nr_reports, 0, sizeof(nr_reports));
	pages_in_use = bad_page_frees = total_reports = 0;
	page_limit = ARENA_PAGES;
	slab_setup(&fake_ops, (u64)(uintptr_t)arena - FAKE_BASE,
		   FAKE_BASE + ARENA_PAGES * PAGE_SIZE, debug);
}

/* Every page the fake gave out is one the heap accounts for. */
static u64 heap_pages(void)
{
	struct slab_stats st;

	slab_stats(&st);
	return st.slab_pages + st.large_pages + st.meta_pages + st.quarantined_pages;
}

TEST(slab_slot_index_is_exact)
{
	struct kmem_cache c;
	int wrong = 0;

	for (u32 slot = 8; slot <= PAGE_SIZE; slot += 8) {
		slab_cache_layout(&c, "x", slot, 8, false);
		for (u64 off = 0; off < PAGE_SIZE; off++)
			wrong += slab_slot_index(&c, off) != off / slot;
	}
	EXPECT_EQ(wrong, 0);
}

TEST(slab_kmalloc_classes_and_ksize)
{
	static const size_t classes[] = { 16,  32,  48,	 64,  96,   128, 192,
					  256, 384, 512, 768, 1024, 2048 };
	void *a, *b;
	int wrong = 0;

	for (int debug = 0; debug < 2; debug++) {
		env(debug);
		for (size_t n = 0, k = 0; n <= 3 * PAGE_SIZE; n += n < 2100 ? 1 : 509) {
			u8 *p = kmalloc(n);
			size_t want = n;

			while (k < ARRAY_SIZE(classes) && classes[k] < n)
				k++;
			if (n > KMALLOC_MAX_CACHE_SIZE)
				want = ALIGN_UP(n, PAGE_SIZE);
			else if (!debug)
				want = classes[k]; /* the smallest class that fits */
			EXPECT_TRUE(p &&
				    (uintptr_t)p % (n > KMALLOC_MAX_CACHE_SIZE ? 4096 : 16) == 0);
			wrong += ksize(p) != want;
			memset(p, 0x5a, n);
			kfree(p);
		}
		EXPECT_EQ(wrong, 0);
		a = kmalloc(0); /* unique, no usable byte */
		b = kmalloc(0);
		EXPECT_TRUE(a && b && a != b && ksize(a) == (debug ? 0 : 16));
		kfree(a);
		kfree(b);
		EXPECT_TRUE(!kmalloc(1ULL << 40) && !kmalloc((size_t)-1));
		EXPECT_TRUE(total_reports == 0 && pages_in_use == heap_pages());
	}
}

/* The model: live allocations, and who owns each byte of the arena. */
#define NLIVE 512
static struct {
	u8 *p;
	size_t size;
	int src;
	u8 seed;
} live[NLIVE];
static u16 owner[ARENA_PAGES * PAGE_SIZE];

/* Take (who = i + 1) or give back (who = 0) the bytes of allocation i;
 * the count of bytes taken from someone else or outside the arena. */
static u64 own(int i, u16 who)
{
	size_t off = live[i].p - arena, n = MAX(live[i].size, 1);
	u64 clash = live[i].p < arena || off + n > ARRAY_SIZE(owner);

	for (size_t j = 0; j < n && off + j < ARRAY_SIZE(owner); j++) {
		clash += who && owner[off + j];
		owner[off + j] = who;
	}
	return clash;
}

static u8 fill(int i, size_t j)
{
	return (u8)(live[i].seed + j * 13 + (j >> 9));
}

static void release(int i, struct kmem_cache **c)
{
	if (live[i].src)
		kmem_cache_free(c[live[i].src - 1], live[i].p);
	else
		kfree(live[i].p);
	live[i].p = NULL;
}

static void random_model(bool debug, int *failed)
{
	static const size_t csize[3] = { 24, 100, 1000 }, calign[3] = { 8, 64, 512 };
	struct kmem_cache *c[3];
	u64 wrong = 0, step; /* wrong: damaged bytes, overlaps, bad sizes, alignments */

	env(debug);
	srand(debug ? 7 : 3);
	memset(live, 0, sizeof(live));
	memset(owner, 0, sizeof(owner));
	for (int k = 0; k < 3; k++)
		c[k] = kmem_cache_create("model", csize[k], calign[k]);
	for (step = 0; step < 60000; step++) {
		int i = rand() % NLIVE;

		if (live[i].p) {
			for (size_t j = 0; j < live[i].size; j++)
				wrong += live[i].p[j] != fill(i, j);
			wrong += own(i, 0);
			release(i, c);
			continue;
		}
		live[i].src = rand() % 2 ? 0 : 1 + rand() % 3;
		live[i].size = live[i].src  ? csize[live[i].src - 1]
			       : rand() % 8 ? (size_t)rand() % 700
					    : (size_t)rand() % (3 * PAGE_SIZE);
		live[i].seed = (u8)rand();
		live[i].p =
			live[i].src ? kmem_cache_alloc(c[live[i].src - 1]) : kmalloc(live[i].size);
		if (!live[i].p) /* out of memory: not expected here */
			break;
		wrong += own(i, (u16)(i + 1)) + (ksize(live[i].p) < live[i].size);
		wrong += (uintptr_t)live[i].p % (live[i].src ? calign[live[i].src - 1] : 16) != 0;
		for (size_t j = 0; j < live[i].size; j++)
			live[i].p[j] = fill(i, j);
		if (step % 5000 == 0)
			EXPECT_EQ(pages_in_use, heap_pages());
	}
	for (int i = 0; i < NLIVE; i++)
		if (live[i].p)
			release(i, c);
	for (int k = 0; k < 3; k++)
		EXPECT_EQ(kmem_cache_destroy(c[k]), 0);
	EXPECT_EQ(wrong, 0);
	EXPECT_TRUE(step == 60000 && total_reports == 0);
	EXPECT_EQ(bad_page_frees, 0);
	EXPECT_EQ(pages_in_use, heap_pages());
}

TEST(slab_random_matches_model)
{
	random_model(false, failed);
	random_model(true, failed);
}

/* Out of pages at every point of growing, including when a slab page was
 * got but the descriptor table needs one more: NULL, and nothing lost. */
TEST(slab_out_of_memory_returns_null)
{
	for (u64 extra = 0; extra < 12; extra++) {
		struct kmem_cache *c;
		void *head = NULL, *p;
		int n = 0;

		env(extra & 1);
		c = kmem_cache_create("oom", 2048, 0);
		page_limit = pages_in_use + extra;
		for (; (p = kmem_cache_alloc(c)) != NULL; n++) {
			*(void **)p = head;
			head = p;
		}
		EXPECT_TRUE(kmalloc(3 * PAGE_SIZE) == NULL && n <= (int)(2 * extra));
		for (; head; head = p) {
			p = *(void **)head;
			kmem_cache_free(c, head);
		}
		EXPECT_TRUE(kmem_cache_destroy(c) == 0 && pages_in_use == heap_pages());
		page_limit = ARENA_PAGES;
		EXPECT_TRUE((p = kmalloc(100)) != NULL);
		kfree(p);
		EXPECT_TRUE(total_reports == 0 && bad_page_frees == 0);
	}
}

TEST(slab_cache_lifecycle)
{
	struct slab_cache_stats st;
	struct kmem_cache *c;
	void *objs[320];
	u64 base;

	env(true);
	EXPECT_TRUE(!kmem_cache_create("x", 4097, 0) && !kmem_cache_create("x", 8, 24));
	/* Page-sized objects leave no room for red zones: debug is off. */
	c = kmem_cache_create("a-rather-long-cache-name-indeed", 4096, 4096);
	kmem_cache_stats(c, &st);
	EXPECT_TRUE(!st.debug && st.objs_per_slab == 1 &&
		    !strcmp(st.name, "a-rather-long-cache-nam"));
	objs[0] = kmem_cache_alloc(c);
	EXPECT_EQ((uintptr_t)objs[0] % PAGE_SIZE, 0);
	kmem_cache_free(c, objs[0]);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	env(false);
	c = kmem_cache_create("reserve", 128, 0);
	base = pages_in_use;
	for (int i = 0; i < 320; i++)
		objs[i] = kmem_cache_alloc(c);
	kmem_cache_stats(c, &st);
	EXPECT_TRUE(st.slabs == 10 && st.inuse == 320); /* 32 per page, all full */
	/* A full slab with a free object is used before a new page. */
	kmem_cache_free(c, objs[100]);
	objs[100] = kmem_cache_alloc(c);
	kmem_cache_stats(c, &st);
	EXPECT_EQ(st.slabs, 10);
	for (int i = 0; i < 320; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_stats(c, &st);
	EXPECT_TRUE(st.slabs == SLAB_EMPTY_RESERVE && st.empty_slabs == SLAB_EMPTY_RESERVE);
	kmem_cache_shrink(c);
	kmem_cache_stats(c, &st);
	EXPECT_EQ(st.slabs, 0);
	EXPECT_TRUE(pages_in_use <= base + 1); /* a descriptor-table page may stay */
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	EXPECT_EQ(total_reports, 0);
}

/* Exactly one report since the last call, of that bug, about that object. */
static void expect_report(enum slab_bug bug, const void *obj, const char *cache, int *failed)
{
	EXPECT_TRUE(total_reports == 1 && nr_reports[bug] == 1 && last.ptr == obj);
	EXPECT_STREQ(last.cache, cache);
	memset(nr_reports, 0, sizeof(nr_reports));
	total_reports = 0;
}

#define HERE(site) ((site) - (u64)(uintptr_t)test_slab_debug_reports_each_bug < 0x10000)

TEST(slab_debug_reports_each_bug)
{
	struct slab_cache_stats st;
	struct kmem_cache *c;
	u8 *p, *q, *a;

	env(true);
	c = kmem_cache_create("bugs", 64, 0);
	p = kmalloc(100); /* the red zone starts at the size asked for */
	p[100] = 1;
	kfree(p);
	expect_report(SLAB_BUG_OVERFLOW, p, "kmalloc-128", failed);
	EXPECT_TRUE(last.offset == 100 && last.value == 1 && last.expected == SLAB_RZ_BYTE);
	EXPECT_TRUE(HERE(last.alloc_site) && HERE(last.free_site));
	p = kmem_cache_alloc(c);
	p[-3] = 7;
	kmem_cache_free(c, p);
	expect_report(SLAB_BUG_UNDERFLOW, p, "bugs", failed);
	EXPECT_EQ(last.offset, -3);
	p = kmem_cache_alloc(c);
	kmem_cache_free(c, p);
	p[63] = 0;
	q = kmem_cache_alloc(c); /* p was next: found damaged and skipped */
	expect_report(SLAB_BUG_USE_AFTER_FREE, p, "bugs", failed);
	EXPECT_TRUE(last.offset == 63 && last.expected == SLAB_POISON && q && q != p);
	p = kmem_cache_alloc(c);
	kmem_cache_free(c, p);
	kmem_cache_free(c, q);
	kmem_cache_free(c, p); /* not twice in a row */
	expect_report(SLAB_BUG_DOUBLE_FREE, p, "bugs", failed);
	EXPECT_TRUE(HERE(last.alloc_site) && HERE(last.free_site));
	p = kmalloc(0);
	p[0] = 0;
	kfree(p);
	expect_report(SLAB_BUG_OVERFLOW, p, "kmalloc-16", failed);
	/* A damaged free-list link: the rest of that slab is set aside. */
	p = kmem_cache_alloc(c);
	q = kmem_cache_alloc(c);
	kmem_cache_free(c, q);
	kmem_cache_free(c, p);
	slab_track(c, p)->free_next = p + 1;
	a = kmem_cache_alloc(c);
	expect_report(SLAB_BUG_FREELIST, p, "bugs", failed);
	EXPECT_TRUE(a && a != p && a != q);
	kmem_cache_free(c, a);
	kmem_cache_stats(c, &st);
	EXPECT_TRUE(st.inuse == 0 && st.quarantined >= 3);
	EXPECT_EQ(kmem_cache_destroy(c), 0); /* only quarantined objects left */
	kfree(q);			     /* its slab was set aside */
	expect_report(SLAB_BUG_NOT_HEAP, q, "kmalloc", failed);
	EXPECT_EQ(bad_page_frees, 0);
	EXPECT_EQ(pages_in_use, heap_pages());
}

/* Caught without debug data too, and the heap stays sound. */
TEST(slab_bad_frees_without_debug)
{
	struct kmem_cache *c, *d;
	u8 *p, *q, *big;
	u64 local;

	env(false);
	c = kmem_cache_create("mine", 40, 0);
	d = kmem_cache_create("yours", 40, 0);
	p = kmalloc(32);
	kfree(p);
	kfree(p);
	expect_report(SLAB_BUG_DOUBLE_FREE, p, "kmalloc-32", failed);
	p = kmalloc(32);
	q = kmalloc(32);
	EXPECT_TRUE(p && q && p != q);
	kfree(p + 16);
	expect_report(SLAB_BUG_NOT_OBJECT, p + 16, "kmalloc-32", failed);
	kfree(&local);
	expect_report(SLAB_BUG_NOT_HEAP, &local, "kmalloc", failed);
	kfree(p);
	kfree(q);
	p = kmem_cache_alloc(c);
	kmem_cache_free(d, p);
	expect_report(SLAB_BUG_WRONG_CACHE, p, "yours", failed);
	EXPECT_STREQ(last.owner, "mine");
	EXPECT_EQ(kmem_cache_destroy(c), -EBUSY);
	expect_report(SLAB_BUG_BUSY, NULL, "mine", failed);
	EXPECT_EQ(last.count, 1);
	kmem_cache_free(c, p);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	EXPECT_EQ(kmem_cache_destroy(d), 0);
	big = kmalloc(2 * PAGE_SIZE);
	kfree(big);
	kfree(big);
	expect_report(SLAB_BUG_DOUBLE_FREE, big, "kmalloc-large", failed);
	EXPECT_EQ(bad_page_frees, 0);
	EXPECT_EQ(pages_in_use, heap_pages());
}
