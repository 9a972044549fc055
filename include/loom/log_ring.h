/*
 * The kernel log's ring buffer (kernel/log/ring.c): pure, host-tested.
 * Records are stored back to back in one byte array: a header (length,
 * level, timestamp) followed by the text. When a new record does not fit,
 * the oldest ones are dropped. Every record has a sequence number; readers
 * keep a struct log_iter and notice records that were dropped under them.
 * The caller serializes access (kernel/log/log.c holds a spinlock).
 */
#ifndef LOOM_LOG_RING_H
#define LOOM_LOG_RING_H

#include <loom/types.h>

struct log_ring {
	u8 *buf;
	u32 size;      /* bytes, a power of two, >= 256 */
	u32 head;      /* offset of the oldest record */
	u32 tail;      /* offset where the next record goes */
	u64 first_seq; /* sequence number of the oldest record */
	u64 next_seq;  /* sequence number the next record gets */
	u64 dropped;   /* records dropped to make room */
};

struct log_record {
	u64 seq;
	u64 stamp; /* caller's timestamp (raw TSC in the kernel) */
	u8 level;
	u16 len;
	const char *text; /* not NUL-terminated; valid until the ring changes */
};

struct log_iter {
	u64 seq; /* next record wanted */
	u32 off; /* its offset, when seq >= first_seq */
};

#define LOG_REC_MAX 1024 /* longest text kept; longer texts are cut */

void log_ring_init(struct log_ring *r, void *buf, u32 size);
void log_ring_append(struct log_ring *r, u8 level, u64 stamp, const char *text, size_t len);
/* Start an iterator at the oldest record. */
void log_iter_start(const struct log_ring *r, struct log_iter *it);
/* Next record into *rec; false at the end. Records dropped since the last
 * call are skipped (rec->seq then jumps). */
bool log_iter_next(const struct log_ring *r, struct log_iter *it, struct log_record *rec);

#endif
