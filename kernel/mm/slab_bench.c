/*
 * Microbenchmark of the kernel heap (CONFIG_KBENCH): kmalloc+kfree pairs,
 * ns per pair, for a few sizes (4096 is the page path). A warm-up round
 * first, then the best of three timed rounds. No locking of its own.
 */
#include <loom/kbench.h>
#include <loom/slab.h>

#define PAIRS  4096
#define ROUNDS 3

static const size_t sizes[] = { 16, 64, 256, 1024, 4096 };

static void bench_slab(void)
{
	for (u32 k = 0; k < ARRAY_SIZE(sizes); k++) {
		u64 best = ~0ULL;

		for (int round = 0; round <= ROUNDS; round++) {
			u64 t0 = kbench_now_ns(), dt;

			for (int i = 0; i < PAIRS; i++) {
				void *p = kmalloc(sizes[k]);

				/* Keep the pair from being optimised away. */
				__asm__ volatile("" : : "r"(p) : "memory");
				kfree(p);
			}
			dt = kbench_now_ns() - t0;
			if (round && dt < best) /* round 0 warms up */
				best = dt;
		}
		kbench_report("kmalloc_kfree", sizes[k], best / PAIRS, "ns");
	}
}
KBENCH(slab, bench_slab);
