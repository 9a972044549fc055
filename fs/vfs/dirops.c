/*
 * Operations on names: create (files, directories, symlinks; with
 * :parents), mkdir, unlink (files, symlinks, empty directories), rename
 * (within one file system, else -EXDEV), hard links, readlink and stat.
 * Changing a directory needs PERM_WRITE from the walk that reached it.
 * Locking: vfs_lock around every call.
 */
#include <loom/errno.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

/* Check that p is a live directory we may change. */
static int dir_writable(struct vpath *p)
{
	if (p->d->inode->type != INODE_DIR)
		return -ENOTDIR;
	if (!(p->perms & PERM_WRITE))
		return -EACCES;
	if (!p->d->linked && p->d != p->d->sb->root)
		return -ENOENT; /* removed */
	return 0;
}

static int make_parents(struct namespace *ns, struct file *cwd, const char *path)
{
	char *pre = kmalloc(PATH_MAX);
	char name[NAME_MAX + 1];
	size_t pos = 0, len, plen = 0;
	struct vpath p;
	int r = 0;

	if (!pre)
		return -ENOMEM;
	if (path[0] == '/')
		pre[plen++] = '/';
	while ((len = path_next(path, &pos, name))) {
		/* stop before the last component */
		size_t peek = pos;
		char tmp[NAME_MAX + 1];

		if (!path_next(path, &peek, tmp))
			break;
		memcpy(pre + plen, name, len);
		plen += len;
		pre[plen] = 0;
		r = vfs_walk(ns, cwd, pre, WALK_FOLLOW, &p, NULL);
		if (r == -ENOENT) {
			char last[NAME_MAX + 1];
			struct inode *ino;
			struct dentry *d;

			r = vfs_walk(ns, cwd, pre, WALK_PARENT, &p, last);
			if (!r)
				r = dir_writable(&p);
			if (!r)
				r = p.d->inode->ops->create(p.d->inode, last, INODE_DIR, 0755, NULL,
							    &ino);
			if (!r) {
				d = d_alloc(p.d, last, ino);
				vfs_inode_put(ino);
				if (!d)
					r = -ENOMEM;
				else {
					ino->nlink = 2;
					p.d->inode->nlink++;
				}
			}
		} else if (!r && p.d->inode->type != INODE_DIR) {
			r = -ENOTDIR;
		}
		if (r)
			break;
		pre[plen++] = '/';
	}
	kfree(pre);
	return r;
}

int vfs_create(struct namespace *ns, struct file *cwd, struct path_spec *s, u32 type, u32 mode,
	       const char *target, struct vpath *out)
{
	char last[NAME_MAX + 1];
	struct inode *ino;
	struct dentry *d;
	struct vpath p;
	int r;

	if ((s->flags & PATH_PARENTS) && (r = make_parents(ns, cwd, s->path)))
		return r;
	r = vfs_walk(ns, cwd, s->path, WALK_PARENT, &p, last);
	if (r)
		return r;
	r = d_lookup_child(p.d, last, &d, false);
	if (!r) {
		*out = (struct vpath){ p.mnt, d, p.perms };
		return -EEXIST;
	}
	if (r != -ENOENT)
		return r;
	if (d_lookup(p.d, last))
		return -EACCES; /* there, hidden from this caller */
	r = dir_writable(&p);
	if (r)
		return r;
	r = p.d->inode->ops->create(p.d->inode, last, type, mode, target, &ino);
	if (r)
		return r;
	d = d_alloc(p.d, last, ino);
	vfs_inode_put(ino);
	if (!d)
		return -ENOMEM;
	ino->nlink = type == INODE_DIR ? 2 : 1;
	if (type == INODE_DIR)
		p.d->inode->nlink++;
	vfs_inode_touch(p.d->inode, true);
	*out = (struct vpath){ p.mnt, d, p.perms };
	return 0;
}

int vfs_mkdir(struct namespace *ns, struct file *cwd, const char *path, u32 mode)
{
	struct vpath p;
	int r;
	struct path_spec *s = vfs_parse(path, PATH_PARENTS, PATH_CREATE, &r);

	if (!s)
		return r;
	vfs_lock_take();
	r = vfs_create(ns, cwd, s, INODE_DIR, mode, NULL, &p);
	if (r == -EEXIST && (s->flags & PATH_PARENTS) && p.d->inode->type == INODE_DIR)
		r = 0;
	vfs_lock_drop();
	kfree(s);
	return r;
}

/* Remove d (a name in p) after the checks; fixes the link counts. */
static void remove_name(struct dentry *dir, struct dentry *d)
{
	if (d->inode->type == INODE_DIR) {
		d->inode->nlink = 0;
		dir->inode->nlink--;
	} else {
		d->inode->nlink--;
	}
	d->inode->ctime_ns = dir->inode->mtime_ns;
	vfs_inode_touch(dir->inode, true);
	d_unlink(d);
}

static int removable(struct dentry *d)
{
	if (d->mounted)
		return -EBUSY;
	if (d->inode->type == INODE_DIR && d->children)
		return -ENOTEMPTY;
	return 0;
}

int vfs_unlink(struct namespace *ns, struct file *cwd, const char *path)
{
	char last[NAME_MAX + 1];
	struct path_spec *s;
	struct dentry *d;
	struct vpath p;
	int r;

	s = vfs_parse(path, PATH_DIRECTORY, 0, &r);
	if (!s)
		return r;
	vfs_lock_take();
	r = vfs_walk(ns, cwd, s->path, WALK_PARENT, &p, last);
	if (!r)
		r = dir_writable(&p);
	if (!r)
		r = d_lookup_child(p.d, last, &d, false);
	if (!r && (s->flags & PATH_DIRECTORY) && d->inode->type != INODE_DIR)
		r = -ENOTDIR;
	if (!r && d->mounted)
		r = -EBUSY;
	if (!r && p.d->inode->ops->unlink)
		r = p.d->inode->ops->unlink(p.d->inode, d);
	if (!r)
		r = removable(d);
	if (!r)
		remove_name(p.d, d);
	vfs_lock_drop();
	kfree(s);
	return r;
}

static int do_rename(struct vpath *pf, const char *lf, struct vpath *pt, const char *lt)
{
	struct dentry *src, *dst;
	char *name;
	int r;

	if ((r = dir_writable(pf)) || (r = dir_writable(pt)))
		return r;
	if (pf->d->sb != pt->d->sb)
		return -EXDEV;
	if (pf->d->inode->ops->lookup || pt->d->inode->ops->lookup)
		return -EPERM; /* names computed by their file system */
	src = d_lookup(pf->d, lf);
	if (!src)
		return -ENOENT;
	if (src->mounted)
		return -EBUSY;
	if (src->inode->type == INODE_DIR && d_is_ancestor(src, pt->d))
		return -EINVAL; /* into itself */
	dst = d_lookup(pt->d, lt);
	if (dst == src)
		return 0;
	if (dst) {
		if (src->inode->type == INODE_DIR && dst->inode->type != INODE_DIR)
			return -ENOTDIR;
		if (src->inode->type != INODE_DIR && dst->inode->type == INODE_DIR)
			return -EISDIR;
		if ((r = removable(dst)))
			return r;
	}
	name = kmalloc(strlen(lt) + 1);
	if (!name)
		return -ENOMEM;
	strlcpy(name, lt, strlen(lt) + 1);
	if (dst)
		remove_name(pt->d, dst);
	if (src->inode->type == INODE_DIR && pf->d != pt->d) {
		pf->d->inode->nlink--;
		pt->d->inode->nlink++;
	}
	d_move(src, pt->d, name);
	vfs_inode_touch(pf->d->inode, true);
	vfs_inode_touch(pt->d->inode, true);
	src->inode->ctime_ns = pt->d->inode->mtime_ns;
	return 0;
}

int vfs_rename(struct namespace *ns, struct file *cwd, const char *from, const char *to)
{
	char *lf = kmalloc(2 * (NAME_MAX + 1)), *lt = lf + NAME_MAX + 1;
	struct path_spec *sf = NULL, *st = NULL;
	struct vpath pf, pt;
	int r = -ENOMEM;

	if (!lf)
		return r;
	sf = vfs_parse(from, 0, 0, &r);
	if (sf)
		st = vfs_parse(to, 0, 0, &r);
	if (st) {
		vfs_lock_take();
		r = vfs_walk(ns, cwd, sf->path, WALK_PARENT, &pf, lf);
		if (!r)
			r = vfs_walk(ns, cwd, st->path, WALK_PARENT, &pt, lt);
		if (!r)
			r = do_rename(&pf, lf, &pt, lt);
		vfs_lock_drop();
	}
	kfree(sf);
	kfree(st);
	kfree(lf);
	return r;
}

int vfs_link(struct namespace *ns, struct file *cwd, const char *oldpath, const char *newpath)
{
	char last[NAME_MAX + 1];
	struct path_spec *so = NULL, *sn = NULL;
	struct vpath o, p;
	int r;

	so = vfs_parse(oldpath, 0, 0, &r);
	if (so)
		sn = vfs_parse(newpath, 0, 0, &r);
	if (sn) {
		vfs_lock_take();
		r = vfs_walk(ns, cwd, so->path, 0, &o, NULL);
		if (!r && o.d->inode->type == INODE_DIR)
			r = -EPERM;
		if (!r)
			r = vfs_walk(ns, cwd, sn->path, WALK_PARENT, &p, last);
		if (!r)
			r = dir_writable(&p);
		if (!r && o.d->sb != p.d->sb)
			r = -EXDEV;
		if (!r && p.d->inode->ops->lookup)
			r = -EPERM;
		if (!r && d_lookup(p.d, last))
			r = -EEXIST;
		if (!r && !d_alloc(p.d, last, o.d->inode))
			r = -ENOMEM;
		if (!r) {
			o.d->inode->nlink++;
			vfs_inode_touch(p.d->inode, true);
		}
		vfs_lock_drop();
	}
	kfree(so);
	kfree(sn);
	return r;
}

int vfs_symlink(struct namespace *ns, struct file *cwd, const char *target, const char *path)
{
	struct path_spec *s;
	size_t tl;
	struct vpath p;
	int r;

	if (!target || !target[0])
		return -EINVAL;
	tl = strnlen(target, PATH_MAX);
	if (tl >= PATH_MAX)
		return -ENAMETOOLONG;
	/* every component must fit: the walk would cut it */
	for (size_t i = 0, start = 0; i <= tl; i++) {
		if (target[i] == '/' || !target[i]) {
			if (i - start > NAME_MAX)
				return -ENAMETOOLONG;
			start = i + 1;
		}
	}
	s = vfs_parse(path, 0, PATH_CREATE, &r);
	if (!s)
		return r;
	vfs_lock_take();
	r = vfs_create(ns, cwd, s, INODE_SYMLINK, 0777, target, &p);
	vfs_lock_drop();
	kfree(s);
	return r;
}

int vfs_readlink(struct namespace *ns, struct file *cwd, const char *path, char *buf, size_t size)
{
	struct vpath p;
	bool excl;
	int r;
	struct path_spec *s = vfs_parse(path, PATH_NOFOLLOW, 0, &r);

	if (!s)
		return r;
	r = vfs_walk_locked(ns, cwd, s->path, 0, &p, &excl);
	if (!r && p.d->inode->type != INODE_SYMLINK)
		r = -EINVAL;
	if (!r)
		r = p.d->inode->ops->readlink(p.d->inode, buf, size);
	vfs_unlock(excl);
	kfree(s);
	return r;
}

int vfs_stat(struct namespace *ns, struct file *cwd, const char *path, struct vfs_stat *st)
{
	struct vpath p;
	bool excl;
	int r;
	struct path_spec *s = vfs_parse(path, PATH_NOFOLLOW | PATH_DIRECTORY, 0, &r);

	if (!s)
		return r;
	r = vfs_walk_locked(ns, cwd, s->path, (s->flags & PATH_NOFOLLOW) ? 0 : WALK_FOLLOW, &p,
			    &excl);
	if (!r && (s->flags & PATH_DIRECTORY) && p.d->inode->type != INODE_DIR)
		r = -ENOTDIR;
	if (!r)
		vfs_fill_stat(p.d->inode, st);
	vfs_unlock(excl);
	kfree(s);
	return r;
}

/* --- names made by their file system (devfs) ----------------------------- */
void vfs_fs_lock(void)
{
	vfs_lock_take();
}

void vfs_fs_unlock(void)
{
	vfs_lock_drop();
}

/* The directory holding the last component of name ("a/b/c": a/b), made
 * when create is set: the directory or NULL; *last points into name. */
static struct dentry *fs_parent(struct super_block *sb, const char *name, bool create,
				const char **last)
{
	struct dentry *dir = sb->root;
	const char *slash;
	char part[NAME_MAX + 1];

	while ((slash = strchr(name, '/'))) {
		size_t len = (size_t)(slash - name);
		struct dentry *d;

		memcpy(part, name, len);
		part[len] = 0;
		d = d_lookup(dir, part);
		if (!d && create) {
			struct inode *ino = vfs_inode_alloc(sb, INODE_DIR, 0755);

			if (!ino)
				return NULL;
			ino->fops = &vfs_dcache_dir_ops;
			d = d_alloc(dir, part, ino);
			vfs_inode_put(ino);
			if (!d)
				return NULL;
			ino->nlink = 2;
			dir->inode->nlink++;
		}
		if (!d || d->inode->type != INODE_DIR)
			return NULL;
		dir = d;
		name = slash + 1;
	}
	*last = name;
	return dir;
}

/* "a/b/c": no empty, "." or ".." component, no ':'. */
bool vfs_fs_name_ok(const char *name)
{
	size_t len = strlen(name), start = 0;

	if (!len || len > NAME_MAX || strchr(name, ':'))
		return false;
	for (size_t i = 0; i <= len; i++) {
		if (name[i] && name[i] != '/')
			continue;
		if (i == start || (i - start == 1 && name[start] == '.') ||
		    (i - start == 2 && name[start] == '.' && name[start + 1] == '.'))
			return false;
		start = i + 1;
	}
	return true;
}

int vfs_fs_add(struct super_block *sb, const char *name, struct inode *ino)
{
	struct dentry *dir;
	const char *last;

	if (!vfs_fs_name_ok(name))
		return -EINVAL;
	dir = fs_parent(sb, name, true, &last);
	if (!dir)
		return -ENOMEM;
	if (d_lookup(dir, last))
		return -EEXIST;
	if (!d_alloc(dir, last, ino))
		return -ENOMEM;
	ino->nlink = 1;
	vfs_inode_touch(dir->inode, true);
	return 0;
}

int vfs_fs_remove(struct super_block *sb, const char *name)
{
	const char *last;
	struct dentry *dir = vfs_fs_name_ok(name) ? fs_parent(sb, name, false, &last) : NULL;
	struct dentry *d = dir ? d_lookup(dir, last) : NULL;
	int r = d ? removable(d) : -ENOENT;

	if (r)
		return r;
	remove_name(dir, d);
	/* directories made for names go with their last name */
	while (dir != sb->root && !dir->children && !dir->mounted) {
		struct dentry *up = dir->parent;

		remove_name(up, dir);
		dir = up;
	}
	return 0;
}
