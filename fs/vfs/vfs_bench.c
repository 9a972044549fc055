/*
 * Microbenchmark of the VFS (CONFIG_KBENCH): a cached lookup (vfs_stat) of
 * a 5-component path, and open+read+close of a 64-byte file, ns per
 * operation, best of three rounds after a warm-up. Works in a copy of the
 * root namespace with its own tmpfs; takes no lock of its own.
 */
#include <loom/kbench.h>
#include <loom/vfs.h>

#define OPS    2000
#define ROUNDS 3

static u64 best_of(struct namespace *ns, bool open_read)
{
	struct vfs_stat st;
	struct file *f;
	char buf[64];
	u64 best = ~0ULL;

	for (int round = 0; round <= ROUNDS; round++) {
		u64 t0 = kbench_now_ns(), dt;

		for (int i = 0; i < OPS; i++) {
			if (!open_read) {
				vfs_stat(ns, NULL, "/kb/a/b/c/file", &st);
				continue;
			}
			if (vfs_open(ns, NULL, "/kb/a/b/c/file:r", 0, &f))
				continue;
			vfs_read(f, buf, sizeof(buf));
			vfs_close(f);
		}
		dt = kbench_now_ns() - t0;
		if (round && dt < best)
			best = dt;
	}
	return best / OPS;
}

static void bench_vfs(void)
{
	struct namespace *ns = ns_copy(vfs_root_ns());
	static const char data[64] = "sixty-four bytes of file data for the open/read/close bench";
	struct file *f;

	if (!ns || vfs_mount(ns, "/kb:c:P", "tmpfs", "size=64k") ||
	    vfs_open(ns, NULL, "/kb/a/b/c/file:cpw", 0, &f)) {
		ns_put(ns);
		return;
	}
	vfs_write(f, data, sizeof(data));
	vfs_close(f);
	kbench_report("vfs_lookup_5", 5, best_of(ns, false), "ns");
	kbench_report("vfs_open_read_close", 64, best_of(ns, true), "ns");
	ns_put(ns);
}
KBENCH(vfs, bench_vfs);
