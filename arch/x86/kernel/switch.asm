; Thread switch. switch_stack(u64 *prev_rsp, u64 next_rsp) saves the
; callee-saved registers on the current stack, stores the stack pointer in
; *prev_rsp, loads next_rsp and returns on the next thread's stack (into its
; own switch_stack call, or into thread_trampoline for a new thread). The
; caller (kernel/sched/core.c) holds the run-queue lock across the switch;
; the next thread releases it.

section .text
bits 64

extern thread_start

global switch_stack, thread_trampoline

switch_stack:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi], rsp
	mov rsp, rsi
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

; First code of every new thread: thread_start() finishes the switch,
; enables interrupts and runs the thread's function; it never returns.
thread_trampoline:
	xor ebp, ebp
	call thread_start
	ud2
