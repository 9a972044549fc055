/* In-kernel tests of the x86 set-up: descriptors, paging permissions, faults. */
#include <loom/ktest.h>
#include <loom/mm.h>
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include <asm/traps.h>
#include <asm/x86.h>

extern char _text[], _etext[], _rodata[], _data[];
const u64 *gdt_table(void);
u64 tss_ist(int n);
int idt_gate_ist(int v);

static void descriptors_loaded(struct ktest *t)
{
	u16 cs, tr;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	__asm__ volatile("str %0" : "=r"(tr));
	KEXPECT_EQ(t, cs, KERNEL_CS);
	KEXPECT_EQ(t, tr, TSS_SEL);
	KEXPECT_EQ(t, idt_gate_ist(8), IST_DOUBLE_FAULT);
	KEXPECT_EQ(t, idt_gate_ist(2), IST_NMI);
	KEXPECT_NE(t, tss_ist(IST_DOUBLE_FAULT), 0);
}

static void kernel_sections_wx(struct ktest *t)
{
	int lvl;
	u64 text = pte_lookup(kernel_pml4, (u64)(uintptr_t)_text, &lvl);
	u64 ro = pte_lookup(kernel_pml4, (u64)(uintptr_t)_rodata, &lvl);
	u64 data = pte_lookup(kernel_pml4, (u64)(uintptr_t)_data, &lvl);

	KASSERT_NE(t, text, 0);
	KEXPECT_EQ(t, text & PTE_W, 0);
	KEXPECT_EQ(t, text & PTE_NX, 0);
	KEXPECT_EQ(t, ro & PTE_W, 0);
	KEXPECT_EQ(t, data & PTE_W, PTE_W);
	if (cpu_features.nx) {
		KEXPECT_EQ(t, ro & PTE_NX, PTE_NX);
		KEXPECT_EQ(t, data & PTE_NX, PTE_NX);
	}
	KEXPECT_EQ(t, pte_lookup(kernel_pml4, 0, &lvl), 0);
}

static void write_to_text_faults(struct ktest *t)
{
	struct trap_fixup f = { .vector = 14 };

	__asm__ volatile("leaq 1f(%%rip), %0" : "=r"(f.resume));
	trap_set_fixup(&f);
	__asm__ volatile("movb %%al, (%0)\n1:" ::"r"(_text), "a"(0) : "memory");
	trap_set_fixup(NULL);
	KEXPECT_TRUE(t, f.hit);
	KEXPECT_EQ(t, f.address, (u64)(uintptr_t)_text);
	KEXPECT_EQ(t, f.error_code & 3, 3); /* present + write */
}

static void null_read_faults(struct ktest *t)
{
	struct trap_fixup f = { .vector = 14 };
	u64 v = 0;

	__asm__ volatile("leaq 1f(%%rip), %0" : "=r"(f.resume));
	trap_set_fixup(&f);
	__asm__ volatile("movq 0x10, %0\n1:" : "+r"(v)::"memory");
	trap_set_fixup(NULL);
	KEXPECT_TRUE(t, f.hit);
	KEXPECT_EQ(t, f.address, 0x10);
}

static void cpu_protections_on(struct ktest *t)
{
	KEXPECT_EQ(t, read_cr0() & CR0_WP, CR0_WP);
	if (cpu_features.nx)
		KEXPECT_EQ(t, rdmsr(MSR_EFER) & EFER_NXE, EFER_NXE);
	if (IS_ENABLED(CONFIG_X86_SMEP_SMAP) && cpu_features.smep)
		KEXPECT_EQ(t, read_cr4() & CR4_SMEP, CR4_SMEP);
	if (IS_ENABLED(CONFIG_X86_SMEP_SMAP) && cpu_features.smap)
		KEXPECT_EQ(t, read_cr4() & CR4_SMAP, CR4_SMAP);
	KEXPECT_NE(t, tsc_hz, 0);
}

KTEST_SUITE(arch, KTEST_CASE(descriptors_loaded), KTEST_CASE(kernel_sections_wx),
	    KTEST_CASE(write_to_text_faults), KTEST_CASE(null_read_faults),
	    KTEST_CASE(cpu_protections_on));
