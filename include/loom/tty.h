/*
 * /dev/console (drivers/tty/console.c): writes go to every kernel console;
 * reads return lines typed on a console with input (the serial port, the
 * PC keyboard), edited and echoed by a line discipline: Enter ends a line,
 * Backspace/DEL erases a character, Ctrl-U the line, Ctrl-D at the start
 * of a line is the end of file (an empty read). A read blocks until a line
 * is there (":nonblock": -EAGAIN) and gives up with -EINTR when the reading
 * process gets a note; poll reports POLLIN when a line or the end of file
 * is there.
 *
 * Input is pushed: an interrupt-driven console's handler calls tty_input
 * for each byte it received (after dropping its own locks: the echo takes
 * the log lock, which is taken before every driver lock). Consoles still
 * polled (console_input_polled) are read by a timer every 10 ms, armed
 * only while someone waits for input.
 */
#ifndef LOOM_TTY_H
#define LOOM_TTY_H

#include <loom/types.h>

#define TTY_LINE_MAX 1024

#ifdef CONFIG_TTY_CONSOLE
/* Feed one received byte to the line discipline: any context, no driver
 * lock held. */
void tty_input(char c);
/* A console's input became polled (or went away): let waiters re-check. */
void tty_input_changed(void);
/* Drop the line being edited, the lines not read yet and a pending end of
 * file (tests start from an empty console). */
void tty_discard(void);
/* Counters for tests and figures. */
struct tty_stats {
	u64 bytes;     /* fed to tty_input */
	u64 poll_runs; /* runs of the polling timer */
	u64 wakeups;   /* wake-ups of readers with a line or the end of file */
};
void tty_get_stats(struct tty_stats *s);
#else
static inline void tty_input(char c)
{
}
static inline void tty_input_changed(void)
{
}
static inline void tty_discard(void)
{
}
#endif

#endif
