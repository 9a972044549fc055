/*
 * Private interfaces of the Loom UEFI loader (arch/x86/boot/efi), one file
 * per step (Documentation/boot.md lists them). Errors are EFI_STATUS values;
 * the function that finds an error prints it once, with loader_error(),
 * before returning it.
 */
#ifndef LOOM_EFI_LOADER_H
#define LOOM_EFI_LOADER_H

#include <efi.h>
#include <efilib.h>
#include <loom/boot_info.h>

#define PAGE_SIZE    4096ULL
#define PAGE_MASK    (~(PAGE_SIZE - 1))
#define SIZE_2M	     0x200000ULL
#define PAGES(bytes) (((bytes) + PAGE_SIZE - 1) / PAGE_SIZE)

#define KERNEL_PATH  L"\\boot\\loom.elf"
#define INITRD_PATH  L"\\boot\\initrd.cpio"
#define CMDLINE_PATH L"\\boot\\cmdline.txt"
#define CMDLINE_MAX  4095 /* bytes, without the NUL */

/* Loom's EFI memory types: OS-defined range, 0x80000000 + boot_mem_type. */
#define LOOM_EFI_TYPE_BASE 0x80000000U
#define LOOM_EFI_TYPE(t)   ((EFI_MEMORY_TYPE)(LOOM_EFI_TYPE_BASE + (t)))

/* main.c: "loom: FILE: message" on ConOut; file may be NULL. */
void loader_error(const CHAR16 *file, const CHAR16 *fmt, ...);

/* alloc.c: every allocation is logged so a failed boot can free it all. */
EFI_STATUS alloc_pages(UINTN pages, UINT32 boot_type, UINT64 align, UINT64 *phys);
EFI_STATUS alloc_pool(UINTN bytes, void **p);
void alloc_free(UINT64 addr);
void alloc_free_all(void);

/* file.c */
struct loaded_file {
	UINT64 addr; /* pool memory, or pages of a Loom type */
	UINT64 size; /* bytes of file data at addr */
};
EFI_STATUS volume_open(EFI_HANDLE image, EFI_FILE_HANDLE *root);
/*
 * Read a whole file. boot_type 0 puts it in pool memory, else in 4 KiB
 * aligned pages of that boot_mem_type. An absent file returns EFI_NOT_FOUND
 * and prints nothing; an empty one returns EFI_SUCCESS with addr = 0.
 */
EFI_STATUS file_load(EFI_FILE_HANDLE root, const CHAR16 *path, UINT32 boot_type, UINT64 max_size,
		     struct loaded_file *out);

/* elf.c */
#define KERNEL_MAX_SEGMENTS 16
#define SEG_X		    1 /* ELF p_flags bits */
#define SEG_W		    2
#define SEG_R		    4

struct kernel_segment {
	UINT64 vaddr, memsz, offset, filesz;
	UINT32 flags;
	UINT32 index; /* program header number, for messages */
};

struct kernel_image {
	struct kernel_segment seg[KERNEL_MAX_SEGMENTS];
	UINTN nseg;
	UINT64 entry;
	UINT64 vstart; /* lowest PT_LOAD p_vaddr */
	UINT64 vend;   /* highest p_vaddr + p_memsz */
	UINT64 phys;   /* physical address of vstart & PAGE_MASK */
	UINTN pages;
};
EFI_STATUS elf_check(const UINT8 *file, UINT64 size, struct kernel_image *k);
EFI_STATUS elf_load(const UINT8 *file, struct kernel_image *k);

/* firmware.c */
void fb_query(struct boot_framebuffer *fb);
UINT64 acpi_rsdp(void);
BOOLEAN cpu_has_gb_pages(void);
BOOLEAN cpu_has_nx(void);
EFI_STATUS cpu_check_paging(void);

/* paging.c */
struct page_tables {
	UINT64 pml4;	  /* physical address (identity mapped now) */
	UINT64 next, end; /* unused zeroed table pages */
	UINT64 nx;	  /* PTE_NX, or 0 on a CPU without NX */
	BOOLEAN gb_pages;
	BOOLEAN sealed; /* after ExitBootServices: no allocs */
};
EFI_STATUS pt_init(struct page_tables *pt);
EFI_STATUS pt_map_kernel(struct page_tables *pt, const struct kernel_image *k);
/* Direct map (and, after pt_finish(), identity map) of [phys, phys+len). */
EFI_STATUS pt_map_phys(struct page_tables *pt, UINT64 phys, UINT64 len);
/* Before ExitBootServices: keep at least this many spare table pages. */
EFI_STATUS pt_reserve(struct page_tables *pt, UINTN pages);
void pt_finish(struct page_tables *pt);

/* memmap.c */
struct efi_map {
	UINT8 *buf;
	UINTN cap;  /* bytes allocated */
	UINTN size; /* bytes filled by the last read */
	UINTN key;
	UINTN desc_size;
	UINT32 desc_version;
};
struct region_list {
	struct boot_mem_region *out; /* result, sorted and merged */
	struct boot_mem_region *in;  /* scratch: raw ranges */
	UINT64 *bounds;		     /* scratch: range boundaries */
	UINTN cap_in;		     /* ranges; out holds 2 * cap_in */
	UINTN count;		     /* entries in out */
};
EFI_STATUS map_alloc(struct efi_map *m, struct region_list *r);
EFI_STATUS map_read(struct efi_map *m);
EFI_STATUS map_exit_boot_services(EFI_HANDLE image, struct efi_map *m);
void map_convert(const struct efi_map *m, const struct boot_framebuffer *fb, struct region_list *r);

#endif
