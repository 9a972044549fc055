/*
 * kernel/lib/rbtree.c against models: random inserts and erases checked after every operation
 * against a sorted array (order, links, red-black rules, black height), and an augmented
 * subtree minimum checked against brute force, with and without augmentation.
 */
#include "test.h"
#include <loom/rbtree.h>
#include <stdlib.h>

struct item {
	int key, val;
	int min_val; /* augmented: smallest val in the subtree */
	struct rb_node node;
};

#define item_of(n) rb_entry(n, struct item, node)

static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static unsigned long recomputes;

static void min_val_recompute(struct rb_node *n)
{
	struct item *it = item_of(n);
	int m = it->val;

	if (n->left && item_of(n->left)->min_val < m)
		m = item_of(n->left)->min_val;
	if (n->right && item_of(n->right)->min_val < m)
		m = item_of(n->right)->min_val;
	it->min_val = m;
	recomputes++;
}

static const struct rb_augment min_val_aug = { min_val_recompute };

static void insert(struct rb_root *root, struct item *it, const struct rb_augment *aug)
{
	struct rb_node **link = &root->node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < item_of(parent)->key ? &parent->left : &parent->right;
	}
	rb_link(&it->node, parent, link);
	rb_insert_fixup(root, &it->node, aug);
}

/* Checks the subtree at n; returns its black height (-1 if broken) and its min val. */
static int check_subtree(const struct rb_node *n, const struct rb_node *parent, bool augmented,
			 int *min_val, int *failed)
{
	int lh, rh, lmin = 1 << 30, rmin = 1 << 30, m;

	if (!n)
		return 1;
	if (n->parent != parent) {
		printf("    # bad parent link at key %d\n", item_of(n)->key);
		*failed = 1;
		return -1;
	}
	if (n->red && ((n->left && n->left->red) || (n->right && n->right->red))) {
		printf("    # red node %d has a red child\n", item_of(n)->key);
		*failed = 1;
		return -1;
	}
	lh = check_subtree(n->left, n, augmented, &lmin, failed);
	rh = check_subtree(n->right, n, augmented, &rmin, failed);
	if (lh < 0 || rh < 0)
		return -1;
	if (lh != rh) {
		printf("    # black heights %d != %d under key %d\n", lh, rh, item_of(n)->key);
		*failed = 1;
		return -1;
	}
	m = item_of(n)->val;
	m = lmin < m ? lmin : m;
	m = rmin < m ? rmin : m;
	if (augmented && item_of(n)->min_val != m) {
		printf("    # min_val %d at key %d, brute force %d\n", item_of(n)->min_val,
		       item_of(n)->key, m);
		*failed = 1;
		return -1;
	}
	*min_val = m;
	return lh + !n->red;
}

/* The whole tree against the model (items in order); returns the black height. */
static int check_tree(const struct rb_root *root, struct item **model, int n, bool augmented,
		      int *failed)
{
	int i = 0, min_val, bh;
	struct rb_node *node;

	if (root->node && (root->node->red || root->node->parent)) {
		printf("    # root is red or has a parent\n");
		*failed = 1;
	}
	for (node = rb_first(root); node; node = rb_next(node), i++) {
		if (i >= n || item_of(node) != model[i]) {
			printf("    # in-order walk differs from the model at %d\n", i);
			*failed = 1;
			return -1;
		}
	}
	if (i != n) {
		printf("    # tree has %d nodes, model %d\n", i, n);
		*failed = 1;
	}
	i = n;
	for (node = rb_last(root); node; node = rb_prev(node))
		if (--i < 0 || item_of(node) != model[i])
			break;
	if (i != 0) {
		printf("    # reverse walk differs from the model at %d\n", i);
		*failed = 1;
	}
	bh = check_subtree(root->node, NULL, augmented, &min_val, failed);
	return bh;
}

/* Smallest val among keys <= k, using the augmentation: O(log n). */
static int min_val_upto(const struct rb_root *root, int k, unsigned *steps)
{
	int best = 1 << 30;

	for (struct rb_node *n = root->node; n; (*steps)++) {
		struct item *it = item_of(n);

		if (it->key > k) {
			n = n->left;
			continue;
		}
		if (it->val < best)
			best = it->val;
		if (n->left && item_of(n->left)->min_val < best)
			best = item_of(n->left)->min_val;
		n = n->right;
	}
	return best;
}

static void random_ops(int *failed, bool augmented, int max_n, int ops, int key_range)
{
	const struct rb_augment *aug = augmented ? &min_val_aug : NULL;
	struct item *items = calloc(max_n, sizeof(*items));
	struct item **model = calloc(max_n, sizeof(*model));
	struct item **free_list = calloc(max_n, sizeof(*free_list));
	struct rb_root root = RB_ROOT;
	int n = 0, nfree = max_n, max_bh = 0;
	unsigned long steps = 0, queries = 0;

	for (int i = 0; i < max_n; i++)
		free_list[i] = &items[max_n - 1 - i];
	for (int op = 0; op < ops && !*failed; op++) {
		/* Grow for the first half of every 4096 operations, then shrink. */
		bool grow = ((op / 2048) % 2 == 0) ? rnd(10) < 7 : rnd(10) < 3;

		if (n && (!nfree || !grow)) {
			int i = rnd(n);

			rb_erase(&root, &model[i]->node, aug);
			free_list[nfree++] = model[i];
			memmove(&model[i], &model[i + 1], (n - i - 1) * sizeof(*model));
			n--;
		} else if (nfree) {
			struct item *it = free_list[--nfree];
			int i = 0;

			it->key = rnd(key_range);
			it->val = rnd(1000000);
			insert(&root, it, aug);
			while (i < n && model[i]->key <= it->key) /* equal keys go right */
				i++;
			memmove(&model[i + 1], &model[i], (n - i) * sizeof(*model));
			model[i] = it;
			n++;
		}
		int bh = check_tree(&root, model, n, augmented, failed);
		if (bh > max_bh)
			max_bh = bh;
		/* A red-black tree of n nodes has black height <= log2(n + 1) + 1. */
		if (bh >= 0 && (1u << (bh - 1)) > (unsigned)n + 1) {
			printf("    # black height %d with %d nodes\n", bh, n);
			*failed = 1;
		}
		if (augmented && n) {
			int k = rnd(key_range), brute = 1 << 30;
			unsigned s = 0;

			for (int i = 0; i < n && model[i]->key <= k; i++)
				if (model[i]->val < brute)
					brute = model[i]->val;
			EXPECT_EQ(min_val_upto(&root, k, &s), brute);
			steps += s;
			queries++;
		}
	}
	printf("    # %s: %d ops up to %d nodes, max black height %d, %.1f steps per query\n",
	       augmented ? "augmented" : "plain", ops, max_n, max_bh,
	       queries ? (double)steps / queries : 0.0);
	free(items);
	free(model);
	free(free_list);
}

TEST(rbtree_random_vs_model)
{
	random_ops(failed, false, 600, 20000, 1000);
	random_ops(failed, false, 300, 10000, 8); /* many equal keys */
}

TEST(rbtree_augmented_min_vs_brute_force)
{
	random_ops(failed, true, 600, 20000, 100000);
	random_ops(failed, true, 200, 10000, 16);
}

TEST(rbtree_sequential_keys_stay_balanced)
{
	enum { N = 1 << 14 };
	struct item *items = calloc(N, sizeof(*items));
	struct rb_root root = RB_ROOT;
	int height = 0;

	for (int i = 0; i < N; i++) {
		items[i].key = i;
		items[i].val = N - i;
		insert(&root, &items[i], &min_val_aug);
	}
	for (int i = 0; i < N; i++) {
		int d = 0;

		for (struct rb_node *n = &items[i].node; n; n = n->parent)
			d++;
		height = d > height ? d : height;
	}
	/* Height <= 2 log2(n + 1). */
	EXPECT_TRUE(height <= 2 * 15);
	EXPECT_EQ(item_of(root.node)->min_val, 1);
	EXPECT_EQ(item_of(rb_first(&root))->key, 0);
	EXPECT_EQ(item_of(rb_last(&root))->key, N - 1);
	/* Erase every other node, then check the rest in order. */
	for (int i = 0; i < N; i += 2)
		rb_erase(&root, &items[i].node, &min_val_aug);
	int i = 1;
	for (struct rb_node *n = rb_first(&root); n; n = rb_next(n), i += 2)
		EXPECT_EQ(item_of(n)->key, i);
	EXPECT_EQ(i, N + 1);
	EXPECT_EQ(item_of(root.node)->min_val, 1);
	recomputes = 0;
	rb_erase(&root, &items[N - 1].node, &min_val_aug);
	EXPECT_TRUE(recomputes <= 3 * 30); /* the path and the rotations only */
	EXPECT_EQ(item_of(root.node)->min_val, 3);
	for (i = 1; i < N - 1; i += 2)
		rb_erase(&root, &items[i].node, &min_val_aug);
	EXPECT_TRUE(rb_empty(&root));
	EXPECT_TRUE(rb_first(&root) == NULL && rb_last(&root) == NULL);
	free(items);
}

TEST(rbtree_clear_node_marks_unlinked)
{
	struct item a = { .key = 1 }, b = { .key = 2 };
	struct rb_root root = RB_ROOT;

	rb_clear_node(&a.node);
	EXPECT_TRUE(!rb_is_linked(&a.node));
	insert(&root, &a, NULL);
	insert(&root, &b, NULL);
	EXPECT_TRUE(rb_is_linked(&a.node) && rb_is_linked(&b.node));
	rb_erase(&root, &a.node, NULL);
	rb_clear_node(&a.node);
	EXPECT_TRUE(!rb_is_linked(&a.node));
	EXPECT_TRUE(root.node == &b.node && !b.node.red && !b.node.parent);
}
