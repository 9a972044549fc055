/* CPU set-up and features (arch/x86/kernel/cpu.c, gdt.c, idt.c, tsc.c). */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <loom/types.h>
#include <asm/percpu.h>

struct cpu_features {
	bool nx, smep, smap, xsave, avx, pdpe1gb, invariant_tsc, pat, rdrand;
	char vendor[13];
	char brand[49];
};
extern struct cpu_features cpu_features;

void cpu_init(void); /* features, CR0/CR4/EFER, FPU/SSE/AVX state */
void gdt_init(void); /* the BSP's GDT + TSS with IST stacks: gdt_init_cpu(0) */
/* Build and load the GDT and TSS of CPU slot cpu on the calling CPU (an
 * AP's IST stacks from kstack_alloc()). 0, -EINVAL or -ENOMEM. */
int gdt_init_cpu(unsigned cpu);
void idt_init(void); /* exception vectors */
void idt_load(void); /* load the (shared) IDT on this CPU */
void tsc_calibrate(void);

/* TSC ticks per second once calibrated, 0 before. */
extern u64 tsc_hz;
/* TSC at kernel entry: the origin of log timestamps. */
extern u64 boot_tsc;
/* Nanoseconds since kernel entry (0 before calibration). */
u64 clock_ns(void);
/* Convert a raw TSC reading to ns since kernel entry. */
u64 tsc_to_ns(u64 tsc);

/* The CPU we run on: the cpu field of the per-CPU area at GS (0 on the
 * BSP). Callers keep interrupts off while using it. */
static inline unsigned smp_processor_id(void)
{
	u32 cpu;

	__asm__ volatile("movl %%gs:%c1, %0"
			 : "=r"(cpu)
			 : "i"(__builtin_offsetof(struct percpu, cpu)));
	return cpu;
}

/* Segment selectors (arch/x86/kernel/gdt.c). */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS	  0x23
#define USER_CS	  0x2b
#define TSS_SEL	  0x30

/* IST slots (1-based, as the IDT encodes them). */
#define IST_DOUBLE_FAULT  1
#define IST_NMI		  2
#define IST_MACHINE_CHECK 3

/* Leave QEMU through isa-debug-exit (port 0xf4): status = code*2+1. */
#define QEMU_EXIT_SUCCESS 0x10 /* status 33 */
#define QEMU_EXIT_FAILURE 0x11 /* status 35 */
#define QEMU_EXIT_PANIC	  0x12 /* status 37 */
void qemu_exit(u8 code);

#endif
