/*
 * SMP microbenchmark (CONFIG_KBENCH, "smp"): smp_call_function() round trip
 * to one other CPU and to all, and tlb_shootdown() of 1 and of 64 pages,
 * median and worst of RUNS, in ns. Reports nothing on one CPU. Owns no
 * state beyond its samples.
 */
#include <loom/kbench.h>
#include <asm/smp.h>

#define RUNS 200

static void nop(void *arg)
{
}

static u64 samples[RUNS];

static void report(const char *name, const char *worst, u64 param)
{
	kbench_sort(samples, RUNS);
	kbench_report(name, param, samples[RUNS / 2], "ns");
	kbench_report(worst, param, samples[RUNS - 1], "ns");
}

static void bench_smp(void)
{
	unsigned cpus = smp_cpus_online();

	if (cpus < 2)
		return;
	for (int i = 0; i < RUNS; i++) {
		u64 t0 = kbench_now_ns();

		smp_call_function(1ULL << 1, nop, NULL, true);
		samples[i] = kbench_now_ns() - t0;
	}
	report("smp_call_one_round_trip", "smp_call_one_round_trip_worst", 1);
	for (int i = 0; i < RUNS; i++) {
		u64 t0 = kbench_now_ns();

		smp_call_function(SMP_ALL_OTHERS, nop, NULL, true);
		samples[i] = kbench_now_ns() - t0;
	}
	report("smp_call_all_round_trip", "smp_call_all_round_trip_worst", cpus - 1);
	for (int i = 0; i < RUNS; i++) {
		u64 t0 = kbench_now_ns();

		tlb_shootdown(0x40000000ULL, 1);
		samples[i] = kbench_now_ns() - t0;
	}
	report("tlb_shootdown_1_page", "tlb_shootdown_1_page_worst", cpus);
	for (int i = 0; i < RUNS; i++) {
		u64 t0 = kbench_now_ns();

		tlb_shootdown(0x40000000ULL, 64);
		samples[i] = kbench_now_ns() - t0;
	}
	report("tlb_shootdown_64_pages", "tlb_shootdown_64_pages_worst", cpus);
}
KBENCH(smp, bench_smp);
