/*
 * PS/2 mouse packets (drivers/input/ps2_packet.c): pure, host-tested. The
 * standard 3-byte packet: flags (bit 3 always set: the sync bit; buttons in
 * bits 0-2, sign of X and Y in bits 4-5, overflow in bits 6-7), X, Y.
 * ps2_feed() takes one byte at a time with its arrival time and says when
 * a packet is complete, or that a byte was refused (resynchronising).
 */
#ifndef DRIVERS_INPUT_PS2_PACKET_H
#define DRIVERS_INPUT_PS2_PACKET_H

#include <loom/types.h>

#define PS2_PACKET_GAP_NS (50ULL * 1000000) /* a packet's bytes come closer */

struct ps2_state {
	u8 buf[3];
	u8 len;
	u64 last_ns; /* arrival of the byte before */
};

struct ps2_packet {
	int dx, dy; /* right and down are positive */
	u8 buttons; /* bit 0 left, 1 right, 2 middle */
};

enum {
	PS2_MORE = 0,	   /* the byte was taken, the packet goes on */
	PS2_PACKET = 1,	   /* *out holds a complete packet */
	PS2_BAD_SYNC = -1, /* a first byte without the sync bit: dropped */
	PS2_OVERFLOW = -2, /* a packet with an overflow bit: dropped */
};

/* One byte at now_ns: PS2_MORE, PS2_PACKET or a refusal. A gap longer
 * than PS2_PACKET_GAP_NS starts a new packet. */
int ps2_feed(struct ps2_state *s, u8 b, u64 now_ns, struct ps2_packet *out);

#endif
