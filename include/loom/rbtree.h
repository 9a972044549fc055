/*
 * Intrusive red-black trees with optional augmentation (kernel/lib/rbtree.c).
 * The tree only links nodes: the caller embeds a struct rb_node, orders the
 * keys and does its own locking (none here). Contract: rb_link + rb_insert_fixup
 * insert, rb_erase removes, both O(log n); a node is in at most one tree.
 */
#ifndef LOOM_RBTREE_H
#define LOOM_RBTREE_H

#include <loom/compiler.h>
#include <loom/types.h>

struct rb_node {
	struct rb_node *parent, *left, *right;
	bool red;
};

struct rb_root {
	struct rb_node *node;
};

#define RB_ROOT ((struct rb_root){ NULL })

#define rb_entry(ptr, type, member) container_of(ptr, type, member)

/*
 * Augmentation: each node may cache a value computed from itself and its two
 * children (a subtree minimum, a count...). recompute(n) must recalculate n's
 * value from n and n->left / n->right, whose values are already correct.
 * The tree calls it, always children before parents:
 *  - rb_insert_fixup: on the new node, then on each ancestor up to the root;
 *  - rb_erase: on each node from the lowest one whose subtree lost a node (or
 *    the successor moved into the erased node's place) up to the root;
 *  - on every rotation, on the node that went down, then on the one that went
 *    up (a rotation does not change the set of nodes below its top, so the
 *    nodes above stay correct).
 * Recolouring never calls it. When a node's own input to the value changes
 * while it is in the tree, call rb_augment_propagate(node). NULL = plain tree.
 */
struct rb_augment {
	void (*recompute)(struct rb_node *n);
};

/*
 * Insertion: walk down from &root->node comparing keys, then
 *	rb_link(node, parent, link);	(link: &parent->left, &parent->right
 *					 or &root->node when parent is NULL)
 *	rb_insert_fixup(root, node, aug);
 */
static inline void rb_link(struct rb_node *node, struct rb_node *parent, struct rb_node **link)
{
	node->parent = parent;
	node->left = node->right = NULL;
	node->red = true;
	*link = node;
}

void rb_insert_fixup(struct rb_root *root, struct rb_node *node, const struct rb_augment *aug);
void rb_erase(struct rb_root *root, struct rb_node *node, const struct rb_augment *aug);
/* Recompute node's augmented value and those of all its ancestors. */
void rb_augment_propagate(struct rb_node *node, const struct rb_augment *aug);

/* In-order traversal, O(log n) worst case per step; NULL at the ends. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

static inline bool rb_empty(const struct rb_root *root)
{
	return !root->node;
}

/*
 * A node that is in no tree can be marked so (its parent points to itself):
 * rb_clear_node() after rb_erase() (or before first use), rb_is_linked() to ask.
 */
static inline void rb_clear_node(struct rb_node *node)
{
	node->parent = node;
}

static inline bool rb_is_linked(const struct rb_node *node)
{
	return node->parent != node;
}

#endif
