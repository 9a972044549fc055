/*
 * VFS internals shared by the files of fs/vfs/: the global lock, mounts, namespaces,
 * the walk's position and the object counters. Everything here is called
 * with vfs_lock held (for writing, unless its comment says shared is
 * enough) unless its comment says otherwise.
 */
#ifndef FS_VFS_INTERNAL_H
#define FS_VFS_INTERNAL_H

#include <loom/rwsem.h>
#include <loom/vfs.h>

extern struct rwsem vfs_lock;
extern struct vfs_counts vfs_counts;

struct mount {
	struct namespace *ns;	   /* the one namespace it belongs to */
	struct mount *parent;	   /* NULL for the namespace root */
	struct dentry *mountpoint; /* covered dentry (in parent), or NULL */
	struct dentry *root;	   /* what shows there */
	struct super_block *sb;
	struct mount *next; /* in ns->mounts, parents before children */
	struct mount *copy; /* scratch for ns_copy */
	u32 refs;	    /* the namespace, open files */
	u32 flags;	    /* PATH_PRIVATE */
	u32 perms;	    /* ceiling for walks through it */
	bool attached;	    /* still in ns->mounts */
};

struct namespace
{
	u32 refs;
	u64 id; /* never reused (ns_id) */
	struct mount *root;
	struct mount *mounts; /* in order of mounting */
};

/* A place: a dentry as reached through a mount. */
struct vpath {
	struct mount *mnt;
	struct dentry *d;
	u32 perms;
};

/* super.c */
const struct fs_type *vfs_find_fs(const char *name);
int vfs_new_super(const char *fs_type_name, const char *source, struct super_block **out);
void vfs_super_put(struct super_block *sb);

/* inode.c */
void vfs_inode_get(struct inode *ino);

void vfs_inode_touch(struct inode *ino, bool modify);
void vfs_fill_stat(struct inode *ino, struct vfs_stat *st);

/* dentry.c */
struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *ino);
struct dentry *d_lookup(struct dentry *dir, const char *name);
void d_unlink(struct dentry *d);
void d_move(struct dentry *d, struct dentry *newparent, char *newname);
void d_get(struct dentry *d);
void d_put(struct dentry *d);
bool d_is_ancestor(struct dentry *a, struct dentry *d);
void d_free_tree(struct dentry *root);

/* lookup.c: the child name of dir, cached or looked up (0 and *out,
 * -ENOENT, -ENOMEM, the file system's error); d_drop_tree takes d and
 * what is cached under it out of the cache. */
int d_lookup_child(struct dentry *dir, const char *name, struct dentry **out, bool shared);
void d_drop_tree(struct dentry *d);

/* mount.c */
struct mount *mnt_alloc(struct namespace *ns, struct mount *parent, struct dentry *mp,
			struct dentry *root, u32 flags, u32 perms);
void mnt_get(struct mount *m);
void mnt_put(struct mount *m);
void mnt_detach(struct mount *m);

/* namespace.c */
struct mount *ns_mount_at(struct namespace *ns, struct mount *parent, struct dentry *d);
struct namespace *ns_alloc(void);

/* walk.c: resolve a parsed path. With want_parent, stop before the last
 * component and copy it to last (-EINVAL for a path with none, e.g. "/"). */
#define WALK_FOLLOW (1u << 0) /* follow a symlink at the end */
#define WALK_PARENT (1u << 1)
/* With vfs_lock shared: where the walk would change the dentry cache (a
 * name a file system makes on demand, a stale entry to drop) it stops
 * with VFS_WALK_EXCL instead. */
#define WALK_SHARED   (1u << 2)
#define VFS_WALK_EXCL (-4096)
int vfs_walk(struct namespace *ns, struct file *cwd, const char *path, u32 how, struct vpath *out,
	     char last[NAME_MAX + 1]);
/* vfs_walk for a caller that only reads what it finds: takes vfs_lock
 * shared, or for writing when the walk must change the cache (*excl says
 * which: release with vfs_unlock(*excl)). */
int vfs_walk_locked(struct namespace *ns, struct file *cwd, const char *path, u32 how,
		    struct vpath *out, bool *excl);
/* Parse in into a kmalloc'd spec (too big for the stack; kfree it):
 * NULL with *err -EINVAL for flags outside allowed or that conflict
 * (exclusive or parents without create, ...), -ENAMETOOLONG, -ENOMEM. */
struct path_spec *vfs_parse(const char *in, u32 allowed, u32 implied, int *err);
/* Make the file s->path names (type, mode; a symlink's target), with its
 * parents under :parents: 0 and *out, -EEXIST (and *out: what is there). */
int vfs_create(struct namespace *ns, struct file *cwd, struct path_spec *s, u32 type, u32 mode,
	       const char *target, struct vpath *out);

/* file.c: vfs_file_new makes a file on p (references taken, counted) without
 * calling its open op; vfs_file_free undoes it without release. */
struct file *vfs_file_new(struct vpath *p, u32 flags, u32 perms);
void vfs_file_free(struct file *f);
int vfs_file_open(struct vpath *p, u32 flags, u32 perms, struct file **out);

/* Lock helpers */
/* vfs_lock is a sleeping read-write lock: taken for writing around
 * everything that changes VFS state, shared for what only reads it. */
static inline void vfs_lock_take(void)
{
	down_write(&vfs_lock);
}
static inline void vfs_lock_drop(void)
{
	up_write(&vfs_lock);
}
static inline void vfs_lock_take_shared(void)
{
	down_read(&vfs_lock);
}
static inline void vfs_lock_drop_shared(void)
{
	up_read(&vfs_lock);
}
/* Drop what vfs_walk_locked took. */
static inline void vfs_unlock(bool excl)
{
	if (excl)
		up_write(&vfs_lock);
	else
		up_read(&vfs_lock);
}

#endif
