/* The initial ramdisk (fs/initrd.c). */
#ifndef LOOM_INITRD_H
#define LOOM_INITRD_H

#include <loom/cpio.h>

/* Find a file by path ("kernel/modules/hello.ko", no leading '/'):
 * 0 with its data and size, -ENOENT, or -EINVAL if the ramdisk is corrupt. */
int initrd_find(const char *path, const void **data, u64 *size);
/* Iterate every entry: fn returns non-zero to stop. */
int initrd_for_each(int (*fn)(const struct cpio_entry *e, void *ctx), void *ctx);

#endif
