/* Scancode set 1 to text: see include/loom/kbd.h. */
#include <loom/kbd.h>

#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CTRL	  0x1d
#define SC_CAPS	  0x3a
#define SC_E0	  0xe0
#define RELEASE	  0x80

/* Make codes 0x00-0x39 (US layout): plain and with Shift. */
static const char plain[0x3a] = {
	0,    0x1b, '1', '2', '3', '4', '5', '6', '7', '8', '9',  '0', '-', '=',  0x7f,
	'\t', 'q',  'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p',  '[', ']', '\n', 0,
	'a',  's',  'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0,   '\\', 'z',
	'x',  'c',  'v', 'b', 'n', 'm', ',', '.', '/', 0,   '*',  0,   ' ',
};
static const char shifted[0x3a] = {
	0,    0x1b, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+',	 0x7f,
	'\t', 'Q',  'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n', 0,
	'A',  'S',  'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0,   '|',	 'Z',
	'X',  'C',  'V', 'B', 'N', 'M', '<', '>', '?', 0,   '*', 0,   ' ',
};

int kbd_feed(struct kbd_state *st, u8 sc)
{
	bool up = sc & RELEASE, e0 = st->e0;
	u8 code = sc & ~RELEASE;
	char c;

	if (sc == SC_E0) {
		st->e0 = true;
		return -1;
	}
	st->e0 = false;
	switch (code) {
	case SC_LSHIFT:
		if (!e0) /* e0 2a: a fake shift of some extended keys */
			st->shift_l = !up;
		return -1;
	case SC_RSHIFT:
		if (!e0)
			st->shift_r = !up;
		return -1;
	case SC_CTRL: /* left, or right with e0 */ st->ctrl = !up; return -1;
	case SC_CAPS:
		if (!up && !e0)
			st->caps = !st->caps;
		return -1;
	}
	if (up || code >= sizeof(plain))
		return -1;
	if (e0) /* keypad Enter and '/' have text; arrows and the rest do not */
		return code == 0x1c ? '\n' : code == 0x35 ? '/' : -1;
	c = (st->shift_l || st->shift_r) ? shifted[code] : plain[code];
	if (!c)
		return -1;
	if (st->caps && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		c ^= 0x20; /* Caps Lock turns the case of letters over */
	if (st->ctrl) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return (c & 0x1f);
		return -1; /* Ctrl with a key that has no control code */
	}
	return (u8)c;
}
