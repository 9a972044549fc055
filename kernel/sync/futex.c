/*
 * Futex-style wait/wake: see include/loom/futex.h. 64 buckets, each an
 * irqsave spinlock and a list of waiters living on the waiters' stacks.
 */
#include <loom/errno.h>
#include <loom/futex.h>
#include <loom/module.h>
#include <loom/thread.h>
#include <loom/vm.h>

#define BUCKETS 64

struct waiter {
	struct addr_space *as;
	u64 addr;
	struct thread *t;
	bool woken;
	struct waiter *next;
};

static struct {
	spinlock_t lock;
	struct waiter *head;
} buckets[BUCKETS];

static unsigned hash(struct addr_space *as, u64 addr)
{
	u64 k = (addr >> 2) ^ ((u64)(uintptr_t)as >> 6);

	return (unsigned)((k * 0x9e3779b97f4a7c15ULL) >> 58);
}

static int read_word(struct addr_space *as, u64 addr, u32 *v)
{
	if (addr & 3)
		return -EINVAL;
	if (as)
		return copy_from_user(v, addr, sizeof(*v));
	*v = __atomic_load_n((u32 *)(uintptr_t)addr, __ATOMIC_ACQUIRE);
	return 0;
}

static void unlink(unsigned b, struct waiter *w)
{
	for (struct waiter **pp = &buckets[b].head; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			return;
		}
	}
}

int futex_wait(struct addr_space *as, u64 addr, u32 expected, u64 timeout_ns)
{
	unsigned b = hash(as, addr);
	struct waiter w = { as, addr, current_thread(), false, NULL };
	u64 end = timeout_ns ? clock_monotonic_ns() + timeout_ns : 0, flags;
	u32 v;
	int err;

	/* Check and queue under the bucket lock, so a waker that changes the
	 * word and then wakes cannot slip in between. A user word may fault
	 * in: that is resolved without sleeping (lazy population), so it is
	 * allowed with the lock held. */
	flags = spin_lock_irqsave(&buckets[b].lock);
	err = read_word(as, addr, &v);
	if (err || v != expected) {
		spin_unlock_irqrestore(&buckets[b].lock, flags);
		return err ? err : -EAGAIN;
	}
	w.next = buckets[b].head;
	buckets[b].head = &w;
	for (;;) {
		u64 now;

		w.t->state = THREAD_BLOCKED;
		spin_unlock_irqrestore(&buckets[b].lock, flags);
		now = clock_monotonic_ns();
		if (end && now >= end) {
			err = -ETIMEDOUT;
		} else {
			if (end)
				schedule_timeout(end - now);
			else
				schedule();
			err = 0;
		}
		flags = spin_lock_irqsave(&buckets[b].lock);
		w.t->state = THREAD_RUNNING;
		if (w.woken) {
			err = 0;
			break;
		}
		if (err)
			break;
	}
	if (!w.woken)
		unlink(b, &w);
	spin_unlock_irqrestore(&buckets[b].lock, flags);
	return err;
}
EXPORT_SYMBOL(futex_wait);

int futex_wake(struct addr_space *as, u64 addr, int n)
{
	unsigned b = hash(as, addr);
	u64 flags = spin_lock_irqsave(&buckets[b].lock);
	int woken = 0;

	for (struct waiter **pp = &buckets[b].head; *pp && woken < n;) {
		struct waiter *w = *pp;

		if (w->as != as || w->addr != addr) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		w->woken = true;
		thread_wake(w->t);
		woken++;
	}
	spin_unlock_irqrestore(&buckets[b].lock, flags);
	return woken;
}
EXPORT_SYMBOL(futex_wake);
