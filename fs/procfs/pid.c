/*
 * /proc/[pid]: one directory per process with a fixed set of names, made
 * on lookup (pid_files). Text files (cmdline, cwd, ns, pid, prio) serve a
 * snapshot taken at the first read of the open file; wait blocks until
 * the process ends (pollable); note and prio take writes. The process is
 * the one referenced at open, even if it ends meanwhile.
 * Locking: see internal.h.
 */
#include <loom/errno.h>
#include <loom/path.h>
#include <loom/printk.h>
#include <loom/sched.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <uapi/loom/syscall.h>
#include "internal.h"

/* --- text snapshots ------------------------------------------------------ */

static int text_printf(char **text, size_t *len, const char *fmt, long long v)
{
	*text = kmalloc(24);
	if (!*text)
		return -ENOMEM;
	*len = (size_t)snprintf(*text, 24, fmt, v);
	return 0;
}

static int make_pid(struct file *f, struct process *p, char **text, size_t *len)
{
	return text_printf(text, len, "%lld\n", (long long)p->pid);
}

static int make_prio(struct file *f, struct process *p, char **text, size_t *len)
{
	return text_printf(text, len, "%lld\n", (long long)READ_ONCE(p->nice));
}

static int make_cmdline(struct file *f, struct process *p, char **text, size_t *len)
{
	mutex_lock(&p->lock);
	*len = p->cmdline ? p->cmdline_len : 0;
	*text = kmalloc(*len + 1);
	if (*text && *len)
		memcpy(*text, p->cmdline, *len);
	mutex_unlock(&p->lock);
	return *text ? 0 : -ENOMEM;
}

static int make_cwd(struct file *f, struct process *p, char **text, size_t *len)
{
	int n;

	*text = kmalloc(PATH_MAX + 1);
	if (!*text)
		return -ENOMEM;
	n = proc_cwd_path(p, *text, PATH_MAX);
	if (n < 0)
		return n;
	(*text)[n++] = '\n';
	*len = (size_t)n;
	return 0;
}

static int make_ns(struct file *f, struct process *p, char **text, size_t *len)
{
	struct namespace *ns;
	int n;

	mutex_lock(&p->lock);
	ns = p->ns ? ns_get(p->ns) : NULL;
	mutex_unlock(&p->lock);
	if (!ns) {
		*text = NULL;
		*len = 0; /* ended: no namespace left */
		return 0;
	}
	n = vfs_ns_describe(ns, NULL, 0);
	*text = kmalloc((size_t)n + 1);
	if (*text)
		*len = (size_t)vfs_ns_describe(ns, *text, (size_t)n + 1);
	ns_put(ns);
	if (*text && *len > (size_t)n)
		*len = (size_t)n; /* a mount made in between: cut */
	return *text ? 0 : -ENOMEM;
}

#define TEXT_READ(fn, make)                                              \
	static ssize_t fn(struct file *f, void *buf, size_t n, u64 *pos) \
	{                                                                \
		return procfs_text_read(f, buf, n, pos, make);           \
	}
TEXT_READ(pid_read, make_pid)
TEXT_READ(prio_read, make_prio)
TEXT_READ(cmdline_read, make_cmdline)
TEXT_READ(cwd_read, make_cwd)
TEXT_READ(ns_read, make_ns)

/* --- writes: prio, note ---------------------------------------------------- */

/* Copy a short write into a NUL-terminated string without its final
 * newline: 0, or -EINVAL (too long, a NUL inside). */
static int short_text(const void *buf, size_t n, char *out, size_t size)
{
	if (n && ((const char *)buf)[n - 1] == '\n')
		n--;
	if (n >= size || strnlen(buf, n) != n)
		return -EINVAL;
	memcpy(out, buf, n);
	out[n] = 0;
	return 0;
}

static ssize_t prio_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct procfs_file *pf = f->priv;
	char text[8];
	const char *c = text;
	int v = 0, sign = 1, r;

	r = short_text(buf, n, text, sizeof(text));
	if (!r && *c == '-') {
		sign = -1;
		c++;
	}
	if (!r && !*c)
		r = -EINVAL;
	for (; !r && *c; c++) {
		if (*c < '0' || *c > '9' || v > 100)
			r = -EINVAL;
		v = v * 10 + (*c - '0');
	}
	if (!r)
		r = proc_set_nice(pf->p, sign * v);
	if (r) {
		pr_warn("procfs: %llu/prio: refused (a nice value from %d to %d)", pf->p->pid,
			NICE_MIN, NICE_MAX);
		return r;
	}
	return (ssize_t)n;
}

static ssize_t note_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct procfs_file *pf = f->priv;
	char note[NOTE_MAX_LEN];
	int r = short_text(buf, n, note, sizeof(note));

	if (!r && !note[0])
		r = -EINVAL;
	if (r == -EINVAL)
		pr_warn("procfs: %llu/note: refused (1 to %d bytes of text)", pf->p->pid,
			NOTE_MAX_LEN - 1);
	if (!r)
		r = proc_send_note(pf->p, note);
	return r ? r : (ssize_t)n;
}

/* --- wait ------------------------------------------------------------------ */

static ssize_t wait_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct procfs_file *pf = f->priv;
	char status[PROC_STATUS_MAX];
	int len;

	if (*pos)
		return 0; /* the status was read */
	len = proc_wait(pf->p, status, sizeof(status), f->flags & PATH_NONBLOCK);
	if (len < 0)
		return len;
	len = (int)MIN((size_t)len, n);
	memcpy(buf, status, (size_t)len);
	*pos = (u64)len;
	return len;
}

static u32 wait_poll(struct file *f, u32 events, struct poll_table *pt)
{
	struct procfs_file *pf = f->priv;

	poll_wait(&pf->p->exit_wq, pt);
	return READ_ONCE(pf->p->state) == PROC_EXITED ? POLLIN : 0;
}

/* --- the directory ---------------------------------------------------------- */

#define PROC_FOPS(rd, wr, pl)                                                                     \
	{                                                                                         \
		.flags = FOPS_UNLOCKED, .open = procfs_file_open, .release = procfs_file_release, \
		.read = rd, .write = wr, .seek = vfs_generic_seek, .readdir = vfs_no_readdir,     \
		.poll = pl,                                                                       \
	}

static const struct file_ops pid_fops = PROC_FOPS(pid_read, vfs_no_write, vfs_poll_ready);
static const struct file_ops prio_fops = PROC_FOPS(prio_read, prio_write, vfs_poll_ready);
static const struct file_ops cmdline_fops = PROC_FOPS(cmdline_read, vfs_no_write, vfs_poll_ready);
static const struct file_ops cwd_fops = PROC_FOPS(cwd_read, vfs_no_write, vfs_poll_ready);
static const struct file_ops ns_fops = PROC_FOPS(ns_read, vfs_no_write, vfs_poll_ready);
static const struct file_ops note_fops = PROC_FOPS(vfs_no_read, note_write, vfs_poll_ready);
static const struct file_ops wait_fops = {
	.flags = FOPS_UNLOCKED,
	.open = procfs_file_open,
	.release = procfs_file_release,
	.read = wait_read,
	.write = vfs_no_write,
	.seek = vfs_no_seek,
	.readdir = vfs_no_readdir,
	.poll = wait_poll,
};

static const struct {
	const char *name;
	u32 type, mode;
	const struct file_ops *fops;
} pid_files[] = {
	{ "ctl", INODE_REG, 0200, &procfs_ctl_fops },
	{ "wait", INODE_REG, 0444, &wait_fops },
	{ "env", INODE_DIR, 0755, &procfs_env_dir_fops },
	{ "cmdline", INODE_REG, 0444, &cmdline_fops },
	{ "cwd", INODE_REG, 0444, &cwd_fops },
	{ "ns", INODE_REG, 0444, &ns_fops },
	{ "note", INODE_REG, 0200, &note_fops },
	{ "prio", INODE_REG, 0644, &prio_fops },
	{ "pid", INODE_REG, 0444, &pid_fops },
};

static const struct inode_ops entry_iops = {
	.create = vfs_no_create,
	.readlink = vfs_no_readlink,
	.truncate = vfs_no_truncate,
	.evict = vfs_nop_evict,
	.revalidate = procfs_revalidate,
};

static int pid_lookup(struct dentry *dir, const char *name, struct inode **out)
{
	int r = procfs_revalidate(dir);

	if (r)
		return -ENOENT; /* gone, or hidden from the caller */
	for (size_t i = 0; i < ARRAY_SIZE(pid_files); i++) {
		if (strcmp(name, pid_files[i].name))
			continue;
		*out = procfs_inode(
			dir->sb, pid_files[i].type, pid_files[i].mode, procfs_pid(dir->inode),
			pid_files[i].type == INODE_DIR ? &procfs_env_dir_iops : &entry_iops,
			pid_files[i].fops);
		return *out ? 0 : -ENOMEM;
	}
	return -ENOENT;
}

static int pid_readdir(struct file *f, struct vfs_dirent *de, u64 *pos)
{
	if (*pos >= ARRAY_SIZE(pid_files))
		return 0;
	de->ino = 0;
	de->type = pid_files[*pos].type;
	strlcpy(de->name, pid_files[*pos].name, sizeof(de->name));
	(*pos)++;
	return 1;
}

static const struct inode_ops pid_dir_iops = {
	.create = vfs_no_create,
	.readlink = vfs_no_readlink,
	.truncate = vfs_no_truncate,
	.evict = vfs_nop_evict,
	.lookup = pid_lookup,
	.revalidate = procfs_revalidate,
	.unlink = procfs_no_unlink,
};

static const struct file_ops pid_dir_fops = {
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = vfs_no_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = pid_readdir,
	.poll = vfs_poll_ready,
};

struct inode *procfs_pid_dir(struct super_block *sb, u64 pid)
{
	return procfs_inode(sb, INODE_DIR, 0555, pid, &pid_dir_iops, &pid_dir_fops);
}
