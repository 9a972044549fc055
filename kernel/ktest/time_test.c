/*
 * In-kernel tests of clocks and timers (suite "time"): the monotonic clock
 * never goes back and agrees with the HPET and the TSC, the RTC gave a
 * plausible date, calendar arithmetic, and timers fire no earlier than their
 * deadline and within LATE_MAX_NS of it, in deadline order, once after a
 * re-add, never after a cancel. Interrupts are on only while a case waits.
 */
#include <loom/ktest.h>
#include <loom/module.h>
#include <loom/string.h>
#include <loom/time.h>
#include <asm/cpu.h>
#include <asm/irq.h>

/*
 * Lateness allowed under QEMU TCG: typically 0.05 ms (Documentation/time.md),
 * but a busy host can stall the emulator for milliseconds, so a shot that is
 * late is tried again, up to LATE_TRIES times. Early is never allowed.
 */
#define LATE_MAX_NS (2 * NSEC_PER_MSEC)
#define LATE_TRIES  10

struct shot {
	struct timer timer;
	volatile int fired;
	u64 at;
	int order;
	int *sequence;
	int rearm; /* times the callback re-adds itself */
	u64 period;
};

static void fire(void *arg)
{
	struct shot *s = arg;

	s->at = clock_monotonic_ns();
	s->fired++;
	if (s->sequence)
		s->order = ++*s->sequence;
	if (s->rearm > 0) {
		s->rearm--;
		timer_add(&s->timer, s->at + s->period);
	}
}

static void shot_init(struct shot *s)
{
	*s = (struct shot){ 0 };
	timer_setup(&s->timer, fire, s);
}

/* Interrupts on until *fired reaches want or `ms` pass. */
static void wait_fired(volatile int *fired, int want, u64 ms)
{
	u64 end = clock_monotonic_ns() + ms * NSEC_PER_MSEC, flags = local_irq_save();

	irq_enable();
	while (*fired < want && clock_monotonic_ns() < end)
		;
	local_irq_restore(flags);
}

static bool need_timers(struct ktest *t)
{
	if (clockevent_current())
		return true;
	ktest_skip(t, "no clock event device");
	return false;
}

static void monotonic_never_backwards(struct ktest *t)
{
	u64 first = clock_monotonic_ns(), prev = first, bad = 0;

	for (int i = 0; i < 100000; i++) {
		u64 now = clock_monotonic_ns();

		bad += now < prev;
		prev = now;
	}
	KEXPECT_EQ(t, bad, 0);
	KEXPECT_LT(t, first, prev);
}

/* |a - b| within 0.5% of b. */
static bool close(u64 a, u64 b)
{
	return (a > b ? a - b : b - a) * 200 <= b;
}

/* A bracket wider than this (a stall of the CPU or, under emulation, of
 * the host) spoils the 0.5% comparison: the measurement is taken again. */
#define BRACKET_MAX_NS (20 * NSEC_PER_USEC)

struct sample {
	u64 mono; /* monotonic time halfway through the bracket */
	u64 tsc_ns, hpet;
	bool sharp;
};

/* Read the log's TSC clock and the HPET (an MMIO read, a VM exit under a
 * hypervisor) between two monotonic reads. */
static void sample(struct sample *s, const struct clocksource_ops *hpet)
{
	u64 before = clock_monotonic_ns(), after;

	s->tsc_ns = clock_ns();
	s->hpet = hpet ? hpet->read() : 0;
	after = clock_monotonic_ns();
	s->mono = before + (after - before) / 2;
	s->sharp = after - before < BRACKET_MAX_NS;
}

static void monotonic_agrees_with_hpet_and_tsc(struct ktest *t)
{
	u64 hz = 0, mono, tsc, hpet_ns = 0;
	const struct clocksource_ops *hpet = clocksource_find("hpet", &hz);
	struct sample a, b;

	for (int try = 0; try < 5; try++) {
		sample(&a, hpet);
		while (clock_monotonic_ns() < a.mono + 20 * NSEC_PER_MSEC)
			;
		sample(&b, hpet);
		if (a.sharp && b.sharp)
			break;
	}
	mono = b.mono - a.mono;
	tsc = b.tsc_ns - a.tsc_ns;
	if (hpet)
		hpet_ns = (b.hpet - a.hpet) / hz * NSEC_PER_SEC +
			  (b.hpet - a.hpet) % hz * NSEC_PER_SEC / hz;
	if (!KEXPECT_TRUE(t, close(mono, tsc)) || (hpet && !KEXPECT_TRUE(t, close(mono, hpet_ns))))
		ktest_fail(t, __FILE__, __LINE__, "monotonic %llu ns, tsc %llu ns, hpet %llu ns%s",
			   mono, tsc, hpet_ns, a.sharp && b.sharp ? "" : " (brackets stalled)");
}

static void rtc_gave_a_plausible_date(struct ktest *t)
{
	struct rtc_time tm;

	KASSERT_EQ(t, time_boot_rtc(&tm), 0);
	KEXPECT_LE(t, 2024, tm.year);
	KEXPECT_LE(t, 1704067200ULL * NSEC_PER_SEC, clock_realtime_ns()); /* 2024-01-01 */
	KEXPECT_LE(t, time_mktime(&tm) * NSEC_PER_SEC, clock_realtime_ns());
}

static void mktime_known_dates(struct ktest *t)
{
	static const struct {
		struct rtc_time tm;
		u64 secs;
	} cases[] = {
		{ { 1970, 1, 1, 0, 0, 0 }, 0 },
		{ { 1999, 12, 31, 23, 59, 59 }, 946684799 },
		{ { 2000, 3, 1, 0, 0, 0 }, 951868800 },
		{ { 2024, 2, 29, 12, 0, 0 }, 1709208000 },
		{ { 2026, 11, 21, 8, 45, 0 }, 1795250700 },
		{ { 2100, 3, 1, 0, 0, 0 }, 4107542400ULL },
	};

	for (u32 i = 0; i < ARRAY_SIZE(cases); i++)
		KEXPECT_EQ(t, time_mktime(&cases[i].tm), cases[i].secs);
}

static void one_shot(struct ktest *t, u64 delay_ns)
{
	struct shot s;
	u64 deadline, late = 0;

	for (int try = 0; try < LATE_TRIES; try++) {
		shot_init(&s);
		deadline = clock_monotonic_ns() + delay_ns;
		KASSERT_EQ(t, timer_add(&s.timer, deadline), 0);
		wait_fired(&s.fired, 1, delay_ns / NSEC_PER_MSEC + 100);
		timer_cancel(&s.timer); /* s is on this stack: never left queued */
		KASSERT_EQ(t, s.fired, 1);
		KASSERT_TRUE(t, !timer_pending(&s.timer));
		if (!KEXPECT_LE(t, deadline, s.at)) /* never early, on any try */
			return;
		late = s.at - deadline;
		if (late < LATE_MAX_NS)
			return;
	}
	KEXPECT_LT(t, late, LATE_MAX_NS);
}

static void fires_after_100us(struct ktest *t)
{
	if (need_timers(t))
		one_shot(t, 100 * NSEC_PER_USEC);
}

static void fires_after_1ms(struct ktest *t)
{
	if (need_timers(t))
		one_shot(t, NSEC_PER_MSEC);
}

static void fires_after_10ms(struct ktest *t)
{
	if (need_timers(t))
		one_shot(t, 10 * NSEC_PER_MSEC);
}

static void past_deadline_fires_at_once(struct ktest *t)
{
	if (need_timers(t))
		one_shot(t, 0);
}

static void two_timers_fire_in_deadline_order(struct ktest *t)
{
	struct shot a, b;
	int seq = 0;
	u64 now, flags;

	if (!need_timers(t))
		return;
	shot_init(&a);
	shot_init(&b);
	a.sequence = b.sequence = &seq;
	flags = local_irq_save();
	now = clock_monotonic_ns();
	timer_add(&a.timer, now + 2 * NSEC_PER_MSEC);
	timer_add(&b.timer, now + 1 * NSEC_PER_MSEC);
	local_irq_restore(flags);
	wait_fired(&a.fired, 1, 100);
	timer_cancel(&a.timer);
	timer_cancel(&b.timer);
	KEXPECT_EQ(t, a.fired, 1);
	KEXPECT_EQ(t, b.fired, 1);
	KEXPECT_EQ(t, b.order, 1);
	KEXPECT_EQ(t, a.order, 2);
	KEXPECT_LE(t, now + 2 * NSEC_PER_MSEC, a.at);
	KEXPECT_LE(t, now + 1 * NSEC_PER_MSEC, b.at);
}

static void readd_replaces_the_deadline(struct ktest *t)
{
	struct shot s;
	u64 now, flags;

	if (!need_timers(t))
		return;
	shot_init(&s);
	flags = local_irq_save(); /* the first deadline must not pass in between */
	now = clock_monotonic_ns();
	timer_add(&s.timer, now + 1 * NSEC_PER_MSEC);
	timer_add(&s.timer, now + 3 * NSEC_PER_MSEC);
	local_irq_restore(flags);
	wait_fired(&s.fired, 1, 100); /* a busy host may stall the emulator */
	wait_fired(&s.fired, 2, 5);   /* waits out a second firing that must not come */
	timer_cancel(&s.timer);
	KEXPECT_EQ(t, s.fired, 1);
	KEXPECT_LE(t, now + 3 * NSEC_PER_MSEC, s.at);
}

static void cancel_prevents_firing(struct ktest *t)
{
	struct shot s;
	u64 flags;

	if (!need_timers(t))
		return;
	shot_init(&s);
	flags = local_irq_save(); /* it must not fire before the cancel */
	timer_add(&s.timer, clock_monotonic_ns() + NSEC_PER_MSEC);
	KEXPECT_TRUE(t, timer_pending(&s.timer));
	KEXPECT_TRUE(t, timer_cancel(&s.timer));
	local_irq_restore(flags);
	wait_fired(&s.fired, 1, 3);
	KEXPECT_EQ(t, s.fired, 0);
	KEXPECT_TRUE(t, !timer_cancel(&s.timer));
}

static void callback_rearms_itself(struct ktest *t)
{
	struct shot s;
	u64 start;

	if (!need_timers(t))
		return;
	shot_init(&s);
	s.rearm = 4;
	s.period = 200 * NSEC_PER_USEC;
	start = clock_monotonic_ns();
	timer_add(&s.timer, start + s.period);
	wait_fired(&s.fired, 5, 100);
	KEXPECT_TRUE(t, !timer_cancel(&s.timer)); /* done re-arming; never left queued */
	KEXPECT_EQ(t, s.fired, 5);
	KEXPECT_LE(t, start + 5 * s.period, s.at);
}

/* A deadline hours away is programmed in steps, not as an overflowed
 * (past) value that would interrupt at once, again and again. */
static void far_deadline_stays_quiet(struct ktest *t)
{
	struct timer_stats a, b;
	struct shot s;

	if (!need_timers(t))
		return;
	shot_init(&s);
	timer_get_stats(&a);
	timer_add(&s.timer, clock_monotonic_ns() + 7200 * NSEC_PER_SEC);
	wait_fired(&s.fired, 1, 5);
	timer_get_stats(&b);
	KEXPECT_TRUE(t, timer_cancel(&s.timer));
	KEXPECT_EQ(t, s.fired, 0);
	KEXPECT_LE(t, b.interrupts - a.interrupts, 3);
	timer_add(&s.timer, ~0ULL); /* "never" */
	wait_fired(&s.fired, 1, 2);
	KEXPECT_TRUE(t, timer_cancel(&s.timer));
	KEXPECT_EQ(t, s.fired, 0);
}

/* The clock survives its source going away and coming back (HPET=m). */
static void hpet_module_unload_keeps_the_clock(struct ktest *t)
{
	u64 before, during;

	if (!IS_MODULE(CONFIG_HPET) || !IS_ENABLED(CONFIG_MODULE_UNLOAD) ||
	    !clocksource_find("hpet", NULL)) {
		ktest_skip(t, "needs the HPET as a loaded module");
		return;
	}
	before = clock_monotonic_ns();
	KASSERT_EQ(t, module_unload("hpet"), 0);
	KEXPECT_TRUE(t, !clocksource_find("hpet", NULL));
	KEXPECT_STREQ(t, clocksource_current()->name, "tsc");
	during = clock_monotonic_ns();
	KEXPECT_LE(t, before, during);
	KASSERT_EQ(t, module_load("hpet"), 0);
	KEXPECT_TRUE(t, clocksource_find("hpet", NULL) != NULL);
	KEXPECT_LE(t, during, clock_monotonic_ns());
	one_shot(t, NSEC_PER_MSEC);
}

KTEST_SUITE(time, KTEST_CASE(monotonic_never_backwards),
	    KTEST_CASE(monotonic_agrees_with_hpet_and_tsc), KTEST_CASE(rtc_gave_a_plausible_date),
	    KTEST_CASE(mktime_known_dates), KTEST_CASE(fires_after_100us),
	    KTEST_CASE(fires_after_1ms), KTEST_CASE(fires_after_10ms),
	    KTEST_CASE(past_deadline_fires_at_once), KTEST_CASE(two_timers_fire_in_deadline_order),
	    KTEST_CASE(readd_replaces_the_deadline), KTEST_CASE(cancel_prevents_firing),
	    KTEST_CASE(callback_rearms_itself), KTEST_CASE(far_deadline_stays_quiet),
	    KTEST_CASE(hpet_module_unload_keeps_the_clock));
