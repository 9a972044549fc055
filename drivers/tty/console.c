/*
 * /dev/console and its line discipline (see include/loom/tty.h). Input is
 * pushed: interrupt-driven consoles (CON_INPUT_IRQ) call tty_input from
 * their handlers, which wakes the readers' queue (blocked readers and
 * pollers) once a line or the end of file is there. Consoles that are
 * still polled are read (console_getc) by poll_timer every POLL_NS, armed
 * only while a reader or poller waits and some console needs it: with
 * every input console interrupt-driven, a waiting reader costs no timer
 * interrupt. Locking: lock (irqsave) guards the line being edited and the
 * finished bytes; echo is written outside it (console_write_text takes
 * the log lock, and drivers take their own locks under that one, so
 * tty_input must be called with no driver lock held). timer_lock
 * serializes arming the timer.
 */
#include <loom/console.h>
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/init.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <loom/time.h>
#include <loom/tty.h>
#include <loom/vfs.h>
#include <loom/wait.h>
#include <loom/wait_intr.h>
#include <uapi/loom/syscall.h>

#define READY_MAX   4096
#define POLL_NS	    (10ULL * 1000000)
#define WRITE_PIECE 256
#define CTRL(c)	    ((c)&0x1f)

static spinlock_t lock = SPINLOCK_INIT;
static struct wait_queue readers = WAIT_QUEUE_INIT;
static char line[TTY_LINE_MAX], ready[READY_MAX];
static u32 line_len, ready_len;
static bool eof;
static spinlock_t timer_lock = SPINLOCK_INIT;
static struct timer poll_timer;
static u32 sleepers; /* readers blocked in console_read */
static struct tty_stats stats;

/* With lock held: move the edited line to the finished bytes. */
static void finish_line(void)
{
	u32 n = MIN(line_len, READY_MAX - ready_len);

	memcpy(ready + ready_len, line, n);
	ready_len += n;
	line_len = 0;
}

void tty_input(char c)
{
	char echo[3 * 8];
	size_t elen = 0;
	u64 flags = spin_lock_irqsave(&lock);
	bool wake;

	stats.bytes++;
	if (c == '\r' || c == '\n') {
		if (line_len < TTY_LINE_MAX)
			line[line_len++] = '\n';
		finish_line();
		echo[elen++] = '\n';
	} else if (c == 0x7f || c == '\b') {
		if (line_len) {
			line_len--;
			memcpy(echo, "\b \b", 3);
			elen = 3;
		}
	} else if (c == CTRL('U')) {
		for (; line_len && elen + 3 <= sizeof(echo); line_len--, elen += 3)
			memcpy(echo + elen, "\b \b", 3);
		line_len = 0;
	} else if (c == CTRL('D')) {
		if (!line_len)
			eof = true;
		finish_line();
	} else if (line_len < TTY_LINE_MAX - 1) {
		line[line_len++] = c;
		echo[elen++] = c;
	}
	wake = ready_len || eof;
	if (wake)
		stats.wakeups++;
	spin_unlock_irqrestore(&lock, flags);
	if (elen)
		console_write_text(echo, elen);
	if (wake)
		wake_up_all(&readers);
}
EXPORT_SYMBOL(tty_input);

void tty_input_changed(void)
{
	wake_up_all(&readers);
}
EXPORT_SYMBOL(tty_input_changed);

void tty_discard(void)
{
	u64 flags = spin_lock_irqsave(&lock);

	line_len = ready_len = 0;
	eof = false;
	spin_unlock_irqrestore(&lock, flags);
}
EXPORT_SYMBOL(tty_discard);

void tty_get_stats(struct tty_stats *s)
{
	u64 flags = spin_lock_irqsave(&lock);

	*s = stats;
	spin_unlock_irqrestore(&lock, flags);
}

/* Read the polled consoles. */
static void pump(void)
{
	for (int c, n = 0; n < 256 && (c = console_getc()) >= 0; n++)
		tty_input((char)c);
}

/* Does a reader or a poller wait on the queue? */
static bool waited_for(void)
{
	return READ_ONCE(sleepers) || READ_ONCE(readers.entries);
}

/* Arm the polling timer if some console is polled: false when one is but
 * the timer could not be armed (no clock event device yet). */
static bool poll_arm(void)
{
	u64 flags;
	int err = 0;

	if (!console_input_polled())
		return true;
	flags = spin_lock_irqsave(&timer_lock);
	if (!timer_pending(&poll_timer))
		err = timer_add(&poll_timer, clock_monotonic_ns() + POLL_NS);
	spin_unlock_irqrestore(&timer_lock, flags);
	return !err;
}

/* Interrupt context: read the polled consoles, again while someone waits. */
static void poll_fire(void *arg)
{
	u64 flags = spin_lock_irqsave(&lock);

	stats.poll_runs++;
	spin_unlock_irqrestore(&lock, flags);
	pump();
	if (waited_for())
		poll_arm();
}

/* One line at most (or what fits in n). */
static ssize_t take(void *buf, size_t n, bool *got_eof)
{
	u64 flags = spin_lock_irqsave(&lock);
	size_t len = 0;

	if (ready_len) {
		while (len < ready_len && len < n && (len == 0 || ready[len - 1] != '\n'))
			len++;
		memcpy(buf, ready, len);
		memmove(ready, ready + len, ready_len - len);
		ready_len -= (u32)len;
	} else if (eof) {
		eof = false;
		*got_eof = true;
	}
	spin_unlock_irqrestore(&lock, flags);
	return (ssize_t)len;
}

static ssize_t console_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	if (!n)
		return 0;
	for (;;) {
		bool got_eof = false;
		ssize_t len;

		pump();
		len = take(buf, n, &got_eof);
		if (len || got_eof)
			return len;
		if (f->flags & PATH_NONBLOCK)
			return -EAGAIN;
		if (proc_interrupted())
			return -EINTR;
		__atomic_add_fetch(&sleepers, 1, __ATOMIC_SEQ_CST);
		if (poll_arm())
			wait_event_intr(&readers, READ_ONCE(ready_len) || READ_ONCE(eof));
		else
			wait_event_intr_until(&readers, READ_ONCE(ready_len) || READ_ONCE(eof),
					      clock_monotonic_ns() + POLL_NS);
		__atomic_sub_fetch(&sleepers, 1, __ATOMIC_SEQ_CST);
	}
}

/* POLLIN with a line (or the end of file) to read; writes never block. */
static u32 console_poll(struct file *f, u32 events, struct poll_table *pt)
{
	u32 ready = POLLOUT;
	u64 flags;

	poll_wait(&readers, pt);
	pump();
	flags = spin_lock_irqsave(&lock);
	if (ready_len || eof)
		ready |= POLLIN;
	spin_unlock_irqrestore(&lock, flags);
	if (!(ready & POLLIN) && (pt || waited_for()))
		poll_arm(); /* a poller sleeps: keep the polled consoles read */
	return ready & events;
}

/* In pieces: the consoles write with interrupts off. */
static ssize_t console_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	for (size_t done = 0; done < n; done += WRITE_PIECE)
		console_write_text((const char *)buf + done, MIN(n - done, WRITE_PIECE));
	return (ssize_t)n;
}

static const struct file_ops console_ops = {
	.flags = FOPS_UNLOCKED,
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = console_read,
	.write = console_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = console_poll,
};

static int console_dev_init(void)
{
	int r;

	timer_setup(&poll_timer, poll_fire, NULL);
	r = devfs_register("console", &console_ops, NULL, 0620);

	if (r)
		pr_err("tty: /dev/console not registered (%d)", r);
	return r;
}
late_initcall(console_dev_init);
