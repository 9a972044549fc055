/*
 * Running a user program with its output captured in a file of the root
 * tmpfs, for the process tests and benchmarks: spawn suspended from the
 * kernel, fds 1 and 2 on the capture file, start, wait, read it back.
 */
#include <loom/errno.h>
#include <loom/path.h>
#include <loom/proc.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include <uapi/loom/syscall.h>
#include "capture.h"

int capture_open(struct file **out)
{
	return vfs_open(vfs_root_ns(), NULL, CAPTURE_PATH ":create:truncate",
			PERM_READ | PERM_WRITE, out);
}

int capture_read(char *buf, size_t size)
{
	struct file *f;
	ssize_t n = 0, got;
	int r = vfs_open(vfs_root_ns(), NULL, CAPTURE_PATH, PERM_READ, &f);

	if (r)
		return r;
	while ((size_t)n < size - 1 && (got = vfs_read(f, buf + n, size - 1 - (size_t)n)) > 0)
		n += got;
	buf[n] = 0;
	vfs_close(f);
	return (int)n;
}

int capture_spawn(const char *const *argv, u32 argc, struct process **out)
{
	struct file *f;
	int r = capture_open(&f);

	if (r)
		return r;
	r = proc_spawn(NULL, argv, argc, SPAWN_SUSPENDED, out);
	if (r) {
		vfs_close(f);
		return r;
	}
	/* fds 0, 1 and 2 on the capture file. */
	if (proc_fd_install(*out, vfs_file_get(f)) != 0 || proc_fd_install(*out, f) != 1 ||
	    proc_fd_dup2(*out, 1, 2) != 2) {
		proc_send_note(*out, "kill");
		proc_put(*out);
		return -EBADF;
	}
	return 0;
}

int capture_run(const char *const *argv, u32 argc, char *status, size_t ssize, char *out,
		size_t osize)
{
	struct process *p;
	int r = capture_spawn(argv, argc, &p);

	if (r)
		return r;
	proc_start(p);
	r = proc_wait(p, status, ssize, false);
	proc_put(p);
	if (r < 0)
		return r;
	return out ? capture_read(out, osize) : 0;
}

int capture_figure(const char *const *argv, u32 argc, u64 *value)
{
	char status[PROC_STATUS_MAX], out[128], *s;
	int r = capture_run(argv, argc, status, sizeof(status), out, sizeof(out));

	if (r < 0)
		return r;
	if (strcmp(status, "0") || !(s = strchr(out, ' ')) || s[1] < '0' || s[1] > '9')
		return -EINVAL;
	*value = 0;
	for (s++; *s >= '0' && *s <= '9'; s++)
		*value = *value * 10 + (u64)(*s - '0');
	return 0;
}
