/*
 * /dev/console and its line discipline (see include/loom/tty.h). Input is
 * pulled from the consoles (console_getc) by waiting readers every
 * POLL_NS, and whoever feeds tty_input wakes them through the wait queue,
 * so an interrupt-driven UART only has to call tty_input. Locking: lock
 * (irqsave) guards the line being edited and the finished bytes; echo is
 * written outside it.
 */
#include <loom/console.h>
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/init.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <loom/time.h>
#include <loom/tty.h>
#include <loom/vfs.h>
#include <loom/wait.h>

#define READY_MAX   4096
#define POLL_NS	    (10ULL * 1000000)
#define WRITE_PIECE 256
#define CTRL(c)	    ((c)&0x1f)

static spinlock_t lock = SPINLOCK_INIT;
static struct wait_queue readers = WAIT_QUEUE_INIT;
static char line[TTY_LINE_MAX], ready[READY_MAX];
static u32 line_len, ready_len;
static bool eof;

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
	spin_unlock_irqrestore(&lock, flags);
	if (elen)
		console_write_text(echo, elen);
	if (ready_len || eof)
		wake_up_all(&readers);
}

static void pump(void)
{
	for (int c, n = 0; n < 256 && (c = console_getc()) >= 0; n++)
		tty_input((char)c);
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
		wait_event_timeout(&readers, READ_ONCE(ready_len) || READ_ONCE(eof), POLL_NS);
	}
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
	.poll = vfs_poll_ready,
};

static int console_dev_init(void)
{
	int r = devfs_register("console", &console_ops, NULL, 0620);

	if (r)
		pr_err("tty: /dev/console not registered (%d)", r);
	return r;
}
late_initcall(console_dev_init);
