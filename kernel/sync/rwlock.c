/* Read-write spinlocks and sequence locks: see include/loom/rwlock.h. */
#include <loom/module.h>
#include <loom/rwlock.h>
#include <asm/irq.h>

#define WRITER	(1u << 31)
#define WAITING (1u << 30)

void read_lock(rwlock_t *l)
{
	preempt_disable();
	for (;;) {
		u32 s = __atomic_load_n(&l->state, __ATOMIC_RELAXED);

		if (!(s & (WRITER | WAITING)) &&
		    __atomic_compare_exchange_n(&l->state, &s, s + 1, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		__asm__ volatile("pause");
	}
}
EXPORT_SYMBOL(read_lock);

void read_unlock(rwlock_t *l)
{
	__atomic_fetch_sub(&l->state, 1, __ATOMIC_RELEASE);
	preempt_enable();
}
EXPORT_SYMBOL(read_unlock);

void write_lock(rwlock_t *l)
{
	preempt_disable();
	for (;;) {
		u32 s = __atomic_load_n(&l->state, __ATOMIC_RELAXED);

		/* Free (or only our own waiting mark): take it. */
		if ((s & ~WAITING) == 0 &&
		    __atomic_compare_exchange_n(&l->state, &s, WRITER, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		/* Readers inside: stop new ones while we wait. */
		if (!(s & WAITING))
			__atomic_fetch_or(&l->state, WAITING, __ATOMIC_RELAXED);
		__asm__ volatile("pause");
	}
}
EXPORT_SYMBOL(write_lock);

void write_unlock(rwlock_t *l)
{
	__atomic_store_n(&l->state, 0, __ATOMIC_RELEASE);
	preempt_enable();
}
EXPORT_SYMBOL(write_unlock);

u64 read_lock_irqsave(rwlock_t *l)
{
	u64 f = local_irq_save();

	read_lock(l);
	return f;
}
EXPORT_SYMBOL(read_lock_irqsave);

void read_unlock_irqrestore(rwlock_t *l, u64 flags)
{
	read_unlock(l);
	local_irq_restore(flags);
}
EXPORT_SYMBOL(read_unlock_irqrestore);

u64 write_lock_irqsave(rwlock_t *l)
{
	u64 f = local_irq_save();

	write_lock(l);
	return f;
}
EXPORT_SYMBOL(write_lock_irqsave);

void write_unlock_irqrestore(rwlock_t *l, u64 flags)
{
	write_unlock(l);
	local_irq_restore(flags);
}
EXPORT_SYMBOL(write_unlock_irqrestore);

void write_seqlock(seqlock_t *s)
{
	spin_lock(&s->lock);
	__atomic_store_n(&s->seq, s->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}
EXPORT_SYMBOL(write_seqlock);

void write_sequnlock(seqlock_t *s)
{
	__atomic_store_n(&s->seq, s->seq + 1, __ATOMIC_RELEASE);
	spin_unlock(&s->lock);
}
EXPORT_SYMBOL(write_sequnlock);
