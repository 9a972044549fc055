/*
 * The IDT: exception vectors 0-31 point at the stubs in isr.asm; #DF, NMI
 * and #MC run on their own IST stacks. Vectors 32-255 point at the interrupt
 * stubs, which end in irq_dispatch() (irq.c); all are interrupt gates, so
 * handlers run with IF=0. The legacy PICs are remapped above the exceptions
 * and masked so that a stray IRQ never looks like a fault. Written once at
 * boot, read-only afterwards; every CPU loads the same table (idt_load).
 */
#include <loom/module.h>
#include <loom/string.h>
#include <asm/cpu.h>
#include <asm/x86.h>

struct idt_entry {
	u16 off_lo, sel;
	u8 ist, type;
	u16 off_mid;
	u32 off_hi, zero;
} __packed;

static struct idt_entry idt[256] __aligned(16);
extern const u64 isr_table[32];
extern const u64 irq_stub_table[224];

static void set_gate(int v, u64 handler, int ist)
{
	idt[v] = (struct idt_entry){
		.off_lo = handler & 0xffff,
		.sel = KERNEL_CS,
		.ist = (u8)ist,
		.type = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
		.off_mid = (handler >> 16) & 0xffff,
		.off_hi = handler >> 32,
	};
}

static void pic_disable(void)
{
	/* ICW1-4: remap to 0x20/0x28, then mask every line. */
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, 0x20);
	outb(0xa1, 0x28);
	outb(0x21, 0x04);
	outb(0xa1, 0x02);
	outb(0x21, 0x01);
	outb(0xa1, 0x01);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

void idt_load(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed p = { sizeof(idt) - 1, (u64)(uintptr_t)idt };

	__asm__ volatile("lidt %0" ::"m"(p));
}
EXPORT_SYMBOL(idt_load);

void idt_init(void)
{
	memset(idt, 0, sizeof(idt));
	for (int v = 0; v < 32; v++)
		set_gate(v, isr_table[v], 0);
	set_gate(2, isr_table[2], IST_NMI);
	set_gate(8, isr_table[8], IST_DOUBLE_FAULT);
	set_gate(18, isr_table[18], IST_MACHINE_CHECK);
	for (int v = 32; v < 256; v++)
		set_gate(v, irq_stub_table[v - 32], 0);
	pic_disable();
	idt_load();
}

/* For tests: the IST slot of a vector's gate. */
int idt_gate_ist(int v)
{
	return idt[v].ist;
}
