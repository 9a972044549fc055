/*
 * In-kernel tests of procfs (fs/procfs/) at /proc: listing, self, pid,
 * cmdline, cwd, ns, ctl (every command, chains, an error in the middle
 * leaving nothing applied), env files, wait (blocking, :nonblock, poll
 * with a pipe and /dev/klog), note, prio and namespace isolation.
 * Processes are spawned suspended from a tiny program (proc_util.h). To
 * look at /proc as a process does, the test thread is attached to the
 * process for a while: procfs asks proc_current() who is looking.
 */
#include <loom/ktest.h>
#include <loom/pipe.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/sched.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include <uapi/loom/errno.h>
#include <uapi/loom/syscall.h>
#include "proc_util.h"

#define PROG KTEST_PROG

#define MS 1000000ULL

static int spawn(u64 flags, struct process **out)
{
	return ktest_spawn(NULL, flags, out);
}

static char *path_of(char *buf, size_t size, const struct process *p, const char *rest)
{
	snprintf(buf, size, "/proc/%llu%s", p->pid, rest);
	return buf;
}

/* Read the whole file at path (in ns) into buf: its length or -errno. */
static ssize_t slurp(struct namespace *ns, const char *path, char *buf, size_t size)
{
	struct file *f;
	size_t len = 0;
	ssize_t r = vfs_open(ns, NULL, path, PERM_READ, &f);

	if (r)
		return r;
	while (len + 1 < size && (r = vfs_read(f, buf + len, size - 1 - len)) > 0)
		len += (size_t)r;
	vfs_close(f);
	buf[len] = 0;
	return r < 0 ? r : (ssize_t)len;
}

static ssize_t put(struct namespace *ns, const char *path, const char *text)
{
	struct file *f;
	ssize_t r = vfs_open(ns, NULL, path, PERM_WRITE, &f);

	if (r)
		return r;
	r = vfs_write(f, text, strlen(text));
	vfs_close(f);
	return r;
}

/* Write a chain to p's ctl: 0 when all of it was taken, else the error. */
static ssize_t ctl(const struct process *p, const char *text)
{
	char path[64];
	ssize_t r = put(vfs_root_ns(), path_of(path, sizeof(path), p, "/ctl"), text);

	return r == (ssize_t)strlen(text) ? 0 : r;
}

static void procfs_listing(struct ktest *t)
{
	struct process *a, *b;
	char path[64], buf[128], name[24];
	struct vfs_stat st;
	struct file *dir;
	static const char *const names[] = { "ctl", "wait", "env",  "cmdline", "cwd",
					     "ns",  "note", "prio", "pid" };

	KASSERT_EQ(t, spawn(0, &a), 0);
	if (!KEXPECT_EQ(t, spawn(0, &b), 0)) {
		ktest_finish(a);
		return;
	}
	KEXPECT_TRUE(t, ktest_listed(vfs_root_ns(), "/proc", "self"));
	snprintf(name, sizeof(name), "%llu", a->pid);
	KEXPECT_TRUE(t, ktest_listed(vfs_root_ns(), "/proc", name));
	snprintf(name, sizeof(name), "%llu", b->pid);
	KEXPECT_TRUE(t, ktest_listed(vfs_root_ns(), "/proc", name));
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		KEXPECT_TRUE(t, ktest_listed(vfs_root_ns(), path_of(path, sizeof(path), a, ""),
					     names[i]));
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, path_of(path, sizeof(path), a, ""), &st), 0);
	KEXPECT_EQ(t, st.type, INODE_DIR);
	snprintf(name, sizeof(name), "%llu\n", a->pid);
	KEXPECT_EQ(t,
		   slurp(vfs_root_ns(), path_of(path, sizeof(path), a, "/pid"), buf, sizeof(buf)),
		   (ssize_t)strlen(name));
	KEXPECT_STREQ(t, buf, name);
	/* argv, NUL-separated */
	KEXPECT_EQ(
		t,
		slurp(vfs_root_ns(), path_of(path, sizeof(path), a, "/cmdline"), buf, sizeof(buf)),
		(ssize_t)sizeof(PROG "\0arg one\0two"));
	KEXPECT_EQ(t, memcmp(buf, PROG "\0arg one\0two", sizeof(PROG "\0arg one\0two")), 0);
	KEXPECT_EQ(t,
		   slurp(vfs_root_ns(), path_of(path, sizeof(path), a, "/cwd"), buf, sizeof(buf)),
		   2);
	KEXPECT_STREQ(t, buf, "/\n");
	/* ns: the mounts of the root namespace, one a line */
	KEXPECT_LT(t, 0,
		   slurp(vfs_root_ns(), path_of(path, sizeof(path), a, "/ns"), buf, sizeof(buf)));
	KEXPECT_EQ(t, strncmp(buf, "/ tmpfs rwx\n", 12), 0);
	/* names that are not there */
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, path_of(path, sizeof(path), a, "/nope"), &st),
		   -ENOENT);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/proc/0", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/proc/007", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/proc/99999999", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/proc/abc", &st), -ENOENT);
	/* names cannot be made or removed */
	KEXPECT_EQ(t, vfs_mkdir(vfs_root_ns(), NULL, "/proc/x", 0755), -EROFS);
	KEXPECT_EQ(t, vfs_unlink(vfs_root_ns(), NULL, path_of(path, sizeof(path), a, "/pid")),
		   -EPERM);
	KEXPECT_EQ(t, vfs_unlink(vfs_root_ns(), NULL, path_of(path, sizeof(path), a, "")), -EPERM);
	/* a process that has ended goes from the listing and its names; a
	 * directory of it held open finds no new names */
	KASSERT_EQ(t,
		   vfs_open(vfs_root_ns(), NULL, path_of(path, sizeof(path), b, ":directory"), 0,
			    &dir),
		   0);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), dir, "pid", &st), 0);
	ktest_finish(b);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, path_of(path, sizeof(path), b, ""), &st),
		   -ENOENT);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), dir, "cwd", &st), -ENOENT);
	vfs_close(dir);
	KEXPECT_TRUE(t, !ktest_listed(vfs_root_ns(), "/proc", name));
	snprintf(path, sizeof(path), "/proc/%s/pid", name);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, path, &st), -ENOENT);
	ktest_finish(a);
}

static void procfs_self(struct ktest *t)
{
	struct process *a, *old;
	char buf[64], want[24];

	/* a kernel thread has no process */
	KEXPECT_EQ(t, vfs_readlink(vfs_root_ns(), NULL, "/proc/self", buf, sizeof(buf)), -ENOENT);
	KASSERT_EQ(t, spawn(0, &a), 0);
	old = ktest_viewer_attach(a);
	snprintf(want, sizeof(want), "%llu", a->pid);
	KEXPECT_EQ(t, vfs_readlink(vfs_root_ns(), NULL, "/proc/self", buf, sizeof(buf)),
		   (int)strlen(want));
	KEXPECT_STREQ(t, buf, want);
	strlcpy(want + strlen(want), "\n", 2);
	KEXPECT_LT(t, 0, slurp(vfs_root_ns(), "/proc/self/pid", buf, sizeof(buf)));
	KEXPECT_STREQ(t, buf, want);
	ktest_viewer_attach(old);
	ktest_finish(a);
}

/* Every ctl command once, then chains. */
static void procfs_ctl_commands(struct ktest *t)
{
	struct process *p;
	char buf[128], path[64];
	struct vfs_stat st;
	struct file *f, *g;

	KASSERT_EQ(t, spawn(SPAWN_COPY_NS, &p), 0);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/null", 0, &f), 0);
	KEXPECT_EQ(t, proc_fd_install(p, f), 0);
	/* dup2 and close */
	KEXPECT_EQ(t, ctl(p, "dup2 0 7"), 0);
	g = proc_fd_get(p, 7);
	KEXPECT_TRUE(t, g == f);
	vfs_close(g);
	KEXPECT_EQ(t, ctl(p, "close 7"), 0);
	KEXPECT_TRUE(t, proc_fd_get(p, 7) == NULL);
	KEXPECT_EQ(t, ctl(p, "dup2 0 10 && dup2 0 11 && dup2 0 12 && close 10-11"), 0);
	KEXPECT_TRUE(t, proc_fd_get(p, 10) == NULL && proc_fd_get(p, 11) == NULL);
	g = proc_fd_get(p, 12);
	KEXPECT_TRUE(t, g == f);
	vfs_close(g);
	KEXPECT_EQ(t, ctl(p, "close 1-"), 0);
	KEXPECT_TRUE(t, proc_fd_get(p, 12) == NULL);
	/* bind (source in the writer's namespace) and mount, in p's namespace only */
	KEXPECT_EQ(t, ctl(p, "bind /kernel /etc"), 0);
	KEXPECT_EQ(t, vfs_stat(p->ns, NULL, "/kernel/version", &st), 0);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/kernel/version", &st), -ENOENT);
	KEXPECT_EQ(t, ctl(p, "mount /etc tmpfs size=16k"), 0);
	KEXPECT_EQ(t, vfs_stat(p->ns, NULL, "/etc/version", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/etc/version", &st), 0);
	KEXPECT_LT(t, 0,
		   slurp(vfs_root_ns(), path_of(path, sizeof(path), p, "/ns"), buf, sizeof(buf)));
	KEXPECT_TRUE(t, strchr(buf, '\n') != NULL);
	/* cwd */
	KEXPECT_EQ(t, ctl(p, "cwd /kernel/.."), 0);
	KEXPECT_EQ(t, ctl(p, "cwd kernel"), 0);
	KEXPECT_EQ(t,
		   slurp(vfs_root_ns(), path_of(path, sizeof(path), p, "/cwd"), buf, sizeof(buf)),
		   8);
	KEXPECT_STREQ(t, buf, "/kernel\n");
	/* start: it runs and exits with 7 */
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/wait"), 0, &g),
		   0);
	KEXPECT_EQ(t, ctl(p, "start"), 0);
	KEXPECT_EQ(t, vfs_read(g, buf, sizeof(buf)), 1);
	KEXPECT_EQ(t, buf[0], '7');
	KEXPECT_EQ(t, ctl(p, "kill"), -ENOENT); /* ended: its names are gone */
	vfs_close(g);
	proc_put(p);
	/* kill with a note */
	KASSERT_EQ(t, spawn(0, &p), 0);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/wait"), 0, &g),
		   0);
	KEXPECT_EQ(t, ctl(p, "kill \"by the test\""), 0);
	memset(buf, 0, sizeof(buf));
	KEXPECT_LT(t, 0, vfs_read(g, buf, sizeof(buf)));
	KEXPECT_STREQ(t, buf, "kill by the test");
	vfs_close(g);
	proc_put(p);
}

/* A chain with a bad command anywhere applies nothing. */
static void procfs_ctl_all_or_nothing(struct ktest *t)
{
	static const char *const bad[] = {
		"dup2 0 5 && close 9 && cwd /etc",	  /* fd 9 is not open */
		"dup2 0 5 && cwd /nope",		  /* no such directory */
		"dup2 0 5 && cwd /etc/version",		  /* not a directory */
		"dup2 0 5 && mount /etc nofs",		  /* no such file system */
		"dup2 0 5 && bind /kernel /nope",	  /* nothing to bind */
		"dup2 0 5 && mount /nope/x tmpfs",	  /* no mountpoint */
		"dup2 0 5 && dup2 6 7",			  /* 6 is not open */
		"dup2 0 5 && close 5 && dup2 5 6",	  /* 5 closed by the chain */
		"dup2 0 5 && dup2 0 300",		  /* out of range */
		"dup2 0 5 && frobnicate",		  /* not a command */
		"dup2 0 5 && cwd /etc && start && start", /* start twice */
		"dup2 0 5 &&",				  /* empty command */
	};
	struct process *p;
	struct file *f;
	struct vfs_stat st;
	char buf[64], path[64];

	KASSERT_EQ(t, spawn(SPAWN_COPY_NS, &p), 0);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/null", 0, &f), 0);
	KEXPECT_EQ(t, proc_fd_install(p, f), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (!KEXPECT_EQ(t, ctl(p, bad[i]), -EINVAL))
			printk(LOG_INFO, "  chain: %s", bad[i]);
		KEXPECT_TRUE(t, proc_fd_get(p, 5) == NULL);
	}
	KEXPECT_EQ(t,
		   slurp(vfs_root_ns(), path_of(path, sizeof(path), p, "/cwd"), buf, sizeof(buf)),
		   2);
	KEXPECT_EQ(t, vfs_stat(p->ns, NULL, "/etc/version", &st), 0); /* nothing mounted */
	KEXPECT_EQ(t, READ_ONCE(p->state), PROC_SUSPENDED);
	/* the good chain: fds moved, cwd set, then the program starts */
	KEXPECT_EQ(t, ctl(p, "dup2 0 5 && close 0 && dup2 5 3 && close 5 && cwd /etc"), 0);
	KEXPECT_TRUE(t, proc_fd_get(p, 0) == NULL && proc_fd_get(p, 5) == NULL);
	f = proc_fd_get(p, 3);
	KEXPECT_TRUE(t, f != NULL);
	vfs_close(f);
	KEXPECT_EQ(t,
		   slurp(vfs_root_ns(), path_of(path, sizeof(path), p, "/cwd"), buf, sizeof(buf)),
		   5);
	ktest_finish(p);
}

static void procfs_env(struct ktest *t)
{
	struct process *p;
	char buf[64], path[64];
	struct vfs_stat st;
	struct file *f;

	KASSERT_EQ(t, spawn(0, &p), 0);
	KEXPECT_EQ(t, proc_env_set(p, "HOME", "/home/kt", 8), 0);
	KEXPECT_EQ(
		t,
		slurp(vfs_root_ns(), path_of(path, sizeof(path), p, "/env/HOME"), buf, sizeof(buf)),
		8);
	KEXPECT_STREQ(t, buf, "/home/kt");
	KEXPECT_TRUE(t,
		     ktest_listed(vfs_root_ns(), path_of(path, sizeof(path), p, "/env"), "HOME"));
	/* write sets the value */
	KEXPECT_EQ(t, put(vfs_root_ns(), path_of(path, sizeof(path), p, "/env/HOME"), "/root"), 5);
	KEXPECT_EQ(t, proc_env_get(p, "HOME", buf, sizeof(buf)), 5);
	KEXPECT_STREQ(t, buf, "/root");
	/* a new variable with :create; without it, -ENOENT */
	KEXPECT_EQ(t, put(vfs_root_ns(), path_of(path, sizeof(path), p, "/env/NEW"), "x"), -ENOENT);
	KEXPECT_EQ(t,
		   vfs_open(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/env/NEW:create"),
			    PERM_WRITE, &f),
		   0);
	KEXPECT_EQ(t, proc_env_get(p, "NEW", buf, sizeof(buf)), 0);
	KEXPECT_EQ(t, vfs_write(f, "value", 5), 5);
	vfs_close(f);
	KEXPECT_EQ(t, proc_env_get(p, "NEW", buf, sizeof(buf)), 5);
	KEXPECT_EQ(t,
		   vfs_mkdir(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/env/D"), 0755),
		   -EPERM);
	KEXPECT_EQ(t, put(vfs_root_ns(), path_of(path, sizeof(path), p, "/env/A=B:create"), "x"),
		   -EINVAL);
	/* remove unsets it */
	KEXPECT_EQ(t, vfs_unlink(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/env/NEW")),
		   0);
	KEXPECT_EQ(t, proc_env_get(p, "NEW", buf, sizeof(buf)), -ENOENT);
	KEXPECT_TRUE(t,
		     !ktest_listed(vfs_root_ns(), path_of(path, sizeof(path), p, "/env"), "NEW"));
	/* unset behind procfs's back: the cached name goes */
	KEXPECT_EQ(t,
		   vfs_stat(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/env/HOME"), &st),
		   0);
	KEXPECT_EQ(t, proc_env_unset(p, "HOME"), 0);
	KEXPECT_EQ(t,
		   vfs_stat(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/env/HOME"), &st),
		   -ENOENT);
	ktest_finish(p);
}

static void procfs_prio_note(struct ktest *t)
{
	static const char *const bad[] = { "20", "-21", "abc", "", "1 2", "99999999999" };
	struct process *p;
	char buf[64], path[64];
	struct file *w, *nf;

	KASSERT_EQ(t, spawn(0, &p), 0);
	KEXPECT_EQ(t,
		   slurp(vfs_root_ns(), path_of(path, sizeof(path), p, "/prio"), buf, sizeof(buf)),
		   2);
	KEXPECT_STREQ(t, buf, "0\n");
	KEXPECT_EQ(t, put(vfs_root_ns(), path, "5\n"), 2);
	KEXPECT_EQ(t, slurp(vfs_root_ns(), path, buf, sizeof(buf)), 2);
	KEXPECT_STREQ(t, buf, "5\n");
	KEXPECT_EQ(t, put(vfs_root_ns(), path, "-20"), 3);
	KEXPECT_EQ(t, READ_ONCE(p->nice), -20);
	KEXPECT_EQ(t, put(vfs_root_ns(), path, "19"), 2);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		KEXPECT_EQ(t, put(vfs_root_ns(), path, bad[i]), -EINVAL);
	KEXPECT_EQ(t, READ_ONCE(p->nice), 19);
	/* notes queue up (PROC_NOTES_MAX); a "kill" note ends the process */
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/wait"), 0, &w),
		   0);
	KEXPECT_EQ(t, put(vfs_root_ns(), path_of(path, sizeof(path), p, "/note"), ""), -EINVAL);
	KEXPECT_EQ(t, put(vfs_root_ns(), path, "hangup\n"), 7);
	KEXPECT_EQ(t, READ_ONCE(p->note_count), 1);
	for (u32 i = 1; i < PROC_NOTES_MAX; i++)
		KEXPECT_EQ(t, put(vfs_root_ns(), path, "again"), 5);
	KEXPECT_EQ(t, put(vfs_root_ns(), path, "one too many"), -EAGAIN);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, path, PERM_WRITE, &nf), 0);
	KEXPECT_EQ(t, put(vfs_root_ns(), path, "kill now"), 8);
	memset(buf, 0, sizeof(buf));
	KEXPECT_EQ(t, vfs_read(w, buf, sizeof(buf)), 8);
	KEXPECT_STREQ(t, buf, "kill now");
	KEXPECT_EQ(t, vfs_read(w, buf, sizeof(buf)), 0); /* read once */
	KEXPECT_EQ(t, vfs_write(nf, "late", 4), -ESRCH); /* open before it ended */
	KEXPECT_EQ(t, put(vfs_root_ns(), path, "late"), -ENOENT);
	vfs_close(nf);
	vfs_close(w);
	proc_put(p);
}

struct killer {
	struct process *p;
	u64 delay_ns;
};

static void kill_later(void *arg)
{
	struct killer *k = arg;

	sleep_ns(k->delay_ns);
	proc_send_note(k->p, "kill");
}

/* wait: :nonblock, poll with a pipe and /dev/klog, a blocked reader. */
static void procfs_wait_poll(struct ktest *t)
{
	struct file *set[3], *pipe[2], *nb;
	u32 ev[3] = { POLLIN, POLLIN, POLLIN }, rev[3];
	struct process *p;
	struct killer k;
	struct thread *th;
	char buf[256], path[64];
	ssize_t r;

	KASSERT_EQ(t, spawn(0, &p), 0);
	KASSERT_EQ(t, vfs_open2(vfs_root_ns(), NULL, "/dev/pipe/new", pipe), 0);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/klog:nonblock", PERM_READ, &set[1]), 0);
	while ((r = vfs_read(set[1], buf, sizeof(buf))) > 0)
		;
	KASSERT_EQ(t,
		   vfs_open(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/wait:nonblock"),
			    0, &nb),
		   0);
	KEXPECT_EQ(t, vfs_read(nb, buf, sizeof(buf)), -EAGAIN);
	KASSERT_EQ(
		t,
		vfs_open(vfs_root_ns(), NULL, path_of(path, sizeof(path), p, "/wait"), 0, &set[2]),
		0);
	set[0] = pipe[0];
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 3, 0), 0);
	KEXPECT_EQ(t, vfs_poll(set, ev, rev, 3, 10 * MS), 0);
	k = (struct killer){ p, 10 * MS };
	th = thread_create("procfs-kill", kill_later, &k, 0);
	KASSERT_TRUE(t, th != NULL);
	KEXPECT_LT(t, 0, vfs_poll(set, ev, rev, 3, 5000 * MS));
	thread_join(th);
	KEXPECT_EQ(t, rev[0], 0);
	KEXPECT_EQ(t, rev[2], POLLIN);
	memset(buf, 0, sizeof(buf));
	KEXPECT_EQ(t, vfs_read(set[2], buf, sizeof(buf)), 4);
	KEXPECT_STREQ(t, buf, "kill");
	KEXPECT_EQ(t, vfs_read(nb, buf, sizeof(buf)), 4); /* ended: no EAGAIN */
	vfs_close(nb);
	vfs_close(set[2]);
	vfs_close(set[1]);
	vfs_close(pipe[0]);
	vfs_close(pipe[1]);
	proc_put(p);
}

/* A process in an empty namespace, with procfs mounted there, sees only
 * itself (and its children); the kernel and the root namespace see all. */
static void procfs_ns_isolation(struct ktest *t)
{
	struct process *a, *b, *old;
	char name[24], path[64];
	struct vfs_stat st;

	KASSERT_EQ(t, spawn(SPAWN_EMPTY_NS, &a), 0);
	if (!KEXPECT_EQ(t, spawn(SPAWN_COPY_NS, &b), 0)) {
		ktest_finish(a);
		return;
	}
	/* a's namespace has nothing: no /proc until one is mounted */
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, "/proc", &st), -ENOENT);
	KEXPECT_EQ(t, ctl(a, "mount /proc:create procfs"), 0);
	old = ktest_viewer_attach(a);
	snprintf(name, sizeof(name), "%llu", a->pid);
	KEXPECT_TRUE(t, ktest_listed(a->ns, "/proc", name));
	snprintf(name, sizeof(name), "%llu", b->pid);
	KEXPECT_TRUE(t, !ktest_listed(a->ns, "/proc", name));
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, path_of(path, sizeof(path), b, ""), &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, path_of(path, sizeof(path), b, "/ctl"), &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, path_of(path, sizeof(path), a, "/ctl"), &st), 0);
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, "/proc/self/pid", &st), 0);
	/* the same names, cached by a look as the kernel, stay hidden from a */
	ktest_viewer_attach(old);
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, path_of(path, sizeof(path), b, "/ctl"), &st), 0);
	ktest_viewer_attach(a);
	KEXPECT_EQ(t, vfs_stat(a->ns, NULL, path_of(path, sizeof(path), b, "/ctl"), &st), -ENOENT);
	/* b (root namespace copy) does not see a either; the kernel sees both */
	ktest_viewer_attach(b);
	snprintf(name, sizeof(name), "%llu", a->pid);
	KEXPECT_TRUE(t, !ktest_listed(vfs_root_ns(), "/proc", name));
	ktest_viewer_attach(old);
	KEXPECT_TRUE(t, ktest_listed(vfs_root_ns(), "/proc", name));
	ktest_finish(b);
	ktest_finish(a);
}

/* A process with a note to take does not sleep in a pipe, a poll, a log
 * read or a wait: each gives up with -EINTR (kernel threads never do). */
static void procfs_waits_interrupted(struct ktest *t)
{
	struct process *p, *q, *old;
	struct file *pipe[2], *klog, *w;
	char *buf = kmalloc(PIPE_SIZE);
	char path[64];
	u32 ev = POLLIN, rev;
	ssize_t r;

	KASSERT_TRUE(t, buf != NULL);
	KASSERT_EQ(t, spawn(0, &p), 0);
	KASSERT_EQ(t, spawn(0, &q), 0);
	KASSERT_EQ(t, vfs_open2(vfs_root_ns(), NULL, "/dev/pipe/new", pipe), 0);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/klog", PERM_READ, &klog), 0);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, path_of(path, sizeof(path), q, "/wait"), 0, &w),
		   0);
	while (vfs_poll(&klog, &ev, &rev, 1, 0) == 1 && vfs_read(klog, buf, PIPE_SIZE) > 0)
		;
	KEXPECT_EQ(t, vfs_write(pipe[1], buf, PIPE_SIZE), PIPE_SIZE); /* full */
	KEXPECT_EQ(t, proc_send_note(p, "hangup"), 0);
	old = ktest_viewer_attach(p);
	KEXPECT_EQ(t, vfs_write(pipe[1], buf, 1), -EINTR);
	KEXPECT_EQ(t, vfs_read(pipe[0], buf, PIPE_SIZE), PIPE_SIZE);
	KEXPECT_EQ(t, vfs_read(pipe[0], buf, 1), -EINTR);
	KEXPECT_EQ(t, vfs_poll(pipe, &ev, &rev, 1, -1), -EINTR);
	KEXPECT_EQ(t, vfs_poll(pipe, &ev, &rev, 1, 1000 * MS), -EINTR);
	r = vfs_read(klog, buf, PIPE_SIZE); /* what printk added since, then -EINTR */
	if (r > 0)
		r = vfs_read(klog, buf, PIPE_SIZE);
	KEXPECT_EQ(t, r, -EINTR);
	KEXPECT_EQ(t, vfs_read(w, buf, 16), -EINTR);
	ktest_viewer_attach(old);
	vfs_close(w);
	vfs_close(klog);
	vfs_close(pipe[0]);
	vfs_close(pipe[1]);
	ktest_finish(q);
	ktest_finish(p);
	kfree(buf);
}

KTEST_SUITE(procfs, KTEST_CASE(procfs_listing), KTEST_CASE(procfs_self),
	    KTEST_CASE(procfs_ctl_commands), KTEST_CASE(procfs_ctl_all_or_nothing),
	    KTEST_CASE(procfs_env), KTEST_CASE(procfs_prio_note), KTEST_CASE(procfs_wait_poll),
	    KTEST_CASE(procfs_ns_isolation), KTEST_CASE(procfs_waits_interrupted));
