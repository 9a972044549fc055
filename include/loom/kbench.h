/*
 * In-kernel microbenchmarks (CONFIG_KBENCH). KBENCH(name, fn) registers a
 * benchmark in the .kbench section; a kernel booted with "kbench" (or
 * "kbench=a,b") runs them after boot and leaves QEMU. Each benchmark
 * reports its figures with kbench_report(), printed as
 * "bench NAME PARAM VALUE UNIT" lines, the format of ../shared/bench.
 * Time with kbench_now_ns() (TSC based).
 */
#ifndef LOOM_KBENCH_H
#define LOOM_KBENCH_H

#include <loom/compiler.h>
#include <loom/types.h>

struct kbench {
	const char *name;
	void (*fn)(void);
};

#define KBENCH(bname, bfn)                                                      \
	static const struct kbench __kbench_##bname __used __section(".kbench") \
		__aligned(8) = { #bname, bfn }

/* One figure: "bench <name> <param> <value> <unit>". */
void kbench_report(const char *name, u64 param, u64 value, const char *unit);
u64 kbench_now_ns(void);
/* Sort samples in place (insertion sort: benchmarks keep few samples),
 * e.g. to report a median. */
void kbench_sort(u64 *v, int n);
void kbench_run_all(void);

#endif
