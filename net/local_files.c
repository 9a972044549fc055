/*
 * The files of local sockets. Opening /net/local/seqpacket or /stream
 * makes a socket (in the namespace of the walk) that lives as long as
 * files are open on it; a read of that file gives its id. In
 * /net/local/[id]/: ctl takes commands (local_ctl.c), data reads and
 * writes the connection, and opening accept waits for a connection and
 * gives a file on its server end (read, write and poll as data). Every
 * file holds a reference to its socket from open to release.
 * Locking: see internal.h; read, write and the open of accept run
 * without vfs_lock and may sleep.
 */
#include <loom/errno.h>
#include <loom/path.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include "netfs.h"

static int new_open(struct file *f)
{
	struct sock *s = sock_new(f->inode->priv == NETFS_SEQPACKET, vfs_file_ns_id(f), true, NULL);

	if (!s)
		return -ENOMEM;
	f->priv = s;
	return 0;
}

static void sock_release(struct file *f)
{
	sock_put(f->priv);
}

/* The id as text, read from *pos on. */
static ssize_t new_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct sock *s = f->priv;
	char id[24];
	size_t len = (size_t)snprintf(id, sizeof(id), "%llu", s->id);

	if (*pos >= len)
		return 0;
	n = MIN(n, len - (size_t)*pos);
	memcpy(buf, id + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

const struct file_ops netfs_new_fops = {
	.open = new_open,
	.release = sock_release,
	.read = new_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

/* ctl, data, accept: the socket of the directory, if still visible. */
static int entry_open(struct file *f)
{
	struct sock *s;
	int r = sock_find(netfs_id(f->inode), &s);

	if (r)
		return -ENOENT;
	f->priv = s;
	return 0;
}

static ssize_t ctl_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct sock *s = f->priv, *srv = NULL;
	struct ctl_prog *prog = kmalloc(sizeof(*prog));
	void *ring = NULL;
	char why[96];
	u32 failed = 0;
	int r = -ENOMEM;

	if (!prog)
		return r;
	r = ctl_parse_lang(&ctl_net_lang, buf, n, prog, why, sizeof(why));
	if (r) {
		pr_warn("netfs: local/%llu/ctl: %s", s->id, why);
		goto out;
	}
	for (u32 i = 0; i < prog->n; i++) {
		if (prog->cmd[i].op != CTL_NET_CONNECT)
			continue;
		/* what a connect needs, made before net_lock is taken */
		srv = sock_new(s->packets, 0, false, kmalloc(NET_LOCAL_BUF));
		ring = kmalloc(NET_LOCAL_BUF);
		if (srv && !srv->rx.buf) {
			sock_put(srv);
			srv = NULL;
		}
		break;
	}
	r = sock_ctl(s, prog, why, sizeof(why), &failed, srv, &ring);
	if (r)
		pr_warn("netfs: local/%llu/ctl: command %u (%s): %s (error %d); nothing applied",
			s->id, failed + 1, ctl_op_name(prog->cmd[failed].op), why, r);
	else
		srv = NULL; /* connected (or not needed: put below) */
out:
	if (srv)
		sock_put(srv);
	kfree(ring);
	kfree(prog);
	return r ? r : (ssize_t)n;
}

const struct file_ops netfs_ctl_fops = {
	.flags = FOPS_UNLOCKED,
	.open = entry_open,
	.release = sock_release,
	.read = vfs_no_read,
	.write = ctl_write,
	.seek = vfs_no_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

static ssize_t data_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	return sock_read(f->priv, buf, n, f->flags & PATH_NONBLOCK);
}

static ssize_t data_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	return sock_write(f->priv, buf, n, f->flags & PATH_NONBLOCK);
}

static u32 data_poll(struct file *f, u32 events, struct poll_table *pt)
{
	return sock_poll(f->priv, pt);
}

const struct file_ops netfs_data_fops = {
	.flags = FOPS_UNLOCKED,
	.open = entry_open,
	.release = sock_release,
	.read = data_read,
	.write = data_write,
	.seek = vfs_no_seek,
	.readdir = vfs_no_readdir,
	.poll = data_poll,
};

/* Runs without vfs_lock (FOPS_OPEN_UNLOCKED): it may wait long. */
static int accept_open(struct file *f)
{
	struct sock *l, *srv;
	int r = sock_find(netfs_id(f->inode), &l);

	if (r)
		return -ENOENT;
	r = sock_accept(l, f->flags & PATH_NONBLOCK, &srv);
	sock_put(l);
	if (r)
		return r;
	f->priv = srv;
	return 0;
}

const struct file_ops netfs_accept_fops = {
	.flags = FOPS_UNLOCKED | FOPS_OPEN_UNLOCKED,
	.open = accept_open,
	.release = sock_release,
	.read = data_read,
	.write = data_write,
	.seek = vfs_no_seek,
	.readdir = vfs_no_readdir,
	.poll = data_poll,
};
