/* The cpio newc reader: good archives, and every truncation or corruption
 * of one must be refused without reading out of bounds (ASan checks). */
#include "test.h"
#include <loom/cpio.h>
#include <stdlib.h>
#include <uapi/loom/errno.h>

static size_t add(unsigned char *buf, size_t off, const char *name, unsigned mode, const char *data,
		  size_t size)
{
	size_t nl = strlen(name) + 1;

	off += sprintf((char *)buf + off,
		       "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", 1, mode, 0,
		       0, 1, 0, size, 0, 0, 0, 0, nl, 0);
	memcpy(buf + off, name, nl);
	off += nl;
	while (off % 4)
		buf[off++] = 0;
	memcpy(buf + off, data, size);
	off += size;
	while (off % 4)
		buf[off++] = 0;
	return off;
}

static size_t make_archive(unsigned char *buf)
{
	size_t off = 0;

	off = add(buf, off, "etc", 040755, "", 0);
	off = add(buf, off, "etc/version", 0100644, "Loom\n", 5);
	off = add(buf, off, "kernel/modules/hello.ko", 0100644, "0123456789abc", 13);
	return add(buf, off, "TRAILER!!!", 0, "", 0);
}

TEST(cpio_reads_entries)
{
	unsigned char buf[1024];
	size_t len = make_archive(buf);
	struct cpio_iter it;
	struct cpio_entry e;
	const char *why = NULL;

	cpio_iter_init(&it, buf, len);
	EXPECT_EQ(cpio_next(&it, &e, &why), 1);
	EXPECT_STREQ(e.name, "etc");
	EXPECT_EQ(e.mode & CPIO_S_IFMT, CPIO_S_IFDIR);
	EXPECT_EQ(cpio_next(&it, &e, &why), 1);
	EXPECT_STREQ(e.name, "etc/version");
	EXPECT_EQ(e.size, 5);
	EXPECT_EQ(memcmp(e.data, "Loom\n", 5), 0);
	EXPECT_EQ(cpio_next(&it, &e, &why), 1);
	EXPECT_EQ(e.size, 13);
	EXPECT_EQ(cpio_next(&it, &e, &why), 0);
	EXPECT_EQ(cpio_next(&it, &e, &why), 0);
}

TEST(cpio_every_truncation_is_refused)
{
	unsigned char buf[1024];
	size_t len = make_archive(buf);

	for (size_t cut = 0; cut < len - 4; cut++) {
		unsigned char *copy = malloc(cut ? cut : 1);
		struct cpio_iter it;
		struct cpio_entry e;
		const char *why = NULL;
		int r;

		memcpy(copy, buf, cut);
		cpio_iter_init(&it, copy, cut);
		while ((r = cpio_next(&it, &e, &why)) > 0)
			;
		if (r != -EINVAL || !why) {
			printf("    # cut at %zu: result %d\n", cut, r);
			*failed = 1;
		}
		free(copy);
	}
}

TEST(cpio_random_corruption_never_reads_out_of_bounds)
{
	unsigned char buf[1024];
	size_t len = make_archive(buf);

	srand(3);
	for (int iter = 0; iter < 20000; iter++) {
		unsigned char *copy = malloc(len);
		struct cpio_iter it;
		struct cpio_entry e;
		int r, steps = 0;

		memcpy(copy, buf, len);
		for (int k = 0; k < 1 + iter % 4; k++)
			copy[rand() % len] = "0123456789abcdefF\0xZ"[rand() % 20];
		cpio_iter_init(&it, copy, len);
		while ((r = cpio_next(&it, &e, NULL)) > 0 && steps++ < 100)
			EXPECT_TRUE((const unsigned char *)e.data + e.size <= copy + len);
		free(copy);
	}
}
