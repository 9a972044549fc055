/* PS/2 mouse packets: see drivers/input/ps2_packet.h. */
#include "ps2_packet.h"

#define SYNC	  0x08
#define X_SIGN	  0x10
#define Y_SIGN	  0x20
#define OVERFLOWS 0xc0
#define BUTTONS	  0x07

int ps2_feed(struct ps2_state *s, u8 b, u64 now_ns, struct ps2_packet *out)
{
	if (s->len && now_ns - s->last_ns > PS2_PACKET_GAP_NS)
		s->len = 0; /* the rest of that packet never came */
	s->last_ns = now_ns;
	if (s->len == 0 && !(b & SYNC))
		return PS2_BAD_SYNC;
	s->buf[s->len++] = b;
	if (s->len < 3)
		return PS2_MORE;
	s->len = 0;
	if (s->buf[0] & OVERFLOWS)
		return PS2_OVERFLOW;
	/* 9-bit two's complement: the sign bits are in the first byte; the
	 * device counts Y upwards. */
	out->dx = (int)s->buf[1] - ((s->buf[0] & X_SIGN) ? 256 : 0);
	out->dy = -((int)s->buf[2] - ((s->buf[0] & Y_SIGN) ? 256 : 0));
	out->buttons = s->buf[0] & BUTTONS;
	return PS2_PACKET;
}
