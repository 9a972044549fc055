; The C library's assembly: the program entry, setjmp/longjmp, and the
; first and last instructions of threads and note handlers, where the
; stack is not (or no longer) the C compiler's to use.

%define SYS_THREAD_EXIT 1
%define SYS_FUTEX	9
%define SYS_NOTE_RETURN 12
%define FUTEX_WAKE	1

section .text
bits 64

global _start, setjmp, longjmp, __thread_entry, __thread_finish, __note_entry
extern __libc_start, __thread_main, __note_dispatch

; rsp -> argc, argv[], NULL, envp[], NULL (include/uapi/loom/syscall.h)
_start:
	xor ebp, ebp
	mov rdi, rsp
	and rsp, -16
	call __libc_start
	ud2

; setjmp(env): 0 now, val (or 1) when longjmp comes back here.
setjmp:
	mov [rdi], rbx
	mov [rdi + 8], rbp
	mov [rdi + 16], r12
	mov [rdi + 24], r13
	mov [rdi + 32], r14
	mov [rdi + 40], r15
	lea rdx, [rsp + 8]		; rsp after our return
	mov [rdi + 48], rdx
	mov rdx, [rsp]			; the return address
	mov [rdi + 56], rdx
	xor eax, eax
	ret

longjmp:
	mov eax, esi
	test eax, eax
	jnz .nonzero
	inc eax
.nonzero:
	mov rbx, [rdi]
	mov rbp, [rdi + 8]
	mov r12, [rdi + 16]
	mov r13, [rdi + 24]
	mov r14, [rdi + 32]
	mov r15, [rdi + 40]
	mov rsp, [rdi + 48]
	jmp [rdi + 56]

; A new thread starts here with rdi = its struct __pthread and rsp at the
; top of its stack (whatever its alignment).
__thread_entry:
	xor ebp, ebp
	and rsp, -16
	call __thread_main
	ud2

; __thread_finish(u32 *done): *done = 1, wake the joiner, end the thread.
; After the store the joiner may free this thread's stack: nothing here
; touches memory again.
__thread_finish:
	mov dword [rdi], 1
	mov eax, SYS_FUTEX
	mov esi, FUTEX_WAKE
	mov edx, 0x7fffffff
	xor r10d, r10d
	syscall
	mov eax, SYS_THREAD_EXIT
	xor edi, edi
	syscall
	ud2

; The kernel enters a note handler here with rdi = the note's text.
__note_entry:
	and rsp, -16
	call __note_dispatch
	mov eax, SYS_NOTE_RETURN
	syscall
	ud2

section .note.GNU-stack noalloc noexec nowrite progbits
