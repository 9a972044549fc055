/*
 * Interrupt dispatch for vectors 32-255: one handler per vector, a count per
 * vector, the spurious vector counted and ignored, unexpected vectors logged
 * once each. Locking: irq_lock (irqsave) serializes changes to the table;
 * irq_dispatch() reads it without the lock (a handler is published after
 * its data, and cleared before the vector is reused). Every CPU dispatches
 * here; every CPU takes the scheduler's preemption point at the end.
 */
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/ioapic.h>
#include <asm/irq.h>
#include <loom/thread.h>
#include <uapi/loom/errno.h>

struct irq_action {
	irq_handler_t handler;
	void *data;
};

static struct irq_action actions[256];
static u64 counts[256];
static u8 reserved[256 / 8]; /* handed out by irq_alloc_vector() */
static u8 reported[256 / 8]; /* unexpected vectors already logged */
static spinlock_t irq_lock = SPINLOCK_INIT;

static bool test_bit8(const u8 *map, u8 v)
{
	return map[v / 8] & (1u << (v % 8));
}

static void assign_bit8(u8 *map, u8 v, bool on)
{
	if (on)
		map[v / 8] |= (u8)(1u << (v % 8));
	else
		map[v / 8] &= (u8) ~(1u << (v % 8));
}

int irq_register(u8 vector, irq_handler_t handler, void *data)
{
	u64 flags;
	int err = 0;

	if (vector < 32 || !handler)
		return -EINVAL;
	if (vector == IRQ_VECTOR_SPURIOUS)
		return -EBUSY;
	flags = spin_lock_irqsave(&irq_lock);
	if (actions[vector].handler) {
		err = -EBUSY;
	} else {
		actions[vector].data = data;
		__atomic_store_n(&actions[vector].handler, handler, __ATOMIC_RELEASE);
		assign_bit8(reserved, vector, true);
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	return err;
}

int irq_unregister(u8 vector)
{
	u64 flags;
	int err = 0;

	if (vector < 32 || vector == IRQ_VECTOR_SPURIOUS)
		return -EINVAL;
	flags = spin_lock_irqsave(&irq_lock);
	if (!actions[vector].handler && !test_bit8(reserved, vector)) {
		err = -ENOENT;
	} else {
		__atomic_store_n(&actions[vector].handler, NULL, __ATOMIC_RELEASE);
		actions[vector].data = NULL;
		assign_bit8(reserved, vector, false);
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	return err;
}

int irq_alloc_vector(void)
{
	u64 flags = spin_lock_irqsave(&irq_lock);
	int found = -ENOSPC;

	for (int v = IRQ_VECTOR_FIRST_DYNAMIC; v <= IRQ_VECTOR_LAST_DYNAMIC; v++) {
		if (!actions[v].handler && !test_bit8(reserved, (u8)v)) {
			assign_bit8(reserved, (u8)v, true);
			found = v;
			break;
		}
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	return found;
}

u64 irq_count(u8 vector)
{
	return READ_ONCE(counts[vector]);
}

static void unexpected(u8 v)
{
	bool first;
	u64 flags = spin_lock_irqsave(&irq_lock);

	first = !test_bit8(reported, v);
	assign_bit8(reported, v, true);
	spin_unlock_irqrestore(&irq_lock, flags);
	if (first)
		pr_warn("irq: unexpected interrupt on vector %u (0x%02x): ignored (logged once)", v,
			v);
}

/* Called from irq_common (isr.asm) with IF=0. */
void irq_dispatch(struct pt_regs *regs)
{
	u8 v = (u8)regs->vector;
	irq_handler_t h;

	counts[v]++;
	if (v == IRQ_VECTOR_SPURIOUS) {
		/* A true spurious interrupt sets no ISR bit and must get no EOI;
		 * an IPI sent to this vector does set one. */
		if (apic_in_service(v))
			apic_eoi();
		return;
	}
	h = __atomic_load_n(&actions[v].handler, __ATOMIC_ACQUIRE);
	if (likely(h)) {
		h(regs, READ_ONCE(actions[v].data));
		apic_eoi();
		/* Preemption point (a slice ended, a wake-up, a reschedule
		 * IPI): this CPU's run queue. */
		sched_irq_exit();
		return;
	}
	unexpected(v);
	if (apic_in_service(v))
		apic_eoi();
}

static void apic_error(struct pt_regs *regs, void *data)
{
	static int logged;
	u32 esr;

	apic_write(APIC_ESR, 0); /* latch the errors into ESR */
	esr = apic_read(APIC_ESR);
	if (logged < 8) {
		logged++;
		pr_warn("apic: error interrupt, ESR 0x%02x%s", esr,
			logged == 8 ? " (no more of these are logged)" : "");
	}
}

void irq_init(void)
{
	if (apic_init())
		return;
	irq_register(IRQ_VECTOR_APIC_ERROR, apic_error, NULL);
	if (IS_ENABLED(CONFIG_X86_IO_APIC))
		ioapic_init(); /* device lines, all masked until requested */
}
