/*
 * The input core: /dev/input/N/{name,events} per registered device. Each
 * open of "events" gets a reader with its own ring of INPUT_QUEUE_LEN
 * events; input_report() appends to every reader (the oldest goes when
 * full and a DROPPED record takes its place at read time) and wakes them.
 * Reads return whole records, block until one comes (-EAGAIN with
 * :nonblock) and return 0 once the device is gone and the queue empty.
 * Locking: each device's handle lock (irqsave: reports come from interrupt
 * handlers) covers its readers and their rings; a handle lives until the
 * device is unregistered and its last file is closed (refs).
 */
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/input.h>
#include <loom/module.h>
#include <loom/mutex.h>
#include <loom/path.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include <loom/wait_intr.h>
#include <uapi/loom/syscall.h>

struct reader {
	struct reader *next;
	u32 head, tail; /* free-running indexes into q */
	u32 dropped;	/* events lost since the last read */
	u64 drop_time;	/* when the last of them was lost */
	struct input_event q[INPUT_QUEUE_LEN];
};

struct input_handle {
	spinlock_t lock;
	u32 refs; /* the registration and each open file */
	u32 id;
	bool gone;
	struct wait_queue wq;
	struct reader *readers;
	char name[48]; /* "i8042 keyboard\n" */
	char names[2][DEVFS_NAME_MAX + 1];
};

static struct mutex reg_lock = MUTEX_INIT; /* next_id, registration */
static u32 next_id;

static void handle_put(struct input_handle *h)
{
	u64 f = spin_lock_irqsave(&h->lock);
	bool last = --h->refs == 0;

	spin_unlock_irqrestore(&h->lock, f);
	if (last)
		kfree(h);
}

static int name_open(struct file *f)
{
	struct input_handle *h = f->inode->priv;
	u64 fl = spin_lock_irqsave(&h->lock);

	h->refs++;
	spin_unlock_irqrestore(&h->lock, fl);
	f->priv = h;
	return 0;
}

static void name_release(struct file *f)
{
	handle_put(f->priv);
}

static ssize_t name_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct input_handle *h = f->priv;
	size_t len = strlen(h->name), c;

	if (*pos >= len)
		return 0;
	c = MIN(n, len - (size_t)*pos);
	memcpy(buf, h->name + *pos, c);
	*pos += c;
	return (ssize_t)c;
}

static const struct file_ops name_ops = {
	.flags = FOPS_UNLOCKED,
	.open = name_open,
	.release = name_release,
	.read = name_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

static int events_open(struct file *f)
{
	struct input_handle *h = f->inode->priv;
	struct reader *r = kzalloc(sizeof(*r));
	u64 fl;

	if (!r)
		return -ENOMEM;
	fl = spin_lock_irqsave(&h->lock);
	if (h->gone) {
		spin_unlock_irqrestore(&h->lock, fl);
		kfree(r);
		return -ENODEV;
	}
	h->refs++;
	r->next = h->readers;
	h->readers = r;
	spin_unlock_irqrestore(&h->lock, fl);
	f->priv = r;
	return 0;
}

static void events_release(struct file *f)
{
	struct input_handle *h = f->inode->priv;
	struct reader *r = f->priv, **pp;
	u64 fl = spin_lock_irqsave(&h->lock);

	for (pp = &h->readers; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	spin_unlock_irqrestore(&h->lock, fl);
	kfree(r);
	handle_put(h);
}

/* With h->lock held: anything to read (a DROPPED record counts)? */
static bool readable(const struct reader *r)
{
	return r->head != r->tail || r->dropped;
}

/* With h->lock held: up to max records into out. */
static u32 take(struct reader *r, struct input_event *out, u32 max)
{
	u32 n = 0;

	if (r->dropped && n < max) {
		out[n++] = (struct input_event){ .time_ns = r->drop_time,
						 .type = INPUT_EV_DROPPED,
						 .value = (int)r->dropped };
		r->dropped = 0;
	}
	while (n < max && r->tail != r->head)
		out[n++] = r->q[r->tail++ % INPUT_QUEUE_LEN];
	return n;
}

static ssize_t events_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct input_handle *h = f->inode->priv;
	struct reader *r = f->priv;
	u32 max = (u32)MIN(n / sizeof(struct input_event), (size_t)INPUT_QUEUE_LEN + 1), got;

	if (!max)
		return -EINVAL; /* no room for one whole record */
	for (;;) {
		u64 fl = spin_lock_irqsave(&h->lock);
		bool gone = h->gone;
		int err;

		got = take(r, buf, max);
		spin_unlock_irqrestore(&h->lock, fl);
		if (got || gone)
			break;
		if (f->flags & PATH_NONBLOCK)
			return -EAGAIN;
		err = wait_event_intr(&h->wq, READ_ONCE(r->head) != READ_ONCE(r->tail) ||
						      READ_ONCE(r->dropped) || READ_ONCE(h->gone));
		if (err)
			return err;
	}
	*pos += got * sizeof(struct input_event);
	return (ssize_t)(got * sizeof(struct input_event));
}

static u32 events_poll(struct file *f, u32 events, struct poll_table *pt)
{
	struct input_handle *h = f->inode->priv;
	struct reader *r = f->priv;
	u64 fl;
	u32 ready = 0;

	poll_wait(&h->wq, pt);
	fl = spin_lock_irqsave(&h->lock);
	if (readable(r))
		ready |= POLLIN;
	if (h->gone)
		ready |= POLLIN | POLLHUP; /* a read says end of file */
	spin_unlock_irqrestore(&h->lock, fl);
	return ready;
}

static const struct file_ops events_ops = {
	.flags = FOPS_UNLOCKED,
	.open = events_open,
	.release = events_release,
	.read = events_read,
	.write = vfs_no_write,
	.seek = vfs_no_seek,
	.readdir = vfs_no_readdir,
	.poll = events_poll,
};

void input_report(struct input_dev *dev, u16 type, u16 code, s32 value)
{
	struct input_handle *h = READ_ONCE(dev->h);
	struct input_event ev = { clock_monotonic_ns(), type, code, value };
	bool any;
	u64 fl;

	if (!h)
		return;
	fl = spin_lock_irqsave(&h->lock);
	for (struct reader *r = h->readers; r; r = r->next) {
		if (r->head - r->tail == INPUT_QUEUE_LEN) {
			r->tail++; /* the oldest goes */
			r->dropped++;
			r->drop_time = ev.time_ns;
		}
		r->q[r->head++ % INPUT_QUEUE_LEN] = ev;
	}
	any = h->readers != NULL;
	spin_unlock_irqrestore(&h->lock, fl);
	if (any)
		wake_up_all(&h->wq);
}
EXPORT_SYMBOL(input_report);

int input_register(struct input_dev *dev)
{
	struct input_handle *h;
	int err;

	if (dev->h)
		return -EBUSY;
	h = kzalloc(sizeof(*h));
	if (!h)
		return -ENOMEM;
	wait_queue_init(&h->wq);
	h->refs = 1;
	snprintf(h->name, sizeof(h->name), "%s\n", dev->name);
	mutex_lock(&reg_lock);
	h->id = next_id;
	snprintf(h->names[0], sizeof(h->names[0]), "input/%u/name", h->id);
	snprintf(h->names[1], sizeof(h->names[1]), "input/%u/events", h->id);
	err = devfs_register(h->names[0], &name_ops, h, 0444);
	if (!err) {
		err = devfs_register(h->names[1], &events_ops, h, 0444);
		if (err)
			devfs_unregister(h->names[0]);
	}
	if (!err) {
		next_id++;
		WRITE_ONCE(dev->h, h);
	}
	mutex_unlock(&reg_lock);
	if (err) {
		pr_warn("input: %s: cannot make /dev/input/%u: %s", dev->name, h->id,
			errno_name(-err));
		kfree(h);
		return err;
	}
	pr_info("input: %s is /dev/input/%u", dev->name, h->id);
	return 0;
}
EXPORT_SYMBOL(input_register);

void input_unregister(struct input_dev *dev)
{
	struct input_handle *h = dev->h;
	u64 fl;

	if (!h)
		return;
	mutex_lock(&reg_lock);
	devfs_unregister(h->names[1]);
	devfs_unregister(h->names[0]);
	mutex_unlock(&reg_lock);
	fl = spin_lock_irqsave(&h->lock);
	h->gone = true;
	WRITE_ONCE(dev->h, NULL);
	spin_unlock_irqrestore(&h->lock, fl);
	wake_up_all(&h->wq);
	handle_put(h);
}
EXPORT_SYMBOL(input_unregister);

int input_dev_id(const struct input_dev *dev)
{
	struct input_handle *h = READ_ONCE(dev->h);

	return h ? (int)h->id : -1;
}
EXPORT_SYMBOL(input_dev_id);

ssize_t input_read_events(struct file *f, struct input_event *ev, u32 want, u64 timeout_ns)
{
	u64 end = clock_monotonic_ns() + timeout_ns;
	u32 have = 0;

	while (have < want) {
		u32 pollin = POLLIN, got = 0;
		s64 left = (s64)(end - clock_monotonic_ns());
		ssize_t n;

		if (left <= 0 || vfs_poll(&f, &pollin, &got, 1, left) != 1)
			break;
		n = vfs_read(f, ev + have, (want - have) * sizeof(*ev));
		if (n == -EAGAIN)
			continue;
		if (n <= 0)
			return have ? (ssize_t)have : n;
		have += (u32)(n / (ssize_t)sizeof(*ev));
	}
	return have;
}
EXPORT_SYMBOL(input_read_events);
