/*
 * The path walk: from the namespace root (absolute) or an open directory
 * (relative), component by component through the dentry cache. A mount is
 * crossed only if it is in the walker's namespace; ".." at a mount's root
 * leaves it only through that namespace's mount table and stays put at the
 * namespace root, at the root of a mount of another namespace and at a
 * directory handed over from another namespace (reached only as given). Symlinks: at most VFS_SYMLINK_MAX, else -ELOOP.
 * Permissions only narrow along the way. Locking: vfs_lock held (shared
 * with WALK_SHARED).
 */
#include <loom/errno.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

#define CONFLICTS(f, a, b) (((f) & (a)) && ((f) & (b)))

struct path_spec *vfs_parse(const char *in, u32 allowed, u32 implied, int *err)
{
	struct path_spec *s;
	u32 f;
	int r;

	if (!in) {
		*err = -EINVAL;
		return NULL;
	}
	s = kmalloc(sizeof(*s));
	if (!s) {
		*err = -ENOMEM;
		return NULL;
	}
	r = path_parse(in, s, NULL);
	f = s->flags | implied;
	if (!r && (s->flags & ~allowed))
		r = -EINVAL;
	if (!r && (f & (PATH_EXCLUSIVE | PATH_PARENTS)) && !(f & PATH_CREATE))
		r = -EINVAL;
	if (!r && (CONFLICTS(f, PATH_TRUNCATE, PATH_DIRECTORY) ||
		   CONFLICTS(f, PATH_APPEND, PATH_DIRECTORY)))
		r = -EINVAL;
	if (r) {
		kfree(s);
		*err = r;
		return NULL;
	}
	s->flags = f;
	return s;
}

/* Cross every mount of ns stacked on p->d (as reached through p->mnt). */
static void cross_down(struct namespace *ns, struct vpath *p)
{
	struct mount *m;

	while (p->d->mounted && (m = ns_mount_at(ns, p->mnt, p->d))) {
		p->mnt = m;
		p->d = m->root;
		p->perms &= m->perms;
	}
}

/* floor: a directory handed over from another namespace is a root. */
static int step_up(struct namespace *ns, struct vpath *p, const struct vpath *floor)
{
	if (p->d == floor->d && p->mnt == floor->mnt)
		return 0;
	while (p->d == p->mnt->root) {
		struct mount *m = p->mnt;

		if (!m->parent || !m->attached || m->ns != ns)
			return 0; /* a root: ".." stays here */
		p->d = m->mountpoint;
		p->mnt = m->parent;
	}
	if (!p->d->parent)
		return -ENOENT; /* a removed directory */
	p->d = p->d->parent;
	return 0;
}

static void start_at_root(struct namespace *ns, struct vpath *p, u32 ceiling)
{
	p->mnt = ns->root;
	p->d = ns->root->root;
	p->perms = ns->root->perms & ceiling;
	cross_down(ns, p);
}

/* Is there another component after pos? */
static bool has_more(const char *p, size_t pos)
{
	for (;;) {
		while (p[pos] == '/')
			pos++;
		if (!p[pos])
			return false;
		if (p[pos] == '.' && (p[pos + 1] == '/' || !p[pos + 1])) {
			pos++;
			continue;
		}
		return true;
	}
}

/* Replace the walk's text with target + "/" + rest (in a PATH_MAX buffer). */
static int splice_link(struct dentry *d, const char *rest, char **buf)
{
	char *nb = kmalloc(PATH_MAX);
	size_t rl = strlen(rest);
	int n;

	if (!nb)
		return -ENOMEM;
	n = d->inode->ops->readlink(d->inode, nb, PATH_MAX);
	if (n >= 0 && (size_t)n + 1 + rl >= PATH_MAX)
		n = -ENAMETOOLONG;
	if (n < 0) {
		kfree(nb);
		return n;
	}
	nb[n] = '/';
	memcpy(nb + n + 1, rest, rl + 1);
	kfree(*buf);
	*buf = nb;
	return 0;
}

int vfs_walk(struct namespace *ns, struct file *cwd, const char *path, u32 how, struct vpath *out,
	     char last[NAME_MAX + 1])
{
	char name[NAME_MAX + 1];
	const char *p = path;
	char *buf = NULL;
	size_t pos = 0, len;
	struct vpath cur, next, floor = { NULL, NULL, 0 };
	u32 links = 0;
	int r = 0;

	if (path[0] == '/' || !cwd) {
		start_at_root(ns, &cur, PERM_ALL);
	} else {
		if (cwd->inode->type != INODE_DIR)
			return -ENOTDIR;
		cur = (struct vpath){ cwd->mnt, cwd->dentry, cwd->perms };
		if (cwd->mnt->ns != ns || !cwd->mnt->attached)
			floor = cur;
	}
	if (last)
		last[0] = 0;
	for (;;) {
		len = path_next(p, &pos, name);
		if (!len)
			break;
		if ((how & WALK_PARENT) && !has_more(p, pos)) {
			memcpy(last, name, len + 1);
			break;
		}
		if (cur.d->inode->type != INODE_DIR) {
			r = -ENOTDIR;
			break;
		}
		if (!strcmp(name, "..")) {
			r = step_up(ns, &cur, &floor);
			if (r)
				break;
			continue;
		}
		r = d_lookup_child(cur.d, name, &next.d, how & WALK_SHARED);
		if (r)
			break;
		next.mnt = cur.mnt;
		next.perms = cur.perms;
		cross_down(ns, &next);
		if (next.d->inode->type == INODE_SYMLINK &&
		    ((how & WALK_FOLLOW) || has_more(p, pos))) {
			if (++links > VFS_SYMLINK_MAX) {
				r = -ELOOP;
				break;
			}
			r = splice_link(next.d, p + pos, &buf);
			if (r)
				break;
			p = buf;
			pos = 0;
			if (p[0] == '/')
				start_at_root(ns, &cur, cur.perms);
			continue;
		}
		cur = next;
	}
	kfree(buf);
	if (!r && (how & WALK_PARENT) && !last[0])
		r = -EINVAL; /* no last component ("/", "..") */
	if (!r && (how & WALK_PARENT) && !strcmp(last, ".."))
		r = -EINVAL;
	if (!r)
		*out = cur;
	return r;
}

int vfs_walk_locked(struct namespace *ns, struct file *cwd, const char *path, u32 how,
		    struct vpath *out, bool *excl)
{
	int r;

	vfs_lock_take_shared();
	r = vfs_walk(ns, cwd, path, how | WALK_SHARED, out, NULL);
	*excl = r == VFS_WALK_EXCL;
	if (*excl) {
		vfs_lock_drop_shared();
		vfs_lock_take();
		r = vfs_walk(ns, cwd, path, how, out, NULL);
	}
	return r;
}
