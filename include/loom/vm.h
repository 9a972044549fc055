/*
 * User address spaces (kernel/mm/vm.c). Each has its own page tables that
 * share the kernel half, and a sorted table of areas (VMAs). Anonymous
 * mappings are populated lazily: a page is zeroed and mapped on its first
 * touch (O(1) per page), or at mmap time with VM_POPULATE. An access that no
 * area allows becomes a fault note, the string the process is told (and
 * its exit status if it dies of it), e.g.
 *   "pagefault at 0x40013b due to stack overflow at 0x7ffffff9af18".
 * Locking: as->lock (irqsave) around every change and every fault, so
 * threads of one process may run on several CPUs; each CPU knows the
 * address space it has loaded, and entries removed or narrowed are shot
 * down on every CPU that has it (as_destroy unloads it everywhere).
 */
#ifndef LOOM_VM_H
#define LOOM_VM_H

#include <loom/spinlock.h>
#include <loom/types.h>

#define USER_START 0x10000ULL		 /* nothing is mapped below 64 KiB */
#define USER_END   0x00007ffffffff000ULL /* end of the lower canonical half */

/* Protection (VM_READ ...) and flags of an area. */
#define VM_READ	    0x1
#define VM_WRITE    0x2
#define VM_EXEC	    0x4
#define VM_FIXED    0x100 /* exactly at addr, replacing what is there   */
#define VM_POPULATE 0x200 /* map every page now instead of on touch      */
#define VM_STACK    0x400 /* a stack: a guard area below catches overflow */
#define VM_GUARD    0x800 /* internal: the guard below a stack           */
/* Set by a file's mmap op (struct file_ops.mmap) in the area it fills: */
#define VM_IO 0x1000 /* device memory: write-combining, never freed   */
#define VM_NOWRITE \
	0x2000 /* the file is not writable: mprotect refuses
                              VM_WRITE (-EACCES)                        */

struct vm_area;
struct vm_pending;

/*
 * Operations of an area: anonymous memory (vm.c) or a mapped file, whose
 * file_ops.mmap fills in ops, priv and flags (VM_IO, VM_NOWRITE).
 */
struct vm_ops {
	/* Provide the page for addr (page aligned); returns its physical
	 * address or 0 (out of memory). Runs under as->lock. */
	u64 (*fault)(struct vm_area *a, u64 addr);
	/* A page of the area is unmapped: release it (device memory: nothing
	 * to do). Runs under as->lock, or in as_destroy. */
	void (*release)(struct vm_area *a, u64 pa);
	/* Optional: a is a new copy of an area (a split by munmap or
	 * mprotect): take the references a holds. Under as->lock, must not
	 * sleep. */
	void (*open)(struct vm_area *a);
	/* Optional: a was removed; drop what it holds (a file reference).
	 * Runs after as->lock is dropped (it may sleep). */
	void (*close)(struct vm_area *a);
};

struct vm_area {
	u64 start, end; /* page aligned, end exclusive */
	u32 prot;	/* VM_READ | VM_WRITE | VM_EXEC */
	u32 flags;
	const struct vm_ops *ops;
	void *priv; /* the ops' own (a mapped file's struct file) */
	u64 pgoff;  /* a mapped file: the offset that start shows   */
};

struct addr_space {
	spinlock_t lock; /* the areas and page tables (irqsave: faults take it) */
	u64 *pml4;	 /* virtual address of the top table            */
	u64 pml4_pa;	 /* its physical address, for CR3               */
	struct vm_area *areas;
	u32 nr_areas, cap_areas;
	u64 resident;		    /* pages mapped now                          */
	u64 hint;		    /* where the next mmap without an address goes */
	struct vm_pending *pending; /* under lock: TLB flush and frees to do */
	u64 tlb_gen;		    /* bumped by every flush (lazy CPUs catch up) */
};

#define VM_GUARD_PAGES 16 /* 64 KiB of guard below each stack */

int as_create(struct addr_space *as);
void as_destroy(struct addr_space *as);
/* Make as the current address space (CR3 is written only if it changes). */
void as_switch(struct addr_space *as);
/* A kernel thread runs: the loaded address space stays in CR3 unused
 * (flushes skip this CPU; as_switch catches up by generation). */
void as_switch_lazy(void);
struct addr_space *as_current(void);

/* mmap of anonymous memory: the address, or a negative errno (-EINVAL for
 * bad arguments, -ENOMEM when out of memory or address space). */
s64 vm_mmap(struct addr_space *as, u64 addr, u64 len, u32 prot, u32 flags);
/*
 * mmap of an area prepared by a file's mmap op: proto's ops, priv, pgoff
 * and flags (VM_IO, VM_NOWRITE) are copied into the new area at addr
 * (VM_FIXED) or wherever it fits, which takes its references through
 * ops->open (proto's priv is only borrowed). The address, or -errno.
 */
s64 vm_mmap_area(struct addr_space *as, u64 addr, u64 len, u32 prot, u32 flags,
		 const struct vm_area *proto);
int vm_munmap(struct addr_space *as, u64 addr, u64 len);
int vm_mprotect(struct addr_space *as, u64 addr, u64 len, u32 prot);
/* The area containing addr, or NULL. */
struct vm_area *vm_find(struct addr_space *as, u64 addr);

/* A page fault at addr (CR2) with the CPU's error code at rip: 0 when the
 * page was mapped (lazy population) and the access may be retried; else
 * -EFAULT and the fault note in note[size]. */
int vm_fault(struct addr_space *as, u64 addr, u64 error_code, u64 rip, char *note, size_t size);

/* Copies to and from the current address space: 0 or -EFAULT. */
int copy_to_user(u64 udst, const void *src, u64 len);
int copy_from_user(void *dst, u64 usrc, u64 len);

#endif
