/*
 * vfs_open2: one walk, two open files (a pipe's read and write ends from
 * /dev/pipe/new). The name's file_ops.open2 fills both (-ENOTSUP for a
 * file without it); the path takes only :nonblock and :nofollow and its permissions (default read and
 * write), which the walk must allow. Locking: vfs_lock around the walk
 * and open2.
 */
#include <loom/errno.h>
#include <loom/slab.h>
#include "internal.h"

int vfs_open2(struct namespace *ns, struct file *cwd, const char *path, struct file *out[2])
{
	struct file *f[2] = { NULL, NULL };
	struct path_spec *s;
	struct vpath p;
	u32 perms;
	int r;

	if (!ns || !out)
		return -EINVAL;
	s = vfs_parse(path, PATH_NONBLOCK | PATH_NOFOLLOW, 0, &r);
	if (!s)
		return r;
	vfs_lock_take();
	r = vfs_walk(ns, cwd, s->path, (s->flags & PATH_NOFOLLOW) ? 0 : WALK_FOLLOW, &p, NULL);
	if (r)
		goto out;
	perms = s->perms ? s->perms : PERM_READ | PERM_WRITE;
	if (!p.d->inode->fops->open2)
		r = -ENOTSUP;
	else if (perms & ~p.perms)
		r = -EACCES;
	if (r)
		goto out;
	f[0] = vfs_file_new(&p, s->flags, perms);
	f[1] = f[0] ? vfs_file_new(&p, s->flags, perms) : NULL;
	r = f[1] ? p.d->inode->fops->open2(f) : -ENOMEM;
	if (r) {
		for (int i = 0; i < 2; i++)
			if (f[i])
				vfs_file_free(f[i]);
	} else {
		out[0] = f[0];
		out[1] = f[1];
	}
out:
	vfs_lock_drop();
	kfree(s);
	return r;
}
