/*
 * Kernel stacks with guard pages: see include/loom/kstack.h. The area is a
 * fixed window under PML4[511] (so every address space shares it through the
 * kernel half); slots of KSTACK_PAGES + 1 pages are handed out from a free
 * list, O(1). The page tables of the area are kept when stacks are freed:
 * they serve the next stacks, and their number is bounded by the most
 * stacks ever alive at once. Up to KSTACK_CACHE freed stacks stay mapped
 * and are handed out first; beyond that a freed stack is unmapped and its
 * translations shot down on every CPU before its slot is reused, so
 * kstack_free runs in thread context with interrupts on. Locking: one
 * spinlock (irqsave).
 */
#include <loom/kstack.h>
#include <loom/mm.h>
#include <loom/module.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <asm/x86.h>

#define KSTACK_AREA	 0xffffffff00000000ULL /* 1 GiB below the module area's window */
#define KSTACK_AREA_SIZE (1ULL << 30)
#define SLOT_SIZE	 ((KSTACK_PAGES + 1) * PAGE_SIZE)
#define MAX_SLOTS	 (KSTACK_AREA_SIZE / SLOT_SIZE)

static spinlock_t lock = SPINLOCK_INIT;
static u64 next_slot;	     /* slots never used start here */
static u32 free_slots[1024]; /* recycled slot numbers */
static u32 nr_free_slots;
/* Freed stacks still mapped, handed out again first: creating a thread
 * maps nothing and freeing one shoots nothing down while this holds. */
#define KSTACK_CACHE 32
static u64 cached[KSTACK_CACHE];
static u32 nr_cached;

u64 kstack_cached_pages(void)
{
	return READ_ONCE(nr_cached) * (u64)KSTACK_PAGES;
}
EXPORT_SYMBOL(kstack_cached_pages);

static void release(phys_addr_t pa)
{
	page_free(pa);
}

u64 kstack_alloc(void)
{
	u64 flags = spin_lock_irqsave(&lock);
	u64 slot, base;

	if (nr_cached) {
		u64 top = cached[--nr_cached];

		spin_unlock_irqrestore(&lock, flags);
		return top;
	}
	if (nr_free_slots)
		slot = free_slots[--nr_free_slots];
	else if (next_slot < MAX_SLOTS)
		slot = next_slot++;
	else {
		spin_unlock_irqrestore(&lock, flags);
		return 0;
	}
	spin_unlock_irqrestore(&lock, flags);
	base = KSTACK_AREA + slot * SLOT_SIZE + PAGE_SIZE; /* above the guard */
	for (u64 i = 0; i < KSTACK_PAGES; i++) {
		phys_addr_t pa = page_alloc();

		if (!pa || map_range(kernel_pml4, base + i * PAGE_SIZE, pa, PAGE_SIZE,
				     PTE_W | PTE_NX | PTE_G, MAP_WB, true)) {
			if (pa)
				page_free(pa);
			unmap_range(kernel_pml4, base, i * PAGE_SIZE, release);
			kstack_free(base + KSTACK_PAGES * PAGE_SIZE);
			return 0;
		}
	}
	return base + KSTACK_PAGES * PAGE_SIZE;
}
EXPORT_SYMBOL(kstack_alloc);

void kstack_free(u64 top)
{
	u64 base = top - KSTACK_PAGES * PAGE_SIZE, flags;
	u64 slot = (base - PAGE_SIZE - KSTACK_AREA) / SLOT_SIZE;

	if (top < KSTACK_AREA + SLOT_SIZE || top > KSTACK_AREA + KSTACK_AREA_SIZE ||
	    (base - PAGE_SIZE - KSTACK_AREA) % SLOT_SIZE) {
		pr_err("kstack: free of 0x%llx: not a kernel stack", (unsigned long long)top);
		return;
	}
	/* Kept mapped for the next thread: no unmapping, no shootdown. */
	flags = spin_lock_irqsave(&lock);
	if (nr_cached < KSTACK_CACHE) {
		cached[nr_cached++] = top;
		spin_unlock_irqrestore(&lock, flags);
		return;
	}
	spin_unlock_irqrestore(&lock, flags);
	unmap_range(kernel_pml4, base, KSTACK_PAGES * PAGE_SIZE, release);
	/* Other CPUs may still cache the old translations (the thread may
	 * have run anywhere): the slot is reused only once they are gone. */
	if (smp_cpus_online() > 1 && tlb_shootdown(base, KSTACK_PAGES))
		pr_warn("kstack: TLB shootdown for 0x%llx timed out", (unsigned long long)top);
	flags = spin_lock_irqsave(&lock);
	if (nr_free_slots < ARRAY_SIZE(free_slots))
		free_slots[nr_free_slots++] = (u32)slot;
	/* else the slot's address range stays unused: the area has 52k slots */
	spin_unlock_irqrestore(&lock, flags);
}
EXPORT_SYMBOL(kstack_free);

bool kstack_guard(u64 addr)
{
	return addr >= KSTACK_AREA && addr < KSTACK_AREA + KSTACK_AREA_SIZE &&
	       (addr - KSTACK_AREA) % SLOT_SIZE < PAGE_SIZE;
}
