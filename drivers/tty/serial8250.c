/*
 * 8250/16550 UART console on COM1 (I/O port 0x3f8): 8N1 at
 * CONFIG_SERIAL_8250_BAUD, FIFOs on, output by polling the transmit-holding
 * register (no interrupts yet), input by polling the line status for
 * /dev/console's readers. '\n' is sent as "\r\n". If the port does not
 * answer a loopback test (no UART, as on many new PCs) no console is
 * registered and the driver says so.
 */
#include <loom/console.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>

#define COM1	 0x3f8
#define THR	 0 /* transmit holding     */
#define DLL	 0 /* divisor low (DLAB)   */
#define IER	 1
#define DLM	 1 /* divisor high (DLAB)  */
#define FCR	 2
#define LCR	 3
#define MCR	 4
#define LSR	 5
#define LSR_THRE 0x20
#define LSR_DR	 0x01 /* a received byte is waiting */
#define RBR	 0

static void uart_putc(u16 base, char c)
{
	/* Bounded wait: a wedged UART must not hang the kernel log. */
	for (int spin = 0; spin < 100000 && !(inb(base + LSR) & LSR_THRE); spin++)
		pause();
	outb(base + THR, (u8)c);
}

static void serial_write(struct console *con, const char *s, size_t len)
{
	u16 base = (u16)(uintptr_t)con->priv;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc(base, '\r');
		uart_putc(base, s[i]);
	}
}

/* Input is polled (no interrupt controller routes the UART's IRQ yet):
 * /dev/console's readers ask while they wait. */
static int serial_getc(struct console *con)
{
	u16 base = (u16)(uintptr_t)con->priv;

	return inb(base + LSR) & LSR_DR ? inb(base + RBR) : -1;
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
	outb(base + MCR, 0x0f); /* normal: DTR, RTS, OUT1, OUT2 */
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
	if (!err)
		pr_info("serial: ttyS0 at I/O 0x%x, %d baud", COM1, CONFIG_SERIAL_8250_BAUD);
	return err;
}
static int serial8250_event(const struct module_event *ev)
{
	switch (ev->type) {
	case MODULE_EVENT_LOAD: return serial8250_init();
	case MODULE_EVENT_UNLOAD: console_unregister(&serial_console); return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "8250/16550 serial console", "1.0", "MIT", "BOOT_ALWAYS",
	    serial8250_event);
