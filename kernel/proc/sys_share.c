/*
 * The system calls share and claim (ipc/share.c does the work): share
 * writes the key to user memory, and takes it back if that fails, so a
 * key is never left behind for nobody; claim installs the file as a new
 * fd (when the fd table is full, the key is used up and -EMFILE).
 */
#include <loom/errno.h>
#include <loom/proc.h>
#include <loom/share.h>
#include <loom/slab.h>
#include <loom/vfs.h>
#include <uapi/loom/syscall.h>
#include "internal.h"
#include "syscalls.h"

s64 sys_share(u64 ukey, u64 size, u64 fd, u64 timeout_ns)
{
	char key[SHARE_KEY_SIZE];
	struct file *f;
	s64 r;

	if (size < SHARE_KEY_SIZE)
		return -ERANGE;
	if (fd >= PROC_FD_MAX || !(f = proc_fd_get(proc_current(), (int)fd)))
		return -EBADF;
	r = share_file(f, timeout_ns, key);
	vfs_close(f);
	if (r)
		return r;
	if (copy_to_user(ukey, key, SHARE_KEY_SIZE)) {
		if (!claim_file(key, &f))
			vfs_close(f);
		return -EFAULT;
	}
	return SHARE_KEY_SIZE - 1;
}

s64 sys_claim(u64 ukey)
{
	struct process *p = proc_current();
	struct file *f;
	char *key;
	s64 r = user_strdup(ukey, SHARE_KEY_SIZE, &key);
	int fd;

	if (r == -ENAMETOOLONG)
		return -EINVAL; /* longer than any key */
	if (r)
		return r;
	r = claim_file(key, &f);
	kfree(key);
	if (r)
		return r;
	fd = proc_fd_install(p, f);
	if (fd < 0)
		vfs_close(f);
	return fd;
}
