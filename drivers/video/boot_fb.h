/*
 * The loader's framebuffer (boot_info->fb) checked before a driver uses
 * it: shared by the text console (fbcon) and the framebuffer core's boot
 * driver (fb_boot.c), either of which may be built without the other.
 */
#ifndef DRIVERS_VIDEO_BOOT_FB_H
#define DRIVERS_VIDEO_BOOT_FB_H

#include <loom/boot.h>
#include <loom/errno.h>
#include <loom/printk.h>

/*
 * 0 with *bgrx (byte 0 blue, else red), -ENODEV when there is none (an
 * info line) or its format is unknown, -EINVAL when the mode does not fit
 * the memory described (an error line). The lines carry the includer's
 * pr_fmt.
 */
static inline int boot_fb_check(bool *bgrx)
{
	const struct boot_framebuffer *fb = &boot_info->fb;

	switch (fb->format) {
	case BOOT_FB_NONE: pr_info("no framebuffer\n"); return -ENODEV;
	case BOOT_FB_RGBX: *bgrx = false; break;
	case BOOT_FB_BGRX: *bgrx = true; break;
	default: pr_err("unknown pixel format %u\n", fb->format); return -ENODEV;
	}
	if (!fb->base || (u64)fb->pitch * fb->height > fb->size) {
		pr_err("%ux%u with pitch %u does not fit %llu bytes at %#llx\n", fb->width,
		       fb->height, fb->pitch, (unsigned long long)fb->size,
		       (unsigned long long)fb->base);
		return -EINVAL;
	}
	return 0;
}

#endif
