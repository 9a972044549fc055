/*
 * The initial ramdisk: checks the cpio archive the loader passed and logs
 * what it holds. (The root file system is filled from it once the VFS
 * exists.) A corrupt archive is refused with a log line naming the offset.
 */
#include <loom/boot.h>
#include <loom/cpio.h>
#include <loom/init.h>
#include <loom/mm.h>
#include <loom/printk.h>
#include <uapi/loom/errno.h>

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
	return 0;
}
late_initcall(initrd_init);
