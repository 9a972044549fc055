/* The user-space allocator (usr/libc/malloc.c) over a counting fake mmap:
 * random allocation and free with content checks, realloc, calloc, big
 * blocks returned to the system, and double frees caught. Also provides
 * the hooks the library's pure files need on the host. */
#include "test.h"
#include "libc_host.h"
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int maps, unmaps, fail_maps;
static size_t mapped;
static int u_errno;
static jmp_buf abort_jmp;
static int abort_armed;

int *u_errno_location(void)
{
	return &u_errno;
}

void *u_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	void *p;

	if (fail_maps)
		return (void *)-1;
	p = mmap(addr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return (void *)-1;
	maps++;
	mapped += len;
	return p;
}

int u_munmap(void *addr, size_t len)
{
	unmaps++;
	mapped -= len;
	return munmap(addr, len);
}

long u_write(int fd, const void *buf, size_t n)
{
	return (long)n; /* the allocator's complaint; the test checks the abort */
}

void u_abort(void)
{
	if (abort_armed)
		longjmp(abort_jmp, 1);
	abort();
}

void __malloc_lock(void)
{
}

void __malloc_unlock(void)
{
}

static void fill(unsigned char *p, size_t n, unsigned tag)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(tag + i * 13);
}

static int same(const unsigned char *p, size_t n, unsigned tag)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(tag + i * 13))
			return 0;
	return 1;
}

TEST(libc_malloc_stress)
{
	enum { N = 2000 };
	static unsigned char *ptr[N];
	static size_t len[N];
	unsigned seed = 7;
	int bad = 0;

	for (int step = 0; step < 60000; step++) {
		int i;

		seed = seed * 1103515245 + 12345;
		i = (seed >> 8) % N;
		if (ptr[i]) {
			if (!same(ptr[i], len[i], i))
				bad++;
			if (seed & 0x10000) {
				size_t n = (seed >> 4) % 3000;
				unsigned char *q = u_realloc(ptr[i], n ? n : 1);

				if (!q || !same(q, len[i] < n ? len[i] : n, i))
					bad++;
				ptr[i] = q;
				len[i] = n ? n : 1;
				fill(q, len[i], i);
			} else {
				u_free(ptr[i]);
				ptr[i] = NULL;
			}
		} else {
			size_t n =
				(seed >> 12) % 16 == 0 ? (seed >> 4) % 200000 : (seed >> 4) % 700;

			ptr[i] = u_malloc(n);
			len[i] = n;
			if (!ptr[i] || ((uintptr_t)ptr[i] & 15) || u_malloc_usable_size(ptr[i]) < n)
				bad++;
			else
				fill(ptr[i], n, i);
		}
	}
	for (int i = 0; i < N; i++) {
		if (ptr[i] && !same(ptr[i], len[i], i))
			bad++;
		u_free(ptr[i]);
	}
	EXPECT_EQ(bad, 0);
}

TEST(libc_malloc_large_and_calloc)
{
	int m0 = maps, u0 = unmaps;
	unsigned char *p = u_malloc(1 << 20), *q;

	EXPECT_TRUE(p != NULL);
	EXPECT_EQ(maps, m0 + 1);
	p[0] = 1;
	p[(1 << 20) - 1] = 2;
	u_free(p);
	EXPECT_EQ(unmaps, u0 + 1);
	/* calloc clears reused blocks */
	p = u_malloc(100);
	memset(p, 0xee, 100);
	u_free(p);
	q = u_calloc(10, 10);
	EXPECT_TRUE(q != NULL);
	for (int i = 0; i < 100; i++)
		EXPECT_EQ(q[i], 0);
	u_free(q);
	/* overflowing calloc and huge malloc fail with ENOMEM */
	EXPECT_TRUE(u_calloc(SIZE_MAX / 2, 4) == NULL);
	EXPECT_TRUE(u_malloc(SIZE_MAX - 8) == NULL);
	EXPECT_EQ(u_errno, 12);
	/* an mmap failure is ENOMEM, not a crash */
	fail_maps = 1;
	EXPECT_TRUE(u_malloc(5 << 20) == NULL);
	fail_maps = 0;
	EXPECT_TRUE(u_realloc(NULL, 10) != NULL);
}

TEST(libc_malloc_double_free_caught)
{
	void *volatile p = u_malloc(48);
	volatile int caught = 0;

	u_free(p);
	abort_armed = 1;
	if (!setjmp(abort_jmp))
		u_free(p);
	else
		caught = 1;
	abort_armed = 0;
	EXPECT_EQ(caught, 1);
	/* a pointer into the middle of a block is refused too */
	p = u_malloc(64);
	abort_armed = 1;
	caught = 0;
	if (!setjmp(abort_jmp))
		u_free((char *)p + 16);
	else
		caught = 1;
	abort_armed = 0;
	EXPECT_EQ(caught, 1);
	u_free(p);
}
