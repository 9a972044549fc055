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

/* Scancode set 1 make codes (without 0xe0) to Loom key codes. */
static const u8 base_keys[0x59] = {
	[0x01] = INPUT_KEY_ESC,
	[0x02] = INPUT_KEY_0 + 1,
	[0x03] = INPUT_KEY_0 + 2,
	[0x04] = INPUT_KEY_0 + 3,
	[0x05] = INPUT_KEY_0 + 4,
	[0x06] = INPUT_KEY_0 + 5,
	[0x07] = INPUT_KEY_0 + 6,
	[0x08] = INPUT_KEY_0 + 7,
	[0x09] = INPUT_KEY_0 + 8,
	[0x0a] = INPUT_KEY_0 + 9,
	[0x0b] = INPUT_KEY_0,
	[0x0c] = INPUT_KEY_MINUS,
	[0x0d] = INPUT_KEY_EQUAL,
	[0x0e] = INPUT_KEY_BACKSPACE,
	[0x0f] = INPUT_KEY_TAB,
	[0x10] = INPUT_KEY_A + 'q' - 'a',
	[0x11] = INPUT_KEY_A + 'w' - 'a',
	[0x12] = INPUT_KEY_A + 'e' - 'a',
	[0x13] = INPUT_KEY_A + 'r' - 'a',
	[0x14] = INPUT_KEY_A + 't' - 'a',
	[0x15] = INPUT_KEY_A + 'y' - 'a',
	[0x16] = INPUT_KEY_A + 'u' - 'a',
	[0x17] = INPUT_KEY_A + 'i' - 'a',
	[0x18] = INPUT_KEY_A + 'o' - 'a',
	[0x19] = INPUT_KEY_A + 'p' - 'a',
	[0x1a] = INPUT_KEY_LEFTBRACE,
	[0x1b] = INPUT_KEY_RIGHTBRACE,
	[0x1c] = INPUT_KEY_ENTER,
	[0x1d] = INPUT_KEY_LEFTCTRL,
	[0x1e] = INPUT_KEY_A + 'a' - 'a',
	[0x1f] = INPUT_KEY_A + 's' - 'a',
	[0x20] = INPUT_KEY_A + 'd' - 'a',
	[0x21] = INPUT_KEY_A + 'f' - 'a',
	[0x22] = INPUT_KEY_A + 'g' - 'a',
	[0x23] = INPUT_KEY_A + 'h' - 'a',
	[0x24] = INPUT_KEY_A + 'j' - 'a',
	[0x25] = INPUT_KEY_A + 'k' - 'a',
	[0x26] = INPUT_KEY_A + 'l' - 'a',
	[0x27] = INPUT_KEY_SEMICOLON,
	[0x28] = INPUT_KEY_APOSTROPHE,
	[0x29] = INPUT_KEY_GRAVE,
	[0x2a] = INPUT_KEY_LEFTSHIFT,
	[0x2b] = INPUT_KEY_BACKSLASH,
	[0x2c] = INPUT_KEY_A + 'z' - 'a',
	[0x2d] = INPUT_KEY_A + 'x' - 'a',
	[0x2e] = INPUT_KEY_A + 'c' - 'a',
	[0x2f] = INPUT_KEY_A + 'v' - 'a',
	[0x30] = INPUT_KEY_A + 'b' - 'a',
	[0x31] = INPUT_KEY_A + 'n' - 'a',
	[0x32] = INPUT_KEY_A + 'm' - 'a',
	[0x33] = INPUT_KEY_COMMA,
	[0x34] = INPUT_KEY_DOT,
	[0x35] = INPUT_KEY_SLASH,
	[0x36] = INPUT_KEY_RIGHTSHIFT,
	[0x37] = INPUT_KEY_KPASTERISK,
	[0x38] = INPUT_KEY_LEFTALT,
	[0x39] = INPUT_KEY_SPACE,
	[0x3a] = INPUT_KEY_CAPSLOCK,
	[0x3b] = INPUT_KEY_F1,
	[0x3c] = INPUT_KEY_F1 + 1,
	[0x3d] = INPUT_KEY_F1 + 2,
	[0x3e] = INPUT_KEY_F1 + 3,
	[0x3f] = INPUT_KEY_F1 + 4,
	[0x40] = INPUT_KEY_F1 + 5,
	[0x41] = INPUT_KEY_F1 + 6,
	[0x42] = INPUT_KEY_F1 + 7,
	[0x43] = INPUT_KEY_F1 + 8,
	[0x44] = INPUT_KEY_F1 + 9,
	[0x45] = INPUT_KEY_NUMLOCK,
	[0x46] = INPUT_KEY_SCROLLLOCK,
	[0x47] = INPUT_KEY_KP0 + 7,
	[0x48] = INPUT_KEY_KP0 + 8,
	[0x49] = INPUT_KEY_KP0 + 9,
	[0x4a] = INPUT_KEY_KPMINUS,
	[0x4b] = INPUT_KEY_KP0 + 4,
	[0x4c] = INPUT_KEY_KP0 + 5,
	[0x4d] = INPUT_KEY_KP0 + 6,
	[0x4e] = INPUT_KEY_KPPLUS,
	[0x4f] = INPUT_KEY_KP0 + 1,
	[0x50] = INPUT_KEY_KP0 + 2,
	[0x51] = INPUT_KEY_KP0 + 3,
	[0x52] = INPUT_KEY_KP0,
	[0x53] = INPUT_KEY_KPDOT,
	[0x57] = INPUT_KEY_F1 + 10,
	[0x58] = INPUT_KEY_F12,
};

/* ... and those that come after 0xe0. */
static u8 e0_key(u8 code)
{
	switch (code) {
	case 0x1c: return INPUT_KEY_KPENTER;
	case 0x1d: return INPUT_KEY_RIGHTCTRL;
	case 0x35: return INPUT_KEY_KPSLASH;
	case 0x38: return INPUT_KEY_RIGHTALT;
	case 0x47: return INPUT_KEY_HOME;
	case 0x48: return INPUT_KEY_UP;
	case 0x49: return INPUT_KEY_PAGEUP;
	case 0x4b: return INPUT_KEY_LEFT;
	case 0x4d: return INPUT_KEY_RIGHT;
	case 0x4f: return INPUT_KEY_END;
	case 0x50: return INPUT_KEY_DOWN;
	case 0x51: return INPUT_KEY_PAGEDOWN;
	case 0x52: return INPUT_KEY_INSERT;
	case 0x53: return INPUT_KEY_DELETE;
	case 0x5b: return INPUT_KEY_LEFTMETA;
	case 0x5c: return INPUT_KEY_RIGHTMETA;
	case 0x5d: return INPUT_KEY_MENU;
	default: return INPUT_KEY_NONE; /* 0xe0 0x2a/0xaa: fake shifts */
	}
}

int kbd_key(struct kbd_keys *k, u8 sc, u16 *code, int *value)
{
	bool up = sc & RELEASE, e0 = k->e0, was;
	u8 make = sc & ~RELEASE, key;

	if (k->e1) { /* Pause: e1 1d 45 e1 9d c5, no key of its own here */
		k->e1--;
		return 0;
	}
	if (sc == 0xe1) {
		k->e1 = 2;
		return 0;
	}
	if (sc == SC_E0) {
		k->e0 = true;
		return 0;
	}
	k->e0 = false;
	key = e0 ? e0_key(make) : make < sizeof(base_keys) ? base_keys[make] : INPUT_KEY_NONE;
	if (key == INPUT_KEY_NONE)
		return 0;
	was = k->down[key / 8] & (1u << (key % 8));
	if (up) {
		if (!was)
			return 0; /* a release of a key never pressed: nothing */
		k->down[key / 8] &= (u8) ~(1u << (key % 8));
	} else {
		k->down[key / 8] |= (u8)(1u << (key % 8));
	}
	*code = key;
	*value = up ? 0 : was ? 2 : 1; /* held down: typematic repeat */
	return 1;
}
