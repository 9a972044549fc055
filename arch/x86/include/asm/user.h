/*
 * The x86 side of user mode (arch/x86/kernel/user.c, syscall.asm): the
 * `syscall` entry and its MSRs, the first entry into user mode, and what a
 * switch to a thread of a process must load (TSS rsp0, the syscall stack,
 * the address space, the %fs base). Every entry from user mode saves a
 * struct pt_regs at the very top of the thread's kernel stack, so
 * user_regs(t) finds the user registers of any thread inside the kernel.
 */
#ifndef ASM_USER_H
#define ASM_USER_H

#include <loom/compiler.h>
#include <loom/types.h>
#include <asm/ptrace.h>

struct thread;

/* Per CPU, from gdt_init_cpu(): EFER.SCE, STAR, LSTAR, FMASK. */
void user_cpu_init(unsigned cpu);
/* The scheduler's switch hook: next is about to run on this CPU. */
void user_switch_to(struct thread *next);
/* TSS rsp0 of CPU slot cpu (gdt.c). */
void tss_set_rsp0(unsigned cpu, u64 rsp0);

/* Leave the kernel for good: iretq to rip with rsp, rdi = arg, every other
 * register zero, interrupts on. The kernel stack is abandoned. */
__noreturn void user_enter(u64 rip, u64 rsp, u64 arg);

/* The user registers saved at the top of t's kernel stack on entry. */
static inline struct pt_regs *user_regs_of(u64 kstack_top)
{
	return (struct pt_regs *)(uintptr_t)(kstack_top - sizeof(struct pt_regs));
}

/* RFLAGS bits user code may set (the rest come from the kernel). */
#define RFLAGS_USER_MASK 0xcd5ULL /* CF PF AF ZF SF DF OF */
#define RFLAGS_IF	 0x200ULL
#define RFLAGS_FIXED	 0x2ULL

#endif
