/*
 * The scheduler core: threads, the run queue, switching, preemption,
 * sleeping and reclaiming exited threads. Which thread runs next is the
 * class's business (EEVDF or round-robin, chosen in Kconfig). Tickless:
 * the slice timer is armed only while more than one thread is runnable,
 * and the idle thread halts. Preemption happens at the end of an
 * interrupt (sched_irq_exit) when need_resched is set.
 *
 * Locking: rq->lock (irqsave) protects the run queue and thread states; it
 * is held across a switch and released by the thread switched to
 * (finish_switch). all_lock protects the list of threads.
 */
#include <loom/errno.h>
#include <loom/kstack.h>
#include <loom/module.h>
#include <loom/panic.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <asm/fpu.h>
#include <asm/irq.h>

void switch_stack(u64 *prev_rsp, u64 next_rsp);
void thread_trampoline(void);

static const struct sched_class *const class =
	IS_ENABLED(CONFIG_SCHED_EEVDF) ? &sched_class_eevdf : &sched_class_rr;

static struct rq rq0; /* one per CPU once SMP exists */
static struct thread boot_thread, *idle;
static volatile bool need_resched;
static struct timer slice_timer;
static spinlock_t all_lock = SPINLOCK_INIT;
static struct thread *all_threads, *zombies;
static u64 next_tid = 1, switches, created, reclaimed;
static unsigned nr_threads;

struct thread *current_thread(void)
{
	return rq0.curr;
}
EXPORT_SYMBOL(current_thread);

/* --- run queue ------------------------------------------------------------ */
u32 __preempt_count;
EXPORT_SYMBOL(__preempt_count);

static void update_curr(struct rq *rq)
{
	u64 now = clock_monotonic_ns(), d = now - rq->clock_ns;
	struct thread *c = rq->curr;

	rq->clock_ns = now;
	if (c && c != rq->idle) {
		c->cpu_ns += d;
		class->update_curr(rq, c, d);
	}
}

/*
 * The slice timer is lazy: programming the timer hardware is costly (under
 * QEMU every LAPIC timer write reprograms a host timer), so a pending
 * timer that fires no later than the new slice end is kept, and when it
 * fires early it only re-arms itself for the real end.
 */
static void slice_end(void *arg)
{
	struct rq *rq = arg;

	if (!rq->slice_end)
		return; /* nothing to preempt any more */
	if (clock_monotonic_ns() >= rq->slice_end)
		need_resched = true; /* interrupt context: sched_irq_exit switches */
	else
		timer_add(&slice_timer, rq->slice_end);
}

/* Tickless: a slice end only while someone else waits for the CPU. */
static void arm_slice(struct rq *rq)
{
	if (rq->curr == rq->idle || rq->nr_running <= 1) {
		rq->slice_end = 0; /* a pending timer will find nothing to do */
		return;
	}
	rq->slice_end = clock_monotonic_ns() + class->slice_ns(rq, rq->curr);
	if (!timer_pending(&slice_timer) || slice_timer.expires > rq->slice_end)
		timer_add(&slice_timer, rq->slice_end);
}

static void enqueue(struct rq *rq, struct thread *t, bool wakeup)
{
	t->queued = true;
	t->state = THREAD_READY;
	rq->nr_running++;
	class->enqueue(rq, t, wakeup);
}

/* Make t runnable. Caller holds rq->lock. */
static bool wake_locked(struct rq *rq, struct thread *t)
{
	if (t->state != THREAD_BLOCKED)
		return false;
	if (t->queued) {
		/* It has not switched away yet: it simply keeps running. */
		t->state = THREAD_RUNNING;
		return true;
	}
	update_curr(rq);
	t->wake_switches = switches;
	t->wake_pending = true;
	enqueue(rq, t, true);
	if (rq->curr == rq->idle || class->wakeup_preempt(rq, rq->curr, t))
		need_resched = true;
	else if (!timer_pending(&slice_timer))
		arm_slice(rq);
	return true;
}

bool thread_wake(struct thread *t)
{
	u64 flags = spin_lock_irqsave(&rq0.lock);
	bool woke = wake_locked(&rq0, t);

	spin_unlock_irqrestore(&rq0.lock, flags);
	return woke;
}
EXPORT_SYMBOL(thread_wake);

/* --- switching -------------------------------------------------------------- */
static void reap(void);

/* In the thread switched to, with rq->lock held: complete the switch. */
static void finish_switch(struct thread *prev)
{
	if (IS_ENABLED(CONFIG_DEBUG_SPINLOCK))
		spin_debug_handoff(&rq0.lock); /* taken by prev, released by us */
	prev->on_cpu = false;
	if (prev->state == THREAD_DEAD && prev->detached) {
		prev->all_next = zombies; /* its stack is free now: reclaim later */
		zombies = prev;
	}
}

/*
 * Pick and switch to the next thread. preempt: the current thread is being
 * preempted (end of an interrupt), so it stays runnable even if it had
 * marked itself blocked on the way to a wait: the wait loops re-check.
 */

static void __schedule(bool preempt)
{
	struct rq *rq = &rq0;

	if (IS_ENABLED(CONFIG_DEBUG_SPINLOCK) && !preempt)
		spin_debug_check_sleep(preempt_count());
	u64 flags = spin_lock_irqsave(&rq->lock);
	struct thread *prev = rq->curr, *next;

	update_curr(rq);
	need_resched = false;
	if (prev != rq->idle) {
		if (prev->state == THREAD_RUNNING || (preempt && prev->state == THREAD_BLOCKED)) {
			prev->state = THREAD_READY;
			class->put_prev(rq, prev);
		} else if (prev->queued) { /* blocked or dead */
			class->dequeue(rq, prev, true);
			prev->queued = false;
			rq->nr_running--;
		}
	}
	next = class->pick_next(rq);
	if (!next)
		next = rq->idle;
	next->state = THREAD_RUNNING;
	next->run_start_ns = rq->clock_ns;
	rq->curr = next;
	arm_slice(rq);
	if (next != prev) {
		switches++;
		if (next->wake_pending) {
			next->wake_pending = false;
			next->wake_to_run = switches - next->wake_switches;
		}
		next->on_cpu = true;
		fpu_switch(next);
		rq->prev_switched = prev;
		switch_stack(&prev->rsp, next->rsp);
		/* Running as prev again: complete the switch that got us here. */
		finish_switch(rq->prev_switched);
	}
	spin_unlock_irqrestore(&rq->lock, flags);
	if (zombies)
		reap();
}

void schedule(void)
{
	__schedule(false);
}
EXPORT_SYMBOL(schedule);

void sched_irq_exit(void)
{
	if (need_resched && rq0.curr && preempt_count() == 0)
		__schedule(true);
}

void yield(void)
{
	schedule();
}
EXPORT_SYMBOL(yield);

/* --- sleeping ---------------------------------------------------------------- */
static void timer_wake(void *arg)
{
	thread_wake(arg);
}

int schedule_timeout(u64 ns)
{
	struct thread *t = current_thread();
	int r;

	timer_setup(&t->timer, timer_wake, t);
	if (timer_add(&t->timer, clock_monotonic_ns() + ns)) {
		/* No clock event device: nothing would wake us. Give the CPU
		 * away once and let the caller's loop check the time again. */
		t->state = THREAD_RUNNING;
		schedule();
		return -ETIMEDOUT;
	}
	schedule();
	r = timer_cancel(&t->timer) ? 0 : -ETIMEDOUT;
	return r;
}
EXPORT_SYMBOL(schedule_timeout);

void sleep_ns(u64 ns)
{
	u64 end = clock_monotonic_ns() + ns;

	for (u64 now; (now = clock_monotonic_ns()) < end;) {
		current_thread()->state = THREAD_BLOCKED;
		schedule_timeout(end - now);
	}
}
EXPORT_SYMBOL(sleep_ns);

/* --- threads ------------------------------------------------------------------ */
void thread_start(void)
{
	struct rq *rq = &rq0;
	struct thread *t = rq->curr;

	finish_switch(rq->prev_switched);
	spin_unlock(&rq->lock);
	irq_enable();
	t->entry(t->arg);
	thread_exit(0);
}

static void free_thread(struct thread *t)
{
	u64 flags = spin_lock_irqsave(&all_lock);

	for (struct thread **pp = &all_threads; *pp; pp = &(*pp)->all_next) {
		if (*pp == t) {
			*pp = t->all_next;
			break;
		}
	}
	nr_threads--;
	reclaimed++;
	spin_unlock_irqrestore(&all_lock, flags);
	fpu_release(t);
	fpu_state_free(t->fpu);
	kstack_free(t->kstack_top);
	kfree(t);
}

static void reap(void)
{
	u64 flags = spin_lock_irqsave(&rq0.lock);
	struct thread *list = zombies;

	zombies = NULL;
	spin_unlock_irqrestore(&rq0.lock, flags);
	while (list) {
		struct thread *t = list;

		list = t->all_next;
		free_thread(t);
	}
}

static struct thread *thread_alloc(const char *name, void (*fn)(void *), void *arg, int nice)
{
	struct thread *t = kzalloc(sizeof(*t));
	u64 *sp, flags;

	if (!t)
		return NULL;
	t->kstack_top = kstack_alloc();
	t->fpu = fpu_state_alloc();
	if (!t->kstack_top || !t->fpu) {
		if (t->kstack_top)
			kstack_free(t->kstack_top);
		fpu_state_free(t->fpu);
		kfree(t);
		return NULL;
	}
	strlcpy(t->name, name, sizeof(t->name));
	t->entry = fn;
	t->arg = arg;
	t->nice = nice < NICE_MIN ? NICE_MIN : nice > NICE_MAX ? NICE_MAX : nice;
	class->set_nice(t, t->nice);
	wait_queue_init(&t->exit_wq);
	t->state = THREAD_BLOCKED;
	/* The first switch_stack to t pops six registers and returns into
	 * thread_trampoline, with rsp % 16 == 8 as after a call. */
	sp = (u64 *)(uintptr_t)t->kstack_top;
	*--sp = 0;
	*--sp = (u64)(uintptr_t)thread_trampoline;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->rsp = (u64)(uintptr_t)sp;

	flags = spin_lock_irqsave(&all_lock);
	t->tid = next_tid++;
	t->all_next = all_threads;
	all_threads = t;
	nr_threads++;
	created++;
	spin_unlock_irqrestore(&all_lock, flags);
	return t;
}

struct thread *thread_create(const char *name, void (*fn)(void *), void *arg, int nice)
{
	struct thread *t = thread_alloc(name, fn, arg, nice);

	if (t)
		thread_wake(t);
	return t;
}
EXPORT_SYMBOL(thread_create);

void thread_exit(int code)
{
	struct thread *t = current_thread();

	if (t == &boot_thread || t == idle)
		panic("thread_exit: %s cannot exit", t->name);
	t->exit_code = code;
	irq_disable();
	t->state = THREAD_DEAD;
	wake_up_all(&t->exit_wq);
	schedule();
	panic("thread_exit: a dead thread ran again");
}
EXPORT_SYMBOL(thread_exit);

int thread_join(struct thread *t)
{
	int code;

	wait_event(&t->exit_wq, t->state == THREAD_DEAD);
	while (READ_ONCE(t->on_cpu))
		yield(); /* SMP: it may still be switching away on its CPU */
	code = t->exit_code;
	free_thread(t);
	return code;
}
EXPORT_SYMBOL(thread_join);

void thread_detach(struct thread *t)
{
	u64 flags = spin_lock_irqsave(&rq0.lock);

	t->detached = true;
	if (t->state == THREAD_DEAD && !t->on_cpu) {
		t->all_next = zombies;
		zombies = t;
	}
	spin_unlock_irqrestore(&rq0.lock, flags);
}
EXPORT_SYMBOL(thread_detach);

int thread_spawn_detached(const char *name, void (*fn)(void *), void *arg, int nice)
{
	struct thread *t = thread_create(name, fn, arg, nice);

	if (!t)
		return -ENOMEM;
	thread_detach(t);
	return 0;
}
EXPORT_SYMBOL(thread_spawn_detached);

int thread_set_nice(struct thread *t, int nice)
{
	u64 flags;

	if (nice < NICE_MIN || nice > NICE_MAX)
		return -EINVAL;
	flags = spin_lock_irqsave(&rq0.lock);
	update_curr(&rq0);
	if (t->queued && t != rq0.curr)
		class->dequeue(&rq0, t, false);
	t->nice = nice;
	class->set_nice(t, nice);
	if (t->queued && t != rq0.curr)
		class->enqueue(&rq0, t, false);
	spin_unlock_irqrestore(&rq0.lock, flags);
	return 0;
}
EXPORT_SYMBOL(thread_set_nice);

/* --- idle and start-up --------------------------------------------------------- */
static void idle_loop(void *arg)
{
	for (;;) {
		irq_disable();
		if (!need_resched)
			irq_wait(); /* sti; hlt: no wake-up is lost */
		else
			irq_enable();
		schedule();
	}
}

void sched_init(void)
{
	struct rq *rq = &rq0;

	fpu_init();
	timer_setup(&slice_timer, slice_end, rq);
	strlcpy(boot_thread.name, "main", sizeof(boot_thread.name));
	boot_thread.on_cpu = true;
	boot_thread.fpu = fpu_state_alloc();
	class->set_nice(&boot_thread, 0);
	wait_queue_init(&boot_thread.exit_wq);
	all_threads = &boot_thread;
	nr_threads = 1;
	/* The idle thread is never queued: it runs when no one else can. */
	idle = thread_alloc("idle", idle_loop, NULL, NICE_MAX);
	if (!idle || !boot_thread.fpu)
		panic("sched: no memory for the first threads");
	idle->state = THREAD_READY;
	rq->idle = idle;
	rq->clock_ns = clock_monotonic_ns();
	/* The caller becomes the running thread "main". */
	spin_lock(&rq->lock);
	enqueue(rq, &boot_thread, false);
	rq->curr = class->pick_next(rq);
	rq->curr->state = THREAD_RUNNING;
	if (IS_ENABLED(CONFIG_DEBUG_SPINLOCK))
		spin_debug_handoff(&rq->lock); /* boot context -> main */
	spin_unlock(&rq->lock);
	if (rq->curr != &boot_thread)
		panic("sched: %s picked something else than main", class->name);
	pr_info("sched: %s scheduler, tickless, lazy FPU", class->name);
	irq_enable();
}

void sched_get_stats(struct sched_stats *st)
{
	u64 flags = spin_lock_irqsave(&rq0.lock);

	st->switches = switches;
	st->threads_created = created;
	st->threads_reclaimed = reclaimed;
	st->nr_running = rq0.nr_running;
	st->nr_threads = nr_threads;
	st->class_name = class->name;
	spin_unlock_irqrestore(&rq0.lock, flags);
}
