/*
 * Physical page allocator: the buddy allocator (kernel/mm/buddy.c) over all
 * usable RAM, fed one region at a time when allocations need memory (the
 * cost depends on the number of regions, not on the RAM size, and boot
 * touches no free memory), with a per-CPU cache of single pages in
 * front of it so that page_alloc()/page_free() are O(1) and, with SMP,
 * mostly lock-free. The bitmap the buddy needs (one bit per page: 64 KiB
 * per 2 GiB) is carved from the first region large enough. Locking: `lock`
 * (irqsave) protects the buddy; each CPU's cache is touched only by its CPU
 * with interrupts off.
 */
#include <loom/boot.h>
#include <loom/buddy.h>
#include <loom/mm.h>
#include <loom/module.h>
#include <loom/page_alloc.h>
#include <loom/panic.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <asm/cpu.h>

#define LOW_RESERVE ((u64)CONFIG_PAGE_ALLOC_LOW_RESERVE_KB * 1024)
#define PCP_MAX	    64 /* pages a CPU keeps at most         */
#define PCP_BATCH   16 /* pages moved to or from the buddy */
#define MAX_CPUS    CONFIG_NR_CPUS

struct pcp {
	u32 count;
	phys_addr_t pages[PCP_MAX];
};

static struct buddy buddy;

/*
 * Regions wait here until an allocation needs them: the buddy writes a
 * header into every free block it takes in, and under QEMU TCG the first
 * write to a page the firmware ran code from costs milliseconds. Taking
 * regions in on demand keeps boot from touching free memory at all.
 */
static struct {
	u64 base, pages;
} pending[BOOT_MAX_REGIONS + 4];
static u32 nr_pending;
static u64 pending_pages;
static spinlock_t lock = SPINLOCK_INIT;
static struct pcp pcp[MAX_CPUS];
static u64 bitmap_pa, bitmap_bytes;

static void *virt(u64 pa)
{
	return phys_to_virt(pa);
}

/* The range [*lo, *hi) of frames that usable and loader memory span. */
static void usable_span(u64 *lo, u64 *hi)
{
	u32 n;
	const struct boot_mem_region *r = boot_mem_regions(&n);

	*lo = ~0ULL;
	*hi = 0;
	for (u32 i = 0; i < n; i++) {
		u64 b = MAX(ALIGN_UP(r[i].base, PAGE_SIZE), LOW_RESERVE);
		u64 e = ALIGN_DOWN(r[i].base + r[i].length, PAGE_SIZE);

		if ((r[i].type != BOOT_MEM_USABLE && r[i].type != BOOT_MEM_LOADER) || e <= b)
			continue;
		*lo = MIN(*lo, b);
		*hi = MAX(*hi, e);
	}
}

static void add_pending(u64 base, u64 pages)
{
	if (!pages)
		return;
	if (nr_pending == ARRAY_SIZE(pending)) {
		buddy_add_range(&buddy, base, pages); /* no room: take it in now */
		return;
	}
	pending[nr_pending].base = base;
	pending[nr_pending].pages = pages;
	nr_pending++;
	pending_pages += pages;
}

/* Feed the next pending region to the buddy. Caller holds lock. */
static bool take_pending(void)
{
	if (!nr_pending)
		return false;
	nr_pending--;
	pending_pages -= pending[nr_pending].pages;
	buddy_add_range(&buddy, pending[nr_pending].base, pending[nr_pending].pages);
	return true;
}

/* Queue every region of `type`, except the pages holding the bitmap. */
static void add_regions(u32 type)
{
	u32 n;
	const struct boot_mem_region *r = boot_mem_regions(&n);
	u64 bm_end = bitmap_pa + ALIGN_UP(bitmap_bytes, PAGE_SIZE);

	/* Highest first: pending is taken from the end, so low memory is
	 * used first. */
	for (u32 i = n; i-- > 0;) {
		u64 b = MAX(ALIGN_UP(r[i].base, PAGE_SIZE), LOW_RESERVE);
		u64 e = ALIGN_DOWN(r[i].base + r[i].length, PAGE_SIZE);

		if (r[i].type != type || e <= b)
			continue;
		if (bitmap_pa >= b && bitmap_pa < e) {
			if (e > bm_end)
				add_pending(bm_end, (e - bm_end) / PAGE_SIZE);
			if (bitmap_pa > b)
				add_pending(b, (bitmap_pa - b) / PAGE_SIZE);
			continue;
		}
		add_pending(b, (e - b) / PAGE_SIZE);
	}
}

void page_alloc_init(void)
{
	u32 n;
	const struct boot_mem_region *r = boot_mem_regions(&n);
	u64 lo, hi;

	usable_span(&lo, &hi);
	if (hi <= lo)
		panic("mm: the memory map has no usable memory");
	bitmap_bytes =
		buddy_bitmap_bytes((hi - ALIGN_DOWN(lo, PAGE_SIZE << BUDDY_MAX_ORDER)) / PAGE_SIZE);
	for (u32 i = 0; i < n && !bitmap_pa; i++) {
		u64 b = MAX(ALIGN_UP(r[i].base, PAGE_SIZE), LOW_RESERVE);

		if (r[i].type == BOOT_MEM_USABLE &&
		    r[i].base + r[i].length >= b + ALIGN_UP(bitmap_bytes, PAGE_SIZE))
			bitmap_pa = b;
	}
	if (!bitmap_pa)
		panic("mm: no region can hold the %llu-byte page bitmap", bitmap_bytes);
	memset(phys_to_virt(bitmap_pa), 0, bitmap_bytes);
	/* Blocks are aligned relative to the span's base: start it on a
	 * boundary of the largest block so that they are physically aligned. */
	lo = ALIGN_DOWN(lo, PAGE_SIZE << BUDDY_MAX_ORDER);
	bitmap_bytes = buddy_bitmap_bytes((hi - lo) / PAGE_SIZE);
	buddy_init(&buddy, lo, (hi - lo) / PAGE_SIZE, phys_to_virt(bitmap_pa), virt);
	add_regions(BOOT_MEM_USABLE);
	pr_info("mm: %llu MiB usable in %u regions, buddy span %llu MiB, bitmap %llu KiB",
		pending_pages * PAGE_SIZE >> 20, nr_pending, (hi - lo) >> 20, bitmap_bytes >> 10);
}

void page_alloc_release_loader(void)
{
	u64 flags = spin_lock_irqsave(&lock);
	u64 before = pending_pages;

	add_regions(BOOT_MEM_LOADER);
	spin_unlock_irqrestore(&lock, flags);
	if (pending_pages != before)
		pr_info("mm: %llu KiB of loader memory released",
			(pending_pages - before) * PAGE_SIZE >> 10);
}

/* Give every CPU cache back to the buddy (before a contiguous allocation
 * that failed, so cached single pages can merge again, and when the buddy
 * is empty while other CPUs still cache pages). Caller holds lock. */
static void drain_caches(void)
{
	for (u32 cpu = 0; cpu < MAX_CPUS; cpu++)
		while (pcp[cpu].count)
			buddy_free(&buddy, pcp[cpu].pages[--pcp[cpu].count], 0);
}

phys_addr_t page_alloc(void)
{
	u64 flags = spin_lock_irqsave(&lock); /* also pins us to this CPU */
	struct pcp *c = &pcp[smp_processor_id()];
	phys_addr_t pa = 0;

	if (!c->count) {
		while (c->count < PCP_BATCH && (pa = buddy_alloc(&buddy, 0)) != 0)
			c->pages[c->count++] = pa;
		if (!c->count && take_pending())
			while (c->count < PCP_BATCH && (pa = buddy_alloc(&buddy, 0)) != 0)
				c->pages[c->count++] = pa;
		/* The last free pages may sit in other CPUs' caches. */
		if (!c->count) {
			drain_caches();
			while (c->count < PCP_BATCH && (pa = buddy_alloc(&buddy, 0)) != 0)
				c->pages[c->count++] = pa;
		}
	}
	pa = c->count ? c->pages[--c->count] : 0;
	spin_unlock_irqrestore(&lock, flags);
	return pa;
}
EXPORT_SYMBOL(page_alloc);

phys_addr_t page_alloc_zeroed(void)
{
	phys_addr_t pa = page_alloc();

	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}
EXPORT_SYMBOL(page_alloc_zeroed);

void page_free(phys_addr_t pa)
{
	u64 flags;
	struct pcp *c;

	if (!pa || (pa & (PAGE_SIZE - 1))) {
		pr_err("mm: page_free(0x%llx): not a page address", (unsigned long long)pa);
		return;
	}
	flags = spin_lock_irqsave(&lock);
	c = &pcp[smp_processor_id()];
	if (c->count == PCP_MAX)
		while (c->count > PCP_MAX - PCP_BATCH)
			if (buddy_free(&buddy, c->pages[--c->count], 0))
				pr_err("mm: page 0x%llx freed twice or not ours",
				       (unsigned long long)c->pages[c->count]);
	c->pages[c->count++] = pa;
	spin_unlock_irqrestore(&lock, flags);
}
EXPORT_SYMBOL(page_free);

phys_addr_t pages_alloc_contig(u64 n, u64 align)
{
	unsigned order;
	u64 flags;
	phys_addr_t pa;

	if (!n || align < PAGE_SIZE || (align & (align - 1)))
		return 0;
	order = MAX(buddy_order_for(n), buddy_order_for(align / PAGE_SIZE));
	if (order > BUDDY_MAX_ORDER)
		return 0;
	flags = spin_lock_irqsave(&lock);
	pa = buddy_alloc(&buddy, order);
	while (!pa && take_pending())
		pa = buddy_alloc(&buddy, order);
	if (!pa) {
		drain_caches();
		pa = buddy_alloc(&buddy, order);
	}
	/* Give back the tail beyond n pages. */
	if (pa && (1ULL << order) > n)
		buddy_free_pages(&buddy, pa + n * PAGE_SIZE, (1ULL << order) - n);
	spin_unlock_irqrestore(&lock, flags);
	return pa;
}
EXPORT_SYMBOL(pages_alloc_contig);

void pages_free_contig(phys_addr_t pa, u64 n)
{
	u64 flags = spin_lock_irqsave(&lock);
	int err = buddy_free_pages(&buddy, pa, n);

	spin_unlock_irqrestore(&lock, flags);
	if (err)
		pr_err("mm: pages_free_contig(0x%llx, %llu): not an allocated range",
		       (unsigned long long)pa, (unsigned long long)n);
}
EXPORT_SYMBOL(pages_free_contig);

void page_alloc_stats(struct page_stats *st)
{
	u64 flags = spin_lock_irqsave(&lock);
	u64 cached = 0;

	for (u32 cpu = 0; cpu < MAX_CPUS; cpu++)
		cached += pcp[cpu].count;
	st->total = buddy.total_pages + pending_pages;
	st->free = buddy.free_pages + pending_pages + cached;
	spin_unlock_irqrestore(&lock, flags);
}
