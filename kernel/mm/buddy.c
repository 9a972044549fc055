/* Buddy allocator core: see include/loom/buddy.h. Pure code. */
#include <loom/buddy.h>
#include <uapi/loom/errno.h>

#define PAGE	   4096ULL
#define FREE_MAGIC 0x46524545424c4b31ULL /* "FREEBLK1" */

/* Header written at the start of every free block. */
struct free_block {
	u64 magic;
	u64 order;
	u64 prev, next; /* physical addresses, 0 = none */
};

static struct free_block *hdr(struct buddy *b, u64 pa)
{
	return b->virt(pa);
}

static u64 frame(struct buddy *b, u64 pa)
{
	return (pa - b->base) / PAGE;
}

static bool is_head(struct buddy *b, u64 pa)
{
	u64 f = frame(b, pa);

	return (b->bitmap[f / 64] >> (f % 64)) & 1;
}

static void set_head(struct buddy *b, u64 pa, bool on)
{
	u64 f = frame(b, pa);

	if (on)
		b->bitmap[f / 64] |= 1ULL << (f % 64);
	else
		b->bitmap[f / 64] &= ~(1ULL << (f % 64));
}

static void push(struct buddy *b, u64 pa, unsigned order)
{
	struct free_block *h = hdr(b, pa);

	h->magic = FREE_MAGIC;
	h->order = order;
	h->prev = 0;
	h->next = b->heads[order];
	if (h->next)
		hdr(b, h->next)->prev = pa;
	b->heads[order] = pa;
	set_head(b, pa, true);
}

static void unlink_block(struct buddy *b, u64 pa, unsigned order)
{
	struct free_block *h = hdr(b, pa);

	if (h->prev)
		hdr(b, h->prev)->next = h->next;
	else
		b->heads[order] = h->next;
	if (h->next)
		hdr(b, h->next)->prev = h->prev;
	h->magic = 0;
	set_head(b, pa, false);
}

void buddy_init(struct buddy *b, u64 base, u64 span, u64 *bitmap, void *(*virt)(u64 pa))
{
	b->base = base;
	b->span = span;
	b->bitmap = bitmap;
	b->virt = virt;
	for (unsigned i = 0; i <= BUDDY_MAX_ORDER; i++)
		b->heads[i] = 0;
	b->free_pages = b->total_pages = 0;
}

static bool in_span(struct buddy *b, u64 pa, unsigned order)
{
	return pa >= b->base && !(pa % PAGE) && frame(b, pa) + (1ULL << order) <= b->span;
}

/* Insert a free block, merging with free buddies. */
static void insert(struct buddy *b, u64 pa, unsigned order)
{
	while (order < BUDDY_MAX_ORDER) {
		u64 buddy = b->base + ((frame(b, pa) ^ (1ULL << order)) * PAGE);

		if (!in_span(b, buddy, order) || !is_head(b, buddy) ||
		    hdr(b, buddy)->order != order)
			break;
		unlink_block(b, buddy, order);
		if (buddy < pa)
			pa = buddy;
		order++;
	}
	push(b, pa, order);
}

void buddy_add_range(struct buddy *b, u64 pa, u64 pages)
{
	u64 end;

	if (pa < b->base)
		return;
	end = pa + pages * PAGE;
	if (frame(b, end - 1) >= b->span)
		end = b->base + b->span * PAGE;
	while (pa < end) {
		unsigned order = 0;
		u64 f = frame(b, pa);

		/* The largest block aligned at pa that fits before end. */
		while (order < BUDDY_MAX_ORDER && !(f & ((2ULL << order) - 1)) &&
		       pa + (2ULL << order) * PAGE <= end)
			order++;
		b->free_pages += 1ULL << order;
		b->total_pages += 1ULL << order;
		insert(b, pa, order);
		pa += (1ULL << order) * PAGE;
	}
}

u64 buddy_alloc(struct buddy *b, unsigned order)
{
	unsigned o = order;
	u64 pa;

	if (order > BUDDY_MAX_ORDER)
		return 0;
	while (o <= BUDDY_MAX_ORDER && !b->heads[o])
		o++;
	if (o > BUDDY_MAX_ORDER)
		return 0;
	pa = b->heads[o];
	unlink_block(b, pa, o);
	/* Split: the upper halves go back as free blocks. */
	while (o > order) {
		o--;
		push(b, pa + (1ULL << o) * PAGE, o);
	}
	b->free_pages -= 1ULL << order;
	return pa;
}

int buddy_free(struct buddy *b, u64 pa, unsigned order)
{
	if (order > BUDDY_MAX_ORDER || !in_span(b, pa, order) ||
	    (frame(b, pa) & ((1ULL << order) - 1)))
		return -EINVAL;
	/* Already free: pa inside a free block of this order or larger. */
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		u64 head = b->base + (frame(b, pa) & ~((1ULL << o) - 1)) * PAGE;

		if (is_head(b, head) && hdr(b, head)->order >= o &&
		    frame(b, head) + (1ULL << hdr(b, head)->order) > frame(b, pa))
			return -EINVAL;
	}
	b->free_pages += 1ULL << order;
	insert(b, pa, order);
	return 0;
}

int buddy_free_pages(struct buddy *b, u64 pa, u64 n)
{
	while (n) {
		unsigned order = 0;
		u64 f;
		int err;

		if (!in_span(b, pa, 0))
			return -EINVAL;
		f = frame(b, pa);
		while (order < BUDDY_MAX_ORDER && !(f & ((2ULL << order) - 1)) &&
		       (2ULL << order) <= n)
			order++;
		err = buddy_free(b, pa, order);
		if (err)
			return err;
		pa += (1ULL << order) * PAGE;
		n -= 1ULL << order;
	}
	return 0;
}

unsigned buddy_order_for(u64 n)
{
	unsigned order = 0;

	while ((1ULL << order) < n)
		order++;
	return order;
}
