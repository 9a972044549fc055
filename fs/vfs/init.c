/*
 * Boot: register tmpfs, make the initial namespace with a tmpfs root and
 * fill it from the ramdisk (directories, regular files and symlinks with
 * their modes), then mount devfs at /dev. A bad entry is skipped with a
 * log line, never fatal.
 * Locking: the public VFS calls take vfs_lock themselves.
 */
#include <loom/cpio.h>
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/initrd.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/tmpfs.h>
#include "internal.h"

static struct namespace *root_ns;

struct namespace *vfs_root_ns(void)
{
	return root_ns;
}

static int fill_file(struct namespace *ns, const char *path, const struct cpio_entry *e)
{
	struct file *f;
	ssize_t w = 0;
	int r = vfs_open(ns, NULL, path, PERM_WRITE, &f);

	if (r)
		return r;
	if (e->size)
		w = vfs_write(f, e->data, e->size);
	vfs_lock_take();
	f->inode->mode = e->mode & 07777;
	vfs_lock_drop();
	vfs_close(f);
	return w < 0 ? (int)w : (u64)w != e->size ? -ENOSPC : 0;
}

static int fill_symlink(struct namespace *ns, const char *path, const struct cpio_entry *e)
{
	char *target;
	int r;

	if (!e->size || e->size >= PATH_MAX)
		return -EINVAL;
	target = kmalloc(e->size + 1);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->size);
	target[e->size] = 0;
	r = strlen(target) == e->size ? vfs_symlink(ns, NULL, target, path) : -EINVAL;
	kfree(target);
	return r;
}

int vfs_fill_entry(struct namespace *ns, const struct cpio_entry *e, struct vfs_fill_stats *st)
{
	const char *name = e->name;
	u32 type = e->mode & CPIO_S_IFMT;
	char *path;
	int r;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if (!name[0] || !strcmp(name, ".") || !strcmp(name, "TRAILER!!!"))
		return 0;
	if (strchr(name, ':')) {
		pr_warn("vfs: ramdisk entry '%s': a ':' in a name; skipped", name);
		return -EINVAL;
	}
	path = kmalloc(PATH_MAX + 8);
	if (!path)
		return -ENOMEM;
	if (strlen(name) >= PATH_MAX - 8) {
		r = -ENAMETOOLONG;
		goto out;
	}
	path[0] = '/';
	strlcpy(path + 1, name, PATH_MAX);
	switch (type) {
	case CPIO_S_IFDIR:
		strlcpy(path + 1 + strlen(name), ":p", 8);
		r = vfs_mkdir(ns, NULL, path, e->mode & 07777);
		st->dirs += !r;
		break;
	case CPIO_S_IFREG:
		strlcpy(path + 1 + strlen(name), ":cpt", 8);
		r = fill_file(ns, path, e);
		st->files += !r;
		st->bytes += r ? 0 : e->size;
		break;
	case CPIO_S_IFLNK:
		r = fill_symlink(ns, path, e);
		st->files += !r;
		break;
	default: r = -EINVAL;
	}
	if (r)
		pr_warn("vfs: ramdisk entry '%s' (mode %o): error %d; skipped", name, e->mode, r);
out:
	kfree(path);
	return r;
}

static int fill_one(const struct cpio_entry *e, void *ctx)
{
	vfs_fill_entry(root_ns, e, ctx);
	return 0;
}

void vfs_init(void)
{
	struct vfs_fill_stats st = { 0 };
	struct super_block *sb;
	int r;

	r = tmpfs_init();
	if (!r) {
		vfs_lock_take();
		root_ns = ns_alloc();
		r = root_ns ? vfs_new_super("tmpfs", NULL, &sb) : -ENOMEM;
		if (!r) {
			root_ns->root = mnt_alloc(root_ns, NULL, NULL, sb->root, 0, PERM_ALL);
			vfs_super_put(sb);
			if (!root_ns->root)
				r = -ENOMEM;
		}
		vfs_lock_drop();
	}
	if (r) {
		pr_err("vfs: no root file system (error %d)", r);
		return;
	}
	if (IS_ENABLED(CONFIG_INITRD))
		initrd_for_each(fill_one, &st);
	pr_info("vfs: root tmpfs from the ramdisk: %llu files, %llu directories, %llu bytes",
		st.files, st.dirs, st.bytes);
	devfs_init(); /* /dev: device files can be registered from here on */
}
