/*
 * devfs core: the file system type, the registry of device files and the
 * boot mount at /dev. Every mounted instance shows every registered name.
 * Locking: the registry and the instance list are guarded by vfs_lock
 * (ops run with it held; devfs_register takes it with vfs_fs_lock).
 */
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

/* Registered files, in registration order (an instance is filled in
 * that order), and the mounted instances: lists, no fixed limits. */
struct devfs_entry {
	struct devfs_entry *next;
	char name[DEVFS_NAME_MAX + 1];
	const struct file_ops *ops;
	void *priv;
	u32 mode;
};

struct devfs_instance {
	struct devfs_instance *next;
	struct super_block *sb;
};

static struct devfs_entry *entries, **entries_tail = &entries;
static struct devfs_instance *instances;

static int add_one(struct super_block *sb, const struct devfs_entry *e)
{
	struct inode *ino = vfs_inode_alloc(sb, INODE_REG, e->mode);
	int r;

	if (!ino)
		return -ENOMEM;
	ino->fops = e->ops;
	ino->priv = e->priv;
	r = vfs_fs_add(sb, e->name, ino);
	vfs_inode_put(ino); /* the name holds it now (or it is freed) */
	return r;
}

static int devfs_mount(struct super_block *sb, const char *source)
{
	struct devfs_instance *in = kmalloc(sizeof(*in));

	if (!in)
		return -ENOMEM;
	sb->root_inode = vfs_inode_alloc(sb, INODE_DIR, 0755);
	if (!sb->root_inode) {
		kfree(in);
		return -ENOMEM;
	}
	sb->root_inode->nlink = 2;
	sb->root_inode->fops = &vfs_dcache_dir_ops;
	in->sb = sb;
	in->next = instances;
	instances = in;
	return 0;
}

static int devfs_fill(struct super_block *sb)
{
	for (struct devfs_entry *e = entries; e; e = e->next) {
		int r = add_one(sb, e);

		if (r)
			return r;
	}
	return 0;
}

static void devfs_kill_sb(struct super_block *sb)
{
	for (struct devfs_instance **pp = &instances; *pp; pp = &(*pp)->next) {
		if ((*pp)->sb == sb) {
			struct devfs_instance *in = *pp;

			*pp = in->next;
			kfree(in);
			return;
		}
	}
}

static const struct fs_type devfs_type = {
	.name = "devfs",
	.mount = devfs_mount,
	.kill_sb = devfs_kill_sb,
	.fill = devfs_fill,
};

/* The entry named name and the link pointing at it, or NULL. */
static struct devfs_entry **find(const char *name)
{
	for (struct devfs_entry **pp = &entries; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->name, name))
			return pp;
	return NULL;
}

static void remove_all(const char *name)
{
	for (struct devfs_instance *in = instances; in; in = in->next)
		vfs_fs_remove(in->sb, name); /* -ENOENT: removed by hand */
}

/* Take *pp out of the list and free it. */
static void entry_free(struct devfs_entry **pp)
{
	struct devfs_entry *e = *pp;

	*pp = e->next;
	if (entries_tail == &e->next)
		entries_tail = pp;
	kfree(e);
}

static int register_locked(const char *name, const struct file_ops *ops, void *priv, u32 mode)
{
	struct devfs_entry *e, **pp;
	int r = 0;

	if (!name || !ops || strlen(name) > DEVFS_NAME_MAX || !vfs_fs_name_ok(name))
		return -EINVAL;
	if (find(name))
		return -EEXIST;
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	strlcpy(e->name, name, sizeof(e->name));
	e->ops = ops;
	e->priv = priv;
	e->mode = mode & 07777;
	pp = entries_tail;
	*pp = e;
	entries_tail = &e->next;
	for (struct devfs_instance *in = instances; in && !r; in = in->next)
		r = add_one(in->sb, e);
	if (r) {
		remove_all(name);
		entry_free(pp);
	}
	return r;
}

static int unregister_locked(const char *name)
{
	struct devfs_entry **pp = name ? find(name) : NULL;

	if (!pp)
		return -ENOENT;
	remove_all(name);
	entry_free(pp);
	return 0;
}

int devfs_register(const char *name, const struct file_ops *ops, void *priv, u32 mode)
{
	int r;

	vfs_fs_lock();
	r = register_locked(name, ops, priv, mode);
	vfs_fs_unlock();
	return r;
}

int devfs_unregister(const char *name)
{
	int r;

	vfs_fs_lock();
	r = unregister_locked(name);
	vfs_fs_unlock();
	return r;
}

int devfs_register_locked(const char *name, const struct file_ops *ops, void *priv, u32 mode)
{
	return register_locked(name, ops, priv, mode);
}

int devfs_unregister_locked(const char *name)
{
	return unregister_locked(name);
}

void devfs_init(void)
{
	struct namespace *ns = vfs_root_ns();
	int r = vfs_register_fs(&devfs_type);

	if (!r)
		r = devfs_register_basic();
	if (!r)
		r = devfs_register_klog();
	if (!r)
		r = devfs_register_modules();
	if (!r)
		r = ns ? vfs_mount(ns, "/dev:create", "devfs", NULL) : -ENOENT;
	if (r)
		pr_err("devfs: not mounted at /dev (error %d)", r);
	else
		pr_info("devfs: mounted at /dev");
}
