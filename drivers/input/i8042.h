/*
 * The i8042 controller as the keyboard driver (i8042_drv.c) shares it with
 * the PS/2 mouse driver (psmouse.c) and the tests: the keyboard's driver
 * owns the controller (its ports come from the keyboard's _CRS); bytes
 * from the auxiliary port go to the one attached aux client. Every byte the
 * controller hands over passes through i8042_drain(), under the controller
 * lock, from the IRQ 1 and IRQ 12 handlers or from a poller.
 */
#ifndef DRIVERS_INPUT_I8042_H
#define DRIVERS_INPUT_I8042_H

#include <loom/types.h>

/* Is the controller set up (the keyboard driver attached)? */
bool i8042_present(void);
/* Are the keyboard's bytes taken by its interrupt (else by polling)? */
bool i8042_kbd_irq_mode(void);

/* Read every waiting byte and hand it to the keyboard or the aux client.
 * Safe from interrupt handlers and threads. */
void i8042_drain(void);

/* The aux client: fn(byte, data) runs under the controller lock with
 * interrupts off (from i8042_drain); it must not printk there (the
 * console takes the controller lock under the log's lock). -EBUSY if one
 * is attached, -ENODEV without a controller. */
int i8042_aux_attach(void (*fn)(u8 byte, void *data), void *data);
void i8042_aux_detach(void);
/* Enable or disable the aux port's interrupt (controller command byte)
 * and clock. 0, or -ETIMEDOUT / -ENODEV. */
int i8042_aux_enable(bool irq);
void i8042_aux_disable(void);
/* Send a command byte to the aux device and collect nresp bytes of its
 * answer (the ACK 0xfa first) within timeout_ms; keyboard bytes met
 * meanwhile are handled as usual. Call with aux interrupts off. The number
 * of bytes collected, or -ENODEV, -ETIMEDOUT. */
int i8042_aux_command(u8 cmd, u8 *resp, int nresp, u32 timeout_ms);

/* Controller commands 0xd2/0xd3: put a byte in the output buffer as if the
 * keyboard / the aux device had sent it (raises IRQ 1 / 12 when enabled):
 * for tests and benchmarks. Waits (up to 50 ms) for the byte before to be
 * taken. 0 or -ETIMEDOUT / -ENODEV. */
int i8042_inject_kbd(u8 byte);
int i8042_inject_aux(u8 byte);

/* Text typed on the keyboard (its ring), -1 when empty: what /dev/console
 * gets; in polling mode the controller is drained first. */
int i8042_kbd_getc(void);
/* The keyboard's /dev/input number, or -1. */
int i8042_kbd_input_id(void);
/* Keyboard interrupts handled since attach (counted once the handler has
 * passed the bytes on). */
u64 i8042_kbd_irqs(void);

/* The PS/2 mouse driver (psmouse_drv.c): its /dev/input number (or -1)
 * and the bytes and packets it refused. */
int psmouse_input_id(void);
u64 psmouse_bad(void);

#endif
