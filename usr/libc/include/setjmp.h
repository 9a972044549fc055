/* Non-local jumps (usr/libc/arch.asm): rbx rbp r12-r15 rsp and the return
 * address are saved. */
#ifndef _SETJMP_H
#define _SETJMP_H

typedef unsigned long jmp_buf[8];

int setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(jmp_buf env, int val);

#endif
