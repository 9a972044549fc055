/*
 * tmpfs (fs/tmpfs/): the memory file system, the root of the initial
 * namespace. Mounted as "tmpfs" with an optional source "size=N[k|m|g]"
 * (default CONFIG_TMPFS_SIZE_PERCENT of RAM). Locking: the VFS lock.
 */
#ifndef LOOM_TMPFS_H
#define LOOM_TMPFS_H

#include <loom/types.h>

/* Register the file system type (vfs_init calls it). */
int tmpfs_init(void);
/* Data pages held by every tmpfs instance (for leak checks). */
u64 tmpfs_pages_in_use(void);

#endif
