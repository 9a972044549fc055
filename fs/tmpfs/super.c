/*
 * tmpfs instances: the "tmpfs" fs_type, its size option and the page
 * accounting. Each instance has a limit (source "size=N[k|m|g]", else
 * CONFIG_TMPFS_SIZE_PERCENT of RAM); a write past it gets -ENOSPC and the
 * log says once which instance is full. Locking: the VFS lock.
 */
#include <loom/errno.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/mm.h>
#include "internal.h"

static u64 pages_in_use;

u64 tmpfs_pages_in_use(void)
{
	return pages_in_use;
}

int tmpfs_charge(struct super_block *sb, u64 pages)
{
	struct tmpfs_sb *ts = sb->priv;

	if (ts->used_pages + pages > ts->limit_pages) {
		if (!ts->full_logged)
			pr_warn("tmpfs: %u (%s) is full: %llu KiB", sb->id,
				sb->source[0] ? sb->source : "default size",
				ts->limit_pages * (PAGE_SIZE / 1024));
		ts->full_logged = true;
		return -ENOSPC;
	}
	ts->used_pages += pages;
	pages_in_use += pages;
	return 0;
}

void tmpfs_uncharge(struct super_block *sb, u64 pages)
{
	struct tmpfs_sb *ts = sb->priv;

	ts->used_pages -= pages;
	pages_in_use -= pages;
	ts->full_logged = false;
}

/* "size=N" with an optional k, m or g: bytes, or 0 when malformed. */
static u64 parse_size(const char *s)
{
	u64 v = 0;

	if (strncmp(s, "size=", 5))
		return 0;
	s += 5;
	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9') {
		if (v > (~0ULL >> 4) / 10)
			return 0;
		v = v * 10 + (u64)(*s++ - '0');
	}
	switch (*s) {
	case 'k': v <<= 10, s++; break;
	case 'm': v <<= 20, s++; break;
	case 'g': v <<= 30, s++; break;
	}
	return *s ? 0 : v;
}

static int tmpfs_mount(struct super_block *sb, const char *source)
{
	struct tmpfs_sb *ts;
	struct page_stats ps;
	u64 bytes;

	if (source[0]) {
		bytes = parse_size(source);
		if (!bytes)
			return -EINVAL;
	} else {
		page_alloc_stats(&ps);
		bytes = ps.total * PAGE_SIZE / 100 * CONFIG_TMPFS_SIZE_PERCENT;
	}
	ts = kzalloc(sizeof(*ts));
	if (!ts)
		return -ENOMEM;
	ts->limit_pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	sb->priv = ts;
	sb->root_inode = tmpfs_root_inode(sb);
	if (!sb->root_inode)
		return -ENOMEM; /* kill_sb frees ts */
	return 0;
}

static void tmpfs_kill_sb(struct super_block *sb)
{
	kfree(sb->priv);
	sb->priv = NULL;
}

static const struct fs_type tmpfs_type = {
	.name = "tmpfs",
	.mount = tmpfs_mount,
	.kill_sb = tmpfs_kill_sb,
};

int tmpfs_init(void)
{
	return vfs_register_fs(&tmpfs_type);
}
