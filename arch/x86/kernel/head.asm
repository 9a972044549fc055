; Kernel entry points.
;
; _start64: the one 64-bit entry every loader reaches, with the physical
; address of a struct boot_info in rdi, paging on, the kernel mapped at its
; link address and physical memory mapped at DIRECT_MAP_BASE. It switches to
; the boot stack and calls kernel_main(boot_info_phys).
;
; pvh_start32: the PVH entry (QEMU -kernel) named by the Xen ELF note. QEMU
; enters it in 32-bit protected mode, paging off, ebx = physical address of
; the hvm_start_info. It maps the first 4 GiB (identity, direct map and the
; kernel's -2 GiB window), enters long mode, converts the start info into a
; boot_info (pvh.c) and joins _start64.

KERNEL_VIRT_BASE equ 0xffffffff80000000
%define PHYS(x) ((x) - KERNEL_VIRT_BASE)

extern kernel_main
extern pvh_convert

section .note.Xen note alloc noexec nowrite align=4
	dd 4			; name size
	dd 4			; descriptor size
	dd 18			; XEN_ELFNOTE_PHYS32_ENTRY
	db "Xen", 0
	dd PHYS(pvh_start32)

section .text.boot exec nowrite align=16
bits 64
global _start64
_start64:
	cli
	cld
	mov rsp, boot_stack_top
	xor ebp, ebp
	call kernel_main
.hang:
	cli
	hlt
	jmp .hang

bits 32
global pvh_start32
pvh_start32:
	cli
	cld
	mov esi, ebx
	mov esp, PHYS(boot_stack_top)

	; 2048 2 MiB pages covering 0..4 GiB.
	mov edi, PHYS(pvh_pd)
	xor ecx, ecx
.fill_pd:
	mov eax, ecx
	shl eax, 21
	or eax, 0x83			; present, writable, 2 MiB page
	mov [edi + ecx * 8], eax
	mov eax, ecx
	shr eax, 11
	mov [edi + ecx * 8 + 4], eax
	inc ecx
	cmp ecx, 2048
	jne .fill_pd

	; Four PDPT entries for the four page directories.
	mov edi, PHYS(pvh_pdpt_low)
	mov eax, PHYS(pvh_pd) + 3
	xor ecx, ecx
.fill_pdpt:
	mov [edi + ecx * 8], eax
	mov dword [edi + ecx * 8 + 4], 0
	add eax, 4096
	inc ecx
	cmp ecx, 4
	jne .fill_pdpt

	; -2 GiB + x -> x for the first GiB.
	mov dword [PHYS(pvh_pdpt_high) + 510 * 8], PHYS(pvh_pd) + 3
	mov dword [PHYS(pvh_pml4)], PHYS(pvh_pdpt_low) + 3
	mov dword [PHYS(pvh_pml4) + 256 * 8], PHYS(pvh_pdpt_low) + 3
	mov dword [PHYS(pvh_pml4) + 511 * 8], PHYS(pvh_pdpt_high) + 3

	mov eax, PHYS(pvh_pml4)
	mov cr3, eax
	mov eax, cr4
	or eax, 1 << 5			; PAE
	mov cr4, eax
	mov ecx, 0xc0000080		; EFER
	rdmsr
	or eax, 1 << 8			; LME
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | 1		; PG | PE
	mov cr0, eax
	lgdt [PHYS(pvh_gdtr)]
	jmp 0x08:PHYS(pvh_long)

bits 64
pvh_long:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rax, .high
	jmp rax
.high:
	mov rsp, boot_stack_top
	xor ebp, ebp
	mov edi, esi
	call pvh_convert		; returns the boot_info's physical address
	mov rdi, rax
	jmp _start64

section .rodata
align 16
pvh_gdt:
	dq 0
	dq 0x00af9a000000ffff		; 64-bit code
	dq 0x00cf92000000ffff		; data
pvh_gdt_end:
pvh_gdtr:
	dw pvh_gdt_end - pvh_gdt - 1
	dd PHYS(pvh_gdt)

section .bss nobits alloc noexec write align=4096
pvh_pml4:	resb 4096
pvh_pdpt_low:	resb 4096
pvh_pdpt_high:	resb 4096
pvh_pd:		resb 4 * 4096
global boot_stack, boot_stack_top
boot_stack:	resb 16384
boot_stack_top:
