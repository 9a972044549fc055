/*
 * GDT and TSS, one pair per CPU slot. Layout (fixed by syscall/sysret): null,
 * kernel code, kernel data, user code32 (unused), user data, user code, TSS.
 * The TSS gives the double-fault, NMI and machine-check handlers stacks of
 * their own (IST), so a kernel stack overflow still reports instead of
 * triple-faulting. Contract: gdt_init_cpu(cpu) runs on that CPU; the BSP
 * (slot 0) uses static IST stacks, an AP's come from kstack_alloc().
 * Locking: none (each slot belongs to its CPU).
 */
#include <loom/kstack.h>
#include <loom/module.h>
#include <loom/string.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/user.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

static struct tss tss[CONFIG_NR_CPUS];
static u64 gdt[CONFIG_NR_CPUS][9] __aligned(16);
static u8 ist_stacks[3][8192] __aligned(16); /* the BSP's */

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

int gdt_init_cpu(unsigned cpu)
{
	struct tss *t;
	u64 *g, base, limit = sizeof(struct tss) - 1, gs_base;
	struct desc_ptr p;

	if (cpu >= CONFIG_NR_CPUS)
		return -EINVAL;
	t = &tss[cpu];
	g = gdt[cpu];
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < 3; i++) {
		u64 top = cpu ? kstack_alloc()
			      : (u64)(uintptr_t)(ist_stacks[i] + sizeof(ist_stacks[i]));

		if (!top)
			return -ENOMEM; /* the ones allocated so far stay for a retry */
		t->ist[i] = top;
	}
	t->iomap_base = sizeof(*t);
	base = (u64)(uintptr_t)t;
	p = (struct desc_ptr){ sizeof(gdt[0]) - 1, (u64)(uintptr_t)g };

	g[0] = 0;
	g[1] = 0x00af9a000000ffffULL; /* kernel code, 64-bit     */
	g[2] = 0x00cf92000000ffffULL; /* kernel data             */
	g[3] = 0x00cffa000000ffffULL; /* user code, 32-bit       */
	g[4] = 0x00cff2000000ffffULL; /* user data               */
	g[5] = 0x00affa000000ffffULL; /* user code, 64-bit       */
	g[6] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
	       (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	g[7] = base >> 32;
	g[8] = 0;

	/* Loading GS clears its base on some CPUs: keep the per-CPU area. */
	gs_base = rdmsr(MSR_GS_BASE);
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ds\n\t"
			 "movw %w2, %%es\n\t"
			 "movw %w2, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movw %%ax, %%fs\n\t"
			 "movw %%ax, %%gs\n\t"
			 "ltr %w3"
			 :
			 : "m"(p), "i"((u64)KERNEL_CS), "r"(KERNEL_DS), "r"(TSS_SEL)
			 : "rax", "memory");
	wrmsr(MSR_GS_BASE, gs_base);
	user_cpu_init(cpu); /* syscall MSRs: every CPU, the BSP and each AP */
	return 0;
}
EXPORT_SYMBOL(gdt_init_cpu);

void gdt_init(void)
{
	gdt_init_cpu(0);
}

/* The stack the CPU switches to on an interrupt from user mode. */
void tss_set_rsp0(unsigned cpu, u64 rsp0)
{
	if (cpu < CONFIG_NR_CPUS)
		tss[cpu].rsp[0] = rsp0;
}

/* For tests: the address of this CPU's GDT and of an IST stack top. */
const u64 *gdt_table(void)
{
	return gdt[smp_processor_id()];
}
u64 tss_ist(int n)
{
	return tss[smp_processor_id()].ist[n - 1];
}
