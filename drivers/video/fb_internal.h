/*
 * Private to the framebuffer core (drivers/video/fb*.c): the file ops of
 * /dev/fb/N/info, name and buffer (fb_files.c), with the struct fb_info
 * as the inode's priv.
 */
#ifndef DRIVERS_VIDEO_FB_INTERNAL_H
#define DRIVERS_VIDEO_FB_INTERNAL_H

#include <loom/vfs.h>

extern const struct file_ops fb_info_fops;
extern const struct file_ops fb_name_fops;
extern const struct file_ops fb_buffer_fops;

#endif
