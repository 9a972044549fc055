/*
 * Random numbers for the kernel (kernel/random.c): RDRAND when the CPU
 * has it (retried up to ten times, as Intel advises for a busy unit),
 * else a xorshift64* generator seeded from the TSC at its first use,
 * with the TSC stirred into its state at every draw. The fallback is
 * hard to guess from outside, not cryptographically strong. Locking: the
 * fallback's state is one word updated by compare-and-swap; callable
 * from any context.
 */
#ifndef LOOM_RANDOM_H
#define LOOM_RANDOM_H

#include <loom/types.h>

u64 random_u64(void);
void random_bytes(void *buf, size_t n);
/* Does random_u64 use the CPU's generator? */
bool random_is_hw(void);
/* The fallback alone (tests, and when RDRAND keeps failing). */
u64 random_fallback_u64(void);

#endif
