/*
 * The initial ramdisk: checks the cpio archive the loader passed and logs
 * what it holds. (The root file system is filled from it once the VFS
 * exists.) A corrupt archive is refused with a log line naming the offset.
 */
#include <loom/boot.h>
#include <loom/cpio.h>
#include <loom/init.h>
#include <loom/initrd.h>
#include <loom/string.h>
#include <loom/mm.h>
#include <loom/printk.h>
#include <uapi/loom/errno.h>

static bool initrd_ok;

int initrd_for_each(int (*fn)(const struct cpio_entry *e, void *ctx), void *ctx)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int r;

	if (!initrd_ok)
		return -ENOENT;
	cpio_iter_init(&it, phys_to_virt(boot_info->ramdisk), boot_info->ramdisk_size);
	while ((r = cpio_next(&it, &e, NULL)) > 0)
		if (fn(&e, ctx))
			return 0;
	return r;
}

struct find_ctx {
	const char *path;
	const struct cpio_entry *found;
	struct cpio_entry e;
};

static int find_one(const struct cpio_entry *e, void *p)
{
	struct find_ctx *c = p;

	if ((e->mode & CPIO_S_IFMT) != CPIO_S_IFREG || strcmp(e->name, c->path))
		return 0;
	c->e = *e;
	c->found = &c->e;
	return 1;
}

int initrd_find(const char *path, const void **data, u64 *size)
{
	struct find_ctx c = { path, NULL, { 0 } };
	int r = initrd_for_each(find_one, &c);

	if (r < 0)
		return r;
	if (!c.found)
		return -ENOENT;
	*data = c.found->data;
	*size = c.found->size;
	return 0;
}

static int initrd_init(void)
{
	struct cpio_iter it;
	struct cpio_entry e;
	const char *why = NULL;
	u64 files = 0, dirs = 0, bytes = 0;
	int r;

	if (!boot_info->ramdisk || !boot_info->ramdisk_size) {
		pr_info("initrd: none");
		return 0;
	}
	cpio_iter_init(&it, phys_to_virt(boot_info->ramdisk), boot_info->ramdisk_size);
	while ((r = cpio_next(&it, &e, &why)) > 0) {
		if ((e.mode & CPIO_S_IFMT) == CPIO_S_IFDIR)
			dirs++;
		else
			files++;
		bytes += e.size;
	}
	if (r < 0) {
		pr_err("initrd: corrupt archive at offset %llu: %s; ignored",
		       (unsigned long long)it.off, why);
		return -EINVAL;
	}
	pr_info("initrd: %llu files, %llu directories, %llu bytes", files, dirs, bytes);
	initrd_ok = true;
	return 0;
}
core_initcall(initrd_init);
