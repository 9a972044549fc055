/*
 * The ACPI namespace: a tree of four-character names, children kept in
 * definition order. A node is reference counted (the tree holds one
 * reference, RefOf references and fields one each) so that a reference to a
 * name a method made stays valid after the method removed the name. Name
 * strings follow the AML rules: '\' starts at the root, each '^' goes one
 * scope up, and a lone NameSeg is searched in the scope and then upwards.
 */
#include <loom/printk.h>
#include "internal.h"

struct aml_node *node_new(struct aml *a, struct aml_node *parent, const char name[4])
{
	struct aml_node *n = aml_alloc(a, sizeof(*n));

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	memcpy(n->name, name, 4);
	n->refs = 1;
	n->parent = parent;
	if (parent) {
		if (parent->last_child)
			parent->last_child->next = n;
		else
			parent->child = n;
		parent->last_child = n;
	}
	a->nodes++;
	return n;
}

void node_get(struct aml_node *n)
{
	if (n)
		n->refs++;
}

void node_put(struct aml *a, struct aml_node *n)
{
	if (!n || --n->refs)
		return;
	aml_free(a, n);
}

void node_set(struct aml *a, struct aml_node *n, struct aml_object *o)
{
	struct aml_object *old = n->obj;

	n->obj = o;
	obj_put(a, old);
}

/* Unlink n (and its subtree) from the namespace and drop the tree's reference. */
void node_detach(struct aml *a, struct aml_node *n)
{
	struct aml_node *p = n->parent, *prev = NULL;

	while (n->child)
		node_detach(a, n->child);
	if (p) {
		for (struct aml_node *c = p->child; c && c != n; c = c->next)
			prev = c;
		if (prev)
			prev->next = n->next;
		else
			p->child = n->next;
		if (p->last_child == n)
			p->last_child = prev;
	}
	n->parent = NULL;
	n->next = NULL;
	n->detached = true;
	a->nodes--;
	node_set(a, n, NULL);
	node_put(a, n);
}

struct aml_node *node_child(struct aml_node *n, const char name[4])
{
	for (struct aml_node *c = n ? n->child : NULL; c; c = c->next)
		if (c->name[0] == name[0] && c->name[1] == name[1] && c->name[2] == name[2] &&
		    c->name[3] == name[3])
			return c;
	return NULL;
}

struct aml_node *node_resolve_alias(struct aml_node *n)
{
	for (int i = 0; n && n->obj && n->obj->type == AML_ALIAS && i < 8; i++)
		n = n->obj->alias.target;
	return n;
}

bool is_name_lead(u8 b)
{
	return (b >= 'A' && b <= 'Z') || b == '_' || b == '\\' || b == '^' || b == 0x2e ||
	       b == 0x2f;
}

static bool seg_ok(const u8 *s)
{
	if (!((s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return false;
	for (int i = 1; i < 4; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

int parse_name(struct aml *a, struct cursor *c, struct name *n)
{
	memset(n, 0, sizeof(*n));
	if (c->p < c->end && *c->p == '\\') {
		n->root = true;
		c->p++;
	} else {
		while (c->p < c->end && *c->p == '^') {
			n->up++;
			c->p++;
		}
	}
	if (c->p >= c->end)
		goto bad;
	switch (*c->p) {
	case 0x00: c->p++; return 0;
	case 0x2e:
		n->nseg = 2;
		c->p++;
		break;
	case 0x2f:
		if (c->end - c->p < 2)
			goto bad;
		n->nseg = c->p[1];
		c->p += 2;
		break;
	default: n->nseg = 1;
	}
	if ((u64)(c->end - c->p) < 4ull * n->nseg)
		goto bad;
	n->segs = c->p;
	for (u32 i = 0; i < n->nseg; i++)
		if (!seg_ok(n->segs + 4 * i))
			goto bad;
	c->p += 4 * n->nseg;
	return 0;
bad:
	aml_log(a, 1, "aml: malformed name at offset 0x%lx",
		(unsigned long)(c->p - a->table_start));
	return -EINVAL;
}

static struct aml_node *start_node(struct aml *a, struct aml_node *scope, const struct name *n)
{
	struct aml_node *s = n->root ? a->root : (scope ? scope : a->root);

	for (u32 i = 0; i < n->up && s; i++)
		s = s->parent;
	return s;
}

static struct aml_node *walk(struct aml_node *s, const u8 *segs, u32 nseg)
{
	for (u32 i = 0; i < nseg && s; i++)
		s = node_resolve_alias(
			node_child(node_resolve_alias(s), (const char *)segs + 4 * i));
	return s;
}

struct aml_node *name_lookup(struct aml *a, struct aml_node *scope, const struct name *n)
{
	struct aml_node *s = start_node(a, scope, n);

	if (!s)
		return NULL;
	if (n->nseg == 1 && !n->root && !n->up) {
		for (; s; s = s->parent) {
			struct aml_node *f = node_child(s, (const char *)n->segs);

			if (f)
				return node_resolve_alias(f);
		}
		return NULL;
	}
	return walk(s, n->segs, n->nseg);
}

struct aml_node *name_resolve(struct aml *a, struct aml_node *scope, const struct cursor *c,
			      const struct name *n, const char *what)
{
	struct aml_node *node = name_lookup(a, scope, n);
	char text[48];

	if (!node) {
		name_format(n, text, sizeof(text));
		aml_log(a, 1, "aml: %s%s: no such name", what, text);
		error_at(a, c, -ENOENT, "name not found");
	}
	return node;
}

int name_create(struct aml *a, struct aml_node *scope, const struct name *n, struct aml_node **out)
{
	struct aml_node *s = start_node(a, scope, n), *f;
	const char *last;

	*out = NULL;
	if (!n->nseg)
		return -EINVAL;
	if (s && n->nseg > 1)
		s = walk(s, n->segs, n->nseg - 1);
	if (!s)
		return -ENOENT;
	last = (const char *)n->segs + 4 * (n->nseg - 1);
	f = node_child(s, last);
	if (f) {
		*out = f;
		return -EEXIST;
	}
	*out = node_new(a, s, last);
	return *out ? 0 : -ENOMEM;
}

void name_format(const struct name *n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	if (n->root)
		len += (size_t)snprintf(buf + len, size - len, "\\");
	for (u32 i = 0; i < n->up && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "^");
	for (u32 i = 0; i < n->nseg && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%.4s", i ? "." : "",
					(const char *)n->segs + 4 * i);
}

/* Public walks. */

enum aml_type aml_node_type(const struct aml_node *n)
{
	if (!n || !n->obj)
		return AML_SCOPE;
	return (enum aml_type)n->obj->type;
}

void aml_node_name(const struct aml_node *n, char name[5])
{
	memcpy(name, n->name, 4);
	name[4] = 0;
}

size_t aml_node_path(const struct aml_node *n, char *buf, size_t size)
{
	const struct aml_node *chain[64];
	size_t len = 0;
	int depth = 0;

	for (; n && n->parent && depth < 64; n = n->parent)
		chain[depth++] = n;
	if (size)
		buf[0] = 0;
	len += (size_t)snprintf(buf, size, "\\");
	while (depth--) {
		const char *s = chain[depth]->name;
		int l = 4;

		while (l > 1 && s[l - 1] == '_')
			l--;
		len += (size_t)snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0,
					"%s%.*s", len > 1 ? "." : "", l, s);
	}
	return len;
}

struct aml_node *aml_node_parent(const struct aml_node *n)
{
	return n->parent;
}

struct aml_node *aml_node_child(const struct aml_node *n)
{
	return n->child;
}

struct aml_node *aml_node_next(const struct aml_node *n)
{
	return n->next;
}

struct aml_node *aml_root(struct aml *a)
{
	return a->root;
}

u32 aml_object_count(const struct aml *a)
{
	return a->nodes - 1; /* the root aside */
}

struct aml_node *aml_lookup(struct aml *a, struct aml_node *scope, const char *path)
{
	u8 segs[4 * 32];
	struct name n = { .segs = segs };
	const char *p = path;

	if (*p == '\\') {
		n.root = true;
		p++;
	}
	while (*p == '^') {
		n.up++;
		p++;
	}
	while (*p && n.nseg < 32) {
		int l = 0;

		while (p[l] && p[l] != '.' && l < 5)
			l++;
		if (l == 0 || l > 4)
			return NULL;
		memcpy(segs + 4 * n.nseg, p, (size_t)l);
		memset(segs + 4 * n.nseg + l, '_', (size_t)(4 - l));
		n.nseg++;
		p += l;
		if (*p == '.')
			p++;
	}
	if (*p)
		return NULL;
	return name_lookup(a, scope, &n);
}
