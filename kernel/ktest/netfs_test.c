/*
 * In-kernel tests of local sockets (net/) through /net/local: ids and
 * directories, every ctl command and its errors (chains all or nothing),
 * seqpacket boundaries and truncation, stream byte order, blocking and
 * :nonblock reads, writes and accepts, poll, peer close (end of file,
 * EPIPE, dropped connections), a full backlog, namespace hiding (with
 * processes from proc_util.h) and counts of sockets and files coming back.
 */
#include <loom/ktest.h>
#include <loom/msgring.h>
#include <loom/net.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/vfs.h>
#include <uapi/loom/errno.h>
#include <uapi/loom/syscall.h>
#include "proc_util.h"

#define MS 1000000ULL

struct sk {
	struct file *f; /* the file that made it */
	char id[24];
};

/* Open /net/local/kind in ns and read the id. */
static int sk_new(struct namespace *ns, const char *kind, struct sk *s)
{
	char path[48];
	ssize_t n;
	int r;

	snprintf(path, sizeof(path), "/net/local/%s", kind);
	r = vfs_open(ns, NULL, path, PERM_READ, &s->f);
	if (r)
		return r;
	n = vfs_read(s->f, s->id, sizeof(s->id) - 1);
	if (n <= 0) {
		vfs_close(s->f);
		return n ? (int)n : -EIO;
	}
	s->id[n] = 0;
	return 0;
}

static int sk_open(struct namespace *ns, const struct sk *s, const char *name, u32 perms,
		   struct file **out)
{
	char path[64];

	snprintf(path, sizeof(path), "/net/local/%s/%s", s->id, name);
	return vfs_open(ns, NULL, path, perms, out);
}

static ssize_t sk_ctl(struct namespace *ns, const struct sk *s, const char *text)
{
	struct file *f;
	ssize_t r = sk_open(ns, s, "ctl", PERM_WRITE, &f);

	if (r)
		return r;
	r = vfs_write(f, text, strlen(text));
	vfs_close(f);
	return r < 0 ? r : 0;
}

/* A connected pair: a listener named name, a client, the accepted end. */
struct conn {
	struct sk l, c;
	struct file *ld, *cd, *sd; /* listener data, client data, server end */
};

static int conn_make(const char *kind, const char *name, struct conn *k)
{
	struct namespace *ns = vfs_root_ns();
	char cmd[64];
	int r;

	memset(k, 0, sizeof(*k));
	if ((r = sk_new(ns, kind, &k->l)))
		return r;
	if ((r = sk_new(ns, kind, &k->c)))
		return r;
	snprintf(cmd, sizeof(cmd), "bind %s && listen", name);
	if ((r = (int)sk_ctl(ns, &k->l, cmd)))
		return r;
	if ((r = sk_open(ns, &k->l, "data", 0, &k->ld)))
		return r;
	snprintf(cmd, sizeof(cmd), "connect %s", name);
	if ((r = (int)sk_ctl(ns, &k->c, cmd)))
		return r;
	if ((r = sk_open(ns, &k->c, "data", 0, &k->cd)))
		return r;
	return sk_open(ns, &k->l, "accept", 0, &k->sd);
}

static void conn_close(struct conn *k)
{
	struct file *fs[] = { k->ld, k->cd, k->sd, k->l.f, k->c.f };

	for (size_t i = 0; i < ARRAY_SIZE(fs); i++)
		if (fs[i])
			vfs_close(fs[i]);
}

static void counts(u64 *socks, u64 *files)
{
	struct vfs_counts c;

	vfs_get_counts(&c);
	*socks = net_local_count();
	*files = c.files;
}

static void netfs_ids_and_directories(struct ktest *t)
{
	struct namespace *ns = vfs_root_ns();
	u64 s0, f0, s1, f1;
	struct vfs_stat st;
	struct sk a, b;
	char path[64], buf[8];

	counts(&s0, &f0);
	KASSERT_EQ(t, sk_new(ns, "seqpacket", &a), 0);
	KASSERT_EQ(t, sk_new(ns, "stream", &b), 0);
	KEXPECT_TRUE(t, strcmp(a.id, b.id) != 0);
	KEXPECT_EQ(t, net_local_count(), s0 + 2);
	KEXPECT_TRUE(t, ktest_listed(ns, "/net/local", a.id));
	KEXPECT_TRUE(t, ktest_listed(ns, "/net/local", "seqpacket"));
	KEXPECT_TRUE(t, ktest_listed(ns, "/net", "local"));
	snprintf(path, sizeof(path), "/net/local/%s", a.id);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, path, &st), 0);
	KEXPECT_EQ(t, st.type, INODE_DIR);
	KEXPECT_TRUE(t, ktest_listed(ns, path, "ctl"));
	KEXPECT_TRUE(t, ktest_listed(ns, path, "data"));
	KEXPECT_TRUE(t, ktest_listed(ns, path, "accept"));
	KEXPECT_EQ(t, vfs_read(a.f, buf, sizeof(buf)), 0); /* the id was read */
	KEXPECT_EQ(t, vfs_write(a.f, "x", 1), -EACCES);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/net/local/0", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/net/local/99999999", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_mkdir(ns, NULL, "/net/local/x", 0755), -EROFS);
	vfs_close(a.f);
	/* gone with its last file: the cached name too */
	KEXPECT_EQ(t, vfs_stat(ns, NULL, path, &st), -ENOENT);
	snprintf(path, sizeof(path), "/net/local/%s/ctl", a.id);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, path, &st), -ENOENT);
	KEXPECT_TRUE(t, !ktest_listed(ns, "/net/local", a.id));
	vfs_close(b.f);
	counts(&s1, &f1);
	KEXPECT_EQ(t, s1, s0);
	KEXPECT_EQ(t, f1, f0);
}

static void netfs_ctl_commands(struct ktest *t)
{
	struct namespace *ns = vfs_root_ns();
	struct sk a, b, c, d;
	u64 s0, f0, s1, f1;
	struct file *f;

	counts(&s0, &f0);
	KASSERT_EQ(t, sk_new(ns, "seqpacket", &a), 0);
	KASSERT_EQ(t, sk_new(ns, "seqpacket", &b), 0);
	KASSERT_EQ(t, sk_new(ns, "stream", &c), 0);
	KASSERT_EQ(t, sk_new(ns, "seqpacket", &d), 0);
	/* parse errors */
	KEXPECT_EQ(t, sk_ctl(ns, &a, "frobnicate"), -EINVAL);
	KEXPECT_EQ(t, sk_ctl(ns, &a, "bind"), -EINVAL);
	KEXPECT_EQ(t, sk_ctl(ns, &a, "listen x"), -EINVAL);
	KEXPECT_EQ(t, sk_ctl(ns, &a, "bind kt-a && dup2 1 2"), -EINVAL);
	/* state errors */
	KEXPECT_EQ(t, sk_ctl(ns, &a, "listen"), -EINVAL); /* not bound */
	KEXPECT_EQ(t, sk_ctl(ns, &a, "bind a/b"), -EINVAL);
	KEXPECT_EQ(t, sk_ctl(ns, &a, "connect kt-nobody"), -ECONNREFUSED);
	/* all or nothing: the bind of a failing chain is not applied */
	KEXPECT_EQ(t, sk_ctl(ns, &a, "bind kt-a && listen 0"), -EINVAL);
	KEXPECT_EQ(t, sk_ctl(ns, &a, "bind kt-a && listen 999"), -EINVAL);
	KEXPECT_EQ(t, sk_ctl(ns, &b, "bind kt-a"), 0); /* kt-a was free */
	KEXPECT_EQ(t, sk_ctl(ns, &a, "bind kt-a"), -EADDRINUSE);
	KEXPECT_EQ(t, sk_ctl(ns, &b, "bind kt-b"), -EINVAL);	      /* bound already */
	KEXPECT_EQ(t, sk_ctl(ns, &a, "connect kt-a"), -ECONNREFUSED); /* not listening */
	KEXPECT_EQ(t, sk_ctl(ns, &b, "listen 2"), 0);
	KEXPECT_EQ(t, sk_ctl(ns, &b, "listen"), -EINVAL);
	KEXPECT_EQ(t, sk_ctl(ns, &b, "connect kt-a"), -EINVAL); /* listening */
	KEXPECT_EQ(t, sk_ctl(ns, &c, "connect kt-a"), -EPROTOTYPE);
	/* a stream socket in one chain: bind and listen */
	KEXPECT_EQ(t, sk_ctl(ns, &c, "bind kt-c && listen 1"), 0);
	/* connect, then once more */
	KEXPECT_EQ(t, sk_ctl(ns, &a, "connect kt-a"), 0);
	KEXPECT_EQ(t, sk_ctl(ns, &a, "connect kt-a"), -EISCONN);
	KEXPECT_EQ(t, sk_ctl(ns, &a, "listen"), -EINVAL);
	/* the backlog (2) fills: the third connect is refused for now */
	KEXPECT_EQ(t, sk_ctl(ns, &d, "connect kt-a"), 0);
	{
		struct sk e;

		KASSERT_EQ(t, sk_new(ns, "seqpacket", &e), 0);
		KEXPECT_EQ(t, sk_ctl(ns, &e, "connect kt-a"), -EAGAIN);
		KASSERT_EQ(t, sk_open(ns, &b, "accept", 0, &f), 0);
		KEXPECT_EQ(t, sk_ctl(ns, &e, "connect kt-a"), 0); /* room again */
		vfs_close(f);
		vfs_close(e.f);
	}
	/* data of a socket that is not connected; accept of one not listening */
	KASSERT_EQ(t, sk_open(ns, &b, "data", 0, &f), 0);
	KEXPECT_EQ(t, vfs_write(f, "x", 1), -ENOTCONN);
	KEXPECT_EQ(t, vfs_read(f, &s1, 1), -ENOTCONN);
	vfs_close(f);
	KEXPECT_EQ(t, sk_open(ns, &a, "accept", 0, &f), -EINVAL);
	vfs_close(a.f);
	vfs_close(b.f); /* its name is free again; queued connections go */
	KEXPECT_EQ(t, sk_ctl(ns, &d, "connect kt-a"), -EISCONN);
	KASSERT_EQ(t, sk_open(ns, &d, "data", 0, &f), 0);
	KEXPECT_EQ(t, vfs_read(f, &s1, 1), 0); /* dropped: end of file */
	KEXPECT_EQ(t, vfs_write(f, "x", 1), -EPIPE);
	vfs_close(f);
	vfs_close(c.f);
	vfs_close(d.f);
	KASSERT_EQ(t, sk_new(ns, "seqpacket", &a), 0);
	KEXPECT_EQ(t, sk_ctl(ns, &a, "bind kt-a && listen"), 0);
	vfs_close(a.f);
	counts(&s1, &f1);
	KEXPECT_EQ(t, s1, s0);
	KEXPECT_EQ(t, f1, f0);
}

static void netfs_seqpacket_boundaries(struct ktest *t)
{
	char *big = kzalloc(NET_LOCAL_BUF);
	struct conn k;
	char buf[32];
	u64 s0, f0, s1, f1;

	KASSERT_TRUE(t, big != NULL);
	counts(&s0, &f0);
	KASSERT_EQ(t, conn_make("seqpacket", "kt-seq", &k), 0);
	KEXPECT_EQ(t, vfs_write(k.cd, "hello", 5), 5);
	KEXPECT_EQ(t, vfs_write(k.cd, "", 0), 0);
	KEXPECT_EQ(t, vfs_write(k.cd, "a longer message", 16), 16);
	KEXPECT_EQ(t, vfs_read(k.sd, buf, sizeof(buf)), 5); /* one message */
	KEXPECT_EQ(t, memcmp(buf, "hello", 5), 0);
	KEXPECT_EQ(t, vfs_read(k.sd, buf, sizeof(buf)), 0); /* the empty one */
	KEXPECT_EQ(t, vfs_read(k.sd, buf, 8), 8);	    /* cut to the buffer */
	KEXPECT_EQ(t, memcmp(buf, "a longer", 8), 0);
	KEXPECT_EQ(t, vfs_write(k.sd, "back", 4), 4); /* the other way */
	KEXPECT_EQ(t, vfs_read(k.cd, buf, sizeof(buf)), 4);
	KEXPECT_EQ(t, vfs_write(k.cd, big, NET_LOCAL_BUF), -EMSGSIZE);
	KEXPECT_EQ(t, vfs_write(k.cd, big, NET_LOCAL_BUF - MSGRING_HDR),
		   NET_LOCAL_BUF - MSGRING_HDR);
	KEXPECT_EQ(t, vfs_read(k.sd, big, NET_LOCAL_BUF), NET_LOCAL_BUF - MSGRING_HDR);
	conn_close(&k);
	counts(&s1, &f1);
	KEXPECT_EQ(t, s1, s0);
	KEXPECT_EQ(t, f1, f0);
	kfree(big);
}

static void netfs_stream_bytes(struct ktest *t)
{
	struct conn k;
	char buf[32];

	KASSERT_EQ(t, conn_make("stream", "kt-stream", &k), 0);
	KEXPECT_EQ(t, vfs_write(k.cd, "abc", 3), 3);
	KEXPECT_EQ(t, vfs_write(k.cd, "defg", 4), 4);
	KEXPECT_EQ(t, vfs_read(k.sd, buf, 5), 5); /* across writes */
	KEXPECT_EQ(t, memcmp(buf, "abcde", 5), 0);
	KEXPECT_EQ(t, vfs_read(k.sd, buf, sizeof(buf)), 2);
	KEXPECT_EQ(t, memcmp(buf, "fg", 2), 0);
	KEXPECT_EQ(t, vfs_seek(k.sd, 0, VFS_SEEK_SET), -ESPIPE);
	conn_close(&k);
}

struct later {
	struct file *f;
	const char *text;
	size_t n;
	u64 delay_ns;
	ssize_t r;
};

static void write_later(void *arg)
{
	struct later *l = arg;

	sleep_ns(l->delay_ns);
	l->r = vfs_write(l->f, l->text, l->n);
}

static void read_later(void *arg)
{
	struct later *l = arg;
	char *buf = kmalloc(l->n);

	sleep_ns(l->delay_ns);
	l->r = buf ? vfs_read(l->f, buf, l->n) : -ENOMEM;
	kfree(buf);
}

static void connect_later(void *arg)
{
	struct later *l = arg;

	sleep_ns(l->delay_ns);
	l->r = sk_ctl(vfs_root_ns(), (const struct sk *)l->f, l->text);
}

static void netfs_blocking_and_nonblock(struct ktest *t)
{
	struct namespace *ns = vfs_root_ns();
	char *big = kzalloc(NET_LOCAL_BUF);
	struct file *nb, *acc;
	struct later l;
	struct thread *th;
	struct conn k;
	struct sk c;
	char buf[16];
	ssize_t w;

	KASSERT_TRUE(t, big != NULL);
	KASSERT_EQ(t, conn_make("stream", "kt-block", &k), 0);
	/* :nonblock on an empty queue, an empty backlog */
	KASSERT_EQ(t, sk_open(ns, &k.c, "data:nonblock", 0, &nb), 0);
	KEXPECT_EQ(t, vfs_read(nb, buf, sizeof(buf)), -EAGAIN);
	KEXPECT_EQ(t, sk_open(ns, &k.l, "accept:nonblock", 0, &acc), -EAGAIN);
	/* a blocked read is woken by a write from another thread */
	l = (struct later){ k.sd, "wake", 4, 20 * MS, 0 };
	th = thread_create("kt-netfs-w", write_later, &l, 0);
	KASSERT_TRUE(t, th != NULL);
	KEXPECT_EQ(t, vfs_read(k.cd, buf, sizeof(buf)), 4);
	thread_join(th);
	KEXPECT_EQ(t, l.r, 4);
	/* fill the peer's queue: :nonblock takes what fits, then EAGAIN */
	w = vfs_write(nb, big, NET_LOCAL_BUF);
	KEXPECT_EQ(t, w, NET_LOCAL_BUF);
	KEXPECT_EQ(t, vfs_write(nb, "x", 1), -EAGAIN);
	/* a blocking write waits for a reader to make room */
	l = (struct later){ k.sd, NULL, NET_LOCAL_BUF, 20 * MS, 0 };
	th = thread_create("kt-netfs-r", read_later, &l, 0);
	KASSERT_TRUE(t, th != NULL);
	KEXPECT_EQ(t, vfs_write(k.cd, "more", 4), 4);
	thread_join(th);
	KEXPECT_EQ(t, l.r, NET_LOCAL_BUF);
	KEXPECT_EQ(t, vfs_read(k.sd, buf, sizeof(buf)), 4);
	/* a blocked accept is woken by a connect */
	KASSERT_EQ(t, sk_new(ns, "stream", &c), 0);
	l = (struct later){ (struct file *)&c, "connect kt-block", 0, 20 * MS, 1 };
	th = thread_create("kt-netfs-c", connect_later, &l, 0);
	KASSERT_TRUE(t, th != NULL);
	KEXPECT_EQ(t, sk_open(ns, &k.l, "accept", 0, &acc), 0);
	thread_join(th);
	KEXPECT_EQ(t, l.r, 0);
	vfs_close(acc);
	vfs_close(c.f);
	vfs_close(nb);
	conn_close(&k);
	kfree(big);
}

static void netfs_poll_events(struct ktest *t)
{
	struct namespace *ns = vfs_root_ns();
	u32 ev[2] = { POLLIN, POLLIN | POLLOUT }, rev[2];
	struct file *set[2];
	struct later l;
	struct thread *th;
	struct conn k;
	struct sk c;
	char buf[8];

	KASSERT_EQ(t, conn_make("seqpacket", "kt-poll", &k), 0);
	/* nothing to read yet; the client can write */
	set[0] = k.sd;
	set[1] = k.cd;
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 2, 0), 1);
	KEXPECT_EQ(t, rev[0], 0);
	KEXPECT_EQ(t, rev[1], POLLOUT);
	/* woken by a message from another thread */
	l = (struct later){ k.cd, "ping", 4, 20 * MS, 0 };
	th = thread_create("kt-netfs-p", write_later, &l, 0);
	KASSERT_TRUE(t, th != NULL);
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 1, -1), 1);
	KEXPECT_EQ(t, rev[0], POLLIN);
	thread_join(th);
	KEXPECT_EQ(t, vfs_read(k.sd, buf, sizeof(buf)), 4);
	/* a listener's data file: POLLIN while a connection waits */
	set[0] = k.ld;
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 1, 0), 0);
	KASSERT_EQ(t, sk_new(ns, "seqpacket", &c), 0);
	KEXPECT_EQ(t, sk_ctl(ns, &c, "connect kt-poll"), 0);
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 1, 0), 1);
	KEXPECT_EQ(t, rev[0], POLLIN);
	/* the server end goes: the client sees POLLHUP, end of file, EPIPE */
	vfs_close(k.sd);
	k.sd = NULL;
	set[0] = k.cd;
	KEXPECT_EQ(t, vfs_poll(set, ev + 1, rev, 1, 0), 1);
	KEXPECT_EQ(t, rev[0], POLLIN | POLLHUP);
	KEXPECT_EQ(t, vfs_read(k.cd, buf, sizeof(buf)), 0);
	KEXPECT_EQ(t, vfs_write(k.cd, "x", 1), -EPIPE);
	vfs_close(c.f);
	conn_close(&k);
}

/* Messages queued before the peer closes are still read, then EOF. */
static void netfs_peer_close(struct ktest *t)
{
	u64 s0, f0, s1, f1;
	struct conn k;
	char buf[8];

	counts(&s0, &f0);
	KASSERT_EQ(t, conn_make("seqpacket", "kt-close", &k), 0);
	KEXPECT_EQ(t, vfs_write(k.cd, "one", 3), 3);
	KEXPECT_EQ(t, vfs_write(k.cd, "two", 3), 3);
	vfs_close(k.cd);
	vfs_close(k.c.f); /* the client socket is gone now */
	k.cd = k.c.f = NULL;
	KEXPECT_EQ(t, vfs_read(k.sd, buf, sizeof(buf)), 3);
	KEXPECT_EQ(t, vfs_read(k.sd, buf, sizeof(buf)), 3);
	KEXPECT_EQ(t, vfs_read(k.sd, buf, sizeof(buf)), 0);
	KEXPECT_EQ(t, vfs_write(k.sd, "x", 1), -EPIPE);
	conn_close(&k);
	counts(&s1, &f1);
	KEXPECT_EQ(t, s1, s0);
	KEXPECT_EQ(t, f1, f0);
}

/* A socket is seen from the namespace that made it and from those of its
 * processes' descendants; a namespace without /net makes none. */
static void netfs_namespaces(struct ktest *t)
{
	struct namespace *root = vfs_root_ns();
	struct process *a, *b, *e, *old;
	struct sk rs, as, bs, es;
	struct vfs_stat st;
	char path[64];
	u64 s0, f0, s1, f1;

	counts(&s0, &f0);
	/* a in a copy of the root's namespace, b its child in a copy of a's */
	KASSERT_EQ(t, ktest_spawn(NULL, SPAWN_COPY_NS, &a), 0);
	if (!KEXPECT_EQ(t, ktest_spawn(a, SPAWN_COPY_NS, &b), 0)) {
		ktest_finish(a);
		return;
	}
	KASSERT_EQ(t, sk_new(root, "seqpacket", &rs), 0);
	KEXPECT_EQ(t, sk_ctl(root, &rs, "bind kt-ns && listen"), 0);
	/* a neither sees the root's socket nor connects to it */
	old = ktest_viewer_attach(a);
	snprintf(path, sizeof(path), "/net/local/%s", rs.id);
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, path, &st), -ENOENT);
	KEXPECT_TRUE(t, !ktest_listed(a->ns, "/net/local", rs.id));
	KASSERT_EQ(t, sk_new(a->ns, "seqpacket", &as), 0);
	KEXPECT_EQ(t, sk_ctl(a->ns, &as, "connect kt-ns"), -ECONNREFUSED);
	KEXPECT_EQ(t, sk_ctl(a->ns, &as, "bind kt-ns"), -EADDRINUSE); /* names are global */
	KEXPECT_TRUE(t, ktest_listed(a->ns, "/net/local", as.id));
	/* b sees a's socket (made in its parent's namespace) */
	ktest_viewer_attach(b);
	snprintf(path, sizeof(path), "/net/local/%s", as.id);
	KEXPECT_EQ(t, vfs_stat(b->ns, NULL, path, &st), 0);
	KASSERT_EQ(t, sk_new(b->ns, "seqpacket", &bs), 0);
	/* but a does not see b's */
	ktest_viewer_attach(a);
	snprintf(path, sizeof(path), "/net/local/%s/ctl", bs.id);
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, path, &st), -ENOENT);
	/* the same names, cached by a look as the kernel, stay hidden */
	ktest_viewer_attach(old);
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, path, &st), 0);
	ktest_viewer_attach(a);
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, path, &st), -ENOENT);
	ktest_viewer_attach(old);
	/* a namespace without /net makes no sockets */
	if (KEXPECT_EQ(t, ktest_spawn(NULL, SPAWN_EMPTY_NS, &e), 0)) {
		KEXPECT_EQ(t, sk_new(e->ns, "seqpacket", &es), -ENOENT);
		ktest_finish(e);
	}
	vfs_close(bs.f);
	vfs_close(as.f);
	vfs_close(rs.f);
	ktest_finish(b);
	ktest_finish(a);
	counts(&s1, &f1);
	KEXPECT_EQ(t, s1, s0);
	KEXPECT_EQ(t, f1, f0);
}

KTEST_SUITE(netfs, KTEST_CASE(netfs_ids_and_directories), KTEST_CASE(netfs_ctl_commands),
	    KTEST_CASE(netfs_seqpacket_boundaries), KTEST_CASE(netfs_stream_bytes),
	    KTEST_CASE(netfs_blocking_and_nonblock), KTEST_CASE(netfs_poll_events),
	    KTEST_CASE(netfs_peer_close), KTEST_CASE(netfs_namespaces));
