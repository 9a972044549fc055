/*
 * /dev/modules lists the loaded modules, one a line: "name version
 * built-in|module users deps...", as they were at the first read of the
 * open file. /dev/modulectl takes "load NAME" or "unload NAME" (one per
 * write, a final newline allowed): the byte count, or module_load's or
 * module_unload's -errno; anything else is -EINVAL, named in the log.
 * Locking: both run without vfs_lock (FOPS_UNLOCKED: a module's load event
 * may register device files) and serialize on modules_lock; the module
 * core's other callers (boot, device announcements) are not, so the
 * listing never writes past what it measured.
 */
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/module.h>
#include <loom/mutex.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

static struct mutex modules_lock = MUTEX_INIT;

struct listing {
	char *buf; /* NULL: measuring */
	size_t len, cap;
};

static int list_one(const struct module_desc *m, void *arg)
{
	struct listing *l = arg;
	char line[384];
	size_t n;

	n = (size_t)snprintf(line, sizeof(line), "%s %s %s %d", m->name, m->version,
			     m->builtin ? "built-in" : "module", m->users);
	for (u32 i = 0; i < m->nr_deps && n < sizeof(line); i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, " %s", m->deps[i]);
	n = MIN(n, sizeof(line) - 2);
	line[n++] = '\n';
	if (l->buf && l->len + n > l->cap)
		return 1; /* loaded since it was measured: the snapshot stops here */
	if (l->buf)
		memcpy(l->buf + l->len, line, n);
	l->len += n;
	return 0;
}

static int modules_open(struct file *f)
{
	f->priv = NULL;
	return 0;
}

static void modules_release(struct file *f)
{
	kfree(f->priv);
}

/* f->priv: a struct listing, made at the first read. */
static ssize_t modules_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct listing *l;
	ssize_t r = 0;

	mutex_lock(&modules_lock);
	l = f->priv;
	if (!l) {
		struct listing m = { NULL, 0, 0 };

		module_for_each(list_one, &m);
		l = kzalloc(sizeof(*l) + m.len + 1);
		if (!l) {
			r = -ENOMEM;
			goto out;
		}
		l->buf = (char *)(l + 1);
		l->cap = m.len;
		module_for_each(list_one, l);
		f->priv = l;
	}
	if (*pos < l->len) {
		r = (ssize_t)MIN(n, l->len - *pos);
		memcpy(buf, l->buf + *pos, (size_t)r);
		*pos += (u64)r;
	}
out:
	mutex_unlock(&modules_lock);
	return r;
}

static bool good_name(const char *s)
{
	if (!*s || strlen(s) > 31)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

static ssize_t modulectl_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	char cmd[64];
	size_t len = n;
	int r;

	if (len && ((const char *)buf)[len - 1] == '\n')
		len--;
	if (len >= sizeof(cmd) || strnlen(buf, len) != len) {
		pr_warn("devfs: modulectl: command refused: not a short line of text");
		return -EINVAL;
	}
	memcpy(cmd, buf, len);
	cmd[len] = 0;
	mutex_lock(&modules_lock);
	if (!strncmp(cmd, "load ", 5) && good_name(cmd + 5)) {
		r = module_load(cmd + 5);
	} else if (!strncmp(cmd, "unload ", 7) && good_name(cmd + 7)) {
		r = module_unload(cmd + 7);
	} else {
		for (char *p = cmd; *p; p++)
			if (*p < ' ' || *p > '~')
				*p = '?';
		pr_warn("devfs: modulectl: bad command '%s' (load NAME or unload NAME)", cmd);
		r = -EINVAL;
	}
	mutex_unlock(&modules_lock);
	return r ? r : (ssize_t)n;
}

static const struct file_ops modules_ops = {
	.flags = FOPS_UNLOCKED,
	.open = modules_open,
	.release = modules_release,
	.read = modules_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

static const struct file_ops modulectl_ops = {
	.flags = FOPS_UNLOCKED,
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = vfs_no_read,
	.write = modulectl_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

int devfs_register_modules(void)
{
	int r = devfs_register("modules", &modules_ops, NULL, 0444);

	return r ? r : devfs_register("modulectl", &modulectl_ops, NULL, 0200);
}
