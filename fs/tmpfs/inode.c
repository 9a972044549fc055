/*
 * tmpfs nodes: regular files are arrays of whole pages from the page
 * allocator (a page is charged to the instance when first written; holes
 * read as zeros), symlinks keep their text in kmalloc memory, directories
 * live in the VFS dentry cache. Everything goes with the last reference.
 * Locking: the VFS lock.
 */
#include <loom/errno.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

static const struct inode_ops tmpfs_inode_ops;
static const struct file_ops tmpfs_file_ops;

static struct tmpfs_node *node(struct inode *ino)
{
	return ino->priv;
}

static void free_pages_from(struct inode *ino, u64 first)
{
	struct tmpfs_node *n = node(ino);
	u64 freed = 0;

	for (u64 i = first; i < n->cap; i++) {
		if (n->pages[i]) {
			page_free(n->pages[i]);
			n->pages[i] = 0;
			freed++;
		}
	}
	if (freed)
		tmpfs_uncharge(ino->sb, freed);
}

static int grow(struct tmpfs_node *n, u64 need)
{
	u64 cap = n->cap ? n->cap : 4;
	phys_addr_t *np;

	if (need <= n->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	np = kzalloc(cap * sizeof(*np));
	if (!np)
		return -ENOMEM;
	if (n->cap)
		memcpy(np, n->pages, n->cap * sizeof(*np));
	kfree(n->pages);
	n->pages = np;
	n->cap = cap;
	return 0;
}

static ssize_t tmpfs_read(struct file *f, void *buf, size_t len, u64 *pos)
{
	struct inode *ino = f->inode;
	struct tmpfs_node *n = node(ino);
	size_t done = 0;

	if (*pos >= ino->size)
		return 0;
	if (len > ino->size - *pos)
		len = ino->size - *pos;
	while (done < len) {
		u64 pg = *pos / PAGE_SIZE, off = *pos % PAGE_SIZE;
		size_t chunk = PAGE_SIZE - off;

		if (chunk > len - done)
			chunk = len - done;
		if (pg < n->cap && n->pages[pg])
			memcpy((u8 *)buf + done, (u8 *)phys_to_virt(n->pages[pg]) + off, chunk);
		else
			memset((u8 *)buf + done, 0, chunk);
		done += chunk;
		*pos += chunk;
	}
	return (ssize_t)done;
}

static ssize_t tmpfs_write(struct file *f, const void *buf, size_t len, u64 *pos)
{
	struct inode *ino = f->inode;
	struct tmpfs_node *n = node(ino);
	size_t done = 0;
	int r = 0;

	if (*pos + len < *pos)
		return -EFBIG;
	while (done < len) {
		u64 pg = *pos / PAGE_SIZE, off = *pos % PAGE_SIZE;
		size_t chunk = PAGE_SIZE - off;

		if (chunk > len - done)
			chunk = len - done;
		r = grow(n, pg + 1);
		if (!r && !n->pages[pg]) {
			r = tmpfs_charge(ino->sb, 1);
			if (!r) {
				n->pages[pg] = page_alloc_zeroed();
				if (!n->pages[pg]) {
					tmpfs_uncharge(ino->sb, 1);
					r = -ENOSPC;
				}
			}
		}
		if (r)
			break;
		memcpy((u8 *)phys_to_virt(n->pages[pg]) + off, (const u8 *)buf + done, chunk);
		done += chunk;
		*pos += chunk;
		if (*pos > ino->size)
			ino->size = *pos;
	}
	return done ? (ssize_t)done : r;
}

static int tmpfs_truncate(struct inode *ino, u64 size)
{
	struct tmpfs_node *n = node(ino);
	u64 keep = (size + PAGE_SIZE - 1) / PAGE_SIZE;

	if (ino->type != INODE_REG)
		return -EINVAL;
	if (size < ino->size) {
		free_pages_from(ino, keep);
		/* the rest of the last page reads as zeros if the file grows */
		if (size % PAGE_SIZE && keep - 1 < n->cap && n->pages[keep - 1])
			memset((u8 *)phys_to_virt(n->pages[keep - 1]) + size % PAGE_SIZE, 0,
			       PAGE_SIZE - size % PAGE_SIZE);
	}
	ino->size = size;
	return 0;
}

static int tmpfs_readlink(struct inode *ino, char *buf, size_t size)
{
	size_t len = ino->size;

	if (!node(ino)->link)
		return -EINVAL;
	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, node(ino)->link, len + 1);
	return (int)len;
}

static void tmpfs_evict(struct inode *ino)
{
	struct tmpfs_node *n = node(ino);

	if (!n)
		return;
	free_pages_from(ino, 0);
	kfree(n->pages);
	kfree(n->link);
	kfree(n);
}

static struct inode *new_node(struct super_block *sb, u32 type, u32 mode)
{
	struct inode *ino = vfs_inode_alloc(sb, type, mode);

	if (!ino)
		return NULL;
	ino->priv = kzalloc(sizeof(struct tmpfs_node));
	if (!ino->priv) {
		vfs_inode_put(ino);
		return NULL;
	}
	ino->ops = &tmpfs_inode_ops;
	ino->fops = type == INODE_DIR	? &vfs_dcache_dir_ops
		    : type == INODE_REG ? &tmpfs_file_ops
					: &vfs_default_file_ops;
	return ino;
}

int tmpfs_new_inode(struct inode *dir, const char *name, u32 type, u32 mode, const char *target,
		    struct inode **out)
{
	struct inode *ino = new_node(dir->sb, type, mode);
	size_t len;

	if (!ino)
		return -ENOMEM;
	if (type == INODE_SYMLINK) {
		len = strlen(target);
		node(ino)->link = kmalloc(len + 1);
		if (!node(ino)->link) {
			vfs_inode_put(ino);
			return -ENOMEM;
		}
		memcpy(node(ino)->link, target, len + 1);
		ino->size = len;
	}
	*out = ino;
	return 0;
}

struct inode *tmpfs_root_inode(struct super_block *sb)
{
	struct inode *ino = new_node(sb, INODE_DIR, 0755);

	if (ino)
		ino->nlink = 2;
	return ino;
}

static const struct inode_ops tmpfs_inode_ops = {
	.create = tmpfs_new_inode,
	.readlink = tmpfs_readlink,
	.truncate = tmpfs_truncate,
	.evict = tmpfs_evict,
};

static const struct file_ops tmpfs_file_ops = {
	.flags = FOPS_SHARED_READ,
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = tmpfs_read,
	.write = tmpfs_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};
