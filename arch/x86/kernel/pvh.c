/*
 * PVH boot (QEMU -kernel): turn Xen's hvm_start_info into a struct
 * boot_info, so that both loaders reach kernel_main() the same way. Runs on
 * the boot stack with the page tables head.asm built (first 4 GiB mapped);
 * everything it produces lives in the kernel's own .bss.
 */
#include <loom/boot_info.h>
#include <loom/memregion.h>
#include <loom/mm.h>
#include <loom/string.h>
#include <asm/x86.h>

#define PVH_MAGIC 0x336ec578

struct hvm_start_info {
	u32 magic, version, flags, nr_modules;
	u64 modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	u32 memmap_entries, reserved;
};

struct hvm_modlist_entry {
	u64 paddr, size, cmdline_paddr, reserved;
};

struct hvm_memmap_entry {
	u64 addr, size;
	u32 type, reserved;
};

extern char _text[], _kernel_end[];

static struct boot_info pvh_info;
static struct boot_mem_region pvh_regions[BOOT_MAX_REGIONS];
static char pvh_cmdline[1024];

static u32 e820_type(u32 t)
{
	switch (t) {
	case 1: return BOOT_MEM_USABLE;
	case 3: return BOOT_MEM_ACPI_RECLAIM;
	case 4: return BOOT_MEM_ACPI_NVS;
	case 5: return BOOT_MEM_BAD;
	default: return BOOT_MEM_RESERVED;
	}
}

u64 pvh_convert(u32 start_info_phys)
{
	const struct hvm_start_info *si = phys_to_virt(start_info_phys);
	struct boot_info *bi = &pvh_info;
	u32 n = 0;

	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->loader = BOOT_LOADER_PVH;
	if (si->magic != PVH_MAGIC)
		bi->magic = 0; /* kernel_main reports it */

	if (si->version >= 1 && si->memmap_paddr) {
		const struct hvm_memmap_entry *e = phys_to_virt(si->memmap_paddr);

		for (u32 i = 0; i < si->memmap_entries && n < BOOT_MAX_REGIONS; i++) {
			u64 b = ALIGN_UP(e[i].addr, PAGE_SIZE);
			u64 end = ALIGN_DOWN(e[i].addr + e[i].size, PAGE_SIZE);

			if (end <= b)
				continue;
			pvh_regions[n++] =
				(struct boot_mem_region){ b, end - b, e820_type(e[i].type), 0 };
		}
	}
	memregion_normalize(pvh_regions, &n);

	bi->kernel_phys = (u64)(uintptr_t)_text - KERNEL_VIRT_BASE;
	bi->kernel_size = (u64)(_kernel_end - _text);
	memregion_mark(pvh_regions, &n, BOOT_MAX_REGIONS, bi->kernel_phys, bi->kernel_size,
		       BOOT_MEM_KERNEL);
	if (si->nr_modules && si->modlist_paddr) {
		const struct hvm_modlist_entry *m = phys_to_virt(si->modlist_paddr);

		bi->ramdisk = m[0].paddr;
		bi->ramdisk_size = m[0].size;
		memregion_mark(pvh_regions, &n, BOOT_MAX_REGIONS, ALIGN_DOWN(m[0].paddr, PAGE_SIZE),
			       ALIGN_UP(m[0].paddr + m[0].size, PAGE_SIZE) -
				       ALIGN_DOWN(m[0].paddr, PAGE_SIZE),
			       BOOT_MEM_RAMDISK);
	}
	bi->mem_regions = (u64)(uintptr_t)pvh_regions - KERNEL_VIRT_BASE;
	bi->mem_count = n;
	if (si->cmdline_paddr) {
		strlcpy(pvh_cmdline, phys_to_virt(si->cmdline_paddr), sizeof(pvh_cmdline));
		bi->cmdline = (u64)(uintptr_t)pvh_cmdline - KERNEL_VIRT_BASE;
	}
	bi->rsdp = si->rsdp_paddr;
	bi->fb.format = BOOT_FB_NONE;
	bi->loader_tsc = rdtsc();
	return (u64)(uintptr_t)bi - KERNEL_VIRT_BASE;
}
