/*
 * /proc/[pid]/ctl: a write is one chain of ctl commands (include/loom/ctl.h)
 * applied all or nothing. The whole chain is parsed, then every command
 * is checked against the process (fds open, taking the chain's own dup2
 * and close into account; paths that resolve; a file system that exists;
 * start only when suspended), then all are applied. A bad command makes
 * the write -EINVAL (-ESRCH when the process has ended) with a log line
 * naming it, and nothing is applied. Paths of bind and mount resolve from
 * the namespace root; bind's SOURCE in the writer's namespace, everything
 * else in the target's; cwd's PATH from the target's working directory.
 * Writes are serialized (ctl_lock) so that checks and changes of two
 * writers do not interleave; a failure while applying (out of memory)
 * stops the chain and is returned.
 */
#include <loom/ctl.h>
#include <loom/errno.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

static struct mutex ctl_lock = MUTEX_INIT;

struct ctl_run {
	struct process *p, *me;
	struct namespace *ns, *my_ns; /* the target's; the writer's */
	struct file *cwd;	      /* the target's working directory */
	u8 open[PROC_FD_MAX / 8];     /* fds open as the chain goes */
	bool suspended, ended;
	char why[96];
};

static bool fd_open(struct ctl_run *c, s64 fd)
{
	return fd >= 0 && fd < PROC_FD_MAX && (c->open[fd / 8] & (1u << (fd % 8)));
}

static void fd_mark(struct ctl_run *c, s64 fd, bool open)
{
	if (open)
		c->open[fd / 8] |= (u8)(1u << (fd % 8));
	else
		c->open[fd / 8] &= (u8) ~(1u << (fd % 8));
}

static int fail(struct ctl_run *c, int err, const char *fmt, const char *arg)
{
	snprintf(c->why, sizeof(c->why), fmt, arg);
	return err;
}

static int check_dir(struct ctl_run *c, const char *path)
{
	struct vfs_stat st;
	int r = vfs_stat(c->ns, c->cwd, path, &st);

	if (r)
		return fail(c, r, "'%s' does not resolve", path);
	if (st.type != INODE_DIR)
		return fail(c, -ENOTDIR, "'%s' is not a directory", path);
	return 0;
}

/* Check cmd against the process as the chain has left it so far. */
static int check(struct ctl_run *c, const struct ctl_cmd *cmd)
{
	char n[24];
	int r;

	if (c->ended)
		return fail(c, -ESRCH, "%sthe process has ended", "");
	switch (cmd->op) {
	case CTL_DUP2:
		snprintf(n, sizeof(n), "%lld", cmd->a);
		if (!fd_open(c, cmd->a))
			return fail(c, -EBADF, "fd %s is not open", n);
		snprintf(n, sizeof(n), "%lld", cmd->b);
		if (cmd->b >= PROC_FD_MAX)
			return fail(c, -EBADF, "fd %s is out of range", n);
		fd_mark(c, cmd->b, true);
		return 0;
	case CTL_CLOSE:
		snprintf(n, sizeof(n), "%lld", cmd->a);
		if (cmd->a == cmd->b && !fd_open(c, cmd->a))
			return fail(c, -EBADF, "fd %s is not open", n);
		if (cmd->a >= PROC_FD_MAX)
			return fail(c, -EBADF, "fd %s is out of range", n);
		for (s64 fd = cmd->a; fd <= cmd->b && fd < PROC_FD_MAX; fd++)
			fd_mark(c, fd, false);
		return 0;
	case CTL_BIND:
		r = vfs_bind_check(c->ns, cmd->s1, c->my_ns, cmd->s2);
		return r ? fail(c, r, "cannot bind '%s'", cmd->s2) : 0;
	case CTL_MOUNT:
		r = vfs_mount_check(c->ns, cmd->s1, cmd->s2);
		if (r == -ENODEV)
			return fail(c, r, "no file system '%s'", cmd->s2);
		return r ? fail(c, r, "cannot mount on '%s'", cmd->s1) : 0;
	case CTL_CWD: return check_dir(c, cmd->s1);
	case CTL_START:
		if (!c->suspended)
			return fail(c, -EBUSY, "%snot suspended", "");
		c->suspended = false;
		return 0;
	case CTL_KILL:
		if (strlen(cmd->s1) + sizeof("kill ") > NOTE_MAX_LEN)
			return fail(c, -EINVAL, "%sthe note is too long", "");
		return 0;
	default: break; /* another language's command: never parsed here */
	}
	return fail(c, -EINVAL, "%sunknown command", "");
}

static int apply(struct ctl_run *c, const struct ctl_cmd *cmd)
{
	int r = 0;

	switch (cmd->op) {
	case CTL_DUP2: r = proc_fd_dup2(c->p, (int)cmd->a, (int)cmd->b); break;
	case CTL_CLOSE:
		r = proc_fd_close_range(c->p, (u64)cmd->a, (u64)MIN(cmd->b, PROC_FD_MAX - 1));
		break;
	case CTL_BIND: r = vfs_bind_from(c->ns, cmd->s1, c->my_ns, cmd->s2); break;
	case CTL_MOUNT: r = vfs_mount(c->ns, cmd->s1, cmd->s2, cmd->s3); break;
	case CTL_CWD: r = proc_set_cwd(c->p, cmd->s1); break;
	case CTL_START: r = proc_start(c->p); break;
	case CTL_KILL: {
		char note[NOTE_MAX_LEN];

		/* always a kill note: the words say why ("kill", "kill hangup") */
		if (strncmp(cmd->s1, "kill", 4) || (cmd->s1[4] && cmd->s1[4] != ' '))
			snprintf(note, sizeof(note), "kill %s", cmd->s1);
		else
			strlcpy(note, cmd->s1, sizeof(note));
		r = proc_send_note(c->p, note);
		break;
	}
	default: r = -EINVAL; break;
	}
	return r < 0 ? r : 0;
}

/* Take what the checks need from the process (under its lock). */
static void snapshot(struct ctl_run *c)
{
	struct process *p = c->p;

	mutex_lock(&p->lock);
	for (int fd = 0; fd < PROC_FD_MAX; fd++)
		fd_mark(c, fd, p->fds[fd] != NULL);
	c->ns = p->ns ? ns_get(p->ns) : NULL;
	c->cwd = p->cwd ? vfs_file_get(p->cwd) : NULL;
	c->suspended = p->state == PROC_SUSPENDED;
	c->ended = p->state == PROC_EXITED || !c->ns;
	mutex_unlock(&p->lock);
	c->me = proc_current();
	c->my_ns = c->me && c->me->ns ? c->me->ns : vfs_root_ns();
}

static int run(struct ctl_run *c, const struct ctl_prog *prog)
{
	u32 i;
	int r = 0;

	for (i = 0; i < prog->n && !r; i++)
		r = check(c, &prog->cmd[i]);
	if (r) {
		pr_warn("procfs: %llu/ctl: command %u (%s): %s (error %d); nothing applied",
			c->p->pid, i, ctl_op_name(prog->cmd[i - 1].op), c->why, r);
		return r == -ESRCH ? r : -EINVAL;
	}
	for (i = 0; i < prog->n && !r; i++)
		r = apply(c, &prog->cmd[i]);
	if (r)
		pr_warn("procfs: %llu/ctl: command %u (%s) failed while applying (error %d)",
			c->p->pid, i, ctl_op_name(prog->cmd[i - 1].op), r);
	return r;
}

static ssize_t ctl_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	struct procfs_file *pf = f->priv;
	struct ctl_prog *prog = kmalloc(sizeof(*prog));
	struct ctl_run *c = kzalloc(sizeof(*c));
	char err[96];
	int r = -ENOMEM;

	if (!prog || !c)
		goto out;
	r = ctl_parse(buf, n, prog, err, sizeof(err));
	if (r) {
		pr_warn("procfs: %llu/ctl: %s", pf->p->pid, err);
		goto out;
	}
	c->p = pf->p;
	mutex_lock(&ctl_lock);
	snapshot(c);
	r = run(c, prog);
	mutex_unlock(&ctl_lock);
	vfs_close(c->cwd);
	ns_put(c->ns);
out:
	kfree(prog);
	kfree(c);
	return r ? r : (ssize_t)n;
}

const struct file_ops procfs_ctl_fops = {
	.flags = FOPS_UNLOCKED,
	.open = procfs_file_open,
	.release = procfs_file_release,
	.read = vfs_no_read,
	.write = ctl_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};
