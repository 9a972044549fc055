/*
 * Read-write spinlocks and sequence locks (kernel/sync/rwlock.c).
 *
 * rwlock: many readers or one writer; a waiting writer stops new readers
 * from entering (no writer starvation). Spinning, preemption off while held,
 * _irqsave variants for data interrupt handlers touch.
 *
 * seqlock: writers serialize on a spinlock and bump a sequence number
 * around the update; readers never block: they retry when a write
 * overlapped their read.
 *
 *	do { s = read_seqbegin(&sl); copy = data; } while (read_seqretry(&sl, s));
 */
#ifndef LOOM_RWLOCK_H
#define LOOM_RWLOCK_H

#include <loom/spinlock.h>

typedef struct rwlock {
	volatile u32 state; /* bit 31: writer holds; bit 30: writer waits; readers below */
} rwlock_t;

#define RWLOCK_INIT \
	{           \
		0   \
	}

void read_lock(rwlock_t *l);
void read_unlock(rwlock_t *l);
void write_lock(rwlock_t *l);
void write_unlock(rwlock_t *l);
u64 read_lock_irqsave(rwlock_t *l);
void read_unlock_irqrestore(rwlock_t *l, u64 flags);
u64 write_lock_irqsave(rwlock_t *l);
void write_unlock_irqrestore(rwlock_t *l, u64 flags);

typedef struct seqlock {
	volatile u32 seq;
	spinlock_t lock;
} seqlock_t;

#define SEQLOCK_INIT             \
	{                        \
		0, SPINLOCK_INIT \
	}

static inline u32 read_seqbegin(const seqlock_t *s)
{
	u32 v;

	while ((v = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE)) & 1)
		__asm__ volatile("pause");
	return v;
}

static inline bool read_seqretry(const seqlock_t *s, u32 start)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&s->seq, __ATOMIC_RELAXED) != start;
}

void write_seqlock(seqlock_t *s);
void write_sequnlock(seqlock_t *s);

#endif
