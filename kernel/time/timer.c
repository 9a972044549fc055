/*
 * The clock event device and the timer queue: pending timers in one list
 * sorted by deadline, the device always programmed for the head. A timer
 * runs only once clock_monotonic_ns() has reached its deadline; an
 * interrupt that comes early just re-arms. One queue per CPU: a timer fires
 * on the CPU that added it. Locking: each queue's lock (interrupts off)
 * guards it and its CPU's device; it is dropped while a callback runs.
 */
#include <loom/module.h>
#include <loom/spinlock.h>
#include <loom/time.h>
#include <uapi/loom/errno.h>
#include <asm/cpu.h>
#include <asm/irq.h>

static const struct clock_event_ops *event_dev;

/* One queue per CPU: a timer fires on the CPU that added it, whose local
 * timer is programmed for that queue's head. */
struct timer_base {
	spinlock_t lock;
	struct timer *queue;
	struct timer_stats stats;
} __aligned(64);

static struct timer_base bases[CONFIG_NR_CPUS];

static struct timer_base *this_base(void)
{
	return &bases[smp_processor_id()];
}

/* Program this CPU's device for the head of its queue. Caller holds the
 * base's lock, on its CPU. */
static void program_head(struct timer_base *b)
{
	if (!event_dev)
		return;
	if (b->queue)
		event_dev->program_ns(b->queue->expires);
	else
		event_dev->stop();
}

int clockevent_register(const struct clock_event_ops *ops)
{
	struct timer_base *b;
	u64 flags;

	if (!ops || !ops->program_ns || !ops->stop)
		return -EINVAL;
	flags = local_irq_save();
	b = this_base();
	spin_lock(&b->lock);
	if (event_dev)
		event_dev->stop();
	event_dev = ops;
	program_head(b);
	spin_unlock(&b->lock);
	local_irq_restore(flags);
	return 0;
}

const struct clock_event_ops *clockevent_current(void)
{
	return READ_ONCE(event_dev);
}

/* Take t off its queue; caller holds b->lock (t->base == b). */
static void unlink(struct timer_base *b, struct timer *t)
{
	for (struct timer **pp = &b->queue; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->next = NULL;
	t->pending = false;
}

/*
 * Lock the base t is pending on (NULL when it is not pending); interrupts
 * are off. A pending timer's base changes only under its lock, so the base
 * is re-checked once locked.
 */
static struct timer_base *lock_timer_base(struct timer *t)
{
	for (;;) {
		struct timer_base *b = READ_ONCE(t->base);

		if (!b || !READ_ONCE(t->pending))
			return NULL;
		spin_lock(&b->lock);
		if (t->base == b && t->pending)
			return b;
		spin_unlock(&b->lock);
	}
}

/* Cancel t if pending; a remote CPU whose head it was fires early once and
 * re-arms: harmless. Returns whether it was pending. Interrupts stay off. */
static bool detach(struct timer *t)
{
	struct timer_base *b = lock_timer_base(t);

	if (!b)
		return false;
	bool head = b->queue == t;

	unlink(b, t);
	if (head && b == this_base())
		program_head(b);
	spin_unlock(&b->lock);
	return true;
}

void timer_setup(struct timer *t, void (*fn)(void *arg), void *arg)
{
	*t = (struct timer){ .fn = fn, .arg = arg };
}
EXPORT_SYMBOL(timer_setup);

int timer_add(struct timer *t, u64 deadline_ns)
{
	struct timer_base *b;
	struct timer **pp;
	u64 flags;

	if (!READ_ONCE(event_dev))
		return -ENODEV;
	flags = local_irq_save();
	detach(t);
	b = this_base();
	spin_lock(&b->lock);
	t->expires = deadline_ns;
	for (pp = &b->queue; *pp && (*pp)->expires <= deadline_ns; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->base = b;
	t->pending = true;
	if (b->queue == t)
		program_head(b);
	spin_unlock(&b->lock);
	local_irq_restore(flags);
	return 0;
}
EXPORT_SYMBOL(timer_add);

bool timer_cancel(struct timer *t)
{
	u64 flags = local_irq_save();
	bool was = detach(t);

	local_irq_restore(flags);
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
	struct timer_base *b = this_base();
	u64 flags = spin_lock_irqsave(&b->lock);
	u64 ran = 0;

	b->stats.interrupts++;
	while (b->queue && b->queue->expires <= clock_monotonic_ns()) {
		struct timer *t = b->queue;

		b->queue = t->next;
		t->next = NULL;
		t->pending = false;
		ran++;
		spin_unlock_irqrestore(&b->lock, flags);
		t->fn(t->arg);
		flags = spin_lock_irqsave(&b->lock);
	}
	b->stats.expired += ran;
	b->stats.early += !ran;
	program_head(b);
	spin_unlock_irqrestore(&b->lock, flags);
}

/* Set this CPU's device up and arm it for its queue (a CPU joining). */
void clockevent_resume_cpu(void)
{
	struct timer_base *b = this_base();
	u64 flags = spin_lock_irqsave(&b->lock);

	if (event_dev && event_dev->cpu_init)
		event_dev->cpu_init();
	program_head(b);
	spin_unlock_irqrestore(&b->lock, flags);
}
EXPORT_SYMBOL(clockevent_resume_cpu);

void timer_get_stats(struct timer_stats *s)
{
	*s = (struct timer_stats){ 0 };
	for (unsigned i = 0; i < CONFIG_NR_CPUS; i++) {
		struct timer_base *b = &bases[i];
		u64 flags = spin_lock_irqsave(&b->lock);

		s->interrupts += b->stats.interrupts;
		s->early += b->stats.early;
		s->expired += b->stats.expired;
		spin_unlock_irqrestore(&b->lock, flags);
	}
}
