/*
 * The LAPIC timer as clock event device, two const ops tables: TSC-deadline
 * mode (a TSC value, no LAPIC rate needed) or one-shot mode (a count at the
 * calibrated rate, at most 2^32-1: longer waits fire early and re-arm).
 * Its interrupt goes to clockevent_interrupt(). Each CPU programs its own
 * (apic_timer_init_cpu on an application processor); called under
 * the timer queue's lock or from its interrupt.
 */
#include <loom/boot.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/irq.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>

/* ns -> LAPIC counts (one-shot) or TSC ticks (deadline). */
static u64 ns_mult;
static u32 ns_shift;

/* Farther deadlines are programmed this far ahead: the interrupt comes
 * early and the timer queue re-arms (no overflow in the conversions). */
#define MAX_DELTA_NS (1ULL << 42) /* 73 minutes */

static u64 delta_ns(u64 deadline)
{
	u64 now = clock_monotonic_ns();

	if (deadline <= now)
		return 0;
	return MIN(deadline - now, MAX_DELTA_NS);
}

static int oneshot_program(u64 deadline)
{
	/* +1: round up, and a count of 0 would stop the timer. */
	u64 count = time_scale(delta_ns(deadline), ns_mult, ns_shift) + 1;

	apic_write(APIC_TIMER_INIT, count > 0xffffffffULL ? 0xffffffffu : (u32)count);
	return 0;
}

static void oneshot_stop(void)
{
	apic_write(APIC_TIMER_INIT, 0);
}

static int deadline_program(u64 deadline)
{
	u64 delta = delta_ns(deadline);

	/* A TSC value already passed fires at once. */
	wrmsr(MSR_TSC_DEADLINE, rdtsc() + time_scale(delta, ns_mult, ns_shift) + 1);
	return 0;
}

static void deadline_stop(void)
{
	wrmsr(MSR_TSC_DEADLINE, 0);
}

static void setup_lvt(void);

static const struct clock_event_ops lapic_oneshot = {
	.name = "lapic-oneshot",
	.program_ns = oneshot_program,
	.stop = oneshot_stop,
	.cpu_init = setup_lvt,
};

static const struct clock_event_ops lapic_deadline = {
	.name = "lapic-tsc-deadline",
	.program_ns = deadline_program,
	.stop = deadline_stop,
	.cpu_init = setup_lvt,
};

static void timer_interrupt(struct pt_regs *regs, void *data)
{
	clockevent_interrupt();
}

bool apic_timer_has_deadline(void)
{
	u32 a, b, c, d;

	cpuid_count(1, 0, &a, &b, &c, &d);
	return apic_enabled() && tsc_hz && (c & (1u << 24));
}

void apic_timer_start_count(void)
{
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | APIC_TIMER_ONESHOT | IRQ_VECTOR_TIMER);
	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_BY1);
	apic_write(APIC_TIMER_INIT, 0xffffffffu);
}

u32 apic_timer_count(void)
{
	return apic_read(APIC_TIMER_COUNT);
}

static bool mode; /* true: TSC-deadline, false: one-shot */

/* Point this CPU's timer at the timer vector in the chosen mode (also
 * ops->cpu_init: an application processor joining). */
static void setup_lvt(void)
{
	apic_write(APIC_TIMER_INIT, 0);
	if (mode) {
		apic_write(APIC_LVT_TIMER, APIC_TIMER_DEADLINE | IRQ_VECTOR_TIMER);
		/* The LVT write must reach the APIC before the first WRMSR. */
		__asm__ volatile("mfence" ::: "memory");
	} else {
		apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_BY1);
		apic_write(APIC_LVT_TIMER, APIC_TIMER_ONESHOT | IRQ_VECTOR_TIMER);
	}
}

int apic_timer_init(bool deadline, u64 lapic_hz)
{
	const struct clock_event_ops *ops = deadline ? &lapic_deadline : &lapic_oneshot;
	int err;

	if (!apic_enabled() || (!deadline && !lapic_hz))
		return -ENODEV;
	apic_write(APIC_TIMER_INIT, 0);
	err = irq_register(IRQ_VECTOR_TIMER, timer_interrupt, NULL);
	if (err)
		return err;
	if (deadline)
		time_scale_init(&ns_mult, &ns_shift, NSEC_PER_SEC, tsc_hz);
	else
		time_scale_init(&ns_mult, &ns_shift, NSEC_PER_SEC, lapic_hz);
	mode = deadline;
	setup_lvt();
	return clockevent_register(ops);
}
