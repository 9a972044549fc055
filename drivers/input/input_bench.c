/*
 * Input benchmarks (CONFIG_KBENCH, "input"): events through the input core
 * (input_report, then read() of the records by one reader, in batches of
 * one and of a full queue) and, with the i8042 keyboard built in and
 * interrupt-driven, the latency from a scancode put into the controller
 * (command 0xd2, which raises IRQ 1) to a blocked reader of
 * /dev/input/N/events returning with the event. Medians and worst cases.
 */
#include <loom/input.h>
#include <loom/kbench.h>
#include <loom/printk.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include "i8042.h"

#define RUNS  200
#define BATCH INPUT_QUEUE_LEN

static u64 samples[RUNS];
static struct input_event evs[BATCH];

static void report(const char *name, u64 param)
{
	char worst[64];

	kbench_sort(samples, RUNS);
	kbench_report(name, param, samples[RUNS / 2], "ns");
	snprintf(worst, sizeof(worst), "%s_worst", name);
	kbench_report(worst, param, samples[RUNS - 1], "ns");
}

static int open_events(int id, struct file **f)
{
	char path[48];

	snprintf(path, sizeof(path), "/dev/input/%d/events:nonblock", id);
	return vfs_open(vfs_root_ns(), NULL, path, 0, f);
}

/* ns per event: report + read, one record per read and BATCH per read. */
static void bench_core(void)
{
	struct input_dev d = { .name = "bench input" };
	struct file *f;

	if (input_register(&d) || open_events(input_dev_id(&d), &f)) {
		pr_warn("bench: input: no test device");
		input_unregister(&d);
		return;
	}
	for (int i = 0; i < RUNS; i++) {
		u64 t0 = kbench_now_ns();

		input_report(&d, INPUT_EV_REL, INPUT_REL_X, i);
		vfs_read(f, evs, sizeof(evs[0]));
		samples[i] = kbench_now_ns() - t0;
	}
	report("input_event_report_read_1", 1);
	for (int i = 0; i < RUNS; i++) {
		u64 t0 = kbench_now_ns();

		for (int k = 0; k < BATCH; k++)
			input_report(&d, INPUT_EV_REL, INPUT_REL_X, k);
		vfs_read(f, evs, sizeof(evs));
		samples[i] = (kbench_now_ns() - t0) / BATCH;
	}
	report("input_event_report_read_batch", BATCH);
	vfs_close(f);
	input_unregister(&d);
}

struct waiter {
	struct file *f;
	volatile u64 back; /* kbench_now_ns() when read returned */
	volatile u64 irq;  /* the event's time (clock_monotonic_ns) */
	volatile int ready, stop;
};

static void kbd_reader(void *arg)
{
	struct waiter *w = arg;
	struct input_event ev[2];

	while (!w->stop) {
		w->ready = 1;
		if (vfs_read(w->f, ev, sizeof(ev)) <= 0)
			continue;
		w->back = kbench_now_ns();
		w->irq = ev[0].time_ns;
		w->ready = 0;
	}
}

/* 0xd2 -> IRQ 1 -> handler -> input_report -> woken reader returns. */
static void bench_kbd_latency(void)
{
	static u64 to_irq[RUNS];
	struct waiter w = { 0 };
	char path[48];
	struct thread *th;
	int done = 0;

	if (!i8042_present() || !i8042_kbd_irq_mode() || i8042_kbd_input_id() < 0)
		return;
	snprintf(path, sizeof(path), "/dev/input/%d/events", i8042_kbd_input_id());
	if (vfs_open(vfs_root_ns(), NULL, path, 0, &w.f))
		return;
	th = thread_create("bench-kbd", kbd_reader, &w, -10);
	if (!th) {
		vfs_close(w.f);
		return;
	}
	for (int i = 0; i < RUNS; i++) {
		u64 t0, m0, end = clock_monotonic_ns() + 100000000ULL;

		while (!w.ready && clock_monotonic_ns() < end)
			sleep_ns(20000);
		sleep_ns(200000); /* let it block in read */
		w.back = 0;
		m0 = clock_monotonic_ns();
		t0 = kbench_now_ns();
		if (i8042_inject_kbd(i % 2 ? 0xaa : 0x2a))
			break;
		end = clock_monotonic_ns() + 100000000ULL;
		while (!w.back && clock_monotonic_ns() < end)
			sleep_ns(1000);
		if (!w.back)
			break;
		samples[i] = w.back - t0;
		to_irq[i] = w.irq - m0;
		done++;
	}
	w.stop = 1;
	/* Wake the reader with one more event: Shift pressed if it was up. */
	i8042_inject_kbd(done % 2 ? 0xaa : 0x2a);
	thread_join(th);
	if (!(done % 2))
		i8042_inject_kbd(0xaa);
	vfs_close(w.f);
	while (i8042_kbd_getc() >= 0)
		;
	if (done < RUNS) {
		pr_warn("bench: input: only %d of %d keyboard events came back", done, RUNS);
		return;
	}
	report("kbd_irq_to_reader", 1);
	for (int i = 0; i < RUNS; i++)
		samples[i] = to_irq[i];
	report("kbd_inject_to_handler", 1);
}

static void bench_input(void)
{
	bench_core();
	bench_kbd_latency();
}
KBENCH(input, bench_input);
