/*
 * Reader for cpio "newc" archives (kernel/lib/cpio.c): pure, host-tested.
 * Every header field is checked against the archive's bounds; a corrupt
 * archive makes cpio_next() return an error, never read out of bounds.
 */
#ifndef LOOM_CPIO_H
#define LOOM_CPIO_H

#include <loom/types.h>

struct cpio_entry {
	const char *name; /* NUL-terminated, inside the archive */
	u32 namesize;	  /* incl. the NUL */
	u32 mode;	  /* file type and permissions */
	const void *data;
	u64 size;
};

struct cpio_iter {
	const u8 *base;
	u64 size;
	u64 off;
	bool done;
};

void cpio_iter_init(struct cpio_iter *it, const void *archive, u64 size);
/* 1 with *e filled, 0 at the trailer, or -EINVAL on a corrupt archive
 * (msg, when not NULL, then says what is wrong). */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e, const char **msg);

#define CPIO_S_IFMT  0170000
#define CPIO_S_IFDIR 0040000
#define CPIO_S_IFREG 0100000
#define CPIO_S_IFLNK 0120000

#endif
