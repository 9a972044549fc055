/*
 * vfs_ns_describe: a namespace's mount table as text, one mount a line in
 * the order they were made (parents first), for /proc/[pid]/ns. A mount's
 * path is found by climbing from its mountpoint to its parent mount's
 * root, mount by mount. Locking: vfs_lock while it reads the table.
 */
#include <loom/printk.h>
#include <loom/string.h>
#include "internal.h"

#define SHOW_DEPTH 64 /* components of a mount's path shown; deeper: "..." */

struct show {
	char *buf;
	size_t size, len;
};

static void put(struct show *s, const char *text)
{
	size_t n = strlen(text);

	if (s->len < s->size) {
		size_t room = s->size - s->len - 1;

		memcpy(s->buf + s->len, text, MIN(n, room));
		s->buf[s->len + MIN(n, room)] = 0;
	}
	s->len += n;
}

static void put_path(struct show *s, struct mount *m)
{
	const char *names[SHOW_DEPTH];
	int n = 0;

	for (struct mount *c = m; c->parent && n < SHOW_DEPTH; c = c->parent)
		for (struct dentry *d = c->mountpoint; d && d != c->parent->root && n < SHOW_DEPTH;
		     d = d->parent)
			names[n++] = d->name;
	if (!n)
		put(s, "/");
	if (n == SHOW_DEPTH)
		put(s, "/...");
	while (n--) {
		put(s, "/");
		put(s, names[n]);
	}
}

int vfs_ns_describe(struct namespace *ns, char *buf, size_t size)
{
	struct show s = { buf, size, 0 };
	char perms[4];

	if (size)
		buf[0] = 0;
	vfs_lock_take();
	for (struct mount *m = ns->mounts; m; m = m->next) {
		perms[0] = (m->perms & PERM_READ) ? 'r' : '-';
		perms[1] = (m->perms & PERM_WRITE) ? 'w' : '-';
		perms[2] = (m->perms & PERM_EXEC) ? 'x' : '-';
		perms[3] = 0;
		put_path(&s, m);
		put(&s, " ");
		put(&s, m->sb->type->name);
		put(&s, " ");
		put(&s, perms);
		if (m->flags & PATH_PRIVATE)
			put(&s, " private");
		if (m->root != m->sb->root)
			put(&s, " bind");
		put(&s, "\n");
	}
	vfs_lock_drop();
	return (int)s.len;
}
