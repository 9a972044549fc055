/*
 * User address spaces: page tables sharing the kernel half, a sorted table
 * of areas, lazy anonymous memory, mmap/munmap/mprotect and the page-fault
 * decision (populate, or a fault note). See include/loom/vm.h. The kernel
 * half of every address space points at the kernel's own tables, whose
 * top-level entries do not change after boot (the kernel maps new things
 * only inside existing ones: module and stack areas live under PML4[511]).
 */
#include <loom/errno.h>
#include <loom/mm.h>
#include <loom/module.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <loom/vm.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/pgtable.h>
#include <asm/x86.h>

#define MMAP_TOP	0x00007f0000000000ULL /* mmap without an address: below here */
#define FLUSH_ALL_PAGES 16		      /* more pages than this: reload CR3 (about 1.5 us) */

/* The address space loaded on this CPU (CR3), kept in the per-CPU area:
 * threads of processes run on every CPU. */
#define current_as (this_cpu()->as)

/* --- anonymous memory ------------------------------------------------------ */
static u64 anon_fault(struct vm_area *a, u64 addr)
{
	return page_alloc_zeroed();
}

static void anon_release(struct vm_area *a, u64 pa)
{
	page_free(pa);
}

static const struct vm_ops anon_ops = {
	.fault = anon_fault,
	.release = anon_release,
};

/* --- the area table ----------------------------------------------------- */
static int areas_reserve(struct addr_space *as, u32 more)
{
	u32 cap = as->cap_areas;
	struct vm_area *n;
	u64 pages;

	if (as->nr_areas + more <= cap)
		return 0;
	cap = cap ? cap * 2 : PAGE_SIZE / sizeof(struct vm_area);
	pages = ALIGN_UP(cap * sizeof(struct vm_area), PAGE_SIZE) / PAGE_SIZE;
	n = NULL;
	{
		phys_addr_t pa = pages_alloc_contig(pages, PAGE_SIZE);

		if (!pa)
			return -ENOMEM;
		n = phys_to_virt(pa);
	}
	if (as->areas) {
		memcpy(n, as->areas, as->nr_areas * sizeof(*n));
		pages_free_contig(virt_to_phys(as->areas),
				  ALIGN_UP(as->cap_areas * sizeof(*n), PAGE_SIZE) / PAGE_SIZE);
	}
	as->areas = n;
	as->cap_areas = cap;
	return 0;
}

/* Index of the first area ending after addr (binary search). */
static u32 first_after(struct addr_space *as, u64 addr)
{
	u32 lo = 0, hi = as->nr_areas;

	while (lo < hi) {
		u32 mid = (lo + hi) / 2;

		if (as->areas[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct vm_area *vm_find(struct addr_space *as, u64 addr)
{
	u32 i = first_after(as, addr);

	return i < as->nr_areas && as->areas[i].start <= addr ? &as->areas[i] : NULL;
}

static void insert_area(struct addr_space *as, const struct vm_area *a)
{
	u32 i = first_after(as, a->start);

	memmove(&as->areas[i + 1], &as->areas[i], (as->nr_areas - i) * sizeof(*a));
	as->areas[i] = *a;
	as->nr_areas++;
}

static void remove_area(struct addr_space *as, u32 i)
{
	memmove(&as->areas[i], &as->areas[i + 1], (as->nr_areas - i - 1) * sizeof(as->areas[0]));
	as->nr_areas--;
}

/* --- page tables -------------------------------------------------------- */
static u64 pte_flags(u32 prot)
{
	return PTE_U | (prot & VM_WRITE ? PTE_W : 0) | (prot & VM_EXEC ? 0 : PTE_NX);
}

/*
 * The other CPUs that have as loaded: threads of one process, or (with
 * lazy) also a CPU that ran one and has run only kernel threads since.
 */
static cpumask_t cpus_with(struct addr_space *as, bool lazy)
{
	cpumask_t mask = 0;

	for (unsigned cpu = 0; cpu < CONFIG_NR_CPUS && cpu < 64; cpu++) {
		struct percpu *c = percpu_area(cpu);

		if (cpu != this_cpu()->cpu && c && READ_ONCE(c->as) == as &&
		    (lazy || !READ_ONCE(c->as_lazy)))
			mask |= 1ULL << cpu;
	}
	return mask;
}

struct flush_req {
	struct addr_space *as;
	u64 start, pages, gen;
};

static void flush_local(void *arg)
{
	struct flush_req *f = arg;

	if (f->as != current_as)
		return; /* its entries are not in this TLB */
	if (f->pages > FLUSH_ALL_PAGES)
		write_cr3(f->as->pml4_pa);
	else
		for (u64 i = 0; i < f->pages; i++)
			invlpg(f->start + i * PAGE_SIZE);
	if ((s64)(f->gen - this_cpu()->as_gen) > 0)
		this_cpu()->as_gen = f->gen;
}

/*
 * After entries were removed or narrowed: every CPU using as now gets an
 * IPI; a CPU that keeps as loaded while it runs kernel threads (lazy) is
 * left alone and reloads CR3 when it next switches to as, because the
 * generation it saw is older. The generation is bumped (a locked add, a
 * full barrier) before the lazy flags are read, and a CPU leaving lazy
 * mode clears its flag before it reads the generation, so one of the two
 * always sees the other.
 */
static void flush(struct addr_space *as, u64 start, u64 pages)
{
	struct flush_req f = { as, start, pages, 0 };
	cpumask_t others;

	f.gen = __atomic_add_fetch(&as->tlb_gen, 1, __ATOMIC_SEQ_CST);
	others = cpus_with(as, false);
	flush_local(&f);
	if (others)
		smp_call_function(others, flush_local, &f, true);
}

static void drop_as(void *arg)
{
	if (current_as == arg)
		as_switch(NULL);
}

static u64 *table(u64 e)
{
	return phys_to_virt(e & PTE_ADDR);
}

/*
 * Visit the present 4 KiB entries of [start, end): fn(pte, va). Absent upper
 * tables are skipped whole, so the cost follows what is mapped, not the
 * size of the range.
 */
static void walk(struct addr_space *as, u64 start, u64 end,
		 void (*fn)(struct addr_space *, struct vm_area *, u64 *, u64), struct vm_area *a)
{
	u64 va = start;

	while (va < end) {
		u64 e4 = as->pml4[(va >> 39) & 511], e3, e2;

		if (!(e4 & PTE_P)) {
			va = ALIGN_DOWN(va, 1ULL << 39) + (1ULL << 39);
			continue;
		}
		e3 = table(e4)[(va >> 30) & 511];
		if (!(e3 & PTE_P) || (e3 & PTE_PS)) {
			va = ALIGN_DOWN(va, 1ULL << 30) + (1ULL << 30);
			continue;
		}
		e2 = table(e3)[(va >> 21) & 511];
		if (!(e2 & PTE_P) || (e2 & PTE_PS)) {
			va = ALIGN_DOWN(va, 1ULL << 21) + (1ULL << 21);
			continue;
		}
		for (u64 *pt = table(e2); va < end; va += PAGE_SIZE) {
			u64 *pte = &pt[(va >> 12) & 511];

			if (*pte & PTE_P)
				fn(as, a, pte, va);
			if (((va + PAGE_SIZE) & ((1ULL << 21) - 1)) == 0) {
				va += PAGE_SIZE;
				break;
			}
		}
	}
}

/*
 * Entries removed or narrowed under as->lock are finished after it is
 * dropped: the TLB of every CPU with the space loaded is flushed (a CPU
 * spinning on the lock with interrupts off could not answer the IPI), and
 * only then are the unmapped pages freed, so no stale entry elsewhere
 * reaches a page that has a new owner.
 */
struct vm_pending {
	u64 *pages; /* anonymous pages to free after the flush */
	u32 n, cap;
	u64 start, end;		/* the range to flush; start == end: none */
	struct vm_area *closed; /* removed areas whose ops->close is due */
	u32 nclosed, capclosed;
};

/* Room for one more entry of size sz in *arr (n used of *cap, first
 * first entries when empty); false when out of memory. Runs under
 * as->lock (kmalloc does not sleep). */
static bool pending_grow(void **arr, u32 n, u32 *cap, size_t sz, u32 first)
{
	u32 ncap;
	void *na;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : first;
	na = kmalloc(ncap * sz);
	if (!na)
		return false;
	if (*arr)
		memcpy(na, *arr, n * sz);
	kfree(*arr);
	*arr = na;
	*cap = ncap;
	return true;
}

/* The area a leaves the table: its ops->close runs after the unlock. */
static void pending_close(struct addr_space *as, const struct vm_area *a)
{
	struct vm_pending *pd = as->pending;

	if (!a->ops->close)
		return;
	if (!pending_grow((void **)&pd->closed, pd->nclosed, &pd->capclosed, sizeof(*a), 4)) {
		/* kept open rather than closed under the lock */
		pr_warn("vm: out of memory: area 0x%llx-0x%llx not closed",
			(unsigned long long)a->start, (unsigned long long)a->end);
		return;
	}
	pd->closed[pd->nclosed++] = *a;
}

static void pending_range(struct addr_space *as, u64 start, u64 end)
{
	struct vm_pending *pd = as->pending;

	if (pd->start == pd->end) {
		pd->start = start;
		pd->end = end;
	}
	pd->start = MIN(pd->start, start);
	pd->end = MAX(pd->end, end);
}

static void unmap_one(struct addr_space *as, struct vm_area *a, u64 *pte, u64 va)
{
	struct vm_pending *pd = as->pending;
	u64 pa = *pte & PTE_ADDR;

	*pte = 0;
	as->resident--;
	if (!pd || a->ops != &anon_ops) {
		a->ops->release(a, pa); /* as_destroy: no CPU has it loaded */
		return;
	}
	/* Loaded here at most: the entry is gone once invalidated here. (A
	 * CPU loading the space from now on cannot cache the cleared entry.) */
	if (!cpus_with(as, true)) {
		if (as == current_as)
			invlpg(va);
		a->ops->release(a, pa);
		return;
	}
	if (!pending_grow((void **)&pd->pages, pd->n, &pd->cap, sizeof(u64), 64)) {
		pr_warn("vm: out of memory: page 0x%llx not freed", (unsigned long long)pa);
		return; /* kept rather than freed under a stale TLB entry */
	}
	pd->pages[pd->n++] = pa;
}

static void protect_one(struct addr_space *as, struct vm_area *a, u64 *pte, u64 va)
{
	*pte = (*pte & PTE_ADDR) | PTE_P | pte_flags(a->prot);
}

static int map_page(struct addr_space *as, struct vm_area *a, u64 va)
{
	u64 pa = a->ops->fault(a, va);

	if (!pa)
		return -ENOMEM;
	if (map_range(as->pml4, va, pa, PAGE_SIZE, pte_flags(a->prot),
		      a->flags & VM_IO ? MAP_WC : MAP_WB, true)) {
		a->ops->release(a, pa);
		return -ENOMEM;
	}
	as->resident++;
	return 0;
}

/* --- address spaces ------------------------------------------------------- */
int as_create(struct addr_space *as)
{
	phys_addr_t pa = page_alloc_zeroed();

	memset(as, 0, sizeof(*as));
	if (!pa)
		return -ENOMEM;
	as->pml4_pa = pa;
	as->pml4 = phys_to_virt(pa);
	memcpy(&as->pml4[256], &kernel_pml4[256], 256 * sizeof(u64));
	as->hint = MMAP_TOP;
	as->lock = (spinlock_t)SPINLOCK_INIT;
	return 0;
}
EXPORT_SYMBOL(as_create);

static void free_tables(u64 *t, int level)
{
	for (int i = 0; i < 512; i++) {
		if (!(t[i] & PTE_P) || level == 1)
			continue;
		free_tables(table(t[i]), level - 1);
		page_free(t[i] & PTE_ADDR);
		__atomic_fetch_sub(&pgtable_pages, 1, __ATOMIC_RELAXED);
	}
}

void as_destroy(struct addr_space *as)
{
	cpumask_t others = cpus_with(as, true);

	/* No CPU may keep its tables in CR3 once they are freed. */
	if (current_as == as)
		as_switch(NULL);
	if (others)
		smp_call_function(others, drop_as, as, true);
	for (u32 i = 0; i < as->nr_areas; i++) {
		struct vm_area *a = &as->areas[i];

		walk(as, a->start, a->end, unmap_one, a);
		if (a->ops->close)
			a->ops->close(a);
	}
	for (int i = 0; i < 256; i++) {
		if (!(as->pml4[i] & PTE_P))
			continue;
		free_tables(table(as->pml4[i]), 3);
		page_free(as->pml4[i] & PTE_ADDR);
		__atomic_fetch_sub(&pgtable_pages, 1, __ATOMIC_RELAXED);
	}
	page_free(as->pml4_pa);
	if (as->areas)
		pages_free_contig(virt_to_phys(as->areas),
				  ALIGN_UP(as->cap_areas * sizeof(struct vm_area), PAGE_SIZE) /
					  PAGE_SIZE);
	memset(as, 0, sizeof(*as));
}
EXPORT_SYMBOL(as_destroy);

void as_switch(struct addr_space *as)
{
	u64 root = as ? as->pml4_pa : virt_to_phys(kernel_pml4);
	struct percpu *c = this_cpu();
	u64 gen;

	c->as_lazy = false;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* see flush() */
	gen = as ? __atomic_load_n(&as->tlb_gen, __ATOMIC_ACQUIRE) : 0;
	if (as == current_as && gen == c->as_gen)
		return; /* a CR3 write costs about 1.5 us under TCG */
	current_as = as;
	c->as_gen = gen;
	write_cr3(root);
}

void as_switch_lazy(void)
{
	this_cpu()->as_lazy = true;
}
EXPORT_SYMBOL(as_switch_lazy);
EXPORT_SYMBOL(as_switch);

struct addr_space *as_current(void)
{
	return current_as;
}

/* --- mmap, munmap, mprotect ------------------------------------------------ */
static bool range_ok(u64 addr, u64 len)
{
	return !(addr & (PAGE_SIZE - 1)) && addr >= USER_START && addr < USER_END &&
	       len <= USER_END - addr;
}

/* A free gap of len bytes, highest first below as->hint; 0 if none. */
static u64 find_gap(struct addr_space *as, u64 len)
{
	u64 top = as->hint;

	for (u32 i = first_after(as, top - 1);; i--) {
		u64 gap_start = i ? as->areas[i - 1].end : USER_START;
		u64 gap_end = i < as->nr_areas ? MIN(as->areas[i].start, top) : top;

		if (gap_end >= gap_start + len)
			return gap_end - len;
		if (!i)
			return 0;
		top = MIN(top, as->areas[i - 1].start);
	}
}

static int munmap_locked(struct addr_space *as, u64 addr, u64 len);

/* proto: a file's area (ops, priv, pgoff, VM_IO | VM_NOWRITE), or NULL
 * for anonymous memory. */
static __always_inline s64 mmap_locked(struct addr_space *as, u64 addr, u64 len, u32 prot,
				       u32 flags, const struct vm_area *proto)
{
	struct vm_area a = { 0 };
	u64 guard = flags & VM_STACK ? VM_GUARD_PAGES * PAGE_SIZE : 0;
	int err;

	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || len > USER_END - USER_START || (prot & ~(VM_READ | VM_WRITE | VM_EXEC)) ||
	    (flags & ~(VM_FIXED | VM_POPULATE | VM_STACK)) || (proto && guard))
		return -EINVAL;
	if (flags & VM_FIXED) {
		if (!range_ok(addr, len) || addr < USER_START + guard)
			return -EINVAL;
		err = munmap_locked(as, addr - guard, len + guard);
		if (err)
			return err;
	} else {
		addr = find_gap(as, len + guard);
		if (!addr)
			return -ENOMEM;
		addr += guard;
	}
	err = areas_reserve(as, 2);
	if (err)
		return err;
	if (guard)
		insert_area(as, &(struct vm_area){ .start = addr - guard,
						   .end = addr,
						   .flags = VM_GUARD,
						   .ops = &anon_ops });
	if (proto) {
		a = *proto;
		a.flags &= VM_IO | VM_NOWRITE;
	} else {
		a.ops = &anon_ops;
		a.flags = flags & VM_STACK;
	}
	a.start = addr;
	a.end = addr + len;
	a.prot = prot;
	insert_area(as, &a);
	if (a.ops->open)
		a.ops->open(&a);
	if (flags & VM_POPULATE) {
		struct vm_area *in = vm_find(as, addr);

		for (u64 va = addr; va < addr + len; va += PAGE_SIZE) {
			if (map_page(as, in, va)) {
				munmap_locked(as, addr - guard, len + guard);
				return -ENOMEM;
			}
		}
	}
	return (s64)addr;
}

static u64 vm_lock(struct addr_space *as, struct vm_pending *pd)
{
	u64 irq = spin_lock_irqsave(&as->lock);

	*pd = (struct vm_pending){ 0 };
	as->pending = pd;
	return irq;
}

/* Unlock, then flush every TLB that may hold the changed entries, then
 * free the pages unmapped. */
static void vm_unlock(struct addr_space *as, struct vm_pending *pd, u64 irq)
{
	as->pending = NULL;
	spin_unlock_irqrestore(&as->lock, irq);
	if (pd->end > pd->start)
		flush(as, pd->start, (pd->end - pd->start) / PAGE_SIZE);
	for (u32 i = 0; i < pd->n; i++)
		page_free(pd->pages[i]);
	kfree(pd->pages);
	if (unlikely(pd->closed)) {
		for (u32 i = 0; i < pd->nclosed; i++)
			pd->closed[i].ops->close(&pd->closed[i]);
		kfree(pd->closed);
	}
}

s64 vm_mmap(struct addr_space *as, u64 addr, u64 len, u32 prot, u32 flags)
{
	struct vm_pending pd;
	u64 irq = vm_lock(as, &pd);
	s64 r = mmap_locked(as, addr, len, prot, flags, NULL);

	vm_unlock(as, &pd, irq);
	return r;
}
EXPORT_SYMBOL(vm_mmap);

s64 vm_mmap_area(struct addr_space *as, u64 addr, u64 len, u32 prot, u32 flags,
		 const struct vm_area *proto)
{
	struct vm_pending pd;
	u64 irq;
	s64 r;

	if (!proto || !proto->ops || !proto->ops->fault || !proto->ops->release ||
	    (proto->pgoff & (PAGE_SIZE - 1)))
		return -EINVAL;
	irq = vm_lock(as, &pd);
	r = mmap_locked(as, addr, len, prot, flags, proto);
	vm_unlock(as, &pd, irq);
	return r;
}
EXPORT_SYMBOL(vm_mmap_area);

/* Split the area containing addr so that an area starts at addr. */
static int split_at(struct addr_space *as, u64 addr)
{
	struct vm_area *a = vm_find(as, addr);
	struct vm_area right;
	int err;

	if (!a || a->start == addr)
		return 0;
	right = *a;
	err = areas_reserve(as, 1);
	if (err)
		return err;
	a = vm_find(as, addr); /* the table may have moved */
	a->end = addr;
	right.pgoff += addr - right.start;
	right.start = addr;
	insert_area(as, &right);
	if (right.ops->open)
		right.ops->open(&right);
	return 0;
}

static int munmap_locked(struct addr_space *as, u64 addr, u64 len)
{
	u64 end;
	u32 i;
	int err;

	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || !range_ok(addr, len))
		return -EINVAL;
	end = addr + len;
	if ((err = split_at(as, addr)) || (err = split_at(as, end)))
		return err;
	i = first_after(as, addr);
	while (i < as->nr_areas && as->areas[i].start < end) {
		struct vm_area *a = &as->areas[i];
		u64 before = as->resident;

		walk(as, a->start, a->end, unmap_one, a);
		if (as->resident != before)
			pending_range(as, a->start, a->end);
		pending_close(as, a);
		remove_area(as, i);
	}
	return 0;
}

int vm_munmap(struct addr_space *as, u64 addr, u64 len)
{
	struct vm_pending pd;
	u64 irq = vm_lock(as, &pd);
	int r = munmap_locked(as, addr, len);

	vm_unlock(as, &pd, irq);
	return r;
}
EXPORT_SYMBOL(vm_munmap);

static int mprotect_locked(struct addr_space *as, u64 addr, u64 len, u32 prot)
{
	u64 end;
	int err;

	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || !range_ok(addr, len) || (prot & ~(VM_READ | VM_WRITE | VM_EXEC)))
		return -EINVAL;
	end = addr + len;
	/* Every page of the range must be mapped by some area. */
	for (u64 va = addr; va < end;) {
		struct vm_area *a = vm_find(as, va);

		if (!a || (a->flags & VM_GUARD))
			return -ENOMEM;
		if ((prot & VM_WRITE) && (a->flags & VM_NOWRITE))
			return -EACCES;
		va = a->end;
	}
	if ((err = split_at(as, addr)) || (err = split_at(as, end)))
		return err;
	for (u32 i = first_after(as, addr); i < as->nr_areas && as->areas[i].start < end; i++) {
		struct vm_area *a = &as->areas[i];

		a->prot = prot;
		walk(as, a->start, a->end, protect_one, a);
		pending_range(as, a->start, a->end);
	}
	return 0;
}

int vm_mprotect(struct addr_space *as, u64 addr, u64 len, u32 prot)
{
	struct vm_pending pd;
	u64 irq = vm_lock(as, &pd);
	int r = mprotect_locked(as, addr, len, prot);

	vm_unlock(as, &pd, irq);
	return r;
}
EXPORT_SYMBOL(vm_mprotect);

/* --- faults ----------------------------------------------------------------- */
#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_FETCH   0x10

static int fault_locked(struct addr_space *as, u64 addr, u64 error_code, u64 rip, char *note,
			size_t size)
{
	struct vm_area *a = vm_find(as, addr);
	const char *why;

	if (!a)
		why = "unmapped address";
	else if (a->flags & VM_GUARD)
		why = "stack overflow";
	else if ((error_code & PF_FETCH) && !(a->prot & VM_EXEC))
		why = "execution of non-executable memory";
	else if ((error_code & PF_WRITE) && !(a->prot & VM_WRITE))
		why = "write to read-only memory";
	else if (!(error_code & (PF_WRITE | PF_FETCH)) && !(a->prot & VM_READ))
		why = "read of unreadable memory";
	else if (error_code & PF_PRESENT)
		why = "access violation"; /* allowed by the area, refused by the page */
	else if (map_page(as, a, ALIGN_DOWN(addr, PAGE_SIZE)) == 0)
		return 0;
	else
		why = "out of memory";
	snprintf(note, size, "pagefault at 0x%llx due to %s at 0x%llx", (unsigned long long)rip,
		 why, (unsigned long long)addr);
	return -EFAULT;
}

int vm_fault(struct addr_space *as, u64 addr, u64 error_code, u64 rip, char *note, size_t size)
{
	u64 irq = spin_lock_irqsave(&as->lock);
	int r = fault_locked(as, addr, error_code, rip, note, size);

	spin_unlock_irqrestore(&as->lock, irq);
	return r;
}

/* --- user copies ------------------------------------------------------------ */
u64 copy_user_raw(void *dst, const void *src, u64 len);

static bool user_range(u64 addr, u64 len)
{
	return addr >= USER_START && addr < USER_END && len <= USER_END - addr;
}

int copy_to_user(u64 udst, const void *src, u64 len)
{
	if (!user_range(udst, len))
		return -EFAULT;
	return copy_user_raw((void *)(uintptr_t)udst, src, len) ? -EFAULT : 0;
}
EXPORT_SYMBOL(copy_to_user);

int copy_from_user(void *dst, u64 usrc, u64 len)
{
	if (!user_range(usrc, len))
		return -EFAULT;
	return copy_user_raw(dst, (const void *)(uintptr_t)usrc, len) ? -EFAULT : 0;
}
EXPORT_SYMBOL(copy_from_user);
