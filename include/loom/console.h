/*
 * Consoles: sinks for the kernel log.
 *
 * A console driver fills one const struct console_ops and registers a
 * struct console. The log core (kernel/log/) replays the log ring buffer to a
 * newly registered console, then calls ->write for every new record that
 * passes the console's level. ->write may be called with interrupts off and
 * must not sleep or allocate.
 */
#ifndef LOOM_CONSOLE_H
#define LOOM_CONSOLE_H

#include <loom/types.h>

struct console;

struct console_ops {
	/* Write len bytes of text; '\n' ends a line. */
	void (*write)(struct console *con, const char *s, size_t len);
	/* Optional: the level of the record about to be written (LOG_*),
	 * so that a console can colour it. Called before ->write. */
	void (*set_level)(struct console *con, int level);
	/* Optional: a received byte, or -1 when none is waiting (never
	 * blocks). Consoles with input feed /dev/console (drivers/tty/). */
	int (*getc)(struct console *con);
};

struct console {
	const char *name; /* "ttyS0", "fb0": matches console= on the command line */
	const struct console_ops *ops;
	void *priv;
	struct console *next; /* owned by the log core */
	int enabled;	      /* owned by the log core */
	u64 seq;	      /* owned by the log core: next record to write */
	u32 off;	      /* owned by the log core: its ring offset */
};

/* Register a console. Returns 0, or -EBUSY if a console of that name exists. */
int console_register(struct console *con);
void console_unregister(struct console *con);
/* Text from user space (/dev/console): written to every enabled console
 * as it is, outside the log. */
void console_write_text(const char *s, size_t len);
/* A byte received by any console with input, or -1. */
int console_getc(void);

#endif
