/*
 * Scheduler microbenchmarks (CONFIG_KBENCH): yield with no other thread
 * (no switch), yield between two threads on one CPU (a switch each), a
 * wake-up through a completion to the woken thread running, on one CPU and
 * across two CPUs (a reschedule IPI each way), and thread create + join.
 * Each runs in threads bound to the CPUs it names, so that placement does
 * not change what is measured.
 */
#include <loom/kbench.h>
#include <loom/mutex.h>
#include <loom/thread.h>
#include <asm/smp.h>

#define N 2000

static volatile bool stop;

static void yielder(void *arg)
{
	while (!READ_ONCE(stop))
		yield();
}

static struct completion ping, pong;

static void ponger(void *arg)
{
	for (int i = 0; i < N; i++) {
		wait_for_completion(&ping);
		complete(&pong);
	}
}

static void nothing(void *arg)
{
}

/* Ping-pong through two completions with the partner on CPU cpu. */
static void pingpong(const char *name, unsigned cpu)
{
	struct thread *t;
	u64 t0;

	completion_init(&ping);
	completion_init(&pong);
	t = thread_create_on("ponger", ponger, NULL, 0, cpu);
	if (!t)
		return;
	t0 = kbench_now_ns();
	for (int i = 0; i < N; i++) {
		complete(&ping);
		wait_for_completion(&pong);
	}
	kbench_report(name, 1, (kbench_now_ns() - t0) / (2 * N), "ns_per_wakeup");
	thread_join(t);
}

/* The benchmarks, run by a thread bound to CPU 0. */
static void driver(void *arg)
{
	struct sched_stats s0, s1;
	struct thread *t;
	u64 t0;

	t0 = kbench_now_ns();
	for (int i = 0; i < N; i++)
		yield();
	kbench_report("yield_alone", 1, (kbench_now_ns() - t0) / N, "ns");

	stop = false;
	t = thread_create_on("yielder", yielder, NULL, 0, 0);
	if (!t)
		return;
	yield(); /* let it start */
	sched_get_stats(&s0);
	t0 = kbench_now_ns();
	for (int i = 0; i < N; i++)
		yield();
	sched_get_stats(&s1);
	kbench_report("yield_switch", 2, (kbench_now_ns() - t0) / (s1.switches - s0.switches + 1),
		      "ns_per_switch");
	stop = true;
	thread_join(t);

	pingpong("wake_pingpong", 0);
	if (smp_cpus_online() > 1)
		pingpong("wake_pingpong_cross_cpu", 1);

	t0 = kbench_now_ns();
	for (int i = 0; i < 200; i++) {
		t = thread_create_on("bench", nothing, NULL, 0, 0);
		if (!t)
			return;
		thread_join(t);
	}
	kbench_report("thread_create_join", 1, (kbench_now_ns() - t0) / 200, "ns");
}

static void bench_sched(void)
{
	struct thread *t = thread_create_on("sched-bench", driver, NULL, 0, 0);

	if (t)
		thread_join(t);
}
KBENCH(sched, bench_sched);
