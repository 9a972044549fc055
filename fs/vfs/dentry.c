/*
 * The dentry cache: names in a tree (parent, children) over inodes. A
 * dentry lives while it is linked in the tree or referenced (open files,
 * mounts); an unlinked one goes with its last reference, so a file removed
 * while open stays readable until closed. Locking: vfs_lock.
 */
#include <loom/slab.h>
#include <loom/string.h>
#include "internal.h"

struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *ino)
{
	struct dentry *d = kzalloc(sizeof(*d));
	size_t len = strlen(name);

	if (!d)
		return NULL;
	d->name = kmalloc(len + 1);
	if (!d->name) {
		kfree(d);
		return NULL;
	}
	memcpy(d->name, name, len + 1);
	d->inode = ino;
	d->sb = ino->sb;
	vfs_inode_get(ino);
	if (parent) {
		d->parent = parent;
		d->next = parent->children;
		parent->children = d;
		d->linked = true;
	}
	vfs_counts.dentries++;
	return d;
}

struct dentry *d_lookup(struct dentry *dir, const char *name)
{
	for (struct dentry *c = dir->children; c; c = c->next)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void d_free(struct dentry *d)
{
	vfs_inode_put(d->inode);
	kfree(d->name);
	vfs_counts.dentries--;
	kfree(d);
}

static void d_remove_from_parent(struct dentry *d)
{
	struct dentry **pp = &d->parent->children;

	while (*pp != d)
		pp = &(*pp)->next;
	*pp = d->next;
	d->next = NULL;
}

/* Take d out of the tree (the caller fixed link counts). */
void d_unlink(struct dentry *d)
{
	d_remove_from_parent(d);
	d->parent = NULL;
	d->linked = false;
	if (!d->refs)
		d_free(d);
}

/* Move d under newparent with name newname (kmalloc'd, taken over). */
void d_move(struct dentry *d, struct dentry *newparent, char *newname)
{
	d_remove_from_parent(d);
	kfree(d->name);
	d->name = newname;
	d->parent = newparent;
	d->next = newparent->children;
	newparent->children = d;
}

void d_get(struct dentry *d)
{
	d->refs++;
}

void d_put(struct dentry *d)
{
	if (--d->refs == 0 && !d->linked && d->parent == NULL && d != d->sb->root)
		d_free(d);
}

bool d_is_ancestor(struct dentry *a, struct dentry *d)
{
	for (; d; d = d->parent)
		if (d == a)
			return true;
	return false;
}

/* The superblock goes: free its whole tree (no references are left). */
void d_free_tree(struct dentry *root)
{
	struct dentry *d = root;

	while (d) {
		if (d->children) {
			d = d->children;
			continue;
		}
		struct dentry *p = d->parent;

		if (p)
			d_remove_from_parent(d);
		d_free(d);
		d = p;
	}
}
