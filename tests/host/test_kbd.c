/*
 * Scancode set 1 to text (drivers/input/kbd_map.c): letters, Shift,
 * Caps Lock, Ctrl-letter, releases, the 0xe0 prefix, unknown codes.
 */
#include "test.h"
#include <loom/kbd.h>

/* Feed a sequence; collect the characters it yields. */
static int feed(struct kbd_state *st, const u8 *sc, int n, char *out)
{
	int k = 0;

	for (int i = 0; i < n; i++) {
		int c = kbd_feed(st, sc[i]);

		if (c >= 0)
			out[k++] = (char)c;
	}
	out[k] = 0;
	return k;
}

TEST(kbd_letters_shift_and_releases)
{
	struct kbd_state st = { 0 };
	/* e c h o, space, Shift+k (press, k, release k, release Shift), Enter */
	const u8 sc[] = { 0x12, 0x92, 0x2e, 0xae, 0x23, 0xa3, 0x18, 0x98,
			  0x39, 0xb9, 0x2a, 0x25, 0xa5, 0xaa, 0x1c, 0x9c };
	char out[32];

	feed(&st, sc, sizeof(sc), out);
	EXPECT_STREQ(out, "echo K\n");
	EXPECT_TRUE(!st.shift_l);
}

TEST(kbd_caps_ctrl_and_symbols)
{
	struct kbd_state st = { 0 };
	char out[32];
	/* Caps on, a, Shift+a, Caps off, a */
	const u8 caps[] = { 0x3a, 0xba, 0x1e, 0x36, 0x1e, 0xb6, 0x3a, 0xba, 0x1e };
	/* Ctrl+c, Ctrl+d, Ctrl+1 (no control code) */
	const u8 ctrl[] = { 0x1d, 0x2e, 0x20, 0x02, 0x9d };
	/* Shift+1, Shift+', '/', backspace, tab, escape */
	const u8 sym[] = { 0x2a, 0x02, 0x28, 0xaa, 0x35, 0x0e, 0x0f, 0x01 };

	feed(&st, caps, sizeof(caps), out);
	EXPECT_STREQ(out, "Aaa");
	feed(&st, ctrl, sizeof(ctrl), out);
	EXPECT_EQ(out[0], 0x03);
	EXPECT_EQ(out[1], 0x04);
	EXPECT_EQ(out[2], 0);
	feed(&st, sym, sizeof(sym), out);
	EXPECT_STREQ(out, "!\"/\x7f\t\x1b");
}

TEST(kbd_extended_and_unknown)
{
	struct kbd_state st = { 0 };
	char out[32];
	/* e0 1c keypad Enter, e0 48 up arrow (no text), e0 2a fake shift then
	 * a (lower case: the fake shift is ignored), F1 (no text), 0x7f
	 * (beyond the table) */
	const u8 sc[] = { 0xe0, 0x1c, 0xe0, 0x48, 0xe0, 0x2a, 0x1e, 0x3b, 0x7f, 0xff };

	feed(&st, sc, sizeof(sc), out);
	EXPECT_STREQ(out, "\na");
}

/* Key events: presses, releases, repeats, 0xe0 keys, fake shifts, Pause. */
struct ev {
	u16 code;
	int value;
};

static int keys(struct kbd_keys *k, const u8 *sc, int n, struct ev *out)
{
	int m = 0;

	for (int i = 0; i < n; i++)
		m += kbd_key(k, sc[i], &out[m].code, &out[m].value);
	return m;
}

TEST(kbd_key_events)
{
	struct kbd_keys k = { 0 };
	struct ev e[16];
	/* a down, a down again (repeat), a up, Shift+1, release of 'b' never pressed */
	const u8 sc[] = { 0x1e, 0x1e, 0x9e, 0x2a, 0x02, 0x82, 0xaa, 0xb0 };

	EXPECT_EQ(keys(&k, sc, sizeof(sc), e), 7);
	EXPECT_EQ(e[0].code, INPUT_KEY_A);
	EXPECT_EQ(e[0].value, 1);
	EXPECT_EQ(e[1].value, 2);
	EXPECT_EQ(e[2].value, 0);
	EXPECT_EQ(e[3].code, INPUT_KEY_LEFTSHIFT);
	EXPECT_EQ(e[4].code, INPUT_KEY_0 + 1);
	EXPECT_EQ(e[5].value, 0);
	EXPECT_EQ(e[6].code, INPUT_KEY_LEFTSHIFT);
	EXPECT_EQ(e[6].value, 0);
}

TEST(kbd_key_e0_and_pause)
{
	struct kbd_keys k = { 0 };
	struct ev e[16];
	/* e0 48 (Up) / e0 c8, e0 2a e0 4b (fake shift, Left), e0 cb e0 aa,
	 * Pause (e1 1d 45 e1 9d c5), right Ctrl e0 1d / e0 9d, keypad 8 (48) */
	const u8 sc[] = { 0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x2a, 0xe0, 0x4b, 0xe0, 0xcb, 0xe0, 0xaa,
			  0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0xe0, 0x1d, 0xe0, 0x9d, 0x48 };

	EXPECT_EQ(keys(&k, sc, sizeof(sc), e), 7);
	EXPECT_EQ(e[0].code, INPUT_KEY_UP);
	EXPECT_EQ(e[0].value, 1);
	EXPECT_EQ(e[1].code, INPUT_KEY_UP);
	EXPECT_EQ(e[1].value, 0);
	EXPECT_EQ(e[2].code, INPUT_KEY_LEFT);
	EXPECT_EQ(e[3].code, INPUT_KEY_LEFT);
	EXPECT_EQ(e[4].code, INPUT_KEY_RIGHTCTRL);
	EXPECT_EQ(e[4].value, 1);
	EXPECT_EQ(e[5].code, INPUT_KEY_RIGHTCTRL);
	EXPECT_EQ(e[6].code, INPUT_KEY_KP0 + 8);
}

TEST(kbd_key_every_byte_safe)
{
	struct kbd_keys k = { 0 };
	u16 code;
	int value, n = 0;

	for (int round = 0; round < 3; round++)
		for (int b = 0; b < 256; b++)
			if (kbd_key(&k, (u8)b, &code, &value)) {
				n++;
				EXPECT_TRUE(code > 0 && code <= INPUT_KEY_MAX);
				EXPECT_TRUE(value >= 0 && value <= 2);
			}
	EXPECT_TRUE(n > 100);
}
