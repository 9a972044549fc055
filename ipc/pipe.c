/*
 * Pipes: /dev/pipe/new (include/loom/pipe.h). A file's end is its
 * permissions: PERM_READ reads, PERM_WRITE writes (a plain open of
 * /dev/pipe/new is both). The pipe counts the files of each end and goes
 * with the last. Locking: read and write run without vfs_lock
 * (FOPS_UNLOCKED) under the pipe's mutex, dropped while they sleep;
 * release runs under vfs_lock and takes the mutex (order: vfs_lock, then
 * a pipe's lock). Readers sleep on rd_wq (woken by writes and the last
 * writer's close), writers on wr_wq (woken by reads and the last reader's
 * close); poll watches the same queues. A process that is being killed
 * or has a note to take stops waiting (-EINTR, or the bytes written).
 */
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/init.h>
#include <loom/mutex.h>
#include <loom/pipe.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include <loom/wait_intr.h>
#include <uapi/loom/syscall.h>

struct pipe {
	struct mutex lock;
	u32 head, count; /* unread bytes: buf[head ..] (wrapping), count of them */
	u32 readers, writers;
	struct wait_queue rd_wq, wr_wq;
	char *buf;
};

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->buf = kmalloc(PIPE_SIZE);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	mutex_init(&p->lock);
	wait_queue_init(&p->rd_wq);
	wait_queue_init(&p->wr_wq);
	return p;
}

static void pipe_attach(struct file *f, struct pipe *p)
{
	f->priv = p;
	p->readers += !!(f->perms & PERM_READ);
	p->writers += !!(f->perms & PERM_WRITE);
}

static int pipe_open(struct file *f)
{
	struct pipe *p = pipe_alloc();

	if (!p)
		return -ENOMEM;
	pipe_attach(f, p);
	return 0;
}

static int pipe_open2(struct file *f[2])
{
	struct pipe *p;

	if ((f[0]->perms & (PERM_READ | PERM_WRITE)) != (PERM_READ | PERM_WRITE))
		return -EACCES; /* each end needs its permission */
	p = pipe_alloc();
	if (!p)
		return -ENOMEM;
	f[0]->perms = PERM_READ;
	f[1]->perms = PERM_WRITE;
	pipe_attach(f[0], p);
	pipe_attach(f[1], p);
	return 0;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	bool last;

	mutex_lock(&p->lock);
	if (f->perms & PERM_READ)
		p->readers--;
	if (f->perms & PERM_WRITE)
		p->writers--;
	last = !p->readers && !p->writers;
	mutex_unlock(&p->lock);
	if (last) {
		kfree(p->buf);
		kfree(p);
		return;
	}
	wake_up_all(&p->rd_wq);
	wake_up_all(&p->wr_wq);
}

static ssize_t pipe_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct pipe *p = f->priv;
	size_t c, first;
	int r;

	if (!n)
		return 0;
	mutex_lock(&p->lock);
	while (!p->count) {
		if (!p->writers) {
			mutex_unlock(&p->lock);
			return 0;
		}
		if (f->flags & PATH_NONBLOCK) {
			mutex_unlock(&p->lock);
			return -EAGAIN;
		}
		mutex_unlock(&p->lock);
		r = wait_event_intr(&p->rd_wq, READ_ONCE(p->count) || !READ_ONCE(p->writers));
		if (r)
			return r;
		mutex_lock(&p->lock);
	}
	c = MIN(n, (size_t)p->count);
	first = MIN(c, (size_t)(PIPE_SIZE - p->head));
	memcpy(buf, p->buf + p->head, first);
	memcpy((char *)buf + first, p->buf, c - first);
	p->head = (u32)((p->head + c) % PIPE_SIZE);
	p->count -= (u32)c;
	mutex_unlock(&p->lock);
	wake_up_all(&p->wr_wq);
	return (ssize_t)c;
}

/* Copy n bytes in at the tail (room checked by the caller). */
static void ring_put(struct pipe *p, const char *src, size_t n)
{
	size_t tail = (p->head + p->count) % PIPE_SIZE;
	size_t first = MIN(n, PIPE_SIZE - tail);

	memcpy(p->buf + tail, src, first);
	memcpy(p->buf, src + first, n - first);
	p->count += (u32)n;
}

static ssize_t pipe_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct pipe *p = f->priv;
	/* a write of at most PIPE_BUF bytes waits for room for all of it */
	size_t need = n <= PIPE_BUF ? n : 1, done = 0;
	ssize_t r = 0;

	if (!n)
		return 0;
	mutex_lock(&p->lock);
	while (done < n) {
		size_t room = PIPE_SIZE - p->count, c;

		if (!p->readers) {
			r = -EPIPE;
			break;
		}
		if (room < need) {
			if (f->flags & PATH_NONBLOCK) {
				r = -EAGAIN;
				break;
			}
			mutex_unlock(&p->lock);
			r = wait_event_intr(&p->wr_wq, PIPE_SIZE - READ_ONCE(p->count) >= need ||
							       !READ_ONCE(p->readers));
			mutex_lock(&p->lock);
			if (r)
				break;
			continue;
		}
		c = MIN(room, n - done);
		ring_put(p, (const char *)buf + done, c);
		done += c;
		wake_up_all(&p->rd_wq);
	}
	mutex_unlock(&p->lock);
	return done ? (ssize_t)done : r;
}

static u32 pipe_poll(struct file *f, u32 events, struct poll_table *pt)
{
	struct pipe *p = f->priv;
	u32 ready = 0;

	if (f->perms & PERM_READ)
		poll_wait(&p->rd_wq, pt);
	if (f->perms & PERM_WRITE)
		poll_wait(&p->wr_wq, pt);
	mutex_lock(&p->lock);
	if (f->perms & PERM_READ) {
		if (p->count)
			ready |= POLLIN;
		if (!p->writers)
			ready |= POLLIN | POLLHUP; /* a read returns 0 at once */
	}
	if (f->perms & PERM_WRITE) {
		if (!p->readers)
			ready |= POLLERR;
		else if (PIPE_SIZE - p->count >= PIPE_BUF)
			ready |= POLLOUT;
	}
	mutex_unlock(&p->lock);
	return ready;
}

static const struct file_ops pipe_ops = {
	.flags = FOPS_UNLOCKED,
	.open = pipe_open,
	.release = pipe_release,
	.read = pipe_read,
	.write = pipe_write,
	.seek = vfs_no_seek,
	.readdir = vfs_no_readdir,
	.poll = pipe_poll,
	.open2 = pipe_open2,
};

static int pipe_init(void)
{
	int r = devfs_register("pipe/new", &pipe_ops, NULL, 0666);

	if (r)
		pr_err("pipe: /dev/pipe/new not registered (error %d)", r);
	return r;
}
device_initcall(pipe_init);
