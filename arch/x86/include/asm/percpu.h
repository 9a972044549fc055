/*
 * Per-CPU areas (arch/x86/kernel/percpu.c): one struct percpu per CPU slot,
 * reached on its own CPU through the GS base (%gs:0 holds the area's own
 * address). Contract: the BSP's area is installed by percpu_init_bsp() at the
 * top of kernel_main, an AP's by percpu_install() first thing in ap_main;
 * fields other than the IPI counters are written only by the owning CPU or
 * before that CPU starts. Locking: none (per-CPU, or atomics).
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <loom/percpu_defs.h>
#include <loom/types.h>

struct thread;
struct rq;
struct addr_space;

#define MSR_GS_BASE	   0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

struct percpu {
	struct percpu *self; /* %gs:0: this area's address */
	u32 cpu;	     /* index 0 (the BSP) .. CONFIG_NR_CPUS-1 */
	u32 apic_id;
	u64 stack_top;	   /* the AP's idle stack (0 on the BSP: the boot stack) */
	u64 ipis;	   /* call-function IPIs handled on this CPU */
	u64 online_ns;	   /* clock_monotonic_ns() when it came online */
	u32 preempt_count; /* PERCPU_PREEMPT_COUNT: see loom/spinlock.h */
	u32 pad0;
	struct thread *current;	  /* PERCPU_CURRENT: the thread running here */
	struct thread *fpu_owner; /* whose state the FPU registers hold      */
	struct rq *rq;		  /* this CPU's run queue (kernel/sched)      */
	u64 resched_ipis;	  /* reschedule IPIs taken                     */
	/* System-call entry (arch/x86/kernel/syscall.asm reads these at fixed
	 * offsets, checked in user.c). */
	u64 user_rsp;	       /* the user stack pointer while entering the kernel */
	u64 kernel_rsp;	       /* the running thread's kernel stack top            */
	u64 fs_base;	       /* the %fs base loaded on this CPU                  */
	struct addr_space *as; /* the user address space in CR3 (kernel/mm/vm.c) */
	u64 as_gen;	       /* as->tlb_gen this CPU's TLB is in step with        */
	bool as_lazy;	       /* a kernel thread runs: as stays loaded, unused     */
};

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

/* The area of CPU slot cpu (not necessarily online), or NULL when out of
 * range. */
struct percpu *percpu_area(unsigned cpu);
/* Point this CPU's GS base at the area of slot cpu and fill in its cpu and
 * apic_id fields. */
void percpu_install(unsigned cpu, u32 apic_id);
/* The boot CPU: slot 0. Call before anything uses smp_processor_id(). */
void percpu_init_bsp(void);

#endif
