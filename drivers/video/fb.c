/*
 * The framebuffer core: the table of registered framebuffers, their devfs
 * files (fb_files.c has the file ops), the writer counts and the one text
 * console client told when user programs take a screen and give it back.
 * Locking: fb_lock (irqsave) guards the table, the writer counts and the
 * client; devfs calls are made outside it (they take vfs_lock).
 */

#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/fb.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include "fb_internal.h"

static spinlock_t fb_lock = SPINLOCK_INIT;
static struct fb_info *fbs[FB_MAX];
static const struct fb_client *fb_client;

static const char *const fb_file_names[] = { "info", "name", "buffer" };

const char *fb_format_name(enum fb_format format)
{
	return format == FB_FORMAT_RGBX ? "rgbx" : "bgrx";
}
EXPORT_SYMBOL(fb_format_name);

static void file_name(char *buf, size_t size, int index, int which)
{
	snprintf(buf, size, "fb/%d/%s", index, fb_file_names[which]);
}

static void unregister_files(int index, int n)
{
	char name[DEVFS_NAME_MAX + 1];

	while (n--) {
		file_name(name, sizeof(name), index, n);
		devfs_unregister(name);
	}
}

int fb_register(struct fb_info *info)
{
	const struct file_ops *ops[] = { &fb_info_fops, &fb_name_fops, &fb_buffer_fops };
	const u32 modes[] = { 0444, 0444, 0666 };
	char name[DEVFS_NAME_MAX + 1];
	int index = -1, r = 0, n;
	u64 irq;

	if (!info || !info->ops || !info->ops->page_phys || !info->base || !info->name ||
	    !info->width || !info->height || (u64)info->width * 4 > info->pitch ||
	    (info->format != FB_FORMAT_RGBX && info->format != FB_FORMAT_BGRX))
		return -EINVAL;
	irq = spin_lock_irqsave(&fb_lock);
	for (int i = 0; i < FB_MAX && index < 0; i++)
		if (!fbs[i])
			index = i;
	if (index >= 0) {
		fbs[index] = info;
		info->index = index;
		info->writers = 0;
	}
	spin_unlock_irqrestore(&fb_lock, irq);
	if (index < 0)
		return -ENOSPC;
	for (n = 0; n < (int)ARRAY_SIZE(ops) && !r; n++) {
		file_name(name, sizeof(name), index, n);
		r = devfs_register(name, ops[n], info, modes[n]);
	}
	if (r) {
		unregister_files(index, n - 1);
		irq = spin_lock_irqsave(&fb_lock);
		fbs[index] = NULL;
		info->index = -1;
		spin_unlock_irqrestore(&fb_lock, irq);
		pr_err("fb: %s: no files (error %d)\n", info->name, r);
		return r;
	}
	pr_info("fb%d: %s, %ux%u, pitch %u, %s\n", index, info->name, info->width, info->height,
		info->pitch, fb_format_name(info->format));
	return 0;
}
EXPORT_SYMBOL(fb_register);

/* Files still open keep working on info: the caller keeps it until they
 * are closed (a driver that never goes away: always). */
void fb_unregister(struct fb_info *info)
{
	u64 irq = spin_lock_irqsave(&fb_lock);
	int index = info->index;
	bool mine = index >= 0 && index < FB_MAX && fbs[index] == info;

	spin_unlock_irqrestore(&fb_lock, irq);
	if (!mine)
		return;
	/* the files go first: the number stays taken until they are gone */
	unregister_files(index, ARRAY_SIZE(fb_file_names));
	irq = spin_lock_irqsave(&fb_lock);
	fbs[index] = NULL;
	info->index = -1;
	spin_unlock_irqrestore(&fb_lock, irq);
}
EXPORT_SYMBOL(fb_unregister);

int fb_client_register(const struct fb_client *client)
{
	u64 irq = spin_lock_irqsave(&fb_lock);
	int r = fb_client ? -EBUSY : 0;

	if (!r) {
		fb_client = client;
		for (int i = 0; i < FB_MAX; i++)
			if (fbs[i] && fbs[i]->writers)
				client->graphics(fbs[i], true);
	}
	spin_unlock_irqrestore(&fb_lock, irq);
	return r;
}
EXPORT_SYMBOL(fb_client_register);

void fb_client_unregister(const struct fb_client *client)
{
	u64 irq = spin_lock_irqsave(&fb_lock);

	if (fb_client == client)
		fb_client = NULL;
	spin_unlock_irqrestore(&fb_lock, irq);
}
EXPORT_SYMBOL(fb_client_unregister);

void fb_writer_get(struct fb_info *info)
{
	u64 irq = spin_lock_irqsave(&fb_lock);

	if (info->writers++ == 0 && fb_client)
		fb_client->graphics(info, true);
	spin_unlock_irqrestore(&fb_lock, irq);
}

void fb_writer_put(struct fb_info *info)
{
	u64 irq = spin_lock_irqsave(&fb_lock);

	if (!info->writers)
		pr_err("fb%d: writer count underflow\n", info->index);
	else if (--info->writers == 0 && fb_client)
		fb_client->graphics(info, false);
	spin_unlock_irqrestore(&fb_lock, irq);
}
