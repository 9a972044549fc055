/*
 * /dev/klog: the kernel log as text lines, as the console prints them
 * ("[    0.012345] text\n"), from the oldest record kept. Each open file has
 * its own position (a log_iter and the rest of a line partly read). A read
 * at the end sleeps until printk appends a record; with :nonblock it
 * returns -EAGAIN; poll says readable when a record is there. Locking:
 * read runs without vfs_lock (FOPS_UNLOCKED); each open file's state is
 * guarded by its own mutex.
 */
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/log.h>
#include <loom/mutex.h>
#include <loom/path.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/wait_intr.h>
#include <uapi/loom/syscall.h>
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
	int r;

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
				r = wait_event_intr(log_reader_queue(), !log_reader_at_end(&k->it));
				if (r) {
					mutex_unlock(&k->lock);
					return r;
				}
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

/*
 * Readable when part of a line is left or a record after the position
 * exists. Without k->lock: a reader may sleep holding it; a stale look
 * only makes poll check again after the next printk.
 */
static u32 klog_poll(struct file *f, u32 events, struct poll_table *pt)
{
	struct klog_file *k = f->priv;

	poll_wait(log_reader_queue(), pt);
	if (READ_ONCE(k->off) != READ_ONCE(k->len) || !log_reader_at_end(&k->it))
		return POLLIN;
	return 0;
}

static const struct file_ops klog_ops = {
	.flags = FOPS_UNLOCKED,
	.open = klog_open,
	.release = klog_release,
	.read = klog_read,
	.write = vfs_no_write,
	.seek = vfs_no_seek,
	.readdir = vfs_no_readdir,
	.poll = klog_poll,
};

int devfs_register_klog(void)
{
	return devfs_register("klog", &klog_ops, NULL, 0444);
}
