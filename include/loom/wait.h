/*
 * Wait queues (kernel/sync/wait.c): threads sleep until a condition holds.
 *
 *	wait_event(&wq, cond);              sleep until cond is true
 *	wait_event_timeout(&wq, cond, ns);  ... or ns elapse: 0 or -ETIMEDOUT
 *	wake_up_one(&wq); wake_up_all(&wq); after making cond true
 *
 * The condition is checked with the queue's lock held after the thread is
 * queued, so a wake-up between the check and the sleep is never lost.
 * Wakers may run in interrupt context. Locking: one irqsave spinlock.
 *
 * Besides sleeping threads a queue holds wait entries: callbacks that each
 * wake-up runs (with the queue's lock held, interrupts off), so that one
 * thread can watch many queues at once (poll, fs/vfs/poll.c).
 */
#ifndef LOOM_WAIT_H
#define LOOM_WAIT_H

#include <loom/spinlock.h>
#include <loom/types.h>

struct thread;

struct wait_entry {
	struct wait_entry *next;
	/* Runs on every wake-up of the queue: must not sleep or take the
	 * queue's lock; may wake threads. */
	void (*func)(struct wait_entry *e);
};

struct wait_queue {
	spinlock_t lock;
	struct thread *head, *tail;
	struct wait_entry *entries;
};

#define WAIT_QUEUE_INIT                         \
	{                                       \
		SPINLOCK_INIT, NULL, NULL, NULL \
	}

void wait_queue_init(struct wait_queue *wq);
/* Queue the current thread (once) and mark it blocked; the caller then
 * checks its condition and either calls schedule() or stops waiting. */
void wait_prepare(struct wait_queue *wq);
/* Take the current thread off the queue and mark it running again. */
void wait_finish(struct wait_queue *wq);
/* Add or remove a wait entry; once removed, its func no longer runs. */
void wait_entry_add(struct wait_queue *wq, struct wait_entry *e);
void wait_entry_remove(struct wait_queue *wq, struct wait_entry *e);
/* Wake-ups run every entry; wake_up_one wakes the first sleeping thread. */
void wake_up_one(struct wait_queue *wq);
void wake_up_all(struct wait_queue *wq);
/* Wake every thread and report how many there were. */
unsigned wake_up_count(struct wait_queue *wq);

void schedule(void);
/* Like schedule(), but wake on its own after ns: 0, or -ETIMEDOUT. */
int schedule_timeout(u64 ns);

#define wait_event(wq, cond)              \
	do {                              \
		for (;;) {                \
			wait_prepare(wq); \
			if (cond)         \
				break;    \
			schedule();       \
		}                         \
		wait_finish(wq);          \
	} while (0)

/*
 * The loop behind the timed waits: sleep until cond, until the monotonic
 * time end (0: no limit; then -ETIMEDOUT), or until stop (an expression
 * checked each round: 0 to go on, else the -errno to return).
 */
#define __wait_event_until(wq, cond, end, stop)          \
	({                                               \
		u64 __end = (end);                       \
		int __r = 0;                             \
		for (;;) {                               \
			u64 __now;                       \
			wait_prepare(wq);                \
			if (cond)                        \
				break;                   \
			if ((__r = (stop)))              \
				break;                   \
			if (!__end) {                    \
				schedule();              \
				continue;                \
			}                                \
			__now = clock_monotonic_ns();    \
			if (__now >= __end) {            \
				__r = -ETIMEDOUT;        \
				break;                   \
			}                                \
			schedule_timeout(__end - __now); \
		}                                        \
		wait_finish(wq);                         \
		__r;                                     \
	})

#define wait_event_timeout(wq, cond, ns) \
	__wait_event_until(wq, cond, clock_monotonic_ns() + (ns), 0)

#endif
