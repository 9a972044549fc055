/*
 * HPET driver: claims device "PNP0103" (announced by the ACPI namespace or
 * by the x86 time set-up from the HPET table; data[0] is the register
 * block's physical address, mapped uncached; refused when hpet=off),
 * checks the block (revision, period, 64-bit counter), starts the main
 * counter and registers it as a reference clock source; on DETACH the clock moves to the next source first. One block,
 * comparators left off. Built in or a module alike; events are serialized.
 */
#include <loom/boot.h>
#include <loom/mm.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/time.h>

#define HPET_CAP	   0x000
#define HPET_CONF	   0x010
#define HPET_COUNTER	   0x0f0
#define HPET_TIMER_CONF(n) (0x100 + 0x20 * (n))

#define CAP_REV(c)	 ((c)&0xff)
#define CAP_TIMERS(c)	 ((u32)(((c) >> 8) & 0x1f) + 1)
#define CAP_64BIT	 (1ULL << 13)
#define CAP_PERIOD_FS(c) ((c) >> 32)
#define CONF_ENABLE	 (1ULL << 0)
#define CONF_LEGACY	 (1ULL << 1)
#define TIMER_INT_ENABLE (1ULL << 2)
#define MAX_PERIOD_FS	 100000000ULL /* 100 ns: the specification's limit */
#define FS_PER_SEC	 1000000000000000ULL

static volatile u64 *regs;
static u64 saved_conf;

static u64 hpet_reg(u32 off)
{
	return regs[off / 8];
}

static void hpet_set(u32 off, u64 v)
{
	regs[off / 8] = v;
}

static u64 hpet_read(void)
{
	return regs[HPET_COUNTER / 8];
}

static const struct clocksource_ops hpet_clocksource = {
	.name = "hpet",
	.read = hpet_read,
	.rating = 250,
	.flags = CLOCKSOURCE_REFERENCE,
};

static int hpet_attach(struct device *dev)
{
	u64 cap, period, hz, c0;
	char opt[8] = "";
	int err;

	if (regs)
		return -EBUSY;
	if (cmdline_get("hpet", opt, sizeof(opt)) == 0 && !strcmp(opt, "off"))
		return -ENODEV; /* announced by the ACPI namespace, but refused */
	if (!dev->data[0]) {
		pr_warn("hpet: %s gives no register address: not used", dev->name);
		return -ENODEV;
	}
	regs = phys_to_virt(dev->data[0]);
	cap = hpet_reg(HPET_CAP);
	period = CAP_PERIOD_FS(cap);
	if (cap == ~0ULL || !CAP_REV(cap) || !period || period > MAX_PERIOD_FS) {
		pr_warn("hpet: at 0x%llx: capabilities 0x%016llx make no sense: not used",
			dev->data[0], cap);
		goto fail;
	}
	if (!(cap & CAP_64BIT)) {
		pr_warn("hpet: at 0x%llx: 32-bit main counter: not used", dev->data[0]);
		goto fail;
	}
	saved_conf = hpet_reg(HPET_CONF);
	for (u32 n = 0; n < CAP_TIMERS(cap); n++)
		hpet_set(HPET_TIMER_CONF(n), hpet_reg(HPET_TIMER_CONF(n)) & ~TIMER_INT_ENABLE);
	hpet_set(HPET_CONF, (saved_conf & ~CONF_LEGACY) | CONF_ENABLE);
	c0 = hpet_read();
	for (int spin = 0; spin < 1000 && hpet_read() == c0; spin++)
		;
	if (hpet_read() == c0) {
		pr_warn("hpet: at 0x%llx: the main counter does not run: not used", dev->data[0]);
		hpet_set(HPET_CONF, saved_conf);
		goto fail;
	}
	hz = (FS_PER_SEC + period / 2) / period;
	err = clocksource_register(&hpet_clocksource, hz);
	if (err) {
		hpet_set(HPET_CONF, saved_conf);
		regs = NULL;
		return err;
	}
	pr_info("hpet: at 0x%llx, %llu.%03llu MHz, %u comparators", dev->data[0], hz / 1000000,
		hz / 1000 % 1000, CAP_TIMERS(cap));
	return 0;
fail:
	regs = NULL;
	return -ENODEV;
}

static int hpet_event(const struct module_event *ev)
{
	switch (ev->type) {
	case MODULE_EVENT_ATTACH: return hpet_attach(ev->dev);
	case MODULE_EVENT_DETACH:
		clocksource_unregister(&hpet_clocksource);
		hpet_set(HPET_CONF, saved_conf);
		regs = NULL;
		return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "HPET: reference clock source", "1.0", "MIT", "PNP0103", hpet_event);
