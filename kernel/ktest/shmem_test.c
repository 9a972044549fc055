/*
 * KTAP suite "shmem": shared memory as files (ipc/shmem.c) on two test
 * address spaces: the id and size text, the "size N" command, the first
 * mmap setting the size, lazy pages shared by both spaces (the same
 * physical page), bounds (-ENXIO, -EFBIG, -EINVAL), permissions (a
 * read-only open maps read-only, mprotect cannot lift it), /dev/shmem/ID
 * reaching the same object and vanishing with it, every page back
 * after the last close and unmap, in either order, and /tests/shmem (two
 * processes sharing an object by share()/claim() and by name).
 */
#include <loom/cmdline.h>
#include <loom/errno.h>
#include <loom/ktest.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/shmem.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include <loom/vm.h>
#include <asm/pgtable.h>
#include "../proc/capture.h"

static struct addr_space as1, as2;

static struct file *sopen(struct ktest *t, const char *path, u32 perms, int *err)
{
	struct file *f = NULL;

	*err = vfs_open(vfs_root_ns(), NULL, path, perms, &f);
	return *err ? NULL : f;
}

/* "ID SIZE\n" of f, read from the start: the id (size in *size). */
static u64 read_id(struct file *f, u64 *size)
{
	char buf[64] = { 0 }, *sp;
	u64 id = 0;
	ssize_t n;

	if (vfs_seek(f, 0, VFS_SEEK_SET))
		return 0;
	n = vfs_read(f, buf, sizeof(buf) - 1);
	if (n <= 0 || buf[n - 1] != '\n')
		return 0;
	buf[n - 1] = '\0';
	sp = strchr(buf, ' ');
	if (!sp)
		return 0;
	*sp = '\0';
	if (parse_u64(buf, &id) || parse_u64(sp + 1, size))
		return 0;
	return id;
}

static ssize_t cmd(struct file *f, const char *s)
{
	return vfs_write(f, s, strlen(s));
}

static u64 pa_of(struct addr_space *as, u64 va)
{
	int lvl;

	return pte_lookup(as->pml4, va, &lvl) & PTE_ADDR;
}

static void text_and_size_command(struct ktest *t)
{
	struct shmem_stats st0, st;
	struct file *a, *b;
	u64 ida, idb, size = 1;
	int err;

	shmem_get_stats(&st0);
	a = sopen(t, "/dev/shmem/new", 0, &err);
	KASSERT_EQ(t, err, 0);
	b = sopen(t, "/dev/shmem/new", 0, &err);
	if (!KEXPECT_EQ(t, err, 0)) {
		vfs_close(a);
		return;
	}
	ida = read_id(a, &size);
	KEXPECT_NE(t, ida, 0);
	KEXPECT_EQ(t, size, 0); /* not set yet */
	idb = read_id(b, &size);
	KEXPECT_NE(t, idb, 0);
	KEXPECT_NE(t, ida, idb);
	shmem_get_stats(&st);
	KEXPECT_EQ(t, st.objects, st0.objects + 2);
	KEXPECT_EQ(t, cmd(a, "size 10000\n"), 11);
	read_id(a, &size);
	KEXPECT_EQ(t, size, 12288);		 /* whole pages */
	KEXPECT_EQ(t, cmd(a, "size 12288"), 10); /* the same size again */
	KEXPECT_EQ(t, cmd(a, "size 4096"), -EBUSY);
	KEXPECT_EQ(t, cmd(b, "size 0"), -EINVAL);
	KEXPECT_EQ(t, cmd(b, "size 0x100000001"), -EFBIG);
	KEXPECT_EQ(t, cmd(b, "size ten"), -EINVAL);
	KEXPECT_EQ(t, cmd(b, "size"), -EINVAL);
	KEXPECT_EQ(t, cmd(b, "resize 4096"), -EINVAL);
	KEXPECT_EQ(t, vfs_write(b, "", 0), -EINVAL);
	KEXPECT_EQ(t, vfs_seek(b, 0, VFS_SEEK_END), -EINVAL);
	KEXPECT_EQ(t, cmd(b, "size 0x2000"), 11);
	read_id(b, &size);
	KEXPECT_EQ(t, size, 8192);
	vfs_close(a);
	vfs_close(b);
	shmem_get_stats(&st);
	KEXPECT_EQ(t, st.objects, st0.objects);
}

/* One object mapped in two address spaces: pages on first touch, the
 * same physical page in both, every page back after the last close. */
static void shared_between_spaces(struct ktest *t)
{
	struct shmem_stats st0, st;
	struct page_stats ps0, ps;
	struct file *f;
	s64 m1, m2;
	char buf[8];
	int err;

	/* warm the heap's caches with one round, so that the page count
	 * below is exact */
	f = sopen(t, "/dev/shmem/new", 0, &err);
	KASSERT_EQ(t, err, 0);
	vfs_close(f);
	shmem_get_stats(&st0);
	page_alloc_stats(&ps0);
	KASSERT_EQ(t, as_create(&as1), 0);
	if (!KEXPECT_EQ(t, as_create(&as2), 0)) {
		as_destroy(&as1);
		return;
	}
	f = sopen(t, "/dev/shmem/new", 0, &err);
	if (!KEXPECT_EQ(t, err, 0))
		goto out;
	m1 = vfs_mmap(&as1, f, 0, 64 * PAGE_SIZE, VM_READ | VM_WRITE, 0, 0);
	m2 = vfs_mmap(&as2, f, 0, 32 * PAGE_SIZE, VM_READ | VM_WRITE, 0, 32 * PAGE_SIZE);
	KEXPECT_TRUE(t, m1 > 0 && m2 > 0);
	if (m1 <= 0 || m2 <= 0)
		goto close;
	shmem_get_stats(&st);
	KEXPECT_EQ(t, st.pages, st0.pages); /* nothing until touched */
	as_switch(&as1);
	KEXPECT_EQ(t, copy_to_user(m1 + 40 * PAGE_SIZE + 8, "hello", 6), 0);
	KEXPECT_EQ(t, copy_to_user(m1 + 3, "x", 1), 0);
	shmem_get_stats(&st);
	KEXPECT_EQ(t, st.pages, st0.pages + 2);
	as_switch(&as2);
	/* page 40 of the object is page 8 of the second mapping */
	KEXPECT_EQ(t, copy_from_user(buf, m2 + 8 * PAGE_SIZE + 8, 6), 0);
	KEXPECT_STREQ(t, buf, "hello");
	KEXPECT_EQ(t, pa_of(&as1, m1 + 40 * PAGE_SIZE), pa_of(&as2, m2 + 8 * PAGE_SIZE));
	KEXPECT_EQ(t, copy_to_user(m2 + 31 * PAGE_SIZE, "back", 5), 0);
	KEXPECT_EQ(t, copy_from_user(buf, m2 + 5 * PAGE_SIZE, 8), 0); /* fresh: zero */
	KEXPECT_EQ(t, buf[0] | buf[7], 0);
	shmem_get_stats(&st);
	KEXPECT_EQ(t, st.pages, st0.pages + 4);
	as_switch(&as1);
	KEXPECT_EQ(t, copy_from_user(buf, m1 + 63 * PAGE_SIZE, 5), 0);
	KEXPECT_STREQ(t, buf, "back");
	KEXPECT_EQ(t, as1.resident, 3);
	KEXPECT_EQ(t, as2.resident, 3);
	/* unmapping keeps the pages: they are the object's */
	KEXPECT_EQ(t, vm_munmap(&as1, m1, 64 * PAGE_SIZE), 0);
	shmem_get_stats(&st);
	KEXPECT_EQ(t, st.pages, st0.pages + 4);
	as_switch(&as2);
	KEXPECT_EQ(t, copy_from_user(buf, m2 + 8 * PAGE_SIZE + 8, 6), 0);
	KEXPECT_STREQ(t, buf, "hello");
close:
	vfs_close(f); /* the mapping in as2 keeps the object */
	shmem_get_stats(&st);
	KEXPECT_EQ(t, st.objects, st0.objects + 1);
out:
	as_destroy(&as1);
	as_destroy(&as2); /* the last reference: the object goes */
	shmem_get_stats(&st);
	KEXPECT_EQ(t, st.objects, st0.objects);
	KEXPECT_EQ(t, st.pages, st0.pages);
	page_alloc_stats(&ps);
	KEXPECT_EQ(t, ps.free, ps0.free);
}

static void bounds(struct ktest *t)
{
	struct vm_area a;
	struct file *f;
	u64 size = 0;
	s64 m;
	int err;

	KASSERT_EQ(t, as_create(&as1), 0);
	f = sopen(t, "/dev/shmem/new", 0, &err);
	if (!KEXPECT_EQ(t, err, 0))
		goto out;
	/* too big for a first mmap: nothing set */
	KEXPECT_EQ(t, vfs_mmap(&as1, f, 0, SHMEM_SIZE_MAX + PAGE_SIZE, VM_READ, 0, 0), -EFBIG);
	KEXPECT_EQ(t, vfs_mmap(&as1, f, 0, PAGE_SIZE, VM_READ, 0, SHMEM_SIZE_MAX), -EFBIG);
	KEXPECT_EQ(t, vfs_mmap(&as1, f, 0, PAGE_SIZE, VM_READ, 0, 100), -EINVAL);
	read_id(f, &size);
	KEXPECT_EQ(t, size, 0);
	/* the first mmap sets the size: offset + length */
	m = vfs_mmap(&as1, f, 0, 3 * PAGE_SIZE, VM_READ, 0, PAGE_SIZE);
	KEXPECT_TRUE(t, m > 0);
	read_id(f, &size);
	KEXPECT_EQ(t, size, 4 * PAGE_SIZE);
	KEXPECT_EQ(t, vfs_mmap(&as1, f, 0, 5 * PAGE_SIZE, VM_READ, 0, 0), -ENXIO);
	KEXPECT_EQ(t, vfs_mmap(&as1, f, 0, PAGE_SIZE, VM_READ, 0, 4 * PAGE_SIZE), -ENXIO);
	KEXPECT_EQ(t, vfs_mmap(&as1, f, 0, 2 * PAGE_SIZE, VM_READ, 0, 3 * PAGE_SIZE), -ENXIO);
	KEXPECT_EQ(t, vfs_mmap(&as1, f, 0, PAGE_SIZE, VM_READ, 0, ~0ULL << 12), -ENXIO);
	KEXPECT_EQ(t, cmd(f, "size 8192"), -EBUSY);
	/* the op itself, and a fault past the size finds no page */
	a = (struct vm_area){ .end = PAGE_SIZE, .prot = VM_READ, .pgoff = 3 * PAGE_SIZE };
	KEXPECT_EQ(t, f->ops->mmap(f, &a), 0);
	a.start = 0x400000;
	a.end = a.start + PAGE_SIZE;
	a.pgoff = 4 * PAGE_SIZE;
	KEXPECT_EQ(t, a.ops->fault(&a, a.start), 0);
	m = vfs_mmap(&as1, f, 0, 4 * PAGE_SIZE, VM_READ | VM_WRITE, 0, 0);
	KEXPECT_TRUE(t, m > 0);
	vfs_close(f);
out:
	as_destroy(&as1);
}

static void permissions(struct ktest *t)
{
	struct file *w, *r, *wo;
	char path[32], buf[4];
	u64 id, size;
	s64 m;
	int err;

	KASSERT_EQ(t, as_create(&as1), 0);
	w = sopen(t, "/dev/shmem/new", 0, &err);
	if (!KEXPECT_EQ(t, err, 0))
		goto out;
	KEXPECT_EQ(t, cmd(w, "size 8192"), 9);
	id = read_id(w, &size);
	snprintf(path, sizeof(path), "/dev/shmem/%llu:r", (unsigned long long)id);
	r = sopen(t, path, 0, &err);
	KEXPECT_EQ(t, err, 0);
	snprintf(path, sizeof(path), "/dev/shmem/%llu:w", (unsigned long long)id);
	wo = sopen(t, path, 0, &err);
	KEXPECT_EQ(t, err, 0);
	if (r && wo) {
		KEXPECT_EQ(t, vfs_mmap(&as1, r, 0, PAGE_SIZE, VM_READ | VM_WRITE, 0, 0), -EACCES);
		KEXPECT_EQ(t, vfs_mmap(&as1, wo, 0, PAGE_SIZE, VM_READ, 0, 0), -EACCES);
		KEXPECT_EQ(t, cmd(r, "size 8192"), -EACCES);
		m = vfs_mmap(&as1, r, 0, 2 * PAGE_SIZE, VM_READ, 0, 0);
		KEXPECT_TRUE(t, m > 0);
		if (m > 0) {
			as_switch(&as1);
			KEXPECT_EQ(t, vm_mprotect(&as1, m, PAGE_SIZE, VM_READ | VM_WRITE), -EACCES);
			KEXPECT_EQ(t, copy_to_user(m, "x", 1), -EFAULT);
			KEXPECT_EQ(t, copy_from_user(buf, m, 1), 0);
		}
	}
	vfs_close(wo);
	vfs_close(r);
	vfs_close(w);
out:
	as_destroy(&as1);
}

/* /dev/shmem/ID is the same object while it lives, and only then. */
static void named_object(struct ktest *t)
{
	struct file *a, *b;
	char path[32], buf[8];
	u64 id, id2, size;
	s64 ma, mb;
	int err;

	KASSERT_EQ(t, as_create(&as1), 0);
	a = sopen(t, "/dev/shmem/new", 0, &err);
	if (!KEXPECT_EQ(t, err, 0))
		goto out;
	id = read_id(a, &size);
	snprintf(path, sizeof(path), "/dev/shmem/%llu", (unsigned long long)id);
	b = sopen(t, path, 0, &err);
	KEXPECT_EQ(t, err, 0);
	if (!b) {
		vfs_close(a);
		goto out;
	}
	KEXPECT_EQ(t, read_id(b, &size), id);
	ma = vfs_mmap(&as1, a, 0, 2 * PAGE_SIZE, VM_READ | VM_WRITE, 0, 0);
	mb = vfs_mmap(&as1, b, 0, 2 * PAGE_SIZE, VM_READ | VM_WRITE, 0, 0);
	KEXPECT_TRUE(t, ma > 0 && mb > 0 && ma != mb);
	as_switch(&as1);
	KEXPECT_EQ(t, copy_to_user(ma + PAGE_SIZE, "named", 6), 0);
	KEXPECT_EQ(t, copy_from_user(buf, mb + PAGE_SIZE, 6), 0);
	KEXPECT_STREQ(t, buf, "named");
	/* the files closed, the mappings keep the object and its name */
	vfs_close(a);
	vfs_close(b);
	b = sopen(t, path, PERM_READ, &err);
	KEXPECT_EQ(t, err, 0);
	if (b) {
		KEXPECT_EQ(t, read_id(b, &size), id);
		KEXPECT_EQ(t, size, 2 * PAGE_SIZE);
		vfs_close(b);
	}
	KEXPECT_EQ(t, vm_munmap(&as1, ma, 2 * PAGE_SIZE), 0);
	KEXPECT_EQ(t, vm_munmap(&as1, mb, 2 * PAGE_SIZE), 0);
	b = sopen(t, path, 0, &err);
	KEXPECT_EQ(t, err, -ENOENT);
	vfs_close(b);
	/* ids are not reused */
	a = sopen(t, "/dev/shmem/new", 0, &err);
	KEXPECT_EQ(t, err, 0);
	if (a) {
		id2 = read_id(a, &size);
		KEXPECT_TRUE(t, id2 > id);
		vfs_close(a);
	}
	KEXPECT_EQ(t, sopen(t, "/dev/shmem/new:nofollow:ce", 0, &err), NULL);
	KEXPECT_EQ(t, err, -EEXIST);
out:
	as_destroy(&as1);
}

struct run {
	char status[64];
	char out[2048];
};

/* /tests/shmem: a parent and the child it spawns share an object through
 * share()/claim() and through its name; afterwards no object is left. */
static void user_processes(struct ktest *t)
{
	const char *argv[] = { "/tests/shmem" };
	struct run *r = kzalloc(sizeof(*r));
	struct shmem_stats st0, st;

	KASSERT_TRUE(t, r != NULL);
	shmem_get_stats(&st0);
	if (!KEXPECT_TRUE(t, capture_run(argv, 1, r->status, sizeof(r->status), r->out,
					 sizeof(r->out)) > 0)) {
		ktest_fail(t, __FILE__, __LINE__, "no /tests/shmem (CONFIG_USR_TESTS?)");
		goto out;
	}
	KEXPECT_STREQ(t, r->status, "0");
	KEXPECT_TRUE(t, strstr(r->out, "ok 3 readonly_and_bounds\n") != NULL);
	KEXPECT_TRUE(t, !strstr(r->out, "not ok") && !strstr(r->out, "SKIP"));
	if (t->failed)
		ktest_fail(t, __FILE__, __LINE__, "output:\n%s", r->out);
	shmem_get_stats(&st);
	KEXPECT_EQ(t, st.objects, st0.objects);
	KEXPECT_EQ(t, st.pages, st0.pages);
out:
	kfree(r);
}

KTEST_SUITE(shmem, KTEST_CASE(text_and_size_command), KTEST_CASE(shared_between_spaces),
	    KTEST_CASE(bounds), KTEST_CASE(permissions), KTEST_CASE(named_object),
	    KTEST_CASE(user_processes));
