/*
 * KTAP suite "fb": the framebuffer core on a framebuffer of its own (RAM
 * pages, 100x30 pixels with a pitch of 448 bytes: 13,440 bytes, four
 * pages mapped), so it runs on every boot, with or without a screen: the
 * files and their text, read/write/seek bounds, the writer count and the
 * client's graphics calls, the mmap op's range check, and the user
 * program /tests/fbmap (mmap from user space, permissions, process exit
 * releasing the mapping).
 */
#include <loom/errno.h>
#include <loom/fb.h>
#include <loom/ktest.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include <loom/vm.h>
#include "../proc/capture.h"

#define W      100
#define H      30
#define PITCH  448
#define SIZE   (PITCH * H)
#define NPAGES 4

static u64 ram_page_phys(struct fb_info *info, u64 off)
{
	return virt_to_phys(info->base) + off;
}

static const struct fb_ops ram_fb_ops = {
	.page_phys = ram_page_phys,
};

static struct fb_info ram_fb = {
	.name = "ktest-ram",
	.ops = &ram_fb_ops,
	.width = W,
	.height = H,
	.pitch = PITCH,
	.format = FB_FORMAT_RGBX,
	.index = -1,
};

/* Register the RAM framebuffer: its index, or -1 (failed, reported). */
static int ram_fb_up(struct ktest *t)
{
	phys_addr_t pa = pages_alloc_contig(NPAGES, PAGE_SIZE);

	if (!KEXPECT_TRUE(t, pa != 0))
		return -1;
	ram_fb.base = phys_to_virt(pa);
	memset(ram_fb.base, 0, NPAGES * PAGE_SIZE);
	if (!KEXPECT_EQ(t, fb_register(&ram_fb), 0)) {
		pages_free_contig(pa, NPAGES);
		return -1;
	}
	return ram_fb.index;
}

static void ram_fb_down(void)
{
	fb_unregister(&ram_fb);
	pages_free_contig(virt_to_phys(ram_fb.base), NPAGES);
	ram_fb.base = NULL;
}

static struct file *fb_open(int index, const char *file, u32 perms, int *err)
{
	char path[48];
	struct file *f = NULL;

	snprintf(path, sizeof(path), "/dev/fb/%d/%s", index, file);
	*err = vfs_open(vfs_root_ns(), NULL, path, perms, &f);
	return *err ? NULL : f;
}

static void fb_files_text(struct ktest *t)
{
	char buf[64] = { 0 };
	struct vfs_stat st;
	struct file *f;
	int idx = ram_fb_up(t), err;

	if (idx < 0)
		return;
	f = fb_open(idx, "info", PERM_READ, &err);
	if (KEXPECT_EQ(t, err, 0)) {
		KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf) - 1), 16);
		KEXPECT_STREQ(t, buf, "100 30 448 rgbx\n");
		KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 0);
		KEXPECT_TRUE(t, vfs_write(f, "1 1 4 rgbx\n", 11) < 0);
		KEXPECT_EQ(t, vfs_fstat(f, &st), 0);
		KEXPECT_EQ(t, st.size, 16);
		vfs_close(f);
	}
	memset(buf, 0, sizeof(buf));
	f = fb_open(idx, "name", PERM_READ, &err);
	if (KEXPECT_EQ(t, err, 0)) {
		KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf) - 1), 10);
		KEXPECT_STREQ(t, buf, "ktest-ram\n");
		vfs_close(f);
	}
	f = fb_open(idx, "buffer", PERM_READ, &err);
	if (KEXPECT_EQ(t, err, 0)) {
		KEXPECT_EQ(t, vfs_fstat(f, &st), 0);
		KEXPECT_EQ(t, st.size, SIZE);
		vfs_close(f);
	}
	ram_fb_down();
	/* unregistered: the files are gone */
	KEXPECT_TRUE(t, fb_open(idx, "info", PERM_READ, &err) == NULL);
	KEXPECT_EQ(t, err, -ENOENT);
}

static void fb_buffer_bounds(struct ktest *t)
{
	u8 buf[16], in[16];
	struct file *f;
	int idx = ram_fb_up(t), err;

	if (idx < 0)
		return;
	f = fb_open(idx, "buffer", PERM_READ | PERM_WRITE, &err);
	if (!KEXPECT_EQ(t, err, 0))
		goto out;
	for (int i = 0; i < 16; i++)
		buf[i] = (u8)(0xa0 + i);
	/* write and read back, the bytes are the pixels */
	KEXPECT_EQ(t, vfs_write(f, buf, 16), 16);
	KEXPECT_EQ(t, memcmp(ram_fb.base, buf, 16), 0);
	KEXPECT_EQ(t, vfs_seek(f, 0, VFS_SEEK_SET), 0);
	KEXPECT_EQ(t, vfs_read(f, in, 16), 16);
	KEXPECT_EQ(t, memcmp(in, buf, 16), 0);
	/* seeks: [0, size] only */
	KEXPECT_EQ(t, vfs_seek(f, SIZE, VFS_SEEK_SET), SIZE);
	KEXPECT_EQ(t, vfs_seek(f, SIZE + 1, VFS_SEEK_SET), -EINVAL);
	KEXPECT_EQ(t, vfs_seek(f, -1, VFS_SEEK_SET), -EINVAL);
	KEXPECT_EQ(t, vfs_seek(f, 1, VFS_SEEK_END), -EINVAL);
	KEXPECT_EQ(t, vfs_seek(f, -(s64)SIZE - 1, VFS_SEEK_END), -EINVAL);
	KEXPECT_EQ(t, vfs_seek(f, 5, 7), -EINVAL);
	KEXPECT_EQ(t, vfs_seek(f, -4, VFS_SEEK_END), SIZE - 4);
	KEXPECT_EQ(t, vfs_seek(f, 2, VFS_SEEK_CUR), SIZE - 2);
	KEXPECT_EQ(t, vfs_seek(f, -3, VFS_SEEK_CUR), SIZE - 5);
	/* a write running past the end writes what fits */
	KEXPECT_EQ(t, vfs_write(f, buf, 16), 5);
	KEXPECT_EQ(t, memcmp(ram_fb.base + SIZE - 5, buf, 5), 0);
	KEXPECT_EQ(t, ram_fb.base[SIZE], 0); /* not past the buffer */
	/* at the end: nothing fits, nothing to read */
	KEXPECT_EQ(t, vfs_write(f, buf, 16), -ENOSPC);
	KEXPECT_EQ(t, vfs_read(f, in, 16), 0);
	KEXPECT_EQ(t, vfs_write(f, buf, 0), 0);
	vfs_close(f);
	/* read-only: writes refused by the VFS */
	f = fb_open(idx, "buffer", PERM_READ, &err);
	if (KEXPECT_EQ(t, err, 0)) {
		KEXPECT_TRUE(t, vfs_write(f, buf, 1) < 0);
		vfs_close(f);
	}
out:
	ram_fb_down();
}

static int client_on, client_off;
static struct fb_info *client_last;

static void test_graphics(struct fb_info *info, bool on)
{
	client_last = info;
	if (on)
		client_on++;
	else
		client_off++;
}

static const struct fb_client test_client = { .graphics = test_graphics };

static void fb_writers_and_client(struct ktest *t)
{
	struct file *r, *w1, *w2;
	int idx, err, reg = fb_client_register(&test_client);

	if (reg == -EBUSY) {
		ktest_skip(t, "a console is the client (a boot with a screen)");
		return;
	}
	KEXPECT_EQ(t, reg, 0);
	client_on = client_off = 0;
	idx = ram_fb_up(t);
	if (idx < 0)
		goto out;
	r = fb_open(idx, "buffer", PERM_READ, &err);
	KEXPECT_EQ(t, err, 0);
	KEXPECT_EQ(t, ram_fb.writers, 0); /* readers are not writers */
	w1 = fb_open(idx, "buffer", PERM_READ | PERM_WRITE, &err);
	KEXPECT_EQ(t, err, 0);
	w2 = fb_open(idx, "buffer", PERM_WRITE, &err);
	KEXPECT_EQ(t, err, 0);
	KEXPECT_EQ(t, ram_fb.writers, 2);
	KEXPECT_EQ(t, client_on, 1); /* the first writer only */
	KEXPECT_TRUE(t, client_last == &ram_fb);
	vfs_close(w1);
	KEXPECT_EQ(t, client_off, 0);
	/* a reference held elsewhere (a mapping) keeps the writer */
	vfs_file_get(w2);
	vfs_close(w2);
	KEXPECT_EQ(t, client_off, 0);
	vfs_close(w2);
	KEXPECT_EQ(t, client_off, 1); /* the last writer went */
	KEXPECT_EQ(t, ram_fb.writers, 0);
	vfs_close(r);
	/* a client registering while a writer draws is told at once */
	fb_client_unregister(&test_client);
	w1 = fb_open(idx, "buffer", PERM_WRITE, &err);
	KEXPECT_EQ(t, err, 0);
	client_on = 0;
	KEXPECT_EQ(t, fb_client_register(&test_client), 0);
	KEXPECT_EQ(t, client_on, 1);
	KEXPECT_EQ(t, fb_client_register(&test_client), -EBUSY);
	vfs_close(w1);
	ram_fb_down();
out:
	fb_client_unregister(&test_client);
}

static void fb_register_checks(struct ktest *t)
{
	struct fb_info bad = ram_fb;

	bad.base = (u8 *)0x1000;
	bad.pitch = W * 4 - 4; /* narrower than a line */
	KEXPECT_EQ(t, fb_register(&bad), -EINVAL);
	bad.pitch = PITCH;
	bad.format = 7;
	KEXPECT_EQ(t, fb_register(&bad), -EINVAL);
	bad.format = FB_FORMAT_BGRX;
	bad.width = 0;
	KEXPECT_EQ(t, fb_register(&bad), -EINVAL);
	KEXPECT_EQ(t, bad.index, -1);
}

/* The file's mmap op checks the range against the buffer (four pages). */
static void fb_mmap_op_bounds(struct ktest *t)
{
	struct vm_area a;
	struct file *f;
	int idx = ram_fb_up(t), err;

	if (idx < 0)
		return;
	f = fb_open(idx, "buffer", PERM_READ, &err);
	if (!KEXPECT_EQ(t, err, 0))
		goto out;
	KEXPECT_TRUE(t, f->ops->mmap != NULL);
	a = (struct vm_area){ .end = NPAGES * PAGE_SIZE, .prot = VM_READ };
	KEXPECT_EQ(t, f->ops->mmap(f, &a), 0);
	KEXPECT_TRUE(t, a.ops != NULL && a.priv == f && (a.flags & VM_IO));
	if (a.ops) {
		a.start = 0x400000;
		a.end = a.start + NPAGES * PAGE_SIZE;
		KEXPECT_EQ(t, a.ops->fault(&a, a.start + PAGE_SIZE),
			   virt_to_phys(ram_fb.base) + PAGE_SIZE);
	}
	a = (struct vm_area){ .end = (NPAGES + 1) * PAGE_SIZE, .prot = VM_READ };
	KEXPECT_EQ(t, f->ops->mmap(f, &a), -ENXIO);
	a = (struct vm_area){ .end = PAGE_SIZE, .prot = VM_READ, .pgoff = NPAGES * PAGE_SIZE };
	KEXPECT_EQ(t, f->ops->mmap(f, &a), -ENXIO);
	a = (struct vm_area){ .end = PAGE_SIZE, .prot = VM_READ, .pgoff = ~0ULL << 12 };
	KEXPECT_EQ(t, f->ops->mmap(f, &a), -ENXIO);
	a = (struct vm_area){ .end = PAGE_SIZE,
			      .prot = VM_READ,
			      .pgoff = (NPAGES - 1) * PAGE_SIZE };
	KEXPECT_EQ(t, f->ops->mmap(f, &a), 0);
	vfs_close(f);
out:
	ram_fb_down();
}

struct run {
	char status[64];
	char out[2048];
};

/* /tests/fbmap on the RAM framebuffer: every case passes (none skipped),
 * and a process that exits while mapping it writable releases it. */
static void fb_user_mmap(struct ktest *t)
{
	char idx_s[8];
	const char *argv[3] = { "/tests/fbmap", idx_s, "hold" };
	struct run *r = kzalloc(sizeof(*r));
	int idx = r ? ram_fb_up(t) : -1;

	if (!KEXPECT_TRUE(t, r != NULL) || idx < 0)
		goto out;
	snprintf(idx_s, sizeof(idx_s), "%d", idx);
	if (!KEXPECT_TRUE(t, capture_run(argv, 2, r->status, sizeof(r->status), r->out,
					 sizeof(r->out)) > 0)) {
		ktest_fail(t, __FILE__, __LINE__, "no /tests/fbmap (CONFIG_USR_TESTS?)");
		goto down;
	}
	KEXPECT_STREQ(t, r->status, "0");
	KEXPECT_TRUE(t, strstr(r->out, "ok 5 readonly_file_maps_readonly\n"));
	KEXPECT_TRUE(t, !strstr(r->out, "not ok") && !strstr(r->out, "SKIP"));
	if (t->failed)
		ktest_fail(t, __FILE__, __LINE__, "output:\n%s", r->out);
	KEXPECT_EQ(t, ram_fb.writers, 0);
	ram_fb.base[0] = 0;
	KEXPECT_EQ(t, capture_run(argv, 3, r->status, sizeof(r->status), NULL, 0), 0);
	KEXPECT_STREQ(t, r->status, "0");
	KEXPECT_EQ(t, ram_fb.base[0], 0x11); /* written through the mapping */
	KEXPECT_EQ(t, ram_fb.writers, 0);    /* exit closed the mapped file */
down:
	ram_fb_down();
out:
	kfree(r);
}

KTEST_SUITE(fb, KTEST_CASE(fb_files_text), KTEST_CASE(fb_buffer_bounds),
	    KTEST_CASE(fb_writers_and_client), KTEST_CASE(fb_register_checks),
	    KTEST_CASE(fb_mmap_op_bounds), KTEST_CASE(fb_user_mmap));
