/*
 * The kernel side of the AML interpreter (struct aml_host_ops): heap,
 * log, Debug output, time, and operation-region access: SystemMemory
 * (mapped uncached on first use), SystemIO (port instructions) and
 * PCI_Config (configuration mechanism 1, ports 0xcf8/0xcfc, offsets below
 * 256). Other address spaces are refused with a log line. The callers
 * serialize (boot, then the devfs listing, which does not run AML).
 */
#include <loom/aml.h>
#include <loom/errno.h>
#include <loom/mm.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/x86.h>
#include "internal.h"

static void *host_alloc(size_t size)
{
	return kzalloc(size);
}

static void host_free(void *p)
{
	kfree(p);
}

static void host_log(void *ctx, int error, const char *msg)
{
	if (error)
		pr_warn("acpi: %s", msg);
	else
		pr_info("acpi: %s", msg);
}

static void host_debug(void *ctx, const struct aml_object *o, int int_bytes)
{
	char text[160];

	aml_format(o, int_bytes, text, sizeof(text));
	pr_info("acpi: Debug: %s", text);
}

static int mem_access(u64 addr, u32 width, bool write, u64 *val)
{
	volatile void *p;

	if (addr + width < addr || mmio_map_uc(addr, width))
		return -EFAULT;
	p = phys_to_virt(addr);
	switch (width) {
	case 1:
		if (write)
			*(volatile u8 *)p = (u8)*val;
		else
			*val = *(volatile u8 *)p;
		return 0;
	case 2:
		if (write)
			*(volatile u16 *)p = (u16)*val;
		else
			*val = *(volatile u16 *)p;
		return 0;
	case 4:
		if (write)
			*(volatile u32 *)p = (u32)*val;
		else
			*val = *(volatile u32 *)p;
		return 0;
	case 8:
		if (write)
			*(volatile u64 *)p = *val;
		else
			*val = *(volatile u64 *)p;
		return 0;
	}
	return -EINVAL;
}

static int io_access(u64 port, u32 width, bool write, u64 *val)
{
	if (port + width > 0x10000)
		return -EFAULT;
	switch (width) {
	case 1:
		if (write)
			outb((u16)port, (u8)*val);
		else
			*val = inb((u16)port);
		return 0;
	case 2:
		if (write)
			outw((u16)port, (u16)*val);
		else
			*val = inw((u16)port);
		return 0;
	case 4:
		if (write)
			outl((u16)port, (u32)*val);
		else
			*val = inl((u16)port);
		return 0;
	case 8: {
		u64 lo = *val & 0xffffffffu, hi = *val >> 32;
		int r = io_access(port, 4, write, &lo);

		if (!r)
			r = io_access(port + 4, 4, write, &hi);
		*val = lo | hi << 32;
		return r;
	}
	}
	return -EINVAL;
}

static int pci_access(const struct aml_pci_addr *pci, u64 off, u32 width, bool write, u64 *val)
{
	u32 cfg;

	if (pci->seg || off + width > 256 || width > 4 || pci->dev > 31 || pci->fn > 7)
		return -ENOTSUP;
	cfg = 0x80000000u | (u32)pci->bus << 16 | (u32)pci->dev << 11 | (u32)pci->fn << 8 |
	      ((u32)off & 0xfc);
	outl(0xcf8, cfg);
	return io_access(0xcfc + (off & 3), width, write, val);
}

static int host_access(u8 space, const struct aml_pci_addr *pci, u64 addr, u32 width, bool write,
		       u64 *val)
{
	switch (space) {
	case AML_SPACE_MEMORY: return mem_access(addr, width, write, val);
	case AML_SPACE_IO: return io_access(addr, width, write, val);
	case AML_SPACE_PCI: return pci_access(pci, addr, width, write, val);
	default: return -ENOTSUP;
	}
}

static int host_read(void *ctx, u8 space, const struct aml_pci_addr *pci, u64 addr, u32 width,
		     u64 *val)
{
	*val = 0;
	return host_access(space, pci, addr, width, false, val);
}

static int host_write(void *ctx, u8 space, const struct aml_pci_addr *pci, u64 addr, u32 width,
		      u64 val)
{
	return host_access(space, pci, addr, width, true, &val);
}

static u64 host_now(void *ctx)
{
	return clock_ns();
}

static void host_stall(void *ctx, u64 us)
{
	u64 end = clock_ns() + us * 1000;

	while (clock_ns() < end)
		__asm__ volatile("pause");
}

/* At boot nothing else can run: Sleep waits like Stall. */
static void host_sleep(void *ctx, u64 ms)
{
	host_stall(ctx, ms * 1000);
}

const struct aml_host_ops acpi_aml_ops = {
	.alloc = host_alloc,
	.free = host_free,
	.log = host_log,
	.debug = host_debug,
	.read = host_read,
	.write = host_write,
	.now_ns = host_now,
	.stall_us = host_stall,
	.sleep_ms = host_sleep,
	.stack_budget = 8192, /* of the 16 KiB boot and thread stacks */
};
