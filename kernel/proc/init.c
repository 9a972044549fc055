/*
 * The first user process: at the end of boot, init=PATH (default
 * /sbin/init) is spawned as pid 1, with the words after " -- " on the
 * command line as its arguments, fds 0, 1 and 2 on /dev/console and
 * PATH=/bin:/sbin, if it exists in the root; the boot thread then waits
 * for it and logs how it ended. A missing or bad init is logged, never
 * fatal: the kernel keeps running.
 */
#include <loom/boot.h>
#include <loom/errno.h>
#include <loom/path.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include <uapi/loom/syscall.h>

static void open_console(struct process *p)
{
	struct file *f;
	int r = vfs_open(p->ns, NULL, "/dev/console", PERM_READ | PERM_WRITE, &f);

	if (r) {
		pr_warn("init: no /dev/console (%d): fds 0-2 stay closed", r);
		return;
	}
	for (int fd = 0; fd < 3; fd++)
		if (proc_fd_install(p, fd ? vfs_file_get(f) : f) != fd)
			pr_warn("init: fd %d not installed", fd);
}

#define INIT_ARGS_MAX 16

/* Split the words after " -- " into argv[1..]: the count, argv[0] kept. */
static u32 init_args(char *buf, size_t size, const char **argv)
{
	const char *line = boot_cmdline(), *rest = NULL;
	u32 argc = 1;

	for (const char *s = line; *s; s++) {
		if (!strncmp(s, " -- ", 4) || (s == line && !strncmp(s, "-- ", 3))) {
			rest = s + (s == line ? 3 : 4);
			break;
		}
	}
	if (!rest)
		return argc;
	strlcpy(buf, rest, size);
	for (char *w = buf; *w && argc < INIT_ARGS_MAX;) {
		while (*w == ' ')
			*w++ = 0;
		if (!*w)
			break;
		argv[argc++] = w;
		while (*w && *w != ' ')
			w++;
	}
	return argc;
}

void proc_start_init(void)
{
	char *path = kmalloc(PATH_MAX), status[PROC_STATUS_MAX], args[256];
	const char *argv[INIT_ARGS_MAX];
	u32 argc;
	struct process *p;
	struct vfs_stat st;
	int r;

	if (!path)
		return;
	if (cmdline_get("init", path, PATH_MAX))
		strlcpy(path, "/sbin/init", PATH_MAX);
	r = vfs_stat(vfs_root_ns(), NULL, path, &st);
	if (r) {
		pr_info("init: %s: not found (%d): no user space started", path, r);
		goto out;
	}
	argv[0] = path;
	argc = init_args(args, sizeof(args), argv);
	r = proc_spawn(NULL, argv, argc, SPAWN_SUSPENDED, &p);
	if (r) {
		pr_err("init: %s could not be started (%d)", path, r);
		goto out;
	}
	open_console(p);
	proc_env_set(p, "PATH", "/bin:/sbin", 10);
	pr_info("init: %s is pid %llu", path, (unsigned long long)p->pid);
	proc_start(p);
	r = proc_wait(p, status, sizeof(status), false);
	pr_notice("init: %s (pid %llu) ended: %s", path, (unsigned long long)p->pid,
		  r >= 0 ? status : "?");
	proc_put(p);
out:
	kfree(path);
}
