/*
 * In-kernel tests of the VFS core and tmpfs (fs/vfs/, fs/tmpfs/): path
 * flags and resolution, symlinks, permissions, mounts and binds, namespace
 * isolation, hard links, unlink while open, rename, a full tmpfs and the
 * ramdisk's files. Each case works in a copy of the root namespace with a
 * private tmpfs at /kt and checks that objects and pages come back.
 */
#include <loom/cpio.h>
#include <loom/initrd.h>
#include <loom/ktest.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/tmpfs.h>
#include <loom/vfs.h>
#include <uapi/loom/errno.h>
#include "vfs_test.h"

struct namespace *vfs_test_setup(struct ktest *t)
{
	struct namespace *ns = ns_copy(vfs_root_ns());

	if (!KEXPECT_TRUE(t, ns != NULL))
		return NULL;
	if (!KEXPECT_EQ(t, vfs_mount(ns, "/kt:create:private", "tmpfs", "size=1m"), 0)) {
		ns_put(ns);
		return NULL;
	}
	return ns;
}

int vfs_test_put(struct namespace *ns, const char *path, const char *s)
{
	struct file *f;
	ssize_t w;
	int r = vfs_open(ns, NULL, path, PERM_WRITE, &f);

	if (r)
		return r;
	w = vfs_write(f, s, strlen(s));
	vfs_close(f);
	return w == (ssize_t)strlen(s) ? 0 : w < 0 ? (int)w : -EIO;
}

/* Read a file into buf (NUL-terminated): bytes read or -errno. */
int vfs_test_get(struct namespace *ns, struct file *cwd, const char *path, char *buf, size_t n)
{
	struct file *f;
	ssize_t r = vfs_open(ns, cwd, path, PERM_READ, &f);

	if (r)
		return (int)r;
	r = vfs_read(f, buf, n - 1);
	buf[r > 0 ? r : 0] = 0;
	vfs_close(f);
	return (int)r;
}

struct rd_ctx {
	struct ktest *t;
	struct namespace *ns;
};

static int check_entry(const struct cpio_entry *e, void *p)
{
	struct rd_ctx *c = p;
	char path[300];
	struct vfs_stat st;

	if ((e->mode & CPIO_S_IFMT) != CPIO_S_IFREG || strlen(e->name) > 250)
		return 0;
	path[0] = '/';
	strlcpy(path + 1, e->name, sizeof(path) - 1);
	if (KEXPECT_EQ(c->t, vfs_stat(c->ns, NULL, path, &st), 0))
		KEXPECT_EQ(c->t, st.size, e->size);
	return 0;
}

static void ramdisk_files_are_there(struct ktest *t)
{
	struct rd_ctx c = { t, vfs_root_ns() };
	struct vfs_stat st;
	char buf[64];

	if (!IS_ENABLED(CONFIG_INITRD)) {
		ktest_skip(t, "no initial ramdisk (CONFIG_INITRD)");
		return;
	}
	KASSERT_TRUE(t, c.ns != NULL);
	KEXPECT_LT(t, 0, vfs_test_get(c.ns, NULL, "/etc/version", buf, sizeof(buf)));
	KEXPECT_EQ(t, memcmp(buf, "Loom ", 5), 0);
	KEXPECT_EQ(t, vfs_stat(c.ns, NULL, "/etc:directory", &st), 0);
	KEXPECT_EQ(t, st.type, INODE_DIR);
	/* every regular file of the archive, the .ko modules among them */
	KEXPECT_EQ(t, initrd_for_each(check_entry, &c), 0);
}

static void path_flags_and_errors(struct ktest *t)
{
	struct namespace *ns = vfs_test_setup(t);
	char *big = kmalloc(PATH_MAX + 16);
	struct vfs_stat st;
	struct file *f;

	KASSERT_TRUE(t, ns && big);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "", 0, &f), -EINVAL);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a:creat", 0, &f), -EINVAL);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a:e", 0, &f), -EINVAL); /* exclusive alone */
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a:p", 0, &f), -EINVAL); /* parents alone */
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a:private", 0, &f), -EINVAL);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a:dt", 0, &f), -EINVAL);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a", 0, &f), -ENOENT);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a:ce", 0, &f), 0);
	vfs_close(f);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a:create:exclusive", 0, &f), -EEXIST);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a:directory", 0, &f), -ENOTDIR);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/a/b", 0, &f), -ENOTDIR);
	KEXPECT_EQ(t, vfs_mkdir(ns, NULL, "/kt/d1/d2/d3:p", 0755), 0);
	KEXPECT_EQ(t, vfs_mkdir(ns, NULL, "/kt/d1", 0755), -EEXIST);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/d1/d2/x:cw", "x"), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/d1/d2/d3/../x", &st), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/../../kt/./d1//d2/x", &st), 0);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/q/r/s:cpw", 0, &f), 0);
	vfs_close(f);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/q/r:d", &st), 0);
	memset(big, 'n', 300);
	memcpy(big, "/kt/", 4);
	big[300] = 0;
	KEXPECT_EQ(t, vfs_open(ns, NULL, big, 0, &f), -ENAMETOOLONG);
	for (int i = 0; i < PATH_MAX + 8; i++)
		big[i] = i % 2 ? '/' : 'a';
	big[PATH_MAX + 8] = 0;
	KEXPECT_EQ(t, vfs_stat(ns, NULL, big, &st), -ENAMETOOLONG);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/d1/d2:d"), -ENOTEMPTY);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/a:d"), -ENOTDIR);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt"), -EBUSY);
	kfree(big);
	ns_put(ns);
}

static void symlinks_resolve_and_loop(struct ktest *t)
{
	struct namespace *ns = vfs_test_setup(t);
	struct vfs_stat st;
	char buf[64], name[32], target[32];

	KASSERT_TRUE(t, ns != NULL);
	KEXPECT_EQ(t, vfs_mkdir(ns, NULL, "/kt/d", 0755), 0);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/d/f:cw", "hello"), 0);
	KEXPECT_EQ(t, vfs_symlink(ns, NULL, "d/f", "/kt/rel"), 0);
	KEXPECT_EQ(t, vfs_symlink(ns, NULL, "/kt/d", "/kt/abs"), 0);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/rel", buf, sizeof(buf)), 5);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/abs/f", buf, sizeof(buf)), 5);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/abs/../d/f", buf, sizeof(buf)), 5);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/rel:nofollow", &st), 0);
	KEXPECT_EQ(t, st.type, INODE_SYMLINK);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/rel", &st), 0);
	KEXPECT_EQ(t, st.type, INODE_REG);
	KEXPECT_EQ(t, vfs_readlink(ns, NULL, "/kt/rel", buf, sizeof(buf)), 3);
	KEXPECT_STREQ(t, buf, "d/f");
	KEXPECT_EQ(t, vfs_symlink(ns, NULL, "loop2", "/kt/loop1"), 0);
	KEXPECT_EQ(t, vfs_symlink(ns, NULL, "loop1", "/kt/loop2"), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/loop1", &st), -ELOOP);
	KEXPECT_EQ(t, vfs_symlink(ns, NULL, "nowhere", "/kt/dangling"), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/dangling", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_symlink(ns, NULL, "x", "/kt/rel"), -EEXIST);
	/* a chain of exactly VFS_SYMLINK_MAX links resolves, one more does not */
	for (int i = 1; i <= VFS_SYMLINK_MAX + 1; i++) {
		snprintf(name, sizeof(name), "/kt/c%d", i);
		if (i == 1)
			strlcpy(target, "d/f", sizeof(target));
		else
			snprintf(target, sizeof(target), "c%d", i - 1);
		KEXPECT_EQ(t, vfs_symlink(ns, NULL, target, name), 0);
	}
	snprintf(name, sizeof(name), "/kt/c%d", VFS_SYMLINK_MAX);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, name, &st), 0);
	snprintf(name, sizeof(name), "/kt/c%d", VFS_SYMLINK_MAX + 1);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, name, &st), -ELOOP);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/abs"), 0); /* the link, not d */
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/d/f", &st), 0);
	ns_put(ns);
}

static void permissions_only_narrow(struct ktest *t)
{
	struct namespace *ns = vfs_test_setup(t);
	struct file *f, *dir, *sub;
	char buf[16];

	KASSERT_TRUE(t, ns != NULL);
	KEXPECT_EQ(t, vfs_mkdir(ns, NULL, "/kt/d/s:p", 0755), 0);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/d/f:c", "data"), 0);
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/d/f:r", 0, &f), 0);
	KEXPECT_EQ(t, vfs_write(f, "x", 1), -EACCES);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 4);
	vfs_close(f);
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/d/f:w", 0, &f), 0);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), -EACCES);
	vfs_close(f);
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/d:dr", 0, &dir), 0);
	KEXPECT_EQ(t, vfs_open(ns, dir, "f:w", 0, &f), -EACCES);
	KEXPECT_EQ(t, vfs_open(ns, dir, "f:r", 0, &f), 0);
	vfs_close(f);
	KEXPECT_EQ(t, vfs_open(ns, dir, "new:c", 0, &f), -EACCES);
	KEXPECT_EQ(t, vfs_mkdir(ns, dir, "m", 0755), -EACCES);
	KEXPECT_EQ(t, vfs_unlink(ns, dir, "f"), -EACCES);
	KASSERT_EQ(t, vfs_open(ns, dir, "s", 0, &sub), 0); /* gets read only */
	KEXPECT_EQ(t, vfs_open(ns, sub, "../f:rw", 0, &f), -EACCES);
	KEXPECT_EQ(t, vfs_test_get(ns, sub, "../f", buf, sizeof(buf)), 4);
	vfs_close(sub);
	/* a read-only bind keeps its ceiling for every walk through it */
	KEXPECT_EQ(t, vfs_bind(ns, "/kt/ro:c", "/kt/d:r"), 0);
	KEXPECT_EQ(t, vfs_open(ns, NULL, "/kt/ro/f:w", 0, &f), -EACCES);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/ro/f"), -EACCES);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/ro/f", buf, sizeof(buf)), 4);
	vfs_close(dir);
	ns_put(ns);
}

static void mounts_hide_and_binds_share(struct ktest *t)
{
	struct namespace *ns = vfs_test_setup(t);
	struct vfs_stat a, b;
	struct file *f;
	char buf[16];

	KASSERT_TRUE(t, ns != NULL);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/mnt/under:cp", "under"), 0);
	KEXPECT_EQ(t, vfs_mount(ns, "/kt/mnt", "tmpfs", "size=64k"), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/mnt/under", &a), -ENOENT);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/mnt/over:c", "over"), 0);
	KEXPECT_EQ(t, vfs_mount(ns, "/kt/mnt", "nosuchfs", NULL), -ENODEV);
	KEXPECT_EQ(t, vfs_mount(ns, "/kt/mnt/over", "tmpfs", NULL), -ENOTDIR);
	KEXPECT_EQ(t, vfs_mount(ns, "/kt/x", "tmpfs", "size=12q"), -ENOENT);
	KEXPECT_EQ(t, vfs_mount(ns, "/kt/x:c", "tmpfs", "size=12q"), -EINVAL);
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/mnt/over", 0, &f), 0);
	KEXPECT_EQ(t, vfs_umount(ns, "/kt/mnt"), -EBUSY);
	vfs_close(f);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/mnt/over", "/kt/over"), -EXDEV);
	KEXPECT_EQ(t, vfs_link(ns, NULL, "/kt/mnt/over", "/kt/over"), -EXDEV);
	KEXPECT_EQ(t, vfs_umount(ns, "/kt/mnt"), 0);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/mnt/under", buf, sizeof(buf)), 5);
	/* a bind: one inode at two places */
	KEXPECT_EQ(t, vfs_bind(ns, "/kt/other:c", "/kt/mnt"), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/other/under", &a), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/mnt/under", &b), 0);
	KEXPECT_EQ(t, a.ino, b.ino);
	KEXPECT_EQ(t, a.dev, b.dev);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/other/new:c", "via bind"), 0);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/mnt/new", buf, sizeof(buf)), 8);
	KEXPECT_EQ(t, vfs_bind(ns, "/kt/file2:c", "/kt/mnt/new"), 0); /* a file on a file */
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/file2", buf, sizeof(buf)), 8);
	KEXPECT_EQ(t, vfs_bind(ns, "/kt/mnt/new", "/kt/mnt"), -ENOTDIR);
	ns_put(ns);
}

static void namespaces_isolate(struct ktest *t)
{
	struct namespace *ns = vfs_test_setup(t), *child, *copy;
	struct file *f, *pf;
	struct vfs_stat st;
	char buf[16];

	KASSERT_TRUE(t, ns != NULL);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/shared/in:cp", "in"), 0);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/secret:c", "secret"), 0);
	KEXPECT_EQ(t, vfs_symlink(ns, NULL, "/etc/version", "/kt/shared/abs"), 0);
	KEXPECT_EQ(t, vfs_symlink(ns, NULL, "../secret", "/kt/shared/rel"), 0);
	KEXPECT_EQ(t, vfs_mkdir(ns, NULL, "/kt/shared/sub", 0755), 0);
	KEXPECT_EQ(t, vfs_mount(ns, "/kt/shared/sub", "tmpfs", "size=16k"), 0);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/shared/sub/mounted:c", "m"), 0);
	child = ns_create_empty();
	KASSERT_TRUE(t, child != NULL);
	KEXPECT_EQ(t, vfs_bind_from(child, "/shared:c", ns, "/kt/shared"), 0);
	KEXPECT_EQ(t, vfs_test_get(child, NULL, "/shared/in", buf, sizeof(buf)), 2);
	KEXPECT_EQ(t, vfs_stat(child, NULL, "/etc/version", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(child, NULL, "/shared/../kt/secret", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(child, NULL, "/shared/../../../etc", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(child, NULL, "/shared/abs", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(child, NULL, "/shared/rel", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(child, NULL, "/shared/sub/mounted", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(child, NULL, "/shared/sub:d", &st), 0); /* the dir under */
	KASSERT_EQ(t, vfs_open(child, NULL, "/shared:d", 0, &f), 0);
	KEXPECT_EQ(t, vfs_stat(child, f, "../kt/secret", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(child, f, "../../etc/version", &st), -ENOENT);
	vfs_close(f);
	/* a directory of the parent handed over: ".." stays at its root */
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/shared:d", 0, &pf), 0);
	KEXPECT_EQ(t, vfs_stat(child, pf, "in", &st), 0);
	KEXPECT_EQ(t, vfs_stat(child, pf, "../secret", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(child, pf, "../../etc/version", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(child, pf, "sub/mounted", &st), -ENOENT);
	vfs_close(pf);
	ns_put(child);
	/* a copy has the ordinary mounts, not the :private ones */
	KEXPECT_EQ(t, vfs_mount(ns, "/kt/pub:c", "tmpfs", "size=16k"), 0);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/pub/p:c", "p"), 0);
	KEXPECT_EQ(t, vfs_mount(ns, "/etc/hidden:c:private", "tmpfs", "size=16k"), 0);
	KEXPECT_EQ(t, vfs_test_put(ns, "/etc/hidden/h:c", "h"), 0);
	copy = ns_copy(ns);
	KASSERT_TRUE(t, copy != NULL);
	KEXPECT_EQ(t, vfs_stat(copy, NULL, "/etc/hidden/h", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_stat(copy, NULL, "/kt/pub/p", &st), -ENOENT); /* on /kt:private */
	KEXPECT_EQ(t, vfs_stat(copy, NULL, "/etc/version", &st), 0);
	ns_put(copy);
	KEXPECT_EQ(t, vfs_umount(ns, "/etc/hidden"), 0);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/etc/hidden"), 0);
	ns_put(ns);
}

KTEST_SUITE(vfs, KTEST_CASE(ramdisk_files_are_there), KTEST_CASE(path_flags_and_errors),
	    KTEST_CASE(symlinks_resolve_and_loop), KTEST_CASE(permissions_only_narrow),
	    KTEST_CASE(mounts_hide_and_binds_share), KTEST_CASE(namespaces_isolate),
	    KTEST_CASE(vfs_links_and_unlink_while_open), KTEST_CASE(vfs_rename_cases),
	    KTEST_CASE(vfs_tmpfs_full), KTEST_CASE(vfs_fill_and_readdir),
	    KTEST_CASE(vfs_readers_beside_writers));
