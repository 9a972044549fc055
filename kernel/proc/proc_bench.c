/*
 * Process benchmarks: the null system call (getpid round trips timed by
 * the user program itself, "utest bench") and spawn + wait of a program
 * that exits at once, timed in the kernel.
 */
#include <loom/kbench.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "capture.h"

#define SPAWN_ROUNDS 20

static void bench_syscall(void)
{
	const char *argv[] = { UTEST, "bench" };
	u64 ns;

	if (capture_figure(argv, 2, &ns)) {
		pr_info("bench: proc_syscall: %s did not run", UTEST);
		return;
	}
	kbench_report("syscall_getpid", 0, ns, "ns");
}
KBENCH(proc_syscall, bench_syscall);

static void bench_spawn(void)
{
	const char *argv[] = { UTEST, "exit", "0" };
	char status[PROC_STATUS_MAX];
	u64 v[SPAWN_ROUNDS];

	for (int i = 0; i < SPAWN_ROUNDS; i++) {
		u64 t0 = kbench_now_ns();
		struct process *p;

		if (proc_spawn(NULL, argv, 3, 0, &p)) {
			pr_info("bench: proc_spawn: %s did not run", UTEST);
			return;
		}
		proc_wait(p, status, sizeof(status), false);
		proc_put(p);
		v[i] = kbench_now_ns() - t0;
	}
	kbench_sort(v, SPAWN_ROUNDS);
	kbench_report("spawn_wait", 0, v[SPAWN_ROUNDS / 2] / 1000, "us");
}
KBENCH(proc_spawn, bench_spawn);
