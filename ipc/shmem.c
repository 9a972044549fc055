/*
 * Shared memory as files: /dev/shmem/new and /dev/shmem/ID
 * (include/loom/shmem.h, Documentation/files.md).
 *
 * An object is a size and a two-level table of its pages: a top array of
 * leaf pages, each 512 physical addresses; both levels and the pages are
 * filled on first touch with a compare-and-swap, so a fault is O(1) and
 * takes no lock, and two address spaces touching one page at once end up
 * with the same page. Mapped areas hold a reference to the open file (like
 * the framebuffer's), the file one on the object: the object is freed with
 * the last file, after every mapping is gone and its TLB entries flushed.
 *
 * Locking: open and release run under vfs_lock (written), which guards the
 * object's file count and its /dev/shmem/ID name; size_lock guards
 * setting the size (the mmap op runs without vfs_lock); faults run under
 * the address space's lock and only read the size.
 */
#include <loom/cmdline.h>
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/init.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/shmem.h>
#include <loom/slab.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include <loom/vm.h>

#define LEAF_ENTRIES (PAGE_SIZE / sizeof(u64)) /* pages per leaf: 2 MiB */
#define TEXT_MAX     48			       /* "ID SIZE\n" */

struct shmem {
	u64 id;
	u32 files; /* open files (vfs_lock) */
	spinlock_t size_lock;
	u64 size;      /* bytes, page aligned; 0: not set yet */
	u64 *leaves;   /* physical addresses of the leaves (0: none yet), one per
			     2 MiB of size; allocated with the size */
	char name[24]; /* "shmem/ID" */
};

static u64 next_id = 1;	 /* vfs_lock */
static u64 live_objects; /* vfs_lock */
static u64 live_pages;	 /* atomic */

void shmem_get_stats(struct shmem_stats *st)
{
	st->objects = READ_ONCE(live_objects);
	st->pages = __atomic_load_n(&live_pages, __ATOMIC_RELAXED);
}

static u64 nr_leaves(u64 size)
{
	return (size / PAGE_SIZE + LEAF_ENTRIES - 1) / LEAF_ENTRIES;
}

/* Set the size once: 0; -EBUSY when it is set to another; -EFBIG; -ENOMEM. */
static int shmem_set_size(struct shmem *s, u64 size)
{
	u64 *leaves, irq;
	int r = 0;

	if (!size)
		return -EINVAL;
	if (size > SHMEM_SIZE_MAX)
		return -EFBIG;
	size = ALIGN_UP(size, PAGE_SIZE);
	if (__atomic_load_n(&s->size, __ATOMIC_ACQUIRE))
		return s->size == size ? 0 : -EBUSY;
	leaves = kzalloc(nr_leaves(size) * sizeof(*leaves));
	if (!leaves)
		return -ENOMEM;
	irq = spin_lock_irqsave(&s->size_lock);
	if (s->size) {
		r = s->size == size ? 0 : -EBUSY;
	} else {
		s->leaves = leaves;
		leaves = NULL;
		__atomic_store_n(&s->size, size, __ATOMIC_RELEASE); /* leaves first */
	}
	spin_unlock_irqrestore(&s->size_lock, irq);
	kfree(leaves);
	return r;
}

/* *slot, filled with a new zeroed page if empty: its address, or 0;
 * *made says whether this call's page went in. */
static u64 slot_fill(u64 *slot, bool *made)
{
	u64 pa = __atomic_load_n(slot, __ATOMIC_ACQUIRE), want = 0;

	*made = false;
	if (pa)
		return pa;
	pa = page_alloc_zeroed();
	if (!pa)
		return 0;
	if (!__atomic_compare_exchange_n(slot, &want, pa, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		page_free(pa); /* another fault was first: use its page */
		return want;
	}
	*made = true;
	return pa;
}

/* The page at byte offset off (< size), allocated on first use; 0: out of memory. */
static u64 shmem_page(struct shmem *s, u64 off)
{
	u64 idx = off / PAGE_SIZE, leaf_pa, pa;
	bool made;

	leaf_pa = slot_fill(&s->leaves[idx / LEAF_ENTRIES], &made);
	if (!leaf_pa)
		return 0;
	pa = slot_fill((u64 *)phys_to_virt(leaf_pa) + idx % LEAF_ENTRIES, &made);
	if (made)
		__atomic_add_fetch(&live_pages, 1, __ATOMIC_RELAXED);
	return pa;
}

static void shmem_free(struct shmem *s)
{
	for (u64 l = 0; s->size && l < nr_leaves(s->size); l++) {
		u64 *leaf = s->leaves[l] ? phys_to_virt(s->leaves[l]) : NULL;
		u64 n = 0;

		for (u64 i = 0; leaf && i < LEAF_ENTRIES; i++) {
			if (leaf[i]) {
				page_free(leaf[i]);
				n++;
			}
		}
		if (leaf)
			page_free(s->leaves[l]);
		__atomic_sub_fetch(&live_pages, n, __ATOMIC_RELAXED);
	}
	kfree(s->leaves);
	kfree(s);
}

/* --- the files --------------------------------------------------------------- */
static const struct file_ops shmem_fops;

/* /dev/shmem/new: a new object, named /dev/shmem/ID. */
static struct shmem *shmem_create(void)
{
	struct shmem *s = kzalloc(sizeof(*s));
	int r;

	if (!s)
		return NULL;
	s->size_lock = (spinlock_t)SPINLOCK_INIT;
	s->id = next_id;
	snprintf(s->name, sizeof(s->name), "shmem/%llu", (unsigned long long)s->id);
	r = devfs_register_locked(s->name, &shmem_fops, s, 0666);
	if (r) {
		pr_warn("shmem: /dev/%s not registered (error %d)", s->name, r);
		kfree(s);
		return NULL;
	}
	next_id++;
	live_objects++;
	return s;
}

static int shmem_open(struct file *f)
{
	struct shmem *s = f->inode->priv; /* NULL: /dev/shmem/new */

	if (!s && !(s = shmem_create()))
		return -ENOMEM;
	s->files++;
	f->priv = s;
	return 0;
}

static void shmem_release(struct file *f)
{
	struct shmem *s = f->priv;

	if (--s->files)
		return;
	devfs_unregister_locked(s->name);
	live_objects--;
	shmem_free(s);
}

static int shmem_text(struct shmem *s, char *buf, size_t size)
{
	return snprintf(buf, size, "%llu %llu\n", (unsigned long long)s->id,
			(unsigned long long)__atomic_load_n(&s->size, __ATOMIC_ACQUIRE));
}

static ssize_t shmem_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	char text[TEXT_MAX];
	int len = shmem_text(f->priv, text, sizeof(text));

	if (*pos >= (u64)len)
		return 0;
	n = MIN(n, (u64)len - *pos);
	memcpy(buf, text + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

/* One command a write: "size N" (bytes, decimal or 0x hex; a final newline
 * allowed). */
static ssize_t shmem_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct shmem *s = f->priv;
	char cmd[TEXT_MAX];
	u64 size;
	int r;

	if (!n || n >= sizeof(cmd))
		goto bad;
	memcpy(cmd, buf, n);
	cmd[n] = '\0';
	if (cmd[n - 1] == '\n')
		cmd[n - 1] = '\0';
	if (strncmp(cmd, "size ", 5) || parse_u64(cmd + 5, &size))
		goto bad;
	r = shmem_set_size(s, size);
	if (r == -EBUSY)
		pr_info("shmem: %llu: size already %llu, not %llu", (unsigned long long)s->id,
			(unsigned long long)s->size, (unsigned long long)size);
	else if (r == -EFBIG || r == -EINVAL)
		pr_info("shmem: %llu: size %llu refused (1 to %llu bytes)",
			(unsigned long long)s->id, (unsigned long long)size, SHMEM_SIZE_MAX);
	return r ? r : (ssize_t)n;
bad:
	pr_info("shmem: %llu: bad command (size N)", (unsigned long long)s->id);
	return -EINVAL;
}

/* Back to the start of the text (to read it again): SEEK_SET only. */
static s64 shmem_seek(struct file *f, s64 off, int whence)
{
	if (whence != VFS_SEEK_SET || off < 0 || off > TEXT_MAX)
		return -EINVAL;
	f->pos = (u64)off;
	return off;
}

/* --- mappings: the area's priv is the open file, one reference per area ------ */
static u64 map_fault(struct vm_area *a, u64 addr)
{
	struct file *f = a->priv;
	struct shmem *s = f->priv;
	u64 off = a->pgoff + (addr - a->start);

	if (off >= __atomic_load_n(&s->size, __ATOMIC_ACQUIRE))
		return 0;
	return shmem_page(s, off);
}

static void map_release(struct vm_area *a, u64 pa)
{
	/* the page stays the object's until the object goes */
}

static const struct vm_ops shmem_vm_ops = {
	.fault = map_fault,
	.release = map_release,
	.open = vfs_area_file_get,
	.close = vfs_area_file_put,
};

static int shmem_mmap(struct file *f, struct vm_area *a)
{
	struct shmem *s = f->priv;
	u64 len = a->end - a->start, size = __atomic_load_n(&s->size, __ATOMIC_ACQUIRE);
	int r;

	if (!size) { /* the first mmap sets the size */
		if (a->pgoff > SHMEM_SIZE_MAX || len > SHMEM_SIZE_MAX - a->pgoff)
			return -EFBIG;
		r = shmem_set_size(s, a->pgoff + len);
		if (r && r != -EBUSY) /* -EBUSY: set by someone else meanwhile */
			return r;
		size = s->size;
	}
	if (a->pgoff > size || len > size - a->pgoff) {
		pr_info("shmem: %llu: mmap of %#llx bytes at %#llx: past the size %#llx",
			(unsigned long long)s->id, (unsigned long long)len,
			(unsigned long long)a->pgoff, (unsigned long long)size);
		return -ENXIO;
	}
	a->ops = &shmem_vm_ops;
	a->priv = f;
	return 0;
}

static const struct file_ops shmem_fops = {
	.open = shmem_open,
	.release = shmem_release,
	.read = shmem_read,
	.write = shmem_write,
	.seek = shmem_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
	.mmap = shmem_mmap,
};

static int shmem_init(void)
{
	int r = devfs_register("shmem/new", &shmem_fops, NULL, 0666);

	if (r)
		pr_err("shmem: /dev/shmem/new not registered (error %d)", r);
	return r;
}
device_initcall(shmem_init);
