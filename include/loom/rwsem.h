/*
 * Sleeping read-write locks (kernel/sync/rwsem.c): many readers or one
 * writer; a thread that cannot enter sleeps on the lock's wait queue. A
 * writer waiting stops new readers from entering, so a stream of readers
 * cannot starve it. Not recursive: a reader must not take it again (a
 * writer waiting in between would deadlock them) nor try to upgrade; drop
 * it and take it for writing instead. Never from interrupt context.
 */
#ifndef LOOM_RWSEM_H
#define LOOM_RWSEM_H

#include <loom/wait.h>

struct rwsem {
	u32 state;	     /* RWSEM_WRITER, or the number of readers inside */
	u32 writers_waiting; /* writers queued: readers keep out */
	u64 waits;	     /* times a thread had to sleep for it (statistics) */
	struct wait_queue wq;
};

#define RWSEM_WRITER 0x80000000u

#define RWSEM_INIT                       \
	{                                \
		0, 0, 0, WAIT_QUEUE_INIT \
	}

void rwsem_init(struct rwsem *s);
void down_read(struct rwsem *s);
bool down_read_trylock(struct rwsem *s);
void up_read(struct rwsem *s);
void down_write(struct rwsem *s);
bool down_write_trylock(struct rwsem *s);
void up_write(struct rwsem *s);
/* Held for writing (by anyone): for assertions. */
bool rwsem_is_write_locked(struct rwsem *s);

#endif
