/*
 * Microbenchmarks of local sockets (CONFIG_KBENCH), the counterparts of
 * ipc/pipe_bench.c: seqpacket ping-pong of one-byte messages between two
 * kernel threads (ns per round trip, best of three rounds after a
 * warm-up) and stream throughput from a writer thread to a reader (MB/s
 * for 4 KiB and 64 KiB writes). Sockets are made in the root namespace
 * through /net/local, as a program would.
 */
#include <loom/kbench.h>
#include <loom/net.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/vfs.h>

#define ROUNDTRIPS 2000
#define ROUNDS	   3
#define STREAM	   (16u << 20)

/* A connected pair: the client's data file and the accepted server end. */
struct pair {
	struct file *mk[2]; /* the files that made the two sockets */
	struct file *c, *s;
	size_t chunk;
};

static int open_id(struct file *mk, const char *name, struct file **out)
{
	char id[24], path[64];
	ssize_t n = vfs_read(mk, id, sizeof(id) - 1);

	if (n <= 0)
		return -1;
	id[n] = 0;
	snprintf(path, sizeof(path), "/net/local/%s/%s", id, name);
	return vfs_open(vfs_root_ns(), NULL, path, 0, out);
}

static int ctl(struct file *ctlf, const char *text)
{
	ssize_t r = vfs_write(ctlf, text, strlen(text));

	vfs_close(ctlf);
	return r < 0 ? (int)r : 0;
}

static int pair_open(const char *kind, struct pair *p)
{
	struct namespace *ns = vfs_root_ns();
	char path[32];
	struct file *lctl, *cctl;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "/net/local/%s", kind);
	if (vfs_open(ns, NULL, path, PERM_READ, &p->mk[0]) ||
	    vfs_open(ns, NULL, path, PERM_READ, &p->mk[1]))
		return -1;
	if (open_id(p->mk[0], "ctl", &lctl) || ctl(lctl, "bind kbench && listen"))
		return -1;
	vfs_seek(p->mk[0], 0, VFS_SEEK_SET);
	if (open_id(p->mk[1], "ctl", &cctl) || ctl(cctl, "connect kbench"))
		return -1;
	vfs_seek(p->mk[1], 0, VFS_SEEK_SET);
	if (open_id(p->mk[1], "data", &p->c))
		return -1;
	return open_id(p->mk[0], "accept", &p->s);
}

static void pair_close(struct pair *p)
{
	struct file *fs[] = { p->c, p->s, p->mk[0], p->mk[1] };

	for (size_t i = 0; i < ARRAY_SIZE(fs); i++)
		if (fs[i])
			vfs_close(fs[i]);
}

static void echo(void *arg)
{
	struct pair *p = arg;
	char c;

	while (vfs_read(p->s, &c, 1) == 1)
		vfs_write(p->s, &c, 1);
}

static u64 ping_pong(void)
{
	struct thread *th = NULL;
	u64 best = ~0ULL;
	struct pair p;
	char c = 'x';

	if (!pair_open("seqpacket", &p))
		th = thread_create("bench-echo", echo, &p, 0);
	for (int round = 0; th && round <= ROUNDS; round++) {
		u64 t0 = kbench_now_ns(), dt;

		for (int i = 0; i < ROUNDTRIPS; i++) {
			vfs_write(p.c, &c, 1);
			vfs_read(p.c, &c, 1);
		}
		dt = kbench_now_ns() - t0;
		if (round && dt < best)
			best = dt;
	}
	if (th) {
		/* the client socket goes: the echo thread reads end of file */
		vfs_close(p.c);
		vfs_close(p.mk[1]);
		p.c = p.mk[1] = NULL;
		thread_join(th);
	}
	pair_close(&p);
	return th ? best / ROUNDTRIPS : 0;
}

static void writer(void *arg)
{
	struct pair *p = arg;
	char *buf = kzalloc(p->chunk);

	for (u32 done = 0; buf && done < STREAM; done += (u32)p->chunk)
		if (vfs_write(p->c, buf, p->chunk) != (ssize_t)p->chunk)
			break;
	kfree(buf);
	vfs_close(p->c);
	p->c = NULL;
}

/* MB/s moving STREAM bytes in writes of chunk bytes. */
static u64 throughput(size_t chunk)
{
	char *buf = kmalloc(NET_LOCAL_BUF);
	struct thread *th = NULL;
	struct pair p;
	u64 t0 = 0, dt = 0, got = 0;
	ssize_t r;

	if (buf && !pair_open("stream", &p)) {
		p.chunk = chunk;
		t0 = kbench_now_ns();
		th = thread_create("bench-stream", writer, &p, 0);
	}
	if (th) {
		/* the client's socket stays (mk[1]): end of file needs it gone */
		vfs_close(p.mk[1]);
		p.mk[1] = NULL;
		while ((r = vfs_read(p.s, buf, NET_LOCAL_BUF)) > 0)
			got += (u64)r;
		dt = kbench_now_ns() - t0;
		thread_join(th);
	}
	pair_close(&p);
	kfree(buf);
	return got == STREAM && dt ? got * 1000 / dt : 0; /* bytes/us = MB/s */
}

static void bench_netfs(void)
{
	kbench_report("local_seqpacket_pingpong", 1, ping_pong(), "ns");
	kbench_report("local_stream_throughput", 4096, throughput(4096), "MB/s");
	kbench_report("local_stream_throughput", NET_LOCAL_BUF, throughput(NET_LOCAL_BUF), "MB/s");
}
KBENCH(netfs, bench_netfs);
