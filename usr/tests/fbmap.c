/*
 * mmap of a framebuffer (/dev/fb/N/buffer, N from argv[1], default 0):
 * the mapping shows the same bytes as read() and write(), keeps working
 * after close(fd), splits correctly at a partial munmap, and refuses bad
 * offsets, lengths, flags and permissions with the documented errors.
 * Without that framebuffer (a PVH boot) every case is skipped; the
 * kernel's fb suite runs it on a framebuffer of its own.
 */
#include <errno.h>
#include <loom.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "utest.h"

#define PAGE 4096

static char dev[32];
static long fb_bytes; /* pitch * height */

/* The geometry from info: 0, or -1 when there is no such framebuffer. */
static int fb_geometry(void)
{
	char path[48], text[64], *p;
	unsigned long f[3];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/info", dev);
	fd = open(path);
	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = 0;
	p = text;
	for (int i = 0; i < 3; i++) {
		f[i] = strtoul(p, &p, 10);
		if (*p++ != ' ')
			return -1;
	}
	fb_bytes = (long)(f[2] * f[1]); /* pitch * height */
	return 0;
}

static long mapped_bytes(void)
{
	return (fb_bytes + PAGE - 1) / PAGE * PAGE;
}

static int open_buffer(const char *flags)
{
	char path[48];

	snprintf(path, sizeof(path), "%s/buffer%s", dev, flags);
	return open(path);
}

#define NEED_FB()                                  \
	do {                                       \
		if (fb_geometry())                 \
			UT_SKIP("no framebuffer"); \
	} while (0)

/* Bytes written through the mapping are what read() returns, and back. */
UT_CASE(map_matches_read_write)
{
	unsigned char *m, buf[64];
	int fd;

	NEED_FB();
	fd = open_buffer("");
	UT_EXPECT(fd >= 0);
	m = mmap(NULL, (size_t)fb_bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	UT_EXPECT(m != MAP_FAILED);
	if (m == MAP_FAILED)
		return;
	for (int i = 0; i < 64; i++)
		m[fb_bytes - 64 + i] = (unsigned char)(i * 3 + 1);
	UT_EXPECT_EQ(lseek(fd, fb_bytes - 64, SEEK_SET), fb_bytes - 64);
	UT_EXPECT_EQ(read(fd, buf, sizeof(buf)), 64);
	for (int i = 0; i < 64; i++)
		if (buf[i] != (unsigned char)(i * 3 + 1)) {
			UT_EXPECT_EQ(buf[i], i * 3 + 1);
			break;
		}
	memset(buf, 0x5a, sizeof(buf));
	UT_EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	UT_EXPECT_EQ(write(fd, buf, 16), 16);
	UT_EXPECT_EQ(m[0], 0x5a);
	UT_EXPECT_EQ(m[15], 0x5a);
	UT_EXPECT_EQ(munmap(m, (size_t)fb_bytes), 0);
	close(fd);
}

/* The area holds the file: closing the fd leaves the mapping working. */
UT_CASE(mapping_outlives_close)
{
	volatile unsigned char *m;
	unsigned char c = 0;
	int fd;

	NEED_FB();
	fd = open_buffer("");
	m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	UT_EXPECT(m != MAP_FAILED);
	close(fd);
	if (m == MAP_FAILED)
		return;
	m[100] = 0xa7;
	fd = open_buffer(":r");
	UT_EXPECT_EQ(lseek(fd, 100, SEEK_SET), 100);
	UT_EXPECT_EQ(read(fd, &c, 1), 1);
	UT_EXPECT_EQ(c, 0xa7);
	close(fd);
	UT_EXPECT_EQ(munmap((void *)m, PAGE), 0);
}

/* munmap of the middle page: the pages after it still show their own
 * offsets of the buffer. */
UT_CASE(partial_munmap_keeps_offsets)
{
	unsigned char *m, c = 0;
	int fd;

	NEED_FB();
	if (mapped_bytes() < 3 * PAGE)
		UT_SKIP("framebuffer smaller than 3 pages");
	fd = open_buffer("");
	m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	UT_EXPECT(m != MAP_FAILED);
	if (m == MAP_FAILED)
		return;
	UT_EXPECT_EQ(munmap(m + PAGE, PAGE), 0);
	m[2 * PAGE + 5] = 0x3c;
	UT_EXPECT_EQ(lseek(fd, 2 * PAGE + 5, SEEK_SET), 2 * PAGE + 5);
	UT_EXPECT_EQ(read(fd, &c, 1), 1);
	UT_EXPECT_EQ(c, 0x3c);
	/* an offset mapping shows the same byte */
	{
		unsigned char *o = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 2 * PAGE);

		UT_EXPECT(o != MAP_FAILED);
		if (o != MAP_FAILED) {
			UT_EXPECT_EQ(o[5], 0x3c);
			munmap(o, PAGE);
		}
	}
	UT_EXPECT_EQ(munmap(m, 3 * PAGE), 0);
	close(fd);
}

/* Offsets and lengths past the buffer, unaligned offsets, flags. */
UT_CASE(bad_ranges_and_flags)
{
	long size;
	int fd;

	NEED_FB();
	size = mapped_bytes();
	fd = open_buffer("");
	errno = 0;
	UT_EXPECT(mmap(NULL, (size_t)size + PAGE, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED);
	UT_EXPECT_EQ(errno, ENXIO);
	errno = 0;
	UT_EXPECT(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, size) == MAP_FAILED);
	UT_EXPECT_EQ(errno, ENXIO);
	errno = 0;
	UT_EXPECT(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0x7ffffffffffff000L) == MAP_FAILED);
	UT_EXPECT_EQ(errno, ENXIO);
	errno = 0;
	UT_EXPECT(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 100) == MAP_FAILED);
	UT_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UT_EXPECT(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED);
	UT_EXPECT_EQ(errno, ENOTSUP);
	errno = 0;
	UT_EXPECT(mmap(NULL, PAGE, PROT_READ, 0, fd, 0) == MAP_FAILED);
	UT_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UT_EXPECT(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, 999, 0) == MAP_FAILED);
	UT_EXPECT_EQ(errno, EBADF);
	close(fd);
	/* a file without an mmap op */
	fd = open("/dev/zero");
	errno = 0;
	UT_EXPECT(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED);
	UT_EXPECT_EQ(errno, ENODEV);
	close(fd);
}

/* A file opened read-only maps read-only: not writable, not later. */
UT_CASE(readonly_file_maps_readonly)
{
	volatile unsigned char *m;
	unsigned char c = 0;
	int fd;

	NEED_FB();
	fd = open_buffer(":r");
	UT_EXPECT(fd >= 0);
	errno = 0;
	UT_EXPECT(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
	UT_EXPECT_EQ(errno, EACCES);
	m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	UT_EXPECT(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		UT_EXPECT_EQ(lseek(fd, 7, SEEK_SET), 7);
		UT_EXPECT_EQ(read(fd, &c, 1), 1);
		UT_EXPECT_EQ(m[7], c);
		errno = 0;
		UT_EXPECT_EQ(mprotect((void *)m, PAGE, PROT_READ | PROT_WRITE), -1);
		UT_EXPECT_EQ(errno, EACCES);
		UT_EXPECT_EQ(munmap((void *)m, PAGE), 0);
	}
	close(fd);
}

/* "hold": map the buffer writable, close the fd and exit without munmap:
 * the kernel suite checks that process exit released the file. */
static int hold_and_exit(void)
{
	int fd = open_buffer("");
	unsigned char *m;

	if (fd < 0 || fb_geometry())
		return 2;
	m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return 3;
	m[0] = 0x11;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct ut_case cases[] = {
		UT(map_matches_read_write),	  UT(mapping_outlives_close),
		UT(partial_munmap_keeps_offsets), UT(bad_ranges_and_flags),
		UT(readonly_file_maps_readonly),
	};

	snprintf(dev, sizeof(dev), "/dev/fb/%s", argc > 1 ? argv[1] : "0");
	if (argc > 2 && !strcmp(argv[2], "hold"))
		return hold_and_exit();
	return ut_main("fbmap", cases, sizeof(cases) / sizeof(cases[0]));
}
