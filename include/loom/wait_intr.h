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

#define wait_event_intr_until(wq, cond, end) \
	__wait_event_until(wq, cond, end, proc_interrupted() ? -EINTR : 0)

#define wait_event_intr(wq, cond) wait_event_intr_until(wq, cond, 0)

#endif
