/* Wait queues: see include/loom/wait.h. */
#include <loom/module.h>
#include <loom/thread.h>
#include <loom/wait.h>

void wait_queue_init(struct wait_queue *wq)
{
	*wq = (struct wait_queue)WAIT_QUEUE_INIT;
}
EXPORT_SYMBOL(wait_queue_init);

static bool queued(struct wait_queue *wq, struct thread *t)
{
	for (struct thread *w = wq->head; w; w = w->wait_next)
		if (w == t)
			return true;
	return false;
}

void wait_prepare(struct wait_queue *wq)
{
	struct thread *t = current_thread();
	u64 flags = spin_lock_irqsave(&wq->lock);

	if (!queued(wq, t)) {
		t->wait_next = NULL;
		if (wq->tail)
			wq->tail->wait_next = t;
		else
			wq->head = t;
		wq->tail = t;
	}
	t->state = THREAD_BLOCKED;
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(wait_prepare);

static void unlink(struct wait_queue *wq, struct thread *t)
{
	struct thread *prev = NULL;

	for (struct thread *w = wq->head; w; prev = w, w = w->wait_next) {
		if (w != t)
			continue;
		if (prev)
			prev->wait_next = w->wait_next;
		else
			wq->head = w->wait_next;
		if (wq->tail == w)
			wq->tail = prev;
		w->wait_next = NULL;
		return;
	}
}

void wait_finish(struct wait_queue *wq)
{
	struct thread *t = current_thread();
	u64 flags = spin_lock_irqsave(&wq->lock);

	unlink(wq, t);
	t->state = THREAD_RUNNING;
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(wait_finish);

void wait_entry_add(struct wait_queue *wq, struct wait_entry *e)
{
	u64 flags = spin_lock_irqsave(&wq->lock);

	e->next = wq->entries;
	wq->entries = e;
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(wait_entry_add);

void wait_entry_remove(struct wait_queue *wq, struct wait_entry *e)
{
	u64 flags = spin_lock_irqsave(&wq->lock);

	for (struct wait_entry **pp = &wq->entries; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	}
	e->next = NULL;
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(wait_entry_remove);

static void run_entries(struct wait_queue *wq)
{
	for (struct wait_entry *e = wq->entries; e; e = e->next)
		e->func(e);
}

void wake_up_one(struct wait_queue *wq)
{
	u64 flags = spin_lock_irqsave(&wq->lock);
	struct thread *t = wq->head;

	run_entries(wq);
	if (t) {
		unlink(wq, t);
		thread_wake(t);
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(wake_up_one);

unsigned wake_up_count(struct wait_queue *wq)
{
	u64 flags = spin_lock_irqsave(&wq->lock);
	unsigned n = 0;

	run_entries(wq);
	while (wq->head) {
		struct thread *t = wq->head;

		unlink(wq, t);
		thread_wake(t);
		n++;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
	return n;
}
EXPORT_SYMBOL(wake_up_count);

void wake_up_all(struct wait_queue *wq)
{
	wake_up_count(wq);
}
EXPORT_SYMBOL(wake_up_all);
