/* In-kernel tests of the physical page allocator. */
#include <loom/ktest.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/string.h>

#define N 256
static phys_addr_t held[N];

static u64 rng_state = 0x9e3779b97f4a7c15ULL;
static u64 rng(void)
{
	return ktest_rand(&rng_state);
}

static void random_alloc_free_matches_model(struct ktest *t)
{
	struct page_stats before, after;
	u64 live = 0;

	page_alloc_stats(&before);
	memset(held, 0, sizeof(held));
	for (int step = 0; step < 4000; step++) {
		int i = (int)(rng() % N);

		if (held[i]) {
			/* The page still holds its own address: nobody else got it. */
			KEXPECT_EQ(t, *(u64 *)phys_to_virt(held[i]), held[i]);
			page_free(held[i]);
			held[i] = 0;
			live--;
		} else {
			held[i] = page_alloc();
			KASSERT_NE(t, held[i], 0);
			KEXPECT_EQ(t, held[i] & (PAGE_SIZE - 1), 0);
			*(u64 *)phys_to_virt(held[i]) = held[i];
			live++;
		}
		if (step % 500 == 0) {
			struct page_stats mid;

			page_alloc_stats(&mid);
			KEXPECT_EQ(t, mid.free, before.free - live);
		}
	}
	for (int i = 0; i < N; i++)
		if (held[i])
			page_free(held[i]);
	page_alloc_stats(&after);
	KEXPECT_EQ(t, after.free, before.free);
}

static void exhaustion_then_full_recovery(struct ktest *t)
{
	struct page_stats before, after;
	phys_addr_t head = 0, pa;
	u64 got = 0;

	page_alloc_stats(&before);
	/* Chain every free page through its first word. */
	while ((pa = page_alloc()) != 0) {
		*(u64 *)phys_to_virt(pa) = head;
		head = pa;
		got++;
	}
	KEXPECT_EQ(t, got, before.free);
	KEXPECT_EQ(t, page_alloc(), 0);
	while (head) {
		phys_addr_t next = *(u64 *)phys_to_virt(head);

		page_free(head);
		head = next;
	}
	page_alloc_stats(&after);
	KEXPECT_EQ(t, after.free, before.free);
}

static void contiguous_aligned(struct ktest *t)
{
	phys_addr_t pa = pages_alloc_contig(16, 64 * 1024);

	KASSERT_NE(t, pa, 0);
	KEXPECT_EQ(t, pa & (64 * 1024 - 1), 0);
	pages_free_contig(pa, 16);
	KEXPECT_EQ(t, pages_alloc_contig(0, PAGE_SIZE), 0);
	KEXPECT_EQ(t, pages_alloc_contig(1, 3000), 0);
}

/* After exhausting memory page by page and freeing it all, the pages must
 * have merged back: a large contiguous block is available again. */
static void contiguous_after_fragmentation(struct ktest *t)
{
	phys_addr_t pa = pages_alloc_contig(512, 2 * 1024 * 1024);

	KASSERT_NE(t, pa, 0);
	KEXPECT_EQ(t, pa & (2 * 1024 * 1024 - 1), 0);
	pages_free_contig(pa, 512);
}

KTEST_SUITE(mm, KTEST_CASE(random_alloc_free_matches_model),
	    KTEST_CASE(exhaustion_then_full_recovery), KTEST_CASE(contiguous_after_fragmentation),
	    KTEST_CASE(contiguous_aligned));
