/*
 * In-kernel tests of the input core (suite "input"): a test device's
 * events reach every reader opened before them, in order, as whole
 * records; small buffers, :nonblock, poll, queue overflow (a DROPPED
 * record), and unregistering while a reader is blocked (end of file).
 */
#include <loom/input.h>
#include <loom/ktest.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include <uapi/loom/errno.h>
#include <uapi/loom/syscall.h>

#define MS 1000000ULL

static int open_dev(struct input_dev *d, const char *file, const char *flags, struct file **f)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/input/%d/%s%s", input_dev_id(d), file, flags);
	return vfs_open(vfs_root_ns(), NULL, path, 0, f);
}

static void readers_see_events_from_open(struct ktest *t)
{
	struct input_dev d = { .name = "ktest input" };
	struct input_event ev[4];
	struct file *a, *b, *n;
	char name[32] = { 0 };

	KASSERT_EQ(t, input_register(&d), 0);
	KEXPECT_EQ(t, input_register(&d), -EBUSY);
	KASSERT_EQ(t, open_dev(&d, "events", "", &a), 0);
	input_report(&d, INPUT_EV_KEY, INPUT_KEY_A, 1);
	KASSERT_EQ(t, open_dev(&d, "events", "", &b), 0);
	input_report(&d, INPUT_EV_REL, INPUT_REL_X, -5);
	input_sync(&d);

	KEXPECT_EQ(t, vfs_read(a, ev, sizeof(ev)), 3 * (ssize_t)sizeof(ev[0]));
	KEXPECT_EQ(t, ev[0].type, INPUT_EV_KEY);
	KEXPECT_EQ(t, ev[0].code, INPUT_KEY_A);
	KEXPECT_EQ(t, ev[0].value, 1);
	KEXPECT_EQ(t, ev[1].type, INPUT_EV_REL);
	KEXPECT_EQ(t, ev[1].value, -5);
	KEXPECT_EQ(t, ev[2].type, INPUT_EV_SYN);
	KEXPECT_TRUE(t, ev[0].time_ns > 0 && ev[0].time_ns <= ev[1].time_ns);
	KEXPECT_TRUE(t, ev[1].time_ns <= clock_monotonic_ns());
	/* b was opened after the first event; a short buffer gets whole records */
	KEXPECT_EQ(t, vfs_read(b, ev, sizeof(ev[0]) - 1), -EINVAL);
	KEXPECT_EQ(t, vfs_read(b, ev, sizeof(ev[0]) + 7), (ssize_t)sizeof(ev[0]));
	KEXPECT_EQ(t, ev[0].type, INPUT_EV_REL);
	KEXPECT_EQ(t, vfs_read(b, ev, sizeof(ev)), (ssize_t)sizeof(ev[0]));
	KEXPECT_EQ(t, ev[0].type, INPUT_EV_SYN);

	KASSERT_EQ(t, open_dev(&d, "name", "", &n), 0);
	KEXPECT_EQ(t, vfs_read(n, name, sizeof(name) - 1), 12);
	KEXPECT_STREQ(t, name, "ktest input\n");
	vfs_close(n);
	vfs_close(a);
	vfs_close(b);
	input_unregister(&d);
}

static void nonblock_and_poll(struct ktest *t)
{
	struct input_dev d = { .name = "ktest poll" };
	struct input_event ev;
	struct file *f;
	u32 want = POLLIN, got = 0;

	KASSERT_EQ(t, input_register(&d), 0);
	KASSERT_EQ(t, open_dev(&d, "events", ":nonblock", &f), 0);
	KEXPECT_EQ(t, vfs_read(f, &ev, sizeof(ev)), -EAGAIN);
	KEXPECT_EQ(t, vfs_poll(&f, &want, &got, 1, 0), 0);
	input_report(&d, INPUT_EV_KEY, INPUT_BTN_LEFT, 1);
	KEXPECT_EQ(t, vfs_poll(&f, &want, &got, 1, 0), 1);
	KEXPECT_EQ(t, got, POLLIN);
	KEXPECT_EQ(t, vfs_read(f, &ev, sizeof(ev)), (ssize_t)sizeof(ev));
	KEXPECT_EQ(t, ev.code, INPUT_BTN_LEFT);
	KEXPECT_EQ(t, vfs_read(f, &ev, sizeof(ev)), -EAGAIN);
	vfs_close(f);
	input_unregister(&d);
}

static void overflow_keeps_newest_after_marker(struct ktest *t)
{
	static struct input_event ev[INPUT_QUEUE_LEN + 8];
	struct input_dev d = { .name = "ktest overflow" };
	const int extra = 10;
	struct file *f;
	ssize_t n;

	KASSERT_EQ(t, input_register(&d), 0);
	KASSERT_EQ(t, open_dev(&d, "events", ":nonblock", &f), 0);
	for (int i = 0; i < INPUT_QUEUE_LEN + extra; i++)
		input_report(&d, INPUT_EV_REL, INPUT_REL_Y, i);
	n = vfs_read(f, ev, sizeof(ev));
	KASSERT_EQ(t, n, (ssize_t)((INPUT_QUEUE_LEN + 1) * sizeof(ev[0])));
	KEXPECT_EQ(t, ev[0].type, INPUT_EV_DROPPED);
	KEXPECT_EQ(t, ev[0].value, extra);
	KEXPECT_EQ(t, ev[1].value, extra);
	KEXPECT_EQ(t, ev[INPUT_QUEUE_LEN].value, INPUT_QUEUE_LEN + extra - 1);
	KEXPECT_EQ(t, vfs_read(f, ev, sizeof(ev)), -EAGAIN); /* the marker came once */
	vfs_close(f);
	input_unregister(&d);
}

struct blocked {
	struct file *f;
	ssize_t got;
	bool done;
};

static void blocked_reader(void *arg)
{
	struct blocked *b = arg;
	struct input_event ev;

	b->got = vfs_read(b->f, &ev, sizeof(ev));
	WRITE_ONCE(b->done, true);
}

static void unregister_wakes_readers(struct ktest *t)
{
	struct input_dev d = { .name = "ktest gone" };
	struct blocked b = { .got = 99 };
	struct thread *th;
	struct file *f, *again;
	u32 want = POLLIN, got = 0;
	u64 end = clock_monotonic_ns() + 3000 * MS;
	char path[64];

	KASSERT_EQ(t, input_register(&d), 0);
	snprintf(path, sizeof(path), "/dev/input/%d/events", input_dev_id(&d));
	KASSERT_EQ(t, open_dev(&d, "events", "", &b.f), 0);
	KASSERT_EQ(t, open_dev(&d, "events", ":nonblock", &f), 0);
	th = thread_create("input-reader", blocked_reader, &b, 0);
	KASSERT_TRUE(t, th != NULL);
	while (READ_ONCE(th->state) != THREAD_BLOCKED && clock_monotonic_ns() < end)
		sleep_ns(MS);
	KEXPECT_TRUE(t, !READ_ONCE(b.done));
	input_report(&d, INPUT_EV_KEY, INPUT_KEY_Z, 1); /* queued for f too */
	thread_join(th);
	KEXPECT_EQ(t, b.got, (ssize_t)sizeof(struct input_event));

	b.done = false;
	th = thread_create("input-reader", blocked_reader, &b, 0);
	KASSERT_TRUE(t, th != NULL);
	while (READ_ONCE(th->state) != THREAD_BLOCKED && clock_monotonic_ns() < end)
		sleep_ns(MS);
	input_unregister(&d);
	thread_join(th);
	KEXPECT_EQ(t, b.got, 0); /* end of file */
	KEXPECT_EQ(t, input_dev_id(&d), -1);
	input_report(&d, INPUT_EV_KEY, INPUT_KEY_Z, 0); /* ignored */
	/* f still gets what was queued before, then end of file and POLLHUP */
	KEXPECT_EQ(t, vfs_poll(&f, &want, &got, 1, 0), 1);
	KEXPECT_EQ(t, got, POLLIN | POLLHUP);
	{
		struct input_event ev;

		KEXPECT_EQ(t, vfs_read(f, &ev, sizeof(ev)), (ssize_t)sizeof(ev));
		KEXPECT_EQ(t, ev.code, INPUT_KEY_Z);
		KEXPECT_EQ(t, vfs_read(f, &ev, sizeof(ev)), 0);
	}
	KEXPECT_EQ(t, vfs_open(vfs_root_ns(), NULL, path, 0, &again), -ENOENT);
	vfs_close(f);
	vfs_close(b.f);
}

KTEST_SUITE(input, KTEST_CASE(readers_see_events_from_open), KTEST_CASE(nonblock_and_poll),
	    KTEST_CASE(overflow_keeps_newest_after_marker), KTEST_CASE(unregister_wakes_readers));
