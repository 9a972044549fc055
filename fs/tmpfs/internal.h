/*
 * tmpfs internals: an instance's size accounting and a node's storage.
 * Called with the VFS lock held.
 */
#ifndef FS_TMPFS_INTERNAL_H
#define FS_TMPFS_INTERNAL_H

#include <loom/tmpfs.h>
#include <loom/vfs.h>

struct tmpfs_sb {
	u64 limit_pages;
	u64 used_pages;
	bool full_logged; /* "is full" said once until space comes back */
};

struct tmpfs_node {
	phys_addr_t *pages; /* page i of the file, 0 for a hole */
	u64 cap;	    /* entries in pages */
	char *link;	    /* a symlink's text */
};

int tmpfs_charge(struct super_block *sb, u64 pages);
void tmpfs_uncharge(struct super_block *sb, u64 pages);
int tmpfs_new_inode(struct inode *dir, const char *name, u32 type, u32 mode, const char *target,
		    struct inode **out);
struct inode *tmpfs_root_inode(struct super_block *sb);

#endif
