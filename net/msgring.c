/* Byte and message rings: see include/loom/msgring.h. Pure code. */
#include <loom/msgring.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>

void msgring_init(struct msgring *r, void *buf, u32 size, bool packets)
{
	r->buf = buf;
	r->size = size;
	r->head = r->used = r->msgs = 0;
	r->packets = packets;
}

/* Copy n bytes in at offset off past the head (wrapping). */
static void copy_in(struct msgring *r, u32 off, const void *src, size_t n)
{
	u32 at = (u32)((r->head + off) % r->size);
	size_t first = MIN(n, (size_t)(r->size - at));

	memcpy(r->buf + at, src, first);
	memcpy(r->buf, (const char *)src + first, n - first);
}

/* Copy n bytes out from offset off past the head (wrapping). */
static void copy_out(const struct msgring *r, u32 off, void *dst, size_t n)
{
	u32 at = (u32)((r->head + off) % r->size);
	size_t first = MIN(n, (size_t)(r->size - at));

	memcpy(dst, r->buf + at, first);
	memcpy((char *)dst + first, r->buf, n - first);
}

static void consume(struct msgring *r, u32 n)
{
	r->head = (r->head + n) % r->size;
	r->used -= n;
}

bool msgring_fits(const struct msgring *r, size_t n)
{
	u32 room = r->size - r->used;

	if (!r->packets)
		return room > 0 || n == 0;
	return n <= room && room - n >= MSGRING_HDR;
}

ssize_t msgring_put(struct msgring *r, const void *src, size_t n)
{
	u32 room = r->size - r->used, len;

	if (!r->packets) {
		if (!n)
			return 0;
		if (!room)
			return -EAGAIN;
		len = (u32)MIN(n, (size_t)room);
		copy_in(r, r->used, src, len);
		r->used += len;
		return len;
	}
	if (n > msgring_max_msg(r))
		return -EMSGSIZE;
	if (!msgring_fits(r, n))
		return -EAGAIN;
	len = (u32)n;
	copy_in(r, r->used, &len, MSGRING_HDR);
	copy_in(r, r->used + MSGRING_HDR, src, n);
	r->used += MSGRING_HDR + len;
	r->msgs++;
	return len;
}

ssize_t msgring_get(struct msgring *r, void *dst, size_t n)
{
	u32 len, c;

	if (!r->used)
		return -EAGAIN;
	if (!r->packets) {
		c = (u32)MIN(n, (size_t)r->used);
		copy_out(r, 0, dst, c);
		consume(r, c);
		return c;
	}
	copy_out(r, 0, &len, MSGRING_HDR);
	c = (u32)MIN(n, (size_t)len);
	copy_out(r, MSGRING_HDR, dst, c);
	consume(r, MSGRING_HDR + len);
	r->msgs--;
	return c;
}
