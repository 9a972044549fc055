/*
 * PC keyboard scancodes to text (drivers/input/kbd_map.c): pure,
 * host-tested. Scancode set 1 (what the i8042 controller hands over with
 * translation on, the firmware default), US layout. A struct kbd_state
 * tracks the modifier keys; kbd_feed takes one byte from the controller and
 * returns the character it completes, or -1 (a release, a modifier, a key
 * with no text, the 0xe0 prefix).
 */
#ifndef LOOM_KBD_H
#define LOOM_KBD_H

#include <loom/types.h>
#include <uapi/loom/input.h>

struct kbd_state {
	bool shift_l, shift_r, ctrl, caps, e0;
};

/* Ctrl-letter gives the control code (Ctrl-C 0x03, Ctrl-D 0x04, ...);
 * Enter '\n'; Backspace 0x7f (DEL, as a terminal sends it). */
int kbd_feed(struct kbd_state *st, u8 scancode);

/* The same bytes as key events with Loom's key codes (uapi/loom/input.h):
 * returns 1 with *code and *value (1 press, 0 release, 2 repeat while held)
 * when the byte completes one, else 0 (a prefix, a fake shift, the Pause
 * sequence, an unknown key, a release of a key not down). */
struct kbd_keys {
	bool e0;
	u8 e1;	     /* bytes of the Pause sequence still to skip */
	u8 down[32]; /* bitmap of the keys held */
};
int kbd_key(struct kbd_keys *k, u8 scancode, u16 *code, int *value);

#endif
