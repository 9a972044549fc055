/*
 * A ring buffer of bytes or of messages (net/msgring.c): the receive
 * queue of a local socket. Pure code, host-tested; the caller owns the
 * buffer and does the locking.
 *
 * A byte ring (packets false) is a stream: a put takes what fits, a get
 * returns what is there. A message ring keeps boundaries: each message is
 * stored behind a MSGRING_HDR-byte length, a put takes the whole message
 * or nothing, a get returns one whole message, cut to the caller's buffer
 * (the rest of it is dropped, as a SOCK_SEQPACKET read does). Messages of
 * length 0 are allowed.
 */
#ifndef LOOM_MSGRING_H
#define LOOM_MSGRING_H

#include <loom/types.h>

#define MSGRING_HDR 4

struct msgring {
	char *buf;
	u32 size;	/* bytes buf holds */
	u32 head, used; /* first byte to read; bytes in use (headers included) */
	u32 msgs;	/* messages queued (message rings) */
	bool packets;
};

void msgring_init(struct msgring *r, void *buf, u32 size, bool packets);
/* Is there something to get? */
static inline bool msgring_readable(const struct msgring *r)
{
	return r->used != 0;
}
/* Free bytes (a message needs MSGRING_HDR more than its length). */
static inline u32 msgring_room(const struct msgring *r)
{
	return r->size - r->used;
}
/* Would a put of n bytes take something now (a message: all of it)? */
bool msgring_fits(const struct msgring *r, size_t n);
/* The largest message a message ring can ever take. */
static inline u32 msgring_max_msg(const struct msgring *r)
{
	return r->size - MSGRING_HDR;
}
/* Bytes taken (a stream: maybe fewer than n), -EAGAIN when nothing fits
 * now, -EMSGSIZE for a message larger than the ring. */
ssize_t msgring_put(struct msgring *r, const void *src, size_t n);
/* Bytes copied into dst (at most n), -EAGAIN when the ring is empty. */
ssize_t msgring_get(struct msgring *r, void *dst, size_t n);

#endif
