/* Mutexes and completions: see include/loom/mutex.h. */
#include <loom/errno.h>
#include <loom/module.h>
#include <loom/mutex.h>
#include <loom/printk.h>
#include <loom/thread.h>
#include <loom/time.h>

void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	wait_queue_init(&m->wq);
}
EXPORT_SYMBOL(mutex_init);

bool mutex_trylock(struct mutex *m)
{
	struct thread *none = NULL;

	return __atomic_compare_exchange_n(&m->owner, &none, current_thread(), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}
EXPORT_SYMBOL(mutex_trylock);

void mutex_lock(struct mutex *m)
{
	if (mutex_trylock(m))
		return;
	if (m->owner == current_thread())
		pr_err("mutex: %s locks a mutex it already holds (deadlock)",
		       current_thread()->name);
	wait_event(&m->wq, mutex_trylock(m));
}
EXPORT_SYMBOL(mutex_lock);

void mutex_unlock(struct mutex *m)
{
	if (m->owner != current_thread()) {
		pr_err("mutex: %s unlocks a mutex held by %s", current_thread()->name,
		       m->owner ? m->owner->name : "nobody");
		return;
	}
	__atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
	wake_up_one(&m->wq);
}
EXPORT_SYMBOL(mutex_unlock);

bool mutex_is_locked(struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) != NULL;
}
EXPORT_SYMBOL(mutex_is_locked);

void completion_init(struct completion *c)
{
	c->done = 0;
	wait_queue_init(&c->wq);
}
EXPORT_SYMBOL(completion_init);

void complete(struct completion *c)
{
	__atomic_fetch_add(&c->done, 1, __ATOMIC_RELEASE);
	wake_up_one(&c->wq);
}
EXPORT_SYMBOL(complete);

void complete_all(struct completion *c)
{
	__atomic_store_n(&c->done, 0x7fffffff, __ATOMIC_RELEASE);
	wake_up_all(&c->wq);
}
EXPORT_SYMBOL(complete_all);

static bool take(struct completion *c)
{
	u32 d = __atomic_load_n(&c->done, __ATOMIC_ACQUIRE);

	while (d) {
		if (d == 0x7fffffff)
			return true; /* complete_all: stays done */
		if (__atomic_compare_exchange_n(&c->done, &d, d - 1, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

void wait_for_completion(struct completion *c)
{
	wait_event(&c->wq, take(c));
}
EXPORT_SYMBOL(wait_for_completion);

int wait_for_completion_timeout(struct completion *c, u64 ns)
{
	return wait_event_timeout(&c->wq, take(c), ns);
}
EXPORT_SYMBOL(wait_for_completion_timeout);
