/*
 * x86 time set-up, once after ACPI and the modules: announce the HPET (ACPI
 * table, mapped uncached) as device "PNP0103" for its driver unless the
 * ACPI namespace did (CONFIG_ACPI_AML), run one
 * calibration window against it or the PIT (TSC refined, LAPIC measured),
 * make the LAPIC timer the clock event device (TSC-deadline when possible).
 * Boot CPU, IF=0. Options: hpet=off, lapic_timer=oneshot, clocksource=.
 */
#include <loom/acpi.h>
#include <loom/boot.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/time.h>
#include <uapi/loom/errno.h>

/* Calibration windows, in microseconds (Documentation/time.md). */
#define CALIB_HPET_US 1000
#define CALIB_PIT_US  5000

/* A refined TSC rate further than this from the early one is suspect:
 * the early rate is kept. In parts per million. */
#define TSC_REFINE_MAX_PPM 20000

static struct device hpet_device = {
	.types = "PNP0103",
	.name = "hpet0",
};

static void hpet_announce(void)
{
	const struct acpi_header *h;
	u64 addr;
	char opt[8] = "";

	if (!IS_ENABLED(CONFIG_ACPI) || !IS_ENABLED(CONFIG_HPET))
		return;
	/* The namespace announced it (with its _CRS address): not twice. */
	if (acpi_namespace_announced("PNP0103"))
		return;
	if (cmdline_get("hpet", opt, sizeof(opt)) == 0 && !strcmp(opt, "off"))
		return;
	h = acpi_find_table("HPET", 0);
	if (!h)
		return;
	if (h->length < 56) {
		pr_warn("hpet: ACPI table too short (%u bytes): ignored", h->length);
		return;
	}
	/* Generic address at offset 40: space id (0 = memory), ..., address at 44. */
	memcpy(&addr, (const u8 *)h + 44, 8);
	if (((const u8 *)h)[40] != 0 || !addr || (addr & 0x3ff)) {
		pr_warn("hpet: ACPI table gives no usable address (space %u, 0x%llx): ignored",
			((const u8 *)h)[40], addr);
		return;
	}
	if (mmio_map_uc(addr, 1024)) {
		pr_warn("hpet: cannot map 0x%llx: ignored", addr);
		return;
	}
	hpet_device.data[0] = addr;
	device_announce(&hpet_device);
}

static u64 ppm_apart(u64 a, u64 b)
{
	u64 d = a > b ? a - b : b - a;

	return b ? d * 1000000 / b : ~0ULL;
}

/*
 * Refine the TSC and/or measure the LAPIC in one window against the HPET,
 * else the PIT. A reference that puts the TSC more than 2% away from its
 * early (PIT or CPUID) rate is not trusted: it stops being a clock source.
 */
static int calibrate(bool refine_tsc, bool lapic, u64 *lapic_hz)
{
	const struct clocksource_ops *ref;
	struct calib c;
	u64 ref_hz, hz;
	int err = -ENODEV;

	ref = clocksource_reference(&ref_hz);
	if (ref) {
		err = calibrate_ref(ref, ref_hz, CALIB_HPET_US, lapic, &c);
		hz = calib_rate(c.tsc, &c);
		if (!err && tsc_origin != TSC_UNKNOWN &&
		    ppm_apart(hz, tsc_hz) > TSC_REFINE_MAX_PPM) {
			pr_warn("time: the %s puts the TSC at %llu Hz, far from %llu Hz: %s not "
				"used",
				ref->name, hz, tsc_hz, ref->name);
			clocksource_unregister(ref);
			err = -EIO;
		}
		if (err)
			ref = NULL;
	}
	if (!ref)
		err = calibrate_pit(CALIB_PIT_US, lapic, &c);
	if (err) {
		pr_warn("time: calibration failed (%d)", err);
		return err;
	}
	*lapic_hz = calib_lapic_hz(&c);
	hz = calib_rate(c.tsc, &c);
	if (!refine_tsc)
		return 0;
	if (tsc_origin != TSC_UNKNOWN && ppm_apart(hz, tsc_hz) > TSC_REFINE_MAX_PPM) {
		pr_warn("tsc: %llu Hz against the PIT, %llu Hz early: kept the early rate", hz,
			tsc_hz);
		return 0;
	}
	pr_info("tsc: %llu.%03llu MHz against the %s (%s%llu ppm from the early rate)",
		hz / 1000000, hz / 1000 % 1000, ref ? ref->name : "PIT", hz < tsc_hz ? "-" : "",
		ppm_apart(hz, tsc_hz));
	tsc_set_hz(hz, TSC_REFINED);
	return 0;
}

void arch_time_init(void)
{
	char opt[16] = "";
	bool deadline, refine_tsc, lapic;
	u64 lapic_hz = 0;

	hpet_announce();
	cmdline_get("lapic_timer", opt, sizeof(opt));
	deadline = apic_timer_has_deadline() && strcmp(opt, "oneshot") != 0;
	lapic = apic_enabled() && !deadline;
	/* Against the HPET always (it checks a CPUID rate too); against the
	 * PIT when the early rate came from its shorter window. */
	refine_tsc = clocksource_reference(NULL) || tsc_origin != TSC_CPUID;
	if ((refine_tsc || lapic) && calibrate(refine_tsc, lapic, &lapic_hz))
		lapic_hz = 0;
	if (lapic && lapic_hz)
		pr_info("apic: timer %llu.%03llu MHz", lapic_hz / 1000000, lapic_hz / 1000 % 1000);
	if (apic_enabled() && apic_timer_init(deadline, lapic_hz))
		pr_warn("time: no clock event device: timers will not fire");
}
