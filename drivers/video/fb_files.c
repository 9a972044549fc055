/*
 * The files of one framebuffer (Documentation/video.md):
 *   info    "WIDTH HEIGHT PITCH FORMAT\n", e.g. "1280 800 5120 bgrx\n"
 *   name    the driver's name for it and "\n"
 *   buffer  the pitch * height bytes of pixels: read, write, seek within
 *           them (a seek outside [0, size] is -EINVAL; a write at the end
 *           -ENOSPC, one running past it writes what fits) and mmap
 *           (MAP_SHARED, device memory, write-combining).
 * Opening the buffer writable makes the opener a writer (fb_writer_get)
 * until the file's last reference goes: mappings hold one.
 * Locking: vfs_lock around every op but mmap and the mapping's vm ops
 * (as->lock); the pixels themselves are not locked (as on Linux).
 */
#include <loom/errno.h>
#include <loom/fb.h>
#include <loom/mm.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/vm.h>
#include "fb_internal.h"

static struct fb_info *file_fb(struct file *f)
{
	return f->inode->priv;
}

/* --- info and name: short texts made at each read --------------------------- */
static int info_text(struct fb_info *info, char *buf, size_t size)
{
	return snprintf(buf, size, "%u %u %u %s\n", info->width, info->height, info->pitch,
			fb_format_name(info->format));
}

static int name_text(struct fb_info *info, char *buf, size_t size)
{
	return snprintf(buf, size, "%s\n", info->name);
}

/* info or name: the text of the file f is open on. */
static int file_text(struct file *f, char *buf, size_t size)
{
	struct fb_info *info = file_fb(f);

	return f->ops == &fb_info_fops ? info_text(info, buf, size) : name_text(info, buf, size);
}

static int text_open(struct file *f)
{
	char text[64];

	f->inode->size = (u64)file_text(f, text, sizeof(text));
	return 0;
}

static ssize_t text_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	char text[64];
	int len = file_text(f, text, sizeof(text));

	if (len < 0 || *pos >= (u64)len)
		return 0;
	n = MIN(n, (u64)len - *pos);
	memcpy(buf, text + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

const struct file_ops fb_info_fops = {
	.open = text_open,
	.release = vfs_nop_release,
	.read = text_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

const struct file_ops fb_name_fops = {
	.open = text_open,
	.release = vfs_nop_release,
	.read = text_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

/* --- buffer ------------------------------------------------------------------ */
static int buffer_open(struct file *f)
{
	struct fb_info *info = file_fb(f);

	f->inode->size = fb_size(info);
	f->priv = NULL;
	if (f->perms & PERM_WRITE) {
		fb_writer_get(info);
		f->priv = info; /* counted: put at release */
	}
	return 0;
}

static void buffer_release(struct file *f)
{
	if (f->priv)
		fb_writer_put(f->priv);
	f->priv = NULL;
}

static ssize_t buffer_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct fb_info *info = file_fb(f);
	u64 size = fb_size(info);

	if (*pos >= size)
		return 0;
	n = MIN(n, size - *pos);
	memcpy(buf, info->base + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

static ssize_t buffer_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct fb_info *info = file_fb(f);
	u64 size = fb_size(info);

	if (!n)
		return 0;
	if (*pos >= size)
		return -ENOSPC;
	n = MIN(n, size - *pos);
	memcpy(info->base + *pos, buf, n);
	*pos += n;
	return (ssize_t)n;
}

static s64 buffer_seek(struct file *f, s64 off, int whence)
{
	s64 size = (s64)fb_size(file_fb(f)), base;

	switch (whence) {
	case VFS_SEEK_SET: base = 0; break;
	case VFS_SEEK_CUR: base = (s64)f->pos; break;
	case VFS_SEEK_END: base = size; break;
	default: return -EINVAL;
	}
	if (off < -base || off > size - base)
		return -EINVAL; /* outside [0, size] */
	f->pos = (u64)(base + off);
	return (s64)f->pos;
}

/* The mapping: the area's priv is the open buffer file, one reference per
 * area; its pages are the device's, found by page_phys. */
static u64 map_fault(struct vm_area *a, u64 addr)
{
	struct file *f = a->priv;
	struct fb_info *info = file_fb(f);
	u64 off = a->pgoff + (addr - a->start);

	if (off >= ALIGN_UP(fb_size(info), PAGE_SIZE))
		return 0;
	return info->ops->page_phys(info, off);
}

static void map_release(struct vm_area *a, u64 pa)
{
	/* device memory: nothing to free */
}

static const struct vm_ops fb_vm_ops = {
	.fault = map_fault,
	.release = map_release,
	.open = vfs_area_file_get,
	.close = vfs_area_file_put,
};

static int buffer_mmap(struct file *f, struct vm_area *a)
{
	struct fb_info *info = file_fb(f);
	u64 size = ALIGN_UP(fb_size(info), PAGE_SIZE), len = a->end - a->start;

	if (a->pgoff > size || len > size - a->pgoff) {
		pr_info("fb%d: mmap of %#llx bytes at %#llx: past the %#llx of the buffer\n",
			info->index, (unsigned long long)len, (unsigned long long)a->pgoff,
			(unsigned long long)size);
		return -ENXIO;
	}
	a->ops = &fb_vm_ops;
	a->priv = f;
	a->flags |= VM_IO;
	return 0;
}

const struct file_ops fb_buffer_fops = {
	.open = buffer_open,
	.release = buffer_release,
	.read = buffer_read,
	.write = buffer_write,
	.seek = buffer_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
	.mmap = buffer_mmap,
};
