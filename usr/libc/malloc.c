/*
 * The allocator: size classes for blocks up to 32 KiB, carved from 256 KiB
 * mmap()ed chunks and kept on one free list per class; bigger blocks are
 * mmap()ed alone and unmapped by free(). Every block has a 16-byte header
 * (its class or its mapping size, and a tag that tells allocated from
 * free), so free() of a pointer that malloc() did not return, or of a
 * block already freed, stops the program with a message instead of
 * corrupting memory. Blocks are 16-byte aligned. One lock (a no-op until a
 * second thread exists). Pure apart from mmap/munmap (host-tested over a
 * fake mmap).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "internal.h"

#define HDR	    16
#define CHUNK	    (256 * 1024)
#define SMALL_MAX   32768
#define PAGE	    4096
#define TAG_USED    0xa110c8ed
#define TAG_FREE    0xf4eeb10c
#define CLASS_LARGE 0xffff

struct hdr {
	uint32_t tag;
	uint32_t cls;  /* class index, or CLASS_LARGE */
	uint64_t size; /* the class's block size, or the whole mapping's */
};

struct free_block {
	struct hdr h;
	struct free_block *next;
};

/* Class sizes: 16..128 by 16, then four steps per doubling up to 32 KiB. */
static const uint32_t class_size[] = {
	16,   32,   48,	  64,	80,    96,    112,   128,   160,   192,	  224,	 256,	320,  384,
	448,  512,  640,  768,	896,   1024,  1280,  1536,  1792,  2048,  2560,	 3072,	3584, 4096,
	5120, 6144, 7168, 8192, 10240, 12288, 14336, 16384, 20480, 24576, 28672, 32768,
};
#define NCLASS ((int)(sizeof(class_size) / sizeof(class_size[0])))
static struct free_block *free_list[NCLASS];
static char *chunk_cur, *chunk_end;

static int class_of(size_t n)
{
	int lo = 0, hi = NCLASS - 1;

	if (n > class_size[hi])
		return -1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (class_size[mid] >= n)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

__attribute__((noreturn)) static void heap_corrupt(const char *what, void *p)
{
	char msg[96];
	int n = snprintf(msg, sizeof(msg), "malloc: %s %p\n", what, p);

	write(2, msg, n < (int)sizeof(msg) ? n : (int)sizeof(msg) - 1);
	abort();
}

static void *carve(size_t size)
{
	void *p;

	if (chunk_end - chunk_cur < (long)size) {
		char *c = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			       0);

		if (c == MAP_FAILED)
			return NULL;
		/* the rest of the old chunk is lost: at most one block's worth */
		chunk_cur = c;
		chunk_end = c + CHUNK;
	}
	p = chunk_cur;
	chunk_cur += size;
	return p;
}

void *malloc(size_t n)
{
	struct hdr *h;
	int c;

	if (n > ((size_t)1 << 46)) {
		errno = ENOMEM;
		return NULL;
	}
	c = class_of(n ? n : 1);
	if (c < 0) {
		size_t total = (n + HDR + PAGE - 1) & ~(size_t)(PAGE - 1);

		h = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (h == MAP_FAILED) {
			errno = ENOMEM;
			return NULL;
		}
		h->cls = CLASS_LARGE;
		h->size = total;
		h->tag = TAG_USED;
		return (char *)h + HDR;
	}
	__malloc_lock();
	if (free_list[c]) {
		struct free_block *b = free_list[c];

		if (b->h.tag != TAG_FREE || b->h.cls != (uint32_t)c)
			heap_corrupt("free list corrupted at", b);
		free_list[c] = b->next;
		h = &b->h;
	} else {
		h = carve(class_size[c] + HDR);
		if (!h) {
			__malloc_unlock();
			errno = ENOMEM;
			return NULL;
		}
		h->cls = c;
		h->size = class_size[c];
	}
	h->tag = TAG_USED;
	__malloc_unlock();
	return (char *)h + HDR;
}

static struct hdr *header_of(void *p)
{
	struct hdr *h = (struct hdr *)((char *)p - HDR);

	if ((uintptr_t)p & 15)
		heap_corrupt("free of a pointer malloc did not return:", p);
	if (h->tag == TAG_FREE)
		heap_corrupt("double free of", p);
	if (h->tag != TAG_USED || (h->cls != CLASS_LARGE && h->cls >= (uint32_t)NCLASS))
		heap_corrupt("free of a pointer malloc did not return:", p);
	return h;
}

void free(void *p)
{
	struct hdr *h;
	struct free_block *b;

	if (!p)
		return;
	h = header_of(p);
	if (h->cls == CLASS_LARGE) {
		h->tag = TAG_FREE;
		munmap(h, h->size);
		return;
	}
	__malloc_lock();
	b = (struct free_block *)h;
	b->h.tag = TAG_FREE;
	b->next = free_list[h->cls];
	free_list[h->cls] = b;
	__malloc_unlock();
}

size_t malloc_usable_size(void *p)
{
	struct hdr *h;

	if (!p)
		return 0;
	h = header_of(p);
	return h->cls == CLASS_LARGE ? h->size - HDR : h->size;
}

void *calloc(size_t count, size_t size)
{
	void *p;

	if (size && count > (size_t)-1 / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(count * size);
	if (p)
		memset(p, 0, count * size); /* chunks are reused: always clear */
	return p;
}

void *realloc(void *p, size_t n)
{
	size_t have;
	void *q;

	if (!p)
		return malloc(n);
	if (!n) {
		free(p);
		return NULL;
	}
	have = malloc_usable_size(p);
	if (n <= have && (have <= SMALL_MAX || n > have / 2))
		return p;
	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, n < have ? n : have);
	free(p);
	return q;
}
