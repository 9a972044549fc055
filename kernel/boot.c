/*
 * The kernel's copy of the boot information. boot_copy() runs first thing
 * in kernel_main(): it copies the loader's structure, memory map and command
 * line into kernel memory, so the loader's pages can be reused later.
 */
#include <loom/boot.h>
#include <loom/cmdline.h>
#include <loom/mm.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>
#include <loom/module.h>

static struct boot_info info_copy;
static struct boot_mem_region regions_copy[BOOT_MAX_REGIONS];
static char cmdline_copy[1024];
const struct boot_info *boot_info = &info_copy;

int boot_copy(u64 phys)
{
	const struct boot_info *src = phys_to_virt(phys);

	if (src->magic != BOOT_INFO_MAGIC || src->version != BOOT_INFO_VERSION)
		return -EINVAL;
	info_copy = *src;
	if (info_copy.mem_count > BOOT_MAX_REGIONS)
		info_copy.mem_count = BOOT_MAX_REGIONS;
	memcpy(regions_copy, phys_to_virt(src->mem_regions),
	       info_copy.mem_count * sizeof(regions_copy[0]));
	if (src->cmdline)
		strlcpy(cmdline_copy, phys_to_virt(src->cmdline), sizeof(cmdline_copy));
	else
		strlcpy(cmdline_copy, CONFIG_CMDLINE, sizeof(cmdline_copy));
	return 0;
}

const struct boot_mem_region *boot_mem_regions(u32 *count)
{
	*count = info_copy.mem_count;
	return regions_copy;
}
EXPORT_SYMBOL(boot_mem_regions);

const char *boot_cmdline(void)
{
	return cmdline_copy;
}

int cmdline_get(const char *key, char *buf, size_t size)
{
	int r = cmdline_find(cmdline_copy, key, buf, size);

	return r < 0 ? r : 0;
}

bool cmdline_has(const char *key)
{
	return cmdline_find(cmdline_copy, key, NULL, 0) >= 0;
}

EXPORT_SYMBOL(boot_info);
EXPORT_SYMBOL(cmdline_get);
EXPORT_SYMBOL(cmdline_has);
