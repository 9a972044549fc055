/* Sleeping read-write locks: see include/loom/rwsem.h. */
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/rwsem.h>
#include <loom/thread.h>

void rwsem_init(struct rwsem *s)
{
	s->state = 0;
	s->writers_waiting = 0;
	s->waits = 0;
	wait_queue_init(&s->wq);
}
EXPORT_SYMBOL(rwsem_init);

bool down_read_trylock(struct rwsem *s)
{
	u32 v = __atomic_load_n(&s->state, __ATOMIC_RELAXED);

	while (!(v & RWSEM_WRITER) && !__atomic_load_n(&s->writers_waiting, __ATOMIC_RELAXED)) {
		if (__atomic_compare_exchange_n(&s->state, &v, v + 1, true, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}
EXPORT_SYMBOL(down_read_trylock);

void down_read(struct rwsem *s)
{
	if (down_read_trylock(s))
		return;
	__atomic_add_fetch(&s->waits, 1, __ATOMIC_RELAXED);
	wait_event(&s->wq, down_read_trylock(s));
}
EXPORT_SYMBOL(down_read);

void up_read(struct rwsem *s)
{
	/* Full barriers (SEQ_CST) here and on writers_waiting in down_write:
	 * either the last reader sees the writer waiting, or the writer sees
	 * the readers gone. */
	u32 old = __atomic_fetch_sub(&s->state, 1, __ATOMIC_SEQ_CST);

	if (!old || (old & RWSEM_WRITER)) {
		pr_err("rwsem: %s releases a read lock nobody holds", current_thread()->name);
		__atomic_add_fetch(&s->state, 1, __ATOMIC_RELAXED);
		return;
	}
	/* the last reader lets a waiting writer in */
	if (old == 1 && __atomic_load_n(&s->writers_waiting, __ATOMIC_SEQ_CST))
		wake_up_all(&s->wq);
}
EXPORT_SYMBOL(up_read);

bool down_write_trylock(struct rwsem *s)
{
	u32 none = 0;

	return __atomic_compare_exchange_n(&s->state, &none, RWSEM_WRITER, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}
EXPORT_SYMBOL(down_write_trylock);

void down_write(struct rwsem *s)
{
	if (down_write_trylock(s))
		return;
	__atomic_add_fetch(&s->waits, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&s->writers_waiting, 1, __ATOMIC_SEQ_CST);
	wait_event(&s->wq, down_write_trylock(s));
	__atomic_sub_fetch(&s->writers_waiting, 1, __ATOMIC_ACQ_REL);
	/* readers that saw this writer waiting sleep until someone wakes
	 * them: up_write does */
}
EXPORT_SYMBOL(down_write);

void up_write(struct rwsem *s)
{
	if (__atomic_load_n(&s->state, __ATOMIC_RELAXED) != RWSEM_WRITER) {
		pr_err("rwsem: %s releases a write lock nobody holds", current_thread()->name);
		return;
	}
	__atomic_store_n(&s->state, 0, __ATOMIC_RELEASE);
	wake_up_all(&s->wq);
}
EXPORT_SYMBOL(up_write);

bool rwsem_is_write_locked(struct rwsem *s)
{
	return __atomic_load_n(&s->state, __ATOMIC_RELAXED) == RWSEM_WRITER;
}
EXPORT_SYMBOL(rwsem_is_write_locked);
