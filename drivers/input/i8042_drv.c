/*
 * The PC keyboard behind the i8042 controller (ACPI PNP0303), as console
 * input: typed keys reach /dev/console like bytes from the serial port, so
 * the shell on the framebuffer console can be used at the machine itself.
 * Input is polled by /dev/console's readers (no interrupt controller
 * routes IRQ 1 yet); scancodes become text in kbd_map.c. Locking: the
 * console core serializes getc; the state is this driver's alone.
 */
#include <loom/console.h>
#include <loom/errno.h>
#include <loom/kbd.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <asm/x86.h>

#define I8042_DATA	0x60
#define I8042_STATUS	0x64
#define STATUS_OUT_FULL 0x01 /* a byte waits in the output buffer */
#define STATUS_AUX	0x20 /* ... and it comes from the mouse port */

static struct kbd_state state;
static bool registered;

static int kbd_getc(struct console *con)
{
	for (int tries = 0; tries < 16; tries++) {
		u8 st = inb(I8042_STATUS);
		int c;

		if (st == 0xff || !(st & STATUS_OUT_FULL))
			return -1; /* nothing waiting (0xff: no controller) */
		if (st & STATUS_AUX) {
			(void)inb(I8042_DATA); /* mouse bytes: not ours */
			continue;
		}
		c = kbd_feed(&state, inb(I8042_DATA));
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
		if (inb(I8042_STATUS) == 0xff) {
			pr_warn("i8042: %s: no controller answers at port 0x64", ev->dev->name);
			return -ENODEV;
		}
		for (int i = 0; i < 64 && (inb(I8042_STATUS) & STATUS_OUT_FULL); i++)
			(void)inb(I8042_DATA); /* drop what the firmware left */
		state = (struct kbd_state){ 0 };
		err = console_register(&kbd_console);
		if (err)
			return err;
		registered = true;
		pr_info("i8042: keyboard on %s is console input", ev->dev->name);
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
