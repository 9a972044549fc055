/* The register frame every interrupt and exception entry saves (isr.asm). */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#include <loom/types.h>

struct pt_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error_code;
	/* pushed by the CPU */
	u64 rip, cs, rflags, rsp, ss;
};

#endif
