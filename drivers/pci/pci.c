/*
 * PCI enumeration through the legacy configuration ports (0xcf8/0xcfc,
 * present on every PC chipset and on QEMU's pc and q35). Bus 0 is scanned,
 * then every bus behind a PCI-to-PCI bridge. Each function found is
 * announced to the module core with the types "pci:VVVV:DDDD" and
 * "pci-class:CCSS", so the module claiming it is attached (or loaded).
 * Runs once at boot; the table is read-only afterwards.
 */
#include <loom/init.h>
#include <loom/pci.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <asm/x86.h>

#define MAX_PCI 128

static struct pci_dev devs[MAX_PCI];
static u32 nr_devs;
static u8 bus_seen[256 / 8];

static u32 cfg_addr(u8 bus, u8 slot, u8 func, u8 reg)
{
	return 0x80000000u | (u32)bus << 16 | (u32)slot << 11 | (u32)func << 8 | (reg & 0xfc);
}

static u32 cfg_read(u8 bus, u8 slot, u8 func, u8 reg)
{
	outl(0xcf8, cfg_addr(bus, slot, func, reg));
	return inl(0xcfc);
}

u32 pci_read32(const struct pci_dev *p, u8 reg)
{
	return cfg_read(p->bus, p->slot, p->func, reg);
}
EXPORT_SYMBOL(pci_read32);

void pci_write32(const struct pci_dev *p, u8 reg, u32 v)
{
	outl(0xcf8, cfg_addr(p->bus, p->slot, p->func, reg));
	outl(0xcfc, v);
}
EXPORT_SYMBOL(pci_write32);

const struct pci_dev *pci_devices(u32 *count)
{
	*count = nr_devs;
	return devs;
}

static void scan_bus(u8 bus);

static void add_function(u8 bus, u8 slot, u8 func, u32 id)
{
	u32 class = cfg_read(bus, slot, func, 0x08);
	u32 hdr = cfg_read(bus, slot, func, 0x0c);
	struct pci_dev *p;

	if (nr_devs == MAX_PCI) {
		pr_warn("pci: more than %d functions; %02x:%02x.%u ignored", MAX_PCI, bus, slot,
			func);
		return;
	}
	p = &devs[nr_devs++];
	p->bus = bus;
	p->slot = slot;
	p->func = func;
	p->vendor = id & 0xffff;
	p->device = id >> 16;
	p->class = class >> 24;
	p->subclass = (class >> 16) & 0xff;
	p->prog_if = (class >> 8) & 0xff;
	p->header_type = (hdr >> 16) & 0x7f;
	snprintf(p->dev.types, sizeof(p->dev.types), "pci:%04x:%04x;pci-class:%02x%02x", p->vendor,
		 p->device, p->class, p->subclass);
	snprintf(p->dev.name, sizeof(p->dev.name), "pci0000:%02x:%02x.%u", bus, slot, func);
	p->dev.data[0] = cfg_addr(bus, slot, func, 0);
	pr_debug("pci: %02x:%02x.%u %04x:%04x class %02x%02x%02x", bus, slot, func, p->vendor,
		 p->device, p->class, p->subclass, p->prog_if);
	/* A PCI-to-PCI bridge: its secondary bus. */
	if (p->header_type == 1)
		scan_bus((cfg_read(bus, slot, func, 0x18) >> 8) & 0xff);
}

static void scan_bus(u8 bus)
{
	if (bus_seen[bus / 8] & (1u << (bus % 8)))
		return; /* a loop in a broken bridge set-up */
	bus_seen[bus / 8] |= 1u << (bus % 8);
	for (u8 slot = 0; slot < 32; slot++) {
		u32 id = cfg_read(bus, slot, 0, 0);
		u8 funcs;

		if ((id & 0xffff) == 0xffff)
			continue;
		funcs = (cfg_read(bus, slot, 0, 0x0c) >> 16) & 0x80 ? 8 : 1;
		for (u8 func = 0; func < funcs; func++) {
			if (func)
				id = cfg_read(bus, slot, func, 0);
			if ((id & 0xffff) != 0xffff)
				add_function(bus, slot, func, id);
		}
	}
}

static int pci_init(void)
{
	u32 claimed = 0;

	scan_bus(0);
	for (u32 i = 0; i < nr_devs; i++) {
		device_announce(&devs[i].dev);
		claimed += devs[i].dev.driver != NULL;
	}
	pr_info("pci: %u functions, %u with a driver", nr_devs, claimed);
	return 0;
}
device_initcall(pci_init);
