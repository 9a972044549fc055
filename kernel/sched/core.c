/*
 * The scheduler core: threads, per-CPU run queues, switching, preemption,
 * sleeping, load balancing and reclaiming exited threads. Which thread a
 * queue runs next is the class's business (EEVDF or round-robin, chosen in
 * Kconfig). Tickless: a queue's slice timer is armed only while more than
 * one thread is runnable on it, and an idle CPU halts. Preemption happens
 * at the end of an interrupt (sched_irq_exit) when need_resched is set;
 * another CPU is told through the reschedule IPI.
 *
 * Placement: a woken thread goes back to its last CPU when that one is
 * idle, else to an idle CPU; a CPU about to idle pulls from the busiest
 * queue; a CPU ending a slice with threads waiting pushes one (the
 * cache-coldest) to a CPU running fewer, which rotates threads when there
 * are more than CPUs.
 *
 * Locking: rq->lock (irqsave) protects a run queue and the states of its
 * threads; it is held across a switch and released by the thread switched
 * to (finish_switch), on that CPU. t->wake_lock serializes the wakers of
 * t, the only ones who move a blocked thread; balancing moves queued
 * threads holding both queues' locks (the second by trylock). all_lock
 * protects the list of threads, zombie_lock the exited detached ones.
 */
#include <loom/errno.h>
#include <loom/kstack.h>
#include <loom/module.h>
#include <loom/panic.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/fpu.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/user.h>

void switch_stack(u64 *prev_rsp, u64 next_rsp);
void thread_trampoline(void);

static const struct sched_class *const class =
	IS_ENABLED(CONFIG_SCHED_EEVDF) ? &sched_class_eevdf : &sched_class_rr;

static struct rq rqs[CONFIG_NR_CPUS];
static struct thread boot_thread;
static spinlock_t all_lock = SPINLOCK_INIT, zombie_lock = SPINLOCK_INIT;
static struct thread *all_threads, *zombies;
static u64 next_tid = 1, created, reclaimed;
static unsigned nr_threads;
static u64 idle_mask; /* CPUs (of the first 64) running their idle thread */
static bool sched_ready;

static inline struct rq *this_rq(void)
{
	return &rqs[smp_processor_id()];
}

struct thread *current_thread(void)
{
	struct thread *t;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(t) : "i"(PERCPU_CURRENT));
	return t;
}
EXPORT_SYMBOL(current_thread);

/* --- run queue ------------------------------------------------------------ */
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

/* Make CPU cpu look at its run queue (an interrupt ends in sched_irq_exit). */
static void kick_cpu(unsigned cpu)
{
	if (cpu == smp_processor_id())
		return;
	apic_send_ipi(percpu_area(cpu)->apic_id, IRQ_VECTOR_RESCHEDULE);
}

static void resched_ipi(struct pt_regs *regs, void *data)
{
	this_cpu()->resched_ipis++; /* the work is done in sched_irq_exit */
}

static void set_idle(unsigned cpu, bool idle)
{
	if (cpu >= 64)
		return;
	if (idle)
		__atomic_fetch_or(&idle_mask, 1ULL << cpu, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&idle_mask, ~(1ULL << cpu), __ATOMIC_RELAXED);
}

/* More runnable threads here than one CPU can run: wake an idle CPU, which
 * pulls one (idle_balance). Its idle bit is cleared so that it is kicked
 * once; it sets it again if it finds nothing. */
static void kick_idle_cpu(struct rq *rq)
{
	u64 m = __atomic_load_n(&idle_mask, __ATOMIC_RELAXED) & ~(1ULL << rq->cpu);

	if (rq->nr_running < 2 || !m)
		return;
	unsigned cpu = (unsigned)__builtin_ctzll(m);

	set_idle(cpu, false);
	rqs[cpu].need_resched = true;
	kick_cpu(cpu);
}

/*
 * The slice timer is lazy: programming the timer hardware is costly (under
 * QEMU every LAPIC timer write reprograms a host timer), so a pending
 * timer that fires no later than the new slice end is kept, and when it
 * fires early it only re-arms itself for the real end. It is armed on the
 * run queue's own CPU.
 */
static void slice_end(void *arg)
{
	struct rq *rq = arg;

	if (!rq->slice_end)
		return; /* nothing to preempt any more */
	if (clock_monotonic_ns() >= rq->slice_end) {
		rq->need_resched = true; /* interrupt context: sched_irq_exit switches */
		rq->slice_expired = true;
	} else
		timer_add(&rq->slice_timer, rq->slice_end);
}

/* Tickless: a slice end only while someone else waits for the CPU. */
static void arm_slice(struct rq *rq)
{
	if (rq->curr == rq->idle || rq->nr_running <= 1) {
		rq->slice_end = 0; /* a pending timer will find nothing to do */
		return;
	}
	rq->slice_end = clock_monotonic_ns() + class->slice_ns(rq, rq->curr);
	if (!timer_pending(&rq->slice_timer) || rq->slice_timer.expires > rq->slice_end)
		timer_add(&rq->slice_timer, rq->slice_end);
}

/* A slice end is set and its timer will come (a pending timer with no
 * slice end set does nothing when it fires). */
static bool slice_armed(struct rq *rq)
{
	return rq->slice_end && timer_pending(&rq->slice_timer);
}

static void enqueue(struct rq *rq, struct thread *t, bool wakeup)
{
	t->queued = true;
	t->state = THREAD_READY;
	rq->nr_running++;
	class->enqueue(rq, t, wakeup);
}

/* Where a woken thread goes: its bound CPU; else its last CPU when that is
 * idle (warm cache), else any idle CPU, else its last CPU. */
static unsigned select_cpu(struct thread *t)
{
	unsigned prev = t->cpu;
	u64 m;

	if (t->bound_cpu >= 0)
		return (unsigned)t->bound_cpu;
	if (!smp_cpu_is_online(prev) || !READ_ONCE(rqs[prev].idle))
		prev = smp_processor_id();
	if (READ_ONCE(rqs[prev].curr) == rqs[prev].idle && !READ_ONCE(rqs[prev].nr_running))
		return prev;
	m = __atomic_load_n(&idle_mask, __ATOMIC_RELAXED);
	if (m)
		return (unsigned)__builtin_ctzll(m);
	return prev;
}

/* Queue t (off every CPU) on rq, locked; returns whether rq's CPU must be
 * kicked (after the lock is dropped). */
static bool activate(struct rq *rq, struct thread *t)
{
	bool local = rq->cpu == smp_processor_id(), preempt;

	update_curr(rq);
	t->wake_switches = rq->switches;
	t->wake_pending = true;
	enqueue(rq, t, true);
	preempt = rq->curr == rq->idle || class->wakeup_preempt(rq, rq->curr, t);
	if (preempt)
		rq->need_resched = true;
	else if (local && !slice_armed(rq))
		arm_slice(rq);
	else if (!local)
		rq->need_slice = true; /* its CPU arms the slice timer */
	kick_idle_cpu(rq);
	return !local && (preempt || rq->need_slice);
}

bool thread_wake(struct thread *t)
{
	u64 flags = spin_lock_irqsave(&t->wake_lock);
	struct rq *rq = &rqs[t->cpu];
	bool woke = false, kick = false;

	spin_lock(&rq->lock);
	if (t->state != THREAD_BLOCKED) {
		/* running, ready or dead: nothing to do */
	} else if (t->queued) {
		/* It has not switched away yet: it simply keeps running. */
		t->state = THREAD_RUNNING;
		woke = true;
	} else {
		/* Off every CPU (the switch away completed under rq->lock), and
		 * only wakers, serialized by wake_lock, move a blocked thread. */
		unsigned cpu = sched_ready ? select_cpu(t) : t->cpu;

		if (cpu != t->cpu) {
			spin_unlock(&rq->lock);
			rq = &rqs[cpu];
			spin_lock(&rq->lock);
			t->cpu = cpu;
		}
		kick = activate(rq, t);
		woke = true;
	}
	spin_unlock(&rq->lock);
	if (kick)
		kick_cpu(rq->cpu);
	spin_unlock_irqrestore(&t->wake_lock, flags);
	return woke;
}
EXPORT_SYMBOL(thread_wake);

/* Lock the run queue t is on (interrupts off, t->wake_lock held): a
 * balancer may move a queued t meanwhile, so it is re-checked once locked. */
static struct rq *lock_thread_rq(struct thread *t)
{
	for (;;) {
		struct rq *rq = &rqs[READ_ONCE(t->cpu)];

		spin_lock(&rq->lock);
		if (rq->cpu == t->cpu)
			return rq;
		spin_unlock(&rq->lock);
	}
}

/* --- load balancing -------------------------------------------------------- */
/*
 * Move one queued thread from src to dst, both locked: its lag goes with
 * it (EEVDF keeps vlag across dequeue/enqueue).
 */
static struct thread *migrate_one(struct rq *src, struct rq *dst)
{
	struct thread *t = class->steal(src);

	if (!t)
		return NULL;
	class->dequeue(src, t, false);
	src->nr_running--;
	if (t->wake_pending)
		t->wake_switches = dst->switches; /* counted on its new CPU */
	t->queued = false;
	t->cpu = dst->cpu;
	t->migrated = true; /* not moved again before it has run here */
	update_curr(dst);
	enqueue(dst, t, false);
	dst->migrations++;
	return t;
}

/* Lock other while holding rq: a trylock, since the order of two run
 * queues' locks is not fixed. */
static bool lock_other(struct rq *other)
{
	return spin_trylock(&other->lock);
}

/* rq (locked) is about to idle: pull a thread from the busiest queue. */
static void idle_balance(struct rq *rq)
{
	struct rq *busiest = NULL;

	for (unsigned c = 0; c < CONFIG_NR_CPUS; c++) {
		struct rq *o = &rqs[c];

		if (o == rq || !o->idle || READ_ONCE(o->nr_running) < 2)
			continue;
		if (!busiest || o->nr_running > busiest->nr_running)
			busiest = o;
	}
	if (!busiest || !lock_other(busiest))
		return;
	if (busiest->nr_running >= 2)
		migrate_one(busiest, rq);
	spin_unlock(&busiest->lock);
}

/*
 * At the end of a slice on a queue with waiting threads: push the
 * cache-coldest waiting one to a CPU running fewer threads (even one
 * fewer). With more threads than CPUs this rotates threads among the CPUs,
 * at most one move per slice, so that each gets an equal share over time,
 * not only the ones that happen to share a CPU.
 */
static void push_balance(struct rq *rq)
{
	struct rq *least = NULL;
	unsigned kick = ~0u;

	unsigned online = smp_cpus_online();

	if (rq->nr_running < 2 || online < 2)
		return;
	/* Start the scan at a different CPU each time, so that ties among
	 * the least loaded go round instead of to the same CPU. */
	for (unsigned k = 1, start = (unsigned)(rq->switches % online); k <= CONFIG_NR_CPUS; k++) {
		struct rq *o = &rqs[(start + k) % CONFIG_NR_CPUS];

		if (o == rq || !o->idle || READ_ONCE(o->nr_running) >= rq->nr_running)
			continue;
		if (!least || o->nr_running < least->nr_running)
			least = o;
	}
	if (!least || !lock_other(least))
		return;
	if (least->nr_running < rq->nr_running && migrate_one(rq, least)) {
		least->need_resched = true;
		kick = least->cpu;
	}
	spin_unlock(&least->lock);
	if (kick != ~0u)
		kick_cpu(kick);
}

/* --- switching -------------------------------------------------------------- */
static void reap(void);

/* FPU state leaves with its thread: saved whenever the thread had the
 * registers, so that it may run next on any CPU. */
static void fpu_leave(struct thread *prev)
{
	fpu_save_if_owner(prev);
}

/* In the thread switched to, with its CPU's rq->lock held: complete the
 * switch. */
static void finish_switch(struct rq *rq, struct thread *prev)
{
	if (IS_ENABLED(CONFIG_DEBUG_SPINLOCK))
		spin_debug_handoff(&rq->lock); /* taken by prev, released by us */
	prev->last_ran_ns = rq->clock_ns;
	prev->on_cpu = false;
	if (prev->state == THREAD_DEAD && prev->detached) {
		spin_lock(&zombie_lock);
		prev->zombie_next = zombies; /* its stack is free now: reclaim later */
		zombies = prev;
		spin_unlock(&zombie_lock);
	}
}

/*
 * Pick and switch to the next thread. preempt: the current thread is being
 * preempted (end of an interrupt), so it stays runnable even if it had
 * marked itself blocked on the way to a wait: the wait loops re-check.
 */
static void __schedule(bool preempt)
{
	if (IS_ENABLED(CONFIG_DEBUG_SPINLOCK) && !preempt)
		spin_debug_check_sleep(preempt_count());
	u64 flags = local_irq_save();
	struct rq *rq = this_rq();
	struct thread *prev, *next;

	spin_lock(&rq->lock);
	prev = rq->curr;
	update_curr(rq);
	bool expired = rq->slice_expired;

	rq->need_resched = false;
	rq->slice_expired = false;
	if (prev != rq->idle) {
		if (prev->state == THREAD_RUNNING || (preempt && prev->state == THREAD_BLOCKED)) {
			prev->state = THREAD_READY;
			class->put_prev(rq, prev);
			if (preempt && expired)
				push_balance(rq);
		} else if (prev->queued) { /* blocked or dead */
			class->dequeue(rq, prev, true);
			prev->queued = false;
			rq->nr_running--;
		}
	}
	next = class->pick_next(rq);
	if (!next && sched_ready) {
		idle_balance(rq);
		next = class->pick_next(rq);
	}
	if (!next)
		next = rq->idle;
	set_idle(rq->cpu, next == rq->idle);
	next->state = THREAD_RUNNING;
	next->migrated = false;
	next->run_start_ns = rq->clock_ns;
	rq->curr = next;
	arm_slice(rq);
	if (next != prev) {
		rq->switches++;
		if (next->wake_pending) {
			next->wake_pending = false;
			next->wake_to_run = rq->switches - next->wake_switches;
		}
		if (next->on_cpu)
			panic("sched: cpu %u picked %s, still running on cpu %u", rq->cpu,
			      next->name, next->cpu);
		next->on_cpu = true;
		fpu_leave(prev);
		fpu_switch(next);
		this_cpu()->current = next;
		user_switch_to(next);
		rq->prev_switched = prev;
		switch_stack(&prev->rsp, next->rsp);
		/* Running as prev again, maybe on another CPU: complete the
		 * switch that got us here, under that CPU's run queue lock. */
		rq = this_rq();
		finish_switch(rq, rq->prev_switched);
	} else {
		kick_idle_cpu(rq);
	}
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
	/* Freeing a stack needs the other CPUs (a TLB shootdown): only from
	 * a thread that runs with interrupts on. */
	if (READ_ONCE(zombies) && (flags & (1u << 9))) /* IF */
		reap();
}

void schedule(void)
{
	__schedule(false);
}
EXPORT_SYMBOL(schedule);

void sched_irq_exit(void)
{
	struct rq *rq;

	if (!sched_ready || preempt_count() != 0)
		return;
	rq = this_rq();
	if (!rq->curr)
		return;
	if (rq->need_slice) {
		spin_lock(&rq->lock);
		rq->need_slice = false;
		if (!slice_armed(rq))
			arm_slice(rq);
		spin_unlock(&rq->lock);
	}
	if (rq->need_resched)
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
	struct rq *rq = this_rq();
	struct thread *t = rq->curr;

	finish_switch(rq, rq->prev_switched);
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
	spin_unlock_irqrestore(&all_lock, flags);
	fpu_release(t);
	fpu_state_free(t->fpu);
	kstack_free(t->kstack_top);
	kfree(t);
	/* counted only once its memory is back: whoever sees the count
	 * drop (a leak check on another CPU) sees the memory freed too */
	flags = spin_lock_irqsave(&all_lock);
	nr_threads--;
	reclaimed++;
	spin_unlock_irqrestore(&all_lock, flags);
}

static void reap(void)
{
	u64 flags = spin_lock_irqsave(&zombie_lock);
	struct thread *list = zombies;

	zombies = NULL;
	spin_unlock_irqrestore(&zombie_lock, flags);
	while (list) {
		struct thread *t = list;

		list = t->zombie_next;
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
	t->bound_cpu = -1;
	t->fpu_cpu = -1;
	t->cpu = smp_processor_id();
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

	if (t == &boot_thread || t == this_rq()->idle)
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
	u64 flags = spin_lock_irqsave(&t->wake_lock);
	/* Its run queue's lock orders this with finish_switch, which queues
	 * detached dead threads itself (a dead thread moves no more). */
	struct rq *rq = lock_thread_rq(t);

	t->detached = true;
	if (t->state == THREAD_DEAD && !t->on_cpu) {
		spin_lock(&zombie_lock);
		t->zombie_next = zombies;
		zombies = t;
		spin_unlock(&zombie_lock);
	}
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&t->wake_lock, flags);
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

	struct rq *rq;

	if (nice < NICE_MIN || nice > NICE_MAX)
		return -EINVAL;
	/* wake_lock keeps t from moving (waking or being woken elsewhere);
	 * a balancer moves only queued threads, under this same rq lock. */
	flags = spin_lock_irqsave(&t->wake_lock);
	rq = lock_thread_rq(t);
	update_curr(rq);
	if (t->queued && t != rq->curr)
		class->dequeue(rq, t, false);
	t->nice = nice;
	class->set_nice(t, nice);
	if (t->queued && t != rq->curr)
		class->enqueue(rq, t, false);
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&t->wake_lock, flags);
	return 0;
}
EXPORT_SYMBOL(thread_set_nice);

/* --- idle and start-up --------------------------------------------------------- */
static __noreturn void idle_loop(void)
{
	for (;;) {
		struct rq *rq;

		if (READ_ONCE(zombies)) {
			irq_enable(); /* freeing a stack may shoot it down */
			reap();
		}
		irq_disable();
		rq = this_rq();
		if (!rq->need_resched && !rq->need_slice)
			irq_wait(); /* sti; hlt: no wake-up is lost */
		else
			irq_enable();
		schedule();
	}
}

static void idle_entry(void *arg)
{
	idle_loop();
}

/* Set up CPU cpu's run queue with idle as its idle thread and curr. */
static void rq_init(struct rq *rq, unsigned cpu, struct thread *idle)
{
	rq->cpu = cpu;
	timer_setup(&rq->slice_timer, slice_end, rq);
	idle->state = THREAD_READY;
	idle->cpu = cpu;
	idle->bound_cpu = (int)cpu;
	rq->clock_ns = clock_monotonic_ns();
	rq->idle = idle;
	percpu_area(cpu)->rq = rq;
}

void sched_init(void)
{
	struct rq *rq = &rqs[0];
	struct thread *idle;
	int err;

	fpu_init();
	strlcpy(boot_thread.name, "main", sizeof(boot_thread.name));
	boot_thread.on_cpu = true;
	boot_thread.fpu = fpu_state_alloc();
	boot_thread.bound_cpu = -1;
	boot_thread.fpu_cpu = -1;
	class->set_nice(&boot_thread, 0);
	wait_queue_init(&boot_thread.exit_wq);
	all_threads = &boot_thread;
	nr_threads = 1;
	/* The idle thread is never queued: it runs when no one else can. */
	idle = thread_alloc("idle0", idle_entry, NULL, NICE_MAX);
	if (!idle || !boot_thread.fpu)
		panic("sched: no memory for the first threads");
	rq_init(rq, 0, idle);
	err = irq_register(IRQ_VECTOR_RESCHEDULE, resched_ipi, NULL);
	if (err)
		panic("sched: reschedule vector taken (%d)", err);
	/* The caller becomes the running thread "main". */
	spin_lock(&rq->lock);
	enqueue(rq, &boot_thread, false);
	rq->curr = class->pick_next(rq);
	rq->curr->state = THREAD_RUNNING;
	this_cpu()->current = rq->curr;
	if (IS_ENABLED(CONFIG_DEBUG_SPINLOCK))
		spin_debug_handoff(&rq->lock); /* boot context -> main */
	spin_unlock(&rq->lock);
	if (rq->curr != &boot_thread)
		panic("sched: %s picked something else than main", class->name);
	__atomic_store_n(&sched_ready, true, __ATOMIC_RELEASE);
	pr_info("sched: %s scheduler, per-CPU run queues, tickless, lazy FPU", class->name);
	irq_enable();
	/* CPUs that came online before the scheduler idle until told. */
	for (unsigned c = 1; c < CONFIG_NR_CPUS; c++)
		if (smp_cpu_is_online(c))
			kick_cpu(c);
}

bool sched_is_ready(void)
{
	return __atomic_load_n(&sched_ready, __ATOMIC_ACQUIRE);
}

/*
 * An application processor joins (from its idle loop, interrupts off, once
 * sched_is_ready()): its boot context becomes its idle thread, on the
 * stack it runs on, and it schedules from then on.
 */
__noreturn void sched_enter_cpu(void)
{
	unsigned cpu = smp_processor_id();
	struct rq *rq = &rqs[cpu];
	struct thread *idle = kzalloc(sizeof(*idle));
	u64 flags;

	if (!idle) {
		pr_err("sched: cpu %u: no memory for its idle thread: it stays out", cpu);
		for (;;)
			irq_wait();
	}
	snprintf(idle->name, sizeof(idle->name), "idle%u", cpu);
	idle->fpu_cpu = -1;
	idle->on_cpu = true;
	idle->kstack_top = this_cpu()->stack_top;
	wait_queue_init(&idle->exit_wq);
	flags = spin_lock_irqsave(&all_lock);
	idle->tid = next_tid++;
	idle->all_next = all_threads;
	all_threads = idle;
	nr_threads++;
	spin_unlock_irqrestore(&all_lock, flags);
	rq_init(rq, cpu, idle);
	spin_lock(&rq->lock);
	rq->curr = idle;
	idle->state = THREAD_RUNNING;
	this_cpu()->current = idle;
	set_idle(cpu, true);
	spin_unlock(&rq->lock);
	clockevent_resume_cpu();
	pr_info("sched: cpu %u schedules", cpu);
	idle_loop();
}

void sched_get_stats(struct sched_stats *st)
{
	*st = (struct sched_stats){ .class_name = class->name };
	for (unsigned c = 0; c < CONFIG_NR_CPUS; c++) {
		struct rq *rq = &rqs[c];
		u64 flags;

		if (!rq->idle)
			continue;
		flags = spin_lock_irqsave(&rq->lock);
		st->switches += rq->switches;
		st->migrations += rq->migrations;
		st->nr_running += rq->nr_running;
		spin_unlock_irqrestore(&rq->lock, flags);
	}
	u64 flags = spin_lock_irqsave(&all_lock);

	st->threads_created = created;
	st->threads_reclaimed = reclaimed;
	st->nr_threads = nr_threads;
	spin_unlock_irqrestore(&all_lock, flags);
}

u64 thread_cpu_ns(struct thread *t)
{
	u64 flags = spin_lock_irqsave(&t->wake_lock), ns;
	struct rq *rq;

	rq = lock_thread_rq(t);
	if (rq->curr == t)
		update_curr(rq);
	ns = t->cpu_ns;
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&t->wake_lock, flags);
	return ns;
}
EXPORT_SYMBOL(thread_cpu_ns);

int thread_bind(struct thread *t, unsigned cpu)
{
	if (cpu >= CONFIG_NR_CPUS || !smp_cpu_is_online(cpu) || !rqs[cpu].idle)
		return -EINVAL;
	if (t->state != THREAD_BLOCKED || t->queued)
		return -EBUSY; /* only before its first wake-up */
	t->bound_cpu = (int)cpu;
	t->cpu = cpu;
	return 0;
}
EXPORT_SYMBOL(thread_bind);

struct thread *thread_create_on(const char *name, void (*fn)(void *), void *arg, int nice,
				unsigned cpu)
{
	struct thread *t = thread_alloc(name, fn, arg, nice);

	if (!t)
		return NULL;
	if (thread_bind(t, cpu)) {
		free_thread(t);
		return NULL;
	}
	thread_wake(t);
	return t;
}
EXPORT_SYMBOL(thread_create_on);
