/*
 * FPU/SSE/AVX state of threads (arch/x86/kernel/fpu.c), restored lazily:
 * a thread that used the FPU since it got the CPU has its state saved when
 * it leaves (so it may run next on any CPU); the switch sets CR0.TS unless
 * the CPU's registers still hold the next thread's latest state, and the
 * first FPU instruction then traps (#NM) and restores it. XSAVE/XRSTOR
 * when the CPU has them, else FXSAVE/FXRSTOR. The kernel itself never uses
 * the FPU (-mgeneral-regs-only). Per CPU: the owner (percpu fpu_owner).
 */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <loom/types.h>

struct thread;

void fpu_init(void);
/* A zeroed, initialized state area for a new thread, or NULL. */
void *fpu_state_alloc(void);
void fpu_state_free(void *state);
/* prev leaves this CPU (interrupts off): save its state if it had the
 * registers and may have changed them. */
void fpu_save_if_owner(struct thread *prev);
/* On a switch to next (interrupts off). */
void fpu_switch(struct thread *next);
/* The #NM trap: give the FPU to the current thread. */
void fpu_trap(void);
/* A thread is going away: forget it as the owner. */
void fpu_release(struct thread *t);
/* Bytes of the state area. */
u32 fpu_state_size(void);

#endif
