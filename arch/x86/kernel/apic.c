/*
 * The boot CPU's local APIC behind one const ops table chosen at boot:
 * x2APIC (MSRs) when the CPU has it, else xAPIC (its MMIO page, mapped
 * uncached here). The base is the MADT's, checked against IA32_APIC_BASE,
 * which wins when they differ. Contract: every call acts on this CPU's APIC
 * and is a no-op before apic_init(). Locking: none; ICR writes run IF=0.
 */
#include <loom/module.h>
#include <loom/acpi.h>
#include <loom/boot.h>
#include <loom/mm.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/pgtable.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>

#define APIC_BASE_BSP	 (1ULL << 8)
#define APIC_BASE_EXTD	 (1ULL << 10)
#define APIC_BASE_EN	 (1ULL << 11)
#define APIC_BASE_ADDR	 0x000ffffffffff000ULL
#define MSR_X2APIC_FIRST 0x800
#define MSR_X2APIC_ICR	 0x830

struct apic_ops {
	const char *name;
	u32 (*read)(u32 reg);
	void (*write)(u32 reg, u32 v);
	int (*send_icr)(u32 dest, u32 low);
	u32 (*id)(void);
};

static volatile u32 *xapic_regs;
static phys_addr_t xapic_phys;
static const struct apic_ops *apic;

static u32 xapic_read(u32 reg)
{
	return xapic_regs[reg / 4];
}

static void xapic_write(u32 reg, u32 v)
{
	xapic_regs[reg / 4] = v;
}

static int xapic_send_icr(u32 dest, u32 low)
{
	u64 flags = local_irq_save();
	int err = -ETIMEDOUT;

	xapic_write(APIC_ICR_HIGH, dest << 24);
	xapic_write(APIC_ICR_LOW, low);
	for (int spin = 0; spin < 1000000; spin++) {
		if (!(xapic_read(APIC_ICR_LOW) & APIC_ICR_BUSY)) {
			err = 0;
			break;
		}
		pause();
	}
	local_irq_restore(flags);
	return err;
}

static u32 xapic_id(void)
{
	return xapic_read(APIC_ID) >> 24;
}

static u32 x2apic_read(u32 reg)
{
	return (u32)rdmsr(MSR_X2APIC_FIRST + reg / 16);
}

static void x2apic_write(u32 reg, u32 v)
{
	wrmsr(MSR_X2APIC_FIRST + reg / 16, v);
}

static int x2apic_send_icr(u32 dest, u32 low)
{
	/* WRMSR to the ICR is not serializing: order earlier stores first. */
	__asm__ volatile("mfence" ::: "memory");
	wrmsr(MSR_X2APIC_ICR, (u64)dest << 32 | low);
	return 0;
}

static u32 x2apic_id(void)
{
	return x2apic_read(APIC_ID);
}

static const struct apic_ops xapic_ops = {
	.name = "xAPIC",
	.read = xapic_read,
	.write = xapic_write,
	.send_icr = xapic_send_icr,
	.id = xapic_id,
};

static const struct apic_ops x2apic_ops = {
	.name = "x2APIC",
	.read = x2apic_read,
	.write = x2apic_write,
	.send_icr = x2apic_send_icr,
	.id = x2apic_id,
};

bool apic_enabled(void)
{
	return apic != NULL;
}
EXPORT_SYMBOL(apic_enabled);

bool apic_x2apic_mode(void)
{
	return apic == &x2apic_ops;
}
EXPORT_SYMBOL(apic_x2apic_mode);

u32 apic_read(u32 reg)
{
	return apic ? apic->read(reg) : 0;
}
EXPORT_SYMBOL(apic_read);

void apic_write(u32 reg, u32 v)
{
	if (apic)
		apic->write(reg, v);
}
EXPORT_SYMBOL(apic_write);

u32 apic_id(void)
{
	return apic ? apic->id() : 0;
}
EXPORT_SYMBOL(apic_id);

void apic_eoi(void)
{
	if (apic)
		apic->write(APIC_EOI, 0);
}

bool apic_in_service(u8 vector)
{
	return apic_read(APIC_ISR + (vector / 32) * 0x10) & (1u << (vector % 32));
}

int apic_send_icr(u32 dest, u32 low)
{
	return apic ? apic->send_icr(dest, low) : -ENODEV;
}
EXPORT_SYMBOL(apic_send_icr);

void apic_send_ipi(u32 dest, u8 vector)
{
	apic_send_icr(dest, APIC_ICR_FIXED | APIC_ICR_ASSERT | vector);
}

void apic_send_ipi_self(u8 vector)
{
	apic_send_icr(0, APIC_ICR_SELF | APIC_ICR_FIXED | APIC_ICR_ASSERT | vector);
}

int mmio_map_uc(phys_addr_t pa, u64 len)
{
	u64 start = ALIGN_DOWN(pa, PAGE_SIZE), end = ALIGN_UP(pa + len, PAGE_SIZE);

	if (!kernel_pml4)
		return -EAGAIN;
	for (u64 p = start; p < end; p += PAGE_SIZE) {
		u64 va = DIRECT_MAP_BASE + p;
		int level;

		if (pte_lookup(kernel_pml4, va, &level))
			continue; /* in the memory map: mapped, firmware ranges uncached */
		if (map_range(kernel_pml4, va, p, PAGE_SIZE, PTE_W | PTE_NX | PTE_G, MAP_UC, true))
			return -ENOMEM;
		invlpg(va);
	}
	return 0;
}

static int madt_apic_override(u8 type, const u8 *e, u8 len, void *arg)
{
	if (type == ACPI_MADT_LOCAL_APIC_ADDRESS && len >= 12)
		memcpy(arg, e + 4, 8);
	return 0;
}

/* The LAPIC address the MADT gives (its override entry wins), or 0. */
static u64 madt_apic_base(void)
{
	const struct acpi_header *madt;
	u32 addr32;
	u64 addr;

	if (!IS_ENABLED(CONFIG_ACPI))
		return 0;
	madt = acpi_find_table("APIC", 0);
	if (!madt || madt->length < sizeof(*madt) + 8)
		return 0;
	memcpy(&addr32, (const u8 *)madt + sizeof(*madt), 4);
	addr = addr32;
	acpi_madt_walk(madt, madt_apic_override, &addr);
	return addr;
}

static const struct apic_ops *choose_mode(u64 *base_msr)
{
	u32 a, b, c, d;
	u64 phys = *base_msr & APIC_BASE_ADDR, madt = madt_apic_base();
	bool x2 = false;

	cpuid_count(1, 0, &a, &b, &c, &d);
	if (IS_ENABLED(CONFIG_X86_X2APIC) && (c & (1u << 21)) && !cmdline_has("nox2apic"))
		x2 = true;
	if (*base_msr & APIC_BASE_EXTD) {
		if (!x2)
			pr_info("apic: the firmware left x2APIC mode on: keeping it");
		return &x2apic_ops;
	}
	if (x2) {
		*base_msr |= APIC_BASE_EN;
		wrmsr(MSR_APIC_BASE, *base_msr);
		*base_msr |= APIC_BASE_EXTD; /* EN first, then EN|EXTD */
		wrmsr(MSR_APIC_BASE, *base_msr);
		return &x2apic_ops;
	}
	if (madt && madt != phys)
		pr_warn("apic: the MADT says 0x%llx, IA32_APIC_BASE 0x%llx: using the MSR", madt,
			phys);
	if (mmio_map_uc(phys, PAGE_SIZE)) {
		pr_err("apic: cannot map the xAPIC at 0x%llx: no interrupts", phys);
		return NULL;
	}
	if (!(*base_msr & APIC_BASE_EN)) {
		*base_msr |= APIC_BASE_EN;
		wrmsr(MSR_APIC_BASE, *base_msr);
	}
	xapic_phys = phys;
	xapic_regs = phys_to_virt(phys);
	return &xapic_ops;
}

int apic_init(void)
{
	u32 a, b, c, d, version, lvts;
	u64 base;
	int eois = 0;

	if (!IS_ENABLED(CONFIG_X86_LOCAL_APIC))
		return -ENODEV;
	cpuid_count(1, 0, &a, &b, &c, &d);
	if (!(d & (1u << 9))) {
		pr_warn("apic: the CPU has no local APIC: no interrupts");
		return -ENODEV;
	}
	base = rdmsr(MSR_APIC_BASE);
	apic = choose_mode(&base);
	if (!apic)
		return -ENODEV;
	version = apic->read(APIC_VERSION);
	lvts = ((version >> 16) & 0xff) + 1;

	apic->write(APIC_TPR, 0);
	apic->write(APIC_LVT_TIMER, APIC_LVT_MASKED | IRQ_VECTOR_TIMER);
	apic->write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	apic->write(APIC_LVT_LINT1, base & APIC_BASE_BSP ? APIC_LVT_NMI : APIC_LVT_MASKED);
	if (lvts >= 5)
		apic->write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
	if (lvts >= 4)
		apic->write(APIC_LVT_PERF, APIC_LVT_MASKED);
	apic->write(APIC_LVT_ERROR, IRQ_VECTOR_APIC_ERROR);
	apic->write(APIC_ESR, 0);
	apic->write(APIC_ESR, 0);
	apic->write(APIC_SVR, APIC_SVR_ENABLE | IRQ_VECTOR_SPURIOUS);
	/* Anything the firmware left in service would block lower vectors. */
	for (int r = 7; r >= 0 && eois < 256; r--) {
		while (apic->read(APIC_ISR + r * 0x10) && eois < 256) {
			apic->write(APIC_EOI, 0);
			eois++;
		}
	}
	if (apic == &xapic_ops)
		pr_info("apic: xAPIC at 0x%llx, id %u, version 0x%02x, %u LVT entries%s",
			xapic_phys, apic->id(), version & 0xff, lvts,
			eois ? ", stale in-service interrupts acknowledged" : "");
	else
		pr_info("apic: x2APIC, id %u, version 0x%02x, %u LVT entries%s", apic->id(),
			version & 0xff, lvts,
			eois ? ", stale in-service interrupts acknowledged" : "");
	return 0;
}
EXPORT_SYMBOL(apic_init);
