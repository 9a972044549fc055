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
	 * blocks). Consoles with input feed /dev/console (drivers/tty/):
	 * polled through ->getc, or, once the console is marked
	 * CON_INPUT_IRQ, pushed by its interrupt handler (tty_input). */
	int (*getc)(struct console *con);
};

/* struct console flags */
#define CON_INPUT_IRQ 0x1u /* input arrives by interrupt: ->getc is not polled */

struct console {
	const char *name; /* "ttyS0", "fb0": matches console= on the command line */
	const struct console_ops *ops;
	void *priv;
	struct console *next; /* owned by the log core */
	int enabled;	      /* owned by the log core */
	u64 seq;	      /* owned by the log core: next record to write */
	u32 off;	      /* owned by the log core: its ring offset */
	u32 flags;	      /* CON_*: console_set_input_irq */
};

/* Register a console. Returns 0, or -EBUSY if a console of that name exists. */
int console_register(struct console *con);
void console_unregister(struct console *con);
/* Text from user space (/dev/console): written to every enabled console
 * as it is, outside the log. */
void console_write_text(const char *s, size_t len);
/* A byte received by any polled console with input (->getc, not
 * CON_INPUT_IRQ), or -1. Takes the log lock, then the driver's. */
int console_getc(void);
/* Mark a registered console's input as interrupt-driven (its handler
 * feeds tty_input) or polled again. Callers switching to polled call
 * tty_input_changed() afterwards so that waiting readers start polling. */
void console_set_input_irq(struct console *con, bool on);
/* Is some registered console with input polled? */
bool console_input_polled(void);

#endif
