/*
 * netfs: the network as files, mounted at /net of the initial namespace.
 *
 *	/net/local/seqpacket   open: a new seqpacket socket (read: its id)
 *	/net/local/stream      open: a new stream socket
 *	/net/local/[id]/       a socket: ctl, data, accept (local_files.c)
 *
 * Names are made on lookup and kept in the dentry cache, checked again at
 * each walk (revalidate): a socket that is gone is dropped, one made in a
 * namespace the caller does not descend from is -ENOENT (sock_visible),
 * as procfs hides processes. Every mount shows the same sockets. Locking:
 * lookup, revalidate and readdir run under vfs_lock and take net_lock
 * (internal.h).
 */
#include <loom/cmdline.h>
#include <loom/errno.h>
#include <loom/init.h>
#include <loom/printk.h>
#include <loom/string.h>
#include "netfs.h"

struct netfs_name {
	const char *name;
	u32 type, mode;
	const struct file_ops *fops;
	void *priv; /* NULL: the directory's own priv */
};

static const struct inode_ops root_iops, local_iops, sock_iops, new_iops, entry_iops;
static const struct file_ops root_fops, local_fops, sock_fops;

static const struct netfs_name root_names[] = {
	{ "local", INODE_DIR, 0555, &local_fops, NULL },
};
static const struct netfs_name local_names[] = {
	{ "seqpacket", INODE_REG, 0444, &netfs_new_fops, NETFS_SEQPACKET },
	{ "stream", INODE_REG, 0444, &netfs_new_fops, NETFS_STREAM },
};
static const struct netfs_name sock_names[] = {
	{ "ctl", INODE_REG, 0200, &netfs_ctl_fops, NULL },
	{ "data", INODE_REG, 0666, &netfs_data_fops, NULL },
	{ "accept", INODE_REG, 0444, &netfs_accept_fops, NULL },
};

static struct inode *netfs_inode(struct super_block *sb, u32 type, u32 mode, void *priv,
				 const struct inode_ops *iops, const struct file_ops *fops)
{
	struct inode *ino = vfs_inode_alloc(sb, type, mode);

	if (!ino)
		return NULL;
	ino->priv = priv;
	ino->ops = iops;
	ino->fops = fops;
	if (type == INODE_DIR)
		ino->nlink = 2;
	return ino;
}

/* Look name up in a fixed table of dir: its inode gets iops. */
static int table_lookup(struct dentry *dir, const struct netfs_name *t, size_t n, const char *name,
			const struct inode_ops *iops, struct inode **out)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(name, t[i].name))
			continue;
		*out = netfs_inode(dir->sb, t[i].type, t[i].mode,
				   t[i].priv ? t[i].priv : dir->inode->priv, iops, t[i].fops);
		return *out ? 0 : -ENOMEM;
	}
	return -ENOENT;
}

static int table_readdir(const struct netfs_name *t, size_t n, struct vfs_dirent *de, u64 *pos)
{
	if (*pos >= n)
		return 0;
	de->ino = 0;
	de->type = t[*pos].type;
	strlcpy(de->name, t[*pos].name, sizeof(de->name));
	(*pos)++;
	return 1;
}

/* A socket's directory and its files: gone (-ESTALE) or hidden (-ENOENT). */
static int sock_revalidate(struct dentry *d)
{
	struct sock *s;
	int r = sock_find(netfs_id(d->inode), &s);

	if (!r)
		sock_put(s);
	return r;
}

static int root_lookup(struct dentry *dir, const char *name, struct inode **out)
{
	return table_lookup(dir, root_names, ARRAY_SIZE(root_names), name, &local_iops, out);
}

static int root_readdir(struct file *f, struct vfs_dirent *de, u64 *pos)
{
	return table_readdir(root_names, ARRAY_SIZE(root_names), de, pos);
}

static int local_lookup(struct dentry *dir, const char *name, struct inode **out)
{
	struct sock *s;
	u64 id;
	int r = table_lookup(dir, local_names, ARRAY_SIZE(local_names), name, &new_iops, out);

	if (r != -ENOENT)
		return r;
	if (name[0] < '1' || name[0] > '9' || parse_u64(name, &id))
		return -ENOENT; /* ids are plain decimal numbers */
	for (const char *c = name; *c; c++)
		if (*c < '0' || *c > '9')
			return -ENOENT;
	if (sock_find(id, &s))
		return -ENOENT;
	sock_put(s);
	*out = netfs_inode(dir->sb, INODE_DIR, 0555, (void *)(uintptr_t)id, &sock_iops, &sock_fops);
	return *out ? 0 : -ENOMEM;
}

/* The fixed names, then the sockets the caller may see: past the table,
 * *pos is one more than the last id listed. */
static int local_readdir(struct file *f, struct vfs_dirent *de, u64 *pos)
{
	const size_t n = ARRAY_SIZE(local_names);
	u64 id;

	if (*pos < n)
		return table_readdir(local_names, n, de, pos);
	id = sock_next_visible(*pos - n);
	if (!id)
		return 0;
	*pos = id + n;
	de->ino = 0;
	de->type = INODE_DIR;
	snprintf(de->name, sizeof(de->name), "%llu", id);
	return 1;
}

static int sock_lookup(struct dentry *dir, const char *name, struct inode **out)
{
	if (sock_revalidate(dir))
		return -ENOENT;
	return table_lookup(dir, sock_names, ARRAY_SIZE(sock_names), name, &entry_iops, out);
}

static int sock_readdir(struct file *f, struct vfs_dirent *de, u64 *pos)
{
	return table_readdir(sock_names, ARRAY_SIZE(sock_names), de, pos);
}

static int netfs_no_unlink(struct inode *dir, struct dentry *d)
{
	return -EPERM;
}

#define NETFS_DIR_IOPS(lookup_fn, reval)                                                           \
	{                                                                                          \
		.create = vfs_no_create, .readlink = vfs_no_readlink, .truncate = vfs_no_truncate, \
		.evict = vfs_nop_evict, .lookup = lookup_fn, .revalidate = reval,                  \
		.unlink = netfs_no_unlink,                                                         \
	}
#define NETFS_DIR_FOPS(readdir_fn)                                                      \
	{                                                                               \
		.open = vfs_nop_open, .release = vfs_nop_release, .read = vfs_no_read,  \
		.write = vfs_no_write, .seek = vfs_generic_seek, .readdir = readdir_fn, \
		.poll = vfs_poll_ready,                                                 \
	}

static const struct inode_ops root_iops = NETFS_DIR_IOPS(root_lookup, NULL);
static const struct inode_ops local_iops = NETFS_DIR_IOPS(local_lookup, NULL);
static const struct inode_ops sock_iops = NETFS_DIR_IOPS(sock_lookup, sock_revalidate);
static const struct inode_ops new_iops = {
	.create = vfs_no_create,
	.readlink = vfs_no_readlink,
	.truncate = vfs_no_truncate,
	.evict = vfs_nop_evict,
};
static const struct inode_ops entry_iops = {
	.create = vfs_no_create,
	.readlink = vfs_no_readlink,
	.truncate = vfs_no_truncate,
	.evict = vfs_nop_evict,
	.revalidate = sock_revalidate,
};
static const struct file_ops root_fops = NETFS_DIR_FOPS(root_readdir);
static const struct file_ops local_fops = NETFS_DIR_FOPS(local_readdir);
static const struct file_ops sock_fops = NETFS_DIR_FOPS(sock_readdir);

static int netfs_mount(struct super_block *sb, const char *source)
{
	if (source[0])
		return -EINVAL; /* netfs takes no options */
	sb->root_inode = netfs_inode(sb, INODE_DIR, 0555, NULL, &root_iops, &root_fops);
	return sb->root_inode ? 0 : -ENOMEM;
}

static void netfs_kill_sb(struct super_block *sb)
{
}

static const struct fs_type netfs_type = {
	.name = "netfs",
	.mount = netfs_mount,
	.kill_sb = netfs_kill_sb,
};

static int netfs_init(void)
{
	struct namespace *ns = vfs_root_ns();
	int r;

	r = vfs_register_fs(&netfs_type);
	if (!r)
		r = ns ? vfs_mount(ns, "/net:create", "netfs", NULL) : -ENOENT;
	if (r)
		pr_err("netfs: not mounted at /net (error %d)", r);
	else
		pr_info("netfs: mounted at /net");
	return r;
}
device_initcall(netfs_init);
