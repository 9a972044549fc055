/*
 * In-kernel tests of /dev/console input (suite "tty"): bytes sent to the
 * UART itself (modem control loopback) arrive in its receive FIFO as if
 * typed, raise its interrupt and reach a reader blocked on /dev/console
 * (polled when there is no I/O APIC); poll reports POLLIN for a line and
 * for the end of file and nothing otherwise; and a reader waiting with
 * nothing typed costs no timer interrupts when every input console is
 * interrupt-driven (the polling timer runs only while one is polled).
 */
#include <loom/console.h>
#include <loom/ktest.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/tty.h>
#include <loom/vfs.h>
#include <asm/ioapic.h>
#include <uapi/loom/syscall.h>
#include "serial8250.h"

#define MS (1000ULL * 1000)

struct reader {
	char buf[64];
	ssize_t n;
	u64 done_ns; /* when the read returned */
	bool started;
};

static void reader_fn(void *arg)
{
	struct reader *r = arg;
	struct file *f;

	r->n = vfs_open(vfs_root_ns(), NULL, "/dev/console", PERM_READ, &f);
	if (r->n)
		thread_exit(1);
	WRITE_ONCE(r->started, true);
	r->n = vfs_read(f, r->buf, sizeof(r->buf));
	r->done_ns = clock_monotonic_ns();
	vfs_close(f);
	thread_exit(0);
}

static struct thread *start_reader(struct ktest *t, struct reader *r)
{
	struct thread *th;

	memset(r, 0, sizeof(*r));
	tty_discard();
	th = thread_create("ttyread", reader_fn, r, 0);
	if (!th)
		return NULL;
	while (!READ_ONCE(r->started))
		sleep_ns(MS);
	sleep_ns(5 * MS); /* in the read: blocked */
	return th;
}

static void blocked_reader_gets_line(struct ktest *t)
{
	struct reader r;
	struct thread *th = start_reader(t, &r);
	u64 irqs, bytes, irqs2, bytes2;

	KASSERT_TRUE(t, th != NULL);
	KEXPECT_EQ(t, serial8250_irq_mode(), ioapic_present()); /* else polled */
	KEXPECT_EQ(t, READ_ONCE(r.done_ns), 0);			/* nothing typed: still waiting */
	serial8250_rx_stats(&irqs, &bytes);
	KASSERT_EQ(t, serial8250_loopback("hi\r", 3), 0);
	KEXPECT_EQ(t, thread_join(th), 0);
	KEXPECT_EQ(t, r.n, 3);
	KEXPECT_TRUE(t, !memcmp(r.buf, "hi\n", 3));
	serial8250_rx_stats(&irqs2, &bytes2);
	if (serial8250_irq_mode()) {
		KEXPECT_LT(t, irqs, irqs2);
		KEXPECT_EQ(t, bytes2 - bytes, 3);
	} else {
		KEXPECT_EQ(t, irqs2, irqs);
	}
}

static int poll1(struct file *f, u32 *rev, s64 timeout_ns)
{
	u32 ev = POLLIN;

	return vfs_poll(&f, &ev, rev, 1, timeout_ns);
}

static void poll_reports_line_and_eof(struct ktest *t)
{
	struct file *f;
	char buf[16];
	u32 rev = 0;

	tty_discard();
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/console:nonblock", PERM_READ, &f), 0);
	KEXPECT_EQ(t, poll1(f, &rev, 0), 0);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), -EAGAIN);
	/* A part of a line is not ready. */
	KASSERT_EQ(t, serial8250_loopback("ok", 2), 0);
	KEXPECT_EQ(t, poll1(f, &rev, 30 * MS), 0);
	/* The end of the line wakes the poller. */
	KASSERT_EQ(t, serial8250_loopback("\r", 1), 0);
	KEXPECT_EQ(t, poll1(f, &rev, 2000 * MS), 1);
	KEXPECT_EQ(t, rev, POLLIN);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 3);
	KEXPECT_TRUE(t, !memcmp(buf, "ok\n", 3));
	KEXPECT_EQ(t, poll1(f, &rev, 0), 0);
	/* Ctrl-D at the start of a line: the end of file is readable. */
	KASSERT_EQ(t, serial8250_loopback("\x04", 1), 0);
	KEXPECT_EQ(t, poll1(f, &rev, 2000 * MS), 1);
	KEXPECT_EQ(t, rev, POLLIN);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 0);
	KEXPECT_EQ(t, poll1(f, &rev, 0), 0);
	vfs_close(f);
}

/* 100 ms with a reader blocked and nothing typed: the timer interrupts. */
static void waiting_reader_costs_no_ticks(struct ktest *t)
{
	struct timer_stats a, b;
	struct tty_stats sa, sb;
	struct reader r;
	struct thread *th = start_reader(t, &r);
	u64 ticks, runs;

	KASSERT_TRUE(t, th != NULL);
	timer_get_stats(&a);
	tty_get_stats(&sa);
	sleep_ns(100 * MS);
	timer_get_stats(&b);
	tty_get_stats(&sb);
	ticks = b.interrupts - a.interrupts;
	runs = sb.poll_runs - sa.poll_runs;
	pr_info("tty test: %llu timer interrupts, %llu polls in 100 ms with a waiting reader (%s)",
		ticks, runs, console_input_polled() ? "polled input" : "input by interrupt");
	if (!console_input_polled()) {
		KEXPECT_EQ(t, runs, 0);
		KEXPECT_LE(t, ticks, 4); /* the sleep's own and a few spurious */
	} else {
		KEXPECT_LE(t, 5, runs); /* every 10 ms (loosely: a loaded host) */
	}
	KEXPECT_EQ(t, READ_ONCE(r.done_ns), 0);
	KASSERT_EQ(t, serial8250_loopback("\r", 1), 0);
	KEXPECT_EQ(t, thread_join(th), 0);
	KEXPECT_EQ(t, r.n, 1);
}

KTEST_SUITE(tty, KTEST_CASE(blocked_reader_gets_line), KTEST_CASE(poll_reports_line_and_eof),
	    KTEST_CASE(waiting_reader_costs_no_ticks));
