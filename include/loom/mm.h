/* Address translation helpers available from early boot on. */
#ifndef LOOM_MM_H
#define LOOM_MM_H

#include <loom/types.h>
#include <loom/boot_info.h>
#include <loom/compiler.h>

#define PAGE_SIZE  4096UL
#define PAGE_SHIFT 12

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + DIRECT_MAP_BASE);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)(uintptr_t)va - DIRECT_MAP_BASE;
}

#endif
