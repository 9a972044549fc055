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

	switch (fb->format) {
	case BOOT_FB_NONE: pr_info("no framebuffer: no /dev/fb files\n"); return 0;
	case BOOT_FB_RGBX: boot_fb_info.format = FB_FORMAT_RGBX; break;
	case BOOT_FB_BGRX: boot_fb_info.format = FB_FORMAT_BGRX; break;
	default: pr_err("unknown pixel format %u: no /dev/fb files\n", fb->format); return -ENODEV;
	}
	if (!fb->base || (fb->base & (PAGE_SIZE - 1)) || (u64)fb->pitch * fb->height > fb->size) {
		pr_err("%ux%u with pitch %u at %#llx (%llu bytes) cannot be mapped\n", fb->width,
		       fb->height, fb->pitch, (unsigned long long)fb->base,
		       (unsigned long long)fb->size);
		return -EINVAL;
	}
	boot_fb_info.base = phys_to_virt(fb->base);
	boot_fb_info.width = fb->width;
	boot_fb_info.height = fb->height;
	boot_fb_info.pitch = fb->pitch;
	return fb_register(&boot_fb_info);
}
device_initcall(boot_fb_init);
