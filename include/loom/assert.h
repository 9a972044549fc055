/*
 * ASSERT(cond): with CONFIG_DEBUG_ASSERT, a false condition panics with the
 * condition text, file and line (and the backtrace panic prints). Without
 * it the condition is not evaluated but still type-checked. For broken
 * invariants only: never for anything a user or an input can cause.
 */
#ifndef LOOM_ASSERT_H
#define LOOM_ASSERT_H

#include <loom/compiler.h>
#include <loom/panic.h>

#define ASSERT(cond)                                                                       \
	do {                                                                               \
		if (IS_ENABLED(CONFIG_DEBUG_ASSERT) && unlikely(!(cond)))                  \
			panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#endif
