/*
 * Sleeping locks and completions (kernel/sync/). A mutex is held by one
 * thread; others sleep until it is released (FIFO through its wait queue).
 * A completion counts events: wait_for_completion() sleeps until one is
 * there. Never from interrupt context (complete() excepted).
 */
#ifndef LOOM_MUTEX_H
#define LOOM_MUTEX_H

#include <loom/wait.h>

struct mutex {
	struct thread *owner; /* NULL when free */
	struct wait_queue wq;
};

#define MUTEX_INIT                    \
	{                             \
		NULL, WAIT_QUEUE_INIT \
	}

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

struct completion {
	u32 done;
	struct wait_queue wq;
};

#define COMPLETION_INIT            \
	{                          \
		0, WAIT_QUEUE_INIT \
	}

void completion_init(struct completion *c);
void complete(struct completion *c);
void complete_all(struct completion *c);
void wait_for_completion(struct completion *c);
/* 0, or -ETIMEDOUT after ns. */
int wait_for_completion_timeout(struct completion *c, u64 ns);

#endif
