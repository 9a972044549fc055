/*
 * 8250/16550 UART console on COM1 (I/O port 0x3f8): 8N1 at
 * CONFIG_SERIAL_8250_BAUD, FIFOs on, output by polling the transmit-holding
 * register. '\n' is sent as "\r\n". If the port does not answer a loopback
 * test (no UART, as on many new PCs) no console is registered and the
 * driver says so.
 *
 * Input by interrupt: once interrupts can be routed (at boot after the
 * ACPI namespace, or when loaded as a module later) the driver takes the
 * line of the ACPI serial port (PNP0501) whose _CRS names COM1's ports,
 * else ISA IRQ 4 (COM1's line on every PC), enables the UART's receive
 * interrupt (received data and FIFO time-out) and its handler drains the
 * receive FIFO into tty_input. Without a route (no I/O APIC, "noioapic")
 * the console stays polled by /dev/console (->getc). The ACPI device
 * itself is not claimed: its driver may be another module.
 *
 * Locking: port_lock (irqsave) covers the port's registers; it is taken
 * under the log lock (->write, ->getc), so the handler feeds tty_input
 * only after dropping it, and nothing printks under it.
 */
#include <loom/acpi.h>
#include <loom/console.h>
#include <loom/errno.h>
#include <loom/init.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <loom/tty.h>
#include <asm/ioapic.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>
#include "serial8250.h"

#define COM1	  0x3f8
#define COM1_IRQ  4 /* ISA line of COM1 when ACPI does not say */
#define THR	  0 /* transmit holding     */
#define DLL	  0 /* divisor low (DLAB)   */
#define IER	  1
#define IER_RX	  0x01 /* received data (and FIFO time-out) */
#define DLM	  1    /* divisor high (DLAB)  */
#define FCR	  2
#define LCR	  3
#define MCR	  4
#define MCR_NORM  0x0f /* DTR, RTS, OUT1, OUT2 (OUT2 gates the IRQ on PCs) */
#define MCR_LOOP  0x10
#define LSR	  5
#define LSR_THRE  0x20
#define LSR_TEMT  0x40 /* transmitter empty */
#define LSR_DR	  0x01 /* a received byte is waiting */
#define RBR	  0
#define FIFO_SIZE 16
#define SPIN_MAX  100000
#define RX_MAX	  4096 /* bytes per drain */

static spinlock_t port_lock = SPINLOCK_INIT;
static bool registered, irq_mode;
static u32 rx_irq;
static u8 rx_irq_flags;
static u64 rx_irqs, rx_bytes;

static void uart_putc(u16 base, char c)
{
	/* Bounded wait: a wedged UART must not hang the kernel log. */
	for (int spin = 0; spin < SPIN_MAX && !(inb(base + LSR) & LSR_THRE); spin++)
		pause();
	outb(base + THR, (u8)c);
}

static void serial_write(struct console *con, const char *s, size_t len)
{
	u16 base = (u16)(uintptr_t)con->priv;
	u64 f = spin_lock_irqsave(&port_lock);

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc(base, '\r');
		uart_putc(base, s[i]);
	}
	spin_unlock_irqrestore(&port_lock, f);
}

/* Polled input: /dev/console asks while someone waits (not in irq_mode). */
static int serial_getc(struct console *con)
{
	u16 base = (u16)(uintptr_t)con->priv;
	u64 f = spin_lock_irqsave(&port_lock);
	int c = inb(base + LSR) & LSR_DR ? inb(base + RBR) : -1;

	spin_unlock_irqrestore(&port_lock, f);
	return c;
}

static const struct console_ops serial_ops = {
	.write = serial_write,
	.getc = serial_getc,
};

static struct console serial_console = {
	.name = "ttyS0",
	.ops = &serial_ops,
	.priv = (void *)(uintptr_t)COM1,
};

/* Drain the receive FIFO into the line discipline; the number of bytes.
 * A port that never runs dry (broken hardware) is left after RX_MAX bytes
 * with a log line rather than holding the CPU forever. */
static u32 rx_drain(void)
{
	static bool warned;
	char buf[64];
	u32 n, total = 0;

	do {
		u64 f = spin_lock_irqsave(&port_lock);
		u8 st;

		for (n = 0; n < sizeof(buf); n++) {
			st = inb(COM1 + LSR);
			if (st == 0xff || !(st & LSR_DR))
				break;
			buf[n] = (char)inb(COM1 + RBR);
		}
		spin_unlock_irqrestore(&port_lock, f);
		for (u32 i = 0; i < n; i++)
			tty_input(buf[i]);
		total += n;
	} while (n == sizeof(buf) && total < RX_MAX);
	if (n == sizeof(buf) && !warned) {
		warned = true;
		pr_warn("serial: ttyS0: the receive FIFO does not run dry (%u bytes at once)",
			total);
	}
	return total;
}

static void serial_interrupt(struct pt_regs *regs, void *data)
{
	u32 n = rx_drain();

	/* After: what the handler drained has reached the line discipline. */
	WRITE_ONCE(rx_bytes, rx_bytes + n);
	WRITE_ONCE(rx_irqs, rx_irqs + 1);
}

/* COM1's line from the _CRS of the ACPI serial port whose first I/O range
 * starts at base: true if found. */
static bool crs_irq(u16 base, u32 *irq, u8 *flags)
{
	const struct device *dev;
	struct acpi_resources r;
	u64 sta;

	for (u32 i = 0; acpi_namespace_device(i, &dev, &sta) >= 0; i++) {
		if (!(sta & 1) || !strlist_has(dev->types, ';', "PNP0501"))
			continue;
		if (acpi_device_resources(dev, &r) || !r.nr_io || r.io[0].base != base)
			continue;
		if (!r.nr_irqs) {
			pr_info("serial: %s: no interrupt in _CRS", dev->name);
			return false;
		}
		*irq = r.irq[0].irq;
		*flags = r.irq[0].flags;
		return true;
	}
	return false;
}

/* Take the receive interrupt, else stay polled (logged). */
static void start_interrupts(void)
{
	const char *from = "_CRS";
	u64 f;
	int v;

	if (!IS_ENABLED(CONFIG_TTY_CONSOLE) || irq_mode || !registered)
		return;
	if (!crs_irq(COM1, &rx_irq, &rx_irq_flags)) {
		from = "COM1 default";
		rx_irq = COM1_IRQ;
		rx_irq_flags = ACPI_IRQ_ISA;
	}
	v = irq_request_acpi(rx_irq, rx_irq_flags, serial_interrupt, NULL);
	if (v < 0) {
		pr_info("serial: ttyS0: interrupt not routed (%s): input is polled",
			errno_name(-v));
		tty_input_changed(); /* waiting readers poll it */
		return;
	}
	irq_mode = true;
	console_set_input_irq(&serial_console, true);
	f = spin_lock_irqsave(&port_lock);
	outb(COM1 + IER, IER_RX);
	spin_unlock_irqrestore(&port_lock, f);
	rx_drain(); /* bytes that came before: their interrupt may be gone */
	pr_info("serial: ttyS0 input by interrupt (%s %u, from %s)",
		rx_irq_flags & ACPI_IRQ_ISA ? "IRQ" : "GSI", rx_irq, from);
}

static void stop_interrupts(void)
{
	u64 f;

	if (!irq_mode)
		return;
	f = spin_lock_irqsave(&port_lock);
	outb(COM1 + IER, 0);
	spin_unlock_irqrestore(&port_lock, f);
	irq_free_acpi(rx_irq, rx_irq_flags);
	irq_mode = false;
	console_set_input_irq(&serial_console, false);
	tty_input_changed();
}

bool serial8250_irq_mode(void)
{
	return irq_mode;
}
EXPORT_SYMBOL(serial8250_irq_mode);

void serial8250_rx_stats(u64 *irqs, u64 *bytes)
{
	*irqs = READ_ONCE(rx_irqs);
	*bytes = READ_ONCE(rx_bytes);
}
EXPORT_SYMBOL(serial8250_rx_stats);

int serial8250_loopback(const char *s, size_t len)
{
	int err = 0;
	u64 f;

	if (!registered)
		return -ENODEV;
	if (len > FIFO_SIZE)
		return -EINVAL;
	f = spin_lock_irqsave(&port_lock);
	outb(COM1 + MCR, MCR_NORM | MCR_LOOP);
	for (size_t i = 0; i < len; i++)
		uart_putc(COM1, s[i]);
	for (int spin = 0; !(inb(COM1 + LSR) & LSR_TEMT); spin++) {
		if (spin == SPIN_MAX) {
			err = -ETIMEDOUT;
			break;
		}
		pause();
	}
	outb(COM1 + MCR, MCR_NORM);
	spin_unlock_irqrestore(&port_lock, f);
	return err;
}
EXPORT_SYMBOL(serial8250_loopback);

static int uart_init(u16 base, u32 baud)
{
	u16 div = (u16)(115200 / baud);

	outb(base + IER, 0x00);
	outb(base + LCR, 0x80);
	outb(base + DLL, div & 0xff);
	outb(base + DLM, div >> 8);
	outb(base + LCR, 0x03); /* 8N1 */
	outb(base + FCR, 0xc7); /* FIFOs on, cleared, 14-byte threshold */
	outb(base + MCR, 0x1e); /* loopback for the self-test */
	outb(base + THR, 0xae);
	if (inb(base + THR) != 0xae)
		return -ENODEV;
	outb(base + MCR, MCR_NORM);
	return 0;
}

static int serial8250_init(void)
{
	int err = uart_init(COM1, CONFIG_SERIAL_8250_BAUD);

	if (err) {
		pr_info("serial: no 16550 UART at 0x%x", COM1);
		return err;
	}
	err = console_register(&serial_console);
	if (err)
		return err;
	registered = true;
	pr_info("serial: ttyS0 at I/O 0x%x, %d baud", COM1, CONFIG_SERIAL_8250_BAUD);
	return 0;
}

#ifdef MODULE
/* Loaded after boot's interrupt set-up: route the line at once. */
static void start_after_load(void)
{
	start_interrupts();
}
#else
/* Built in, the console starts before interrupts can be routed and the
 * ACPI namespace is read: route the line once both are done. */
static int serial8250_irq_init(void)
{
	start_interrupts();
	return 0;
}
device_initcall(serial8250_irq_init);

static void start_after_load(void)
{
}
#endif

static int serial8250_event(const struct module_event *ev)
{
	int err;

	switch (ev->type) {
	case MODULE_EVENT_LOAD:
		err = serial8250_init();
		if (!err)
			start_after_load();
		return err;
	case MODULE_EVENT_UNLOAD:
		stop_interrupts();
		console_unregister(&serial_console);
		registered = false;
		return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "8250/16550 serial console", "1.0", "MIT", "BOOT_ALWAYS",
	    serial8250_event);
