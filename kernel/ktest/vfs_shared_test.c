/*
 * Lookups, stats and reads run with vfs_lock shared, beside each other,
 * while changes take it alone: readers on every CPU stat and read a file
 * that a writer keeps rewriting (whole 64-byte generations, each one byte
 * repeated), moving it away and renaming a new one in its place, and look up procfs names that are
 * made on demand (the walk retries with the lock held for writing). No
 * reader may see a torn generation, a size other than 64, or an error
 * other than ENOENT while the name is away.
 */
#include <loom/ktest.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/vfs.h>
#include <asm/smp.h>
#include <uapi/loom/errno.h>
#include "vfs_test.h"

#define GEN_BYTES 64
#define ROUNDS	  300
#define READERS	  3

static struct namespace *sns;
static volatile int writer_done, bad_read, bad_stat, bad_open, reads_ok, procfs_ok;

static void shared_reader(void *arg)
{
	char buf[GEN_BYTES + 1];
	struct vfs_stat st;
	struct file *f;

	while (!READ_ONCE(writer_done)) {
		int r = vfs_stat(sns, NULL, "/kt/s/data", &st);

		if (r && r != -ENOENT)
			bad_stat++;
		if (!r && st.size != GEN_BYTES)
			bad_stat++;
		r = vfs_open(sns, NULL, "/kt/s/data:r", 0, &f);
		if (r) {
			if (r != -ENOENT)
				bad_open++;
		} else {
			for (int i = 0; i < 4; i++) {
				ssize_t n;

				vfs_seek(f, 0, VFS_SEEK_SET);
				n = vfs_read(f, buf, GEN_BYTES);
				if (n != GEN_BYTES) {
					bad_read++;
					continue;
				}
				for (int j = 1; j < GEN_BYTES; j++)
					if (buf[j] != buf[0]) {
						bad_read++;
						break;
					}
				__atomic_add_fetch(&reads_ok, 1, __ATOMIC_RELAXED);
			}
			vfs_close(f);
		}
		/* a name procfs must be asked for: the shared walk hands
		 * over to one holding the lock for writing */
		r = vfs_stat(sns, NULL, "/proc/nonesuch", &st);
		if (r == -ENOENT)
			__atomic_add_fetch(&procfs_ok, 1, __ATOMIC_RELAXED);
		else
			bad_stat++;
		yield();
	}
}

static void shared_writer(void *arg)
{
	char gen[GEN_BYTES];
	struct file *f;

	for (int i = 0; i < ROUNDS; i++) {
		memset(gen, 'a' + i % 26, sizeof(gen));
		if (!vfs_open(sns, NULL, "/kt/s/data:w", 0, &f)) {
			vfs_write(f, gen, sizeof(gen)); /* one write: one generation */
			vfs_close(f);
		}
		if (i % 10 == 0) {
			/* away for a while, then a new file renamed in whole */
			vfs_rename(sns, NULL, "/kt/s/data", "/kt/s/away");
			vfs_unlink(sns, NULL, "/kt/s/away");
			if (!vfs_open(sns, NULL, "/kt/s/new:cw", 0, &f)) {
				vfs_write(f, gen, sizeof(gen));
				vfs_close(f);
			}
			yield();
			vfs_rename(sns, NULL, "/kt/s/new", "/kt/s/data");
		}
		if (i % 7 == 0)
			yield();
	}
	writer_done = 1;
}

void vfs_readers_beside_writers(struct ktest *t)
{
	struct thread *th[READERS + 1];
	unsigned cpus = smp_cpus_online();
	struct vfs_counts before, after;
	char gen[GEN_BYTES + 1];
	int n = 0;

	sns = vfs_test_setup(t);
	if (!sns)
		return;
	memset(gen, 'z', GEN_BYTES);
	gen[GEN_BYTES] = 0;
	KEXPECT_EQ(t, vfs_mkdir(sns, NULL, "/kt/s", 0755), 0);
	KEXPECT_EQ(t, vfs_test_put(sns, "/kt/s/data:cw", gen), 0);
	vfs_get_counts(&before);
	writer_done = bad_read = bad_stat = bad_open = reads_ok = procfs_ok = 0;
	for (int i = 0; i < READERS; i++) {
		th[n] = thread_create_on("vfs-reader", shared_reader, NULL, 0, i % cpus);
		n += th[n] != NULL;
	}
	th[n] = thread_create_on("vfs-writer", shared_writer, NULL, 0, READERS % cpus);
	n += th[n] != NULL;
	KEXPECT_EQ(t, n, READERS + 1);
	if (n < READERS + 1)
		writer_done = 1;
	for (int i = 0; i < n; i++)
		thread_join(th[i]);
	KEXPECT_EQ(t, bad_read, 0);
	KEXPECT_EQ(t, bad_stat, 0);
	KEXPECT_EQ(t, bad_open, 0);
	KEXPECT_TRUE(t, reads_ok > 0);
	KEXPECT_TRUE(t, procfs_ok > 0);
	vfs_get_counts(&after);
	KEXPECT_EQ(t, after.files, before.files);
	KEXPECT_EQ(t, after.inodes, before.inodes);
	ns_put(sns);
}
