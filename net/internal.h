/*
 * Private to net/. A struct sock is one local socket end: made by opening
 * /net/local/seqpacket or /stream ("listed": it has a directory), or by a
 * connect (the server end, handed out by opening accept). It lives while
 * something holds a reference: each open file on it (the creating file,
 * ctl, data, a file from accept) and, for a server end not yet accepted,
 * its listener's queue. When the last goes, its peer sees end of file
 * and EPIPE, its name is free again and its connections not yet accepted
 * are dropped.
 * Locking: net_lock (one mutex) guards every socket; it is a leaf under
 * vfs_lock (lookup, revalidate and release run with vfs_lock held and
 * take it) and nothing here calls the VFS holding it. Waiters sleep on
 * their own socket's wq until its gen changes; every change another end
 * must notice bumps gen (sock_event).
 */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#include <loom/ctl.h>
#include <loom/msgring.h>
#include <loom/mutex.h>
#include <loom/net.h>
#include <loom/wait.h>

struct poll_table;

enum sock_state {
	SOCK_NEW,	/* made, maybe bound */
	SOCK_LISTENING, /* bound, taking connections */
	SOCK_CONNECTED, /* has (or had: hup) a peer */
};

struct sock {
	u64 id;
	u64 ns;	  /* ns_id of the namespace it was made in */
	u32 refs; /* under net_lock */
	bool packets, listed, hup;
	enum sock_state state;
	char name[NET_LOCAL_NAME_MAX + 1]; /* bound name ("": none) */
	u32 backlog, npending;
	struct sock *pending, *pending_tail; /* connections to accept (qnext) */
	struct sock *qnext;
	struct sock *peer; /* no reference: each end clears the other's */
	struct msgring rx; /* what this end reads (connected ends) */
	struct wait_queue wq;
	u64 gen;
	struct sock *next; /* every socket */
};

extern struct mutex net_lock;

/* A new socket (refs 1): listed ones get an id and a directory. With
 * buf (NET_LOCAL_BUF bytes, taken over) it can be connected. NULL: no
 * memory. */
struct sock *sock_new(bool packets, u64 ns, bool listed, void *buf);
/* The listed socket with this id, referenced, if the caller may see it:
 * 0, -ESTALE (gone), -ENOENT (hidden). */
int sock_find(u64 id, struct sock **out);
/* The listed socket with the smallest id > after that the caller may
 * see: its id, or 0 at the end. */
u64 sock_next_visible(u64 after);
/* May the current process see s? (Kernel threads see everything.) */
bool sock_visible(const struct sock *s);
void sock_put(struct sock *s);
/* Under net_lock: wake whoever waits on s. */
void sock_event(struct sock *s);
/* Under net_lock: the bound socket named name, or NULL. */
struct sock *sock_by_name(const char *name);
/* Under net_lock: join client (SOCK_NEW, with a buffer) to a new server
 * end srv (from sock_new) queued on listener l. */
void sock_connect(struct sock *l, struct sock *client, struct sock *srv);

ssize_t sock_read(struct sock *s, void *buf, size_t n, bool nonblock);
ssize_t sock_write(struct sock *s, const void *buf, size_t n, bool nonblock);
u32 sock_poll(struct sock *s, struct poll_table *pt);
/* Wait for a connection on listening s: 0 and the server end in *out
 * (the queue's reference), -EINVAL (not listening), -EAGAIN, -EINTR. */
int sock_accept(struct sock *s, bool nonblock, struct sock **out);

/* local_ctl.c: apply one chain of ctl_net_lang commands to s, all or
 * nothing: 0 or -errno, with the reason in why and the index of the
 * command in *failed. A chain with connect needs srv (a server end from
 * sock_new) and *buf (NET_LOCAL_BUF bytes for s's ring): both are taken
 * over when it connects (*buf becomes NULL), else left to the caller. */
int sock_ctl(struct sock *s, const struct ctl_prog *prog, char *why, size_t whylen, u32 *failed,
	     struct sock *srv, void **buf);

#endif
