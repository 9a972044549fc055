/*
 * Interrupts (arch/x86/kernel/irq.c): handlers for vectors 32-255, fixed
 * vectors for the local APIC, IF control. Handlers run with IF=0 (no
 * nesting); the local APIC gets its EOI after the handler returns. The
 * kernel starts with IF=0 and only irq_enable() (the scheduler's decision,
 * or a test) turns interrupts on.
 */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <loom/types.h>
#include <asm/ptrace.h>

/*
 * Vector map. 0x20-0x2f is where the (masked) legacy PICs were remapped;
 * irq_alloc_vector() hands out 0x30-0xdf; the top priority class belongs to
 * the local APIC. A vector's upper nibble is its priority class.
 */
#define IRQ_VECTOR_FIRST_DYNAMIC 0x30
#define IRQ_VECTOR_LAST_DYNAMIC	 0xdf
#define IRQ_VECTOR_TIMER	 0xf0 /* LAPIC timer (asm/apic.h) */
#define IRQ_VECTOR_CALL_FUNCTION 0xf8 /* SMP call-function / TLB shootdown (asm/smp.h) */
#define IRQ_VECTOR_RESCHEDULE	 0xf9 /* look at the run queue (kernel/sched) */
#define IRQ_VECTOR_APIC_ERROR	 0xfe
#define IRQ_VECTOR_SPURIOUS	 0xff /* counted and ignored, never an EOI */

typedef void (*irq_handler_t)(struct pt_regs *regs, void *data);

/* Install handler(regs, data) for vector (32-254). -EINVAL for exception
 * vectors, -EBUSY when the vector has a handler or is the spurious one. */
int irq_register(u8 vector, irq_handler_t handler, void *data);
/* Remove the handler and give the vector back to irq_alloc_vector();
 * -ENOENT when there was none. Does not wait for a running handler on
 * another CPU. */
int irq_unregister(u8 vector);
/* Reserve a free vector of the dynamic range (register a handler on it
 * next): the vector, or -ENOSPC. */
int irq_alloc_vector(void);
/* Interrupts seen on a vector since boot (the spurious one included). */
u64 irq_count(u8 vector);

/* The interrupt controller (the local APIC); after ACPI, before drivers. */
void irq_init(void);

static inline void irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline bool irqs_enabled(void)
{
	u64 f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f & (1 << 9);
}

/* u64 flags = local_irq_save(); ... local_irq_restore(flags): IF goes back
 * to what it was at the save, whatever happened in between; nests. */
static inline u64 local_irq_save(void)
{
	u64 flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags)::"memory");
	return flags;
}

static inline void local_irq_restore(u64 flags)
{
	if (flags & (1 << 9))
		__asm__ volatile("sti" ::: "memory");
	else
		__asm__ volatile("cli" ::: "memory");
}

/* Wait for an interrupt with no lost-wakeup window: call with IF=0; returns
 * with IF=0 after one interrupt was handled. */
static inline void irq_wait(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

#endif
