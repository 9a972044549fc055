/*
 * In-kernel tests of the application processors (suite "smp"): every MADT
 * processor online with its own per-CPU area, smp_call_function() to all
 * and to one, with and without waiting, a TLB shootdown seen on every CPU,
 * and the same CPU features (CR4, EFER, PAT, XCR0) everywhere. On one CPU
 * the cases pass with nothing to check. Owns only its test page at TEST_VA.
 */
#include <loom/acpi.h>
#include <loom/ktest.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <asm/x86.h>

#define NCPU	64	      /* CPUs checked (CONFIG_NR_CPUS may be larger) */
#define TEST_VA 0x40000000ULL /* lower half of kernel_pml4: unused */

struct seen {
	u32 ran, cpu, apic_id;
	struct percpu *self;
	u64 gs_base, cr4, efer, pat, xcr0, value;
};

static struct seen seen[NCPU];

static void clear_seen(void)
{
	for (int i = 0; i < NCPU; i++)
		seen[i] = (struct seen){ 0 };
}

static u64 xgetbv0(void)
{
	u32 lo, hi;

	if (!(read_cr4() & CR4_OSXSAVE))
		return 0;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (u64)hi << 32 | lo;
}

static void record(void *arg)
{
	unsigned c = smp_processor_id();
	struct seen *s;

	if (c >= NCPU)
		return;
	s = &seen[c];
	s->cpu = this_cpu()->cpu;
	s->self = this_cpu();
	s->apic_id = apic_id();
	s->gs_base = rdmsr(MSR_GS_BASE);
	s->cr4 = read_cr4();
	s->efer = rdmsr(MSR_EFER);
	s->pat = rdmsr(MSR_PAT);
	s->xcr0 = xgetbv0();
	if (arg)
		s->value = *(volatile u64 *)arg;
	__atomic_store_n(&s->ran, 1, __ATOMIC_RELEASE);
}

static unsigned madt_cpus(void)
{
	u32 ids[1];
	unsigned n = acpi_cpu_apic_ids(ids, 0);

	if (!n)
		n = 1; /* no MADT: the boot CPU alone */
	return n < CONFIG_NR_CPUS ? n : CONFIG_NR_CPUS;
}

static void smp_all_madt_cpus_online(struct ktest *t)
{
	u32 ids[NCPU];
	unsigned n = acpi_cpu_apic_ids(ids, NCPU);

	KEXPECT_EQ(t, smp_cpus_online(), madt_cpus());
	for (unsigned c = 0; c < NCPU && c < n; c++) {
		bool listed = false;

		if (!smp_cpu_is_online(c))
			continue;
		for (unsigned i = 0; i < n && i < NCPU; i++)
			listed |= ids[i] == smp_cpu_apic_id(c);
		KEXPECT_TRUE(t, listed);
	}
}

static void smp_call_reaches_every_cpu(struct ktest *t)
{
	int n;

	clear_seen();
	n = smp_call_function(SMP_ALL_OTHERS, record, NULL, true);
	KEXPECT_EQ(t, n, (int)smp_cpus_online() - 1);
	record(NULL); /* this CPU: the BSP */
	KEXPECT_EQ(t, smp_processor_id(), 0);
	for (unsigned c = 0; c < NCPU; c++) {
		if (!smp_cpu_is_online(c)) {
			KEXPECT_EQ(t, seen[c].ran, 0);
			continue;
		}
		KEXPECT_EQ(t, seen[c].ran, 1);
		KEXPECT_EQ(t, seen[c].cpu, c);
		KEXPECT_TRUE(t, seen[c].self == percpu_area(c));
		KEXPECT_EQ(t, seen[c].gs_base, (u64)(uintptr_t)percpu_area(c));
		KEXPECT_EQ(t, seen[c].apic_id, smp_cpu_apic_id(c));
		for (unsigned d = 0; d < c; d++)
			if (smp_cpu_is_online(d)) {
				KEXPECT_NE(t, seen[c].apic_id, seen[d].apic_id);
				KEXPECT_TRUE(t, seen[c].self != seen[d].self);
			}
	}
}

static volatile u32 slow_done;

static void slow(void *arg)
{
	u64 end = clock_monotonic_ns() + 2 * NSEC_PER_MSEC;

	while (clock_monotonic_ns() < end)
		pause();
	__atomic_fetch_add(&slow_done, 1, __ATOMIC_RELEASE);
}

static void smp_call_waits_and_targets_one(struct ktest *t)
{
	unsigned last = 0;
	int n;

	slow_done = 0;
	n = smp_call_function(SMP_ALL_OTHERS, slow, NULL, true);
	KEXPECT_EQ(t, n, (int)smp_cpus_online() - 1);
	KEXPECT_EQ(t, slow_done, smp_cpus_online() - 1); /* all finished on return */

	for (unsigned c = 1; c < NCPU; c++)
		if (smp_cpu_is_online(c))
			last = c;
	if (!last)
		return;
	clear_seen();
	n = smp_call_function(1ULL << last, record, NULL, true);
	KEXPECT_EQ(t, n, 1);
	for (unsigned c = 0; c < NCPU; c++)
		KEXPECT_EQ(t, seen[c].ran, c == last);

	/* No wait: returns once picked up; the next call still works. */
	slow_done = 0;
	n = smp_call_function(SMP_ALL_OTHERS, slow, NULL, false);
	KEXPECT_EQ(t, n, (int)smp_cpus_online() - 1);
	n = smp_call_function(SMP_ALL_OTHERS, slow, NULL, true);
	KEXPECT_EQ(t, n, (int)smp_cpus_online() - 1);
	KEXPECT_EQ(t, slow_done, 2 * (smp_cpus_online() - 1));
}

static void smp_tlb_shootdown_reaches_every_cpu(struct ktest *t)
{
	phys_addr_t a = page_alloc(), b = page_alloc();
	volatile u64 *va = (volatile u64 *)TEST_VA;
	unsigned stale = 0;

	if (!a || !b) {
		ktest_skip(t, "no memory");
		goto out;
	}
	if ((read_cr3() & PTE_ADDR) != virt_to_phys(kernel_pml4)) {
		ktest_skip(t, "not on the kernel's page tables");
		goto out;
	}
	*(u64 *)phys_to_virt(a) = 0xaaaa;
	*(u64 *)phys_to_virt(b) = 0xbbbb;
	KASSERT_EQ(t, map_range(kernel_pml4, TEST_VA, a, PAGE_SIZE, PTE_W | PTE_NX, MAP_WB, true),
		   0);
	clear_seen();
	smp_call_function(SMP_ALL_OTHERS, record, (void *)va, true); /* into their TLBs */
	for (unsigned c = 1; c < NCPU; c++)
		if (smp_cpu_is_online(c))
			KEXPECT_EQ(t, seen[c].value, 0xaaaa);

	unmap_range(kernel_pml4, TEST_VA, PAGE_SIZE, NULL); /* invlpg here only */
	KEXPECT_EQ(t, map_range(kernel_pml4, TEST_VA, b, PAGE_SIZE, PTE_W | PTE_NX, MAP_WB, true),
		   0);
	clear_seen();
	smp_call_function(SMP_ALL_OTHERS, record, (void *)va, true);
	for (unsigned c = 1; c < NCPU; c++)
		stale += smp_cpu_is_online(c) && seen[c].value == 0xaaaa;
	/* Not checked: whether a CPU kept the stale entry is its choice. */
	(void)stale;

	KEXPECT_EQ(t, tlb_shootdown(TEST_VA, 1), 0);
	clear_seen();
	smp_call_function(SMP_ALL_OTHERS, record, (void *)va, true);
	KEXPECT_EQ(t, *va, 0xbbbb);
	for (unsigned c = 1; c < NCPU; c++)
		if (smp_cpu_is_online(c))
			KEXPECT_EQ(t, seen[c].value, 0xbbbb);
	unmap_range(kernel_pml4, TEST_VA, PAGE_SIZE, NULL);
	tlb_shootdown(TEST_VA, 1);
out:
	if (a)
		page_free(a);
	if (b)
		page_free(b);
}

static void smp_features_match_the_bsp(struct ktest *t)
{
	const u64 cr4_bits =
		CR4_PAE | CR4_PGE | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_OSXSAVE | CR4_SMEP | CR4_SMAP;
	struct seen *bsp = &seen[0];

	clear_seen();
	record(NULL);
	smp_call_function(SMP_ALL_OTHERS, record, NULL, true);
	if (cpu_features.nx)
		KEXPECT_TRUE(t, bsp->efer & EFER_NXE);
	for (unsigned c = 1; c < NCPU; c++) {
		if (!smp_cpu_is_online(c))
			continue;
		KEXPECT_EQ(t, seen[c].ran, 1);
		KEXPECT_EQ(t, seen[c].cr4 & cr4_bits, bsp->cr4 & cr4_bits);
		KEXPECT_EQ(t, seen[c].efer, bsp->efer);
		KEXPECT_EQ(t, seen[c].pat, bsp->pat);
		KEXPECT_EQ(t, seen[c].xcr0, bsp->xcr0);
	}
}

KTEST_SUITE(smp, KTEST_CASE(smp_all_madt_cpus_online), KTEST_CASE(smp_call_reaches_every_cpu),
	    KTEST_CASE(smp_call_waits_and_targets_one),
	    KTEST_CASE(smp_tlb_shootdown_reaches_every_cpu),
	    KTEST_CASE(smp_features_match_the_bsp));
