/*
 * The round-robin class: one FIFO of runnable threads, a fixed slice, no
 * weights (nice is ignored), no wake-up preemption. Small and predictable:
 * the minimal image uses it. Called with the run queue locked.
 */
#include <loom/sched.h>

#define RR_SLICE_NS (5 * 1000 * 1000ULL)

static void rr_append(struct rq *rq, struct thread *t)
{
	t->rr_next = NULL;
	if (rq->rr_tail)
		rq->rr_tail->rr_next = t;
	else
		rq->rr_head = t;
	rq->rr_tail = t;
}

static void rr_enqueue(struct rq *rq, struct thread *t, bool wakeup)
{
	rr_append(rq, t);
}

static void rr_dequeue(struct rq *rq, struct thread *t, bool sleep)
{
	struct thread *prev = NULL;

	for (struct thread *w = rq->rr_head; w; prev = w, w = w->rr_next) {
		if (w != t)
			continue;
		if (prev)
			prev->rr_next = w->rr_next;
		else
			rq->rr_head = w->rr_next;
		if (rq->rr_tail == w)
			rq->rr_tail = prev;
		return;
	}
	/* Not listed: it is the running thread. */
}

static struct thread *rr_pick_next(struct rq *rq)
{
	struct thread *t = rq->rr_head;

	if (t) {
		rq->rr_head = t->rr_next;
		if (!rq->rr_head)
			rq->rr_tail = NULL;
	}
	return t;
}

/* The first movable thread: the head waited longest (the coldest cache). */
static struct thread *rr_steal(struct rq *rq)
{
	for (struct thread *t = rq->rr_head; t; t = t->rr_next)
		if (t->bound_cpu < 0 && !t->on_cpu && !t->migrated)
			return t;
	return NULL;
}

static void rr_put_prev(struct rq *rq, struct thread *t)
{
	rr_append(rq, t);
}

static void rr_update_curr(struct rq *rq, struct thread *curr, u64 delta_ns)
{
}

static u64 rr_slice_ns(struct rq *rq, struct thread *t)
{
	return RR_SLICE_NS;
}

static bool rr_wakeup_preempt(struct rq *rq, struct thread *curr, struct thread *woken)
{
	return false;
}

static void rr_set_nice(struct thread *t, int nice)
{
	t->se.weight = sched_nice_to_weight(nice);
}

const struct sched_class sched_class_rr = {
	.name = "round-robin",
	.enqueue = rr_enqueue,
	.dequeue = rr_dequeue,
	.pick_next = rr_pick_next,
	.steal = rr_steal,
	.put_prev = rr_put_prev,
	.update_curr = rr_update_curr,
	.slice_ns = rr_slice_ns,
	.wakeup_preempt = rr_wakeup_preempt,
	.set_nice = rr_set_nice,
};
