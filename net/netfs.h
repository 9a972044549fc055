/*
 * Private to net/: the netfs tree (netfs.c) and the files of local
 * sockets (local_files.c). A socket's directory and the files in it have
 * the socket's id as their inode's priv; /net/local/seqpacket and
 * /stream have NETFS_SEQPACKET and NETFS_STREAM.
 */
#ifndef NET_NETFS_H
#define NET_NETFS_H

#include <loom/vfs.h>
#include "internal.h"

#define NETFS_SEQPACKET ((void *)1)
#define NETFS_STREAM	((void *)2)

static inline u64 netfs_id(const struct inode *ino)
{
	return (u64)(uintptr_t)ino->priv;
}

extern const struct file_ops netfs_new_fops, netfs_ctl_fops, netfs_data_fops, netfs_accept_fops;

#endif
