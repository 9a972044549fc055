/*
 * Mount namespaces: each holds its own mount table (struct mount is never
 * shared between namespaces), and the walk crosses a mount only if it is
 * in the walker's namespace. Empty namespaces get a small private tmpfs as
 * their root; copies leave out :private mounts and what sits on them.
 * Sharing is a reference (atomic). Locking: vfs_lock.
 */
#include <loom/errno.h>
#include <loom/slab.h>
#include "internal.h"

/* Root of a new empty namespace: room for mountpoints, not for data. */
#define NS_EMPTY_ROOT_OPTS "size=16k"

struct namespace *ns_alloc(void)
{
	struct namespace *ns = kzalloc(sizeof(*ns));

	static u64 next_id;

	if (ns) {
		ns->refs = 1;
		ns->id = ++next_id; /* under vfs_lock */
		vfs_counts.namespaces++;
	}
	return ns;
}

/* The topmost mount of ns on d as reached through parent, or NULL. */
struct mount *ns_mount_at(struct namespace *ns, struct mount *parent, struct dentry *d)
{
	struct mount *found = NULL;

	for (struct mount *m = ns->mounts; m; m = m->next)
		if (m->mountpoint == d && m->parent == parent)
			found = m;
	return found;
}

static void ns_free(struct namespace *ns)
{
	/* Children were mounted after their parents: detach from the end. */
	while (ns->mounts) {
		struct mount *last = ns->mounts;

		while (last->next)
			last = last->next;
		mnt_detach(last);
	}
	vfs_counts.namespaces--;
	kfree(ns);
}

struct namespace *ns_create_empty(void)
{
	struct super_block *sb;
	struct namespace *ns;

	vfs_lock_take();
	ns = ns_alloc();
	if (ns && vfs_new_super("tmpfs", NS_EMPTY_ROOT_OPTS, &sb) == 0) {
		ns->root = mnt_alloc(ns, NULL, NULL, sb->root, 0, PERM_ALL);
		vfs_super_put(sb);
	}
	if (ns && !ns->root) {
		ns_free(ns);
		ns = NULL;
	}
	vfs_lock_drop();
	return ns;
}

struct namespace *ns_copy(struct namespace *parent)
{
	struct namespace *ns;
	struct mount *m, *c;
	bool ok = true;

	if (!parent)
		return NULL;
	vfs_lock_take();
	ns = ns_alloc();
	for (m = parent->mounts; ns && m; m = m->next) {
		m->copy = NULL;
		if ((m->flags & PATH_PRIVATE) || (m->parent && !m->parent->copy))
			continue;
		c = mnt_alloc(ns, m->parent ? m->parent->copy : NULL, m->mountpoint, m->root,
			      m->flags, m->perms);
		if (!c) {
			ok = false;
			break;
		}
		m->copy = c;
		if (m == parent->root)
			ns->root = c;
	}
	if (ns && (!ok || !ns->root)) {
		ns_free(ns);
		ns = NULL;
	}
	vfs_lock_drop();
	return ns;
}

u64 ns_id(const struct namespace *ns)
{
	return ns->id;
}

/* Namespace references are atomic (like file references): taking one
 * needs no lock. */
struct namespace *ns_get(struct namespace *ns)
{
	__atomic_fetch_add(&ns->refs, 1, __ATOMIC_RELAXED);
	return ns;
}

void ns_put(struct namespace *ns)
{
	if (!ns || __atomic_sub_fetch(&ns->refs, 1, __ATOMIC_ACQ_REL))
		return;
	vfs_lock_take();
	ns_free(ns);
	vfs_lock_drop();
}
