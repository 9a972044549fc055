/* Physical page allocator: see include/loom/page_alloc.h. */
#include <loom/boot.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <loom/module.h>

struct run {
	u64 base;  /* first free page of the run */
	u64 pages; /* pages left in it           */
};

static struct run runs[BOOT_MAX_REGIONS];
static u32 nr_runs;
static u64 free_head; /* phys of the first page on the free list, 0 = empty */
static u64 nr_free, nr_total;
static spinlock_t lock = SPINLOCK_INIT;

#define LOW_RESERVE ((u64)CONFIG_PAGE_ALLOC_LOW_RESERVE_KB * 1024)

static void add_run(u64 base, u64 len)
{
	u64 end = ALIGN_DOWN(base + len, PAGE_SIZE);

	base = ALIGN_UP(base, PAGE_SIZE);
	if (base < LOW_RESERVE)
		base = LOW_RESERVE;
	if (end <= base || nr_runs == BOOT_MAX_REGIONS)
		return;
	runs[nr_runs++] = (struct run){ base, (end - base) / PAGE_SIZE };
	nr_total += (end - base) / PAGE_SIZE;
	nr_free += (end - base) / PAGE_SIZE;
}

static void add_regions(u32 type)
{
	u32 n;
	const struct boot_mem_region *r = boot_mem_regions(&n);

	for (u32 i = 0; i < n; i++)
		if (r[i].type == type)
			add_run(r[i].base, r[i].length);
}

void page_alloc_init(void)
{
	add_regions(BOOT_MEM_USABLE);
	pr_info("mm: %llu MiB usable in %u runs", nr_total * PAGE_SIZE >> 20, nr_runs);
}

void page_alloc_release_loader(void)
{
	u64 flags = spin_lock_irqsave(&lock);
	u64 before = nr_total;

	add_regions(BOOT_MEM_LOADER);
	spin_unlock_irqrestore(&lock, flags);
	if (nr_total != before)
		pr_info("mm: %llu KiB of loader memory released",
			(nr_total - before) * PAGE_SIZE >> 10);
}

phys_addr_t page_alloc(void)
{
	u64 flags = spin_lock_irqsave(&lock);
	phys_addr_t pa = 0;

	if (free_head) {
		pa = free_head;
		free_head = *(u64 *)phys_to_virt(pa);
	} else {
		while (nr_runs && !runs[nr_runs - 1].pages)
			nr_runs--;
		if (nr_runs) {
			struct run *r = &runs[nr_runs - 1];

			pa = r->base + (r->pages - 1) * PAGE_SIZE;
			r->pages--;
		}
	}
	if (pa)
		nr_free--;
	spin_unlock_irqrestore(&lock, flags);
	return pa;
}

phys_addr_t page_alloc_zeroed(void)
{
	phys_addr_t pa = page_alloc();

	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

static void free_locked(phys_addr_t pa)
{
	*(u64 *)phys_to_virt(pa) = free_head;
	free_head = pa;
	nr_free++;
}

void page_free(phys_addr_t pa)
{
	u64 flags;

	if (!pa || (pa & (PAGE_SIZE - 1))) {
		pr_err("mm: page_free(0x%llx): not a page address", (unsigned long long)pa);
		return;
	}
	flags = spin_lock_irqsave(&lock);
	free_locked(pa);
	spin_unlock_irqrestore(&lock, flags);
}

phys_addr_t pages_alloc_contig(u64 n, u64 align)
{
	u64 flags;
	phys_addr_t pa = 0;

	if (!n || align < PAGE_SIZE || (align & (align - 1)))
		return 0;
	flags = spin_lock_irqsave(&lock);
	for (u32 i = 0; i < nr_runs; i++) {
		struct run *r = &runs[i];
		u64 start = ALIGN_UP(r->base, align);
		u64 skip = (start - r->base) / PAGE_SIZE;

		if (r->pages < skip + n)
			continue;
		/* Pages skipped for alignment go to the free list. */
		for (u64 k = 0; k < skip; k++)
			free_locked(r->base + k * PAGE_SIZE);
		nr_free -= skip; /* free_locked counted them again */
		r->base = start + n * PAGE_SIZE;
		r->pages -= skip + n;
		nr_free -= n;
		pa = start;
		break;
	}
	spin_unlock_irqrestore(&lock, flags);
	return pa;
}

void pages_free_contig(phys_addr_t pa, u64 n)
{
	for (u64 i = 0; i < n; i++)
		page_free(pa + i * PAGE_SIZE);
}

void page_alloc_stats(struct page_stats *st)
{
	u64 flags = spin_lock_irqsave(&lock);

	st->total = nr_total;
	st->free = nr_free;
	spin_unlock_irqrestore(&lock, flags);
}

EXPORT_SYMBOL(page_alloc);
EXPORT_SYMBOL(page_alloc_zeroed);
EXPORT_SYMBOL(page_free);
EXPORT_SYMBOL(pages_alloc_contig);
EXPORT_SYMBOL(pages_free_contig);
