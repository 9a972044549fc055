/*
 * The PC keyboard behind the i8042 controller (ACPI PNP0303), as console
 * input: typed keys reach /dev/console like bytes from the serial port, so
 * the shell on the framebuffer console can be used at the machine itself.
 * Input is polled by /dev/console's readers (no interrupt controller
 * routes IRQ 1 yet); scancodes become text in kbd_map.c. Locking: the
 * console core serializes getc; the state is this driver's alone.
 */
#include <loom/acpi.h>
#include <loom/console.h>
#include <loom/errno.h>
#include <loom/kbd.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <asm/x86.h>

#define I8042_DATA	0x60 /* when the device's _CRS does not say */
#define I8042_STATUS	0x64
#define I8042_IRQ	1
#define STATUS_OUT_FULL 0x01 /* a byte waits in the output buffer */
#define STATUS_AUX	0x20 /* ... and it comes from the mouse port */

static struct kbd_state state;
static bool registered;
static u16 data_port = I8042_DATA, status_port = I8042_STATUS;
static u32 kbd_irq = I8042_IRQ, kbd_irq_flags = ACPI_IRQ_ISA;

/* The controller's ports (data, then status/command) and the keyboard's
 * interrupt from the device's _CRS, or the PC's fixed ones. */
static void read_resources(const struct device *dev)
{
	struct acpi_resources r;
	int err = acpi_device_resources(dev, &r);

	data_port = I8042_DATA;
	status_port = I8042_STATUS;
	kbd_irq = I8042_IRQ;
	kbd_irq_flags = ACPI_IRQ_ISA;
	if (!err && r.nr_io >= 2) {
		data_port = r.io[0].base;
		status_port = r.io[1].base;
	} else {
		pr_info("i8042: %s: no I/O ports in _CRS: using 0x%x and 0x%x", dev->name,
			I8042_DATA, I8042_STATUS);
	}
	if (!err && r.nr_irqs >= 1) {
		kbd_irq = r.irq[0].irq;
		kbd_irq_flags = r.irq[0].flags;
	} else {
		pr_info("i8042: %s: no interrupt in _CRS: using ISA IRQ %u", dev->name, I8042_IRQ);
	}
}

static int kbd_getc(struct console *con)
{
	for (int tries = 0; tries < 16; tries++) {
		u8 st = inb(status_port);
		int c;

		if (st == 0xff || !(st & STATUS_OUT_FULL))
			return -1; /* nothing waiting (0xff: no controller) */
		if (st & STATUS_AUX) {
			(void)inb(data_port); /* mouse bytes: not ours */
			continue;
		}
		c = kbd_feed(&state, inb(data_port));
		if (c >= 0)
			return c;
	}
	return -1;
}

/* Input only: the keyboard shows nothing of the log. */
static void kbd_write(struct console *con, const char *s, size_t len)
{
}

static const struct console_ops kbd_ops = {
	.write = kbd_write,
	.getc = kbd_getc,
};

static struct console kbd_console = {
	.name = "kbd0",
	.ops = &kbd_ops,
};

static int i8042_event(const struct module_event *ev)
{
	int err;

	switch (ev->type) {
	case MODULE_EVENT_ATTACH:
		if (registered)
			return -EBUSY; /* one keyboard controller */
		read_resources(ev->dev);
		if (inb(status_port) == 0xff) {
			pr_warn("i8042: %s: no controller answers at port 0x%x", ev->dev->name,
				status_port);
			return -ENODEV;
		}
		for (int i = 0; i < 64 && (inb(status_port) & STATUS_OUT_FULL); i++)
			(void)inb(data_port); /* drop what the firmware left */
		state = (struct kbd_state){ 0 };
		err = console_register(&kbd_console);
		if (err)
			return err;
		registered = true;
		pr_info("i8042: keyboard on %s (ports 0x%x, 0x%x, %s %u) is console input",
			ev->dev->name, data_port, status_port,
			kbd_irq_flags & ACPI_IRQ_ISA ? "IRQ" : "GSI", kbd_irq);
		return 0;
	case MODULE_EVENT_DETACH:
	case MODULE_EVENT_UNLOAD:
		if (registered) {
			console_unregister(&kbd_console);
			registered = false;
		}
		return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "PC keyboard (i8042) as console input", "1.0", "MIT", "PNP0303",
	    i8042_event);
