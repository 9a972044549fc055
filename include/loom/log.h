/*
 * Kernel log internals shared with arch code, panic and /dev/klog
 * (kernel/log/log.c). Locking: log.c's own (log_lock); callers hold none.
 */
#ifndef LOOM_LOG_H
#define LOOM_LOG_H

#include <loom/console.h>
#include <loom/log_ring.h>

struct wait_queue;

void log_init(void);
bool log_has_console(void);
void log_emergency_flush(void);

/*
 * Readers of the log as text (/dev/klog): each keeps its own iterator.
 * log_reader_next copies the next record as a console line
 * ("[    0.012345] text\n", at most LOG_LINE_MAX bytes) into buf: its
 * length, 0 at the end. A reader waits for a record after its position
 * on log_reader_queue() until !log_reader_at_end(); printk wakes the
 * queue through log_wake_readers().
 */
#define LOG_LINE_MAX (LOG_REC_MAX + 32)
void log_reader_start(struct log_iter *it);
size_t log_reader_next(struct log_iter *it, char *buf);
bool log_reader_at_end(const struct log_iter *it);
struct wait_queue *log_reader_queue(void);
void log_wake_readers(void);
/* Provided by the architecture: a console that needs no set-up (COM1 by
 * polling on x86), used only when no real console is registered. */
extern const struct console_ops emergency_console_ops;

#endif
