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
