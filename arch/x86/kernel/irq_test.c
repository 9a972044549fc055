/*
 * In-kernel tests of interrupt entry and the local APIC (suite "irq"): a
 * self-IPI reaches its handler with its vector, data and frame, vectors are
 * handed out and refused as documented, the spurious vector is counted and
 * unexpected vectors are survived. Interrupts are on only while a case
 * waits for one.
 */
#include <loom/ktest.h>
#include <loom/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/irq.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>

struct hit {
	int count;
	u64 vector, cs, rflags;
	void *data;
};

static void record(struct pt_regs *regs, void *data)
{
	struct hit *h = data;

	h->count++;
	h->vector = regs->vector;
	h->cs = regs->cs;
	h->rflags = read_rflags();
	h->data = data;
}

/* Let interrupts in until *count reaches want or ms milliseconds pass. */
static void wait_for(volatile int *count, int want, u64 ms)
{
	u64 end = clock_monotonic_ns() + ms * NSEC_PER_MSEC, flags = local_irq_save();

	irq_enable();
	while (*count < want && clock_monotonic_ns() < end)
		;
	local_irq_restore(flags);
}

static void self_ipi_reaches_handler(struct ktest *t)
{
	struct hit h = { 0 };
	int v;
	u64 before;

	if (!apic_enabled()) {
		ktest_skip(t, "no local APIC");
		return;
	}
	v = irq_alloc_vector();
	KASSERT_TRUE(t, v >= IRQ_VECTOR_FIRST_DYNAMIC && v <= IRQ_VECTOR_LAST_DYNAMIC);
	KASSERT_EQ(t, irq_register((u8)v, record, &h), 0);
	before = irq_count((u8)v);
	apic_send_ipi_self((u8)v);
	wait_for(&h.count, 1, 100);
	KEXPECT_EQ(t, h.count, 1);
	KEXPECT_EQ(t, h.vector, v);
	KEXPECT_TRUE(t, h.data == &h);
	KEXPECT_EQ(t, h.cs, KERNEL_CS);
	KEXPECT_EQ(t, h.rflags & (1 << 9), 0); /* handlers run with IF=0 */
	KEXPECT_EQ(t, irq_count((u8)v), before + 1);
	KEXPECT_TRUE(t, !apic_in_service((u8)v)); /* EOI sent */
	/* A second one: the first EOI let it through. */
	apic_send_ipi(apic_id(), (u8)v);
	wait_for(&h.count, 2, 100);
	KEXPECT_EQ(t, h.count, 2);
	KEXPECT_EQ(t, irq_unregister((u8)v), 0);
}

static void nothing(struct pt_regs *regs, void *data)
{
}

static void taken_vectors_refused(struct ktest *t)
{
	int v = irq_alloc_vector(), w = irq_alloc_vector();

	KASSERT_TRUE(t, v > 0 && w > 0);
	KEXPECT_NE(t, v, w);
	KEXPECT_EQ(t, irq_register((u8)v, nothing, NULL), 0);
	KEXPECT_EQ(t, irq_register((u8)v, nothing, NULL), -EBUSY);
	KEXPECT_EQ(t, irq_register(IRQ_VECTOR_SPURIOUS, nothing, NULL), -EBUSY);
	KEXPECT_EQ(t, irq_register(14, nothing, NULL), -EINVAL);
	if (apic_enabled())
		KEXPECT_EQ(t, irq_register(IRQ_VECTOR_TIMER, nothing, NULL), -EBUSY);
	KEXPECT_EQ(t, irq_unregister((u8)v), 0);
	KEXPECT_EQ(t, irq_unregister((u8)v), -ENOENT);
	/* A freed vector is handed out again; w (reserved) is not. */
	KEXPECT_EQ(t, irq_alloc_vector(), v);
	KEXPECT_EQ(t, irq_unregister((u8)v), 0);
	KEXPECT_EQ(t, irq_unregister((u8)w), 0);
}

static void spurious_vector_counted(struct ktest *t)
{
	u64 before = irq_count(IRQ_VECTOR_SPURIOUS);
	struct hit h = { 0 };
	int v;

	/* As the APIC delivers a spurious interrupt: no ISR bit, no EOI. */
	__asm__ volatile("int $0xff");
	KEXPECT_EQ(t, irq_count(IRQ_VECTOR_SPURIOUS), before + 1);
	if (!apic_enabled())
		return;
	/* An IPI to 0xff does set its ISR bit: it must be cleared, or every
	 * later interrupt would be blocked. */
	apic_send_ipi_self(IRQ_VECTOR_SPURIOUS);
	wait_for(&h.count, 1, 1); /* nothing sets it: just lets the IPI in */
	KEXPECT_EQ(t, irq_count(IRQ_VECTOR_SPURIOUS), before + 2);
	KEXPECT_TRUE(t, !apic_in_service(IRQ_VECTOR_SPURIOUS));
	v = irq_alloc_vector();
	KASSERT_EQ(t, irq_register((u8)v, record, &h), 0);
	apic_send_ipi_self((u8)v);
	wait_for(&h.count, 1, 100);
	KEXPECT_EQ(t, h.count, 1);
	irq_unregister((u8)v);
}

static void unexpected_vector_survived(struct ktest *t)
{
	u64 before = irq_count(0xd7);

	/* Logged once, counted twice, no panic. */
	__asm__ volatile("int $0xd7");
	__asm__ volatile("int $0xd7");
	KEXPECT_EQ(t, irq_count(0xd7), before + 2);
}

static void irq_save_restore_nests(struct ktest *t)
{
	u64 entry = local_irq_save(), outer, inner;

	irq_enable();
	outer = local_irq_save();
	KEXPECT_TRUE(t, !irqs_enabled());
	inner = local_irq_save();
	local_irq_restore(inner);
	KEXPECT_TRUE(t, !irqs_enabled());
	local_irq_restore(outer);
	KEXPECT_TRUE(t, irqs_enabled());
	irq_disable();
	outer = local_irq_save();
	local_irq_restore(outer);
	KEXPECT_TRUE(t, !irqs_enabled());
	local_irq_restore(entry);
}

static void apic_identity(struct ktest *t)
{
	if (!apic_enabled()) {
		ktest_skip(t, "no local APIC");
		return;
	}
	KEXPECT_TRUE(t, apic_read(APIC_SVR) & APIC_SVR_ENABLE);
	KEXPECT_EQ(t, apic_read(APIC_SVR) & 0xff, IRQ_VECTOR_SPURIOUS);
	KEXPECT_EQ(t, apic_read(APIC_LVT_LINT0) & APIC_LVT_MASKED, APIC_LVT_MASKED);
	KEXPECT_EQ(t, apic_id(),
		   apic_x2apic_mode() ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24);
}

KTEST_SUITE(irq, KTEST_CASE(self_ipi_reaches_handler), KTEST_CASE(taken_vectors_refused),
	    KTEST_CASE(spurious_vector_counted), KTEST_CASE(unexpected_vector_survived),
	    KTEST_CASE(irq_save_restore_nests), KTEST_CASE(apic_identity));
