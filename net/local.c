/*
 * Local sockets: creation, lookup by id and name, connections, data and
 * waits. A connection is two ends joined by their peer pointers; each end
 * reads from its own ring (rx) and writes into its peer's. Seqpacket ends
 * use message rings (one write is one message), stream ends byte rings.
 * Locking and lifetime: see internal.h.
 */
#include <loom/errno.h>
#include <loom/proc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include <loom/wait_intr.h>
#include <uapi/loom/syscall.h>
#include "internal.h"

struct mutex net_lock = MUTEX_INIT;
static struct sock *socks; /* every socket, newest first */
static u64 next_id, live;

u64 net_local_count(void)
{
	return READ_ONCE(live);
}

struct sock *sock_new(bool packets, u64 ns, bool listed, void *buf)
{
	struct sock *s = kzalloc(sizeof(*s));

	if (!s)
		return NULL;
	s->refs = 1;
	s->packets = packets;
	s->ns = ns;
	s->listed = listed;
	wait_queue_init(&s->wq);
	if (buf)
		msgring_init(&s->rx, buf, NET_LOCAL_BUF, packets);
	mutex_lock(&net_lock);
	if (listed)
		s->id = ++next_id;
	s->next = socks;
	socks = s;
	live++;
	mutex_unlock(&net_lock);
	return s;
}

void sock_event(struct sock *s)
{
	s->gen++;
	wake_up_all(&s->wq);
}

bool sock_visible(const struct sock *s)
{
	struct process *me = proc_current();

	return !me || proc_ns_in_line(me, s->ns);
}

int sock_find(u64 id, struct sock **out)
{
	struct sock *s;

	mutex_lock(&net_lock);
	for (s = socks; s && !(s->listed && s->id == id); s = s->next)
		;
	if (s)
		s->refs++;
	mutex_unlock(&net_lock);
	if (!s)
		return -ESTALE;
	if (!sock_visible(s)) {
		sock_put(s);
		return -ENOENT;
	}
	*out = s;
	return 0;
}

u64 sock_next_visible(u64 after)
{
	for (;;) {
		struct sock *best = NULL;
		u64 id;
		int r;

		mutex_lock(&net_lock);
		for (struct sock *s = socks; s; s = s->next)
			if (s->listed && s->id > after && (!best || s->id < best->id))
				best = s;
		id = best ? best->id : 0;
		mutex_unlock(&net_lock);
		if (!id)
			return 0;
		r = sock_find(id, &best);
		if (!r) {
			sock_put(best);
			return id;
		}
		after = id; /* hidden or just gone: the next one */
	}
}

struct sock *sock_by_name(const char *name)
{
	for (struct sock *s = socks; s; s = s->next)
		if (s->name[0] && !strcmp(s->name, name))
			return s;
	return NULL;
}

void sock_connect(struct sock *l, struct sock *client, struct sock *srv)
{
	client->state = srv->state = SOCK_CONNECTED;
	client->peer = srv;
	srv->peer = client;
	srv->ns = l->ns;
	srv->qnext = NULL;
	if (l->pending_tail)
		l->pending_tail->qnext = srv;
	else
		l->pending = srv;
	l->pending_tail = srv;
	l->npending++;
	sock_event(l);
}

/* Under net_lock, refs 0: cut s from everything; the caller frees it. */
static void sock_detach(struct sock *s, struct sock **drop)
{
	struct sock **pp;

	for (pp = &socks; *pp != s; pp = &(*pp)->next)
		;
	*pp = s->next;
	live--;
	if (s->peer) {
		s->peer->peer = NULL;
		s->peer->hup = true;
		sock_event(s->peer);
	}
	/* Connections nobody accepted go with their listener. */
	while (s->pending) {
		struct sock *q = s->pending;

		s->pending = q->qnext;
		if (!--q->refs) {
			q->qnext = *drop;
			*drop = q;
		}
	}
}

void sock_put(struct sock *s)
{
	struct sock *drop = NULL;

	if (!s)
		return;
	mutex_lock(&net_lock);
	if (!--s->refs) {
		s->qnext = NULL;
		drop = s;
	}
	/* Freeing one may free the connections queued on it: a list. */
	for (struct sock *d = drop; d; d = d->qnext)
		sock_detach(d, &d->qnext);
	mutex_unlock(&net_lock);
	while (drop) {
		struct sock *d = drop;

		drop = d->qnext;
		kfree(d->rx.buf);
		kfree(d);
	}
}

/* Under net_lock, dropped while sleeping: wait for s's next event. */
static int sock_wait(struct sock *s)
{
	u64 seen = s->gen;
	int r;

	mutex_unlock(&net_lock);
	r = wait_event_intr(&s->wq, READ_ONCE(s->gen) != seen);
	mutex_lock(&net_lock);
	return r;
}

ssize_t sock_read(struct sock *s, void *buf, size_t n, bool nonblock)
{
	ssize_t r;

	mutex_lock(&net_lock);
	for (;;) {
		if (s->state != SOCK_CONNECTED) {
			r = -ENOTCONN;
			break;
		}
		r = msgring_get(&s->rx, buf, n);
		if (r >= 0) {
			if (s->peer)
				sock_event(s->peer); /* room for its writes */
			break;
		}
		if (s->hup) {
			r = 0; /* end of file */
			break;
		}
		r = nonblock ? -EAGAIN : sock_wait(s);
		if (r)
			break;
	}
	mutex_unlock(&net_lock);
	return r;
}

/*
 * A seqpacket write is one message, queued whole or not at all (-EMSGSIZE
 * when larger than the peer's ring); a stream write waits until all is
 * queued (with :nonblock it queues what fits, -EAGAIN if nothing does).
 */
ssize_t sock_write(struct sock *s, const void *buf, size_t n, bool nonblock)
{
	size_t done = 0;
	ssize_t r;

	mutex_lock(&net_lock);
	for (;;) {
		if (s->state != SOCK_CONNECTED) {
			r = -ENOTCONN;
			break;
		}
		if (s->hup || !s->peer) {
			r = -EPIPE;
			break;
		}
		r = msgring_put(&s->peer->rx, (const char *)buf + done, n - done);
		if (r >= 0) {
			done += (size_t)r;
			sock_event(s->peer);
			if (s->packets || done == n)
				break;
			continue;
		}
		if (r != -EAGAIN || (nonblock && done))
			break;
		r = nonblock ? -EAGAIN : sock_wait(s);
		if (r)
			break;
	}
	mutex_unlock(&net_lock);
	if (s->packets)
		return r < 0 ? r : (ssize_t)done;
	return done ? (ssize_t)done : r;
}

u32 sock_poll(struct sock *s, struct poll_table *pt)
{
	u32 ready = 0;

	poll_wait(&s->wq, pt);
	mutex_lock(&net_lock);
	if (s->state == SOCK_LISTENING && s->npending)
		ready |= POLLIN;
	if (s->state == SOCK_CONNECTED) {
		if (msgring_readable(&s->rx))
			ready |= POLLIN;
		if (s->hup)
			ready |= POLLIN | POLLHUP; /* a read returns 0 at once */
		else if (s->peer && msgring_room(&s->peer->rx) >= NET_LOCAL_POLL_ROOM + MSGRING_HDR)
			ready |= POLLOUT;
	}
	mutex_unlock(&net_lock);
	return ready;
}

int sock_accept(struct sock *s, bool nonblock, struct sock **out)
{
	int r = 0;

	mutex_lock(&net_lock);
	for (;;) {
		if (s->state != SOCK_LISTENING) {
			r = -EINVAL;
			break;
		}
		if (s->pending) {
			*out = s->pending;
			s->pending = s->pending->qnext;
			if (!s->pending)
				s->pending_tail = NULL;
			s->npending--;
			(*out)->qnext = NULL;
			break;
		}
		r = nonblock ? -EAGAIN : sock_wait(s);
		if (r)
			break;
	}
	mutex_unlock(&net_lock);
	return r;
}
