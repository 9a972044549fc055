/*
 * Small platform services: leaving QEMU through isa-debug-exit, and the
 * emergency console (COM1 by polling, no set-up) that the log uses only
 * when no console driver is registered, e.g. for a panic in early boot.
 */
#include <loom/log.h>
#include <asm/cpu.h>
#include <asm/x86.h>

void qemu_exit(u8 code)
{
	outb(0xf4, code);
	/* Not under QEMU (or no isa-debug-exit): fall through to the caller. */
}

static void emergency_write(struct console *con, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			emergency_write(con, "\r", 1);
		for (int spin = 0; spin < 100000 && !(inb(0x3f8 + 5) & 0x20); spin++)
			pause();
		outb(0x3f8, (u8)s[i]);
	}
}

const struct console_ops emergency_console_ops = {
	.write = emergency_write,
};
