/*
 * The clock event device and the timer queue: pending timers in one list
 * sorted by deadline, the device always programmed for the head. A timer
 * runs only once clock_monotonic_ns() has reached its deadline; an
 * interrupt that comes early just re-arms. Locking: timer_lock (irqsave)
 * guards the list and the device; it is dropped while a callback runs.
 * One queue for the whole kernel until there are per-CPU queues (SMP).
 */
#include <loom/module.h>
#include <loom/spinlock.h>
#include <loom/time.h>
#include <uapi/loom/errno.h>

static const struct clock_event_ops *event_dev;
static struct timer *queue;
static struct timer_stats stats;
static spinlock_t timer_lock = SPINLOCK_INIT;

/* Program the device for the head of the queue. Caller holds timer_lock. */
static void program_head(void)
{
	if (!event_dev)
		return;
	if (queue)
		event_dev->program_ns(queue->expires);
	else
		event_dev->stop();
}

int clockevent_register(const struct clock_event_ops *ops)
{
	u64 flags;

	if (!ops || !ops->program_ns || !ops->stop)
		return -EINVAL;
	flags = spin_lock_irqsave(&timer_lock);
	if (event_dev)
		event_dev->stop();
	event_dev = ops;
	program_head();
	spin_unlock_irqrestore(&timer_lock, flags);
	return 0;
}

const struct clock_event_ops *clockevent_current(void)
{
	return READ_ONCE(event_dev);
}

static void unlink(struct timer *t)
{
	for (struct timer **pp = &queue; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->next = NULL;
	t->pending = false;
}

void timer_setup(struct timer *t, void (*fn)(void *arg), void *arg)
{
	*t = (struct timer){ .fn = fn, .arg = arg };
}
EXPORT_SYMBOL(timer_setup);

int timer_add(struct timer *t, u64 deadline_ns)
{
	struct timer **pp;
	u64 flags;

	if (!READ_ONCE(event_dev))
		return -ENODEV;
	flags = spin_lock_irqsave(&timer_lock);
	if (t->pending)
		unlink(t);
	t->expires = deadline_ns;
	for (pp = &queue; *pp && (*pp)->expires <= deadline_ns; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->pending = true;
	if (queue == t)
		program_head();
	spin_unlock_irqrestore(&timer_lock, flags);
	return 0;
}
EXPORT_SYMBOL(timer_add);

bool timer_cancel(struct timer *t)
{
	u64 flags = spin_lock_irqsave(&timer_lock);
	bool was = t->pending;

	if (was) {
		bool head = queue == t;

		unlink(t);
		if (head)
			program_head();
	}
	spin_unlock_irqrestore(&timer_lock, flags);
	return was;
}
EXPORT_SYMBOL(timer_cancel);

bool timer_pending(const struct timer *t)
{
	return READ_ONCE(t->pending);
}
EXPORT_SYMBOL(timer_pending);

void clockevent_interrupt(void)
{
	u64 flags = spin_lock_irqsave(&timer_lock);
	u64 ran = 0;

	stats.interrupts++;
	while (queue && queue->expires <= clock_monotonic_ns()) {
		struct timer *t = queue;

		queue = t->next;
		t->next = NULL;
		t->pending = false;
		ran++;
		spin_unlock_irqrestore(&timer_lock, flags);
		t->fn(t->arg);
		flags = spin_lock_irqsave(&timer_lock);
	}
	stats.expired += ran;
	stats.early += !ran;
	program_head();
	spin_unlock_irqrestore(&timer_lock, flags);
}

void timer_get_stats(struct timer_stats *s)
{
	u64 flags = spin_lock_irqsave(&timer_lock);

	*s = stats;
	spin_unlock_irqrestore(&timer_lock, flags);
}
