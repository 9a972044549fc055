/* In-kernel tests of the log ring buffer, on a private small ring. */
#include <loom/ktest.h>
#include <loom/log_ring.h>
#include <loom/printk.h>
#include <loom/string.h>

static u8 buf[4096] __aligned(8);

static void ring_keeps_order(struct ktest *t)
{
	struct log_ring r;
	struct log_iter it;
	struct log_record rec;
	u64 expect = 0;

	log_ring_init(&r, buf, sizeof(buf));
	for (int i = 0; i < 10; i++) {
		char s[16];
		int n = snprintf(s, sizeof(s), "rec %d", i);

		log_ring_append(&r, LOG_INFO, 100 + i, s, n);
	}
	log_iter_start(&r, &it);
	while (log_iter_next(&r, &it, &rec)) {
		KEXPECT_EQ(t, rec.seq, expect);
		KEXPECT_EQ(t, rec.stamp, 100 + expect);
		expect++;
	}
	KEXPECT_EQ(t, expect, 10);
}

static void ring_wraps_and_drops_oldest(struct ktest *t)
{
	struct log_ring r;
	struct log_iter it;
	struct log_record rec;
	char text[100];
	u64 count = 0, last = 0;

	memset(text, 'a', sizeof(text));
	log_ring_init(&r, buf, sizeof(buf));
	for (int i = 0; i < 500; i++)
		log_ring_append(&r, (u8)(i % 8), (u64)i, text, 1 + (size_t)(i * 7) % 99);
	KEXPECT_EQ(t, r.next_seq, 500);
	KEXPECT_TRUE(t, r.first_seq > 0);
	log_iter_start(&r, &it);
	while (log_iter_next(&r, &it, &rec)) {
		KEXPECT_EQ(t, rec.stamp, rec.seq);
		KEXPECT_EQ(t, rec.len, 1 + (rec.seq * 7) % 99);
		KEXPECT_EQ(t, rec.level, rec.seq % 8);
		last = rec.seq;
		count++;
	}
	KEXPECT_EQ(t, last, 499);
	KEXPECT_EQ(t, count, r.next_seq - r.first_seq);
}

KTEST_SUITE(log, KTEST_CASE(ring_keeps_order), KTEST_CASE(ring_wraps_and_drops_oldest));
