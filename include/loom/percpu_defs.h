/*
 * Offsets of the per-CPU fields that generic headers read through %gs
 * with one instruction (spinlock.h's preempt count, the current thread).
 * arch/x86/kernel/percpu.c checks them against struct percpu at build time.
 */
#ifndef LOOM_PERCPU_DEFS_H
#define LOOM_PERCPU_DEFS_H

#define PERCPU_PREEMPT_COUNT 40 /* u32: preemption off while non-zero */
#define PERCPU_CURRENT	     48 /* struct thread *: running on this CPU */

#endif
