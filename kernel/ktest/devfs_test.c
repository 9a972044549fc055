/*
 * In-kernel tests of devfs (fs/devfs/) as mounted at /dev of the root
 * namespace: null and zero, klog (a line just printed, :nonblock at the
 * end, a blocked reader woken by printk), config (the embedded .config),
 * modules and modulectl (load, unload, -EBUSY, bad commands).
 * Each case opens what it needs and closes it; object counts come back.
 */
#include <loom/devfs.h>
#include <loom/initrd.h>
#include <loom/ktest.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/sched.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include <uapi/loom/errno.h>

extern const char loom_config_data[], loom_config_end[];

static bool contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return true;
	return false;
}

/* Open path in the root namespace with perms: the file or NULL (r: why). */
static struct file *dev_open(const char *path, u32 perms, int *r)
{
	struct file *f = NULL;

	*r = vfs_open(vfs_root_ns(), NULL, path, perms, &f);
	return *r ? NULL : f;
}

/* Read a whole file into a kmalloc'd, NUL-terminated buffer: its length,
 * or -errno. */
static ssize_t dev_slurp(const char *path, char **out)
{
	size_t cap = 4096, len = 0;
	char *buf = kmalloc(cap);
	struct file *f;
	ssize_t r;
	int err;

	if (!buf)
		return -ENOMEM;
	f = dev_open(path, PERM_READ, &err);
	if (!f) {
		kfree(buf);
		return err;
	}
	for (;;) {
		if (cap - len < 1025) {
			char *b = kmalloc(cap * 2);

			if (!b) {
				r = -ENOMEM;
				break;
			}
			memcpy(b, buf, len);
			kfree(buf);
			buf = b;
			cap *= 2;
		}
		r = vfs_read(f, buf + len, 1024);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	vfs_close(f);
	if (r < 0) {
		kfree(buf);
		return r;
	}
	buf[len] = 0;
	*out = buf;
	return (ssize_t)len;
}

static void devfs_null_zero(struct ktest *t)
{
	struct vfs_counts before, after;
	struct vfs_dirent de;
	char buf[64];
	struct file *f;
	int r, seen = 0;

	vfs_get_counts(&before);
	f = dev_open("/dev/null", 0, &r);
	KASSERT_EQ(t, r, 0);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 0);
	KEXPECT_EQ(t, vfs_write(f, "swallowed", 9), 9);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 0);
	vfs_close(f);

	f = dev_open("/dev/zero", 0, &r);
	KASSERT_EQ(t, r, 0);
	memset(buf, 0xa5, sizeof(buf));
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		if (!KEXPECT_EQ(t, buf[i], 0))
			break;
	KEXPECT_EQ(t, vfs_write(f, buf, 7), 7);
	vfs_close(f);

	/* Read-only opens refuse writes (the VFS); unknown names are ENOENT. */
	f = dev_open("/dev/null:r", 0, &r);
	KASSERT_EQ(t, r, 0);
	KEXPECT_EQ(t, vfs_write(f, "x", 1), -EACCES);
	vfs_close(f);
	KEXPECT_EQ(t, dev_open("/dev/nosuch", 0, &r) == NULL, true);
	KEXPECT_EQ(t, r, -ENOENT);
	KEXPECT_EQ(t, vfs_mkdir(vfs_root_ns(), NULL, "/dev/newdir", 0755), -EROFS);

	f = dev_open("/dev:directory", PERM_READ, &r);
	KASSERT_EQ(t, r, 0);
	while (vfs_readdir(f, &de) == 1)
		seen += !strcmp(de.name, "null") + !strcmp(de.name, "zero") +
			!strcmp(de.name, "klog") + !strcmp(de.name, "config") +
			!strcmp(de.name, "modules") + !strcmp(de.name, "modulectl");
	vfs_close(f);
	KEXPECT_EQ(t, seen, 6);
	vfs_get_counts(&after);
	KEXPECT_EQ(t, after.files, before.files);
	KEXPECT_EQ(t, after.inodes, before.inodes);
}

static void devfs_register_cases(struct ktest *t)
{
	struct file *f;
	int r;

	KEXPECT_EQ(t, devfs_register("", &vfs_default_file_ops, NULL, 0600), -EINVAL);
	KEXPECT_EQ(t, devfs_register("a//b", &vfs_default_file_ops, NULL, 0600), -EINVAL);
	KEXPECT_EQ(t, devfs_register("/a", &vfs_default_file_ops, NULL, 0600), -EINVAL);
	KEXPECT_EQ(t, devfs_register("a/", &vfs_default_file_ops, NULL, 0600), -EINVAL);
	KEXPECT_EQ(t, devfs_register("a/../b", &vfs_default_file_ops, NULL, 0600), -EINVAL);
	KEXPECT_EQ(t, devfs_register("a/./b", &vfs_default_file_ops, NULL, 0600), -EINVAL);
	KEXPECT_EQ(t, devfs_register("a:b", &vfs_default_file_ops, NULL, 0600), -EINVAL);
	KEXPECT_EQ(t, devfs_register("kt", NULL, NULL, 0600), -EINVAL);
	KEXPECT_EQ(t, devfs_register("null", &vfs_default_file_ops, NULL, 0600), -EEXIST);
	KASSERT_EQ(t, devfs_register("kt", &vfs_default_file_ops, NULL, 0600), 0);
	f = dev_open("/dev/kt", PERM_READ, &r);
	KEXPECT_EQ(t, r, 0);
	KEXPECT_EQ(t, devfs_unregister("kt"), 0);
	KEXPECT_EQ(t, devfs_unregister("kt"), -ENOENT);
	if (f) {
		char c;

		KEXPECT_EQ(t, vfs_read(f, &c, 1), -EINVAL); /* still open, default ops */
		vfs_close(f);
	}
	KEXPECT_EQ(t, dev_open("/dev/kt", 0, &r) == NULL, true);
	KEXPECT_EQ(t, r, -ENOENT);
}

/* A name in a directory: the directory is made with the first name in it
 * and goes with the last. */
static void devfs_register_subdir(struct ktest *t)
{
	struct vfs_stat st;

	KASSERT_EQ(t, devfs_register("ktd/a", &vfs_default_file_ops, NULL, 0600), 0);
	KASSERT_EQ(t, devfs_register("ktd/b", &vfs_default_file_ops, NULL, 0600), 0);
	KEXPECT_EQ(t, devfs_register("ktd/a", &vfs_default_file_ops, NULL, 0600), -EEXIST);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/dev/ktd", &st), 0);
	KEXPECT_EQ(t, st.type, INODE_DIR);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/dev/ktd/a", &st), 0);
	KEXPECT_EQ(t, st.type, INODE_REG);
	KEXPECT_EQ(t, devfs_unregister("ktd/a"), 0);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/dev/ktd/a", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/dev/ktd", &st), 0);
	KEXPECT_EQ(t, devfs_unregister("ktd/b"), 0);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/dev/ktd", &st), -ENOENT);
}

/* A second devfs instance (over /dev of a copied namespace) shows the same
 * names, follows registrations, and goes with its namespace. */
static void devfs_second_instance(struct ktest *t)
{
	struct vfs_counts before, after;
	struct namespace *ns;
	struct vfs_stat st;

	vfs_get_counts(&before);
	ns = ns_copy(vfs_root_ns());
	KASSERT_TRUE(t, ns != NULL);
	KEXPECT_EQ(t, vfs_mount(ns, "/dev", "devfs", NULL), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/dev/zero", &st), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/dev/kt2", &st), -ENOENT);
	KEXPECT_EQ(t, devfs_register("kt2", &vfs_default_file_ops, NULL, 0600), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/dev/kt2", &st), 0);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/dev/kt2", &st), 0);
	KEXPECT_EQ(t, st.mode, 0600);
	KEXPECT_EQ(t, devfs_unregister("kt2"), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/dev/kt2", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/dev/kt2", &st), -ENOENT);
	ns_put(ns);
	vfs_get_counts(&after);
	KEXPECT_EQ(t, after.supers, before.supers);
	KEXPECT_EQ(t, after.inodes, before.inodes);
	KEXPECT_EQ(t, after.dentries, before.dentries);
	KEXPECT_EQ(t, after.mounts, before.mounts);
}

/* No fixed limits: 200 names (the old table held 32) and 12 instances at
 * once; every instance shows every name; all of it goes away again. */
static void devfs_many_names_and_instances(struct ktest *t)
{
	struct namespace *ns[12];
	struct vfs_counts before, after;
	struct vfs_stat st;
	char name[32], path[48];
	int n = 0, made = 0;

	vfs_get_counts(&before);
	for (; n < (int)ARRAY_SIZE(ns); n++) {
		ns[n] = ns_copy(vfs_root_ns());
		if (!KEXPECT_TRUE(t, ns[n] != NULL))
			break;
		if (!KEXPECT_EQ(t, vfs_mount(ns[n], "/dev", "devfs", NULL), 0)) {
			ns_put(ns[n]);
			break;
		}
	}
	for (; made < 200; made++) {
		snprintf(name, sizeof(name), "ktmany/%d", made);
		if (!KEXPECT_EQ(t, devfs_register(name, &vfs_default_file_ops, NULL, 0600), 0))
			break;
	}
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/dev/ktmany/%d", made - 1 - i);
		KEXPECT_EQ(t, vfs_stat(ns[i], NULL, path, &st), 0);
		KEXPECT_EQ(t, vfs_stat(ns[i], NULL, "/dev/null", &st), 0);
	}
	while (made--) {
		snprintf(name, sizeof(name), "ktmany/%d", made);
		KEXPECT_EQ(t, devfs_unregister(name), 0);
	}
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/dev/ktmany", &st), -ENOENT);
	while (n--)
		ns_put(ns[n]);
	vfs_get_counts(&after);
	KEXPECT_EQ(t, after.supers, before.supers);
	KEXPECT_EQ(t, after.inodes, before.inodes);
	KEXPECT_EQ(t, after.dentries, before.dentries);
}

/* Read f (at most limit reads) looking for needle across read boundaries:
 * true when found; *last is the last read's result. */
static bool klog_find(struct file *f, const char *needle, ssize_t *last, int limit)
{
	char win[2048];
	size_t keep = 0, n = strlen(needle);

	while (limit--) {
		*last = vfs_read(f, win + keep, 1024);
		if (*last <= 0)
			return false;
		if (contains(win, keep + (size_t)*last, needle))
			return true;
		keep += (size_t)*last;
		if (keep >= n) {
			memmove(win, win + keep - (n - 1), n - 1);
			keep = n - 1;
		}
	}
	return false;
}

static void devfs_klog(struct ktest *t)
{
	char marker[64], needle[80];
	struct file *f;
	ssize_t last = 0;
	int r;

	snprintf(marker, sizeof(marker), "devfs-test marker %llu", clock_monotonic_ns());
	snprintf(needle, sizeof(needle), "] %s\n", marker);
	pr_info("%s", marker);
	f = dev_open("/dev/klog:nonblock", PERM_READ, &r);
	KASSERT_EQ(t, r, 0);
	KEXPECT_TRUE(t, klog_find(f, needle, &last, 100000));
	while (last > 0)
		last = vfs_read(f, marker, sizeof(marker));
	KEXPECT_EQ(t, last, -EAGAIN); /* at the end */
	KEXPECT_EQ(t, vfs_read(f, marker, sizeof(marker)), -EAGAIN);
	KEXPECT_EQ(t, vfs_write(f, "x", 1), -EACCES);
	KEXPECT_EQ(t, vfs_seek(f, 0, VFS_SEEK_SET), -ESPIPE);
	/* A new record is there for the same open file. */
	pr_info("devfs-test after the end");
	KEXPECT_TRUE(t, klog_find(f, "] devfs-test after the end\n", &last, 10));
	vfs_close(f);
}

/* The follower: a thread blocked in a read at the end of /dev/klog. */
static struct {
	struct file *f;
	char marker[64], needle[80];
	volatile bool done, found;
} follow;

static void follower(void *arg)
{
	ssize_t last;

	follow.found = klog_find(follow.f, follow.needle, &last, 100000);
	follow.done = true;
}

static void devfs_klog_follow(struct ktest *t)
{
	struct thread *th;
	u64 end;
	int r;

	follow.f = dev_open("/dev/klog", PERM_READ, &r);
	KASSERT_EQ(t, r, 0);
	snprintf(follow.marker, sizeof(follow.marker), "devfs-test follow %llu",
		 clock_monotonic_ns());
	snprintf(follow.needle, sizeof(follow.needle), "] %s\n", follow.marker);
	follow.done = follow.found = false;
	th = thread_create("klog-follow", follower, NULL, 0);
	if (!KEXPECT_TRUE(t, th != NULL)) {
		vfs_close(follow.f);
		return;
	}
	/* Wait until it sleeps at the end of the log (it has read all). */
	end = clock_monotonic_ns() + 3000000000ULL;
	while (READ_ONCE(th->state) != THREAD_BLOCKED && clock_monotonic_ns() < end)
		sleep_ns(1000000);
	KEXPECT_EQ(t, READ_ONCE(th->state), THREAD_BLOCKED);
	KEXPECT_TRUE(t, !follow.done);
	pr_info("%s", follow.marker);
	end = clock_monotonic_ns() + 3000000000ULL;
	while (!follow.done && clock_monotonic_ns() < end)
		sleep_ns(1000000);
	if (!KEXPECT_TRUE(t, follow.done)) {
		thread_detach(th); /* still blocked: leave it (and its file) */
		return;
	}
	thread_join(th);
	KEXPECT_TRUE(t, follow.found);
	vfs_close(follow.f);
}

static void devfs_config(struct ktest *t)
{
	size_t size = (size_t)(loom_config_end - loom_config_data);
	struct vfs_stat st;
	char *buf = NULL;
	ssize_t n = dev_slurp("/dev/config", &buf);

	KASSERT_TRUE(t, n >= 0);
	KEXPECT_EQ(t, n, (ssize_t)size);
	KEXPECT_TRUE(t, (size_t)n == size && !memcmp(buf, loom_config_data, size));
	KEXPECT_TRUE(t, contains(buf, (size_t)n, "\nCONFIG_LOCALVERSION=\""));
	KEXPECT_TRUE(t, contains(buf, (size_t)n, "\nCONFIG_KTEST=y\n"));
	KEXPECT_TRUE(t, contains(buf, (size_t)n, "\nCONFIG_DEVFS=y\n"));
	kfree(buf);
	KEXPECT_EQ(t, vfs_stat(vfs_root_ns(), NULL, "/dev/config", &st), 0);
	KEXPECT_EQ(t, st.size, size);
	KEXPECT_EQ(t, st.mode, 0444);
}

/* The line of /dev/modules for module name, copied into line ("" if none). */
static void module_line(const char *list, const char *name, char *line, size_t size)
{
	size_t n = strlen(name);

	line[0] = 0;
	for (const char *p = list; *p;) {
		const char *e = strchr(p, '\n');

		if (!e)
			return;
		if (!strncmp(p, name, n) && p[n] == ' ') {
			strlcpy(line, p, MIN(size, (size_t)(e - p) + 1));
			return;
		}
		p = e + 1;
	}
}

static bool hello_is_ko(void)
{
	const void *d;
	u64 n;

	return IS_ENABLED(CONFIG_INITRD) && initrd_find("kernel/modules/hello.ko", &d, &n) == 0;
}

static void devfs_modules(struct ktest *t)
{
	char line[128], *buf = NULL;
	struct file *f;
	ssize_t n = dev_slurp("/dev/modules", &buf);
	int r;

	KASSERT_TRUE(t, n > 0);
	module_line(buf, "serial8250", line, sizeof(line));
	KEXPECT_STREQ(t, line, "serial8250 1.0 built-in 0");
	if (hello_is_ko() && module_loaded("hello")) {
		module_line(buf, "hello", line, sizeof(line));
		KEXPECT_TRUE(t, !strncmp(line, "hello 1.0 module ", 17));
	}
	if (hello_is_ko() && module_loaded("hello_friend")) {
		module_line(buf, "hello_friend", line, sizeof(line));
		KEXPECT_STREQ(t, line, "hello_friend 1.0 module 0 hello");
	}
	kfree(buf);
	f = dev_open("/dev/modules", 0, &r);
	KASSERT_EQ(t, r, 0);
	KEXPECT_EQ(t, vfs_write(f, "load hello", 10), -EINVAL); /* read-only */
	vfs_close(f);
}

static ssize_t ctl(struct file *f, const char *cmd)
{
	return vfs_write(f, cmd, strlen(cmd));
}

static void devfs_modulectl(struct ktest *t)
{
	struct file *f;
	bool had;
	int r;

	f = dev_open("/dev/modulectl", PERM_WRITE, &r);
	KASSERT_EQ(t, r, 0);
	KEXPECT_EQ(t, ctl(f, "frobnicate hello"), -EINVAL);
	KEXPECT_EQ(t, ctl(f, "load"), -EINVAL);
	KEXPECT_EQ(t, ctl(f, "load "), -EINVAL);
	KEXPECT_EQ(t, ctl(f, "load a/b"), -EINVAL);
	KEXPECT_EQ(t, ctl(f, "load hello extra"), -EINVAL);
	KEXPECT_EQ(t, vfs_write(f, "load\0hello", 10), -EINVAL);
	if (!IS_ENABLED(CONFIG_MODULE_UNLOAD) || !hello_is_ko() ||
	    !IS_ENABLED(CONFIG_SAMPLE_HELLO_FRIEND)) {
		vfs_close(f);
		return ktest_skip(t, "hello and hello_friend are not unloadable modules");
	}
	KEXPECT_EQ(t, ctl(f, "unload no_such_module"), -ENOENT);
	KEXPECT_EQ(t, ctl(f, "load no_such_module"), -ENOENT);
	had = module_loaded("hello_friend");
	KEXPECT_EQ(t, ctl(f, "load hello_friend\n"), 18);
	KEXPECT_TRUE(t, module_loaded("hello_friend"));
	KEXPECT_EQ(t, ctl(f, "unload hello"), -EBUSY);
	KEXPECT_TRUE(t, module_loaded("hello"));
	KEXPECT_EQ(t, ctl(f, "unload hello_friend"), 19);
	KEXPECT_TRUE(t, !module_loaded("hello_friend"));
	KEXPECT_EQ(t, ctl(f, "load hello_friend"), 17);
	KEXPECT_TRUE(t, module_loaded("hello_friend"));
	if (!had)
		KEXPECT_EQ(t, ctl(f, "unload hello_friend"), 19);
	KEXPECT_EQ(t, ctl(f, "unload serial8250"), -EPERM); /* built in */
	vfs_close(f);
}

KTEST_SUITE(devfs, KTEST_CASE(devfs_null_zero), KTEST_CASE(devfs_register_cases),
	    KTEST_CASE(devfs_register_subdir), KTEST_CASE(devfs_second_instance),
	    KTEST_CASE(devfs_many_names_and_instances), KTEST_CASE(devfs_klog),
	    KTEST_CASE(devfs_klog_follow), KTEST_CASE(devfs_config), KTEST_CASE(devfs_modules),
	    KTEST_CASE(devfs_modulectl));
