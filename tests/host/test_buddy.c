/* The buddy allocator core against a page-by-page model, in a host arena. */
#include "test.h"
#include <loom/buddy.h>
#include <stdlib.h>
#include <uapi/loom/errno.h>

#define PAGES 4096ULL
#define BASE  0x100000ULL /* the arena's "physical" address */
#define PG    4096ULL

static unsigned char *arena;

static void *virt(u64 pa)
{
	return arena + (pa - BASE);
}

static void setup(struct buddy *b, u64 **bm)
{
	arena = aligned_alloc(4096, PAGES * PG);
	*bm = calloc(1, buddy_bitmap_bytes(PAGES));
	buddy_init(b, BASE, PAGES, *bm, virt);
}

TEST(buddy_regions_and_alignment)
{
	struct buddy b;
	u64 *bm;

	setup(&b, &bm);
	/* Two regions with a hole; odd sizes and starts. */
	buddy_add_range(&b, BASE + 3 * PG, 1000);
	buddy_add_range(&b, BASE + 2048 * PG, 2048);
	EXPECT_EQ(b.total_pages, 3048);
	EXPECT_EQ(b.free_pages, 3048);
	u64 big = buddy_alloc(&b, 11); /* 2048 pages: only the second region */
	EXPECT_EQ(big, BASE + 2048 * PG);
	EXPECT_EQ(buddy_alloc(&b, 11), 0);
	u64 p = buddy_alloc(&b, 3);
	EXPECT_TRUE(p && (p - BASE) % (8 * PG) == 0);
	EXPECT_EQ(buddy_free(&b, big, 11), 0);
	EXPECT_EQ(buddy_free(&b, big, 11), -EINVAL);		  /* double free */
	EXPECT_EQ(buddy_free(&b, big + PG, 0), -EINVAL);	  /* inside a free block */
	EXPECT_EQ(buddy_free(&b, BASE + PAGES * PG, 0), -EINVAL); /* outside */
	EXPECT_EQ(buddy_free(&b, p + PG, 3), -EINVAL);		  /* misaligned */
	EXPECT_EQ(buddy_free(&b, p, 3), 0);
	EXPECT_EQ(b.free_pages, 3048);
	free(arena);
	free(bm);
}

TEST(buddy_random_against_model)
{
	struct buddy b;
	u64 *bm;
	static unsigned char owner[PAGES]; /* 0 free, else allocation id */
	static struct {
		u64 pa;
		unsigned order;
	} live[512];
	int nlive = 0;

	setup(&b, &bm);
	memset(owner, 0, sizeof(owner));
	buddy_add_range(&b, BASE, PAGES);
	srand(6);
	for (int step = 0; step < 100000; step++) {
		if (nlive < 512 && (rand() % 3 || !nlive)) {
			unsigned order = rand() % 6 == 0 ? rand() % 9 : 0;
			u64 pa = buddy_alloc(&b, order);

			if (!pa)
				continue;
			u64 f = (pa - BASE) / PG;
			EXPECT_EQ(f % (1ULL << order), 0);
			for (u64 i = 0; i < (1ULL << order); i++) {
				if (owner[f + i]) {
					printf("    # step %d: page %llu handed out twice\n", step,
					       (unsigned long long)(f + i));
					*failed = 1;
					return;
				}
				owner[f + i] = 1;
			}
			live[nlive].pa = pa;
			live[nlive++].order = order;
		} else {
			int k = rand() % nlive;
			u64 f = (live[k].pa - BASE) / PG;

			EXPECT_EQ(buddy_free(&b, live[k].pa, live[k].order), 0);
			for (u64 i = 0; i < (1ULL << live[k].order); i++)
				owner[f + i] = 0;
			live[k] = live[--nlive];
		}
	}
	while (nlive) {
		nlive--;
		buddy_free(&b, live[nlive].pa, live[nlive].order);
	}
	EXPECT_EQ(b.free_pages, PAGES);
	/* Everything merged back: the whole arena is one block again. */
	EXPECT_EQ(buddy_alloc(&b, 12), BASE);
	free(arena);
	free(bm);
}

TEST(buddy_free_pages_any_length)
{
	struct buddy b;
	u64 *bm;

	setup(&b, &bm);
	buddy_add_range(&b, BASE, 1024);
	u64 p = buddy_alloc(&b, 10);
	EXPECT_EQ(p, BASE);
	/* Return 1000 of 1024 pages in pieces of odd lengths. */
	EXPECT_EQ(buddy_free_pages(&b, p + 24 * PG, 1000), 0);
	EXPECT_EQ(b.free_pages, 1000);
	EXPECT_EQ(buddy_free_pages(&b, p, 24), 0);
	EXPECT_EQ(buddy_alloc(&b, 10), BASE);
	EXPECT_EQ(buddy_order_for(1), 0);
	EXPECT_EQ(buddy_order_for(3), 2);
	EXPECT_EQ(buddy_order_for(1024), 10);
	free(arena);
	free(bm);
}
