; Copies between kernel and user memory that turn a fault into an error.
;
; u64 copy_user_raw(void *dst, const void *src, u64 len)
;   Copies len bytes with SMAP opened (stac/clac, only when the CPU has SMAP:
;   usercopy_smap is set by cpu.c) and returns 0, or the number of bytes NOT
;   copied when a page fault could not be resolved: traps.c sees a fault
;   inside [usercopy_start, usercopy_end) and resumes at usercopy_fault with
;   the registers as they were, so rcx still holds the bytes left. Callers
;   (kernel/mm/uaccess.c) check that the range is in user space first.

section .text
bits 64

global copy_user_raw, usercopy_start, usercopy_end, usercopy_fault, usercopy_smap

copy_user_raw:
	mov rcx, rdx
	cmp byte [rel usercopy_smap], 0
	je usercopy_start
	stac
usercopy_start:
	rep movsb
usercopy_end:
	cmp byte [rel usercopy_smap], 0
	je .done
	clac
.done:
	xor eax, eax
	ret
usercopy_fault:
	cmp byte [rel usercopy_smap], 0
	je .left
	clac
.left:
	mov rax, rcx
	ret

section .data
usercopy_smap: db 0
