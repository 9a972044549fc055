/*
 * A process's fd table, environment and working directory (see
 * include/loom/proc.h). Locking: p->lock around every change and look;
 * files are closed (vfs_close may sleep on vfs_lock) after it is dropped.
 */
#include <loom/errno.h>
#include <loom/path.h>
#include <loom/proc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/vfs.h>
#include "internal.h"

/* --- fds --------------------------------------------------------------------- */
int proc_fd_install(struct process *p, struct file *f)
{
	int fd = -EMFILE;

	mutex_lock(&p->lock);
	for (int i = 0; i < PROC_FD_MAX; i++) {
		if (!p->fds[i]) {
			p->fds[i] = f;
			fd = i;
			break;
		}
	}
	mutex_unlock(&p->lock);
	return fd;
}

struct file *proc_fd_get(struct process *p, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || fd >= PROC_FD_MAX)
		return NULL;
	mutex_lock(&p->lock);
	if (p->fds[fd])
		f = vfs_file_get(p->fds[fd]);
	mutex_unlock(&p->lock);
	return f;
}

int proc_fd_dup2(struct process *p, int oldfd, int newfd)
{
	struct file *old = NULL;

	if (oldfd < 0 || oldfd >= PROC_FD_MAX || newfd < 0 || newfd >= PROC_FD_MAX)
		return -EBADF;
	mutex_lock(&p->lock);
	if (!p->fds[oldfd]) {
		mutex_unlock(&p->lock);
		return -EBADF;
	}
	if (oldfd != newfd) {
		old = p->fds[newfd];
		p->fds[newfd] = vfs_file_get(p->fds[oldfd]);
	}
	mutex_unlock(&p->lock);
	if (old)
		vfs_close(old);
	return newfd;
}

int proc_fd_close_range(struct process *p, u64 first, u64 last)
{
	struct file *batch[16];
	int closed = 0;

	if (first > last || first >= PROC_FD_MAX)
		return -EBADF;
	if (last >= PROC_FD_MAX)
		last = PROC_FD_MAX - 1;
	for (u64 fd = first; fd <= last;) {
		u32 n = 0;

		mutex_lock(&p->lock);
		for (; fd <= last && n < 16; fd++) {
			if (p->fds[fd]) {
				batch[n++] = p->fds[fd];
				p->fds[fd] = NULL;
			}
		}
		mutex_unlock(&p->lock);
		for (u32 i = 0; i < n; i++)
			vfs_close(batch[i]);
		closed += (int)n;
	}
	return closed;
}

/* A copy of parent's table (spawn); the child is not running yet. */
void proc_fd_copy(struct process *child, struct process *parent)
{
	mutex_lock(&parent->lock);
	for (int i = 0; i < PROC_FD_MAX; i++)
		if (parent->fds[i])
			child->fds[i] = vfs_file_get(parent->fds[i]);
	mutex_unlock(&parent->lock);
}

/* --- environment --------------------------------------------------------------- */
static bool env_name_ok(const char *name)
{
	size_t n = strnlen(name, 256);

	return n && n < 256 && !strchr(name, '=');
}

static struct proc_env *env_find(struct process *p, const char *name)
{
	for (struct proc_env *e = p->env; e; e = e->next)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

int proc_env_get(struct process *p, const char *name, char *buf, size_t size)
{
	struct proc_env *e;
	int r = -ENOENT;

	if (!env_name_ok(name))
		return -EINVAL;
	mutex_lock(&p->lock);
	e = env_find(p, name);
	if (e) {
		r = (int)strlen(e->value);
		if (size)
			strlcpy(buf, e->value, size);
	}
	mutex_unlock(&p->lock);
	return r;
}

int proc_env_set(struct process *p, const char *name, const char *value, size_t len)
{
	struct proc_env *e, *n;
	char *v;

	if (!env_name_ok(name) || len > SPAWN_ARGS_MAX || strnlen(value, len) != len)
		return -EINVAL;
	v = kmalloc(len + 1);
	n = kzalloc(sizeof(*n));
	if (!v || !n || !(n->name = kmalloc(strlen(name) + 1))) {
		kfree(v);
		kfree(n);
		return -ENOMEM;
	}
	memcpy(v, value, len);
	v[len] = 0;
	strlcpy(n->name, name, strlen(name) + 1);
	mutex_lock(&p->lock);
	e = env_find(p, name);
	if (e) {
		kfree(e->value);
		e->value = v;
		kfree(n->name);
		kfree(n);
	} else {
		n->value = v;
		n->next = p->env;
		p->env = n;
	}
	mutex_unlock(&p->lock);
	return 0;
}

int proc_env_unset(struct process *p, const char *name)
{
	struct proc_env *gone = NULL;

	if (!env_name_ok(name))
		return -EINVAL;
	mutex_lock(&p->lock);
	for (struct proc_env **pp = &p->env; *pp; pp = &(*pp)->next) {
		if (!strcmp((*pp)->name, name)) {
			gone = *pp;
			*pp = gone->next;
			break;
		}
	}
	mutex_unlock(&p->lock);
	if (!gone)
		return -ENOENT;
	kfree(gone->name);
	kfree(gone->value);
	kfree(gone);
	return 0;
}

void proc_env_clear(struct process *p)
{
	struct proc_env *e;

	mutex_lock(&p->lock);
	e = p->env;
	p->env = NULL;
	mutex_unlock(&p->lock);
	while (e) {
		struct proc_env *next = e->next;

		kfree(e->name);
		kfree(e->value);
		kfree(e);
		e = next;
	}
}

int proc_env_copy(struct process *child, struct process *parent)
{
	struct proc_env **tail = &child->env;
	int r = 0;

	/* The child is not running yet: its list is built without its lock,
	 * in the parent's order. */
	mutex_lock(&parent->lock);
	for (struct proc_env *e = parent->env; e && !r; e = e->next) {
		struct proc_env *n = kzalloc(sizeof(*n));
		size_t nl = strlen(e->name) + 1, vl = strlen(e->value) + 1;

		if (!n || !(n->name = kmalloc(nl)) || !(n->value = kmalloc(vl))) {
			if (n)
				kfree(n->name);
			kfree(n);
			r = -ENOMEM;
			break;
		}
		memcpy(n->name, e->name, nl);
		memcpy(n->value, e->value, vl);
		*tail = n;
		tail = &n->next;
	}
	mutex_unlock(&parent->lock);
	return r;
}

/* --- working directory ------------------------------------------------------------ */
/* dst = base joined with rel (no flags), "." and ".." resolved by name. */
int proc_path_join(const char *base, const char *rel, char *dst, size_t size)
{
	char name[NAME_MAX + 1];
	size_t len = 0, pos = 0;

	if (rel[0] != '/') {
		len = strlcpy(dst, base, size);
		if (len >= size)
			return -ENAMETOOLONG;
	}
	if (len == 0 || dst[len - 1] != '/') {
		if (len + 1 >= size)
			return -ENAMETOOLONG;
		dst[len++] = '/';
		dst[len] = 0;
	}
	while (path_next(rel, &pos, name)) {
		if (!strcmp(name, "..")) {
			if (len > 1) {
				len--; /* the trailing '/' */
				while (len > 1 && dst[len - 1] != '/')
					len--;
			}
			dst[len] = 0;
			continue;
		}
		if (len + strlen(name) + 2 > size)
			return -ENAMETOOLONG;
		len += strlcpy(dst + len, name, size - len);
		dst[len++] = '/';
		dst[len] = 0;
	}
	if (len > 1)
		dst[--len] = 0; /* no trailing '/' but for the root */
	return (int)len;
}

static const u32 cwd_perms[] = { PERM_ALL, PERM_READ | PERM_EXEC, PERM_READ | PERM_WRITE,
				 PERM_READ };

int proc_set_cwd(struct process *p, const char *path)
{
	struct path_spec *spec = kmalloc(sizeof(*spec));
	struct vfs_stat st;
	struct file *f = NULL, *cwd, *old;
	char *newpath = NULL, *oldpath;
	int r;

	if (!spec)
		return -ENOMEM;
	r = path_parse(path, spec, NULL);
	if (r)
		goto out;
	mutex_lock(&p->lock);
	cwd = p->cwd ? vfs_file_get(p->cwd) : NULL;
	mutex_unlock(&p->lock);
	/* The directory is the ceiling of every relative walk from it: keep
	 * as much as the walk to it allows. */
	r = -EACCES;
	for (size_t i = 0; r == -EACCES && i < ARRAY_SIZE(cwd_perms); i++)
		r = vfs_open(p->ns, cwd, path, cwd_perms[i], &f);
	if (!r)
		r = vfs_fstat(f, &st);
	if (!r && st.type != INODE_DIR)
		r = -ENOTDIR;
	if (!r && !(newpath = kmalloc(PATH_MAX)))
		r = -ENOMEM;
	if (!r) {
		mutex_lock(&p->lock);
		r = proc_path_join(p->cwd_path ? p->cwd_path : "/", spec->path, newpath, PATH_MAX);
		mutex_unlock(&p->lock);
	}
	if (cwd)
		vfs_close(cwd);
	if (r < 0) {
		if (f)
			vfs_close(f);
		kfree(newpath);
		goto out;
	}
	mutex_lock(&p->lock);
	old = p->cwd;
	oldpath = p->cwd_path;
	p->cwd = f;
	p->cwd_path = newpath;
	mutex_unlock(&p->lock);
	if (old)
		vfs_close(old);
	kfree(oldpath);
	r = 0;
out:
	kfree(spec);
	return r;
}

int proc_cwd_path(struct process *p, char *buf, size_t size)
{
	size_t len;

	mutex_lock(&p->lock);
	len = strlcpy(buf, p->cwd_path ? p->cwd_path : "/", size);
	mutex_unlock(&p->lock);
	return len < size ? (int)len : -ERANGE;
}

/* A reference to p's working directory (NULL: the namespace root). */
struct file *proc_cwd_get(struct process *p)
{
	struct file *f;

	mutex_lock(&p->lock);
	f = p->cwd ? vfs_file_get(p->cwd) : NULL;
	mutex_unlock(&p->lock);
	return f;
}
