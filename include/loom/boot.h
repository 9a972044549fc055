/* The kernel's copy of the loader's boot information (kernel/boot.c). */
#ifndef LOOM_BOOT_H
#define LOOM_BOOT_H
#include <loom/boot_info.h>
#include <loom/types.h>

/* Valid from the first line of kernel_main() on; never NULL after that. */
extern const struct boot_info *boot_info;
/* The memory map, in the kernel's own copy (virtual address). */
const struct boot_mem_region *boot_mem_regions(u32 *count);
/* The effective command line: the loader's, else the built-in one. */
const char *boot_cmdline(void);
/* Value of "key=value" on the command line, copied to buf; 0 or -ENOENT. */
int cmdline_get(const char *key, char *buf, size_t size);
/* True when the bare word "key" (or "key=...") is on the command line. */
bool cmdline_has(const char *key);

#endif
