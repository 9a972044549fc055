/*
 * Shared memory as files (ipc/shmem.c): opening /dev/shmem/new makes an
 * anonymous shared-memory object and names it /dev/shmem/ID while it
 * lives. Its size is set once, by writing "size N" to the file or by the
 * first mmap (offset + length); pages are zeroed and allocated on their
 * first touch in any mapping and shared by every mapping of the object.
 * Reading the file gives "ID SIZE\n". The object goes with the last file
 * open on it (mappings hold theirs), and its pages with it.
 */
#ifndef LOOM_SHMEM_H
#define LOOM_SHMEM_H

#include <loom/types.h>

#define SHMEM_SIZE_MAX (4ULL << 30) /* bytes of one object: then -EFBIG */

/* Live objects and the data pages they hold (not counting the 1/512
 * more of leaf tables), for leak checks. */
struct shmem_stats {
	u64 objects, pages;
};
void shmem_get_stats(struct shmem_stats *st);

#endif
