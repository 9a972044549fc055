/*
 * /dev/klog: the kernel log as text lines, as the console prints them
 * ("[    0.012345] text\n"), from the oldest record kept. Each open file has
 * its own position (a log_iter and the rest of a line partly read). A read
 * at the end sleeps until printk appends a record; with :nonblock it
 * returns -EAGAIN. Locking: read runs without vfs_lock (FOPS_UNLOCKED);
 * each open file's state is guarded by its own mutex.
 */
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/log.h>
#include <loom/mutex.h>
#include <loom/path.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

struct klog_file {
	struct mutex lock;
	struct log_iter it;
	u32 len, off; /* line[off..len) not yet read */
	char line[LOG_LINE_MAX];
};

static int klog_open(struct file *f)
{
	struct klog_file *k = kzalloc(sizeof(*k));

	if (!k)
		return -ENOMEM;
	mutex_init(&k->lock);
	log_reader_start(&k->it);
	f->priv = k;
	return 0;
}

static void klog_release(struct file *f)
{
	kfree(f->priv);
}

static ssize_t klog_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct klog_file *k = f->priv;
	size_t done = 0;

	mutex_lock(&k->lock);
	while (done < n) {
		size_t c;

		if (k->off == k->len) {
			k->off = 0;
			k->len = (u32)log_reader_next(&k->it, k->line);
			if (!k->len) {
				if (done)
					break;
				if (f->flags & PATH_NONBLOCK) {
					mutex_unlock(&k->lock);
					return -EAGAIN;
				}
				log_reader_wait(&k->it);
				continue;
			}
		}
		c = MIN(n - done, (size_t)(k->len - k->off));
		memcpy((char *)buf + done, k->line + k->off, c);
		k->off += (u32)c;
		done += c;
	}
	*pos += done;
	mutex_unlock(&k->lock);
	return (ssize_t)done;
}

static s64 klog_seek(struct file *f, s64 off, int whence)
{
	return -ESPIPE;
}

static const struct file_ops klog_ops = {
	.flags = FOPS_UNLOCKED,
	.open = klog_open,
	.release = klog_release,
	.read = klog_read,
	.write = vfs_no_write,
	.seek = klog_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

int devfs_register_klog(void)
{
	return devfs_register("klog", &klog_ops, NULL, 0444);
}
