/*
 * Spinlocks: ticket locks (fair: waiters enter in arrival order) with
 * interrupt-saving variants. spin_lock_irqsave() is the one to use for data
 * an interrupt handler also touches.
 */
#ifndef LOOM_SPINLOCK_H
#define LOOM_SPINLOCK_H

#include <loom/types.h>

/*
 * Preemption is off while the count is non-zero: every spinlock holder
 * counts, so a thread is never switched away while it holds one (one
 * count per CPU once SMP exists).
 */
extern u32 __preempt_count;

static inline u32 preempt_count(void)
{
	return __atomic_load_n(&__preempt_count, __ATOMIC_RELAXED);
}

static inline void preempt_disable(void)
{
	__atomic_fetch_add(&__preempt_count, 1, __ATOMIC_RELAXED);
	__asm__ volatile("" ::: "memory");
}

static inline void preempt_enable(void)
{
	__asm__ volatile("" ::: "memory");
	__atomic_fetch_sub(&__preempt_count, 1, __ATOMIC_RELAXED);
}

typedef struct spinlock {
	volatile u32 next;
	volatile u32 owner;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

static inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	u32 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		__asm__ volatile("pause");
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
	preempt_enable();
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
