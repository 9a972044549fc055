/* x86-64 4-level page tables (arch/x86/mm/pgtable.c). */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <loom/types.h>

#define PTE_P	      (1ULL << 0)
#define PTE_W	      (1ULL << 1)
#define PTE_U	      (1ULL << 2)
#define PTE_PWT	      (1ULL << 3)
#define PTE_PCD	      (1ULL << 4)
#define PTE_PS	      (1ULL << 7) /* large page (PD/PDPT level)      */
#define PTE_PAT_4K    (1ULL << 7) /* PAT bit of a 4 KiB entry        */
#define PTE_PAT_LARGE (1ULL << 12)
#define PTE_G	      (1ULL << 8)
#define PTE_NX	      (1ULL << 63)
#define PTE_ADDR      0x000ffffffffff000ULL

/* Caching for map_range(). */
#define MAP_WB 0
#define MAP_WC 1 /* PAT entry 4, see cpu.c */
#define MAP_UC 2

/* Map [va, va+len) to [pa, pa+len) with PTE flags (P added), using 2 MiB
 * and 1 GiB pages where alignment allows unless small_only. Returns 0 or
 * -ENOMEM. */
int map_range(u64 *pml4, u64 va, u64 pa, u64 len, u64 flags, int cache, bool small_only);
/* The leaf entry mapping va (and its level: 1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB),
 * or 0 when unmapped. */
u64 pte_lookup(const u64 *pml4, u64 va, int *level);
/* Set the flags of the 4 KiB pages mapping [va, va+len) (P added), keeping
 * their addresses; -EINVAL if a page is not mapped by a 4 KiB entry. */
int protect_range(u64 *pml4, u64 va, u64 len, u64 flags);
/* Unmap the 4 KiB pages of [va, va+len), handing each frame to release. */
void unmap_range(u64 *pml4, u64 va, u64 len, void (*release)(phys_addr_t pa));
/* Page-table pages map_range allocated that are still in use (address
 * spaces give theirs back when destroyed). */
extern u64 pgtable_pages;
/* Build the kernel's page tables and switch to them. */
void paging_init(void);
extern u64 *kernel_pml4;

#endif
