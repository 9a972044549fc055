/*
 * The boot protocol: what a loader hands the kernel.
 *
 * Both loaders (the UEFI loader in arch/x86/boot/efi and the PVH stub used by
 * QEMU -kernel) fill one struct boot_info and enter the kernel's 64-bit entry
 * with its *physical* address in %rdi. Every address inside the structure is
 * physical; the kernel reads them through the direct map. The layout is
 * fixed-size and versioned; Documentation/boot.md describes it in prose.
 *
 * This header is shared by the kernel and the loader: plain C99, no kernel
 * headers, no pointers (the loader is built with different flags).
 */
#ifndef LOOM_BOOT_INFO_H
#define LOOM_BOOT_INFO_H

#include <stdint.h>

#define BOOT_INFO_MAGIC	  0x544f4f424d4f4f4cULL /* "LOOMBOOT" little endian */
#define BOOT_INFO_VERSION 1

/* Virtual layout set up by every loader before the kernel runs. */
#define KERNEL_VIRT_BASE 0xffffffff80000000ULL /* -2 GiB: kernel image   */
#define DIRECT_MAP_BASE	 0xffff800000000000ULL /* phys 0 maps here       */

/* Memory region types (struct boot_mem_region.type). */
enum boot_mem_type {
	BOOT_MEM_USABLE = 1,	   /* free RAM, the kernel may use it          */
	BOOT_MEM_RESERVED = 2,	   /* never touch                              */
	BOOT_MEM_ACPI_RECLAIM = 3, /* ACPI tables; usable after parsing        */
	BOOT_MEM_ACPI_NVS = 4,	   /* firmware-owned, never touch              */
	BOOT_MEM_BAD = 5,	   /* defective RAM                            */
	BOOT_MEM_LOADER = 6,	   /* loader data: boot_info, page tables,
	                              command line; free once the kernel copied
	                              what it needs                            */
	BOOT_MEM_KERNEL = 7,	   /* the kernel image (all PT_LOAD segments)  */
	BOOT_MEM_RAMDISK = 8,	   /* the initial ramdisk                      */
	BOOT_MEM_FRAMEBUFFER = 9,  /* the GOP framebuffer                      */
	BOOT_MEM_FIRMWARE = 10,	   /* runtime services code/data, MMIO         */
};

struct boot_mem_region {
	uint64_t base;	 /* physical, page aligned */
	uint64_t length; /* bytes, page multiple   */
	uint32_t type;	 /* enum boot_mem_type     */
	uint32_t reserved;
};

/* Framebuffer pixel formats (struct boot_framebuffer.format). */
enum boot_fb_format {
	BOOT_FB_NONE = 0, /* no framebuffer                         */
	BOOT_FB_RGBX = 1, /* byte 0 red, 1 green, 2 blue, 3 unused  */
	BOOT_FB_BGRX = 2, /* byte 0 blue, 1 green, 2 red, 3 unused  */
};

struct boot_framebuffer {
	uint64_t base;	 /* physical address of pixel (0,0)        */
	uint64_t size;	 /* bytes                                  */
	uint32_t width;	 /* pixels                                 */
	uint32_t height; /* pixels                                 */
	uint32_t pitch;	 /* bytes per scan line                    */
	uint32_t format; /* enum boot_fb_format; 32 bits per pixel */
};

/* Who loaded the kernel (struct boot_info.loader). */
enum boot_loader {
	BOOT_LOADER_UEFI = 1,
	BOOT_LOADER_PVH = 2,
};

#define BOOT_MAX_REGIONS 256

struct boot_info {
	uint64_t magic;	  /* BOOT_INFO_MAGIC                    */
	uint32_t version; /* BOOT_INFO_VERSION                  */
	uint32_t loader;  /* enum boot_loader                   */

	uint64_t mem_regions; /* phys address of struct boot_mem_region[] */
	uint32_t mem_count;   /* entries, sorted by base, not overlapping  */
	uint32_t reserved0;

	struct boot_framebuffer fb;

	uint64_t rsdp;	  /* phys address of the ACPI RSDP (2.0 preferred), 0 if none */
	uint64_t ramdisk; /* phys address of the cpio newc archive, 0 if none */
	uint64_t ramdisk_size;
	uint64_t cmdline;     /* phys address of a NUL-terminated string, 0 if none */
	uint64_t kernel_phys; /* phys address where the image's lowest PT_LOAD sits */
	uint64_t kernel_size; /* bytes from kernel_phys to the end of the last segment */
	uint64_t loader_tsc;  /* TSC read just before the jump to the kernel (0: unknown) */
};

#endif
