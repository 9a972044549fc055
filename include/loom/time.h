/*
 * Time (kernel/time/): clock sources (a free-running counter and its rate)
 * behind clock_monotonic_ns(), the wall clock, the clock event device (one
 * programmable interrupt) and the timer queue on top of it. Every table a
 * driver hands over is a const ops table. Locking: the timekeeping state is
 * a seqcount written with interrupts off; the timer queue has one irqsave
 * spinlock, dropped while a callback runs.
 */
#ifndef LOOM_TIME_H
#define LOOM_TIME_H

#include <loom/types.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL

/* --- clock sources ------------------------------------------------------ */

#define CLOCKSOURCE_REFERENCE (1u << 0) /* rate fixed by hardware: calibrates others */
#define CLOCKSOURCE_INVARIANT (1u << 1) /* constant rate in every power state */
#define CLOCKSOURCE_UNSTABLE  (1u << 2) /* may change rate or stop (logged as such) */

struct clocksource_ops {
	const char *name;
	u64 (*read)(void); /* 64-bit free-running counter */
	int rating;	   /* the highest rated registered source is used */
	u32 flags;	   /* CLOCKSOURCE_* */
};

/* Register a counter running at hz; it becomes the clock when it is the
 * best rated (or named by "clocksource=NAME"). 0, -EINVAL, -ENOSPC. */
int clocksource_register(const struct clocksource_ops *cs, u64 hz);
/* Remove it; the clock moves to the next best source without a jump. */
void clocksource_unregister(const struct clocksource_ops *cs);
/* A better measured rate for a registered source (no jump in the clock). */
int clocksource_set_rate(const struct clocksource_ops *cs, u64 hz);
/* The best registered CLOCKSOURCE_REFERENCE source and its rate, or NULL. */
const struct clocksource_ops *clocksource_reference(u64 *hz);
/* A registered source by name and its rate, or NULL. */
const struct clocksource_ops *clocksource_find(const char *name, u64 *hz);
/* The source behind clock_monotonic_ns(), or NULL before the first. */
const struct clocksource_ops *clocksource_current(void);

/* Nanoseconds since kernel entry; never goes backwards. */
u64 clock_monotonic_ns(void);
/* Nanoseconds since 1970-01-01 00:00:00 UTC (the RTC read at boot plus
 * the monotonic clock since; uptime alone when there is no RTC). */
u64 clock_realtime_ns(void);
/* Set the wall clock: unix_ns is the time now. */
void clock_set_realtime(u64 unix_ns);

/* --- clock event device and timers -------------------------------------- */

struct clock_event_ops {
	const char *name;
	/* One interrupt at or after deadline_ns (monotonic); a deadline in the
	 * past fires at once. Replaces any programmed one. 0 or -errno. */
	int (*program_ns)(u64 deadline_ns);
	/* Cancel the programmed interrupt. */
	void (*stop)(void);
	/* Optional: set the device up on a CPU that starts using it. */
	void (*cpu_init)(void);
};

/* Make ops the clock event device (replacing any): its interrupt handler
 * must call clockevent_interrupt(). */
int clockevent_register(const struct clock_event_ops *ops);
const struct clock_event_ops *clockevent_current(void);
/* The device's interrupt: run the expired timers, program the next one.
 * Interrupt context, IF=0. */
void clockevent_interrupt(void);
/* Set this CPU's device up (ops->cpu_init) and program it for its own
 * queue: a CPU joining the scheduler. */
void clockevent_resume_cpu(void);

/*
 * A timer: fn(arg) runs once in interrupt context (IF=0) at or after its
 * deadline, never earlier by clock_monotonic_ns(). The struct belongs to
 * the caller and must stay valid while pending. Timers with the same
 * deadline fire in the order they were added. fn may add or cancel timers,
 * itself included.
 */
struct timer {
	u64 expires; /* deadline, monotonic ns */
	void (*fn)(void *arg);
	void *arg;
	struct timer *next;	 /* owned by the timer queue */
	struct timer_base *base; /* the CPU queue it is on   */
	bool pending;		 /* owned by the timer queue */
};
struct timer_base;

void timer_setup(struct timer *t, void (*fn)(void *arg), void *arg);
/* Arm t for deadline_ns; a pending t is moved (the new deadline replaces
 * the old one, it fires once). 0, or -ENODEV without a clock event device. */
int timer_add(struct timer *t, u64 deadline_ns);
/* Disarm; true when t was pending. */
bool timer_cancel(struct timer *t);
bool timer_pending(const struct timer *t);

struct timer_stats {
	u64 interrupts; /* clock event interrupts */
	u64 early;	/* of which expired nothing (fired early, re-armed) */
	u64 expired;	/* timers run */
};
void timer_get_stats(struct timer_stats *s);

/* --- calendar and boot ---------------------------------------------------- */

struct rtc_time {
	u32 year, month, day; /* 2024, 1-12, 1-31 */
	u32 hour, min, sec;   /* 0-23, 0-59, 0-59 */
};

/* Seconds since 1970-01-01 of a UTC date; pure. */
u64 time_mktime(const struct rtc_time *tm);
/* The wall clock at boot as the RTC gave it; -ENODEV when there was none. */
int time_boot_rtc(struct rtc_time *tm);

/* Architecture hooks: clock sources, calibration and the clock event
 * device; the battery-backed clock (0 or -errno). */
void arch_time_init(void);
int arch_rtc_read(struct rtc_time *tm);

/* After ACPI and the modules: clocks, timers, wall clock; logs
 * "time: clocksource ..., clockevent ..., RTC ...". */
void time_init(void);

/* Pure: v * mult >> shift without overflow (128-bit product). */
static inline u64 time_scale(u64 v, u64 mult, u32 shift)
{
	return (u64)(((unsigned __int128)v * mult) >> shift);
}
/* mult and shift such that time_scale(ticks of from_hz) gives ticks of
 * to_hz, with as many fraction bits as fit (at most 32). */
void time_scale_init(u64 *mult, u32 *shift, u64 from_hz, u64 to_hz);

#endif
