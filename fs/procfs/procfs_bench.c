/*
 * Microbenchmark of procfs (CONFIG_KBENCH): open + read + close of
 * /proc/[pid]/pid and /proc/[pid]/prio, and of /proc/self/pid as the
 * process itself sees it (the benchmark thread is attached to the process
 * while it runs: procfs asks proc_current() who is looking), ns per
 * operation, best of three rounds after a warm-up. The process is the
 * user test program, spawned suspended and killed at the end; without it
 * the benchmark reports nothing.
 */
#include <loom/kbench.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/sched.h>
#include <loom/thread.h>
#include <loom/vfs.h>
#include <uapi/loom/syscall.h>

#define OPS    2000
#define ROUNDS 3
#define PROG   "/tests/user/utest"

static u64 best_of(const char *path)
{
	u64 best = ~0ULL;
	struct file *f;
	char buf[32];

	for (int round = 0; round <= ROUNDS; round++) {
		u64 t0 = kbench_now_ns(), dt;

		for (int i = 0; i < OPS; i++) {
			if (vfs_open(vfs_root_ns(), NULL, path, PERM_READ, &f))
				return 0;
			vfs_read(f, buf, sizeof(buf));
			vfs_close(f);
		}
		dt = kbench_now_ns() - t0;
		if (round && dt < best)
			best = dt;
	}
	return best / OPS;
}

static void bench_procfs(void)
{
	static const char *const argv[] = { PROG, "exit", "0" };
	struct thread *t = current_thread();
	struct process *p, *old;
	char path[48], status[PROC_STATUS_MAX];

	if (proc_spawn(NULL, argv, 3, SPAWN_SUSPENDED, &p)) {
		pr_info("bench: procfs: %s could not be spawned", PROG);
		return;
	}
	snprintf(path, sizeof(path), "/proc/%llu/pid", p->pid);
	kbench_report("procfs_pid_open_read_close", 0, best_of(path), "ns");
	snprintf(path, sizeof(path), "/proc/%llu/prio", p->pid);
	kbench_report("procfs_prio_open_read_close", 0, best_of(path), "ns");
	old = t->proc;
	t->proc = p;
	kbench_report("procfs_self_pid_open_read_close", 0, best_of("/proc/self/pid"), "ns");
	t->proc = old;
	proc_send_note(p, "kill");
	proc_wait(p, status, sizeof(status), false);
	proc_put(p);
}
KBENCH(procfs, bench_procfs);
