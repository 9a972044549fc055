/*
 * Scheduler microbenchmarks (CONFIG_KBENCH): yield with no other thread
 * (no switch), yield between two threads (a switch each), a wake-up through
 * a completion to the woken thread running, and thread create + join.
 */
#include <loom/kbench.h>
#include <loom/mutex.h>
#include <loom/thread.h>

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

static void bench_sched(void)
{
	struct sched_stats s0, s1;
	struct thread *t;
	u64 t0;

	t0 = kbench_now_ns();
	for (int i = 0; i < N; i++)
		yield();
	kbench_report("yield_alone", 1, (kbench_now_ns() - t0) / N, "ns");

	stop = false;
	t = thread_create("yielder", yielder, NULL, 0);
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

	completion_init(&ping);
	completion_init(&pong);
	t = thread_create("ponger", ponger, NULL, 0);
	if (!t)
		return;
	t0 = kbench_now_ns();
	for (int i = 0; i < N; i++) {
		complete(&ping);
		wait_for_completion(&pong);
	}
	kbench_report("wake_pingpong", 1, (kbench_now_ns() - t0) / (2 * N), "ns_per_wakeup");
	thread_join(t);

	t0 = kbench_now_ns();
	for (int i = 0; i < 200; i++) {
		t = thread_create("bench", nothing, NULL, 0);
		if (!t)
			return;
		thread_join(t);
	}
	kbench_report("thread_create_join", 1, (kbench_now_ns() - t0) / 200, "ns");
}
KBENCH(sched, bench_sched);
