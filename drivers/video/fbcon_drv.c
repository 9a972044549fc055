/*
 * fbcon: the kernel log on the loader's (GOP) framebuffer.
 * On its load event (at boot: it claims BOOT_ALWAYS, built in or as a
 * module), if boot_info describes a framebuffer, clears it
 * and registers console "fb0", which draws through fbtext with the 8x16
 * font and colours each record by its level. The log core serialises the
 * console's calls; they never sleep or allocate.
 * With the framebuffer core (CONFIG_FB) it is that core's client: while a
 * user program owns the screen (/dev/fb/N/buffer open for writing or
 * mapped writable) it keeps its shadow text without drawing, and repaints
 * the screen when the last one is done. fbcon_lock (irqsave, inside
 * log_lock and fb_lock) serialises the renderer between the two.
 */
#define pr_fmt(fmt) "fbcon: " fmt

#include <loom/boot.h>
#include <loom/compiler.h>
#include <loom/console.h>
#include <loom/errno.h>
#include <loom/fb.h>
#include <loom/module.h>
#include <loom/mm.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/types.h>
#include "boot_fb.h"
#include "fbtext.h"

/* Shadow cells for up to 3840x2160 in 8x16 glyphs (126 KiB). */
#define FBCON_MAX_CELLS ((3840 / 8) * (2160 / 16))

static fbtext_cell fbcon_cells[FBCON_MAX_CELLS];
static struct fbtext fbcon_text;
static spinlock_t fbcon_lock = SPINLOCK_INIT;

static const u8 fbcon_level_colour[] = {
	[LOG_EMERG] = FBTEXT_LIGHT_RED, [LOG_ALERT] = FBTEXT_LIGHT_RED,
	[LOG_CRIT] = FBTEXT_LIGHT_RED,	[LOG_ERR] = FBTEXT_LIGHT_RED,
	[LOG_WARNING] = FBTEXT_YELLOW,	[LOG_NOTICE] = FBTEXT_LIGHT_GREY,
	[LOG_INFO] = FBTEXT_LIGHT_GREY, [LOG_DEBUG] = FBTEXT_DARK_GREY,
};

static void fbcon_write(struct console *con, const char *s, size_t len)
{
	u64 irq = spin_lock_irqsave(&fbcon_lock);

	fbtext_write(con->priv, s, len);
	spin_unlock_irqrestore(&fbcon_lock, irq);
}

static void fbcon_set_level(struct console *con, int level)
{
	enum fbtext_colour fg = FBTEXT_LIGHT_GREY;

	if (level >= 0 && level < (int)ARRAY_SIZE(fbcon_level_colour))
		fg = fbcon_level_colour[level];
	fbtext_set_colour(con->priv, fg, FBTEXT_BLACK);
}

/* A user program takes or gives back the screen: only ours matters. */
static void fbcon_graphics(struct fb_info *info, bool on)
{
	u64 irq;

	if (info->base != fbcon_text.base)
		return;
	irq = spin_lock_irqsave(&fbcon_lock);
	fbtext_set_hidden(&fbcon_text, on);
	spin_unlock_irqrestore(&fbcon_lock, irq);
}

static const struct fb_client fbcon_client = {
	.graphics = fbcon_graphics,
};

static const struct console_ops fbcon_ops = {
	.write = fbcon_write,
	.set_level = fbcon_set_level,
};

static struct console fbcon_console = {
	.name = "fb0",
	.ops = &fbcon_ops,
	.priv = &fbcon_text,
};

static int fbcon_init(void)
{
	const struct boot_framebuffer *fb = &boot_info->fb;
	struct fbtext_mode mode;
	bool bgrx;
	int err;

	err = boot_fb_check(&bgrx);
	if (err)
		return err;
	mode.format = bgrx ? FBTEXT_BGRX : FBTEXT_RGBX;
	mode.base = phys_to_virt(fb->base);
	mode.width = fb->width;
	mode.height = fb->height;
	mode.pitch = fb->pitch;
	if (!fbtext_init(&fbcon_text, &mode, &font8x16, fbcon_cells, ARRAY_SIZE(fbcon_cells))) {
		pr_err("cannot draw text on %ux%u with pitch %u\n", fb->width, fb->height,
		       fb->pitch);
		return -EINVAL;
	}
	/* A program drawing already (fbcon loaded late) keeps the screen. */
	err = fb_client_register(&fbcon_client);
	if (err)
		pr_warn("not told when programs draw on the screen (error %d)\n", err);
	fbtext_clear(&fbcon_text);

	err = console_register(&fbcon_console);
	if (err) {
		fb_client_unregister(&fbcon_client);
		return err;
	}
	pr_info("%ux%u, %ux%u characters\n", fb->width, fb->height, fbcon_text.cols,
		fbcon_text.rows);
	return 0;
}
static int fbcon_event(const struct module_event *ev)
{
	switch (ev->type) {
	case MODULE_EVENT_LOAD: return fbcon_init();
	case MODULE_EVENT_UNLOAD:
		console_unregister(&fbcon_console);
		fb_client_unregister(&fbcon_client);
		return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "GOP framebuffer text console", "1.0", "MIT", "BOOT_ALWAYS",
	    fbcon_event);
