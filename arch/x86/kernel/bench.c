/*
 * x86 microbenchmarks (CONFIG_KBENCH). "ipi": self-IPI send to handler and
 * round trip, median and worst of 1000. "calibrate": how far TSC and LAPIC
 * rates from short PIT and HPET windows land from the median of 7 long ones,
 * median and worst of 7, in ppm: the figures behind the window lengths
 * (Documentation/time.md). Borrows the LAPIC timer with interrupts off.
 */
#include <loom/kbench.h>
#include <loom/printk.h>
#include <loom/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/irq.h>
#include <asm/x86.h>
#include <asm/time.h>

#define RUNS 7

static u64 ppm_off(u64 v, u64 truth)
{
	return (v > truth ? v - truth : truth - v) * 1000000 / truth;
}

static int measure(const struct clocksource_ops *ref, u64 hz, u32 us, struct calib *c)
{
	return ref ? calibrate_ref(ref, hz, us, apic_enabled(), c)
		   : calibrate_pit(us, apic_enabled(), c);
}

/* The median of RUNS long windows. */
static bool truth(const struct clocksource_ops *ref, u64 hz, u64 *tsc, u64 *lapic)
{
	u64 t[RUNS], l[RUNS];
	struct calib c;

	for (int i = 0; i < RUNS; i++) {
		if (measure(ref, hz, ref ? 10000 : 50000, &c))
			return false;
		t[i] = calib_rate(c.tsc, &c);
		l[i] = calib_lapic_hz(&c);
	}
	kbench_sort(t, RUNS);
	kbench_sort(l, RUNS);
	*tsc = t[RUNS / 2];
	*lapic = l[RUNS / 2];
	return true;
}

static void report(const char *src, const char *what, u32 us, u64 *ppm)
{
	char name[48];

	kbench_sort(ppm, RUNS);
	snprintf(name, sizeof(name), "calibrate_%s_%s", src, what);
	kbench_report(name, us, ppm[RUNS / 2], "ppm");
	snprintf(name, sizeof(name), "calibrate_%s_%s_worst", src, what);
	kbench_report(name, us, ppm[RUNS - 1], "ppm");
}

static void spread(const char *src, const struct clocksource_ops *ref, u64 hz, u32 us, u64 tsc,
		   u64 lapic)
{
	u64 ppm_tsc[RUNS], ppm_lapic[RUNS];
	struct calib c;

	for (int i = 0; i < RUNS; i++) {
		if (measure(ref, hz, us, &c))
			return;
		ppm_tsc[i] = ppm_off(calib_rate(c.tsc, &c), tsc);
		ppm_lapic[i] = lapic ? ppm_off(calib_lapic_hz(&c), lapic) : 0;
	}
	report(src, "tsc", us, ppm_tsc);
	if (lapic)
		report(src, "lapic", us, ppm_lapic);
}

static void bench_calibrate(void)
{
	static const u32 pit_us[] = { 500, 1000, 2000, 5000, 10000 };
	static const u32 ref_us[] = { 250, 500, 1000, 2000, 5000 };
	u64 hz, tsc, lapic, flags = local_irq_save();
	const struct clocksource_ops *ref = clocksource_reference(&hz);
	/* The windows borrow the LAPIC timer from the clock event device. */
	u32 lvt = apic_read(APIC_LVT_TIMER), divide = apic_read(APIC_TIMER_DIVIDE);

	if (truth(ref, hz, &tsc, &lapic)) {
		for (u32 i = 0; i < ARRAY_SIZE(pit_us); i++)
			spread("pit", NULL, 0, pit_us[i], tsc, lapic);
		for (u32 i = 0; ref && i < ARRAY_SIZE(ref_us); i++)
			spread(ref->name, ref, hz, ref_us[i], tsc, lapic);
	}
	apic_write(APIC_TIMER_INIT, 0);
	apic_write(APIC_TIMER_DIVIDE, divide);
	apic_write(APIC_LVT_TIMER, lvt);
	if (clockevent_current())
		clockevent_register(clockevent_current()); /* re-arms the next timer */
	local_irq_restore(flags);
}
KBENCH(calibrate, bench_calibrate);

#define IPIS 1000

static volatile u64 ipi_at;

static void ipi_handler(struct pt_regs *regs, void *data)
{
	ipi_at = rdtsc();
}

static void bench_ipi(void)
{
	static u64 in[IPIS], back[IPIS];
	int v = irq_alloc_vector();
	u64 flags;

	if (!apic_enabled() || v < 0 || irq_register((u8)v, ipi_handler, NULL))
		return;
	flags = local_irq_save();
	irq_enable();
	for (int i = 0; i < IPIS; i++) {
		u64 t0, t1;

		ipi_at = 0;
		t0 = rdtsc();
		apic_send_ipi_self((u8)v);
		while (!ipi_at)
			pause();
		t1 = rdtsc();
		in[i] = tsc_to_ns(ipi_at) - tsc_to_ns(t0);
		back[i] = tsc_to_ns(t1) - tsc_to_ns(t0);
	}
	local_irq_restore(flags);
	irq_unregister((u8)v);
	kbench_sort(in, IPIS);
	kbench_sort(back, IPIS);
	kbench_report("ipi_self_to_handler", 0, in[IPIS / 2], "ns");
	kbench_report("ipi_self_to_handler_worst", 0, in[IPIS - 1], "ns");
	kbench_report("ipi_self_round_trip", 0, back[IPIS / 2], "ns");
}
KBENCH(ipi, bench_ipi);
