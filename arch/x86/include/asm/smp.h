/*
 * Multiprocessor support. The core (arch/x86/kernel/ipi.c, always built in)
 * keeps the online set, runs functions on other CPUs over the call-function
 * IPI and shoots down TLB entries; the bring-up of the application
 * processors is the tristate module "smp" (smpboot.c, CONFIG_SMP). Without
 * it, or on a 1-CPU machine, only CPU 0 is online and every call below acts
 * on this CPU alone. Locking: one initiator at a time (call_lock); the
 * handlers run IF=0 on each target.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <loom/types.h>

/* A set of CPU slots for smp_call_function(): bit n = CPU n. Covers the
 * first 64 CPUs (CONFIG_NR_CPUS may be larger; higher CPUs are reached
 * with SMP_ALL_OTHERS only). */
typedef u64 cpumask_t;
#define SMP_ALL_OTHERS (~0ULL)

/* CPUs online (1 without SMP or before the APs start). */
unsigned smp_cpus_online(void);
/* Is CPU slot cpu online? */
bool smp_cpu_is_online(unsigned cpu);
/* The APIC id of an online CPU slot (0 for an offline one). */
u32 smp_cpu_apic_id(unsigned cpu);

typedef void (*smp_call_fn)(void *arg);
/*
 * Run fn(arg) on every online CPU of mask other than the caller, in
 * interrupt context (IF=0) on each. With wait, return after every target
 * finished fn; else after every target picked the call up (arg must stay
 * valid until then either way). Call with interrupts on: a CPU waiting
 * for another initiator answers its call meanwhile. Returns the number of
 * CPUs that ran it,
 * or -ETIMEDOUT when one did not answer within a second (logged). Call
 * from thread context, not from an interrupt handler.
 */
int smp_call_function(cpumask_t mask, smp_call_fn fn, void *arg, bool wait);
/*
 * Invalidate the pages [va, va + pages * 4096) in the TLB of every online
 * CPU: invlpg here, an IPI to the others, and wait for each to
 * acknowledge. A large range flushes the whole (non-global) TLB instead.
 * 0 or -ETIMEDOUT.
 */
int tlb_shootdown(u64 va, u64 pages);

/* For the bring-up (smpboot.c): the IPI vector's handler is installed
 * once; an AP announces itself online, then idles answering IPIs for
 * good. */
int smp_ipi_init(void);
void smp_mark_online(unsigned cpu);
__attribute__((noreturn)) void smp_ap_idle(void);
/* The bring-up runs when the local APIC is up: a LOAD event that comes
 * earlier (built in) hands its start function here, and the core's init
 * call runs it after the interrupt controller is set up. */
void smp_defer_start(int (*start)(void));

#endif
