/*
 * Time at boot: time_init() lets the architecture set up its clocks and
 * clock event device, reads the RTC once for the wall clock and logs one
 * summary line. Also the calendar arithmetic (pure). Runs once on the boot
 * CPU; the boot RTC reading is read-only afterwards.
 */
#include <loom/printk.h>
#include <loom/time.h>
#include <uapi/loom/errno.h>

static struct rtc_time boot_rtc;
static bool have_rtc;

/* Days from 1970-01-01 to a proleptic Gregorian date (March-based years,
 * so that the leap day is the last day of its year). */
static u64 days_from_civil(u32 y, u32 m, u32 d)
{
	u32 era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (u64)era * 146097 + doe - 719468;
}

u64 time_mktime(const struct rtc_time *tm)
{
	return days_from_civil(tm->year, tm->month, tm->day) * 86400 + tm->hour * 3600 +
	       tm->min * 60 + tm->sec;
}

int time_boot_rtc(struct rtc_time *tm)
{
	if (!have_rtc)
		return -ENODEV;
	*tm = boot_rtc;
	return 0;
}

void time_init(void)
{
	const struct clocksource_ops *cs;
	const struct clock_event_ops *ce;
	char rtc[32] = "none (wall clock = uptime)";

	arch_time_init();
	if (arch_rtc_read(&boot_rtc) == 0) {
		have_rtc = true;
		clock_set_realtime(time_mktime(&boot_rtc) * NSEC_PER_SEC);
		snprintf(rtc, sizeof(rtc), "%04u-%02u-%02u %02u:%02u:%02u UTC", boot_rtc.year,
			 boot_rtc.month, boot_rtc.day, boot_rtc.hour, boot_rtc.min, boot_rtc.sec);
	}
	cs = clocksource_current();
	ce = clockevent_current();
	pr_info("time: clocksource %s%s, clockevent %s, RTC %s", cs ? cs->name : "none",
		!cs				    ? ""
		: cs->flags & CLOCKSOURCE_INVARIANT ? " (invariant)"
		: cs->flags & CLOCKSOURCE_UNSTABLE  ? " (not invariant)"
						    : "",
		ce ? ce->name : "none", rtc);
}
