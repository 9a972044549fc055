/*
 * The virtual file system (fs/vfs/): superblocks, inodes, the dentry
 * cache, open files, mounts, binds and per-process mount namespaces.
 * Locking: one global mutex (vfs_lock) guards every VFS object; file
 * systems' ops run with it held and must not take it. Errors are negative
 * errno values; bad input (a path, a flag) is refused, never fatal.
 */
#ifndef LOOM_VFS_H
#define LOOM_VFS_H

#include <loom/mutex.h>
#include <loom/path.h>
#include <loom/types.h>

struct super_block;
struct inode;
struct dentry;
struct file;
struct mount;
struct namespace;
struct poll_table;
struct wait_queue;
struct vm_area;

#define VFS_SYMLINK_MAX 40 /* symbolic links followed in one walk: then -ELOOP */

enum inode_type {
	INODE_REG = 1,
	INODE_DIR,
	INODE_SYMLINK,
};

struct vfs_stat {
	u64 ino;
	u32 type;			  /* enum inode_type */
	u32 mode;			  /* permission bits as created (0755, ...) */
	u32 nlink;			  /* hard links (directories: 2 + subdirectories) */
	u32 dev;			  /* superblock id */
	u64 size;			  /* bytes (a symlink: its target's length) */
	u64 atime_ns, mtime_ns, ctime_ns; /* clock_realtime_ns() */
};

struct vfs_dirent {
	u64 ino;
	u32 type;
	char name[NAME_MAX + 1];
};

/*
 * Operations on an inode. The first four slots are always filled
 * (vfs_default_inode_ops has the refusals); the VFS keeps the dentry tree,
 * the ops only make, change and free the inodes behind it. The last three
 * are optional (NULL) and serve file systems whose names are computed on
 * demand (procfs): the dentry cache then holds what was looked up so far.
 */
struct inode_ops {
	/* A new inode of type (mode bits mode) named name in dir's file
	 * system; for a symlink, target is its text. 0 with *out, or -errno. */
	int (*create)(struct inode *dir, const char *name, u32 type, u32 mode, const char *target,
		      struct inode **out);
	/* Copy a symlink's text into buf (NUL-terminated): its length or -errno. */
	int (*readlink)(struct inode *ino, char *buf, size_t size);
	/* Set the size of a regular file (0, -ENOSPC, -EINVAL). */
	int (*truncate)(struct inode *ino, u64 size);
	/* The last reference went: free the inode's data (not the inode). */
	void (*evict)(struct inode *ino);
	/* Optional, on a directory: name is not in the cache under dir; make
	 * its inode (*out, one reference: the VFS caches it) or -ENOENT. */
	int (*lookup)(struct dentry *dir, const char *name, struct inode **out);
	/* Optional: may the caller use the cached d? 0; -ENOENT: not this
	 * caller (hidden, kept); -ESTALE: gone (dropped from the cache with
	 * what is cached under it, then looked up again). */
	int (*revalidate)(struct dentry *d);
	/* Optional, on a directory: d is about to be removed from dir by
	 * vfs_unlink: 0, or -errno to refuse. */
	int (*unlink)(struct inode *dir, struct dentry *d);
};

/*
 * Operations on an open file; vfs_default_file_ops has the refusals.
 * With FOPS_UNLOCKED in flags, read and write run without vfs_lock (they
 * may sleep, or call code that takes it): they guard their own state and
 * *pos; the file keeps its inode and dentry alive meanwhile.
 */
#define FOPS_UNLOCKED (1u << 0)
/* read and seek only read the file system's state (tmpfs data,
 * /dev/zero): they run with vfs_lock shared, beside other readers; those
 * of one open file still take turns (its position: pos_lock). */
#define FOPS_SHARED_READ (1u << 1)
/* open runs without vfs_lock (it may sleep: waiting for a connection);
 * the file already holds its dentry, inode and mount. Only vfs_open does
 * this; other ways of opening call open with the lock held. */
#define FOPS_OPEN_UNLOCKED (1u << 2)
struct file_ops {
	u32 flags; /* FOPS_* */
	int (*open)(struct file *f);
	void (*release)(struct file *f);
	ssize_t (*read)(struct file *f, void *buf, size_t n, u64 *pos);
	ssize_t (*write)(struct file *f, const void *buf, size_t n, u64 *pos);
	/* whence: VFS_SEEK_SET, _CUR, _END; the new offset or -errno. */
	s64 (*seek)(struct file *f, s64 off, int whence);
	/* The entry at index *pos: 1 (and *pos advanced), 0 at the end. */
	int (*readdir)(struct file *f, struct vfs_dirent *de, u64 *pos);
	/* The POLL* events ready now (POLLIN, POLLOUT, POLLERR, POLLHUP),
	 * after calling poll_wait() for every wait queue whose wake-up may
	 * change them (pt NULL: only asking). Runs without vfs_lock. */
	u32 (*poll)(struct file *f, u32 events, struct poll_table *pt);
	/* Optional (NULL: -ENOTSUP): make two files from one open (a pipe's
	 * read and write ends). f[0] and f[1] are allocated for the same
	 * name, ops and perms; open2 sets their priv (it may change their
	 * ops and narrow their perms). 0 or -errno (then both are freed
	 * without release). */
	int (*open2)(struct file *f[2]);
	/* Optional (NULL: -ENODEV): map the file into user memory. a->pgoff
	 * (page aligned) and a->end - a->start (the length, a->start 0) say
	 * what; a->prot what for (the caller checked it against f->perms).
	 * Check the range (-ENXIO past the end) and fill a->ops, a->priv
	 * (borrowed: ops->open takes the area's own references) and
	 * a->flags (VM_IO, VM_NOWRITE). Runs without vfs_lock. 0 or -errno. */
	int (*mmap)(struct file *f, struct vm_area *a);
};

#define VFS_SEEK_SET 0
#define VFS_SEEK_CUR 1
#define VFS_SEEK_END 2

/* A file system type: registered once, mounted by name. */
struct fs_type {
	const char *name;
	/* A new superblock with its root inode set (sb->root_inode); source
	 * is the mount's argument (options such as "size=64k"). */
	int (*mount)(struct super_block *sb, const char *source);
	/* Last reference to sb gone (its tree is already freed). */
	void (*kill_sb)(struct super_block *sb);
	/* Optional: called once sb->root exists, to make the names of a file
	 * system that builds its own tree (devfs, with vfs_fs_add). */
	int (*fill)(struct super_block *sb);
};

extern const struct inode_ops vfs_default_inode_ops;
extern const struct file_ops vfs_default_file_ops;
/* Directories whose children all live in the dentry cache. */
extern const struct file_ops vfs_dcache_dir_ops;
/* Shared defaults a file system may put in its own tables. */
int vfs_no_create(struct inode *dir, const char *name, u32 type, u32 mode, const char *target,
		  struct inode **out);				/* -EROFS */
int vfs_no_readlink(struct inode *ino, char *buf, size_t size); /* -EINVAL */
int vfs_no_truncate(struct inode *ino, u64 size);		/* -EINVAL */
void vfs_nop_evict(struct inode *ino);
s64 vfs_generic_seek(struct file *f, s64 off, int whence);
s64 vfs_no_seek(struct file *f, s64 off, int whence); /* -ESPIPE: pipes, streams */
int vfs_nop_open(struct file *f);
void vfs_nop_release(struct file *f);
ssize_t vfs_no_read(struct file *f, void *buf, size_t n, u64 *pos);	   /* -EISDIR/-EINVAL */
ssize_t vfs_no_write(struct file *f, const void *buf, size_t n, u64 *pos); /* -EISDIR/-EINVAL */
int vfs_no_readdir(struct file *f, struct vfs_dirent *de, u64 *pos);	   /* -ENOTDIR */
u32 vfs_poll_ready(struct file *f, u32 events, struct poll_table *pt);	   /* always ready */
int vfs_dcache_readdir(struct file *f, struct vfs_dirent *de, u64 *pos);

struct super_block {
	const struct fs_type *type;
	struct inode *root_inode; /* set by fs_type.mount */
	struct dentry *root;	  /* made by the VFS */
	u32 id;
	u32 refs;
	u64 next_ino;
	char source[32];
	void *priv;
};

struct inode {
	u64 ino;
	u32 type, mode;
	u32 nlink;
	u32 refs; /* dentries and open files */
	u64 size;
	u64 atime_ns, mtime_ns, ctime_ns;
	struct super_block *sb;
	const struct inode_ops *ops;
	const struct file_ops *fops;
	void *priv;
};

struct dentry {
	char *name;
	struct dentry *parent;	 /* NULL for a root or once unlinked */
	struct dentry *children; /* first child */
	struct dentry *next;	 /* sibling */
	struct inode *inode;
	struct super_block *sb;
	u32 refs;    /* files, mounts, walkers: not the tree */
	u32 mounted; /* mounts (in any namespace) covering it */
	bool linked; /* in its parent's children */
};

struct file {
	u32 refs;
	u32 flags; /* PATH_* it was opened with */
	u32 perms; /* PERM_*: never more than the walk allowed */
	u64 pos;
	struct mutex pos_lock; /* FOPS_SHARED_READ reads of this open file */
	struct inode *inode;
	struct dentry *dentry;
	struct mount *mnt; /* where it was reached: walks from it start here */
	const struct file_ops *ops;
	void *priv;
};

/* --- file systems ---------------------------------------------------- */
int vfs_register_fs(const struct fs_type *t);
/* A new inode in sb (refs 1, nlink 0, times now), or NULL. */
struct inode *vfs_inode_alloc(struct super_block *sb, u32 type, u32 mode);
/* Drop a reference: the last one evicts (ops->evict) and frees it. */
void vfs_inode_put(struct inode *ino);
/*
 * For file systems that make their own names (devfs): vfs_fs_lock() takes
 * vfs_lock outside an op (ops already run with it). With it held,
 * vfs_fs_add links ino (a regular file, nlink 1) as name in sb: "a/b"
 * makes directory a first when missing (0, -EEXIST, -ENOMEM, -EINVAL for
 * a bad name; the name holds its own inode reference) and vfs_fs_remove
 * unlinks it, and the directories left empty that held it (0, -ENOENT,
 * -EBUSY under a mount). vfs_fs_name_ok: "a/b/c" without empty, "." or
 * ".." components or ':', at most NAME_MAX bytes.
 */
void vfs_fs_lock(void);
void vfs_fs_unlock(void);
bool vfs_fs_name_ok(const char *name);
int vfs_fs_add(struct super_block *sb, const char *name, struct inode *ino);
int vfs_fs_remove(struct super_block *sb, const char *name);

/* --- namespaces ------------------------------------------------------ */
/* The initial namespace: the root tmpfs filled from the ramdisk. */
struct namespace *vfs_root_ns(void);
/* A namespace whose root is a new, empty, small tmpfs: nothing else is
 * reachable until it is mounted or bound in. NULL when out of memory. */
struct namespace *ns_create_empty(void);
/* A copy of parent's mount table, without its :private mounts (and what
 * is mounted on them). NULL when out of memory. */
struct namespace *ns_copy(struct namespace *parent);
/* Sharing a namespace is taking a reference. */
struct namespace *ns_get(struct namespace *ns);
void ns_put(struct namespace *ns);
/* A number naming ns, never given to another namespace (1: the initial
 * one): lets an object remember a namespace without keeping it alive. */
u64 ns_id(const struct namespace *ns);
/* The id of the namespace f was opened in (where its walk ran). */
u64 vfs_file_ns_id(const struct file *f);

/* --- paths ----------------------------------------------------------- */
/*
 * Every path takes flags ("dir/f:create:rw"); a relative path starts at
 * cwd (an open directory, or NULL for the namespace root) with cwd's
 * permissions as the ceiling. perms is the permissions wanted; those in
 * the path are added; none at all means read and write as far as the
 * walk allows. -EACCES for more than the walk allows.
 */
int vfs_open(struct namespace *ns, struct file *cwd, const char *path, u32 perms,
	     struct file **out);
int vfs_mkdir(struct namespace *ns, struct file *cwd, const char *path, u32 mode);
/* Removes a file, symlink or (empty) directory. */
int vfs_unlink(struct namespace *ns, struct file *cwd, const char *path);
int vfs_rename(struct namespace *ns, struct file *cwd, const char *from, const char *to);
/* A hard link newpath to the file at oldpath (not a directory). */
int vfs_link(struct namespace *ns, struct file *cwd, const char *oldpath, const char *newpath);
int vfs_symlink(struct namespace *ns, struct file *cwd, const char *target, const char *path);
int vfs_readlink(struct namespace *ns, struct file *cwd, const char *path, char *buf, size_t size);
/* :nofollow stats a symlink itself. */
int vfs_stat(struct namespace *ns, struct file *cwd, const char *path, struct vfs_stat *st);
/* Mount a new fs_type_name file system at path (":private": not copied
 * into child namespaces; ":create" makes the directory first). */
int vfs_mount(struct namespace *ns, const char *path, const char *fs_type_name, const char *source);
/* Make source (resolved in src_ns) visible at target in ns, with at most
 * the permissions the source walk allows (and those given on source). */
int vfs_bind_from(struct namespace *ns, const char *target, struct namespace *src_ns,
		  const char *source);
static inline int vfs_bind(struct namespace *ns, const char *target, const char *source)
{
	return vfs_bind_from(ns, target, ns, source);
}
/* The error vfs_mount or vfs_bind_from would return, without doing it
 * (nothing is created): for checking a chain of changes before making
 * any (procfs ctl). */
int vfs_mount_check(struct namespace *ns, const char *path, const char *fs_type_name);
int vfs_bind_check(struct namespace *ns, const char *target, struct namespace *src_ns,
		   const char *source);
/* The mounts of ns, one a line, parents first: "PATH FSTYPE PERMS" and
 * " private", " bind" when they apply ("/dev devfs rwx"). Writes at most
 * size bytes (NUL-terminated); returns the full length. */
int vfs_ns_describe(struct namespace *ns, char *buf, size_t size);
/* Remove the topmost mount at path (-EBUSY while files are open in it). */
int vfs_umount(struct namespace *ns, const char *path);

/* Open two files with one walk (a pipe's ends, /dev/pipe/new): the name's
 * file_ops must have open2 (else -ENOTSUP). out[0] and out[1], or -errno
 * (none made). */
int vfs_open2(struct namespace *ns, struct file *cwd, const char *path, struct file *out[2]);

/* --- poll ---------------------------------------------------------------- */
/*
 * Wait until one of files[0..n) has an event it asks for (events[i], POLL*
 * from uapi/loom/syscall.h; POLLERR and POLLHUP are always reported) or
 * timeout_ns passes (0: do not wait; negative: wait forever). revents[i]
 * gets the ready events of each. The number of files with events, 0 on
 * timeout, or -errno (-EINVAL for n > VFS_POLL_MAX, -ENOMEM). A wake-up
 * between a file's check and the sleep is never lost: the caller is on
 * every file's queues before the first check.
 */
#define VFS_POLL_MAX 1024
int vfs_poll(struct file **files, const u32 *events, u32 *revents, u32 n, s64 timeout_ns);
/* For file_ops.poll: wake the poller when wq is woken (pt NULL: nothing). */
void poll_wait(struct wait_queue *wq, struct poll_table *pt);

/* --- open files -------------------------------------------------------- */
ssize_t vfs_read(struct file *f, void *buf, size_t n);
ssize_t vfs_write(struct file *f, const void *buf, size_t n);
s64 vfs_seek(struct file *f, s64 off, int whence);
int vfs_readdir(struct file *f, struct vfs_dirent *de);
int vfs_fstat(struct file *f, struct vfs_stat *st);
struct file *vfs_file_get(struct file *f);
void vfs_close(struct file *f);
/*
 * Map f at addr (VM_FIXED) or wherever it fits in as: len bytes from the
 * page-aligned offset off, prot VM_READ | VM_WRITE | VM_EXEC. The file
 * must be readable, and writable for VM_WRITE (-EACCES); NULL mmap op:
 * -ENODEV; the op's own errors (-ENXIO past the end). The area keeps the
 * file open until it is unmapped. The address, or -errno.
 */
struct addr_space;
s64 vfs_mmap(struct addr_space *as, struct file *f, u64 addr, u64 len, u32 prot, u32 flags,
	     u64 off);
/* vm_ops.open and .close of areas whose priv is the mapped file: each
 * area holds one reference to it. */
void vfs_area_file_get(struct vm_area *a);
void vfs_area_file_put(struct vm_area *a);

/* Live objects, for leak checks. */
struct vfs_counts {
	u64 inodes, dentries, files, mounts, namespaces, supers;
};
void vfs_get_counts(struct vfs_counts *c);
/* How often a caller had to sleep for vfs_lock since boot (statistics). */
u64 vfs_lock_waits(void);

/* Fill ns from one cpio entry (name relative to the root): the ramdisk
 * at boot, test archives. 0 or -errno (the entry is skipped, logged). */
struct cpio_entry;
struct vfs_fill_stats {
	u64 files, dirs, bytes;
};
int vfs_fill_entry(struct namespace *ns, const struct cpio_entry *e, struct vfs_fill_stats *st);

/* Boot (kernel_main, after the ramdisk): the root tmpfs from the ramdisk. */
void vfs_init(void);

#endif
