/*
 * In-kernel tests of the vfs suite on files (see vfs_test.c): hard links,
 * a file unlinked while open (readable until closed, then every object and
 * page back), rename, a full tmpfs, filling from cpio entries, readdir.
 */
#include <loom/cpio.h>
#include <loom/page_alloc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/tmpfs.h>
#include <uapi/loom/errno.h>
#include "vfs_test.h"

static bool same_counts(struct ktest *t, const struct vfs_counts *a)
{
	struct vfs_counts b;

	vfs_get_counts(&b);
	return KEXPECT_EQ(t, a->inodes, b.inodes) & KEXPECT_EQ(t, a->dentries, b.dentries) &
	       KEXPECT_EQ(t, a->files, b.files) & KEXPECT_EQ(t, a->mounts, b.mounts);
}

void vfs_links_and_unlink_while_open(struct ktest *t)
{
	struct namespace *ns = vfs_test_setup(t);
	static char data[3 * 4096 + 100];
	struct vfs_counts before;
	struct vfs_stat st;
	struct file *f;
	u64 pages;
	char buf[16];

	KASSERT_TRUE(t, ns != NULL);
	vfs_get_counts(&before);
	pages = tmpfs_pages_in_use();
	memset(data, 'z', sizeof(data));
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/a:cw", 0, &f), 0);
	KEXPECT_EQ(t, vfs_write(f, data, sizeof(data)), sizeof(data));
	vfs_close(f);
	KEXPECT_EQ(t, tmpfs_pages_in_use(), pages + 4);
	KEXPECT_EQ(t, vfs_link(ns, NULL, "/kt/a", "/kt/b"), 0);
	KEXPECT_EQ(t, vfs_link(ns, NULL, "/kt/a", "/kt/b"), -EEXIST);
	KEXPECT_EQ(t, vfs_mkdir(ns, NULL, "/kt/dir", 0755), 0);
	KEXPECT_EQ(t, vfs_link(ns, NULL, "/kt/dir", "/kt/dir2"), -EPERM);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/b", &st), 0);
	KEXPECT_EQ(t, st.nlink, 2);
	KEXPECT_EQ(t, st.size, sizeof(data));
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/a"), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/a", &st), -ENOENT);
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/b:r", 0, &f), 0);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/b"), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/b", &st), -ENOENT);
	KEXPECT_EQ(t, vfs_fstat(f, &st), 0);
	KEXPECT_EQ(t, st.nlink, 0);
	KEXPECT_EQ(t, vfs_seek(f, 3 * 4096, VFS_SEEK_SET), 3 * 4096);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), sizeof(buf));
	KEXPECT_EQ(t, buf[0], 'z');
	KEXPECT_EQ(t, tmpfs_pages_in_use(), pages + 4); /* still held by the file */
	vfs_close(f);
	KEXPECT_EQ(t, tmpfs_pages_in_use(), pages);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/dir"), 0);
	same_counts(t, &before);
	ns_put(ns);
}

void vfs_rename_cases(struct ktest *t)
{
	struct namespace *ns = vfs_test_setup(t);
	struct vfs_counts before;
	struct vfs_stat st, st2;
	char buf[16];

	KASSERT_TRUE(t, ns != NULL);
	vfs_get_counts(&before);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/f:c", "one"), 0);
	KEXPECT_EQ(t, vfs_test_put(ns, "/kt/g:c", "two"), 0);
	KEXPECT_EQ(t, vfs_mkdir(ns, NULL, "/kt/d/e:p", 0755), 0);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/f", "/kt/d/f2"), 0);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/d/f2", buf, sizeof(buf)), 3);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/f", &st), -ENOENT);
	/* onto an existing file: it is replaced and freed */
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/g", "/kt/d/f2"), 0);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/d/f2", buf, sizeof(buf)), 3);
	KEXPECT_STREQ(t, buf, "two");
	/* directories */
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/d", &st), 0);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/d/e", "/kt/e2"), 0);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/kt/d", &st2), 0);
	KEXPECT_EQ(t, st2.nlink, st.nlink - 1);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/d", "/kt/d/sub"), -EINVAL);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/e2", "/kt/d"), -ENOTEMPTY);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/e2", "/kt/d/f2"), -ENOTDIR);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/d/f2", "/kt/e2"), -EISDIR);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/nothing", "/kt/x"), -ENOENT);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/d", "/kt/d3"), 0);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/kt/d3/f2", buf, sizeof(buf)), 3);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/d3/f2", "/etc/f2"), -EXDEV);
	KEXPECT_EQ(t, vfs_rename(ns, NULL, "/kt/d3/f2", "/kt/d3/f2"), 0);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/d3/f2"), 0);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/d3"), 0);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/e2"), 0);
	same_counts(t, &before);
	ns_put(ns);
}

void vfs_tmpfs_full(struct ktest *t)
{
	struct namespace *ns = vfs_test_setup(t);
	static char page[4096];
	struct file *f, *g;
	char buf[8];
	u64 pages = tmpfs_pages_in_use();

	KASSERT_TRUE(t, ns != NULL);
	KEXPECT_EQ(t, vfs_mount(ns, "/kt/s:c", "tmpfs", "size=16k"), 0);
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/s/a:crw", 0, &f), 0);
	for (int i = 0; i < 4; i++) {
		memset(page, 'a' + i, sizeof(page));
		KEXPECT_EQ(t, vfs_write(f, page, sizeof(page)), sizeof(page));
	}
	KEXPECT_EQ(t, vfs_write(f, page, 1), -ENOSPC);
	KEXPECT_EQ(t, vfs_seek(f, 4096 - 2, VFS_SEEK_SET), 4094);
	KEXPECT_EQ(t, vfs_read(f, buf, 4), 4);
	KEXPECT_EQ(t, memcmp(buf, "aabb", 4), 0);
	vfs_close(f);
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/s/b:cw", 0, &g), 0);
	KEXPECT_EQ(t, vfs_write(g, page, 10), -ENOSPC);
	KEXPECT_EQ(t, vfs_unlink(ns, NULL, "/kt/s/a"), 0);
	KEXPECT_EQ(t, vfs_write(g, page, 10), 10);
	vfs_close(g);
	KASSERT_EQ(t, vfs_open(ns, NULL, "/kt/s/b:wt", 0, &g), 0);
	vfs_close(g);
	KEXPECT_EQ(t, vfs_umount(ns, "/kt/s"), 0);
	KEXPECT_EQ(t, tmpfs_pages_in_use(), pages);
	ns_put(ns);
}

void vfs_fill_and_readdir(struct ktest *t)
{
	struct vfs_counts before, after;
	struct namespace *ns = (vfs_get_counts(&before), ns_create_empty());
	static const char text[] = "Loom";
	const struct cpio_entry ents[] = {
		{ "./bin", 6, CPIO_S_IFDIR | 0700, NULL, 0 },
		{ "bin/tool", 9, CPIO_S_IFREG | 0750, text, 4 },
		{ "lib/deep/x", 11, CPIO_S_IFREG | 0600, text, 2 },
		{ "link", 5, CPIO_S_IFLNK | 0777, "bin/tool", 8 },
		{ "bad:name", 9, CPIO_S_IFREG | 0644, text, 1 },
		{ "dev", 4, 0020644, NULL, 0 },
	};
	struct vfs_fill_stats fs = { 0 };
	struct vfs_dirent de;
	struct vfs_stat st;
	struct file *d;
	char buf[16];
	u32 seen = 0;

	KASSERT_TRUE(t, ns != NULL);
	for (size_t i = 0; i < ARRAY_SIZE(ents); i++)
		KEXPECT_EQ(t, vfs_fill_entry(ns, &ents[i], &fs), i < 4 ? 0 : -EINVAL);
	KEXPECT_EQ(t, fs.files, 3);
	KEXPECT_EQ(t, fs.dirs, 1);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/bin/tool", &st), 0);
	KEXPECT_EQ(t, st.mode, 0750);
	KEXPECT_EQ(t, vfs_stat(ns, NULL, "/bin", &st), 0);
	KEXPECT_EQ(t, st.mode, 0700);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/link", buf, sizeof(buf)), 4);
	KEXPECT_EQ(t, vfs_test_get(ns, NULL, "/lib/deep/x", buf, sizeof(buf)), 2);
	KASSERT_EQ(t, vfs_open(ns, NULL, "/:d", 0, &d), 0);
	while (vfs_readdir(d, &de) == 1) {
		seen |= !strcmp(de.name, "bin")				       ? 1
			: !strcmp(de.name, "lib")			       ? 2
			: !strcmp(de.name, "link") && de.type == INODE_SYMLINK ? 4
									       : 8;
	}
	KEXPECT_EQ(t, seen, 7);
	KEXPECT_EQ(t, vfs_read(d, buf, 1), -EISDIR);
	vfs_close(d);
	ns_put(ns);
	/* the namespace, its root tmpfs and every object are gone */
	vfs_get_counts(&after);
	KEXPECT_EQ(t, memcmp(&before, &after, sizeof(before)), 0);
}
