/*
 * I/O APICs (arch/x86/kernel/ioapic.c): the interrupt lines of the machine
 * (global system interrupts, GSIs) routed to vectors of the boot CPU's
 * local APIC. The MADT lists the I/O APICs and the ISA interrupt source
 * overrides; every redirection entry starts masked, the legacy 8259 PICs
 * stay masked (idt.c). A driver requests a line, which allocates a vector,
 * registers its handler (asm/irq.h: IF=0, no nesting, EOI by the local
 * APIC after it returns) and unmasks the entry; freeing masks it again.
 */
#ifndef ASM_IOAPIC_H
#define ASM_IOAPIC_H

#include <loom/acpi.h>
#include <loom/types.h>
#include <asm/irq.h>
#include <uapi/loom/errno.h>

/* Trigger and polarity of a line (irq_request_gsi flags). */
#define IRQ_EDGE       0u
#define IRQ_LEVEL      1u
#define IRQ_ACTIVE_LOW 2u

#define IOAPIC_MAX     8
#define IOAPIC_MAX_GSI 256 /* lines above are refused */
#define ISA_IRQS       16

struct ioapic {
	phys_addr_t phys;
	volatile u32 *regs; /* IOREGSEL at 0, IOWIN at 0x10 */
	u32 gsi_base, nr;   /* its lines: gsi_base .. gsi_base + nr - 1 */
	u8 id, version;
};

/* Register access and mapping: the hardware's, or a test's. */
struct ioapic_io {
	int (*map)(struct ioapic *io);
	u32 (*read)(struct ioapic *io, u32 reg);
	void (*write)(struct ioapic *io, u32 reg, u32 v);
};

/* What the MADT says, checked against the hardware. */
struct ioapic_config {
	struct ioapic apic[IOAPIC_MAX];
	u32 nr_apics;
	struct {
		u32 gsi;  /* the ISA line's GSI (itself unless overridden) */
		u8 flags; /* IRQ_LEVEL, IRQ_ACTIVE_LOW */
		bool bad; /* an override named a GSI no I/O APIC has */
	} isa[ISA_IRQS];
	u32 errors; /* entries refused, each with a log line */
};

/* Read the I/O APIC and override entries of madt into cfg through io:
 * an I/O APIC whose version register reads all-ones, one that overlaps
 * another's lines or one past IOAPIC_MAX is refused, as is an override of
 * a bus other than ISA, of a line above 15, with reserved flags or for a
 * GSI no I/O APIC has (each a log line and cfg->errors + 1). 0 when at
 * least one I/O APIC is usable, else -ENODEV. No entry is written. */
int ioapic_parse(const struct acpi_header *madt, struct ioapic_config *cfg,
		 const struct ioapic_io *io);

#ifdef CONFIG_X86_IO_APIC
/* Boot, after the local APIC: parse the MADT, mask every entry. 0 or
 * -ENODEV (no usable I/O APIC, or "noioapic" on the command line: drivers
 * poll). */
int ioapic_init(void);
bool ioapic_present(void);
/* The APIC id every requested line is delivered to (the boot CPU's). */
u32 ioapic_destination(void);
/* Route a line to a new vector of the boot CPU with handler(regs, data)
 * and unmask it: the vector, or -ENODEV (no I/O APIC has the line, or an
 * override for it was bad), -EINVAL (ISA line above 15), -EBUSY (already
 * requested), -ENOSPC (no vector free), -ERANGE (the boot CPU's APIC id
 * does not fit a redirection entry). ISA lines take the MADT's override
 * (GSI, trigger, polarity), else edge and active high. */
int irq_request_gsi(u32 gsi, u32 flags, irq_handler_t handler, void *data);
int irq_request_isa(unsigned int isa_irq, irq_handler_t handler, void *data);
/* Mask the line and give its vector back: 0 or -ENOENT (not requested).
 * A handler running on another CPU is not waited for (lines are routed to
 * the boot CPU: free them there, or with that CPU idle). */
int irq_free_gsi(u32 gsi);
int irq_free_isa(unsigned int isa_irq);
/* A line as a device's _CRS gives it (struct acpi_resources): an ISA IRQ
 * (ACPI_IRQ_ISA) through irq_request_isa, else a GSI with its flags. */
int irq_request_acpi(u32 irq, u8 acpi_flags, irq_handler_t handler, void *data);
int irq_free_acpi(u32 irq, u8 acpi_flags);
/* The GSI and flags of an ISA line: 0 or -ENODEV/-EINVAL. */
int irq_isa_route(unsigned int isa_irq, u32 *gsi, u32 *flags);
/* The redirection entry of a line (for tests): 0 or -ENODEV. */
int ioapic_read_entry(u32 gsi, u64 *entry);
#else
static inline int ioapic_init(void)
{
	return -ENODEV;
}
static inline bool ioapic_present(void)
{
	return false;
}
static inline int irq_request_gsi(u32 gsi, u32 flags, irq_handler_t handler, void *data)
{
	return -ENODEV;
}
static inline int irq_request_isa(unsigned int isa_irq, irq_handler_t handler, void *data)
{
	return -ENODEV;
}
static inline int irq_free_gsi(u32 gsi)
{
	return -ENOENT;
}
static inline int irq_free_isa(unsigned int isa_irq)
{
	return -ENOENT;
}
static inline int irq_request_acpi(u32 irq, u8 acpi_flags, irq_handler_t handler, void *data)
{
	return -ENODEV;
}
static inline int irq_free_acpi(u32 irq, u8 acpi_flags)
{
	return -ENOENT;
}
static inline int irq_isa_route(unsigned int isa_irq, u32 *gsi, u32 *flags)
{
	return -ENODEV;
}
static inline int ioapic_read_entry(u32 gsi, u64 *entry)
{
	return -ENODEV;
}
#endif

/* Redirection entry bits (low word). */
#define IOAPIC_RTE_ACTIVE_LOW (1u << 13)
#define IOAPIC_RTE_LEVEL      (1u << 15)
#define IOAPIC_RTE_MASKED     (1u << 16)

#endif
