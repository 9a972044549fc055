; The `syscall` entry, the return to user mode shared with interrupts and
; exceptions, and the first entry of a thread into user mode.
;
; syscall_entry: swapgs, the user rsp goes to the per-CPU area and the
; thread's kernel stack top (percpu.kernel_rsp) is loaded; the registers are
; saved as a struct pt_regs (asm/ptrace.h, vector 256 marks a system call)
; at the top of that stack and syscall_dispatch(regs) runs with interrupts
; on. user_exit returns to the frame at rsp: with sysretq when rcx and r11
; still hold rip and rflags and rip is canonical, else with iretq (after a
; note handler changed the frame). Interrupts are off from the cli to the
; return; swapgs happens last.

%define PT_R11	  32
%define PT_RCX	  96
%define PT_RIP	  136
%define PT_CS	  144
%define PT_RFLAGS 152
%define PCPU_USER_RSP	80
%define PCPU_KERNEL_RSP 88
%define USER_CS 0x2b
%define USER_DS 0x23
%define USER_END 0x00007ffffffff000

extern syscall_dispatch
extern user_return_work

section .text
bits 64

global syscall_entry, user_exit, user_enter, intr_return

%include "arch/x86/kernel/regs.inc"

syscall_entry:
	swapgs
	mov [gs:PCPU_USER_RSP], rsp
	mov rsp, [gs:PCPU_KERNEL_RSP]
	push USER_DS
	push qword [gs:PCPU_USER_RSP]
	push r11			; rflags
	push USER_CS
	push rcx			; rip
	push 0				; error code
	push 256			; "vector": a system call
	SAVE_REGS
	mov rdi, rsp			; 22 quadwords: rsp stays 16-aligned
	sti
	call syscall_dispatch		; result in regs->rax; notes delivered
	cli
	jmp user_exit

; Interrupt and exception stubs (isr.asm) come here after their handler:
; back to the kernel, or through the user-return work to user mode.
intr_return:
	test qword [rsp + PT_CS], 3
	jz .kernel
	mov rdi, rsp
	call user_return_work
	cli
	jmp user_exit
.kernel:
	RESTORE_REGS
	iretq

user_exit:
	mov rcx, [rsp + PT_RCX]
	cmp rcx, [rsp + PT_RIP]
	jne .iret
	mov r11, [rsp + PT_R11]
	cmp r11, [rsp + PT_RFLAGS]
	jne .iret
	mov rax, USER_END
	cmp rcx, rax
	jae .iret
	RESTORE_REGS
	swapgs
	mov rsp, [rsp + 24]		; the user rsp of the iret frame
	o64 sysret
.iret:
	RESTORE_REGS
	swapgs
	iretq

; void user_enter(u64 rip, u64 rsp, u64 arg): never returns.
user_enter:
	cli
	push USER_DS
	push rsi
	push 0x202			; IF
	push USER_CS
	push rdi
	mov rdi, rdx
	xor eax, eax
	xor ebx, ebx
	xor ecx, ecx
	xor edx, edx
	xor esi, esi
	xor ebp, ebp
	xor r8d, r8d
	xor r9d, r9d
	xor r10d, r10d
	xor r11d, r11d
	xor r12d, r12d
	xor r13d, r13d
	xor r14d, r14d
	xor r15d, r15d
	swapgs
	iretq
