/*
 * Per-CPU areas: a static table of CONFIG_NR_CPUS struct percpu, one
 * installed in each CPU's GS base (see asm/percpu.h). Slot 0 is the BSP's
 * from the top of kernel_main on. Locking: none; a slot is written by the
 * CPU that owns it, or by the BSP before that CPU starts.
 */
#include <loom/module.h>
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/x86.h>

_Static_assert(__builtin_offsetof(struct percpu, preempt_count) == PERCPU_PREEMPT_COUNT,
	       "PERCPU_PREEMPT_COUNT");
_Static_assert(__builtin_offsetof(struct percpu, current) == PERCPU_CURRENT, "PERCPU_CURRENT");

static struct percpu areas[CONFIG_NR_CPUS] __aligned(64);

struct percpu *percpu_area(unsigned cpu)
{
	return cpu < CONFIG_NR_CPUS ? &areas[cpu] : NULL;
}
EXPORT_SYMBOL(percpu_area);

void percpu_install(unsigned cpu, u32 apic_id)
{
	struct percpu *p = &areas[cpu < CONFIG_NR_CPUS ? cpu : 0];

	p->self = p;
	p->cpu = cpu;
	p->apic_id = apic_id;
	wrmsr(MSR_GS_BASE, (u64)(uintptr_t)p);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
EXPORT_SYMBOL(percpu_install);

void percpu_init_bsp(void)
{
	/* The APIC id is filled in once the APIC is up (smp_ipi_init). */
	percpu_install(0, 0);
}
