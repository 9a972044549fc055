/* The log ring buffer against a model of which records must still be there. */
#include "test.h"
#include <loom/log_ring.h>
#include <stdlib.h>

TEST(log_ring_random_appends_keep_a_consistent_tail)
{
	static unsigned char buf[4096] __attribute__((aligned(8)));
	static unsigned lens[100000];
	struct log_ring r;
	char text[1100];

	memset(text, 'q', sizeof(text));
	srand(5);
	log_ring_init(&r, buf, sizeof(buf));
	for (unsigned i = 0; i < 100000; i++) {
		unsigned len = rand() % 5 == 0 ? rand() % 1100 : rand() % 120;
		struct log_iter it;
		struct log_record rec;
		unsigned long long count = 0, expect;

		text[0] = (char)('a' + i % 26);
		log_ring_append(&r, i % 8, i, text, len);
		lens[i] = len > 4096 / 4 - 16 ? 4096 / 4 - 16 : len;
		if (i % 97)
			continue;
		log_iter_start(&r, &it);
		expect = r.first_seq;
		while (log_iter_next(&r, &it, &rec)) {
			if (rec.seq != expect || rec.stamp != rec.seq || rec.len != lens[rec.seq] ||
			    (rec.len && rec.text[0] != (char)('a' + rec.seq % 26))) {
				printf("    # after %u appends: record %llu is wrong\n", i + 1,
				       rec.seq);
				*failed = 1;
				return;
			}
			expect++;
			count++;
		}
		EXPECT_EQ(expect, r.next_seq);
		EXPECT_TRUE(count >= 1);
	}
}

TEST(log_ring_iterator_survives_drops)
{
	static unsigned char buf[256] __attribute__((aligned(8)));
	struct log_ring r;
	struct log_iter it;
	struct log_record rec;

	log_ring_init(&r, buf, sizeof(buf));
	log_ring_append(&r, 1, 0, "first", 5);
	log_iter_start(&r, &it);
	for (int i = 1; i < 50; i++)
		log_ring_append(&r, 1, i, "0123456789012345678901234567890", 31);
	EXPECT_TRUE(log_iter_next(&r, &it, &rec));
	EXPECT_EQ(rec.seq, r.first_seq);
}
