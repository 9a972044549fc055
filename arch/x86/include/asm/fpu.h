/*
 * FPU/SSE/AVX state of threads, switched lazily (arch/x86/kernel/fpu.c):
 * a switch only sets CR0.TS; the first FPU instruction of the next thread
 * traps (#NM) and the state is saved for its last owner and restored for
 * it, with XSAVE/XRSTOR when the CPU has them, else FXSAVE/FXRSTOR. The
 * kernel itself never uses the FPU (-mgeneral-regs-only).
 */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <loom/types.h>

struct thread;

void fpu_init(void);
/* A zeroed, initialized state area for a new thread, or NULL. */
void *fpu_state_alloc(void);
void fpu_state_free(void *state);
/* On a switch to next (interrupts off). */
void fpu_switch(struct thread *next);
/* The #NM trap: give the FPU to the current thread. */
void fpu_trap(void);
/* A thread is going away: forget it as the owner. */
void fpu_release(struct thread *t);
/* Bytes of the state area. */
u32 fpu_state_size(void);

#endif
