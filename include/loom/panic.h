/* panic(): for broken invariants only, never for bad input. */
#ifndef LOOM_PANIC_H
#define LOOM_PANIC_H
#include <loom/compiler.h>
__printf(1, 2) __noreturn void panic(const char *fmt, ...);
#endif
