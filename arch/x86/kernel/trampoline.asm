; The application processors' start code: real mode -> protected mode ->
; long mode on the kernel's page tables, then a call to the 64-bit entry.
; Position dependent: assembled here as a blob that smpboot.c copies to the
; low page TRAMP_BASE (the SIPI vector) and whose parameter block it fills
; in (struct tramp_params in smpboot.c); nothing in it is relocated.

TRAMP_BASE equ 0x8000
%define T(x) ((x) - smp_trampoline_start + TRAMP_BASE)
%define D(x) ((x) - smp_trampoline_start)	; offset from CS = DS = 0x800

global smp_trampoline_start, smp_trampoline_end, smp_trampoline_params

section .rodata
align 16
bits 16
smp_trampoline_start:
	cli
	cld
	mov ax, cs
	mov ds, ax
	mov byte [D(p_alive)], 1		; seen by the BSP: no second SIPI
	o32 lgdt [D(tgdtr)]
	mov eax, cr0
	and eax, ~0x60000000			; caches on (CD, NW off)
	or eax, 1				; PE
	mov cr0, eax
	jmp dword 0x08:T(pm32)

bits 32
pm32:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, [T(p_cr4)]
	mov cr4, eax
	mov eax, [T(p_cr3)]
	mov cr3, eax
	mov ecx, 0xc0000080			; EFER: LME, NXE as on the BSP
	rdmsr
	or eax, [T(p_efer)]
	wrmsr
	mov eax, cr0
	or eax, 0x80000001			; PG | PE
	mov cr0, eax
	jmp 0x18:T(lm64)

bits 64
lm64:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsp, [T(p_stack)]
	mov edi, [T(p_cpu)]
	mov rax, [T(p_entry)]
	xor ebp, ebp
	call rax				; ap_main(cpu) does not return
.hang:
	cli
	hlt
	jmp .hang

align 8
tgdt:
	dq 0
	dq 0x00cf9a000000ffff			; 0x08 code, 32-bit
	dq 0x00cf92000000ffff			; 0x10 data
	dq 0x00af9a000000ffff			; 0x18 code, 64-bit
tgdtr:
	dw 4 * 8 - 1
	dd T(tgdt)

align 8
smp_trampoline_params:				; struct tramp_params
p_cr3:		dd 0
p_efer:		dd 0
p_entry:	dq 0
p_stack:	dq 0
p_cpu:		dq 0
p_cr4:		dd 0
p_alive:	dd 0
smp_trampoline_end:

section .note.GNU-stack noalloc noexec nowrite progbits
