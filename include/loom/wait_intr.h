/*
 * Waits made on behalf of a process (kernel/proc/ decides): like
 * wait_event (include/loom/wait.h), but the wait gives up with -EINTR
 * when the calling thread's process is ending or has a note to take
 * (proc_interrupted), so that a process blocked in a pipe, a poll or a
 * log read can still be killed. Kernel threads are never interrupted.
 *
 *	r = wait_event_intr(&wq, cond);            0 or -EINTR
 *	r = wait_event_intr_until(&wq, cond, end); ... or -ETIMEDOUT once
 *	                                           clock_monotonic_ns() >= end
 *	                                           (end 0: no deadline)
 */
#ifndef LOOM_WAIT_INTR_H
#define LOOM_WAIT_INTR_H

#include <loom/errno.h>
#include <loom/proc.h>
#include <loom/time.h>
#include <loom/wait.h>

#define wait_event_intr_until(wq, cond, end)             \
	({                                               \
		u64 __end = (end);                       \
		int __r = 0;                             \
		for (;;) {                               \
			u64 __now;                       \
			wait_prepare(wq);                \
			if (cond)                        \
				break;                   \
			if (proc_interrupted()) {        \
				__r = -EINTR;            \
				break;                   \
			}                                \
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

#define wait_event_intr(wq, cond) wait_event_intr_until(wq, cond, 0)

#endif
