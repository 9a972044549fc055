/*
 * Starting the application processors (module "smp", CONFIG_SMP): on LOAD,
 * every processor the MADT lists as enabled other than this one gets
 * INIT-SIPI-SIPI, runs the trampoline (trampoline.asm, copied to the low
 * page TRAMP_BASE, identity mapped only for the bring-up) and ends in
 * ap_main(), which sets up its per-CPU area, GDT/TSS, IDT, CPU features and
 * local APIC and then idles in the core (ipi.c). Locking: the BSP starts the
 * APs one after another; the parameter block is handed over by the AP
 * marking itself online. A CPU that does not start is logged and skipped.
 */
#include <loom/acpi.h>
#include <loom/boot.h>
#include <loom/kstack.h>
#include <loom/mm.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <asm/x86.h>

#define TRAMP_BASE	 0x8000 /* SIPI vector 0x08; must match trampoline.asm */
#define INIT_DELAY_NS	 (10 * NSEC_PER_MSEC)
#define SIPI_DELAY_NS	 (200 * NSEC_PER_USEC)
#define START_TIMEOUT_NS (2000 * NSEC_PER_MSEC) /* TCG is slow to start a vCPU */
#define MAX_IDS		 256
#define EFER_LME	 (1u << 8)

/* The trampoline's parameter block (smp_trampoline_params). */
struct tramp_params {
	u32 cr3;
	u32 efer;
	u64 entry;
	u64 stack;
	u64 cpu;
	u32 cr4;
	u32 alive;
};

extern const u8 smp_trampoline_start[], smp_trampoline_end[], smp_trampoline_params[];

_Static_assert(sizeof(struct tramp_params) == 40, "matches trampoline.asm");

static u32 ids[MAX_IDS];

static void delay_ns(u64 ns)
{
	u64 end = clock_monotonic_ns() + ns;

	while (clock_monotonic_ns() < end)
		pause();
}

static __attribute__((noreturn)) void ap_main(u64 cpu)
{
	struct percpu *p = percpu_area((unsigned)cpu);

	percpu_install((unsigned)cpu, p->apic_id);
	if (gdt_init_cpu((unsigned)cpu))
		halt_forever(); /* the BSP logs it as not started */
	idt_load();
	cpu_init();
	apic_init();
	p->apic_id = apic_id();
	p->online_ns = clock_monotonic_ns();
	smp_mark_online((unsigned)cpu);
	smp_ap_idle();
}

/* Is the trampoline page usable RAM in the boot memory map? */
static bool tramp_page_usable(void)
{
	u32 n;
	const struct boot_mem_region *r = boot_mem_regions(&n);

	for (u32 i = 0; i < n; i++)
		if (r[i].type == BOOT_MEM_USABLE && r[i].base <= TRAMP_BASE &&
		    r[i].base + r[i].length >= TRAMP_BASE + PAGE_SIZE)
			return true;
	return false;
}

static bool wait_for(volatile u32 *flag, u64 ns)
{
	u64 end = clock_monotonic_ns() + ns;

	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE)) {
		if (clock_monotonic_ns() > end)
			return false;
		pause();
	}
	return true;
}

static bool wait_online(unsigned cpu, u64 ns)
{
	u64 end = clock_monotonic_ns() + ns;

	while (!smp_cpu_is_online(cpu)) {
		if (clock_monotonic_ns() > end)
			return false;
		pause();
	}
	return true;
}

static int start_one(struct tramp_params *tp, unsigned cpu, u32 id)
{
	struct percpu *p = percpu_area(cpu);
	u64 stack = kstack_alloc(), t0;

	if (!stack) {
		pr_err("smp: CPU %u (apic id %u): no memory for its stack", cpu, id);
		return -ENOMEM;
	}
	p->apic_id = id;
	p->stack_top = stack;
	tp->stack = stack;
	tp->cpu = cpu;
	tp->alive = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	t0 = clock_monotonic_ns();
	apic_send_icr(id, APIC_ICR_INIT | APIC_ICR_LEVEL | APIC_ICR_ASSERT);
	delay_ns(INIT_DELAY_NS);
	for (int i = 0; i < 2; i++) {
		apic_send_icr(id, APIC_ICR_STARTUP | (TRAMP_BASE >> 12));
		if (wait_for(&tp->alive, SIPI_DELAY_NS))
			break;
	}
	if (!wait_online(cpu, START_TIMEOUT_NS)) {
		/* Park it (wait-for-SIPI) before the trampoline goes away. */
		apic_send_icr(id, APIC_ICR_INIT | APIC_ICR_LEVEL | APIC_ICR_ASSERT);
		pr_err("smp: CPU %u (apic id %u) did not start", cpu, id);
		return -ETIMEDOUT; /* the stack stays: the CPU may have used it */
	}
	pr_info("smp: CPU %u (apic id %u) online in %llu us", cpu, id,
		(unsigned long long)((p->online_ns - t0) / 1000));
	return 0;
}

static int smp_start(void)
{
	u32 n, me, cpu = 1;
	struct tramp_params *tp;
	u64 len = (u64)(smp_trampoline_end - smp_trampoline_start);
	u64 pml4 = virt_to_phys(kernel_pml4);
	char list[160];
	int pos, err;

	if (!apic_enabled()) {
		pr_info("smp: no local APIC: 1 CPU");
		return -ENODEV;
	}
	n = acpi_cpu_apic_ids(ids, MAX_IDS);
	if (n > MAX_IDS)
		n = MAX_IDS;
	me = apic_id();
	if (n <= 1) {
		pr_info("smp: 1 CPU online (apic id %u)", me);
		return 0;
	}
	if (!tramp_page_usable() || len > PAGE_SIZE || pml4 >= (1ULL << 32)) {
		pr_err("smp: the start page 0x%x is not usable RAM (or the page tables are above 4 "
		       "GiB): 1 CPU",
		       TRAMP_BASE);
		return -ENODEV;
	}
	err = smp_ipi_init();
	if (err) {
		pr_err("smp: no call-function vector (%d): 1 CPU", err);
		return err;
	}
	if (map_range(kernel_pml4, TRAMP_BASE, TRAMP_BASE, PAGE_SIZE, PTE_W, MAP_WB, true)) {
		pr_err("smp: cannot map the start page: 1 CPU");
		return -ENOMEM;
	}
	memcpy(phys_to_virt(TRAMP_BASE), smp_trampoline_start, len);
	tp = phys_to_virt(TRAMP_BASE + (u64)(smp_trampoline_params - smp_trampoline_start));
	tp->cr3 = (u32)pml4;
	tp->efer = EFER_LME | (u32)(rdmsr(MSR_EFER) & EFER_NXE);
	tp->cr4 = (u32)CR4_PAE;
	tp->entry = (u64)(uintptr_t)ap_main;

	for (u32 i = 0; i < n; i++) {
		if (ids[i] == me)
			continue;
		if (cpu >= CONFIG_NR_CPUS) {
			pr_warn("smp: CONFIG_NR_CPUS=%d: apic id %u left off", CONFIG_NR_CPUS,
				ids[i]);
			continue;
		}
		if (ids[i] > 255 && !apic_x2apic_mode()) {
			pr_warn("smp: apic id %u needs x2APIC mode: left off", ids[i]);
			continue;
		}
		if (start_one(tp, cpu, ids[i]) == 0)
			cpu++;
	}

	unmap_range(kernel_pml4, TRAMP_BASE, PAGE_SIZE, NULL);
	tlb_shootdown(TRAMP_BASE, 1);

	pos = 0;
	list[0] = '\0';
	for (unsigned c = 0; c < CONFIG_NR_CPUS && pos < (int)sizeof(list) - 12; c++)
		if (smp_cpu_is_online(c))
			pos += snprintf(list + pos, sizeof(list) - pos, "%s%u", pos ? " " : "",
					smp_cpu_apic_id(c));
	pr_info("smp: %u CPUs online (apic ids %s)", smp_cpus_online(), list);
	return 0;
}

static int smp_event(const struct module_event *ev)
{
	switch (ev->type) {
	case MODULE_EVENT_LOAD:
		/* Built in, LOAD comes before the APIC is up: start later. */
		if (!apic_enabled()) {
			smp_defer_start(smp_start);
			return 0;
		}
		smp_start();
		return 0;
	case MODULE_EVENT_UNLOAD:
		/* The APs idle in the core, not here; they stay online. */
		return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom", "Starts the application processors", "1.0", "MIT", "BOOT_ALWAYS", smp_event);
