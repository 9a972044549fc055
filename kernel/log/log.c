/*
 * The kernel log: printk() formats a record into the ring buffer and hands
 * it to every enabled console whose level lets it through. Consoles that
 * register late get the whole buffer replayed. Locking: log_lock (irqsave)
 * protects the ring and the console list; console ->write runs under it.
 * Command line: loglevel=N, console=name[,name...]. Readers of the log as
 * text (/dev/klog) copy records out under log_lock and sleep on
 * log_readers, woken after each append once log_lock is dropped.
 */
#include <loom/boot.h>
#include <loom/console.h>
#include <loom/log_ring.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <loom/cmdline.h>
#include <loom/log.h>
#include <asm/cpu.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>
#include <loom/module.h>
#include <loom/wait.h>

static u8 log_buf[1 << CONFIG_LOG_BUF_SHIFT] __aligned(8);
static struct log_ring ring = {
	.buf = log_buf,
	.size = sizeof(log_buf),
};
static spinlock_t log_lock = SPINLOCK_INIT;
static struct console *consoles;
static int console_loglevel = CONFIG_CONSOLE_LOGLEVEL;
static struct wait_queue log_readers = WAIT_QUEUE_INIT;

/* "[    0.012345] " for a record's time stamp: its length. */
static int format_prefix(char *buf, size_t size, u64 stamp)
{
	u64 ns = tsc_to_ns(stamp);

	return snprintf(buf, size, "[%5llu.%06llu] ", (unsigned long long)(ns / 1000000000ULL),
			(unsigned long long)(ns / 1000ULL % 1000000ULL));
}

static void emit(struct console *con, const struct log_record *rec)
{
	char prefix[32];
	int n;

	if (rec->level > console_loglevel)
		return;
	n = format_prefix(prefix, sizeof(prefix), rec->stamp);
	if (con->ops->set_level)
		con->ops->set_level(con, rec->level);
	con->ops->write(con, prefix, (size_t)n);
	con->ops->write(con, rec->text, rec->len);
	if (!rec->len || rec->text[rec->len - 1] != '\n')
		con->ops->write(con, "\n", 1);
}

/* Write every record a console has not seen yet. Caller holds log_lock. */
static void flush_console(struct console *con)
{
	struct log_iter it = { con->seq, con->off };
	struct log_record rec;

	while (log_iter_next(&ring, &it, &rec))
		emit(con, &rec);
	con->seq = it.seq;
	con->off = it.off;
}

void vprintk(int level, const char *fmt, va_list ap)
{
	char text[LOG_REC_MAX];
	struct console *con;
	u64 flags;
	int n = vsnprintf(text, sizeof(text), fmt, ap);

	if (n > (int)sizeof(text) - 1)
		n = sizeof(text) - 1;
	while (n && text[n - 1] == '\n')
		n--;
	flags = spin_lock_irqsave(&log_lock);
	log_ring_append(&ring, (u8)level, rdtsc(), text, (size_t)n);
	for (con = consoles; con; con = con->next)
		if (con->enabled)
			flush_console(con);
	spin_unlock_irqrestore(&log_lock, flags);
	log_wake_readers();
}

/*
 * Wake readers sleeping at the end of the log. Runs in any context (wake-ups
 * are irq-safe), never under log_lock. The unlocked look at the queue keeps
 * printk cheap with no reader; the fence orders it after the append, and a
 * reader re-checks the ring under log_lock after queueing itself.
 */
void log_wake_readers(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (READ_ONCE(log_readers.head) || READ_ONCE(log_readers.entries))
		wake_up_all(&log_readers);
}

void log_reader_start(struct log_iter *it)
{
	u64 flags = spin_lock_irqsave(&log_lock);

	log_iter_start(&ring, it);
	spin_unlock_irqrestore(&log_lock, flags);
}

size_t log_reader_next(struct log_iter *it, char *buf)
{
	struct log_record rec;
	size_t n = 0;
	u64 flags = spin_lock_irqsave(&log_lock);

	if (log_iter_next(&ring, it, &rec)) {
		n = (size_t)format_prefix(buf, 32, rec.stamp);
		memcpy(buf + n, rec.text, rec.len);
		n += rec.len;
		buf[n++] = '\n';
	}
	spin_unlock_irqrestore(&log_lock, flags);
	return n;
}

bool log_reader_at_end(const struct log_iter *it)
{
	u64 flags = spin_lock_irqsave(&log_lock);
	bool end = it->seq >= ring.next_seq;

	spin_unlock_irqrestore(&log_lock, flags);
	return end;
}

struct wait_queue *log_reader_queue(void)
{
	return &log_readers;
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

/* Is this console named in console=? (No console= enables all.) */
static bool console_wanted(const char *name)
{
	char list[128];

	return cmdline_get("console", list, sizeof(list)) < 0 || strlist_has(list, ',', name);
}

int console_register(struct console *con)
{
	u64 flags;
	struct console *c;

	flags = spin_lock_irqsave(&log_lock);
	for (c = consoles; c; c = c->next) {
		if (!strcmp(c->name, con->name)) {
			spin_unlock_irqrestore(&log_lock, flags);
			return -EBUSY;
		}
	}
	con->enabled = console_wanted(con->name);
	con->seq = 0;
	con->off = 0;
	con->flags = 0; /* input polled until the driver says otherwise */
	con->next = consoles;
	consoles = con;
	if (con->enabled)
		flush_console(con);
	spin_unlock_irqrestore(&log_lock, flags);
	return 0;
}

void console_unregister(struct console *con)
{
	u64 flags = spin_lock_irqsave(&log_lock);

	for (struct console **pp = &consoles; *pp; pp = &(*pp)->next) {
		if (*pp == con) {
			*pp = con->next;
			break;
		}
	}
	spin_unlock_irqrestore(&log_lock, flags);
}

void log_init(void)
{
	char v[8];
	u64 lvl;

	log_ring_init(&ring, log_buf, sizeof(log_buf));
	if (cmdline_get("loglevel", v, sizeof(v)) == 0 && parse_u64(v, &lvl) == 0 && lvl <= 7)
		console_loglevel = (int)lvl;
}

bool log_has_console(void)
{
	return consoles != NULL;
}

/*
 * With no console registered (a crash before the serial driver came up, or
 * a kernel without one), write the whole log to the arch's emergency output
 * so the message is not lost. Called by panic() too.
 */
void log_emergency_flush(void)
{
	static struct console emerg = { .name = "emergency", .ops = &emergency_console_ops };

	if (consoles)
		return;
	flush_console(&emerg);
}

void console_write_text(const char *s, size_t len)
{
	u64 flags = spin_lock_irqsave(&log_lock);

	for (struct console *con = consoles; con; con = con->next)
		if (con->enabled)
			con->ops->write(con, s, len);
	spin_unlock_irqrestore(&log_lock, flags);
}

int console_getc(void)
{
	u64 flags = spin_lock_irqsave(&log_lock);
	int c = -1;

	for (struct console *con = consoles; con && c < 0; con = con->next)
		if (con->ops->getc && !(con->flags & CON_INPUT_IRQ))
			c = con->ops->getc(con);
	spin_unlock_irqrestore(&log_lock, flags);
	return c;
}

void console_set_input_irq(struct console *con, bool on)
{
	u64 flags = spin_lock_irqsave(&log_lock);

	if (on)
		con->flags |= CON_INPUT_IRQ;
	else
		con->flags &= ~CON_INPUT_IRQ;
	spin_unlock_irqrestore(&log_lock, flags);
}

bool console_input_polled(void)
{
	u64 flags = spin_lock_irqsave(&log_lock);
	bool polled = false;

	for (struct console *con = consoles; con && !polled; con = con->next)
		polled = con->ops->getc && !(con->flags & CON_INPUT_IRQ);
	spin_unlock_irqrestore(&log_lock, flags);
	return polled;
}

EXPORT_SYMBOL(printk);
EXPORT_SYMBOL(vprintk);
EXPORT_SYMBOL(console_register);
EXPORT_SYMBOL(console_unregister);
EXPORT_SYMBOL(console_set_input_irq);
