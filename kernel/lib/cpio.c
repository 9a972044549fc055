/* cpio newc reader: see include/loom/cpio.h. Pure code. */
#include <loom/cpio.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>

#define HDR_LEN 110

static int hex8(const u8 *p, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		u8 c = p[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

void cpio_iter_init(struct cpio_iter *it, const void *archive, u64 size)
{
	it->base = archive;
	it->size = size;
	it->off = 0;
	it->done = false;
}

static int bad(const char **msg, const char *why)
{
	if (msg)
		*msg = why;
	return -EINVAL;
}

int cpio_next(struct cpio_iter *it, struct cpio_entry *e, const char **msg)
{
	const u8 *h;
	u32 f[13];
	u64 name_off, data_off, end;

	if (it->done)
		return 0;
	if (it->off > it->size || it->size - it->off < HDR_LEN)
		return bad(msg, "truncated header");
	h = it->base + it->off;
	if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
		return bad(msg, "bad magic (not a cpio newc archive)");
	for (int i = 0; i < 13; i++)
		if (hex8(h + 6 + 8 * i, &f[i]))
			return bad(msg, "header field is not hexadecimal");
	e->mode = f[1];
	e->size = f[6];
	e->namesize = f[11];
	name_off = it->off + HDR_LEN;
	if (e->namesize == 0 || e->namesize > it->size - name_off)
		return bad(msg, "name runs past the end");
	e->name = (const char *)it->base + name_off;
	if (e->name[e->namesize - 1] != '\0' || strnlen(e->name, e->namesize) != e->namesize - 1)
		return bad(msg, "name is not NUL-terminated");
	data_off = ALIGN_UP(name_off + e->namesize, 4);
	if (data_off > it->size || e->size > it->size - data_off)
		return bad(msg, "file data runs past the end");
	e->data = it->base + data_off;
	end = ALIGN_UP(data_off + e->size, 4);
	it->off = end;
	if (!strcmp(e->name, "TRAILER!!!")) {
		it->done = true;
		return 0;
	}
	return 1;
}
