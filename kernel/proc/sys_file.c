/*
 * The file system calls: paths are copied from user memory (PATH_MAX,
 * NUL-terminated) and resolved in the caller's namespace from its working
 * directory; data moves through a kernel bounce buffer of at most
 * IO_CHUNK bytes per step (a read returns after one step: short reads are
 * normal, the C library loops). Locking: none of its own (proc.h, vfs.h).
 */
#include <loom/errno.h>
#include <loom/mm.h>
#include <loom/path.h>
#include <loom/proc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include <uapi/loom/syscall.h>
#include "internal.h"
#include "syscalls.h"

#define IO_CHUNK      (64 * 1024)
#define REMOVE_DEPTH  32
#define READDIR_BATCH 64

/* A buffer entirely in user space (empty ones anywhere). */
static bool user_ok(u64 addr, u64 len)
{
	return !len || (addr >= USER_START && addr < USER_END && len <= USER_END - addr);
}

/* A user path and the caller's cwd: 0, or -errno (nothing to release). */
struct upath {
	struct process *p;
	char *path;
	struct file *cwd;
};

static int upath_get(u64 uaddr, struct upath *u)
{
	int r = user_strdup(uaddr, PATH_MAX, &u->path);

	u->p = proc_current();
	u->cwd = NULL;
	if (r)
		return r;
	u->cwd = proc_cwd_get(u->p);
	return 0;
}

static void upath_put(struct upath *u)
{
	if (u->cwd)
		vfs_close(u->cwd);
	kfree(u->path);
}

static s64 install(struct process *p, struct file *f)
{
	int fd = proc_fd_install(p, f);

	if (fd < 0)
		vfs_close(f);
	return fd;
}

s64 sys_open(u64 upath)
{
	struct upath u;
	struct file *f;
	s64 r = upath_get(upath, &u);

	if (!r)
		r = vfs_open(u.p->ns, u.cwd, u.path, 0, &f);
	if (!r)
		r = install(u.p, f);
	upath_put(&u);
	return r;
}

s64 sys_openat(u64 dirfd, u64 upath)
{
	struct process *p = proc_current();
	struct file *dir, *f;
	char *path;
	s64 r;

	if (dirfd > PROC_FD_MAX)
		return -EBADF;
	dir = proc_fd_get(p, (int)dirfd);
	if (!dir)
		return -EBADF;
	r = user_strdup(upath, PATH_MAX, &path);
	if (!r)
		r = vfs_open(p->ns, dir, path, 0, &f);
	if (!r)
		r = install(p, f);
	kfree(path);
	vfs_close(dir);
	return r;
}

s64 sys_open2(u64 upath, u64 ufds)
{
	struct upath u;
	struct file *pair[2] = { NULL, NULL };
	int fds[2] = { -1, -1 };
	s64 r;

	if (!user_ok(ufds, sizeof(fds)))
		return -EFAULT;
	r = upath_get(upath, &u);
	if (!r)
		r = vfs_open2(u.p->ns, u.cwd, u.path, pair);
	upath_put(&u);
	if (r)
		return r;
	fds[0] = proc_fd_install(u.p, pair[0]);
	fds[1] = fds[0] < 0 ? -EMFILE : proc_fd_install(u.p, pair[1]);
	if (fds[1] < 0 || copy_to_user(ufds, fds, sizeof(fds))) {
		r = fds[1] < 0 ? -EMFILE : -EFAULT;
		if (fds[0] >= 0)
			proc_fd_close_range(u.p, (u64)fds[0], (u64)fds[0]);
		else
			vfs_close(pair[0]);
		if (fds[1] >= 0)
			proc_fd_close_range(u.p, (u64)fds[1], (u64)fds[1]);
		else
			vfs_close(pair[1]);
		return r;
	}
	return 0;
}

s64 sys_close(u64 fd)
{
	int r;

	if (fd >= PROC_FD_MAX)
		return -EBADF;
	r = proc_fd_close_range(proc_current(), fd, fd);
	return r == 1 ? 0 : -EBADF;
}

static struct file *fd_file(u64 fd)
{
	return fd < PROC_FD_MAX ? proc_fd_get(proc_current(), (int)fd) : NULL;
}

s64 sys_read(u64 fd, u64 ubuf, u64 n)
{
	struct file *f;
	void *buf;
	ssize_t got;

	if (!user_ok(ubuf, n))
		return -EFAULT;
	if (!(f = fd_file(fd)))
		return -EBADF;
	n = MIN(n, IO_CHUNK);
	buf = kmalloc(n ? n : 1);
	if (!buf) {
		vfs_close(f);
		return -ENOMEM;
	}
	got = vfs_read(f, buf, n);
	if (got > 0 && copy_to_user(ubuf, buf, (u64)got)) {
		vfs_seek(f, -(s64)got, VFS_SEEK_CUR); /* nothing was read after all */
		got = -EFAULT;
	}
	kfree(buf);
	vfs_close(f);
	return got;
}

s64 sys_write(u64 fd, u64 ubuf, u64 n)
{
	struct file *f;
	void *buf;
	u64 done = 0;
	s64 r = 0;

	if (!user_ok(ubuf, n))
		return -EFAULT;
	if (!(f = fd_file(fd)))
		return -EBADF;
	if (!n) {
		vfs_close(f);
		return 0;
	}
	buf = kmalloc(MIN(n, IO_CHUNK));
	if (!buf) {
		vfs_close(f);
		return -ENOMEM;
	}
	do {
		size_t step = (size_t)MIN(n - done, IO_CHUNK);
		ssize_t w;

		if (copy_from_user(buf, ubuf + done, step)) {
			r = -EFAULT;
			break;
		}
		w = vfs_write(f, buf, step);
		if (w < 0) {
			r = w;
			break;
		}
		done += (u64)w;
		if ((size_t)w < step)
			break;
	} while (done < n);
	kfree(buf);
	vfs_close(f);
	return done ? (s64)done : r;
}

s64 sys_seek(u64 fd, u64 off, u64 whence)
{
	struct file *f;
	s64 r;

	if (whence > SEEK_END)
		return -EINVAL;
	if (!(f = fd_file(fd)))
		return -EBADF;
	r = vfs_seek(f, (s64)off, (int)whence);
	vfs_close(f);
	return r;
}

s64 sys_dup(u64 fd)
{
	struct file *f = fd_file(fd);

	return f ? install(proc_current(), f) : -EBADF;
}

s64 sys_dup2(u64 oldfd, u64 newfd)
{
	if (oldfd >= PROC_FD_MAX || newfd >= PROC_FD_MAX)
		return -EBADF;
	return proc_fd_dup2(proc_current(), (int)oldfd, (int)newfd);
}

static int put_stat(u64 ust, const struct vfs_stat *vs)
{
	struct stat st = {
		.ino = vs->ino,
		.type = vs->type == INODE_DIR	    ? STAT_DIR
			: vs->type == INODE_SYMLINK ? STAT_SYMLINK
						    : STAT_REG,
		.mode = vs->mode,
		.nlink = vs->nlink,
		.dev = vs->dev,
		.size = vs->size,
		.atime_ns = vs->atime_ns,
		.mtime_ns = vs->mtime_ns,
		.ctime_ns = vs->ctime_ns,
	};

	return copy_to_user(ust, &st, sizeof(st));
}

s64 sys_stat(u64 upath, u64 ust)
{
	struct vfs_stat vs;
	struct upath u;
	s64 r;

	if (!user_ok(ust, sizeof(struct stat)))
		return -EFAULT;
	r = upath_get(upath, &u);
	if (!r)
		r = vfs_stat(u.p->ns, u.cwd, u.path, &vs);
	if (!r)
		r = put_stat(ust, &vs);
	upath_put(&u);
	return r;
}

s64 sys_fstat(u64 fd, u64 ust)
{
	struct vfs_stat vs;
	struct file *f;
	s64 r;

	if (!user_ok(ust, sizeof(struct stat)))
		return -EFAULT;
	if (!(f = fd_file(fd)))
		return -EBADF;
	r = vfs_fstat(f, &vs);
	if (!r)
		r = put_stat(ust, &vs);
	vfs_close(f);
	return r;
}

s64 sys_readdir(u64 fd, u64 ubuf, u64 count)
{
	struct vfs_dirent *de = kmalloc(sizeof(*de));
	struct dirent *ud = kmalloc(sizeof(*ud));
	struct file *f = NULL;
	s64 r = 0, n = 0;

	if (count > READDIR_BATCH)
		count = READDIR_BATCH;
	if (!user_ok(ubuf, count * sizeof(struct dirent)))
		r = -EFAULT;
	else if (!de || !ud)
		r = -ENOMEM;
	else if (!(f = fd_file(fd)))
		r = -EBADF;
	for (; !r && (u64)n < count; n++) {
		int got = vfs_readdir(f, de);

		if (got <= 0) {
			r = got;
			break;
		}
		memset(ud, 0, sizeof(*ud));
		ud->ino = de->ino;
		ud->type = de->type == INODE_DIR       ? STAT_DIR
			   : de->type == INODE_SYMLINK ? STAT_SYMLINK
						       : STAT_REG;
		strlcpy(ud->name, de->name, sizeof(ud->name));
		if (copy_to_user(ubuf + (u64)n * sizeof(*ud), ud, sizeof(*ud)))
			r = -EFAULT;
	}
	if (f)
		vfs_close(f);
	kfree(de);
	kfree(ud);
	return n ? n : r;
}

s64 sys_mkdir(u64 upath)
{
	struct upath u;
	s64 r = upath_get(upath, &u);

	if (!r)
		r = vfs_mkdir(u.p->ns, u.cwd, u.path, 0755);
	upath_put(&u);
	return r;
}

/* Remove path and, for a directory, everything under it first. */
static int remove_tree(struct process *p, struct file *cwd, char *path, size_t len, int depth)
{
	struct vfs_stat st;
	struct vfs_dirent *de;
	int r = vfs_stat(p->ns, cwd, path, &st);

	/* vfs_stat follows a final symlink: the link itself is what goes. */
	if (r || st.type != INODE_DIR || depth == REMOVE_DEPTH)
		return vfs_unlink(p->ns, cwd, path);
	de = kmalloc(sizeof(*de));
	if (!de)
		return -ENOMEM;
	for (;;) {
		struct file *d;
		int got;

		r = vfs_open(p->ns, cwd, path, PERM_READ, &d);
		if (r)
			break;
		do
			got = vfs_readdir(d, de);
		while (got > 0 && (!strcmp(de->name, ".") || !strcmp(de->name, "..")));
		vfs_close(d);
		if (got <= 0) {
			r = got;
			break;
		}
		if (len + strlen(de->name) + 2 > PATH_MAX) {
			r = -ENAMETOOLONG;
			break;
		}
		path[len] = '/';
		strlcpy(path + len + 1, de->name, PATH_MAX - len - 1);
		r = remove_tree(p, cwd, path, len + 1 + strlen(de->name), depth + 1);
		path[len] = 0;
		if (r)
			break;
	}
	kfree(de);
	return r ? r : vfs_unlink(p->ns, cwd, path);
}

s64 sys_remove(u64 upath)
{
	struct path_spec *spec = kmalloc(sizeof(*spec));
	struct upath u;
	s64 r;
	char *colon;

	if (!spec)
		return -ENOMEM;
	r = upath_get(upath, &u);
	if (!r)
		r = path_parse(u.path, spec, NULL);
	if (!r && (spec->flags & PATH_RECURSIVE)) {
		if (spec->flags & ~(PATH_RECURSIVE | PATH_DIRECTORY))
			r = -EINVAL;
		if (!r && (colon = strchr(u.path, ':')))
			*colon = 0; /* the tree is removed by its bare path */
		if (!r)
			r = remove_tree(u.p, u.cwd, u.path, strlen(u.path), 0);
	} else if (!r) {
		r = vfs_unlink(u.p->ns, u.cwd, u.path);
	}
	upath_put(&u);
	kfree(spec);
	return r;
}

/* Calls taking two paths: from and to. */
static s64 two_paths(u64 ua, u64 ub,
		     int (*fn)(struct namespace *, struct file *, const char *, const char *))
{
	struct upath u;
	char *b = NULL;
	s64 r = upath_get(ua, &u);

	if (!r)
		r = user_strdup(ub, PATH_MAX, &b);
	if (!r)
		r = fn(u.p->ns, u.cwd, u.path, b);
	kfree(b);
	upath_put(&u);
	return r;
}

s64 sys_rename(u64 from, u64 to)
{
	return two_paths(from, to, vfs_rename);
}

s64 sys_link(u64 oldpath, u64 newpath)
{
	return two_paths(oldpath, newpath, vfs_link);
}

s64 sys_symlink(u64 target, u64 path)
{
	return two_paths(target, path, vfs_symlink);
}

s64 sys_readlink(u64 upath, u64 ubuf, u64 size)
{
	struct upath u;
	char *buf = NULL;
	s64 r;

	if (!user_ok(ubuf, size))
		return -EFAULT;
	r = upath_get(upath, &u);
	if (!r && !(buf = kmalloc(PATH_MAX)))
		r = -ENOMEM;
	if (!r)
		r = vfs_readlink(u.p->ns, u.cwd, u.path, buf, PATH_MAX);
	if (r >= 0) {
		if ((u64)r + 1 > size)
			r = -ERANGE;
		else if (copy_to_user(ubuf, buf, (u64)r + 1))
			r = -EFAULT;
	}
	kfree(buf);
	upath_put(&u);
	return r;
}

s64 sys_chdir(u64 upath)
{
	char *path;
	s64 r = user_strdup(upath, PATH_MAX, &path);

	if (!r)
		r = proc_set_cwd(proc_current(), path);
	kfree(path);
	return r;
}

s64 sys_getcwd(u64 ubuf, u64 size)
{
	char *buf;
	s64 r;

	if (!user_ok(ubuf, size))
		return -EFAULT;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	r = proc_cwd_path(proc_current(), buf, PATH_MAX);
	if (r >= 0) {
		if ((u64)r + 1 > size)
			r = -ERANGE;
		else if (copy_to_user(ubuf, buf, (u64)r + 1))
			r = -EFAULT;
	}
	kfree(buf);
	return r;
}

s64 sys_mount(u64 utarget, u64 ufs, u64 usource)
{
	struct process *p = proc_current();
	char *target = NULL, *fs = NULL, *source = NULL;
	s64 r = user_strdup(utarget, PATH_MAX, &target);

	if (!r)
		r = user_strdup(ufs, 32, &fs);
	if (!r && usource)
		r = user_strdup(usource, PATH_MAX, &source);
	if (!r)
		r = vfs_mount(p->ns, target, fs, source ? source : "");
	kfree(target);
	kfree(fs);
	kfree(source);
	return r;
}

s64 sys_bind(u64 utarget, u64 usource)
{
	struct process *p = proc_current();
	char *target = NULL, *source = NULL;
	s64 r = user_strdup(utarget, PATH_MAX, &target);

	if (!r)
		r = user_strdup(usource, PATH_MAX, &source);
	if (!r)
		r = vfs_bind(p->ns, target, source);
	kfree(target);
	kfree(source);
	return r;
}

s64 sys_umount(u64 utarget)
{
	char *target;
	s64 r = user_strdup(utarget, PATH_MAX, &target);

	if (!r)
		r = vfs_umount(proc_current()->ns, target);
	kfree(target);
	return r;
}

/*
 * poll(fds, n, timeout_ns): a negative fd is ignored (revents 0), one that
 * is not open reports POLLNVAL and makes the call return at once; the open
 * ones are waited for with vfs_poll (negative timeout: forever). Returns
 * how many entries have events.
 */
s64 sys_poll(u64 ufds, u64 n, u64 timeout_ns)
{
	struct pollfd *pfd = NULL;
	struct file **files = NULL;
	u32 *ev = NULL, *rev = NULL, *slot = NULL, nf = 0, bad = 0;
	s64 r;

	if (n > VFS_POLL_MAX)
		return -EINVAL;
	if (n) {
		pfd = kmalloc(n * sizeof(*pfd));
		files = kzalloc(n * sizeof(*files));
		ev = kmalloc(n * sizeof(*ev));
		rev = kzalloc(n * sizeof(*rev));
		slot = kmalloc(n * sizeof(*slot));
		r = -ENOMEM;
		if (!pfd || !files || !ev || !rev || !slot)
			goto out;
		r = -EFAULT;
		if (copy_from_user(pfd, ufds, n * sizeof(*pfd)))
			goto out;
	}
	for (u32 i = 0; i < n; i++) {
		pfd[i].revents = 0;
		if (pfd[i].fd < 0)
			continue;
		files[nf] = fd_file((u64)pfd[i].fd);
		if (!files[nf]) {
			pfd[i].revents = POLLNVAL;
			bad++;
			continue;
		}
		ev[nf] = (u16)pfd[i].events;
		slot[nf++] = i;
	}
	r = vfs_poll(files, ev, rev, nf, bad ? 0 : (s64)timeout_ns);
	if (r >= 0) {
		for (u32 k = 0; k < nf; k++)
			pfd[slot[k]].revents = (short)rev[k];
		r += bad;
		if (n && copy_to_user(ufds, pfd, n * sizeof(*pfd)))
			r = -EFAULT;
	}
out:
	for (u32 k = 0; files && k < nf; k++)
		vfs_close(files[k]);
	kfree(pfd);
	kfree(files);
	kfree(ev);
	kfree(rev);
	kfree(slot);
	return r;
}
