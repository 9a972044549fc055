/*
 * The loader's framebuffer (UEFI GOP, boot_info->fb) as /dev/fb/N: one
 * fb_info registered at boot (device_initcall, after devfs). Without a
 * framebuffer (a PVH boot, or QEMU -vga none) it logs so and makes no
 * files. Its pixels are physical memory the loader described: mapped
 * page by page from fb->base.
 */
#define pr_fmt(fmt) "fb: " fmt

#include <loom/boot.h>
#include <loom/errno.h>
#include <loom/fb.h>
#include <loom/init.h>
#include <loom/mm.h>
#include <loom/printk.h>
#include "boot_fb.h"

static u64 boot_fb_page_phys(struct fb_info *info, u64 off)
{
	return boot_info->fb.base + off;
}

static const struct fb_ops boot_fb_ops = {
	.page_phys = boot_fb_page_phys,
};

static struct fb_info boot_fb_info = {
	.name = "efi-gop",
	.ops = &boot_fb_ops,
	.index = -1,
};

static int boot_fb_init(void)
{
	const struct boot_framebuffer *fb = &boot_info->fb;
	bool bgrx;
	int err = boot_fb_check(&bgrx);

	if (err)
		return err == -ENODEV && fb->format == BOOT_FB_NONE ? 0 : err;
	if (fb->base & (PAGE_SIZE - 1)) {
		pr_err("framebuffer at %#llx is not page aligned: no /dev/fb files\n",
		       (unsigned long long)fb->base);
		return -EINVAL;
	}
	boot_fb_info.format = bgrx ? FB_FORMAT_BGRX : FB_FORMAT_RGBX;
	boot_fb_info.base = phys_to_virt(fb->base);
	boot_fb_info.width = fb->width;
	boot_fb_info.height = fb->height;
	boot_fb_info.pitch = fb->pitch;
	return fb_register(&boot_fb_info);
}
device_initcall(boot_fb_init);
