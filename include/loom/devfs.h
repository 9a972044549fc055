/*
 * devfs (fs/devfs/): the device files under /dev. A driver or subsystem
 * registers a name with its file_ops; every devfs instance shows it.
 * Locking: the registry is guarded by vfs_lock (taken inside these calls).
 * Contract: ops and priv (f->inode->priv in the ops) stay valid until
 * devfs_unregister and the last close of the files opened on them.
 */
#ifndef LOOM_DEVFS_H
#define LOOM_DEVFS_H

#include <loom/vfs.h>

#define DEVFS_NAME_MAX 31

/* name is flat ("null") or in a directory made for it ("pipe/new").
 * 0, -EINVAL (bad name: empty component, ':', too long), -EEXIST,
 * -ENOMEM. No limit on how many. */
int devfs_register(const char *name, const struct file_ops *ops, void *priv, u32 mode);
/* 0 or -ENOENT. Files already open keep working. */
int devfs_unregister(const char *name);
/* The same from a file op, which runs with vfs_lock held (open and
 * release of a device file that makes names for what it creates, like
 * /dev/shmem/new). */
int devfs_register_locked(const char *name, const struct file_ops *ops, void *priv, u32 mode);
int devfs_unregister_locked(const char *name);

#ifdef CONFIG_DEVFS
/* Boot (end of vfs_init): register devfs and its files, mount it at /dev. */
void devfs_init(void);
#else
static inline void devfs_init(void)
{
}
#endif

#endif
