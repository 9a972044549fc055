/*
 * Private to fs/procfs/. Every procfs inode below the root belongs to one
 * process: its pid is the inode's priv. Files hold a reference to their
 * process from open to release (struct procfs_file in f->priv).
 * Locking: lookup, revalidate, readdir, create and unlink run under
 * vfs_lock and may take a process's lock (p->lock) and the process list's
 * (leaves: the process code never calls the VFS holding them); read and
 * write run without vfs_lock (FOPS_UNLOCKED) and may block.
 */
#ifndef FS_PROCFS_INTERNAL_H
#define FS_PROCFS_INTERNAL_H

#include <loom/mutex.h>
#include <loom/proc.h>
#include <loom/vfs.h>

struct procfs_file {
	struct process *p;
	struct mutex lock; /* text, len */
	char *text;	   /* the snapshot a text file serves (made at first read) */
	size_t len;
	bool made;
};

static inline u64 procfs_pid(const struct inode *ino)
{
	return (u64)(uintptr_t)ino->priv;
}

/* A new inode of process pid (its priv) with these ops. */
struct inode *procfs_inode(struct super_block *sb, u32 type, u32 mode, u64 pid,
			   const struct inode_ops *iops, const struct file_ops *fops);
/* The process of ino if the caller may see it: 0 and a reference in *out,
 * -ESTALE when it is gone, -ENOENT when hidden from the caller. */
int procfs_get(const struct inode *ino, struct process **out);
/* revalidate for everything of a process: gone or hidden. */
int procfs_revalidate(struct dentry *d);
/* unlink of directories whose names cannot be removed: -EPERM. */
int procfs_no_unlink(struct inode *dir, struct dentry *d);

/* open/release of per-process files: f->priv is a struct procfs_file. */
int procfs_file_open(struct file *f);
void procfs_file_release(struct file *f);
/* Serve the text of a snapshot, made at the first read by make (a
 * kmalloc'd buffer and its length, or -errno). */
ssize_t procfs_text_read(struct file *f, void *buf, size_t n, u64 *pos,
			 int (*make)(struct file *f, struct process *p, char **text, size_t *len));

/* pid.c: the /proc/[pid] directory. */
struct inode *procfs_pid_dir(struct super_block *sb, u64 pid);
/* env.c: /proc/[pid]/env. */
extern const struct inode_ops procfs_env_dir_iops;
extern const struct file_ops procfs_env_dir_fops;
/* ctlfile.c: /proc/[pid]/ctl. */
extern const struct file_ops procfs_ctl_fops;

#endif
