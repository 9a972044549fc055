/* Local sockets from user mode (/net/local): a server in this process and
 * a client in a child process (this program again, run as "sockets client
 * KIND NAME") exchanging messages over seqpacket (boundaries kept) and a
 * checksummed byte stream; errors as errno values, :nonblock, poll. */
#include <errno.h>
#include <loom.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

#define SELF	 "/tests/sockets"
#define MESSAGES 40
#define STREAM	 200000

/* Make a socket of kind: the fd that keeps it, its id in *id (malloc). */
static int make(const char *kind, char **id)
{
	int fd = open(F("/net/local/%s", kind));

	*id = fd < 0 ? NULL : sread(fd);
	if (fd >= 0 && !*id) {
		close(fd);
		return -1;
	}
	return fd;
}

static unsigned char pattern(long i)
{
	return (unsigned char)(i * 7 + i / 251);
}

/* The child: connect to name, then talk; the exit code says what failed. */
static int client(const char *kind, const char *name)
{
	char *id, buf[1024];
	int keep = make(kind, &id), d;

	if (keep < 0 || swritefile(F("/net/local/%s/ctl", id), F("connect %s", name)))
		return 10;
	d = open(F("/net/local/%s/data", id));
	if (d < 0)
		return 11;
	if (!strcmp(kind, "seqpacket")) {
		/* message i is i+1 bytes of 'a'+i%26; the server echoes it */
		for (int i = 0; i < MESSAGES; i++) {
			memset(buf, 'a' + i % 26, (size_t)i + 1);
			if (write(d, buf, (size_t)i + 1) != i + 1)
				return 12;
			if (read(d, buf, sizeof(buf)) != i + 1 || buf[i] != 'a' + i % 26)
				return 13;
		}
		return 0;
	}
	/* stream: STREAM bytes in odd-sized writes; the server answers with
	 * the sum of what it read */
	for (long sent = 0; sent < STREAM;) {
		int n = (int)(STREAM - sent < 777 ? STREAM - sent : 777); /* < sizeof(buf) */

		for (int k = 0; k < n; k++)
			buf[k] = (char)pattern(sent + k);
		if (write(d, buf, (size_t)n) != n)
			return 14;
		sent += n;
	}
	free(id);
	id = sread(d); /* the server's answer, then end of file */
	return id && !strcmp(id, "ok") ? 0 : 15;
}

/* Bind and listen a new socket of kind as name, spawn the client. */
static int serve(const char *kind, const char *name, char **id, pid_t *pid)
{
	const char *argv[] = { SELF, "client", kind, name, NULL };
	int keep = make(kind, id);

	if (keep < 0 || swritefile(F("/net/local/%s/ctl", *id), F("bind %s && listen", name)))
		return -1;
	*pid = spawn(argv, 0);
	return *pid < 0 ? -1 : keep;
}

UT_CASE(seqpacket_between_processes)
{
	char *id, buf[256], st[64];
	int keep, c, n, count = 0, bad = 0;
	pid_t pid;

	keep = serve("seqpacket", "ut-seq", &id, &pid);
	UT_EXPECT(keep >= 0);
	if (keep < 0)
		return;
	c = open(F("/net/local/%s/accept", id));
	UT_EXPECT(c >= 0);
	/* each read is one whole message: i+1 bytes for message i */
	while ((n = (int)read(c, buf, sizeof(buf))) > 0) {
		bad += n != count + 1;
		if (write(c, buf, (size_t)n) != n)
			bad++;
		count++;
	}
	UT_EXPECT_EQ(n, 0); /* the client ended: end of file */
	UT_EXPECT_EQ(count, MESSAGES);
	UT_EXPECT_EQ(bad, 0);
	UT_EXPECT(write(c, "x", 1) < 0 && errno == EPIPE);
	UT_EXPECT(proc_wait(pid, st, sizeof(st)) >= 0);
	UT_EXPECT_STREQ(st, "0");
	close(c);
	close(keep);
	free(id);
}

UT_CASE(stream_between_processes)
{
	static unsigned char buf[4096];
	char *id, st[64];
	long got = 0, bad = 0;
	int keep, c;
	pid_t pid;
	ssize_t n;

	keep = serve("stream", "ut-stream", &id, &pid);
	UT_EXPECT(keep >= 0);
	if (keep < 0)
		return;
	c = open(F("/net/local/%s/accept", id));
	UT_EXPECT(c >= 0);
	while (got < STREAM && (n = read(c, buf, sizeof(buf))) > 0) {
		for (ssize_t k = 0; k < n; k++)
			bad += buf[k] != pattern(got + k);
		got += n;
	}
	UT_EXPECT_EQ(got, STREAM);
	UT_EXPECT_EQ(bad, 0);
	UT_EXPECT_EQ(swrite(c, "ok"), 0);
	close(c); /* the client reads "ok", then end of file */
	UT_EXPECT(proc_wait(pid, st, sizeof(st)) >= 0);
	UT_EXPECT_STREQ(st, "0");
	close(keep);
	free(id);
}

UT_CASE(errors_nonblock_and_poll)
{
	char *a, *b, buf[8];
	int ka = make("seqpacket", &a), kb = make("seqpacket", &b), acc, d, s;
	struct pollfd p[1];

	UT_EXPECT(ka >= 0 && kb >= 0);
	if (ka < 0 || kb < 0)
		return;
	UT_EXPECT(swritefile(F("/net/local/%s/ctl", a), "connect ut-nobody") < 0 &&
		  errno == ECONNREFUSED);
	UT_EXPECT(swritefile(F("/net/local/%s/ctl", a), "listen") < 0 && errno == EINVAL);
	UT_EXPECT_EQ(swritefile(F("/net/local/%s/ctl", a), "bind ut-err && listen 1"), 0);
	UT_EXPECT(swritefile(F("/net/local/%s/ctl", b), "bind ut-err") < 0 && errno == EADDRINUSE);
	UT_EXPECT(open(F("/net/local/%s/accept:nonblock", a)) < 0 && errno == EAGAIN);
	UT_EXPECT_EQ(swritefile(F("/net/local/%s/ctl", b), "connect ut-err"), 0);
	acc = open(F("/net/local/%s/accept:nonblock", a));
	d = open(F("/net/local/%s/data:nonblock", b));
	UT_EXPECT(acc >= 0 && d >= 0);
	UT_EXPECT(read(d, buf, sizeof(buf)) < 0 && errno == EAGAIN);
	p[0] = (struct pollfd){ .fd = acc, .events = POLLIN };
	UT_EXPECT_EQ(poll(p, 1, 0), 0);
	UT_EXPECT_EQ(write(d, "hi", 2), 2);
	UT_EXPECT_EQ(poll(p, 1, 1000), 1);
	UT_EXPECT(p[0].revents & POLLIN);
	UT_EXPECT_EQ(read(acc, buf, sizeof(buf)), 2);
	close(d);
	close(kb); /* b is gone: a hang-up for the accepted end */
	UT_EXPECT_EQ(poll(p, 1, 1000), 1);
	UT_EXPECT(p[0].revents & POLLHUP);
	close(acc);
	s = open(F("/net/local/%s/ctl", b));
	UT_EXPECT(s < 0 && errno == ENOENT); /* its directory went with it */
	close(ka);
	free(a);
	free(b);
}

int main(int argc, char **argv)
{
	static const struct ut_case cases[] = { UT(seqpacket_between_processes),
						UT(stream_between_processes),
						UT(errors_nonblock_and_poll) };

	if (argc == 4 && !strcmp(argv[1], "client"))
		return client(argv[2], argv[3]);
	return ut_main("sockets", cases, sizeof(cases) / sizeof(cases[0]));
}
