/* Pipes from user mode: bytes in order, end of file after the writer
 * closes, a reader thread, and poll telling a readable end. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

UT_CASE(roundtrip_and_eof)
{
	int p[2];
	char buf[16];

	UT_EXPECT_EQ(pipe(p), 0);
	UT_EXPECT_EQ(write(p[1], "hello", 5), 5);
	UT_EXPECT_EQ(read(p[0], buf, sizeof(buf)), 5);
	UT_EXPECT(!memcmp(buf, "hello", 5));
	close(p[1]);
	UT_EXPECT_EQ(read(p[0], buf, sizeof(buf)), 0);
	close(p[0]);
}

static void *writer(void *arg)
{
	int fd = (int)(long)arg;
	char block[1000];

	for (int i = 0; i < 100; i++) {
		memset(block, i, sizeof(block));
		if (write(fd, block, sizeof(block)) != sizeof(block))
			return (void *)1;
	}
	close(fd);
	return NULL;
}

UT_CASE(threaded_stream)
{
	int p[2], bad = 0;
	long total = 0;
	unsigned char buf[777];
	pthread_t t;
	void *ret;
	ssize_t n;

	UT_EXPECT_EQ(pipe(p), 0);
	UT_EXPECT_EQ(pthread_create(&t, NULL, writer, (void *)(long)p[1]), 0);
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != (unsigned char)((total + i) / 1000))
				bad++;
		total += n;
	}
	UT_EXPECT_EQ(n, 0);
	UT_EXPECT_EQ(total, 100000);
	UT_EXPECT_EQ(bad, 0);
	UT_EXPECT_EQ(pthread_join(t, &ret), 0);
	UT_EXPECT(ret == NULL);
	close(p[0]);
}

UT_CASE(poll_readable)
{
	int p[2];
	struct pollfd fds[1];

	UT_EXPECT_EQ(pipe(p), 0);
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	UT_EXPECT_EQ(poll(fds, 1, 0), 0);
	UT_EXPECT_EQ(poll(fds, 1, 20), 0); /* times out */
	UT_EXPECT_EQ(write(p[1], "x", 1), 1);
	UT_EXPECT_EQ(poll(fds, 1, 1000), 1);
	UT_EXPECT(fds[0].revents & POLLIN);
	close(p[0]);
	close(p[1]);
}

UT_CASE(poll_bad_and_ignored_fds)
{
	int p[2];
	struct pollfd fds[3];

	UT_EXPECT_EQ(pipe(p), 0);
	fds[0] = (struct pollfd){ .fd = -1, .events = POLLIN };	 /* ignored */
	fds[1] = (struct pollfd){ .fd = 200, .events = POLLIN }; /* not open */
	fds[2] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	UT_EXPECT_EQ(poll(fds, 3, -1), 1); /* a bad fd: returns at once */
	UT_EXPECT_EQ(fds[0].revents, 0);
	UT_EXPECT_EQ(fds[1].revents, POLLNVAL);
	UT_EXPECT_EQ(fds[2].revents, 0);
	close(p[1]); /* no writer left: the read end hangs up */
	UT_EXPECT_EQ(poll(&fds[2], 1, 1000), 1);
	UT_EXPECT(fds[2].revents & (POLLHUP | POLLIN));
	UT_EXPECT_EQ(poll(fds, 1, 0), 0);
	UT_EXPECT_EQ(poll((struct pollfd *)8, 1, 0), -1);
	UT_EXPECT_EQ(errno, EFAULT);
	close(p[0]);
}

UT_MAIN(pipes, UT(roundtrip_and_eof), UT(threaded_stream), UT(poll_readable),
	UT(poll_bad_and_ignored_fds))
