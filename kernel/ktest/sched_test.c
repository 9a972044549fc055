/*
 * Scheduler tests: threads run and are joined; CPU-bound threads share the
 * CPU fairly (Jain's index) and, under EEVDF, in proportion to their
 * weights; a sleeper wakes promptly under load; counters hammered under a
 * spinlock and a mutex come out exact; a storm of thread creations and
 * exits leaks nothing; FPU state survives switches.
 */
#include <loom/kstack.h>
#include <loom/ktest.h>
#include <loom/mutex.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <uapi/loom/errno.h>

#define MS (1000ULL * 1000ULL)

static volatile bool stop;

static void exit_with_arg(void *arg)
{
	thread_exit((int)(uintptr_t)arg);
}

static void threads_run_and_join(struct ktest *t)
{
	struct thread *th[8];

	for (int i = 0; i < 8; i++) {
		th[i] = thread_create("joinme", exit_with_arg, (void *)(uintptr_t)(i + 100), 0);
		KASSERT_TRUE(t, th[i] != NULL);
	}
	for (int i = 0; i < 8; i++)
		KEXPECT_EQ(t, thread_join(th[i]), i + 100);
}

static void spin_until_stop(void *arg)
{
	while (!READ_ONCE(stop))
		__asm__ volatile("pause");
}

/* The CPU tests crowd onto: the last one online (the only one on 1 CPU). */
static unsigned crowd_cpu(void)
{
	return smp_cpus_online() - 1;
}

/* A thread on CPU cpu, or anywhere when cpu is ANY_CPU. */
#define ANY_CPU (~0u)
static struct thread *start_on(const char *name, void (*fn)(void *), void *arg, int nice,
			       unsigned cpu)
{
	return cpu == ANY_CPU ? thread_create(name, fn, arg, nice)
			      : thread_create_on(name, fn, arg, nice, cpu);
}

/* Run n hogs with these nice values for ms (on cpu, or anywhere), return
 * their CPU times (us) and, in cpus, the CPUs they ended on. */
static bool run_hogs(struct ktest *t, int n, const int *nice, u64 ms, u64 *us, unsigned cpu,
		     unsigned *cpus)
{
	struct thread *th[8];

	stop = false;
	for (int i = 0; i < n; i++) {
		th[i] = start_on("hog", spin_until_stop, NULL, nice[i], cpu);
		if (!KEXPECT_TRUE(t, th[i] != NULL))
			return false;
	}
	sleep_ns(ms * MS);
	for (int i = 0; i < n; i++) {
		us[i] = thread_cpu_ns(th[i]) / 1000;
		if (cpus)
			cpus[i] = READ_ONCE(th[i]->cpu);
	}
	stop = true;
	for (int i = 0; i < n; i++)
		thread_join(th[i]);
	return true;
}

/* Jain's index of n CPU times = sum^2 / (n * sum of squares), x1000. */
static u64 jain_x1000(const u64 *us, int n)
{
	u64 sum = 0, sq = 0;

	for (int i = 0; i < n; i++) {
		sum += us[i];
		sq += us[i] * us[i];
	}
	return sq ? sum * sum * 1000 / (n * sq) : 0;
}

static void fair_case(struct ktest *t, int n, unsigned cpu)
{
	static const int nice[8];
	struct sched_stats a, b;
	u64 us[8], j, lo = ~0ULL, hi = 0;

	sched_get_stats(&a);
	if (!run_hogs(t, n, nice, 400, us, cpu, NULL))
		return;
	sched_get_stats(&b);
	j = jain_x1000(us, n);
	for (int i = 0; i < n; i++) {
		lo = MIN(lo, us[i]);
		hi = MAX(hi, us[i]);
	}
	pr_info("sched test: %d hogs on %s: CPU us %llu..%llu, %llu migrations, Jain index "
		"0.%03llu",
		n, cpu == ANY_CPU ? "any CPU" : "one CPU", lo, hi, b.migrations - a.migrations, j);
	KEXPECT_LE(t, 950, j);
}

/* Equal weights sharing one CPU. */
static void equal_weights_are_fair(struct ktest *t)
{
	fair_case(t, 4, crowd_cpu());
}

/* More hogs than CPUs, placed by the scheduler: balancing must rotate them
 * so that each gets the same share, not only those sharing a CPU. */
static void more_threads_than_cpus_are_fair(struct ktest *t)
{
	fair_case(t, (int)MIN(smp_cpus_online() + 2, 8), ANY_CPU);
}

/* As many hogs as CPUs: balancing gives each a CPU of its own within a
 * second (sampled every 10 ms). */
static void threads_spread_over_cpus(struct ktest *t)
{
	unsigned n = MIN(smp_cpus_online(), 8);
	struct thread *th[8];
	u64 seen = 0, distinct = 0;
	int waited;

	if (n < 2)
		return ktest_skip(t, "needs 2 CPUs");
	stop = false;
	for (unsigned i = 0; i < n; i++) {
		th[i] = thread_create("hog", spin_until_stop, NULL, 0);
		if (!KEXPECT_TRUE(t, th[i] != NULL)) {
			n = i;
			break;
		}
	}
	for (waited = 0; waited < 100 && distinct < n; waited++) {
		sleep_ns(10 * MS);
		seen = distinct = 0;
		for (unsigned i = 0; i < n; i++)
			seen |= 1ULL << READ_ONCE(th[i]->cpu);
		for (u64 m = seen; m; m &= m - 1)
			distinct++;
	}
	stop = true;
	for (unsigned i = 0; i < n; i++)
		thread_join(th[i]);
	pr_info("sched test: %u hogs on CPUs mask 0x%llx after %d ms", n, seen, waited * 10);
	KEXPECT_EQ(t, distinct, (u64)n);
}

static void weights_give_proportional_time(struct ktest *t)
{
	static const int nice[2] = { 0, 5 };
	u64 us[2], want_x1000, got_x1000;

	if (!IS_ENABLED(CONFIG_SCHED_EEVDF))
		return ktest_skip(t, "round-robin ignores nice");
	if (!run_hogs(t, 2, nice, 800, us, crowd_cpu(), NULL))
		return;
	KASSERT_NE(t, us[1], 0);
	want_x1000 = 1000ULL * sched_nice_to_weight(0) / sched_nice_to_weight(5);
	got_x1000 = 1000 * us[0] / us[1];
	pr_info("sched test: nice 0 vs 5: %llu/%llu us, ratio %llu/1000 (weights %llu/1000)", us[0],
		us[1], got_x1000, want_x1000);
	KEXPECT_LE(t, got_x1000 * 100, want_x1000 * 110);
	KEXPECT_LE(t, want_x1000 * 90, got_x1000 * 100);
}

static u64 worst_late_ns, worst_switches;

static void sleeper(void *arg)
{
	for (int i = 0; i < 20; i++) {
		u64 t0 = clock_monotonic_ns();

		sleep_ns(1 * MS);
		/* Switches from the wake-up to this thread running, the one to
		 * it included (recorded by the scheduler at switch-in): the
		 * latency in scheduling decisions, which the host's load cannot
		 * stretch. */
		worst_switches = MAX(worst_switches, current_thread()->wake_to_run);
		worst_late_ns = MAX(worst_late_ns, clock_monotonic_ns() - t0 - MS);
	}
}

static void wakeup_latency_bounded(struct ktest *t)
{
	struct thread *s, *h[2];

	stop = false;
	worst_late_ns = worst_switches = 0;
	/* All on one CPU: the latency of a wake-up on a busy CPU. */
	for (int i = 0; i < 2; i++)
		h[i] = thread_create_on("hog", spin_until_stop, NULL, 0, crowd_cpu());
	s = thread_create_on("sleeper", sleeper, NULL, 0, crowd_cpu());
	KASSERT_TRUE(t, s && h[0] && h[1]);
	thread_join(s);
	stop = true;
	thread_join(h[0]);
	thread_join(h[1]);
	pr_info("sched test: worst wake-up under load: %llu switch(es), %llu us late",
		worst_switches, worst_late_ns / 1000);
	/* No competitor gets two turns before the woken thread: EEVDF
	 * preempts a hog at once for a woken thread that is owed time (one
	 * switch), but the pick at that preemption or at the end of the
	 * slice goes to the earliest eligible deadline, which may be the
	 * other hog's (its slice then ends first); round-robin lets each hog
	 * finish its slice. Either way at most one switch per hog plus the
	 * one to the sleeper: 3. Starvation or a hog running twice shows as
	 * more. */
	KEXPECT_LE(t, worst_switches, 3);
	/* A bound on time too, loose enough for a loaded, emulated host. */
	KEXPECT_LE(t, worst_late_ns, 500 * MS);
}

static spinlock_t torture_lock = SPINLOCK_INIT;
static struct mutex torture_mutex = MUTEX_INIT;
static u64 counter_spin, counter_mutex;

/* Per thread; fewer across CPUs, where (under emulation) every contended
 * mutex hand-off is a cross-CPU wake-up costing tens of microseconds. */
static int hammer_rounds(void)
{
	return smp_cpus_online() > 1 ? 4000 : 20000;
}

static void hammer(void *arg)
{
	for (int i = 0; i < hammer_rounds(); i++) {
		u64 f = spin_lock_irqsave(&torture_lock);
		u64 v = counter_spin;

		__asm__ volatile("pause");
		counter_spin = v + 1;
		spin_unlock_irqrestore(&torture_lock, f);

		mutex_lock(&torture_mutex);
		v = counter_mutex;
		if (i % 64 == 0)
			yield(); /* give others a chance to find it held */
		counter_mutex = v + 1;
		mutex_unlock(&torture_mutex);
	}
}

static void lock_torture_counts_exact(struct ktest *t)
{
	struct thread *th[4];

	counter_spin = counter_mutex = 0;
	/* One per CPU, round robin: the counters are shared across CPUs. */
	for (int i = 0; i < 4; i++) {
		th[i] = thread_create_on("hammer", hammer, NULL, 0,
					 (unsigned)i % smp_cpus_online());
		KASSERT_TRUE(t, th[i] != NULL);
	}
	for (int i = 0; i < 4; i++)
		thread_join(th[i]);
	KEXPECT_EQ(t, counter_spin, (u64)(4 * hammer_rounds()));
	KEXPECT_EQ(t, counter_mutex, (u64)(4 * hammer_rounds()));
	KEXPECT_TRUE(t, !mutex_is_locked(&torture_mutex));
}

static void nothing(void *arg)
{
}

static void add_inuse(const struct slab_cache_stats *st, void *arg)
{
	*(u64 *)arg += st->inuse;
}

/* Every page is free, in a slab, a large kmalloc block, the slab's page
 * descriptors or a page table (the kernel stack area keeps its tables);
 * live objects are counted per cache. A leak shows in one of the sums. */
static void memory_snapshot(u64 *pages, u64 *objects)
{
	struct page_stats ps;
	struct slab_stats ss;

	page_alloc_stats(&ps);
	slab_stats(&ss);
	*pages = ps.free + ss.slab_pages + ss.large_pages + ss.meta_pages + pgtable_pages +
		 kstack_cached_pages();
	*objects = 0;
	slab_for_each_cache(add_inuse, objects);
}

/* Detached threads are reclaimed by their CPU once they are off it: wait
 * (up to a second) until only `alive` threads are left. */
static void wait_reclaimed(unsigned alive)
{
	struct sched_stats st;

	for (int i = 0; i < 1000; i++) {
		sched_get_stats(&st);
		if (st.nr_threads <= alive)
			return;
		sleep_ns(MS);
	}
}

static void thread_storm_leaks_nothing(struct ktest *t)
{
	u64 pages0 = 0, objs0 = 0, pages1, objs1;
	struct sched_stats s0, s1, start;
	struct thread *th[16];

	sched_get_stats(&start);
	/* A first round grows the kernel stack area's page tables (kept, for
	 * the next stacks); the measured rounds must then take nothing. */
	for (int round = 0; round < 51; round++) {
		if (round == 1) {
			wait_reclaimed(start.nr_threads);
			memory_snapshot(&pages0, &objs0);
			sched_get_stats(&s0);
		}
		for (int i = 0; i < 16; i++) {
			th[i] = thread_create("storm", nothing, NULL, 0);
			KASSERT_TRUE(t, th[i] != NULL);
		}
		for (int i = 0; i < 16; i++)
			thread_join(th[i]);
		for (int i = 0; i < 8; i++)
			KASSERT_EQ(t, thread_spawn_detached("storm-d", nothing, NULL, 0), 0);
	}
	wait_reclaimed(start.nr_threads);
	sched_get_stats(&s1);
	KEXPECT_EQ(t, s1.threads_created - s0.threads_created, 1200);
	KEXPECT_EQ(t, s1.threads_reclaimed - s0.threads_reclaimed, 1200);
	KEXPECT_EQ(t, s1.nr_threads, s0.nr_threads);
	memory_snapshot(&pages1, &objs1);
	KEXPECT_EQ(t, objs1, objs0);
	KEXPECT_EQ(t, pages1, pages0);
}

static void completion_wakes_waiter(struct ktest *t)
{
	static struct completion c;

	completion_init(&c);
	KEXPECT_EQ(t, wait_for_completion_timeout(&c, 2 * MS), -ETIMEDOUT);
	complete(&c);
	KEXPECT_EQ(t, wait_for_completion_timeout(&c, 2 * MS), 0);
}

/* Tickless: sleeping 50 ms with nothing else to run takes one timer
 * interrupt (the wake-up), not one per tick. */
static void idle_is_tickless(struct ktest *t)
{
	struct timer_stats a, b;

	sleep_ns(MS); /* settle */
	timer_get_stats(&a);
	sleep_ns(50 * MS);
	timer_get_stats(&b);
	pr_info("sched test: %llu timer interrupts during a 50 ms idle sleep",
		b.interrupts - a.interrupts);
	KEXPECT_LE(t, b.interrupts - a.interrupts, 3);
}

KTEST_SUITE(sched, KTEST_CASE(threads_run_and_join), KTEST_CASE(equal_weights_are_fair),
	    KTEST_CASE(more_threads_than_cpus_are_fair), KTEST_CASE(threads_spread_over_cpus),
	    KTEST_CASE(weights_give_proportional_time), KTEST_CASE(wakeup_latency_bounded),
	    KTEST_CASE(lock_torture_counts_exact), KTEST_CASE(thread_storm_leaks_nothing),
	    KTEST_CASE(completion_wakes_waiter), KTEST_CASE(idle_is_tickless));
