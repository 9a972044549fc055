/*
 * In-kernel tests of the PS/2 mouse (suite "psmouse"): packets put into the
 * controller as aux bytes (command 0xd3) raise IRQ 12 and come out of the
 * mouse's /dev/input/N/events as button and motion events; a byte out of
 * sync is refused (counted) and the next packet still decoded.
 */
#include <loom/input.h>
#include <loom/ktest.h>
#include <loom/printk.h>
#include <loom/vfs.h>
#include <uapi/loom/syscall.h>
#include "i8042.h"

static void inject(struct ktest *t, const u8 *b, int n)
{
	for (int i = 0; i < n; i++)
		KASSERT_EQ(t, i8042_inject_aux(b[i]), 0);
	if (!i8042_kbd_irq_mode())
		i8042_drain(); /* polled (noioapic): as the console's reader would */
}

static void packets_become_events(struct ktest *t)
{
	/* left down, right 5, down 3 (device Y counts up: -3 = 0xfd with sign) */
	const u8 p1[] = { 0x29, 0x05, 0xfd };
	/* a stray byte, then left up, left 2 */
	const u8 p2[] = { 0x02, 0x18, 0xfe, 0x00 };
	struct input_event ev[16];
	struct file *f;
	char path[48];
	u64 bad0 = psmouse_bad();
	int n;

	KASSERT_TRUE(t, psmouse_input_id() >= 0);
	snprintf(path, sizeof(path), "/dev/input/%d/events:nonblock", psmouse_input_id());
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, path, 0, &f), 0);

	inject(t, p1, sizeof(p1));
	n = (int)input_read_events(f, ev, 4, 1000000000ULL);
	KASSERT_EQ(t, n, 4);
	KEXPECT_EQ(t, ev[0].type, INPUT_EV_KEY);
	KEXPECT_EQ(t, ev[0].code, INPUT_BTN_LEFT);
	KEXPECT_EQ(t, ev[0].value, 1);
	KEXPECT_EQ(t, ev[1].type, INPUT_EV_REL);
	KEXPECT_EQ(t, ev[1].code, INPUT_REL_X);
	KEXPECT_EQ(t, ev[1].value, 5);
	KEXPECT_EQ(t, ev[2].code, INPUT_REL_Y);
	KEXPECT_EQ(t, ev[2].value, 3);
	KEXPECT_EQ(t, ev[3].type, INPUT_EV_SYN);

	inject(t, p2, sizeof(p2));
	n = (int)input_read_events(f, ev, 3, 1000000000ULL);
	KASSERT_EQ(t, n, 3);
	/* nothing more: the stray byte made no events */
	KEXPECT_EQ(t, input_read_events(f, ev, 1, 20000000ULL), 0);
	KEXPECT_EQ(t, ev[0].code, INPUT_BTN_LEFT);
	KEXPECT_EQ(t, ev[0].value, 0);
	KEXPECT_EQ(t, ev[1].code, INPUT_REL_X);
	KEXPECT_EQ(t, ev[1].value, -2);
	KEXPECT_EQ(t, ev[2].type, INPUT_EV_SYN);
	KEXPECT_EQ(t, psmouse_bad(), bad0 + 1);
	vfs_close(f);
}

KTEST_SUITE(psmouse, KTEST_CASE(packets_become_events));
