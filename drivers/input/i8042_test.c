/*
 * In-kernel tests of the i8042 keyboard (suite "i8042"): scancodes the
 * controller is told to hand over as keyboard bytes (command 0xd2) raise
 * IRQ 1 through the I/O APIC, and the handler turns them into console text
 * without anyone polling (polled when there is no I/O APIC).
 */
#include <loom/ktest.h>
#include <loom/time.h>
#include <asm/irq.h>
#include <asm/x86.h>
#include "i8042.h"

/* Let interrupts in until the keyboard saw want interrupts or 200 ms. */
static void wait_kbd_irqs(u64 want)
{
	u64 end = clock_monotonic_ns() + 200 * NSEC_PER_MSEC, f = local_irq_save();

	irq_enable();
	while (i8042_kbd_irqs() < want && clock_monotonic_ns() < end)
		pause();
	local_irq_restore(f);
}

static void inject(struct ktest *t, const u8 *sc, int n)
{
	for (int i = 0; i < n; i++) {
		u64 before = i8042_kbd_irqs();

		KASSERT_EQ(t, i8042_inject_kbd(sc[i]), 0);
		if (i8042_kbd_irq_mode())
			wait_kbd_irqs(before + 1);
		else
			i8042_drain(); /* polled: one byte fits the controller */
	}
}

static void typed_text_by_interrupt(struct ktest *t)
{
	/* a, Shift+k, Enter: presses and releases */
	const u8 sc[] = { 0x1e, 0x9e, 0x2a, 0x25, 0xa5, 0xaa, 0x1c, 0x9c };
	u64 before;

	KASSERT_TRUE(t, i8042_present());
	while (i8042_kbd_getc() >= 0)
		; /* whatever was typed before */
	before = i8042_kbd_irqs();
	inject(t, sc, sizeof(sc));
	if (IS_ENABLED(CONFIG_X86_IO_APIC)) {
		KEXPECT_TRUE(t, i8042_kbd_irq_mode());
		KEXPECT_EQ(t, i8042_kbd_irqs(), before + sizeof(sc));
	}
	KEXPECT_EQ(t, i8042_kbd_getc(), 'a');
	KEXPECT_EQ(t, i8042_kbd_getc(), 'K');
	KEXPECT_EQ(t, i8042_kbd_getc(), '\n');
	KEXPECT_EQ(t, i8042_kbd_getc(), -1);
}

KTEST_SUITE(i8042, KTEST_CASE(typed_text_by_interrupt));
