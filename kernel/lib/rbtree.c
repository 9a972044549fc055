/*
 * Red-black tree rebalancing and traversal (include/loom/rbtree.h). Pure code
 * with no locking: callers serialise access to each tree. Invariants kept:
 * the root is black, a red node has no red child, every root-to-leaf path has
 * the same number of black nodes, and augmented values are current.
 */
#include <loom/rbtree.h>

static inline bool is_red(const struct rb_node *n)
{
	return n && n->red;
}

static inline void recompute(struct rb_node *n, const struct rb_augment *aug)
{
	if (aug)
		aug->recompute(n);
}

/* Make new take old's place under parent (or at the root). */
static void replace_child(struct rb_root *root, struct rb_node *parent, struct rb_node *old,
			  struct rb_node *new)
{
	if (!parent)
		root->node = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

/* x's right child y becomes the top of the subtree; x becomes y's left. */
static void rotate_left(struct rb_root *root, struct rb_node *x, const struct rb_augment *aug)
{
	struct rb_node *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->parent = x->parent;
	replace_child(root, x->parent, x, y);
	y->left = x;
	x->parent = y;
	recompute(x, aug);
	recompute(y, aug);
}

/* x's left child y becomes the top of the subtree; x becomes y's right. */
static void rotate_right(struct rb_root *root, struct rb_node *x, const struct rb_augment *aug)
{
	struct rb_node *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->parent = x->parent;
	replace_child(root, x->parent, x, y);
	y->right = x;
	x->parent = y;
	recompute(x, aug);
	recompute(y, aug);
}

void rb_augment_propagate(struct rb_node *node, const struct rb_augment *aug)
{
	if (!aug)
		return;
	for (; node; node = node->parent)
		aug->recompute(node);
}

/*
 * The new node is red; the only possible violation is a red node with a red
 * parent. Either the uncle is red too (push the red up to the grandparent and
 * retry there) or one or two rotations end it.
 */
void rb_insert_fixup(struct rb_root *root, struct rb_node *node, const struct rb_augment *aug)
{
	struct rb_node *parent, *gparent, *uncle;

	rb_augment_propagate(node, aug);
	while ((parent = node->parent) && parent->red) {
		gparent = parent->parent; /* exists: a red node is never the root */
		if (parent == gparent->left) {
			uncle = gparent->right;
			if (is_red(uncle)) {
				parent->red = uncle->red = false;
				gparent->red = true;
				node = gparent;
				continue;
			}
			if (node == parent->right) {
				rotate_left(root, parent, aug);
				node = parent;
				parent = node->parent;
			}
			parent->red = false;
			gparent->red = true;
			rotate_right(root, gparent, aug);
		} else {
			uncle = gparent->left;
			if (is_red(uncle)) {
				parent->red = uncle->red = false;
				gparent->red = true;
				node = gparent;
				continue;
			}
			if (node == parent->left) {
				rotate_right(root, parent, aug);
				node = parent;
				parent = node->parent;
			}
			parent->red = false;
			gparent->red = true;
			rotate_left(root, gparent, aug);
		}
		break;
	}
	root->node->red = false;
}

/*
 * A black node was removed from the path through x (x may be NULL, a leaf,
 * under parent): x's side is one black short. Recolour or rotate around the
 * sibling until the deficit is absorbed by a red node or reaches the root.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *x, struct rb_node *parent,
			const struct rb_augment *aug)
{
	struct rb_node *sib;

	while (x != root->node && !is_red(x)) {
		if (x == parent->left) {
			sib = parent->right; /* non-NULL: it has a black to spare */
			if (sib->red) {
				sib->red = false;
				parent->red = true;
				rotate_left(root, parent, aug);
				sib = parent->right;
			}
			if (!is_red(sib->left) && !is_red(sib->right)) {
				sib->red = true;
				x = parent;
				parent = x->parent;
				continue;
			}
			if (!is_red(sib->right)) {
				sib->left->red = false;
				sib->red = true;
				rotate_right(root, sib, aug);
				sib = parent->right;
			}
			sib->red = parent->red;
			parent->red = false;
			sib->right->red = false;
			rotate_left(root, parent, aug);
		} else {
			sib = parent->left;
			if (sib->red) {
				sib->red = false;
				parent->red = true;
				rotate_right(root, parent, aug);
				sib = parent->left;
			}
			if (!is_red(sib->left) && !is_red(sib->right)) {
				sib->red = true;
				x = parent;
				parent = x->parent;
				continue;
			}
			if (!is_red(sib->left)) {
				sib->right->red = false;
				sib->red = true;
				rotate_left(root, sib, aug);
				sib = parent->left;
			}
			sib->red = parent->red;
			parent->red = false;
			sib->left->red = false;
			rotate_right(root, parent, aug);
		}
		x = root->node;
		break;
	}
	if (x)
		x->red = false;
}

void rb_erase(struct rb_root *root, struct rb_node *node, const struct rb_augment *aug)
{
	struct rb_node *child, *parent, *succ;
	bool removed_black;

	if (!node->left || !node->right) {
		/* At most one child: it takes node's place. */
		child = node->left ? node->left : node->right;
		parent = node->parent;
		removed_black = !node->red;
		replace_child(root, parent, node, child);
		if (child)
			child->parent = parent;
	} else {
		/* Two children: the successor (leftmost on the right, no left
		 * child) leaves its spot to its right child and takes node's
		 * place and colour; the colour lost is the successor's. */
		succ = node->right;
		while (succ->left)
			succ = succ->left;
		child = succ->right;
		removed_black = !succ->red;
		if (succ->parent == node) {
			parent = succ;
		} else {
			parent = succ->parent;
			parent->left = child;
			if (child)
				child->parent = parent;
			succ->right = node->right;
			succ->right->parent = succ;
		}
		succ->left = node->left;
		succ->left->parent = succ;
		succ->parent = node->parent;
		succ->red = node->red;
		replace_child(root, node->parent, node, succ);
	}
	rb_augment_propagate(parent, aug);
	if (removed_black)
		erase_fixup(root, child, parent, aug);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->node;

	while (n && n->left)
		n = n->left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->node;

	while (n && n->right)
		n = n->right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	const struct rb_node *n = node;

	if (n->right) {
		for (n = n->right; n->left; n = n->left)
			;
		return (struct rb_node *)n;
	}
	while (n->parent && n == n->parent->right)
		n = n->parent;
	return n->parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	const struct rb_node *n = node;

	if (n->left) {
		for (n = n->left; n->right; n = n->right)
			;
		return (struct rb_node *)n;
	}
	while (n->parent && n == n->parent->left)
		n = n->parent;
	return n->parent;
}
