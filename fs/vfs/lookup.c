/*
 * Looking up one name under a directory for the walk and the operations
 * on names: the dentry cache first, checked with the child's revalidate
 * op when it has one (a stale entry is dropped with everything cached
 * under it), then the directory's lookup op, whose answer is cached.
 * File systems without those ops (tmpfs, devfs) are the cache alone.
 * Locking: vfs_lock held; shared is enough for a hit (revalidate then
 * runs beside other readers): what would change the cache returns
 * VFS_WALK_EXCL.
 */
#include <loom/errno.h>
#include "internal.h"

/* Drop d and what is cached under it. Dentries still referenced (open
 * files) leave the tree and go with their last reference. */
void d_drop_tree(struct dentry *top)
{
	struct dentry *d = top;

	for (;;) {
		while (d->children)
			d = d->children;
		struct dentry *up = d->parent;

		if (d->inode->type == INODE_DIR && up)
			up->inode->nlink--;
		d->inode->nlink = 0;
		if (d == top) {
			d_unlink(d);
			return;
		}
		d_unlink(d);
		d = up;
	}
}

int d_lookup_child(struct dentry *dir, const char *name, struct dentry **out, bool shared)
{
	struct dentry *d = d_lookup(dir, name);
	struct inode *ino;
	int r;

	if (d && d->inode->ops->revalidate && !d->mounted) {
		r = d->inode->ops->revalidate(d);
		if (r == -ESTALE && shared)
			return VFS_WALK_EXCL;
		if (r == -ESTALE) {
			d_drop_tree(d);
			d = NULL;
		} else if (r) {
			return r;
		}
	}
	/* a directory out of the tree (dropped, removed) gets no new names:
	 * they would outlive it */
	if (!d && dir->inode->ops->lookup && (dir->linked || dir == dir->sb->root)) {
		if (shared)
			return VFS_WALK_EXCL;
		r = dir->inode->ops->lookup(dir, name, &ino);
		if (r)
			return r;
		d = d_alloc(dir, name, ino);
		vfs_inode_put(ino);
		if (!d)
			return -ENOMEM;
		ino->nlink = ino->type == INODE_DIR ? 2 : 1;
		if (ino->type == INODE_DIR)
			dir->inode->nlink++;
	}
	if (!d)
		return -ENOENT;
	*out = d;
	return 0;
}
