/*
 * The TSC: log timestamps and a clock source. Rate from CPUID 0x15, else 1 ms
 * against PIT channel 2; tsc_set_hz() adopts a refined rate later, rebasing
 * the conversion so timestamps never jump. Before calibration conversions
 * give 0 (records keep the raw TSC and print right later). Boot CPU; the
 * rate changes with interrupts off.
 */
#include <loom/printk.h>
#include <loom/time.h>
#include <asm/cpu.h>
#include <asm/time.h>
#include <asm/x86.h>

u64 tsc_hz;
u64 boot_tsc;
enum tsc_origin tsc_origin;

/* ns = base_ns + (tsc - base_tsc) * mult >> shift */
static u64 base_tsc, base_ns, mult;
static u32 shift;

static u64 tsc_read(void)
{
	return rdtsc() - boot_tsc;
}

static const struct clocksource_ops tsc_invariant = {
	.name = "tsc",
	.read = tsc_read,
	.rating = 300,
	.flags = CLOCKSOURCE_INVARIANT,
};

/* Without the invariant bit the rate may follow P-states: below the HPET. */
static const struct clocksource_ops tsc_unstable = {
	.name = "tsc",
	.read = tsc_read,
	.rating = 100,
	.flags = CLOCKSOURCE_UNSTABLE,
};

static const struct clocksource_ops *tsc_ops(void)
{
	return cpu_features.invariant_tsc ? &tsc_invariant : &tsc_unstable;
}

static u64 tsc_from_cpuid(void)
{
	u32 a, b, c, d, max;

	cpuid_count(0, 0, &max, &b, &c, &d);
	if (max < 0x15)
		return 0;
	cpuid_count(0x15, 0, &a, &b, &c, &d);
	if (!a || !b || !c)
		return 0;
	return (u64)c * b / a;
}

static void set_conversion(u64 hz)
{
	if (tsc_hz) {
		u64 now = rdtsc();

		base_ns = tsc_to_ns(now);
		base_tsc = now;
	} else {
		base_ns = 0;
		base_tsc = boot_tsc;
	}
	time_scale_init(&mult, &shift, hz, NSEC_PER_SEC);
	tsc_hz = hz;
}

void tsc_calibrate(void)
{
	struct calib c;
	u64 hz = tsc_from_cpuid();

	tsc_origin = TSC_CPUID;
	if (!hz) {
		tsc_origin = TSC_PIT;
		if (calibrate_pit(TSC_EARLY_PIT_US, false, &c) == 0)
			hz = calib_rate(c.tsc, &c);
	}
	if (!hz) {
		/* No PIT either: a guess, until a reference refines it. */
		tsc_origin = TSC_UNKNOWN;
		hz = 2000000000ULL;
		pr_warn("tsc: no CPUID rate and no PIT: assuming 2 GHz");
	}
	set_conversion(hz);
	clocksource_register(tsc_ops(), hz);
	pr_info("tsc: %llu.%03llu MHz (%s)", hz / 1000000, hz / 1000 % 1000,
		tsc_origin == TSC_CPUID ? "CPUID"
		: tsc_origin == TSC_PIT ? "PIT"
					: "guess");
}

void tsc_set_hz(u64 hz, enum tsc_origin origin)
{
	if (!hz)
		return;
	set_conversion(hz);
	tsc_origin = origin;
	clocksource_set_rate(tsc_ops(), hz);
}

u64 tsc_to_ns(u64 tsc)
{
	u64 back;

	if (!tsc_hz || tsc < boot_tsc)
		return 0;
	if (tsc >= base_tsc)
		return base_ns + time_scale(tsc - base_tsc, mult, shift);
	/* A record stamped before the last rate change: same line, backwards. */
	back = time_scale(base_tsc - tsc, mult, shift);
	return back < base_ns ? base_ns - back : 0;
}

u64 clock_ns(void)
{
	return tsc_to_ns(rdtsc());
}
