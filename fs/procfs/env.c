/*
 * /proc/[pid]/env: one file per environment variable. Reading a file
 * gives its value (as it was at the first read of the open file); a write
 * sets the value to the bytes written; opening NAME:create makes a new
 * variable (empty); removing the file unsets it. A cached name whose
 * variable was unset some other way is dropped at the next walk.
 * Locking: see internal.h.
 */
#include <loom/errno.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

static int env_revalidate(struct dentry *d)
{
	struct process *p;
	int r = procfs_get(d->inode, &p);

	if (r)
		return r;
	r = proc_env_get(p, d->name, NULL, 0) >= 0 ? 0 : -ESTALE;
	proc_put(p);
	return r;
}

static int make_value(struct file *f, struct process *p, char **text, size_t *len)
{
	int n = proc_env_get(p, f->dentry->name, NULL, 0);

	if (n < 0)
		return n == -ENOENT ? 0 : n; /* unset since: empty */
	*text = kmalloc((size_t)n + 1);
	if (!*text)
		return -ENOMEM;
	n = proc_env_get(p, f->dentry->name, *text, (size_t)n + 1);
	*len = n < 0 ? 0 : strlen(*text); /* it may have changed in between */
	return 0;
}

static ssize_t env_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	return procfs_text_read(f, buf, n, pos, make_value);
}

static ssize_t env_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct procfs_file *pf = f->priv;
	int r = proc_env_set(pf->p, f->dentry->name, buf, n);

	return r ? r : (ssize_t)n;
}

static const struct inode_ops env_iops = {
	.create = vfs_no_create,
	.readlink = vfs_no_readlink,
	.truncate = vfs_no_truncate,
	.evict = vfs_nop_evict,
	.revalidate = env_revalidate,
};

static const struct file_ops env_fops = {
	.flags = FOPS_UNLOCKED,
	.open = procfs_file_open,
	.release = procfs_file_release,
	.read = env_read,
	.write = env_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

static struct inode *env_inode(struct inode *dir)
{
	return procfs_inode(dir->sb, INODE_REG, 0644, procfs_pid(dir), &env_iops, &env_fops);
}

static int env_lookup(struct dentry *dir, const char *name, struct inode **out)
{
	struct process *p;
	int r = procfs_get(dir->inode, &p);

	if (r)
		return -ENOENT;
	r = proc_env_get(p, name, NULL, 0);
	proc_put(p);
	if (r < 0)
		return -ENOENT;
	*out = env_inode(dir->inode);
	return *out ? 0 : -ENOMEM;
}

static int env_create(struct inode *dir, const char *name, u32 type, u32 mode, const char *target,
		      struct inode **out)
{
	struct process *p;
	int r;

	if (type != INODE_REG)
		return -EPERM;
	r = procfs_get(dir, &p);
	if (r)
		return -ENOENT;
	r = proc_env_set(p, name, "", 0);
	proc_put(p);
	if (r)
		return r;
	*out = env_inode(dir);
	return *out ? 0 : -ENOMEM;
}

static int env_unlink(struct inode *dir, struct dentry *d)
{
	struct process *p;
	int r = procfs_get(dir, &p);

	if (r)
		return -ENOENT;
	r = proc_env_unset(p, d->name);
	proc_put(p);
	return r;
}

/* Entry *pos of the list as it is now. */
static int env_readdir(struct file *f, struct vfs_dirent *de, u64 *pos)
{
	struct process *p = proc_find(procfs_pid(f->inode));
	struct proc_env *e;
	u64 i = 0;

	if (!p)
		return 0;
	mutex_lock(&p->lock);
	for (e = p->env; e && i < *pos; e = e->next)
		i++;
	if (e) {
		de->ino = 0;
		de->type = INODE_REG;
		strlcpy(de->name, e->name, sizeof(de->name));
		(*pos)++;
	}
	mutex_unlock(&p->lock);
	proc_put(p);
	return e ? 1 : 0;
}

const struct inode_ops procfs_env_dir_iops = {
	.create = env_create,
	.readlink = vfs_no_readlink,
	.truncate = vfs_no_truncate,
	.evict = vfs_nop_evict,
	.lookup = env_lookup,
	.revalidate = procfs_revalidate,
	.unlink = env_unlink,
};

const struct file_ops procfs_env_dir_fops = {
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = vfs_no_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = env_readdir,
	.poll = vfs_poll_ready,
};
