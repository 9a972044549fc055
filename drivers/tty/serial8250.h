/*
 * The 16550 console driver (serial8250.c) for its tests and benchmarks.
 */
#ifndef DRIVERS_TTY_SERIAL8250_H
#define DRIVERS_TTY_SERIAL8250_H

#include <loom/types.h>

/* Is received data taken by the UART's interrupt (else polled)? */
bool serial8250_irq_mode(void);
/* Receive interrupts handled and the bytes they passed to tty_input
 * (counted once passed on). */
void serial8250_rx_stats(u64 *irqs, u64 *bytes);
/* Send up to 16 bytes to the UART itself (modem control loopback, MCR
 * bit 4): they arrive in its receive FIFO as if typed. Output of the log
 * waits meanwhile. 0, -EINVAL (too many), -ENODEV, -ETIMEDOUT. */
int serial8250_loopback(const char *s, size_t len);

#endif
