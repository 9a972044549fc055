/*
 * Open files: vfs_open (walk, create, permission check), read, write,
 * seek, readdir, stat and close. A file holds its dentry, inode and mount,
 * so it stays usable after an unlink or an umount attempt (refused while
 * open). Its perms are fixed at open: writes without PERM_WRITE, reads
 * without PERM_READ are -EACCES. Locking: vfs_lock around every call
 * (shared for fstat and FOPS_SHARED_READ reads and seeks, then the file's pos_lock
 * first), except read and write of FOPS_UNLOCKED files (device files) and
 * taking a reference (atomic).
 */
#include <loom/errno.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

#define OPEN_FLAGS                                                                     \
	(PATH_CREATE | PATH_EXCLUSIVE | PATH_TRUNCATE | PATH_APPEND | PATH_DIRECTORY | \
	 PATH_NONBLOCK | PATH_PARENTS | PATH_NOFOLLOW)

struct file *vfs_file_new(struct vpath *p, u32 flags, u32 perms)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->refs = 1;
	mutex_init(&f->pos_lock);
	f->flags = flags;
	f->perms = perms;
	f->inode = p->d->inode;
	f->dentry = p->d;
	f->mnt = p->mnt;
	f->ops = f->inode->fops;
	vfs_inode_get(f->inode);
	d_get(f->dentry);
	mnt_get(f->mnt);
	vfs_counts.files++;
	return f;
}

void vfs_file_free(struct file *f)
{
	d_put(f->dentry);
	vfs_inode_put(f->inode);
	mnt_put(f->mnt);
	vfs_counts.files--;
	kfree(f);
}

int vfs_file_open(struct vpath *p, u32 flags, u32 perms, struct file **out)
{
	struct file *f = vfs_file_new(p, flags, perms);
	int r;

	if (!f)
		return -ENOMEM;
	r = f->ops->open(f);
	if (r) {
		vfs_file_free(f);
		return r;
	}
	*out = f;
	return 0;
}

/* With vfs_lock held, which this drops: the file holds its dentry, inode
 * and mount, so the open (which may sleep) runs without the lock. */
static int open_unlocked(struct vpath *p, u32 flags, u32 perms, struct file **out)
{
	struct file *f = vfs_file_new(p, flags, perms);
	int r;

	vfs_lock_drop();
	if (!f)
		return -ENOMEM;
	r = f->ops->open(f);
	if (r) {
		vfs_lock_take();
		vfs_file_free(f);
		vfs_lock_drop();
		return r;
	}
	*out = f;
	return 0;
}

int vfs_open(struct namespace *ns, struct file *cwd, const char *path, u32 perms, struct file **out)
{
	struct path_spec *s;
	struct vpath p;
	u32 type;
	int r;

	if (!ns || !out || (perms & ~PERM_ALL))
		return -EINVAL;
	s = vfs_parse(path, OPEN_FLAGS, 0, &r);
	if (!s)
		return r;
	perms |= s->perms;
	vfs_lock_take();
	r = vfs_walk(ns, cwd, s->path, (s->flags & PATH_NOFOLLOW) ? 0 : WALK_FOLLOW, &p, NULL);
	if (r == -ENOENT && (s->flags & PATH_CREATE)) {
		type = (s->flags & PATH_DIRECTORY) ? INODE_DIR : INODE_REG;
		r = vfs_create(ns, cwd, s, type, type == INODE_DIR ? 0755 : 0644, NULL, &p);
		if (r == -EEXIST)
			r = -ENOENT; /* a dangling symlink */
	} else if (!r && (s->flags & PATH_EXCLUSIVE)) {
		r = -EEXIST;
	}
	if (r)
		goto out;
	type = p.d->inode->type;
	if (!perms)
		perms = p.perms & (PERM_READ | PERM_WRITE);
	if ((s->flags & PATH_DIRECTORY) && type != INODE_DIR)
		r = -ENOTDIR;
	else if (type == INODE_SYMLINK)
		r = -ELOOP; /* :nofollow on a symlink */
	else if (perms & ~p.perms)
		r = -EACCES;
	else if ((s->flags & PATH_TRUNCATE) && !(perms & PERM_WRITE))
		r = -EACCES;
	else if ((s->flags & PATH_TRUNCATE) && type == INODE_DIR)
		r = -EISDIR;
	else if ((s->flags & PATH_TRUNCATE) && p.d->inode->size)
		r = p.d->inode->ops->truncate(p.d->inode, 0);
	if (!r && (p.d->inode->fops->flags & FOPS_OPEN_UNLOCKED)) {
		r = open_unlocked(&p, s->flags, perms, out);
		kfree(s);
		return r;
	}
	if (!r)
		r = vfs_file_open(&p, s->flags, perms, out);
out:
	vfs_lock_drop();
	kfree(s);
	return r;
}

ssize_t vfs_read(struct file *f, void *buf, size_t n)
{
	ssize_t r = -EACCES;

	if (f->ops->flags & FOPS_UNLOCKED)
		return (f->perms & PERM_READ) ? f->ops->read(f, buf, n, &f->pos) : r;
	if (f->ops->flags & FOPS_SHARED_READ) {
		if (!(f->perms & PERM_READ))
			return r;
		mutex_lock(&f->pos_lock);
		vfs_lock_take_shared();
		r = f->ops->read(f, buf, n, &f->pos);
		if (r >= 0)
			vfs_inode_touch(f->inode, false);
		vfs_lock_drop_shared();
		mutex_unlock(&f->pos_lock);
		return r;
	}
	vfs_lock_take();
	if (f->perms & PERM_READ) {
		r = f->ops->read(f, buf, n, &f->pos);
		if (r >= 0)
			vfs_inode_touch(f->inode, false);
	}
	vfs_lock_drop();
	return r;
}

ssize_t vfs_write(struct file *f, const void *buf, size_t n)
{
	ssize_t r = -EACCES;

	if (f->ops->flags & FOPS_UNLOCKED)
		return (f->perms & PERM_WRITE) ? f->ops->write(f, buf, n, &f->pos) : r;
	vfs_lock_take();
	if (f->perms & PERM_WRITE) {
		if (f->flags & PATH_APPEND)
			f->pos = f->inode->size;
		r = f->ops->write(f, buf, n, &f->pos);
		if (r > 0)
			vfs_inode_touch(f->inode, true);
	}
	vfs_lock_drop();
	return r;
}

s64 vfs_seek(struct file *f, s64 off, int whence)
{
	s64 r;

	if (f->ops->flags & FOPS_SHARED_READ) {
		mutex_lock(&f->pos_lock);
		vfs_lock_take_shared();
		r = f->ops->seek(f, off, whence);
		vfs_lock_drop_shared();
		mutex_unlock(&f->pos_lock);
		return r;
	}
	vfs_lock_take();
	r = f->ops->seek(f, off, whence);
	vfs_lock_drop();
	return r;
}

int vfs_readdir(struct file *f, struct vfs_dirent *de)
{
	int r = -EACCES;

	vfs_lock_take();
	if (f->perms & PERM_READ)
		r = f->ops->readdir(f, de, &f->pos);
	vfs_lock_drop();
	return r;
}

/* Directories kept whole in the dentry cache (tmpfs): entry *pos. */
int vfs_dcache_readdir(struct file *f, struct vfs_dirent *de, u64 *pos)
{
	struct dentry *c = f->dentry->children;

	for (u64 i = 0; c && i < *pos; i++)
		c = c->next;
	if (!c)
		return 0;
	de->ino = c->inode->ino;
	de->type = c->inode->type;
	strlcpy(de->name, c->name, sizeof(de->name));
	(*pos)++;
	return 1;
}

int vfs_fstat(struct file *f, struct vfs_stat *st)
{
	vfs_lock_take_shared();
	vfs_fill_stat(f->inode, st);
	vfs_lock_drop_shared();
	return 0;
}

/* File references are atomic: taking one needs no lock, so callers may
 * hold their own locks (a process's fd table) while they do. */
u64 vfs_file_ns_id(const struct file *f)
{
	return f->mnt->ns->id;
}

struct file *vfs_file_get(struct file *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
	return f;
}

void vfs_close(struct file *f)
{
	if (!f || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL))
		return;
	vfs_lock_take();
	f->ops->release(f);
	vfs_file_free(f);
	vfs_lock_drop();
}
