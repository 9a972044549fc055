/*
 * Spinlocks: ticket locks (fair: waiters enter in arrival order) with
 * interrupt-saving variants. spin_lock_irqsave() is the one to use for data
 * an interrupt handler also touches.
 */
#ifndef LOOM_SPINLOCK_H
#define LOOM_SPINLOCK_H

#include <loom/percpu_defs.h>
#include <loom/types.h>

/*
 * Preemption is off while this CPU's count is non-zero: every spinlock
 * holder counts, so a thread is never switched away while it holds one.
 * The count lives in the per-CPU area (%gs:PERCPU_PREEMPT_COUNT) and each
 * access is one instruction, so it is safe against preemption itself.
 */
static inline u32 preempt_count(void)
{
	u32 c;

	__asm__ volatile("movl %%gs:%c1, %0" : "=r"(c) : "i"(PERCPU_PREEMPT_COUNT));
	return c;
}

static inline void preempt_disable(void)
{
	__asm__ volatile("incl %%gs:%c0" ::"i"(PERCPU_PREEMPT_COUNT) : "memory");
}

static inline void preempt_enable(void)
{
	__asm__ volatile("decl %%gs:%c0" ::"i"(PERCPU_PREEMPT_COUNT) : "memory");
}

typedef struct spinlock {
	volatile u32 next;
	volatile u32 owner;
#ifdef CONFIG_DEBUG_SPINLOCK
	const void *holder; /* the thread holding it (NULL: none)        */
	u64 acquired_at;    /* return address of the spin_lock call      */
	u32 recursion;	    /* nested acquisitions refused (see below)    */
#endif
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0     \
	}

/* The address of this point of the code, also inside an inlined function
 * (where __builtin_return_address would name the caller's caller). */
#define _THIS_IP_                           \
	({                                  \
		__label__ __here;           \
__here:                                     \
		(u64)(uintptr_t) && __here; \
	})

/* With CONFIG_DEBUG_SPINLOCK (the scheduler calls these under IS_ENABLED):
 * a lock changes hands across a thread switch; no lock may be held when a
 * thread goes to sleep. */
void spin_debug_handoff(spinlock_t *l);
void spin_debug_check_sleep(u32 preempt_count_now);

#ifdef CONFIG_DEBUG_SPINLOCK
/*
 * Lock debugging (kernel/sync/spinlock_debug.c): before taking a lock,
 * report recursion (the holder takes it again: the acquisition is refused
 * instead of deadlocking, and the matching unlock is ignored) and an
 * acquisition order that inverts one seen before; on release, report an
 * unlock by a thread that does not hold the lock. Each report has a
 * backtrace. Returns false when the lock must not be taken.
 */
bool spin_debug_acquire(spinlock_t *l, u64 pc);
void spin_debug_acquired(spinlock_t *l, u64 pc);
bool spin_debug_release(spinlock_t *l, u64 pc);
#endif

static inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
#ifdef CONFIG_DEBUG_SPINLOCK
	if (!spin_debug_acquire(l, _THIS_IP_))
		return;
#endif
	u32 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		__asm__ volatile("pause");
#ifdef CONFIG_DEBUG_SPINLOCK
	spin_debug_acquired(l, _THIS_IP_);
#endif
}

static inline void spin_unlock(spinlock_t *l)
{
#ifdef CONFIG_DEBUG_SPINLOCK
	if (!spin_debug_release(l, _THIS_IP_)) {
		preempt_enable();
		return;
	}
#endif
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
	preempt_enable();
}

/* Take l only if it is free now: true when taken. */
static inline bool spin_trylock(spinlock_t *l)
{
	u32 owner;

	preempt_disable();
	owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
	u32 expect = owner;

	if (__atomic_load_n(&l->next, __ATOMIC_RELAXED) != owner ||
	    !__atomic_compare_exchange_n(&l->next, &expect, owner + 1, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED)) {
		preempt_enable();
		return false;
	}
#ifdef CONFIG_DEBUG_SPINLOCK
	spin_debug_acquired(l, _THIS_IP_);
#endif
	return true;
}

static inline u64 spin_lock_irqsave(spinlock_t *l)
{
	u64 flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags)::"memory");
	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, u64 flags)
{
	spin_unlock(l);
	if (flags & (1 << 9))
		__asm__ volatile("sti" ::: "memory");
}

#endif
