/*
 * Framebuffers as files (drivers/video/fb*.c). A display driver fills a
 * struct fb_info and one const struct fb_ops and calls fb_register(); the
 * core numbers it and makes its devfs files /dev/fb/N/info, name and
 * buffer (Documentation/video.md). A text console drawing on a framebuffer
 * (fbcon) registers a struct fb_client and is told when user programs take
 * the screen (the buffer open for writing, or mapped writable: the open
 * file stays referenced while mapped) and when the last of them gives it
 * back, as Linux's KD_GRAPHICS mode does.
 * Locking: fb_lock (irqsave) guards the table, the writer counts and the
 * client; the client's ->graphics runs under it and must not sleep.
 */
#ifndef LOOM_FB_H
#define LOOM_FB_H

#include <loom/types.h>

#define FB_MAX 4

/* Byte order of one 32-bit pixel in memory. */
enum fb_format {
	FB_FORMAT_RGBX, /* byte 0 red, 1 green, 2 blue, 3 unused: "rgbx" */
	FB_FORMAT_BGRX, /* byte 0 blue, 1 green, 2 red, 3 unused: "bgrx" */
};

struct fb_info;

struct fb_ops {
	/* The physical address of the page holding byte off of the buffer
	 * (off page aligned, below the buffer's size rounded up to pages),
	 * for user mappings; 0 when it cannot be mapped. */
	u64 (*page_phys)(struct fb_info *info, u64 off);
};

struct fb_info {
	const char *name; /* the driver and device, as /dev/fb/N/name shows */
	const struct fb_ops *ops;
	u8 *base;		  /* kernel address of pixel (0, 0)              */
	u32 width, height, pitch; /* pixels, scan lines, bytes per scan line */
	enum fb_format format;	  /* 32 bits per pixel                         */
	void *priv;		  /* the driver's                              */
	/* Owned by the fb core: */
	int index;   /* N in /dev/fb/N; -1 when not registered          */
	u32 writers; /* open writable buffer files (mappings included) */
};

/* Bytes of pixels user programs see: pitch * height. */
static inline u64 fb_size(const struct fb_info *info)
{
	return (u64)info->pitch * info->height;
}

struct fb_client {
	/* on: the first writer of info's buffer came; off: the last went
	 * (repaint the screen). Also called with on at registration for
	 * every framebuffer that has writers. Under fb_lock, irqs off. */
	void (*graphics)(struct fb_info *info, bool on);
};

#ifdef CONFIG_FB
/* Give info a number and its files (the first free N): 0, -EINVAL (a
 * malformed mode: not 32 bpp, pitch below width * 4), -ENOSPC (FB_MAX
 * reached) or a devfs_register error (nothing registered then). */
int fb_register(struct fb_info *info);
void fb_unregister(struct fb_info *info);
/* One client at a time: 0 or -EBUSY. */
int fb_client_register(const struct fb_client *client);
void fb_client_unregister(const struct fb_client *client);
/* For the buffer file: a writer comes and goes (the first and the last
 * tell the client). */
void fb_writer_get(struct fb_info *info);
void fb_writer_put(struct fb_info *info);
/* The format's name in /dev/fb/N/info ("rgbx", "bgrx"). */
const char *fb_format_name(enum fb_format format);
#else
static inline int fb_client_register(const struct fb_client *client)
{
	return 0;
}
static inline void fb_client_unregister(const struct fb_client *client)
{
}
#endif

#endif
