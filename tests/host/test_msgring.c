/* The byte and message rings of local sockets (net/msgring.c). */
#include "test.h"
#include <loom/msgring.h>
#include <stdlib.h>
#include <uapi/loom/errno.h>

TEST(msgring_messages_keep_boundaries)
{
	char buf[64], out[64];
	struct msgring r;

	msgring_init(&r, buf, sizeof(buf), true);
	EXPECT_TRUE(!msgring_readable(&r));
	EXPECT_EQ(msgring_get(&r, out, sizeof(out)), -EAGAIN);
	EXPECT_EQ(msgring_put(&r, "hello", 5), 5);
	EXPECT_EQ(msgring_put(&r, "", 0), 0);
	EXPECT_EQ(msgring_put(&r, "world!", 6), 6);
	EXPECT_EQ(r.msgs, 3);
	EXPECT_EQ(msgring_get(&r, out, sizeof(out)), 5);
	EXPECT_EQ(memcmp(out, "hello", 5), 0);
	EXPECT_EQ(msgring_get(&r, out, sizeof(out)), 0); /* the empty message */
	EXPECT_EQ(msgring_get(&r, out, 3), 3);		 /* cut: the rest is dropped */
	EXPECT_EQ(memcmp(out, "wor", 3), 0);
	EXPECT_TRUE(!msgring_readable(&r));
	EXPECT_EQ(r.used, 0);
	EXPECT_EQ(msgring_put(&r, buf, 61), -EMSGSIZE);
	EXPECT_EQ(msgring_put(&r, out, 60), 60); /* exactly full */
	EXPECT_TRUE(!msgring_fits(&r, 0));
	EXPECT_EQ(msgring_put(&r, "x", 1), -EAGAIN);
}

TEST(msgring_stream_takes_what_fits)
{
	char buf[16], out[32];
	struct msgring r;

	msgring_init(&r, buf, sizeof(buf), false);
	EXPECT_EQ(msgring_put(&r, "0123456789", 10), 10);
	EXPECT_EQ(msgring_put(&r, "abcdefghij", 10), 6);
	EXPECT_EQ(msgring_put(&r, "z", 1), -EAGAIN);
	EXPECT_TRUE(!msgring_fits(&r, 1));
	EXPECT_EQ(msgring_room(&r), 0);
	EXPECT_EQ(msgring_get(&r, out, 4), 4);
	EXPECT_EQ(memcmp(out, "0123", 4), 0);
	EXPECT_EQ(msgring_put(&r, "WXYZ", 4), 4); /* wraps */
	EXPECT_EQ(msgring_get(&r, out, sizeof(out)), 16);
	EXPECT_EQ(memcmp(out, "456789abcdefWXYZ", 16), 0);
	EXPECT_EQ(msgring_get(&r, out, 1), -EAGAIN);
}

/* Random puts and gets against a model: wrapping headers and payloads. */
TEST(msgring_random_against_model)
{
	enum { N = 4000 };
	static unsigned char sent[N * 40], got[N * 40];
	static unsigned lens[N];
	char buf[97], tmp[64];
	size_t sent_n = 0, got_n = 0;
	unsigned put = 0, taken = 0;
	struct msgring r;

	srand(3);
	msgring_init(&r, buf, sizeof(buf), true);
	while (taken < N) {
		if (put < N && rand() % 2) {
			unsigned n = (unsigned)(rand() % 40);
			ssize_t w;

			for (unsigned i = 0; i < n; i++)
				tmp[i] = (char)rand();
			w = msgring_put(&r, tmp, n);
			if (w == -EAGAIN)
				continue;
			EXPECT_EQ(w, n);
			memcpy(sent + sent_n, tmp, n);
			sent_n += n;
			lens[put++] = n;
		} else {
			ssize_t g = msgring_get(&r, tmp, sizeof(tmp));

			if (g == -EAGAIN) {
				EXPECT_EQ(taken, put);
				continue;
			}
			EXPECT_EQ(g, lens[taken]);
			memcpy(got + got_n, tmp, (size_t)g);
			got_n += (size_t)g;
			taken++;
		}
	}
	EXPECT_EQ(got_n, sent_n);
	EXPECT_EQ(memcmp(got, sent, sent_n), 0);
	EXPECT_EQ(r.used, 0);
}
