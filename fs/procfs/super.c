/*
 * procfs: the processes as files, mounted at /proc of the initial
 * namespace. The root holds "self" (a symbolic link whose text is the
 * caller's pid) and one directory per process the caller may see
 * (proc_visible); names are looked up on demand and kept in the dentry
 * cache, checked again at each walk (revalidate: a process that is gone is
 * dropped, one hidden from the caller is -ENOENT). Shared pieces of the
 * per-process files live here too. Locking: see internal.h.
 */
#include <loom/cmdline.h>
#include <loom/errno.h>
#include <loom/init.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

struct inode *procfs_inode(struct super_block *sb, u32 type, u32 mode, u64 pid,
			   const struct inode_ops *iops, const struct file_ops *fops)
{
	struct inode *ino = vfs_inode_alloc(sb, type, mode);

	if (!ino)
		return NULL;
	ino->priv = (void *)(uintptr_t)pid;
	ino->ops = iops;
	ino->fops = fops;
	return ino;
}

int procfs_get(const struct inode *ino, struct process **out)
{
	struct process *p = proc_find(procfs_pid(ino));

	if (!p)
		return -ESTALE;
	if (!proc_visible(proc_current(), p)) {
		proc_put(p);
		return -ENOENT;
	}
	*out = p;
	return 0;
}

int procfs_revalidate(struct dentry *d)
{
	struct process *p;
	int r = procfs_get(d->inode, &p);

	if (!r)
		proc_put(p);
	return r;
}

int procfs_file_open(struct file *f)
{
	struct procfs_file *pf = kzalloc(sizeof(*pf));
	int r;

	if (!pf)
		return -ENOMEM;
	r = procfs_get(f->inode, &pf->p);
	if (r) {
		kfree(pf);
		return r == -ESTALE ? -ENOENT : r;
	}
	mutex_init(&pf->lock);
	f->priv = pf;
	return 0;
}

void procfs_file_release(struct file *f)
{
	struct procfs_file *pf = f->priv;

	proc_put(pf->p);
	kfree(pf->text);
	kfree(pf);
}

ssize_t procfs_text_read(struct file *f, void *buf, size_t n, u64 *pos,
			 int (*make)(struct file *f, struct process *p, char **text, size_t *len))
{
	struct procfs_file *pf = f->priv;
	ssize_t r = 0;

	mutex_lock(&pf->lock);
	if (!pf->made) {
		r = make(f, pf->p, &pf->text, &pf->len);
		pf->made = !r;
		if (r) {
			kfree(pf->text);
			pf->text = NULL;
		}
	}
	if (!r && *pos < pf->len) {
		r = (ssize_t)MIN(n, pf->len - *pos);
		memcpy(buf, pf->text + *pos, (size_t)r);
		*pos += (u64)r;
	}
	mutex_unlock(&pf->lock);
	return r;
}

/* --- the root: self and the process directories ------------------------ */

static int self_readlink(struct inode *ino, char *buf, size_t size)
{
	struct process *me = proc_current();
	int n;

	if (!me)
		return -ENOENT; /* a kernel thread has no process */
	n = snprintf(buf, size, "%llu", me->pid);
	return n < (int)size ? n : -ENAMETOOLONG;
}

static const struct inode_ops self_iops = {
	.create = vfs_no_create,
	.readlink = self_readlink,
	.truncate = vfs_no_truncate,
	.evict = vfs_nop_evict,
};

static bool pid_name(const char *name, u64 *pid)
{
	if (name[0] < '1' || name[0] > '9') /* no leading zeros, no 0x */
		return false;
	for (const char *c = name; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	return !parse_u64(name, pid);
}

static int root_lookup(struct dentry *dir, const char *name, struct inode **out)
{
	struct process *p;
	u64 pid;
	int r;

	if (!strcmp(name, "self")) {
		*out = procfs_inode(dir->sb, INODE_SYMLINK, 0777, 0, &self_iops,
				    &vfs_default_file_ops);
		return *out ? 0 : -ENOMEM;
	}
	if (!pid_name(name, &pid))
		return -ENOENT;
	p = proc_find(pid);
	if (!p)
		return -ENOENT;
	r = proc_visible(proc_current(), p) ? 0 : -ENOENT;
	proc_put(p);
	if (!r) {
		*out = procfs_pid_dir(dir->sb, pid);
		r = *out ? 0 : -ENOMEM;
	}
	return r;
}

/* Entry 0 is "self"; then *pos is one more than the last pid listed. */
static int root_readdir(struct file *f, struct vfs_dirent *de, u64 *pos)
{
	struct process *me = proc_current(), *p;

	if (*pos == 0) {
		de->ino = 0;
		de->type = INODE_SYMLINK;
		strlcpy(de->name, "self", sizeof(de->name));
		*pos = 1;
		return 1;
	}
	for (p = proc_next(*pos - 1); p; p = proc_next(*pos - 1)) {
		bool seen = proc_visible(me, p);

		*pos = p->pid + 1;
		if (seen) {
			de->ino = p->pid;
			de->type = INODE_DIR;
			snprintf(de->name, sizeof(de->name), "%llu", p->pid);
		}
		proc_put(p);
		if (seen)
			return 1;
	}
	return 0;
}

int procfs_no_unlink(struct inode *dir, struct dentry *d)
{
	return -EPERM;
}

static const struct inode_ops root_iops = {
	.create = vfs_no_create,
	.readlink = vfs_no_readlink,
	.truncate = vfs_no_truncate,
	.evict = vfs_nop_evict,
	.lookup = root_lookup,
	.unlink = procfs_no_unlink,
};

static const struct file_ops root_fops = {
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = vfs_no_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = root_readdir,
	.poll = vfs_poll_ready,
};

static int procfs_mount(struct super_block *sb, const char *source)
{
	if (source[0])
		return -EINVAL; /* procfs takes no options */
	sb->root_inode = procfs_inode(sb, INODE_DIR, 0555, 0, &root_iops, &root_fops);
	if (!sb->root_inode)
		return -ENOMEM;
	sb->root_inode->nlink = 2;
	return 0;
}

static void procfs_kill_sb(struct super_block *sb)
{
}

static const struct fs_type procfs_type = {
	.name = "procfs",
	.mount = procfs_mount,
	.kill_sb = procfs_kill_sb,
};

static int procfs_init(void)
{
	struct namespace *ns = vfs_root_ns();
	int r;

	r = vfs_register_fs(&procfs_type);
	if (!r)
		r = ns ? vfs_mount(ns, "/proc:create", "procfs", NULL) : -ENOENT;
	if (r)
		pr_err("procfs: not mounted at /proc (error %d)", r);
	else
		pr_info("procfs: mounted at /proc");
	return r;
}
device_initcall(procfs_init);
