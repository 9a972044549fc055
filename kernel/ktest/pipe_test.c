/*
 * In-kernel tests of pipes (ipc/pipe.c) and poll (fs/vfs/poll.c): data
 * and end of file, broken pipes, :nonblock, PIPE_BUF atomicity between
 * two writers, ping-pong and a checksummed transfer between threads; poll
 * with no wait, a timeout, a wake-up from another thread, hang-up and
 * error events, a mix of a pipe, /dev/klog and a tmpfs file, and many
 * wake-ups in a row (none may be lost). Object counts come back.
 */
#include <loom/ktest.h>
#include <loom/pipe.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include <uapi/loom/errno.h>
#include <uapi/loom/syscall.h>

#define MS 1000000ULL

static int pipe_new(const char *path, struct file *f[2])
{
	return vfs_open2(vfs_root_ns(), NULL, path, f);
}

static void close2(struct file *f[2])
{
	vfs_close(f[0]);
	vfs_close(f[1]);
}

/* Read exactly n bytes (blocking file): 0, or what went wrong. */
static ssize_t read_full(struct file *f, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = vfs_read(f, (char *)buf + done, n - done);

		if (r <= 0)
			return r ? r : -EIO;
		done += (size_t)r;
	}
	return 0;
}

static void pipe_data_and_eof(struct ktest *t)
{
	struct vfs_counts before, after;
	struct file *f[2];
	char buf[16];

	vfs_get_counts(&before);
	KASSERT_EQ(t, pipe_new("/dev/pipe/new", f), 0);
	KEXPECT_EQ(t, f[0]->perms, PERM_READ);
	KEXPECT_EQ(t, f[1]->perms, PERM_WRITE);
	KEXPECT_EQ(t, vfs_write(f[1], "hello", 5), 5);
	KEXPECT_EQ(t, vfs_write(f[0], "x", 1), -EACCES); /* the read end */
	KEXPECT_EQ(t, vfs_read(f[1], buf, 1), -EACCES);	 /* the write end */
	KEXPECT_EQ(t, vfs_seek(f[0], 0, VFS_SEEK_SET), -ESPIPE);
	KEXPECT_EQ(t, vfs_read(f[0], buf, 3), 3);
	KEXPECT_EQ(t, memcmp(buf, "hel", 3), 0);
	KEXPECT_EQ(t, vfs_write(f[1], "!", 1), 1);
	KEXPECT_EQ(t, vfs_read(f[0], buf, sizeof(buf)), 3); /* what there is */
	KEXPECT_EQ(t, memcmp(buf, "lo!", 3), 0);
	vfs_close(f[1]);
	KEXPECT_EQ(t, vfs_read(f[0], buf, sizeof(buf)), 0); /* end of file */
	vfs_close(f[0]);
	/* bad uses of open2 */
	KEXPECT_EQ(t, pipe_new("/dev/null", f), -ENOTSUP);
	KEXPECT_EQ(t, pipe_new("/dev/pipe/new:r", f), -EACCES);
	KEXPECT_EQ(t, pipe_new("/dev/pipe/new:create", f), -EINVAL);
	KEXPECT_EQ(t, pipe_new("/dev/pipe/nope", f), -ENOENT);
	vfs_get_counts(&after);
	KEXPECT_EQ(t, after.files, before.files);
	KEXPECT_EQ(t, after.inodes, before.inodes);
}

/* A plain open of /dev/pipe/new is one file that is both ends. */
static void pipe_single_file(struct ktest *t)
{
	struct file *f;
	char buf[8];

	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/pipe/new", 0, &f), 0);
	KEXPECT_EQ(t, vfs_write(f, "abc", 3), 3);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 3);
	KEXPECT_EQ(t, memcmp(buf, "abc", 3), 0);
	vfs_close(f);
}

static void pipe_broken(struct ktest *t)
{
	struct file *f[2];
	char big[PIPE_BUF * 2];

	KASSERT_EQ(t, pipe_new("/dev/pipe/new", f), 0);
	vfs_close(f[0]);
	KEXPECT_EQ(t, vfs_write(f[1], "x", 1), -EPIPE);
	memset(big, 'b', sizeof(big));
	KEXPECT_EQ(t, vfs_write(f[1], big, sizeof(big)), -EPIPE);
	vfs_close(f[1]);
}

static void pipe_nonblock(struct ktest *t)
{
	char *buf = kmalloc(PIPE_SIZE + PIPE_BUF);
	struct file *f[2];

	KASSERT_TRUE(t, buf != NULL);
	memset(buf, 'n', PIPE_SIZE + PIPE_BUF);
	if (!KEXPECT_EQ(t, pipe_new("/dev/pipe/new:nonblock", f), 0)) {
		kfree(buf);
		return;
	}
	KEXPECT_EQ(t, vfs_read(f[0], buf, 1), -EAGAIN);
	/* a large write writes what fits */
	KEXPECT_EQ(t, vfs_write(f[1], buf, PIPE_SIZE + PIPE_BUF), PIPE_SIZE);
	KEXPECT_EQ(t, vfs_write(f[1], buf, 1), -EAGAIN);
	KEXPECT_EQ(t, vfs_read(f[0], buf, 100), 100);
	/* up to PIPE_BUF: all or nothing; above: partial */
	KEXPECT_EQ(t, vfs_write(f[1], buf, PIPE_BUF), -EAGAIN);
	KEXPECT_EQ(t, vfs_write(f[1], buf, 50), 50);
	KEXPECT_EQ(t, vfs_write(f[1], buf, PIPE_BUF + 1), 50);
	KEXPECT_EQ(t, vfs_read(f[0], buf, PIPE_SIZE + PIPE_BUF), PIPE_SIZE);
	KEXPECT_EQ(t, vfs_read(f[0], buf, 1), -EAGAIN);
	vfs_close(f[1]);
	KEXPECT_EQ(t, vfs_read(f[0], buf, 1), 0); /* end of file, not EAGAIN */
	vfs_close(f[0]);
	kfree(buf);
}

/* --- threads ------------------------------------------------------------ */

struct pingpong {
	struct file *in, *out;
	u32 rounds;
	volatile int err;
};

/* Echo each byte back plus one until end of file. */
static void echo_thread(void *arg)
{
	struct pingpong *pp = arg;
	u8 c;
	ssize_t r;

	while ((r = vfs_read(pp->in, &c, 1)) == 1) {
		c++;
		if (vfs_write(pp->out, &c, 1) != 1) {
			pp->err = -EIO;
			return;
		}
	}
	if (r < 0)
		pp->err = (int)r;
}

static void pipe_ping_pong(struct ktest *t)
{
	struct file *a[2], *b[2];
	struct pingpong pp;
	struct thread *th;
	u32 bad = 0;

	KASSERT_EQ(t, pipe_new("/dev/pipe/new", a), 0);
	if (!KEXPECT_EQ(t, pipe_new("/dev/pipe/new", b), 0)) {
		close2(a);
		return;
	}
	pp = (struct pingpong){ a[0], b[1], 2000, 0 };
	th = thread_create("pipe-echo", echo_thread, &pp, 0);
	KASSERT_TRUE(t, th != NULL);
	for (u32 i = 0; i < pp.rounds; i++) {
		u8 c = (u8)i, d = 0;

		if (vfs_write(a[1], &c, 1) != 1 || vfs_read(b[0], &d, 1) != 1 || d != (u8)(c + 1))
			bad++;
	}
	vfs_close(a[1]); /* the echo thread sees end of file */
	thread_join(th);
	KEXPECT_EQ(t, bad, 0);
	KEXPECT_EQ(t, pp.err, 0);
	vfs_close(a[0]);
	close2(b);
}

struct transfer {
	struct file *f;
	u64 seed, bytes, sum;
	volatile int err;
};

/* FNV-1a over the stream, so order matters. */
static u64 fnv(u64 h, const u8 *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static void writer_thread(void *arg)
{
	struct transfer *tr = arg;
	u8 *buf = kmalloc(20000);
	u64 left = tr->bytes, h = 0xcbf29ce484222325ULL, s = tr->seed;

	if (!buf) {
		tr->err = -ENOMEM;
		return;
	}
	while (left) {
		size_t n = MIN(left, 1 + ktest_rand(&s) % 20000);

		for (size_t i = 0; i < n; i++)
			buf[i] = (u8)ktest_rand(&s);
		if (vfs_write(tr->f, buf, n) != (ssize_t)n) {
			tr->err = -EIO;
			break;
		}
		h = fnv(h, buf, n);
		left -= n;
	}
	tr->sum = h;
	kfree(buf);
	vfs_close(tr->f);
}

static void pipe_big_transfer(struct ktest *t)
{
	struct transfer tr = { NULL, 0x1234567, 4 << 20, 0, 0 };
	u8 *buf = kmalloc(30000);
	u64 h = 0xcbf29ce484222325ULL, got = 0, s = 99;
	struct file *f[2];
	struct thread *th;
	ssize_t r;

	KASSERT_TRUE(t, buf != NULL);
	if (!KEXPECT_EQ(t, pipe_new("/dev/pipe/new", f), 0)) {
		kfree(buf);
		return;
	}
	tr.f = f[1];
	th = thread_create("pipe-writer", writer_thread, &tr, 0);
	KASSERT_TRUE(t, th != NULL);
	while ((r = vfs_read(f[0], buf, 1 + ktest_rand(&s) % 30000)) > 0) {
		h = fnv(h, buf, (size_t)r);
		got += (u64)r;
	}
	thread_join(th);
	KEXPECT_EQ(t, r, 0);
	KEXPECT_EQ(t, tr.err, 0);
	KEXPECT_EQ(t, got, tr.bytes);
	KEXPECT_EQ(t, h, tr.sum);
	vfs_close(f[0]);
	kfree(buf);
}

struct atomic_writer {
	struct file *f;
	u8 byte;
	u32 records;
};

static void record_writer(void *arg)
{
	struct atomic_writer *w = arg;
	u8 *rec = kmalloc(PIPE_BUF);

	if (!rec)
		return;
	memset(rec, w->byte, PIPE_BUF);
	for (u32 i = 0; i < w->records; i++)
		if (vfs_write(w->f, rec, PIPE_BUF) != PIPE_BUF)
			break;
	kfree(rec);
}

/* Two writers of PIPE_BUF-byte records: records never interleave. */
static void pipe_atomic_writes(struct ktest *t)
{
	struct atomic_writer w1, w2;
	u8 *rec = kmalloc(PIPE_BUF);
	u32 mixed = 0, n1 = 0, n2 = 0;
	struct file *f[2];
	struct thread *t1, *t2;

	KASSERT_TRUE(t, rec != NULL);
	KASSERT_EQ(t, pipe_new("/dev/pipe/new", f), 0);
	w1 = (struct atomic_writer){ f[1], 0x11, 100 };
	w2 = (struct atomic_writer){ f[1], 0x22, 100 };
	t1 = thread_create("pipe-rec1", record_writer, &w1, 0);
	t2 = thread_create("pipe-rec2", record_writer, &w2, 0);
	KASSERT_TRUE(t, t1 && t2);
	for (u32 i = 0; i < 200; i++) {
		if (read_full(f[0], rec, PIPE_BUF))
			break;
		for (u32 j = 1; j < PIPE_BUF; j++)
			mixed += rec[j] != rec[0];
		n1 += rec[0] == 0x11;
		n2 += rec[0] == 0x22;
	}
	thread_join(t1);
	thread_join(t2);
	KEXPECT_EQ(t, mixed, 0);
	KEXPECT_EQ(t, n1, 100);
	KEXPECT_EQ(t, n2, 100);
	close2(f);
	kfree(rec);
}

/* A reader blocked on an empty pipe wakes with end of file at the close. */
static void eof_reader(void *arg)
{
	struct transfer *tr = arg;
	char c;

	tr->err = (int)vfs_read(tr->f, &c, 1);
	tr->sum = 1;
}

static void pipe_blocked_reader_eof(struct ktest *t)
{
	struct transfer tr = { NULL, 0, 0, 0, 99 };
	struct file *f[2];
	struct thread *th;
	u64 end = clock_monotonic_ns() + 3000 * MS;

	KASSERT_EQ(t, pipe_new("/dev/pipe/new", f), 0);
	tr.f = f[0];
	th = thread_create("pipe-eof", eof_reader, &tr, 0);
	KASSERT_TRUE(t, th != NULL);
	while (READ_ONCE(th->state) != THREAD_BLOCKED && clock_monotonic_ns() < end)
		sleep_ns(MS);
	KEXPECT_EQ(t, READ_ONCE(tr.sum), 0); /* still waiting */
	vfs_close(f[1]);
	thread_join(th);
	KEXPECT_EQ(t, tr.err, 0);
	vfs_close(f[0]);
}

/* --- poll --------------------------------------------------------------- */

static void poll_now_and_timeout(struct ktest *t)
{
	struct file *f[2], *tf;
	u32 ev[3] = { POLLIN, POLLOUT, POLLIN | POLLOUT }, rev[3];
	struct file *set[3];
	u64 start;

	KASSERT_EQ(t, pipe_new("/dev/pipe/new", f), 0);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/kt-poll:create", 0, &tf), 0);
	set[0] = f[0];
	set[1] = f[1];
	set[2] = tf;
	/* no wait: the write end has room, the tmpfs file is always ready */
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 3, 0), 2);
	KEXPECT_EQ(t, rev[0], 0);
	KEXPECT_EQ(t, rev[1], POLLOUT);
	KEXPECT_EQ(t, rev[2], POLLIN | POLLOUT);
	/* the empty read end alone times out */
	start = clock_monotonic_ns();
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 1, 20 * MS), 0);
	KEXPECT_LE(t, 20 * MS, clock_monotonic_ns() - start);
	KEXPECT_EQ(t, rev[0], 0);
	KEXPECT_EQ(t, vfs_write(f[1], "d", 1), 1);
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 1, 20 * MS), 1);
	KEXPECT_EQ(t, rev[0], POLLIN);
	/* hang-up: no writer; error: no reader */
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 0, 0), 0);
	KEXPECT_EQ(t, vfs_poll(NULL, ev, rev, 1, 0), -EINVAL);
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, VFS_POLL_MAX + 1, 0), -EINVAL);
	vfs_close(f[1]);
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 1, -1), 1);
	KEXPECT_EQ(t, rev[0], POLLIN | POLLHUP);
	vfs_close(f[0]);
	vfs_close(tf);
	KEXPECT_EQ(t, vfs_unlink(vfs_root_ns(), NULL, "/kt-poll"), 0);

	KASSERT_EQ(t, pipe_new("/dev/pipe/new", f), 0);
	vfs_close(f[0]);
	set[0] = f[1];
	KEXPECT_EQ(t, vfs_poll(set, &ev[1], rev, 1, -1), 1);
	KEXPECT_EQ(t, rev[0], POLLERR);
	vfs_close(f[1]);
}

struct later {
	struct file *f;
	u64 delay_ns;
	const char *text;
	u32 times;
};

/* Write text to f (or printk it when f is NULL) after a delay, times times. */
static void later_thread(void *arg)
{
	struct later *l = arg;

	for (u32 i = 0; i < l->times; i++) {
		if (l->delay_ns)
			sleep_ns(l->delay_ns);
		if (l->f)
			vfs_write(l->f, l->text, strlen(l->text));
		else
			pr_info("%s", l->text);
	}
}

/* A poller asleep on a pipe and /dev/klog wakes for a printk from another
 * thread, then for a write to the pipe. */
static void poll_mix_wake(struct ktest *t)
{
	struct file *f[2], *klog, *set[2];
	u32 ev[2] = { POLLIN, POLLIN }, rev[2];
	struct later l;
	struct thread *th;
	char buf[256];
	ssize_t r;

	KASSERT_EQ(t, pipe_new("/dev/pipe/new", f), 0);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/klog:nonblock", PERM_READ, &klog), 0);
	while ((r = vfs_read(klog, buf, sizeof(buf))) > 0)
		;
	KEXPECT_EQ(t, r, -EAGAIN);
	set[0] = f[0];
	set[1] = klog;
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 2, 0), 0);
	l = (struct later){ NULL, 5 * MS, "pipe-test: poll wake-up", 1 };
	th = thread_create("poll-printk", later_thread, &l, 0);
	KASSERT_TRUE(t, th != NULL);
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 2, 3000 * MS), 1);
	KEXPECT_EQ(t, rev[0], 0);
	KEXPECT_EQ(t, rev[1], POLLIN);
	thread_join(th);
	while ((r = vfs_read(klog, buf, sizeof(buf))) > 0)
		;
	l = (struct later){ f[1], 5 * MS, "p", 1 };
	th = thread_create("poll-write", later_thread, &l, 0);
	KASSERT_TRUE(t, th != NULL);
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 2, -1), 1);
	KEXPECT_EQ(t, rev[0], POLLIN);
	thread_join(th);
	close2(f);
	vfs_close(klog);
}

/* Many wake-ups in a row, each racing the poller's checks: a lost one
 * would show as a timeout. */
static void poll_no_lost_wakeups(struct ktest *t)
{
	struct file *f[2];
	struct later l;
	struct thread *th;
	u32 ev = POLLIN, rev, timeouts = 0, got = 0;
	char c;

	KASSERT_EQ(t, pipe_new("/dev/pipe/new", f), 0);
	l = (struct later){ f[1], 0, "w", 500 };
	th = thread_create("poll-storm", later_thread, &l, 0);
	KASSERT_TRUE(t, th != NULL);
	while (got < l.times) {
		int r = vfs_poll(&f[0], &ev, &rev, 1, 2000 * MS);

		if (r != 1) {
			timeouts++;
			break;
		}
		if (vfs_read(f[0], &c, 1) == 1)
			got++;
	}
	thread_join(th);
	KEXPECT_EQ(t, timeouts, 0);
	KEXPECT_EQ(t, got, l.times);
	close2(f);
}

KTEST_SUITE(pipe, KTEST_CASE(pipe_data_and_eof), KTEST_CASE(pipe_single_file),
	    KTEST_CASE(pipe_broken), KTEST_CASE(pipe_nonblock), KTEST_CASE(pipe_ping_pong),
	    KTEST_CASE(pipe_big_transfer), KTEST_CASE(pipe_atomic_writes),
	    KTEST_CASE(pipe_blocked_reader_eof), KTEST_CASE(poll_now_and_timeout),
	    KTEST_CASE(poll_mix_wake), KTEST_CASE(poll_no_lost_wakeups));
