/*
 * I/O APICs: the MADT's I/O APIC and interrupt source override entries
 * (acpi_madt_walk) checked against the hardware, every redirection entry
 * masked at boot, and lines requested by drivers routed to a fresh vector
 * of the boot CPU (fixed delivery, physical destination: its APIC id). The
 * legacy PICs were remapped and masked by idt_init() and stay so. Locking:
 * ioapic_lock (irqsave) covers the IOREGSEL/IOWIN pairs and the line
 * table; the configuration is written once at boot.
 */
#include <loom/boot.h>
#include <loom/mm.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <asm/apic.h>
#include <asm/ioapic.h>
#include <asm/x86.h>

_Static_assert(ACPI_IRQ_LEVEL == IRQ_LEVEL && ACPI_IRQ_ACTIVE_LOW == IRQ_ACTIVE_LOW,
	       "ACPI resource flags are irq_request_gsi flags");

#define IOAPIC_REG_ID	   0x00
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_RTE	   0x10 /* 2 registers per entry: low, high */

static struct ioapic_config cfg;
static bool present;
static u32 dest_apic;		       /* the boot CPU's APIC id: every line goes there */
static u8 line_vector[IOAPIC_MAX_GSI]; /* 0: not requested */
static spinlock_t ioapic_lock = SPINLOCK_INIT;

static int hw_map(struct ioapic *io)
{
	if (mmio_map_uc(io->phys, 0x20))
		return -ENOMEM;
	io->regs = phys_to_virt(io->phys);
	return 0;
}

static u32 hw_read(struct ioapic *io, u32 reg)
{
	io->regs[0] = reg;
	return io->regs[4];
}

static void hw_write(struct ioapic *io, u32 reg, u32 v)
{
	io->regs[0] = reg;
	io->regs[4] = v;
}

static const struct ioapic_io hw_io = {
	.map = hw_map,
	.read = hw_read,
	.write = hw_write,
};

struct parse {
	struct ioapic_config *cfg;
	const struct ioapic_io *io;
};

static struct ioapic *apic_of(struct ioapic_config *c, u32 gsi)
{
	for (u32 i = 0; i < c->nr_apics; i++)
		if (gsi >= c->apic[i].gsi_base && gsi - c->apic[i].gsi_base < c->apic[i].nr)
			return &c->apic[i];
	return NULL;
}

static void refuse(struct ioapic_config *c)
{
	c->errors++;
}

static int parse_apic(u8 type, const u8 *e, u8 len, void *arg)
{
	struct parse *p = arg;
	struct ioapic_config *c = p->cfg;
	struct ioapic a = { 0 };
	u32 addr, ver;

	if (type != ACPI_MADT_IO_APIC)
		return 0;
	if (len < 12) {
		pr_warn("ioapic: MADT I/O APIC entry of %u bytes: ignored", len);
		refuse(c);
		return 0;
	}
	memcpy(&addr, e + 4, 4);
	memcpy(&a.gsi_base, e + 8, 4);
	a.phys = addr;
	a.id = e[2];
	if (c->nr_apics == IOAPIC_MAX) {
		pr_warn("ioapic: more than %d I/O APICs: id %u ignored", IOAPIC_MAX, a.id);
		refuse(c);
		return 0;
	}
	if (p->io->map(&a)) {
		pr_warn("ioapic: cannot map I/O APIC %u at 0x%x: ignored", a.id, addr);
		refuse(c);
		return 0;
	}
	ver = p->io->read(&a, IOAPIC_REG_VERSION);
	if (ver == 0xffffffffu) {
		pr_warn("ioapic: I/O APIC %u at 0x%x reads all-ones (no device): ignored", a.id,
			addr);
		refuse(c);
		return 0;
	}
	a.version = (u8)ver;
	a.nr = ((ver >> 16) & 0xff) + 1;
	if (a.gsi_base >= IOAPIC_MAX_GSI || a.gsi_base + a.nr > IOAPIC_MAX_GSI) {
		pr_warn("ioapic: I/O APIC %u has GSIs %u-%u, above %u: ignored", a.id, a.gsi_base,
			a.gsi_base + a.nr - 1, IOAPIC_MAX_GSI - 1);
		refuse(c);
		return 0;
	}
	for (u32 i = 0; i < c->nr_apics; i++) {
		struct ioapic *o = &c->apic[i];

		if (a.gsi_base < o->gsi_base + o->nr && o->gsi_base < a.gsi_base + a.nr) {
			pr_warn("ioapic: I/O APIC %u (GSI %u-%u) overlaps I/O APIC %u: ignored",
				a.id, a.gsi_base, a.gsi_base + a.nr - 1, o->id);
			refuse(c);
			return 0;
		}
	}
	c->apic[c->nr_apics++] = a;
	return 0;
}

/* MPS INTI flags: polarity bits 0-1, trigger bits 2-3 (0: the bus's
 * default, 1: high / edge, 3: low / level, 2: reserved). */
static int override_flags(u16 mps, u8 *flags)
{
	u32 pol = mps & 3, trig = (mps >> 2) & 3;

	if (pol == 2 || trig == 2)
		return -EINVAL;
	*flags = (pol == 3 ? IRQ_ACTIVE_LOW : 0) | (trig == 3 ? IRQ_LEVEL : 0);
	return 0;
}

static int parse_override(u8 type, const u8 *e, u8 len, void *arg)
{
	struct parse *p = arg;
	struct ioapic_config *c = p->cfg;
	u32 gsi;
	u16 mps;
	u8 src, flags;

	if (type != ACPI_MADT_SOURCE_OVERRIDE)
		return 0;
	if (len < 10) {
		pr_warn("ioapic: MADT override entry of %u bytes: ignored", len);
		refuse(c);
		return 0;
	}
	src = e[3];
	memcpy(&gsi, e + 4, 4);
	memcpy(&mps, e + 8, 2);
	if (e[2] != 0 || src >= ISA_IRQS) {
		pr_warn("ioapic: override of bus %u line %u (not ISA 0-15): ignored", e[2], src);
		refuse(c);
		return 0;
	}
	if (override_flags(mps, &flags)) {
		pr_warn("ioapic: override of ISA %u has reserved flags 0x%x: ignored", src, mps);
		refuse(c);
		return 0;
	}
	c->isa[src].gsi = gsi;
	c->isa[src].flags = flags;
	c->isa[src].bad = !apic_of(c, gsi);
	if (c->isa[src].bad) {
		pr_warn("ioapic: override of ISA %u names GSI %u, which no I/O APIC has: "
			"the line is refused",
			src, gsi);
		refuse(c);
	}
	return 0;
}

int ioapic_parse(const struct acpi_header *madt, struct ioapic_config *c,
		 const struct ioapic_io *io)
{
	struct parse p = { c, io };

	memset(c, 0, sizeof(*c));
	for (u32 i = 0; i < ISA_IRQS; i++)
		c->isa[i].gsi = i;	      /* identity, edge, active high */
	acpi_madt_walk(madt, parse_apic, &p); /* all I/O APICs before overrides */
	acpi_madt_walk(madt, parse_override, &p);
	for (u32 i = 0; i < ISA_IRQS; i++) {
		if (!c->isa[i].bad && c->nr_apics && !apic_of(c, c->isa[i].gsi))
			c->isa[i].bad = true; /* no override, no line: nothing to log */
	}
	return c->nr_apics ? 0 : -ENODEV;
}
EXPORT_SYMBOL(ioapic_parse);

static void write_entry(struct ioapic *a, u32 gsi, u32 low, u32 high)
{
	u32 r = IOAPIC_REG_RTE + 2 * (gsi - a->gsi_base);

	/* Masked while the destination changes, the low word (mask) last. */
	hw_write(a, r, IOAPIC_RTE_MASKED);
	hw_write(a, r + 1, high);
	hw_write(a, r, low);
}

int ioapic_init(void)
{
	const struct acpi_header *madt;
	int err;

	if (!IS_ENABLED(CONFIG_ACPI) || !apic_enabled())
		return -ENODEV;
	if (cmdline_has("noioapic")) {
		pr_info("ioapic: off (noioapic): devices are polled");
		return -ENODEV;
	}
	madt = acpi_find_table("APIC", 0);
	if (!madt) {
		pr_warn("ioapic: no MADT: no I/O APIC, devices are polled");
		return -ENODEV;
	}
	err = ioapic_parse(madt, &cfg, &hw_io);
	if (err) {
		pr_warn("ioapic: no usable I/O APIC in the MADT: devices are polled");
		return err;
	}
	for (u32 i = 0; i < cfg.nr_apics; i++) {
		struct ioapic *a = &cfg.apic[i];

		for (u32 g = a->gsi_base; g < a->gsi_base + a->nr; g++)
			write_entry(a, g, IOAPIC_RTE_MASKED, 0);
		pr_info("ioapic: I/O APIC %u at 0x%llx, version 0x%02x, GSI %u-%u, all masked",
			a->id, (unsigned long long)a->phys, a->version, a->gsi_base,
			a->gsi_base + a->nr - 1);
	}
	for (u32 i = 0; i < ISA_IRQS; i++) {
		if (cfg.isa[i].gsi != i || cfg.isa[i].flags)
			pr_info("ioapic: ISA IRQ %u -> GSI %u, %s, active %s", i, cfg.isa[i].gsi,
				cfg.isa[i].flags & IRQ_LEVEL ? "level" : "edge",
				cfg.isa[i].flags & IRQ_ACTIVE_LOW ? "low" : "high");
	}
	dest_apic = apic_id(); /* ioapic_init runs on the boot CPU */
	present = true;
	return 0;
}

u32 ioapic_destination(void)
{
	return dest_apic;
}

bool ioapic_present(void)
{
	return present;
}
EXPORT_SYMBOL(ioapic_present);

int irq_request_gsi(u32 gsi, u32 flags, irq_handler_t handler, void *data)
{
	struct ioapic *a = present ? apic_of(&cfg, gsi) : NULL;
	u32 low, dest = dest_apic;
	int v, err;
	u64 f;

	if (!a || !handler)
		return a ? -EINVAL : -ENODEV;
	if (dest > 0xff) {
		pr_warn("ioapic: boot CPU APIC id %u does not fit a redirection entry", dest);
		return -ERANGE;
	}
	f = spin_lock_irqsave(&ioapic_lock);
	if (line_vector[gsi]) {
		spin_unlock_irqrestore(&ioapic_lock, f);
		return -EBUSY;
	}
	line_vector[gsi] = 1; /* claimed while the vector is found */
	spin_unlock_irqrestore(&ioapic_lock, f);

	v = irq_alloc_vector();
	if (v < 0) {
		err = v;
		goto out_unclaim;
	}
	err = irq_register((u8)v, handler, data); /* on the vector reserved for us */
	if (err) {
		irq_unregister((u8)v);
		goto out_unclaim;
	}
	low = (u32)v | (flags & IRQ_LEVEL ? IOAPIC_RTE_LEVEL : 0) |
	      (flags & IRQ_ACTIVE_LOW ? IOAPIC_RTE_ACTIVE_LOW : 0);
	f = spin_lock_irqsave(&ioapic_lock);
	line_vector[gsi] = (u8)v;
	write_entry(a, gsi, low, dest << 24);
	spin_unlock_irqrestore(&ioapic_lock, f);
	return v;

out_unclaim:
	f = spin_lock_irqsave(&ioapic_lock);
	line_vector[gsi] = 0;
	spin_unlock_irqrestore(&ioapic_lock, f);
	return err;
}
EXPORT_SYMBOL(irq_request_gsi);

int irq_isa_route(unsigned int isa_irq, u32 *gsi, u32 *flags)
{
	if (isa_irq >= ISA_IRQS)
		return -EINVAL;
	if (!present || cfg.isa[isa_irq].bad)
		return -ENODEV;
	*gsi = cfg.isa[isa_irq].gsi;
	*flags = cfg.isa[isa_irq].flags;
	return 0;
}
EXPORT_SYMBOL(irq_isa_route);

int irq_request_isa(unsigned int isa_irq, irq_handler_t handler, void *data)
{
	u32 gsi, flags;
	int err = irq_isa_route(isa_irq, &gsi, &flags);

	return err ? err : irq_request_gsi(gsi, flags, handler, data);
}
EXPORT_SYMBOL(irq_request_isa);

int irq_free_gsi(u32 gsi)
{
	struct ioapic *a = present ? apic_of(&cfg, gsi) : NULL;
	u8 v;
	u64 f;

	if (!a)
		return -ENOENT;
	f = spin_lock_irqsave(&ioapic_lock);
	v = line_vector[gsi];
	if (v < 32) { /* 0: free; 1: being requested */
		spin_unlock_irqrestore(&ioapic_lock, f);
		return -ENOENT;
	}
	write_entry(a, gsi, IOAPIC_RTE_MASKED, 0);
	line_vector[gsi] = 0;
	spin_unlock_irqrestore(&ioapic_lock, f);
	irq_unregister(v);
	return 0;
}
EXPORT_SYMBOL(irq_free_gsi);

int irq_free_isa(unsigned int isa_irq)
{
	u32 gsi, flags;

	if (irq_isa_route(isa_irq, &gsi, &flags))
		return -ENOENT;
	return irq_free_gsi(gsi);
}
EXPORT_SYMBOL(irq_free_isa);

int ioapic_read_entry(u32 gsi, u64 *entry)
{
	struct ioapic *a = present ? apic_of(&cfg, gsi) : NULL;
	u32 r;
	u64 f;

	if (!a)
		return -ENODEV;
	r = IOAPIC_REG_RTE + 2 * (gsi - a->gsi_base);
	f = spin_lock_irqsave(&ioapic_lock);
	*entry = hw_read(a, r) | (u64)hw_read(a, r + 1) << 32;
	spin_unlock_irqrestore(&ioapic_lock, f);
	return 0;
}
EXPORT_SYMBOL(ioapic_read_entry);

int irq_request_acpi(u32 irq, u8 acpi_flags, irq_handler_t handler, void *data)
{
	if (acpi_flags & ACPI_IRQ_ISA)
		return irq_request_isa(irq, handler, data);
	return irq_request_gsi(irq, acpi_flags & (IRQ_LEVEL | IRQ_ACTIVE_LOW), handler, data);
}
EXPORT_SYMBOL(irq_request_acpi);

int irq_free_acpi(u32 irq, u8 acpi_flags)
{
	return acpi_flags & ACPI_IRQ_ISA ? irq_free_isa(irq) : irq_free_gsi(irq);
}
EXPORT_SYMBOL(irq_free_acpi);
