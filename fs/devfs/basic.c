/*
 * /dev/null (reads end at once, writes are swallowed), /dev/zero (reads
 * give zeros, writes are swallowed) and /dev/config (the running kernel's
 * .config, embedded at link time, read-only). Locking: vfs_lock held by
 * the VFS around every op; no state of their own but the file offset.
 */
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/string.h>
#include "internal.h"

extern const char loom_config_data[], loom_config_end[];

static ssize_t null_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	return 0;
}

static ssize_t zero_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	memset(buf, 0, n);
	return (ssize_t)n;
}

static ssize_t swallow_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	return (ssize_t)n;
}

static int config_open(struct file *f)
{
	f->inode->size = (u64)(loom_config_end - loom_config_data);
	return 0;
}

static ssize_t config_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	u64 size = (u64)(loom_config_end - loom_config_data);

	if (*pos >= size)
		return 0;
	n = MIN(n, size - *pos);
	memcpy(buf, loom_config_data + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

static const struct file_ops null_ops = {
	.flags = FOPS_SHARED_READ,
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = null_read,
	.write = swallow_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

static const struct file_ops zero_ops = {
	.flags = FOPS_SHARED_READ,
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = zero_read,
	.write = swallow_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

static const struct file_ops config_ops = {
	.flags = FOPS_SHARED_READ,
	.open = config_open,
	.release = vfs_nop_release,
	.read = config_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

int devfs_register_basic(void)
{
	int r = devfs_register("null", &null_ops, NULL, 0666);

	if (!r)
		r = devfs_register("zero", &zero_ops, NULL, 0666);
	if (!r)
		r = devfs_register("config", &config_ops, NULL, 0444);
	return r;
}
