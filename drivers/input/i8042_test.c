/*
 * In-kernel tests of the i8042 keyboard (suite "i8042"): scancodes the
 * controller is told to hand over as keyboard bytes (command 0xd2) raise
 * IRQ 1 through the I/O APIC, and the handler turns them into a line of
 * /dev/console without anyone polling (polled when there is no I/O APIC),
 * and key events on the keyboard's /dev/input/N/events.
 */
#include <loom/input.h>
#include <loom/ktest.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include <loom/time.h>
#include <loom/tty.h>
#include <uapi/loom/errno.h>
#include <asm/ioapic.h>
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
	struct file *f;
	char buf[8];
	u64 before;

	KASSERT_TRUE(t, i8042_present());
	while (i8042_kbd_getc() >= 0)
		; /* whatever was typed before */
	tty_discard();
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/console:nonblock", 0, &f), 0);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), -EAGAIN);
	before = i8042_kbd_irqs();
	inject(t, sc, sizeof(sc));
	KEXPECT_EQ(t, i8042_kbd_irq_mode(), ioapic_present()); /* else polled */
	if (ioapic_present()) {
		KEXPECT_EQ(t, i8042_kbd_irqs(), before + sizeof(sc));
		KEXPECT_EQ(t, i8042_kbd_getc(), -1); /* pushed by the handler */
	}
	/* Interrupt mode: the line is there already; polled: read pumps. */
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 3);
	KEXPECT_TRUE(t, !memcmp(buf, "aK\n", 3));
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), -EAGAIN);
	vfs_close(f);
}

/* The same scancodes as key events on /dev/input/N/events. */
static void key_events(struct ktest *t)
{
	/* Up (e0 48 / e0 c8), a pressed twice (repeat) and released */
	const u8 sc[] = { 0xe0, 0x48, 0xe0, 0xc8, 0x1e, 0x1e, 0x9e };
	const u8 enter[] = { 0x1c, 0x9c };
	char text[8];
	const struct {
		u16 code;
		int value;
	} want[] = { { INPUT_KEY_UP, 1 },
		     { INPUT_KEY_UP, 0 },
		     { INPUT_KEY_A, 1 },
		     { INPUT_KEY_A, 2 },
		     { INPUT_KEY_A, 0 } };
	struct input_event ev[16];
	struct file *f;
	char path[48];
	ssize_t n;

	KASSERT_TRUE(t, i8042_kbd_input_id() >= 0);
	tty_discard();
	snprintf(path, sizeof(path), "/dev/input/%d/events:nonblock", i8042_kbd_input_id());
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, path, 0, &f), 0);
	inject(t, sc, sizeof(sc));
	/* The handler runs on the boot CPU: wait for what it reports. */
	n = input_read_events(f, ev, 2 * ARRAY_SIZE(want), 200 * NSEC_PER_MSEC);
	KASSERT_EQ(t, n, (ssize_t)(2 * ARRAY_SIZE(want)));
	KEXPECT_EQ(t, input_read_events(f, ev, 1, 20 * NSEC_PER_MSEC), 0);
	for (u32 i = 0; i < ARRAY_SIZE(want); i++) {
		KEXPECT_EQ(t, ev[2 * i].type, INPUT_EV_KEY);
		KEXPECT_EQ(t, ev[2 * i].code, want[i].code);
		KEXPECT_EQ(t, ev[2 * i].value, want[i].value);
		KEXPECT_EQ(t, ev[2 * i + 1].type, INPUT_EV_SYN);
	}
	vfs_close(f);
	/* The a's are console text too: end their (echoed) line, read it. */
	inject(t, enter, sizeof(enter));
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/console:nonblock", 0, &f), 0);
	KEXPECT_EQ(t, vfs_read(f, text, sizeof(text)), 3);
	KEXPECT_TRUE(t, !memcmp(text, "aa\n", 3));
	vfs_close(f);
}

KTEST_SUITE(i8042, KTEST_CASE(typed_text_by_interrupt), KTEST_CASE(key_events));
