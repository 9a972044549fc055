/*
 * The kernel heap's ties to the kernel: pages from the page allocator seen
 * through the direct map, misuse reports to the log (call sites symbolized,
 * with a backtrace), and start-up. The heap itself is slab_cache.c,
 * slab_core.c, slab_kmalloc.c, slab_frame.c and slab_debug.c (pure,
 * host-tested). Locking: none here beyond the page allocator's own.
 */
#include <loom/boot.h>
#include <loom/ksyms.h>
#include <loom/page_alloc.h>
#include <loom/panic.h>
#include <loom/printk.h>
#include "slab_priv.h"

static phys_addr_t heap_pages_alloc(u64 n)
{
	return n == 1 ? page_alloc() : pages_alloc_contig(n, PAGE_SIZE);
}

static void heap_pages_free(phys_addr_t pa, u64 n)
{
	if (n == 1)
		page_free(pa);
	else
		pages_free_contig(pa, n);
}

static void print_site(const char *what, u64 site)
{
	char sym[128];

	if (!site)
		return;
	/* A return address: the call is the byte before it. */
	ksym_format(sym, sizeof(sym), site - 1);
	pr_err("slab:   %s at %s", what, sym);
}

static void heap_report(const struct slab_report *r)
{
	if (r->bug == SLAB_BUG_BUSY) {
		pr_err("slab: BUG cache %s destroyed with %llu objects in use: refused", r->cache,
		       (unsigned long long)r->count);
		dump_stack();
		return;
	}
	pr_err("slab: BUG %s: cache %s, object %p", slab_bug_name(r->bug), r->cache, r->ptr);
	switch (r->bug) {
	case SLAB_BUG_OVERFLOW:
	case SLAB_BUG_UNDERFLOW:
	case SLAB_BUG_USE_AFTER_FREE:
		pr_err("slab:   byte at object%+lld is 0x%02x, expected 0x%02x",
		       (long long)r->offset, r->value, r->expected);
		break;
	case SLAB_BUG_WRONG_CACHE:
		pr_err("slab:   the object belongs to cache %s", r->owner);
		break;
	default: break;
	}
	print_site("allocated", r->alloc_site);
	print_site("freed", r->free_site);
	if (r->bug == SLAB_BUG_OVERFLOW || r->bug == SLAB_BUG_UNDERFLOW ||
	    r->bug == SLAB_BUG_USE_AFTER_FREE || r->bug == SLAB_BUG_FREELIST)
		pr_err("slab:   the object is quarantined (never handed out again); going on");
	else
		pr_err("slab:   nothing was freed; going on");
	dump_stack();
}

static const struct slab_page_ops heap_ops = {
	.alloc = heap_pages_alloc,
	.free = heap_pages_free,
	.report = heap_report,
};

/* End of the RAM the page allocator may hand out, now or later. */
static phys_addr_t ram_end(void)
{
	u32 n;
	const struct boot_mem_region *r = boot_mem_regions(&n);
	phys_addr_t end = 0;

	for (u32 i = 0; i < n; i++) {
		switch (r[i].type) {
		case BOOT_MEM_USABLE:
		case BOOT_MEM_LOADER:
		case BOOT_MEM_ACPI_RECLAIM:
		case BOOT_MEM_KERNEL:
		case BOOT_MEM_RAMDISK: end = MAX(end, r[i].base + r[i].length); break;
		default: break;
		}
	}
	return ALIGN_UP(end, PAGE_SIZE);
}

void slab_init(void)
{
	bool debug = IS_ENABLED(CONFIG_DEBUG_SLAB);

	if (slab_setup(&heap_ops, DIRECT_MAP_BASE, ram_end(), debug))
		panic("slab: no memory for the page-descriptor table");
	pr_info("slab: kmalloc classes 16..%u bytes, larger in pages%s", KMALLOC_MAX_CACHE_SIZE,
		debug ? "; debug: red zones, poison, call sites" : "");
}
