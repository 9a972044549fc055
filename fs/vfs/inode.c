/*
 * Inodes: allocation (numbers per superblock, times from the wall clock),
 * references (each dentry naming it and each open file) and eviction when
 * the last one goes: the file system frees the data, then the VFS the
 * inode. Locking: vfs_lock (shared is enough for vfs_inode_touch without
 * modify and for vfs_fill_stat).
 */
#include <loom/slab.h>
#include <loom/time.h>
#include "internal.h"

struct inode *vfs_inode_alloc(struct super_block *sb, u32 type, u32 mode)
{
	struct inode *ino = kzalloc(sizeof(*ino));
	u64 now = clock_realtime_ns();

	if (!ino)
		return NULL;
	ino->ino = sb->next_ino++;
	ino->type = type;
	ino->mode = mode & 07777;
	ino->refs = 1;
	ino->sb = sb;
	ino->ops = &vfs_default_inode_ops;
	ino->fops = &vfs_default_file_ops;
	ino->atime_ns = ino->mtime_ns = ino->ctime_ns = now;
	vfs_counts.inodes++;
	return ino;
}

void vfs_inode_get(struct inode *ino)
{
	ino->refs++;
}

void vfs_inode_put(struct inode *ino)
{
	if (!ino || --ino->refs)
		return;
	ino->ops->evict(ino);
	vfs_counts.inodes--;
	kfree(ino);
}

void vfs_inode_touch(struct inode *ino, bool modify)
{
	u64 now = clock_realtime_ns();

	/* readers under the shared lock touch it side by side */
	__atomic_store_n(&ino->atime_ns, now, __ATOMIC_RELAXED);
	if (modify)
		ino->mtime_ns = ino->ctime_ns = now;
}

void vfs_fill_stat(struct inode *ino, struct vfs_stat *st)
{
	st->ino = ino->ino;
	st->type = ino->type;
	st->mode = ino->mode;
	st->nlink = ino->nlink;
	st->dev = ino->sb->id;
	st->size = ino->size;
	st->atime_ns = __atomic_load_n(&ino->atime_ns, __ATOMIC_RELAXED);
	st->mtime_ns = ino->mtime_ns;
	st->ctime_ns = ino->ctime_ns;
}
