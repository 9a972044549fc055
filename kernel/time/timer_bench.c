/*
 * Microbenchmark "timer" (CONFIG_KBENCH): the cost of clock_monotonic_ns()
 * and of a raw read of each clock source, and the clock event round trip:
 * a timer added for "now" (or 100 us ahead) until its callback runs, as the
 * median and the worst of 200 shots, the CPU halted meanwhile. Interrupts
 * are on only inside that halt.
 */
#include <loom/kbench.h>
#include <loom/time.h>
#include <asm/irq.h>

#define READS 20000
#define SHOTS 200

static volatile u64 fired_at;

static void on_fire(void *arg)
{
	fired_at = clock_monotonic_ns();
}

static u64 read_cost(u64 (*read)(void))
{
	u64 t0 = kbench_now_ns();

	for (int i = 0; i < READS; i++)
		read();
	return (kbench_now_ns() - t0) / READS;
}

/* A timer 100 ms later than the shot: wakes the halted CPU if the shot
 * never fires. */
static void on_guard(void *arg)
{
	*(bool *)arg = true;
}

/* Lateness of SHOTS timers delay_ns ahead; false when one never fired. The
 * CPU halts while it waits, as an idle CPU does (spinning on the clock
 * would, under emulation, compete with the emulated timer for the
 * emulator's lock). */
static bool shots(u64 delay_ns, u64 *median, u64 *worst)
{
	static u64 late[SHOTS];
	struct timer t, guard;
	volatile bool gave_up = false;

	timer_setup(&t, on_fire, NULL);
	timer_setup(&guard, on_guard, (void *)&gave_up);
	for (int i = 0; i < SHOTS; i++) {
		u64 flags = local_irq_save(), deadline = clock_monotonic_ns() + delay_ns;

		fired_at = 0;
		if (timer_add(&t, deadline)) {
			local_irq_restore(flags);
			return false;
		}
		timer_add(&guard, deadline + 100 * NSEC_PER_MSEC);
		while (!fired_at && !gave_up)
			irq_wait();
		timer_cancel(&guard);
		local_irq_restore(flags);
		if (!fired_at) {
			timer_cancel(&t);
			return false;
		}
		late[i] = fired_at - deadline;
	}
	kbench_sort(late, SHOTS);
	*median = late[SHOTS / 2];
	*worst = late[SHOTS - 1];
	return true;
}

static void bench_timer(void)
{
	static const char *const names[] = { "tsc", "hpet" };
	u64 median, worst;

	kbench_report("clock_monotonic_ns", 1, read_cost(clock_monotonic_ns), "ns");
	for (u32 i = 0; i < ARRAY_SIZE(names); i++) {
		const struct clocksource_ops *cs = clocksource_find(names[i], NULL);

		if (cs)
			kbench_report(i ? "clocksource_read_hpet" : "clocksource_read_tsc", 1,
				      read_cost(cs->read), "ns");
	}
	if (shots(0, &median, &worst)) {
		kbench_report("timer_latency_median", 0, median, "ns");
		kbench_report("timer_latency_max", 0, worst, "ns");
	}
	if (shots(100 * NSEC_PER_USEC, &median, &worst)) {
		kbench_report("timer_latency_median", 100, median, "ns");
		kbench_report("timer_latency_max", 100, worst, "ns");
	}
}
KBENCH(timer, bench_timer);
