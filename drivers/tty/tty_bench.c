/*
 * /dev/console input benchmarks (CONFIG_KBENCH, "tty"): the timer
 * interrupts per second of an idle CPU, alone and with a reader blocked on
 * /dev/console (what a shell at its prompt costs), and the latency from a
 * byte arriving in the UART's receive FIFO (sent to itself in loopback
 * mode) to the blocked reader returning: by the receive interrupt, or by
 * the polling timer without an I/O APIC. Medians and worst cases.
 */
#include <loom/kbench.h>
#include <loom/printk.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/tty.h>
#include <loom/vfs.h>
#include "serial8250.h"

#define RUNS	  200
#define MS	  (1000ULL * 1000)
#define CTRL_D	  0x04
#define IDLE_SPAN (1000 * MS)

struct waiter {
	volatile u64 back; /* kbench_now_ns() when read returned */
	volatile int ready, stop;
};

/* Read /dev/console until told to stop (each Ctrl-D ends one read). */
static void reader(void *arg)
{
	struct waiter *w = arg;
	struct file *f;
	char buf[16];

	if (vfs_open(vfs_root_ns(), NULL, "/dev/console", PERM_READ, &f))
		thread_exit(1);
	while (!w->stop) {
		w->ready = 1;
		vfs_read(f, buf, sizeof(buf));
		w->back = kbench_now_ns();
		w->ready = 0;
	}
	vfs_close(f);
	thread_exit(0);
}

static struct thread *start(struct waiter *w)
{
	struct thread *th;

	tty_discard();
	*w = (struct waiter){ 0 };
	th = thread_create("bench-tty", reader, w, -10);
	while (th && !w->ready)
		sleep_ns(MS);
	sleep_ns(10 * MS); /* blocked in read */
	return th;
}

static void stop(struct waiter *w, struct thread *th)
{
	w->stop = 1;
	tty_input(CTRL_D);
	thread_join(th);
	tty_discard();
}

static u64 ticks_over(u64 span)
{
	struct timer_stats a, b;

	timer_get_stats(&a);
	sleep_ns(span);
	timer_get_stats(&b);
	return (b.interrupts - a.interrupts) * (1000 * MS) / span;
}

static void bench_idle(void)
{
	struct waiter w;
	struct thread *th;

	sleep_ns(10 * MS);
	kbench_report("idle_timer_irqs_per_s", 0, ticks_over(IDLE_SPAN), "irq/s");
	th = start(&w);
	if (!th)
		return;
	kbench_report("console_reader_timer_irqs_per_s", 1, ticks_over(IDLE_SPAN), "irq/s");
	stop(&w, th);
}

/* Loopback byte -> receive FIFO -> interrupt or poll -> reader returns. */
static void bench_serial_latency(void)
{
	static u64 samples[RUNS];
	struct waiter w;
	struct thread *th = start(&w);
	char worst[64];
	int done = 0;

	if (!th)
		return;
	for (int i = 0; i < RUNS; i++) {
		u64 t0, end = clock_monotonic_ns() + 100 * MS;

		while (!w.ready && clock_monotonic_ns() < end)
			sleep_ns(20000);
		sleep_ns(200000); /* let it block in read */
		w.back = 0;
		t0 = kbench_now_ns();
		if (serial8250_loopback("\x04", 1))
			break;
		end = clock_monotonic_ns() + 100 * MS;
		while (!w.back && clock_monotonic_ns() < end)
			sleep_ns(1000);
		if (!w.back)
			break;
		samples[done++] = w.back - t0;
	}
	stop(&w, th);
	if (done < RUNS) {
		pr_warn("bench: tty: only %d of %d bytes reached the reader", done, RUNS);
		return;
	}
	kbench_sort(samples, RUNS);
	snprintf(worst, sizeof(worst), "serial_byte_to_reader%s_worst",
		 serial8250_irq_mode() ? "" : "_polled");
	kbench_report(serial8250_irq_mode() ? "serial_byte_to_reader"
					    : "serial_byte_to_reader_polled",
		      1, samples[RUNS / 2], "ns");
	kbench_report(worst, 1, samples[RUNS - 1], "ns");
}

static void bench_tty(void)
{
	bench_idle();
	bench_serial_latency();
}
KBENCH(tty, bench_tty);
