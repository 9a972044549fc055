/* /dev/console from user mode: poll says readable only when a line is
 * there (nothing is typed while the tests run), writable always; a
 * non-blocking read with nothing typed is EAGAIN. */
#include <errno.h>
#include <loom.h>
#include <poll.h>
#include <unistd.h>
#include "utest.h"

UT_CASE(poll_nothing_typed)
{
	int fd = open("/dev/console");
	struct pollfd p;

	UT_EXPECT(fd >= 0);
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	UT_EXPECT_EQ(poll(&p, 1, 0), 0);
	UT_EXPECT_EQ(poll(&p, 1, 30), 0); /* sleeps, times out */
	p = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	UT_EXPECT_EQ(poll(&p, 1, 1000), 1);
	UT_EXPECT_EQ(p.revents, POLLOUT);
	close(fd);
}

UT_CASE(nonblocking_read_empty)
{
	int fd = open("/dev/console:nonblock");
	char c;

	UT_EXPECT(fd >= 0);
	UT_EXPECT_EQ(read(fd, &c, 1), -1);
	UT_EXPECT_EQ(errno, EAGAIN);
	close(fd);
}

UT_MAIN(console, UT(poll_nothing_typed), UT(nonblocking_read_empty))
