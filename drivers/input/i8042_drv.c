/*
 * The PC keyboard behind the i8042 controller (ACPI PNP0303): its ports
 * and interrupt come from the device's _CRS. With an I/O APIC the IRQ 1
 * handler drains the controller into a ring of typed text and pushes it
 * to /dev/console (tty_input, after dropping the lock); without one,
 * /dev/console polls (getc), which drains the controller first. Key
 * presses and releases also go to the input core as events. Bytes
 * of the auxiliary port go to the PS/2 mouse driver (i8042.h). Scancodes
 * become text in kbd_map.c. Locking: ctl_lock (irqsave) covers the ports,
 * the keyboard state and the ring; clients are called under it.
 */
#include <loom/acpi.h>
#include <loom/console.h>
#include <loom/errno.h>
#include <loom/input.h>
#include <loom/kbd.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/time.h>
#include <loom/tty.h>
#include <asm/ioapic.h>
#include <asm/x86.h>
#include "i8042.h"

#define I8042_DATA	0x60 /* when the device's _CRS does not say */
#define I8042_STATUS	0x64
#define I8042_IRQ	1
#define STATUS_OUT_FULL 0x01 /* a byte waits in the output buffer */
#define STATUS_IN_FULL	0x02 /* the controller has not taken our last byte */
#define STATUS_AUX	0x20 /* ... and it comes from the mouse port */
#define CMD_READ_CB	0x20
#define CMD_WRITE_CB	0x60
#define CMD_AUX_OFF	0xa7
#define CMD_AUX_ON	0xa8
#define CMD_WRITE_KBD	0xd2
#define CMD_WRITE_AUXB	0xd3
#define CMD_TO_AUX	0xd4
#define CB_KBD_IRQ	0x01
#define CB_AUX_IRQ	0x02
#define CB_KBD_OFF	0x10
#define CB_AUX_OFF	0x20
#define IO_TIMEOUT_NS	(50ULL * 1000000)
#define RING		256
#define DRAIN_MAX	64

static spinlock_t ctl_lock = SPINLOCK_INIT;
static struct kbd_state state;
static struct kbd_keys keys;
static struct input_dev kbd_input = { .name = "i8042 keyboard" };
static bool registered, irq_mode;
static u16 data_port = I8042_DATA, status_port = I8042_STATUS;
static u32 kbd_irq = I8042_IRQ;
static u8 kbd_irq_flags = ACPI_IRQ_ISA;
static char ring[RING];
static u32 ring_head, ring_tail; /* free-running */
static u64 kbd_irqs, ring_lost;
static void (*aux_fn)(u8 byte, void *data);
static void *aux_data;

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

/* With ctl_lock held: a keyboard byte becomes a key event and text. */
static void kbd_byte(u8 b)
{
	int c = kbd_feed(&state, b), value;
	u16 code;

	if (kbd_key(&keys, b, &code, &value)) {
		input_report(&kbd_input, INPUT_EV_KEY, code, value);
		input_sync(&kbd_input);
	}

	if (c < 0)
		return;
	if (ring_head - ring_tail == RING) {
		ring_lost++; /* nobody reads the console: drop the newest */
		return;
	}
	ring[ring_head++ % RING] = (char)c;
}

static void drain_locked(void)
{
	for (int i = 0; i < DRAIN_MAX; i++) {
		u8 st = inb(status_port), b;

		if (st == 0xff || !(st & STATUS_OUT_FULL))
			return;
		b = inb(data_port);
		if (!(st & STATUS_AUX))
			kbd_byte(b);
		else if (aux_fn)
			aux_fn(b, aux_data);
	}
}

/* Interrupt mode: hand the ring's text to the line discipline, outside
 * ctl_lock (the echo takes the log lock, which is taken before it). */
static void kbd_push(void)
{
	char buf[64];
	u32 n;

	do {
		u64 f = spin_lock_irqsave(&ctl_lock);

		for (n = 0; n < sizeof(buf) && ring_tail != ring_head; n++)
			buf[n] = ring[ring_tail++ % RING];
		spin_unlock_irqrestore(&ctl_lock, f);
		for (u32 i = 0; i < n; i++)
			tty_input(buf[i]);
	} while (n == sizeof(buf));
}

void i8042_drain(void)
{
	u64 f = spin_lock_irqsave(&ctl_lock);

	drain_locked();
	spin_unlock_irqrestore(&ctl_lock, f);
	if (READ_ONCE(irq_mode))
		kbd_push();
}
EXPORT_SYMBOL(i8042_drain);

/* With ctl_lock held: wait until the controller can take a byte. */
static int wait_in_empty(void)
{
	u64 end = clock_monotonic_ns() + IO_TIMEOUT_NS;

	while (inb(status_port) & STATUS_IN_FULL)
		if (clock_monotonic_ns() > end)
			return -ETIMEDOUT;
	return 0;
}

static int ctl_command(u8 cmd)
{
	int err = wait_in_empty();

	if (!err)
		outb(status_port, cmd);
	return err;
}

static int ctl_command_data(u8 cmd, u8 data)
{
	int err = ctl_command(cmd);

	if (!err)
		err = wait_in_empty();
	if (!err)
		outb(data_port, data);
	return err;
}

/* With ctl_lock held: the next byte of the controller itself (no aux bit). */
static int ctl_read(u32 timeout_ms)
{
	u64 end = clock_monotonic_ns() + timeout_ms * 1000000ULL;

	for (;;) {
		u8 st = inb(status_port);

		if (st & STATUS_OUT_FULL)
			return inb(data_port);
		if (clock_monotonic_ns() > end)
			return -ETIMEDOUT;
	}
}

/* With ctl_lock held: command byte &= ~clear, |= set. Bytes already
 * waiting are handled first, so that the answer read is the controller's
 * (a key pressed in the microseconds between could still be taken for it). */
static int update_cb(u8 clear, u8 set)
{
	int cb, err;

	drain_locked();
	err = ctl_command(CMD_READ_CB);

	if (err)
		return err;
	cb = ctl_read(50);
	if (cb < 0)
		return cb;
	return ctl_command_data(CMD_WRITE_CB, (u8)((cb & ~clear) | set));
}

bool i8042_present(void)
{
	return registered;
}
EXPORT_SYMBOL(i8042_present);

bool i8042_kbd_irq_mode(void)
{
	return irq_mode;
}
EXPORT_SYMBOL(i8042_kbd_irq_mode);

u64 i8042_kbd_irqs(void)
{
	return READ_ONCE(kbd_irqs);
}
EXPORT_SYMBOL(i8042_kbd_irqs);

int i8042_kbd_input_id(void)
{
	return input_dev_id(&kbd_input);
}
EXPORT_SYMBOL(i8042_kbd_input_id);

int i8042_kbd_getc(void)
{
	u64 f = spin_lock_irqsave(&ctl_lock);
	int c = -1;

	if (!irq_mode)
		drain_locked();
	if (ring_tail != ring_head)
		c = (u8)ring[ring_tail++ % RING];
	spin_unlock_irqrestore(&ctl_lock, f);
	return c;
}
EXPORT_SYMBOL(i8042_kbd_getc);

int i8042_aux_attach(void (*fn)(u8 byte, void *data), void *data)
{
	u64 f = spin_lock_irqsave(&ctl_lock);
	int err = 0;

	if (!registered)
		err = -ENODEV;
	else if (aux_fn)
		err = -EBUSY;
	else {
		aux_data = data;
		aux_fn = fn;
	}
	spin_unlock_irqrestore(&ctl_lock, f);
	return err;
}
EXPORT_SYMBOL(i8042_aux_attach);

void i8042_aux_detach(void)
{
	u64 f = spin_lock_irqsave(&ctl_lock);

	aux_fn = NULL;
	aux_data = NULL;
	spin_unlock_irqrestore(&ctl_lock, f);
}
EXPORT_SYMBOL(i8042_aux_detach);

int i8042_aux_enable(bool irq)
{
	u64 f = spin_lock_irqsave(&ctl_lock);
	int err = registered ? ctl_command(CMD_AUX_ON) : -ENODEV;

	if (!err)
		err = update_cb(CB_AUX_OFF | CB_AUX_IRQ, irq ? CB_AUX_IRQ : 0);
	spin_unlock_irqrestore(&ctl_lock, f);
	return err;
}
EXPORT_SYMBOL(i8042_aux_enable);

void i8042_aux_disable(void)
{
	u64 f = spin_lock_irqsave(&ctl_lock);

	if (registered && !update_cb(CB_AUX_IRQ, CB_AUX_OFF))
		ctl_command(CMD_AUX_OFF);
	spin_unlock_irqrestore(&ctl_lock, f);
}
EXPORT_SYMBOL(i8042_aux_disable);

int i8042_aux_command(u8 cmd, u8 *resp, int nresp, u32 timeout_ms)
{
	u64 f = spin_lock_irqsave(&ctl_lock), end;
	int got = 0, err = registered ? ctl_command_data(CMD_TO_AUX, cmd) : -ENODEV;

	end = clock_monotonic_ns() + timeout_ms * 1000000ULL;
	while (!err && got < nresp) {
		u8 st = inb(status_port);

		if (st & STATUS_OUT_FULL) {
			u8 b = inb(data_port);

			if (st & STATUS_AUX)
				resp[got++] = b;
			else
				kbd_byte(b);
		} else if (clock_monotonic_ns() > end) {
			err = -ETIMEDOUT;
		}
	}
	spin_unlock_irqrestore(&ctl_lock, f);
	return err ? err : got;
}
EXPORT_SYMBOL(i8042_aux_command);

static int inject(u8 cmd, u8 byte)
{
	u64 end = clock_monotonic_ns() + IO_TIMEOUT_NS, f;
	int err;

	/* The byte before must be gone (an interrupt handler takes it). */
	while (registered && (inb(status_port) & STATUS_OUT_FULL)) {
		if (!irq_mode)
			i8042_drain();
		if (clock_monotonic_ns() > end)
			return -ETIMEDOUT;
	}
	f = spin_lock_irqsave(&ctl_lock);
	err = registered ? ctl_command_data(cmd, byte) : -ENODEV;
	spin_unlock_irqrestore(&ctl_lock, f);
	return err;
}

int i8042_inject_kbd(u8 byte)
{
	return inject(CMD_WRITE_KBD, byte);
}
EXPORT_SYMBOL(i8042_inject_kbd);

int i8042_inject_aux(u8 byte)
{
	return inject(CMD_WRITE_AUXB, byte);
}
EXPORT_SYMBOL(i8042_inject_aux);

static void kbd_interrupt(struct pt_regs *regs, void *data)
{
	i8042_drain();
	WRITE_ONCE(kbd_irqs, kbd_irqs + 1); /* after: what it drained is there */
}

static int kbd_getc(struct console *con)
{
	return i8042_kbd_getc();
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

/* Route the keyboard's interrupt and let the controller raise it; else
 * stay polled (logged). */
static void start_interrupts(const char *name)
{
	int v = irq_request_acpi(kbd_irq, kbd_irq_flags, kbd_interrupt, NULL), err;
	u64 f;

	if (v < 0) {
		pr_info("i8042: %s: interrupt not routed (%s): the keyboard is polled", name,
			errno_name(-v));
		return;
	}
	f = spin_lock_irqsave(&ctl_lock);
	err = update_cb(CB_KBD_OFF, CB_KBD_IRQ);
	if (!err)
		irq_mode = true;
	drain_locked(); /* what came before the interrupt was on */
	spin_unlock_irqrestore(&ctl_lock, f);
	if (err) {
		pr_warn("i8042: %s: the controller did not take its command byte: polled", name);
		irq_free_acpi(kbd_irq, kbd_irq_flags);
		return;
	}
	console_set_input_irq(&kbd_console, true);
	kbd_push();
}

static void stop_interrupts(void)
{
	u64 f;

	if (!irq_mode)
		return;
	f = spin_lock_irqsave(&ctl_lock);
	update_cb(CB_KBD_IRQ, 0);
	irq_mode = false;
	spin_unlock_irqrestore(&ctl_lock, f);
	irq_free_acpi(kbd_irq, kbd_irq_flags);
	console_set_input_irq(&kbd_console, false);
	tty_input_changed();
}

static int attach(struct device *dev)
{
	int err;
	u64 f;

	if (registered)
		return -EBUSY; /* one keyboard controller */
	read_resources(dev);
	if (inb(status_port) == 0xff) {
		pr_warn("i8042: %s: no controller answers at port 0x%x", dev->name, status_port);
		return -ENODEV;
	}
	f = spin_lock_irqsave(&ctl_lock);
	for (int i = 0; i < 64 && (inb(status_port) & STATUS_OUT_FULL); i++)
		(void)inb(data_port); /* drop what the firmware left */
	state = (struct kbd_state){ 0 };
	keys = (struct kbd_keys){ 0 };
	ring_head = ring_tail = 0;
	registered = true;
	spin_unlock_irqrestore(&ctl_lock, f);
	err = console_register(&kbd_console);
	if (err) {
		registered = false;
		return err;
	}
	if (IS_ENABLED(CONFIG_INPUT) && input_register(&kbd_input))
		pr_warn("i8042: %s: no input device: console text only", dev->name);
	start_interrupts(dev->name);
	if (!irq_mode)
		tty_input_changed(); /* a polled console: waiting readers poll it */
	pr_info("i8042: keyboard on %s (ports 0x%x, 0x%x, %s %u) is console input, %s", dev->name,
		data_port, status_port, kbd_irq_flags & ACPI_IRQ_ISA ? "IRQ" : "GSI", kbd_irq,
		irq_mode ? "interrupt-driven" : "polled");
	return 0;
}

static int i8042_event(const struct module_event *ev)
{
	switch (ev->type) {
	case MODULE_EVENT_ATTACH: return attach(ev->dev);
	case MODULE_EVENT_DETACH:
	case MODULE_EVENT_UNLOAD:
		if (registered) {
			stop_interrupts();
			input_unregister(&kbd_input);
			console_unregister(&kbd_console);
			registered = false;
		}
		return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "PC keyboard (i8042) as console input", "1.0", "MIT", "PNP0303",
	    i8042_event);
