/*
 * The PS/2 mouse on the i8042 auxiliary port (ACPI PNP0F13): reset, set
 * defaults and enable data reporting at attach (polled, aux interrupt
 * off), then IRQ 12 (from the device's _CRS) through the I/O APIC. Bytes
 * come from the i8042 driver (i8042.h) under its lock; ps2_packet.c makes
 * packets of them; motion and button changes go to the input core. A bad
 * packet is dropped and the stream resynchronised, logged at most once a
 * second (from the interrupt handler, outside the i8042 lock). Locking:
 * the packet state is touched only under the i8042 lock.
 */
#include <loom/acpi.h>
#include <loom/errno.h>
#include <loom/input.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/time.h>
#include <asm/ioapic.h>
#include "i8042.h"
#include "ps2_packet.h"

#define MOUSE_IRQ    12 /* when _CRS does not say */
#define CMD_RESET    0xff
#define CMD_DEFAULTS 0xf6
#define CMD_ENABLE   0xf4
#define CMD_DISABLE  0xf5
#define ACK	     0xfa
#define SELF_TEST_OK 0xaa
#define LOG_EVERY_NS 1000000000ULL

static struct input_dev mouse_input = { .name = "PS/2 mouse" };
static struct ps2_state pkt;
static u8 buttons;
static bool attached, irq_routed;
static u32 mouse_irq = MOUSE_IRQ;
static u8 mouse_irq_flags = ACPI_IRQ_ISA;
static u64 bad, bad_logged, last_log_ns;
static int bad_why;

static const u16 button_codes[3] = { INPUT_BTN_LEFT, INPUT_BTN_RIGHT, INPUT_BTN_MIDDLE };

/* Refused bytes: counted here, under the controller lock (printk must not
 * run there: the console takes that lock under the log's); logged by
 * log_bad() at most once a second. */
static void note_bad(int why)
{
	bad++;
	bad_why = why;
}

/* Outside the controller lock: after each drain of the mouse's interrupt. */
static void log_bad(void)
{
	u64 now = clock_monotonic_ns(), n = READ_ONCE(bad);

	if (n == bad_logged || (last_log_ns && now - last_log_ns < LOG_EVERY_NS))
		return;
	last_log_ns = now;
	bad_logged = n;
	pr_warn("psmouse: %s: resynchronising (%llu bad bytes or packets so far)",
		READ_ONCE(bad_why) == PS2_BAD_SYNC ? "a byte out of sync"
						   : "a packet with overflow",
		(unsigned long long)n);
}

/* From i8042_drain(), under the controller lock. */
static void mouse_byte(u8 b, void *data)
{
	struct ps2_packet p;
	u64 now = clock_monotonic_ns();
	int r = ps2_feed(&pkt, b, now, &p);

	if (r < 0) {
		note_bad(r);
		return;
	}
	if (r != PS2_PACKET)
		return;
	for (int i = 0; i < 3; i++)
		if ((p.buttons ^ buttons) & (1u << i))
			input_report(&mouse_input, INPUT_EV_KEY, button_codes[i],
				     (p.buttons >> i) & 1);
	buttons = p.buttons;
	if (p.dx)
		input_report(&mouse_input, INPUT_EV_REL, INPUT_REL_X, p.dx);
	if (p.dy)
		input_report(&mouse_input, INPUT_EV_REL, INPUT_REL_Y, p.dy);
	input_sync(&mouse_input);
}

int psmouse_input_id(void)
{
	return input_dev_id(&mouse_input);
}
EXPORT_SYMBOL(psmouse_input_id);

u64 psmouse_bad(void)
{
	return READ_ONCE(bad);
}
EXPORT_SYMBOL(psmouse_bad);

static void mouse_interrupt(struct pt_regs *regs, void *data)
{
	i8042_drain();
	log_bad();
}

/* A command the mouse must acknowledge (and what it answers after). */
static int command(const char *name, u8 cmd, u8 *resp, int n, u32 timeout_ms)
{
	int got = i8042_aux_command(cmd, resp, n, timeout_ms);

	if (got < 0 || resp[0] != ACK) {
		pr_warn("psmouse: %s (0x%02x): %s", name, cmd,
			got < 0 ? errno_name(-got) : "not acknowledged");
		return got < 0 ? got : -EIO;
	}
	return 0;
}

static int mouse_setup(void)
{
	u8 r[3] = { 0 };
	int err = i8042_aux_enable(false);

	if (err) {
		pr_warn("psmouse: the controller did not enable the aux port: %s",
			errno_name(-err));
		return err;
	}
	err = command("reset", CMD_RESET, r, 3, 1000);
	if (!err && r[1] != SELF_TEST_OK) {
		pr_warn("psmouse: self test failed (0x%02x)", r[1]);
		err = -EIO;
	}
	if (!err)
		err = command("set defaults", CMD_DEFAULTS, r, 1, 100);
	if (!err)
		err = command("enable reporting", CMD_ENABLE, r, 1, 100);
	if (err)
		i8042_aux_disable();
	return err;
}

static void read_resources(const struct device *dev)
{
	struct acpi_resources r;

	mouse_irq = MOUSE_IRQ;
	mouse_irq_flags = ACPI_IRQ_ISA;
	if (!acpi_device_resources(dev, &r) && r.nr_irqs) {
		mouse_irq = r.irq[0].irq;
		mouse_irq_flags = r.irq[0].flags;
	} else {
		pr_info("psmouse: %s: no interrupt in _CRS: using ISA IRQ %u", dev->name,
			MOUSE_IRQ);
	}
}

static int attach(struct device *dev)
{
	int err, v;

	if (attached)
		return -EBUSY;
	if (!i8042_present()) {
		pr_warn("psmouse: %s: no i8042 controller (keyboard driver) to talk through",
			dev->name);
		return -ENODEV;
	}
	read_resources(dev);
	err = mouse_setup();
	if (err)
		return err;
	pkt = (struct ps2_state){ 0 };
	buttons = 0;
	err = i8042_aux_attach(mouse_byte, NULL);
	if (err)
		goto out_disable;
	err = input_register(&mouse_input);
	if (err)
		goto out_detach;
	v = irq_request_acpi(mouse_irq, mouse_irq_flags, mouse_interrupt, NULL);
	irq_routed = v >= 0;
	err = i8042_aux_enable(irq_routed);
	if (err) {
		pr_warn("psmouse: %s: aux interrupt not enabled: %s", dev->name, errno_name(-err));
		goto out_irq;
	}
	attached = true;
	pr_info("psmouse: mouse on %s (%s %u): %s", dev->name,
		mouse_irq_flags & ACPI_IRQ_ISA ? "IRQ" : "GSI", mouse_irq,
		irq_routed ? "interrupt-driven" : "not routed: read when the keyboard is polled");
	return 0;

out_irq:
	if (irq_routed)
		irq_free_acpi(mouse_irq, mouse_irq_flags);
	input_unregister(&mouse_input);
out_detach:
	i8042_aux_detach();
out_disable:
	i8042_aux_disable();
	return err;
}

static void detach(void)
{
	u8 r[1];

	if (!attached)
		return;
	i8042_aux_detach();
	if (irq_routed)
		irq_free_acpi(mouse_irq, mouse_irq_flags);
	i8042_aux_enable(false); /* aux interrupt off, the port still on */
	command("disable reporting", CMD_DISABLE, r, 1, 100);
	i8042_aux_disable();
	input_unregister(&mouse_input);
	attached = irq_routed = false;
}

static int psmouse_event(const struct module_event *ev)
{
	switch (ev->type) {
	case MODULE_EVENT_ATTACH: return attach(ev->dev);
	case MODULE_EVENT_DETACH:
	case MODULE_EVENT_UNLOAD: detach(); return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "PS/2 mouse on the i8042 aux port", "1.0", "MIT", "PNP0F13",
	    psmouse_event);
