/*
 * PS/2 mouse packets (drivers/input/ps2_packet.c): motion in all four
 * directions with the sign bits, buttons, a lost sync bit resynchronising
 * on the next packet, overflow, a byte gap starting a new packet, and every
 * byte stream safe.
 */
#include "test.h"
#include "../../drivers/input/ps2_packet.h"

#define MS 1000000ULL

static int feed3(struct ps2_state *s, u8 a, u8 b, u8 c, u64 t, struct ps2_packet *p)
{
	int r = ps2_feed(s, a, t, p);

	if (r == PS2_MORE)
		r = ps2_feed(s, b, t, p);
	if (r == PS2_MORE)
		r = ps2_feed(s, c, t, p);
	return r;
}

TEST(ps2_motion_and_buttons)
{
	struct ps2_state s = { 0 };
	struct ps2_packet p;

	EXPECT_EQ(feed3(&s, 0x08, 5, 3, 1, &p), PS2_PACKET); /* right 5, up 3 */
	EXPECT_EQ(p.dx, 5);
	EXPECT_EQ(p.dy, -3);
	EXPECT_EQ(p.buttons, 0);
	EXPECT_EQ(feed3(&s, 0x39, 0xfb, 0xfe, 2, &p), PS2_PACKET); /* left 5, down 2, L */
	EXPECT_EQ(p.dx, -5);
	EXPECT_EQ(p.dy, 2);
	EXPECT_EQ(p.buttons, 1);
	EXPECT_EQ(feed3(&s, 0x0e, 0, 0, 3, &p), PS2_PACKET); /* right + middle */
	EXPECT_EQ(p.buttons, 6);
	EXPECT_EQ(feed3(&s, 0x18, 0x00, 0, 4, &p), PS2_PACKET); /* -256 */
	EXPECT_EQ(p.dx, -256);
}

TEST(ps2_resync_and_overflow)
{
	struct ps2_state s = { 0 };
	struct ps2_packet p;

	/* a stray byte without the sync bit is refused, then a packet */
	EXPECT_EQ(ps2_feed(&s, 0x05, 1, &p), PS2_BAD_SYNC);
	EXPECT_EQ(feed3(&s, 0x08, 1, 1, 1, &p), PS2_PACKET);
	EXPECT_EQ(feed3(&s, 0x48, 1, 1, 2, &p), PS2_OVERFLOW);
	/* half a packet, a pause, then a whole one: the half is dropped */
	EXPECT_EQ(ps2_feed(&s, 0x08, 10 * MS, &p), PS2_MORE);
	EXPECT_EQ(ps2_feed(&s, 0x07, 10 * MS, &p), PS2_MORE);
	EXPECT_EQ(feed3(&s, 0x09, 2, 0, 100 * MS, &p), PS2_PACKET);
	EXPECT_EQ(p.dx, 2);
	EXPECT_EQ(p.buttons, 1);
}

TEST(ps2_every_stream_safe)
{
	struct ps2_state s = { 0 };
	struct ps2_packet p;
	unsigned seed = 7, packets = 0;

	for (int i = 0; i < 100000; i++) {
		seed = seed * 1103515245 + 12345;
		int r = ps2_feed(&s, (u8)(seed >> 16), (u64)i * 1000, &p);

		EXPECT_TRUE(r >= PS2_OVERFLOW && r <= PS2_PACKET);
		if (r == PS2_PACKET) {
			packets++;
			EXPECT_TRUE(p.dx >= -256 && p.dx <= 255 && p.dy >= -255 && p.dy <= 256);
			EXPECT_TRUE(p.buttons < 8);
		}
	}
	EXPECT_TRUE(packets > 1000);
}
