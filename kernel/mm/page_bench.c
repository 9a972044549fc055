/* Microbenchmark: page allocation and free, single pages (CONFIG_KBENCH). */
#include <loom/kbench.h>
#include <loom/page_alloc.h>

#define N 1024
static phys_addr_t pages[N];

static void bench_page_alloc(void)
{
	for (int round = 0; round < 3; round++) {
		u64 t0 = kbench_now_ns(), t1;

		for (int i = 0; i < N; i++)
			pages[i] = page_alloc();
		t1 = kbench_now_ns();
		for (int i = 0; i < N; i++)
			page_free(pages[i]);
		if (round == 2) {
			kbench_report("page_alloc", 1, (t1 - t0) / N, "ns");
			kbench_report("page_free", 1, (kbench_now_ns() - t1) / N, "ns");
		}
	}
}
KBENCH(page_alloc, bench_page_alloc);
