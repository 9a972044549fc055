/*
 * Kernel page tables. paging_init() replaces whatever the loader built:
 * the kernel image by section permission (text RX, rodata R+NX, data and
 * bss RW+NX, symbol table R+NX), a direct map of every region of the boot
 * memory map at DIRECT_MAP_BASE (RW+NX, 1 GiB / 2 MiB pages; firmware and
 * MMIO uncached), and the framebuffer write-combining. Nothing is mapped
 * at low addresses any more: a NULL dereference faults.
 */
#include <loom/module.h>
#include <loom/boot.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/panic.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>

u64 *kernel_pml4;
EXPORT_SYMBOL(kernel_pml4);
u64 pgtable_pages; /* page-table pages allocated by map_range and not freed */

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _edata[], _kernel_end[];

static u64 *table_at(u64 entry)
{
	return phys_to_virt(entry & PTE_ADDR);
}

/* The next-level table of *e, allocated when absent (user tables get the
 * U bit: a user page is reachable only if every level allows it). */
static u64 *next_table(u64 *e, u64 user)
{
	if (*e & PTE_PS)
		return NULL; /* already covered by a large page */
	if (!(*e & PTE_P)) {
		phys_addr_t pa = page_alloc_zeroed();

		if (!pa)
			return NULL;
		__atomic_fetch_add(&pgtable_pages, 1, __ATOMIC_RELAXED);
		*e = pa | PTE_P | PTE_W | user;
	}
	return table_at(*e);
}

static u64 cache_bits(int cache, bool large)
{
	if (cache == MAP_UC)
		return PTE_PCD | PTE_PWT;
	if (cache == MAP_WC && cpu_features.pat && IS_ENABLED(CONFIG_X86_PAT_WC))
		return large ? PTE_PAT_LARGE : PTE_PAT_4K;
	return 0;
}

int map_range(u64 *pml4, u64 va, u64 pa, u64 len, u64 flags, int cache, bool small_only)
{
	u64 end = va + ALIGN_UP(len, PAGE_SIZE);

	flags |= PTE_P;
	if (!cpu_features.nx)
		flags &= ~PTE_NX;
	while (va < end) {
		u64 *pdpt, *pd, *pt;
		u64 left = end - va;

		pdpt = next_table(&pml4[(va >> 39) & 511], flags & PTE_U);
		if (!pdpt)
			return -ENOMEM;
		if (!small_only && cpu_features.pdpe1gb && !(va & ((1ULL << 30) - 1)) &&
		    !(pa & ((1ULL << 30) - 1)) && left >= (1ULL << 30)) {
			pdpt[(va >> 30) & 511] = pa | flags | PTE_PS | cache_bits(cache, true);
			va += 1ULL << 30;
			pa += 1ULL << 30;
			continue;
		}
		pd = next_table(&pdpt[(va >> 30) & 511], flags & PTE_U);
		if (!pd)
			return -ENOMEM;
		if (!small_only && !(va & ((1ULL << 21) - 1)) && !(pa & ((1ULL << 21) - 1)) &&
		    left >= (1ULL << 21)) {
			pd[(va >> 21) & 511] = pa | flags | PTE_PS | cache_bits(cache, true);
			va += 1ULL << 21;
			pa += 1ULL << 21;
			continue;
		}
		pt = next_table(&pd[(va >> 21) & 511], flags & PTE_U);
		if (!pt)
			return -ENOMEM;
		pt[(va >> 12) & 511] = pa | flags | cache_bits(cache, false);
		va += PAGE_SIZE;
		pa += PAGE_SIZE;
	}
	return 0;
}
EXPORT_SYMBOL(map_range);

u64 pte_lookup(const u64 *pml4, u64 va, int *level)
{
	u64 e = pml4[(va >> 39) & 511];

	if (!(e & PTE_P))
		return 0;
	e = table_at(e)[(va >> 30) & 511];
	if (!(e & PTE_P))
		return 0;
	if (e & PTE_PS) {
		*level = 3;
		return e;
	}
	e = table_at(e)[(va >> 21) & 511];
	if (!(e & PTE_P))
		return 0;
	if (e & PTE_PS) {
		*level = 2;
		return e;
	}
	e = table_at(e)[(va >> 12) & 511];
	if (!(e & PTE_P))
		return 0;
	*level = 1;
	return e;
}
EXPORT_SYMBOL(pte_lookup);

static void map_kernel_section(char *start, char *end, u64 flags)
{
	u64 va = (u64)(uintptr_t)start;
	u64 pa = boot_info->kernel_phys + (va - (u64)(uintptr_t)_text);

	if (end > start &&
	    map_range(kernel_pml4, va, pa, (u64)(end - start), flags | PTE_G, MAP_WB, true))
		panic("paging: out of memory mapping the kernel");
}

void paging_init(void)
{
	u32 n;
	const struct boot_mem_region *r = boot_mem_regions(&n);
	const struct boot_framebuffer *fb = &boot_info->fb;
	phys_addr_t root = page_alloc_zeroed();

	if (!root)
		panic("paging: no memory for the kernel page tables");
	kernel_pml4 = phys_to_virt(root);

	map_kernel_section(_text, _etext, 0);
	map_kernel_section(_rodata, _erodata, PTE_NX);
	map_kernel_section(_data, _edata, PTE_W | PTE_NX);
	map_kernel_section(_edata, _kernel_end, PTE_NX);

	for (u32 i = 0; i < n; i++) {
		int cache = r[i].type == BOOT_MEM_FIRMWARE || r[i].type == BOOT_MEM_RESERVED
				    ? MAP_UC
				    : MAP_WB;

		if (r[i].type == BOOT_MEM_BAD)
			continue;
		if (map_range(kernel_pml4, DIRECT_MAP_BASE + r[i].base, r[i].base, r[i].length,
			      PTE_W | PTE_NX | PTE_G, cache, false))
			panic("paging: out of memory for the direct map");
	}
	int lvl;

	/* The framebuffer, unless the memory map already covered it. */
	if (fb->format != BOOT_FB_NONE && fb->size &&
	    !pte_lookup(kernel_pml4, DIRECT_MAP_BASE + fb->base, &lvl) &&
	    map_range(kernel_pml4, DIRECT_MAP_BASE + ALIGN_DOWN(fb->base, PAGE_SIZE),
		      ALIGN_DOWN(fb->base, PAGE_SIZE),
		      ALIGN_UP(fb->base + fb->size, PAGE_SIZE) - ALIGN_DOWN(fb->base, PAGE_SIZE),
		      PTE_W | PTE_NX | PTE_G, MAP_WC, true))
		panic("paging: out of memory mapping the framebuffer");
	write_cr3(root);
}

/* The 4 KiB entry for va, or NULL if va is not mapped by a 4 KiB page. */
static u64 *pte_4k(u64 *pml4, u64 va)
{
	u64 e = pml4[(va >> 39) & 511];

	if (!(e & PTE_P))
		return NULL;
	e = table_at(e)[(va >> 30) & 511];
	if (!(e & PTE_P) || (e & PTE_PS))
		return NULL;
	e = table_at(e)[(va >> 21) & 511];
	if (!(e & PTE_P) || (e & PTE_PS))
		return NULL;
	return &table_at(e)[(va >> 12) & 511];
}

int protect_range(u64 *pml4, u64 va, u64 len, u64 flags)
{
	if (!cpu_features.nx)
		flags &= ~PTE_NX;
	for (u64 end = va + ALIGN_UP(len, PAGE_SIZE); va < end; va += PAGE_SIZE) {
		u64 *pte = pte_4k(pml4, va);

		if (!pte)
			return -EINVAL;
		*pte = (*pte & PTE_ADDR) | flags | PTE_P;
		invlpg(va);
	}
	return 0;
}

void unmap_range(u64 *pml4, u64 va, u64 len, void (*release)(phys_addr_t pa))
{
	for (u64 end = va + ALIGN_UP(len, PAGE_SIZE); va < end; va += PAGE_SIZE) {
		u64 *pte = pte_4k(pml4, va);

		if (!pte || !(*pte & PTE_P))
			continue;
		if (release)
			release(*pte & PTE_ADDR);
		*pte = 0;
		invlpg(va);
	}
}
EXPORT_SYMBOL(unmap_range);
