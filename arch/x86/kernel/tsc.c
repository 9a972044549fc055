/*
 * The TSC as the clock behind log timestamps. Its rate comes from CPUID
 * leaf 0x15 when the CPU reports it; otherwise it is measured against PIT
 * channel 2 over 5 ms (polling, no interrupts). Before calibration every
 * conversion returns 0; records keep the raw TSC and print correctly later.
 */
#include <loom/printk.h>
#include <asm/cpu.h>
#include <asm/x86.h>

u64 tsc_hz;
u64 boot_tsc;

#define PIT_HZ 1193182ULL

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

static u64 tsc_from_pit(void)
{
	const u32 ticks = (u32)(PIT_HZ * 5 / 1000); /* 5 ms */
	u64 t0, t1;
	u8 gate = inb(0x61);

	outb(0x61, (gate & ~0x02) | 0x01); /* gate on, speaker off */
	outb(0x43, 0xb0);		   /* ch2, lo/hi, mode 0 */
	outb(0x42, ticks & 0xff);
	outb(0x42, ticks >> 8);
	t0 = rdtsc();
	while (!(inb(0x61) & 0x20))
		;
	t1 = rdtsc();
	outb(0x61, gate);
	return (t1 - t0) * 1000 / 5;
}

void tsc_calibrate(void)
{
	const char *how = "CPUID";
	u64 hz = tsc_from_cpuid();

	if (!hz) {
		hz = tsc_from_pit();
		how = "PIT";
	}
	tsc_hz = hz;
	pr_info("tsc: %llu.%03llu MHz (%s)", hz / 1000000, hz / 1000 % 1000, how);
}

u64 tsc_to_ns(u64 tsc)
{
	u64 d;

	if (!tsc_hz || tsc < boot_tsc)
		return 0;
	d = tsc - boot_tsc;
	/* d * 1e9 / hz without overflow for any realistic uptime. */
	return (d / tsc_hz) * 1000000000ULL + (d % tsc_hz) * 1000000000ULL / tsc_hz;
}

u64 clock_ns(void)
{
	return tsc_to_ns(rdtsc());
}
