/*
 * Microbenchmark: anonymous mmap + munmap of 1..1500 pages, lazily without
 * touching, lazily touching every page (one fault each) and eagerly
 * (VM_POPULATE), in ns per page (CONFIG_KBENCH).
 */
#include <loom/kbench.h>
#include <loom/mm.h>
#include <loom/vm.h>

static const u64 counts[] = { 1, 10, 50, 100, 500, 1000, 1500 };

static u64 run(struct addr_space *as, u64 pages, int mode)
{
	u64 best = ~0ULL;

	for (int rep = 0; rep < 3; rep++) {
		u64 t0 = kbench_now_ns();
		s64 a = vm_mmap(as, 0, pages * PAGE_SIZE, VM_READ | VM_WRITE,
				mode == 2 ? VM_POPULATE : 0);

		if (a < 0)
			return 0;
		if (mode == 1)
			for (u64 i = 0; i < pages; i++)
				copy_to_user(a + i * PAGE_SIZE, "", 1);
		vm_munmap(as, a, pages * PAGE_SIZE);
		best = MIN(best, kbench_now_ns() - t0);
	}
	return best;
}

static void bench_mmap(void)
{
	static const char *const names[] = { "mmap_notouch", "mmap_touch", "mmap_populate" };
	struct addr_space as;

	if (as_create(&as))
		return;
	as_switch(&as);
	for (int mode = 0; mode < 3; mode++)
		for (unsigned i = 0; i < ARRAY_SIZE(counts); i++)
			kbench_report(names[mode], counts[i], run(&as, counts[i], mode) / counts[i],
				      "ns_per_page");
	as_switch(NULL);
	as_destroy(&as);
}
KBENCH(mmap, bench_mmap);
