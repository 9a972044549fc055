/* The log ring buffer: see include/loom/log_ring.h. Pure code. */
#include <loom/log_ring.h>
#include <loom/string.h>

struct rec_hdr {
	u16 size; /* whole record incl. header, 8-aligned; 0 = wrap marker */
	u16 len;  /* text bytes */
	u8 level;
	u8 pad[3];
	u64 stamp;
};

#define HDR sizeof(struct rec_hdr)

static struct rec_hdr *hdr_at(const struct log_ring *r, u32 off)
{
	return (struct rec_hdr *)(r->buf + off);
}

void log_ring_init(struct log_ring *r, void *buf, u32 size)
{
	r->buf = buf;
	r->size = size;
	r->head = r->tail = 0;
	r->first_seq = r->next_seq = 0;
	r->dropped = 0;
}

static void drop_oldest(struct log_ring *r)
{
	struct rec_hdr *h = hdr_at(r, r->head);

	if (r->head + HDR > r->size || h->size == 0) { /* wrap: back to 0 */
		r->head = 0;
		h = hdr_at(r, 0);
	}
	r->head = (r->head + h->size) & (r->size - 1);
	r->first_seq++;
	r->dropped++;
	if (r->first_seq == r->next_seq)
		r->head = r->tail;
}

void log_ring_append(struct log_ring *r, u8 level, u64 stamp, const char *text, size_t len)
{
	u32 size;
	struct rec_hdr *h;

	if (len > LOG_REC_MAX)
		len = LOG_REC_MAX;
	if (len > r->size / 4 - HDR)
		len = r->size / 4 - HDR;
	size = (u32)ALIGN_UP(HDR + len, 8);

	/* Not enough room before the end: leave a wrap marker, go to 0. */
	if (r->tail + size > r->size) {
		while (r->first_seq != r->next_seq && (r->head >= r->tail || r->head < size))
			drop_oldest(r);
		if (r->tail + HDR <= r->size)
			hdr_at(r, r->tail)->size = 0;
		r->tail = 0;
		if (r->first_seq == r->next_seq)
			r->head = 0;
	}
	/* Drop records that the new one would overwrite. */
	while (r->first_seq != r->next_seq && r->head >= r->tail && r->head < r->tail + size)
		drop_oldest(r);
	h = hdr_at(r, r->tail);
	h->size = (u16)size;
	h->len = (u16)len;
	h->level = level;
	h->stamp = stamp;
	memcpy(r->buf + r->tail + HDR, text, len);
	if (r->first_seq == r->next_seq)
		r->head = r->tail;
	r->tail = (r->tail + size) & (r->size - 1);
	r->next_seq++;
}

void log_iter_start(const struct log_ring *r, struct log_iter *it)
{
	it->seq = r->first_seq;
	it->off = r->head;
}

bool log_iter_next(const struct log_ring *r, struct log_iter *it, struct log_record *rec)
{
	struct rec_hdr *h;

	if (it->seq < r->first_seq)
		log_iter_start(r, it);
	if (it->seq >= r->next_seq)
		return false;
	h = hdr_at(r, it->off);
	if (it->off + HDR > r->size || h->size == 0) {
		it->off = 0;
		h = hdr_at(r, 0);
	}
	rec->seq = it->seq;
	rec->stamp = h->stamp;
	rec->level = h->level;
	rec->len = h->len;
	rec->text = (const char *)r->buf + it->off + HDR;
	it->off = (it->off + h->size) & (r->size - 1);
	it->seq++;
	return true;
}
