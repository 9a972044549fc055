; Interrupt and exception entry stubs. Vectors 0-31 (exceptions) push a dummy
; error code when the CPU does not, then the vector, and go to isr_common,
; which saves the general registers as a struct pt_regs (asm/ptrace.h) and
; calls exception_dispatch(regs). From user mode (CS RPL 3) they swapgs
; first and return through intr_return (syscall.asm), which delivers notes. Vectors 32-255 (interrupts) push a zero
; error code and the vector and go to irq_common, which saves the same frame
; and calls irq_dispatch(regs) (irq.c). Both run with IF=0 (interrupt gates).

extern exception_dispatch
extern irq_dispatch
extern intr_return

section .text
bits 64

%macro STUB_NOERR 1
isr_%1:
	push 0
	push %1
	jmp isr_common
%endmacro

%macro STUB_ERR 1
isr_%1:
	push %1
	jmp isr_common
%endmacro

%include "arch/x86/kernel/regs.inc"


%assign v 0
%rep 32
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	STUB_ERR v
%else
	STUB_NOERR v
%endif
%assign v v + 1
%endrep

isr_common:
	test qword [rsp + 24], 3	; the interrupted CS: from user mode?
	jz .kernel
	swapgs
.kernel:
	SAVE_REGS
	mov rdi, rsp			; 22 quadwords pushed: rsp is 16-aligned
	call exception_dispatch
	jmp intr_return

; Interrupt stubs, one per vector 32-255 (found through irq_stub_table).
%assign v 32
%rep 224
irq_ %+ v:
	push 0
	push v
	jmp irq_common
%assign v v + 1
%endrep

irq_common:
	test qword [rsp + 24], 3
	jz .kernel
	swapgs
.kernel:
	SAVE_REGS
	mov rdi, rsp			; same frame as above: rsp is 16-aligned
	call irq_dispatch
	jmp intr_return

section .rodata
align 8
global isr_table
isr_table:
%assign v 0
%rep 32
	dq isr_ %+ v
%assign v v + 1
%endrep

global irq_stub_table
irq_stub_table:
%assign v 32
%rep 224
	dq irq_ %+ v
%assign v v + 1
%endrep
