/*
 * Mounts and binds: a mount shows a dentry (a new file system's root, or
 * for a bind any existing dentry) over a covered dentry, in exactly one
 * namespace. vfs_mount, vfs_bind_from, vfs_umount. A mount holds its
 * superblocks (of root and of mountpoint) and both dentries; open files
 * hold their mount. Locking: vfs_lock.
 */
#include <loom/errno.h>
#include <loom/slab.h>
#include "internal.h"

struct mount *mnt_alloc(struct namespace *ns, struct mount *parent, struct dentry *mp,
			struct dentry *root, u32 flags, u32 perms)
{
	struct mount *m = kzalloc(sizeof(*m)), **pp;

	if (!m)
		return NULL;
	m->ns = ns;
	m->parent = parent;
	m->mountpoint = mp;
	m->root = root;
	m->sb = root->sb;
	m->refs = 1; /* the namespace's */
	m->flags = flags & PATH_PRIVATE;
	m->perms = perms;
	m->attached = true;
	d_get(root);
	m->sb->refs++;
	if (mp) {
		d_get(mp);
		mp->sb->refs++;
		mp->mounted++;
	}
	for (pp = &ns->mounts; *pp; pp = &(*pp)->next)
		;
	*pp = m;
	vfs_counts.mounts++;
	return m;
}

void mnt_get(struct mount *m)
{
	m->refs++;
}

void mnt_put(struct mount *m)
{
	struct super_block *mpsb = NULL;

	if (--m->refs)
		return;
	if (m->mountpoint) {
		m->mountpoint->mounted--;
		mpsb = m->mountpoint->sb;
		d_put(m->mountpoint);
	}
	d_put(m->root);
	vfs_super_put(m->sb);
	if (mpsb)
		vfs_super_put(mpsb);
	vfs_counts.mounts--;
	kfree(m);
}

/* Take m out of its namespace (drops the namespace's reference). */
void mnt_detach(struct mount *m)
{
	struct mount **pp = &m->ns->mounts;

	while (*pp != m)
		pp = &(*pp)->next;
	*pp = m->next;
	m->next = NULL;
	m->attached = false;
	mnt_put(m);
}

#define MNT_TARGET_FLAGS (PATH_PRIVATE | PATH_CREATE | PATH_PARENTS | PATH_DIRECTORY)

/* Resolve (and with :create make) a mountpoint of the given kind. With
 * check, nothing is made: a missing name with :create is fine when its
 * directory is there (or :parents may make it). */
static int mountpoint(struct namespace *ns, struct path_spec *s, bool dir, bool check,
		      struct vpath *p)
{
	int r = vfs_walk(ns, NULL, s->path, WALK_FOLLOW, p, NULL);

	if (r == -ENOENT && (s->flags & PATH_CREATE) && check) {
		char last[NAME_MAX + 1];

		if (s->flags & PATH_PARENTS)
			return 0;
		r = vfs_walk(ns, NULL, s->path, WALK_FOLLOW | WALK_PARENT, p, last);
		return r ? r : p->d->inode->type == INODE_DIR ? 0 : -ENOTDIR;
	}
	if (r == -ENOENT && (s->flags & PATH_CREATE)) {
		r = vfs_create(ns, NULL, s, dir ? INODE_DIR : INODE_REG, dir ? 0755 : 0644, NULL,
			       p);
	}
	if (r)
		return r;
	if (dir && p->d->inode->type != INODE_DIR)
		return -ENOTDIR;
	if (!dir && p->d->inode->type == INODE_DIR)
		return -EISDIR;
	return 0;
}

static int do_mount(struct namespace *ns, const char *path, const char *fs_type_name,
		    const char *source, bool check)
{
	struct super_block *sb;
	struct path_spec *s;
	struct vpath p;
	int r;

	if (!fs_type_name)
		return -EINVAL;
	s = vfs_parse(path, MNT_TARGET_FLAGS, 0, &r);
	if (!s)
		return r;
	vfs_lock_take();
	r = vfs_find_fs(fs_type_name) ? 0 : -ENODEV;
	if (!r)
		r = mountpoint(ns, s, true, check, &p);
	if (!r && !check)
		r = vfs_new_super(fs_type_name, source, &sb);
	if (!r && !check) {
		if (!mnt_alloc(ns, p.mnt, p.d, sb->root, s->flags, PERM_ALL))
			r = -ENOMEM;
		vfs_super_put(sb); /* the mount holds it */
	}
	vfs_lock_drop();
	kfree(s);
	return r;
}

int vfs_mount(struct namespace *ns, const char *path, const char *fs_type_name, const char *source)
{
	return do_mount(ns, path, fs_type_name, source, false);
}

int vfs_mount_check(struct namespace *ns, const char *path, const char *fs_type_name)
{
	return do_mount(ns, path, fs_type_name, NULL, true);
}

static int do_bind(struct namespace *ns, const char *target, struct namespace *src_ns,
		   const char *source, bool check)
{
	struct path_spec *t, *s;
	struct vpath tp, sp;
	u32 perms;
	int r;

	t = vfs_parse(target, MNT_TARGET_FLAGS, 0, &r);
	if (!t)
		return r;
	s = vfs_parse(source, PATH_NOFOLLOW | PATH_DIRECTORY, 0, &r);
	if (!s) {
		kfree(t);
		return r;
	}
	vfs_lock_take();
	r = vfs_walk(src_ns, NULL, s->path, (s->flags & PATH_NOFOLLOW) ? 0 : WALK_FOLLOW, &sp,
		     NULL);
	if (!r && (s->flags & PATH_DIRECTORY) && sp.d->inode->type != INODE_DIR)
		r = -ENOTDIR;
	if (!r)
		r = mountpoint(ns, t, sp.d->inode->type == INODE_DIR, check, &tp);
	if (!r && !check) {
		perms = sp.perms & (s->perms ? s->perms : PERM_ALL);
		if (!mnt_alloc(ns, tp.mnt, tp.d, sp.d, t->flags, perms))
			r = -ENOMEM;
	}
	vfs_lock_drop();
	kfree(t);
	kfree(s);
	return r;
}

int vfs_bind_from(struct namespace *ns, const char *target, struct namespace *src_ns,
		  const char *source)
{
	return do_bind(ns, target, src_ns, source, false);
}

int vfs_bind_check(struct namespace *ns, const char *target, struct namespace *src_ns,
		   const char *source)
{
	return do_bind(ns, target, src_ns, source, true);
}

int vfs_umount(struct namespace *ns, const char *path)
{
	struct vpath p;
	int r;
	struct path_spec *s = vfs_parse(path, 0, 0, &r);

	if (!s)
		return r;
	vfs_lock_take();
	r = vfs_walk(ns, NULL, s->path, WALK_FOLLOW, &p, NULL);
	if (!r && (p.d != p.mnt->root || !p.mnt->parent))
		r = -EINVAL;
	for (struct mount *m = ns->mounts; !r && m; m = m->next)
		if (m->parent == p.mnt)
			r = -EBUSY;
	if (!r && p.mnt->refs > 1)
		r = -EBUSY;
	if (!r)
		mnt_detach(p.mnt);
	vfs_lock_drop();
	kfree(s);
	return r;
}
