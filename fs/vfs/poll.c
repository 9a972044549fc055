/*
 * poll: wait for the first of many files to become ready. vfs_poll puts a
 * wait entry of its own on every queue the files' poll ops name (through
 * poll_wait) before it looks at any of them; a wake-up of any of those
 * queues sets the poller's flag and wakes it. The flag is cleared before
 * each round of checks, so a wake-up that lands between a check and the
 * sleep makes the sleep return at once: none is lost. A process that is
 * being killed or has a note to take stops waiting (-EINTR).
 * Locking: no vfs_lock; the poll ops guard their own state. The entries
 * are removed (under each queue's lock) before vfs_poll returns.
 */
#include <loom/errno.h>
#include <loom/slab.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include <loom/wait.h>
#include <loom/wait_intr.h>
#include <uapi/loom/syscall.h>

#define POLL_INLINE 8  /* entries on the stack: most polls need no more */
#define POLL_CHUNK  32 /* then kmalloc'd blocks of this many */
#define POLL_ALWAYS (POLLERR | POLLHUP)

struct poll_table;

struct poll_entry {
	struct wait_entry we;
	struct wait_queue *wq;
	struct poll_table *pt;
};

struct poll_chunk {
	struct poll_chunk *next;
	struct poll_entry e[POLL_CHUNK];
};

struct poll_table {
	struct wait_queue sleep; /* the poller sleeps here */
	bool triggered;		 /* a watched queue was woken */
	int error;		 /* -ENOMEM from poll_wait */
	u32 used;		 /* entries used in the current block */
	struct poll_entry inl[POLL_INLINE];
	struct poll_chunk *chunks; /* newest first; chunks->e is in use */
};

static void poll_wake(struct wait_entry *we)
{
	struct poll_entry *e = container_of(we, struct poll_entry, we);

	WRITE_ONCE(e->pt->triggered, true);
	wake_up_all(&e->pt->sleep);
}

static struct poll_entry *entry_alloc(struct poll_table *pt)
{
	if (!pt->chunks) {
		if (pt->used < POLL_INLINE)
			return &pt->inl[pt->used++];
	} else if (pt->used < POLL_CHUNK) {
		return &pt->chunks->e[pt->used++];
	}
	struct poll_chunk *c = kmalloc(sizeof(*c));

	if (!c)
		return NULL;
	c->next = pt->chunks;
	pt->chunks = c;
	pt->used = 1;
	return &c->e[0];
}

void poll_wait(struct wait_queue *wq, struct poll_table *pt)
{
	struct poll_entry *e;

	if (!pt || pt->error)
		return;
	e = entry_alloc(pt);
	if (!e) {
		pt->error = -ENOMEM;
		return;
	}
	e->we.func = poll_wake;
	e->wq = wq;
	e->pt = pt;
	wait_entry_add(wq, &e->we);
}

static void remove_entries(struct poll_entry *e, u32 n)
{
	for (u32 i = 0; i < n; i++)
		wait_entry_remove(e[i].wq, &e[i].we);
}

static void poll_table_free(struct poll_table *pt)
{
	if (!pt->chunks) {
		remove_entries(pt->inl, pt->used);
		return;
	}
	remove_entries(pt->inl, POLL_INLINE);
	for (u32 n = pt->used; pt->chunks; n = POLL_CHUNK) {
		struct poll_chunk *c = pt->chunks;

		remove_entries(c->e, n);
		pt->chunks = c->next;
		kfree(c);
	}
}

/* One round: ask every file (registering with pt unless it is NULL). */
static int check_all(struct file **files, const u32 *events, u32 *revents, u32 n,
		     struct poll_table *pt)
{
	int ready = 0;

	for (u32 i = 0; i < n; i++) {
		u32 want = events[i] | POLL_ALWAYS;

		revents[i] = files[i]->ops->poll(files[i], want, pt) & want;
		ready += revents[i] != 0;
	}
	return ready;
}

int vfs_poll(struct file **files, const u32 *events, u32 *revents, u32 n, s64 timeout_ns)
{
	struct poll_table *pt;
	u64 end = 0;
	int ready;

	if (n > VFS_POLL_MAX || (n && (!files || !events || !revents)))
		return -EINVAL;
	for (u32 i = 0; i < n; i++)
		if (!files[i])
			return -EINVAL;
	if (timeout_ns == 0)
		return check_all(files, events, revents, n, NULL);
	pt = kzalloc(sizeof(*pt));
	if (!pt)
		return -ENOMEM;
	wait_queue_init(&pt->sleep);
	if (timeout_ns > 0)
		end = clock_monotonic_ns() + (u64)timeout_ns;
	/* The first round registers the entries; later rounds only look. */
	ready = check_all(files, events, revents, n, pt);
	while (!ready && !pt->error) {
		int r = wait_event_intr_until(&pt->sleep, READ_ONCE(pt->triggered), end);

		WRITE_ONCE(pt->triggered, false);
		ready = check_all(files, events, revents, n, NULL);
		if (r) {
			if (!ready && r == -EINTR)
				ready = -EINTR;
			break;
		}
	}
	poll_table_free(pt);
	ready = pt->error && !ready ? pt->error : ready;
	kfree(pt);
	return ready;
}
