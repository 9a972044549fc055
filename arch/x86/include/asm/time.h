/*
 * x86 clocks behind the generic time code: calibration windows against PIT
 * channel 2 or a reference clock source (calibrate.c), the TSC's rate and
 * how it was found (tsc.c), the platform set-up (time.c), the CMOS RTC
 * (rtc.c). All of it runs on the boot CPU with interrupts off.
 */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <loom/time.h>
#include <loom/types.h>

#define PIT_HZ 1193182ULL

/* One calibration window: its exact length by the reference, the TSC
 * ticks between its edges and their uncertainty, and (lapic) the LAPIC
 * timer counts (divide by 1) over lapic_tsc TSC ticks inside it. */
struct calib {
	u64 ns;
	u64 tsc, width;
	u64 lapic, lapic_tsc;
};

/* A window of about `us` microseconds (at most 54925) timed by PIT
 * channel 2 polled through port 0x61, after a warm-up, run again (up to 4
 * times) while a stall stretched its edges. 0, or -ETIMEDOUT when the PIT
 * never counted down (no PIT). */
int calibrate_pit(u32 us, bool lapic, struct calib *c);
/* The same timed by a reference clock source running at hz. */
int calibrate_ref(const struct clocksource_ops *ref, u64 hz, u32 us, bool lapic, struct calib *c);
/* Rate in Hz of `ticks` over c->ns (the TSC: c->tsc). */
u64 calib_rate(u64 ticks, const struct calib *c);
/* The LAPIC timer's rate measured in c (0 without one). */
u64 calib_lapic_hz(const struct calib *c);

enum tsc_origin { TSC_UNKNOWN, TSC_CPUID, TSC_PIT, TSC_REFINED };
extern enum tsc_origin tsc_origin;
/* Adopt a better measured TSC rate: the log's timestamps and the clock
 * continue without a jump. */
void tsc_set_hz(u64 hz, enum tsc_origin origin);

/* Early calibration window against the PIT, in microseconds. */
#define TSC_EARLY_PIT_US 1000

#endif
