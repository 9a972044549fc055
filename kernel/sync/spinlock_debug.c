/*
 * Spinlock debugging (CONFIG_DEBUG_SPINLOCK): recursion, unlock by a
 * thread that does not hold the lock, sleeping while holding a spinlock
 * (checked by the scheduler through spin_debug_check_sleep) and lock-order
 * inversions between two locks. Each finding is one report with both
 * sites and a backtrace; the kernel goes on. Order pairs are kept in a
 * fixed table (a full table stops recording new pairs, with one line
 * saying so, guarded by a small flag lock). Per CPU: the stack of held
 * locks (a lock is taken and released on one CPU; the run-queue lock is
 * handed from one thread to the next on the same CPU).
 */
#include <loom/ksyms.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <asm/cpu.h>
#include <loom/thread.h>

#define MAX_HELD 16
#define PAIRS	 1024

struct held {
	spinlock_t *lock;
	u64 pc;
};

static struct {
	struct held held[MAX_HELD];
	u32 nr;
} cpus[CONFIG_NR_CPUS];
static volatile u32 pairs_busy; /* the pairs table's lock: no spinlock_t here */
static struct {
	const spinlock_t *first, *second;
	u64 pc_first, pc_second;
} pairs[PAIRS];
static u32 nr_pairs;
static bool reporting, table_full;
u64 spin_debug_reports; /* read by the tests */

static const void *me(void)
{
	/* Before a CPU schedules, its per-CPU area stands for its boot
	 * context. */
	const void *t = current_thread();

	return t ? t : this_cpu();
}

static void report(const char *what, spinlock_t *l, u64 pc, u64 other_pc)
{
	char a[96], b[96];

	reporting = true;
	spin_debug_reports++;
	ksym_format(a, sizeof(a), pc);
	ksym_format(b, sizeof(b), other_pc);
	pr_err("spinlock: %s: lock %p at %s (other site %s)", what, (void *)l, a, b);
	dump_stack();
	reporting = false;
}

static int pair_index(const spinlock_t *a, const spinlock_t *b)
{
	for (u32 i = 0; i < nr_pairs; i++)
		if (pairs[i].first == a && pairs[i].second == b)
			return (int)i;
	return -1;
}

bool spin_debug_acquire(spinlock_t *l, u64 pc)
{
	if (reporting)
		return true;
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) != l->next && l->holder == me()) {
		report("recursive locking (refused, would deadlock)", l, pc, l->acquired_at);
		l->recursion++;
		return false;
	}
	u32 nr_held = cpus[smp_processor_id()].nr;
	struct held *held = cpus[smp_processor_id()].held;

	while (__atomic_exchange_n(&pairs_busy, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
	for (u32 i = 0; i < nr_held; i++) {
		spinlock_t *h = held[i].lock;
		int inv = pair_index(l, h);

		if (inv >= 0) {
			report("lock order inversion: taken after a lock it was taken before", l,
			       pc, pairs[inv].pc_second);
			continue;
		}
		if (pair_index(h, l) < 0) {
			if (nr_pairs < PAIRS)
				pairs[nr_pairs++] = (typeof(pairs[0])){ h, l, held[i].pc, pc };
			else if (!table_full) {
				table_full = true;
				pr_warn("spinlock: order table full; new pairs are not checked");
			}
		}
	}
	__atomic_store_n(&pairs_busy, 0, __ATOMIC_RELEASE);
	return true;
}
EXPORT_SYMBOL(spin_debug_acquire);

void spin_debug_acquired(spinlock_t *l, u64 pc)
{
	l->holder = me();
	l->acquired_at = pc;
	typeof(cpus[0]) *c = &cpus[smp_processor_id()];

	if (c->nr < MAX_HELD)
		c->held[c->nr++] = (struct held){ l, pc };
}
EXPORT_SYMBOL(spin_debug_acquired);

bool spin_debug_release(spinlock_t *l, u64 pc)
{
	if (l->recursion) {
		l->recursion--; /* the refused nested acquisition */
		return false;
	}
	if (!reporting) {
		if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == l->next) {
			report("unlock of a lock nobody holds", l, pc, l->acquired_at);
			preempt_disable(); /* no lock took it: keep the count balanced */
			return false;
		}
		if (l->holder != me())
			report("unlock by a thread that does not hold the lock", l, pc,
			       l->acquired_at);
	}
	typeof(cpus[0]) *c = &cpus[smp_processor_id()];

	for (u32 i = c->nr; i-- > 0;) {
		if (c->held[i].lock == l) {
			c->held[i] = c->held[--c->nr];
			break;
		}
	}
	l->holder = NULL;
	return true;
}
EXPORT_SYMBOL(spin_debug_release);

/* Called by schedule() for a voluntary switch: no spinlock may be held. */
void spin_debug_check_sleep(u32 preempt_count_now)
{
	typeof(cpus[0]) *c = &cpus[smp_processor_id()];

	if (preempt_count_now && !reporting && c->nr) {
		report("sleeping while holding a spinlock", c->held[c->nr - 1].lock,
		       (u64)(uintptr_t)__builtin_return_address(0), c->held[c->nr - 1].pc);
	}
}
EXPORT_SYMBOL(spin_debug_check_sleep);

/* A lock held across a thread switch changes hands (the run-queue lock:
 * taken by the thread switching away, released by the one switched to). */
void spin_debug_handoff(spinlock_t *l)
{
	l->holder = me();
}
EXPORT_SYMBOL(spin_debug_handoff);
