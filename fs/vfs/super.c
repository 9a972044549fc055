/*
 * File system types and superblocks: the registry of fs_types (by name),
 * making a superblock for a mount and freeing it with its dentry tree when
 * the last mount of it goes, and the shared default ops tables.
 * Locking: vfs_lock. Contract: see include/loom/vfs.h.
 */
#include <loom/errno.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <uapi/loom/syscall.h>
#include "internal.h"

#define MAX_FS_TYPES 16

struct rwsem vfs_lock = RWSEM_INIT;
struct vfs_counts vfs_counts;

static const struct fs_type *fs_types[MAX_FS_TYPES];
static u32 next_sb_id = 1;

int vfs_register_fs(const struct fs_type *t)
{
	int r = -ENOSPC;

	vfs_lock_take();
	if (vfs_find_fs(t->name)) {
		r = -EEXIST;
		goto out;
	}
	for (int i = 0; i < MAX_FS_TYPES; i++) {
		if (!fs_types[i]) {
			fs_types[i] = t;
			r = 0;
			break;
		}
	}
out:
	vfs_lock_drop();
	return r;
}

const struct fs_type *vfs_find_fs(const char *name)
{
	for (int i = 0; i < MAX_FS_TYPES; i++)
		if (fs_types[i] && !strcmp(fs_types[i]->name, name))
			return fs_types[i];
	return NULL;
}

int vfs_new_super(const char *fs_type_name, const char *source, struct super_block **out)
{
	const struct fs_type *t = vfs_find_fs(fs_type_name);
	struct super_block *sb;
	int r;

	if (!t)
		return -ENODEV;
	sb = kzalloc(sizeof(*sb));
	if (!sb)
		return -ENOMEM;
	sb->type = t;
	sb->id = next_sb_id++;
	sb->refs = 1;
	sb->next_ino = 1;
	strlcpy(sb->source, source ? source : "", sizeof(sb->source));
	r = t->mount(sb, source ? source : "");
	if (!r) {
		sb->root = d_alloc(NULL, "/", sb->root_inode);
		if (!sb->root) {
			vfs_inode_put(sb->root_inode);
			r = -ENOMEM;
		}
	}
	if (r) {
		if (sb->root_inode || sb->priv)
			t->kill_sb(sb);
		kfree(sb);
		return r;
	}
	vfs_inode_put(sb->root_inode); /* the root dentry holds it now */
	r = t->fill ? t->fill(sb) : 0;
	if (r) {
		d_free_tree(sb->root);
		t->kill_sb(sb);
		kfree(sb);
		return r;
	}
	vfs_counts.supers++;
	*out = sb;
	return 0;
}

void vfs_super_put(struct super_block *sb)
{
	if (--sb->refs)
		return;
	d_free_tree(sb->root);
	sb->type->kill_sb(sb);
	vfs_counts.supers--;
	kfree(sb);
}

/* --- shared defaults --------------------------------------------------- */

int vfs_no_create(struct inode *dir, const char *name, u32 type, u32 mode, const char *target,
		  struct inode **out)
{
	return -EROFS;
}

int vfs_no_readlink(struct inode *ino, char *buf, size_t size)
{
	return -EINVAL;
}

int vfs_no_truncate(struct inode *ino, u64 size)
{
	return -EINVAL;
}

void vfs_nop_evict(struct inode *ino)
{
}

const struct inode_ops vfs_default_inode_ops = {
	.create = vfs_no_create,
	.readlink = vfs_no_readlink,
	.truncate = vfs_no_truncate,
	.evict = vfs_nop_evict,
};

int vfs_nop_open(struct file *f)
{
	return 0;
}

void vfs_nop_release(struct file *f)
{
}

ssize_t vfs_no_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	return f->inode->type == INODE_DIR ? -EISDIR : -EINVAL;
}

ssize_t vfs_no_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	return f->inode->type == INODE_DIR ? -EISDIR : -EINVAL;
}

int vfs_no_readdir(struct file *f, struct vfs_dirent *de, u64 *pos)
{
	return -ENOTDIR;
}

u32 vfs_poll_ready(struct file *f, u32 events, struct poll_table *pt)
{
	return events & (POLLIN | POLLOUT);
}

s64 vfs_no_seek(struct file *f, s64 off, int whence)
{
	return -ESPIPE;
}

s64 vfs_generic_seek(struct file *f, s64 off, int whence)
{
	s64 base;

	switch (whence) {
	case VFS_SEEK_SET: base = 0; break;
	case VFS_SEEK_CUR: base = (s64)f->pos; break;
	case VFS_SEEK_END: base = (s64)f->inode->size; break;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = (u64)(base + off);
	return (s64)f->pos;
}

const struct file_ops vfs_default_file_ops = {
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = vfs_no_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

/* A directory whose children all live in the dentry cache (tmpfs, devfs). */
const struct file_ops vfs_dcache_dir_ops = {
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = vfs_no_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_dcache_readdir,
	.poll = vfs_poll_ready,
};

void vfs_get_counts(struct vfs_counts *c)
{
	vfs_lock_take_shared();
	*c = vfs_counts;
	vfs_lock_drop_shared();
}

u64 vfs_lock_waits(void)
{
	return __atomic_load_n(&vfs_lock.waits, __ATOMIC_RELAXED);
}
