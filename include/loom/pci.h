/* PCI devices found at boot (drivers/pci/pci.c). */
#ifndef LOOM_PCI_H
#define LOOM_PCI_H

#include <loom/module.h>

struct pci_dev {
	struct device dev; /* types "pci:VVVV:DDDD;pci-class:CCSS" */
	u8 bus, slot, func;
	u16 vendor, device;
	u8 class, subclass, prog_if, header_type;
};

/* The PCI device behind a struct device announced by the PCI bus. */
static inline struct pci_dev *to_pci_dev(struct device *d)
{
	return container_of(d, struct pci_dev, dev);
}

u32 pci_read32(const struct pci_dev *p, u8 reg);
void pci_write32(const struct pci_dev *p, u8 reg, u32 v);
/* Devices found, for tests and listings. */
const struct pci_dev *pci_devices(u32 *count);

#endif
