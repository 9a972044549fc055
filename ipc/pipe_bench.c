/*
 * Microbenchmarks of pipes (CONFIG_KBENCH): ping-pong of one byte between
 * two kernel threads over two pipes (ns per round trip, best of three
 * rounds after a warm-up) and one-way throughput from a writer thread to
 * a reader (MB/s for 4 KiB and 64 KiB writes). Opens its pipes in the
 * root namespace; takes no lock of its own.
 */
#include <loom/kbench.h>
#include <loom/pipe.h>
#include <loom/slab.h>
#include <loom/thread.h>
#include <loom/vfs.h>

#define ROUNDTRIPS 2000
#define ROUNDS	   3
#define STREAM	   (16u << 20)

struct bench_pair {
	struct file *in, *out;
	size_t chunk;
};

static void echo(void *arg)
{
	struct bench_pair *p = arg;
	char c;

	while (vfs_read(p->in, &c, 1) == 1)
		vfs_write(p->out, &c, 1);
}

static u64 ping_pong(void)
{
	struct file *a[2], *b[2];
	struct bench_pair p;
	struct thread *th;
	u64 best = ~0ULL;
	char c = 'x';

	if (vfs_open2(vfs_root_ns(), NULL, "/dev/pipe/new", a))
		return 0;
	if (vfs_open2(vfs_root_ns(), NULL, "/dev/pipe/new", b)) {
		vfs_close(a[0]);
		vfs_close(a[1]);
		return 0;
	}
	p = (struct bench_pair){ a[0], b[1], 1 };
	th = thread_create("bench-echo", echo, &p, 0);
	for (int round = 0; th && round <= ROUNDS; round++) {
		u64 t0 = kbench_now_ns(), dt;

		for (int i = 0; i < ROUNDTRIPS; i++) {
			vfs_write(a[1], &c, 1);
			vfs_read(b[0], &c, 1);
		}
		dt = kbench_now_ns() - t0;
		if (round && dt < best)
			best = dt;
	}
	vfs_close(a[1]);
	if (th)
		thread_join(th);
	vfs_close(a[0]);
	vfs_close(b[0]);
	vfs_close(b[1]);
	return th ? best / ROUNDTRIPS : 0;
}

static void stream_writer(void *arg)
{
	struct bench_pair *p = arg;
	char *buf = kzalloc(p->chunk);

	for (u32 done = 0; buf && done < STREAM; done += (u32)p->chunk)
		if (vfs_write(p->out, buf, p->chunk) != (ssize_t)p->chunk)
			break;
	kfree(buf);
	vfs_close(p->out);
}

/* MB/s moving STREAM bytes in writes of chunk bytes. */
static u64 throughput(size_t chunk)
{
	char *buf = kmalloc(PIPE_SIZE);
	struct file *f[2];
	struct bench_pair p;
	struct thread *th;
	u64 t0, dt, got = 0;
	ssize_t r;

	if (!buf || vfs_open2(vfs_root_ns(), NULL, "/dev/pipe/new", f)) {
		kfree(buf);
		return 0;
	}
	p = (struct bench_pair){ NULL, f[1], chunk };
	t0 = kbench_now_ns();
	th = thread_create("bench-stream", stream_writer, &p, 0);
	if (!th)
		vfs_close(f[1]);
	while ((r = vfs_read(f[0], buf, PIPE_SIZE)) > 0)
		got += (u64)r;
	dt = kbench_now_ns() - t0;
	if (th)
		thread_join(th);
	vfs_close(f[0]);
	kfree(buf);
	return got == STREAM && dt ? got * 1000 / dt : 0; /* bytes/us = MB/s */
}

static void bench_pipe(void)
{
	kbench_report("pipe_pingpong", 1, ping_pong(), "ns");
	kbench_report("pipe_throughput", 4096, throughput(4096), "MB/s");
	kbench_report("pipe_throughput", PIPE_SIZE, throughput(PIPE_SIZE), "MB/s");
}
KBENCH(pipe, bench_pipe);
