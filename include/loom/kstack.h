/*
 * Kernel stacks with guard pages (kernel/mm/kstack.c). Each stack is
 * KSTACK_PAGES pages in the kernel stack area with one unmapped page below
 * it: an overflow faults on the guard page (and, since the fault cannot
 * push onto the overflowed stack, ends in a double fault on its own IST
 * stack, which reports it) instead of silently corrupting memory.
 */
#ifndef LOOM_KSTACK_H
#define LOOM_KSTACK_H

#include <loom/types.h>

#define KSTACK_PAGES 4 /* 16 KiB */

/* The top of a new stack (the initial stack pointer), or 0. */
u64 kstack_alloc(void);
void kstack_free(u64 top);
/* Pages of freed stacks kept mapped for reuse (up to 32 stacks). */
u64 kstack_cached_pages(void);
/* Is addr inside the guard page of a kernel stack? */
bool kstack_guard(u64 addr);

#endif
