/*
 * Calibration windows: TSC ticks over a span timed by PIT channel 2 (mode 0,
 * polled) or a reference clock source, and the LAPIC count against the TSC
 * within it. Each edge is bracketed by two TSC reads (midpoint, uncertainty);
 * a window stretched by a stall is run again, after a warm-up window.
 * Boot CPU, interrupts off, every wait bounded.
 */
#include <loom/printk.h>
#include <loom/time.h>
#include <asm/apic.h>
#include <asm/time.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>

/* No realistic TSC runs faster than 20 GHz: a window that took 50 times
 * its length at that rate means the reference is not counting. */
#define TSC_MAX_PER_US 20000ULL
#define TIMEOUT_US(us) ((u64)(us)*50 + 50000)

/* A window is good when its edges' uncertainty is under 1/64 of it. */
#define MAX_WIDTH_SHIFT 6
#define TRIES		4
/* The first window runs for WARMUP_US and is thrown away: the first pass
 * through this code takes longer at its edges (cold caches and branch
 * predictors; under QEMU's TCG, translating the code, which skewed a 5 ms
 * window by 0.1-0.2%). */
#define WARMUP_US 50

struct edge {
	u64 tsc;   /* midpoint */
	u64 width; /* TSC ticks between the bracketing reads */
};

static void lapic_sample(bool lapic, u64 *count, u64 *tsc)
{
	u64 a;

	if (!lapic)
		return;
	a = rdtsc();
	*count = apic_timer_count();
	*tsc = a + (rdtsc() - a) / 2;
}

/* Fill c from the two edges and the LAPIC samples taken next to them. */
static void finish(struct calib *c, struct edge s, struct edge e, u64 l0, u64 lt0, u64 l1, u64 lt1)
{
	c->tsc = e.tsc - s.tsc;
	c->width = s.width + e.width;
	c->lapic = l0 - l1; /* counts down */
	c->lapic_tsc = lt1 - lt0;
}

static int pit_window(u32 us, bool lapic, struct calib *c)
{
	u32 ticks = (u32)(PIT_HZ * us / 1000000);
	u8 gate = inb(0x61);
	u64 limit, lo, l0 = 0, lt0 = 0, l1 = 0, lt1 = 0;
	struct edge s, e;

	if (ticks > 0xffff)
		return -EINVAL;
	c->ns = (u64)ticks * NSEC_PER_SEC / PIT_HZ;
	if (lapic)
		apic_timer_start_count();
	outb(0x61, (gate & ~0x02) | 0x01); /* gate on, speaker off */
	outb(0x43, 0xb0);		   /* channel 2, lo/hi byte, mode 0 */
	outb(0x42, ticks & 0xff);
	s.tsc = rdtsc();
	outb(0x42, ticks >> 8); /* counting starts here */
	lo = rdtsc();
	s.width = lo - s.tsc;
	s.tsc += s.width / 2;
	lapic_sample(lapic, &l0, &lt0);
	limit = lo + TIMEOUT_US(us) * TSC_MAX_PER_US;
	for (;;) {
		u64 before = rdtsc();

		if (inb(0x61) & 0x20)
			break;
		lo = before; /* the edge comes after this read */
		if (before > limit) {
			outb(0x61, gate);
			return -ETIMEDOUT;
		}
	}
	e.width = rdtsc() - lo;
	e.tsc = lo + e.width / 2;
	lapic_sample(lapic, &l1, &lt1);
	outb(0x61, gate);
	finish(c, s, e, l0, lt0, l1, lt1);
	return 0;
}

static int ref_window(const struct clocksource_ops *ref, u64 hz, u32 us, bool lapic,
		      struct calib *c)
{
	u64 ticks = hz * us / 1000000, start, now, a, limit, l0 = 0, lt0 = 0, l1 = 0, lt1 = 0;
	struct edge s, e;

	if (lapic)
		apic_timer_start_count();
	a = rdtsc();
	start = ref->read();
	s.width = rdtsc() - a;
	s.tsc = a + s.width / 2;
	lapic_sample(lapic, &l0, &lt0);
	limit = a + TIMEOUT_US(us) * TSC_MAX_PER_US;
	do {
		a = rdtsc();
		now = ref->read();
		e.width = rdtsc() - a;
		if (a > limit)
			return -ETIMEDOUT;
	} while (now - start < ticks);
	e.tsc = a + e.width / 2;
	lapic_sample(lapic, &l1, &lt1);
	/* (now - start) / hz seconds, without overflow. */
	c->ns = (now - start) / hz * NSEC_PER_SEC + (now - start) % hz * NSEC_PER_SEC / hz;
	finish(c, s, e, l0, lt0, l1, lt1);
	return 0;
}

/* Run the window until its edges are sharp (or TRIES times: the sharpest). */
static int run(const struct clocksource_ops *ref, u64 hz, u32 us, bool lapic, struct calib *c)
{
	struct calib try;
	int err = 0, good = 0;

	for (int i = -1; i < TRIES; i++) {
		u32 len = i < 0 ? WARMUP_US : us;

		err = ref ? ref_window(ref, hz, len, lapic, &try) : pit_window(len, lapic, &try);
		if (err)
			continue;
		if (i < 0)
			continue;
		/* Compare width/tsc ratios without dividing. */
		if (!good++ ||
		    (unsigned __int128)try.width * c->tsc < (unsigned __int128)c->width * try.tsc)
			*c = try;
		if (c->width << MAX_WIDTH_SHIFT <= c->tsc)
			return 0;
	}
	if (!good)
		return err;
	pr_warn("calibrate: every %u us window against the %s was disturbed (edges %llu of "
		"%llu TSC ticks): using the sharpest",
		us, ref ? ref->name : "PIT", c->width, c->tsc);
	return 0;
}

int calibrate_pit(u32 us, bool lapic, struct calib *c)
{
	return run(NULL, 0, us, lapic, c);
}

int calibrate_ref(const struct clocksource_ops *ref, u64 hz, u32 us, bool lapic, struct calib *c)
{
	return run(ref, hz, us, lapic, c);
}

u64 calib_rate(u64 ticks, const struct calib *c)
{
	return c->ns ? time_scale(ticks, (NSEC_PER_SEC << 32) / c->ns, 32) : 0;
}

u64 calib_lapic_hz(const struct calib *c)
{
	u64 tsc_hz = calib_rate(c->tsc, c), mult, ns;
	u32 shift;

	if (!tsc_hz || !c->lapic_tsc)
		return 0;
	/* lapic counts over lapic_tsc TSC ticks at tsc_hz. */
	time_scale_init(&mult, &shift, tsc_hz, NSEC_PER_SEC);
	ns = time_scale(c->lapic_tsc, mult, shift);
	return ns ? time_scale(c->lapic, (NSEC_PER_SEC << 32) / ns, 32) : 0;
}
