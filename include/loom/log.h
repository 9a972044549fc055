/* Kernel log internals shared with arch code and panic (kernel/log/log.c). */
#ifndef LOOM_LOG_H
#define LOOM_LOG_H

#include <loom/console.h>

void log_init(void);
bool log_has_console(void);
void log_emergency_flush(void);
/* Provided by the architecture: a console that needs no set-up (COM1 by
 * polling on x86), used only when no real console is registered. */
extern const struct console_ops emergency_console_ops;

#endif
