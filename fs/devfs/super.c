/*
 * devfs core: the file system type, the registry of device files and the
 * boot mount at /dev. Every mounted instance shows every registered name.
 * Locking: the registry and the instance table are guarded by vfs_lock
 * (ops run with it held; devfs_register takes it with vfs_fs_lock).
 */
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/printk.h>
#include <loom/string.h>
#include "internal.h"

#define DEVFS_MAX_FILES 32
#define DEVFS_MAX_SB	8

struct devfs_entry {
	char name[DEVFS_NAME_MAX + 1];
	const struct file_ops *ops;
	void *priv;
	u32 mode;
};

static struct devfs_entry entries[DEVFS_MAX_FILES];
static struct super_block *instances[DEVFS_MAX_SB];

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
	for (int i = 0; i < DEVFS_MAX_SB; i++) {
		if (instances[i])
			continue;
		sb->root_inode = vfs_inode_alloc(sb, INODE_DIR, 0755);
		if (!sb->root_inode)
			return -ENOMEM;
		sb->root_inode->nlink = 2;
		sb->root_inode->fops = &vfs_dcache_dir_ops;
		instances[i] = sb;
		return 0;
	}
	return -EBUSY;
}

static int devfs_fill(struct super_block *sb)
{
	for (int i = 0; i < DEVFS_MAX_FILES; i++) {
		int r = entries[i].ops ? add_one(sb, &entries[i]) : 0;

		if (r)
			return r;
	}
	return 0;
}

static void devfs_kill_sb(struct super_block *sb)
{
	for (int i = 0; i < DEVFS_MAX_SB; i++)
		if (instances[i] == sb)
			instances[i] = NULL;
}

static const struct fs_type devfs_type = {
	.name = "devfs",
	.mount = devfs_mount,
	.kill_sb = devfs_kill_sb,
	.fill = devfs_fill,
};

static struct devfs_entry *find(const char *name)
{
	for (int i = 0; i < DEVFS_MAX_FILES; i++)
		if (entries[i].ops && !strcmp(entries[i].name, name))
			return &entries[i];
	return NULL;
}

static void remove_all(const char *name)
{
	for (int i = 0; i < DEVFS_MAX_SB; i++)
		if (instances[i])
			vfs_fs_remove(instances[i], name); /* -ENOENT: removed by hand */
}

int devfs_register(const char *name, const struct file_ops *ops, void *priv, u32 mode)
{
	struct devfs_entry *e = NULL;
	int r = 0;

	if (!name || !ops || strlen(name) > DEVFS_NAME_MAX || !vfs_fs_name_ok(name))
		return -EINVAL;
	vfs_fs_lock();
	if (find(name)) {
		r = -EEXIST;
		goto out;
	}
	for (int i = 0; i < DEVFS_MAX_FILES && !e; i++)
		if (!entries[i].ops)
			e = &entries[i];
	if (!e) {
		r = -ENOSPC;
		goto out;
	}
	strlcpy(e->name, name, sizeof(e->name));
	e->ops = ops;
	e->priv = priv;
	e->mode = mode & 07777;
	for (int i = 0; i < DEVFS_MAX_SB && !r; i++)
		if (instances[i])
			r = add_one(instances[i], e);
	if (r) {
		remove_all(name);
		memset(e, 0, sizeof(*e));
	}
out:
	vfs_fs_unlock();
	return r;
}

int devfs_unregister(const char *name)
{
	struct devfs_entry *e;

	vfs_fs_lock();
	e = name ? find(name) : NULL;
	if (e) {
		remove_all(name);
		memset(e, 0, sizeof(*e));
	}
	vfs_fs_unlock();
	return e ? 0 : -ENOENT;
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
