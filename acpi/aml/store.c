/*
 * Targets and Store: where a result goes (a local, an argument, a named
 * object, the Debug object, or what a reference designates) and how it is
 * converted on the way. A Store to a named Integer, String or Buffer
 * converts to that type (a Buffer keeps its length); a Store to a local
 * replaces it; a Store to an argument that holds a RefOf reference writes
 * the referenced object. CopyObject never converts.
 */
#include "exec.h"

int parse_target(struct aml *a, struct frame *fr, struct cursor *c, struct target *t, bool *found)
{
	struct aml_object *ref;
	struct name nm;
	u8 b;
	int r;

	memset(t, 0, sizeof(*t));
	if (found)
		*found = true;
	if (need(a, c, 1))
		return -EINVAL;
	b = *c->p;
	if (b == 0x00) {
		c->p++;
		return 0;
	}
	if (b >= OP_LOCAL0 && b <= OP_LOCAL0 + 7) {
		c->p++;
		t->kind = T_LOCAL;
		t->index = (u8)(b - OP_LOCAL0);
		return 0;
	}
	if (b >= OP_ARG0 && b <= OP_ARG0 + 6) {
		c->p++;
		t->kind = T_ARG;
		t->index = (u8)(b - OP_ARG0);
		return 0;
	}
	if (b == OP_EXT && c->end - c->p >= 2 && c->p[1] == (OP_DEBUG & 0xff)) {
		c->p += 2;
		t->kind = T_DEBUG;
		return 0;
	}
	if (is_name_lead(b)) {
		r = parse_name(a, c, &nm);
		if (r)
			return r;
		/* With found, a missing name is an answer (CondRefOf). */
		t->node = found ? name_lookup(a, fr->scope, &nm)
				: name_resolve(a, fr->scope, c, &nm, "");
		if (!t->node) {
			if (!found)
				return -ENOENT;
			*found = false;
			return 0;
		}
		t->kind = T_NODE;
		return 0;
	}
	/* A Type6 term: RefOf, DerefOf, Index or a method giving a reference. */
	if (b == OP_DEREF_OF) {
		c->p++;
		r = eval_arg(a, fr, c, &ref);
	} else {
		r = eval_arg(a, fr, c, &ref);
	}
	if (r)
		return r;
	if (ref->type != AML_REFERENCE) {
		obj_put(a, ref);
		error_at(a, c, -EINVAL, "target is not a reference");
		return -EINVAL;
	}
	t->kind = T_REF;
	t->ref = ref;
	return 0;
}

void target_release(struct aml *a, struct target *t)
{
	obj_put(a, t->ref);
	t->ref = NULL;
}

int node_value(struct aml *a, struct aml_node *n, struct aml_object **out)
{
	struct aml_object *o;

	n = node_resolve_alias(n);
	o = n ? n->obj : NULL;
	*out = NULL;
	switch (o ? o->type : AML_SCOPE) {
	case AML_INTEGER:
	case AML_STRING:
	case AML_BUFFER:
	case AML_PACKAGE:
	case AML_REFERENCE: *out = obj_get(o); return 0;
	case AML_FIELD_UNIT:
	case AML_BUFFER_FIELD: return field_read(a, o, out);
	case AML_METHOD: return invoke(a, n, NULL, 0, out);
	default: *out = obj_ref_node(a, n); return *out ? 0 : -ENOMEM;
	}
}

int deref(struct aml *a, struct aml_object *ref, struct aml_object **out)
{
	struct aml_object *c;
	u32 i;

	*out = NULL;
	if (ref->type != AML_REFERENCE)
		return -EINVAL;
	if (ref->ref.kind == REF_NODE)
		return node_value(a, ref->ref.node, out);
	c = ref->ref.container;
	i = ref->ref.index;
	switch (c->type) {
	case AML_PACKAGE:
		if (i >= c->pkg.count)
			return -ERANGE;
		if (!c->pkg.elems[i]) {
			aml_log(a, 1, "aml: package element %u is uninitialized", i);
			return -EINVAL;
		}
		*out = obj_get(c->pkg.elems[i]);
		return 0;
	case AML_BUFFER:
		if (i >= c->buf.len)
			return -ERANGE;
		*out = obj_int(a, c->buf.data[i]);
		break;
	case AML_STRING:
		if (i >= c->str.len)
			return -ERANGE;
		*out = obj_int(a, (u8)c->str.data[i]);
		break;
	default: return -EINVAL;
	}
	return *out ? 0 : -ENOMEM;
}

int target_value(struct aml *a, struct frame *fr, struct target *t, struct aml_object **out)
{
	struct aml_object *v;

	*out = NULL;
	switch (t->kind) {
	case T_LOCAL:
	case T_ARG:
		v = t->kind == T_LOCAL ? fr->locals[t->index] : fr->args[t->index];
		if (!v) {
			aml_log(a, 1, "aml: %s%u is not set", t->kind == T_LOCAL ? "Local" : "Arg",
				t->index);
			return -EINVAL;
		}
		*out = obj_get(v);
		return 0;
	case T_NODE: return node_value(a, t->node, out);
	case T_REF: return deref(a, t->ref, out);
	default:
		aml_log(a, 1, "aml: the Debug object or no target where a value is needed");
		return -EINVAL;
	}
}

static int store_ref(struct aml *a, struct aml_object *ref, struct aml_object *v)
{
	struct aml_object *c;
	u64 x;
	u32 i;
	int r;

	if (ref->ref.kind == REF_NODE)
		return store_node(a, ref->ref.node, v);
	c = ref->ref.container;
	i = ref->ref.index;
	switch (c->type) {
	case AML_PACKAGE: {
		struct aml_object *cp;

		if (i >= c->pkg.count)
			return -ERANGE;
		cp = obj_copy(a, v);
		if (!cp)
			return -ENOMEM;
		obj_put(a, c->pkg.elems[i]);
		c->pkg.elems[i] = cp;
		return 0;
	}
	case AML_BUFFER:
	case AML_STRING:
		r = to_integer(a, v, &x);
		if (r)
			return r;
		if (c->type == AML_BUFFER && i < c->buf.len)
			c->buf.data[i] = (u8)x;
		else if (c->type == AML_STRING && i < c->str.len)
			c->str.data[i] = (char)x;
		else
			return -ERANGE;
		return 0;
	default: return -EINVAL;
	}
}

int store_node(struct aml *a, struct aml_node *n, struct aml_object *v)
{
	struct aml_object *o, *cv;
	int r = 0;
	u64 x;

	n = node_resolve_alias(n);
	o = n->obj;
	switch (o ? o->type : AML_SCOPE) {
	case AML_INTEGER:
		r = to_integer(a, v, &x);
		if (r)
			return r;
		cv = obj_int(a, x);
		break;
	case AML_STRING:
		cv = to_string(a, v, &r);
		if (cv == v) {
			obj_put(a, cv);
			cv = obj_copy(a, v);
		}
		break;
	case AML_BUFFER:
		cv = to_buffer(a, v, &r);
		if (!cv)
			return r;
		/* In place, keeping the length: buffer fields and references to
		 * the buffer stay valid. */
		if (cv != o) {
			memset(o->buf.data, 0, o->buf.len);
			memcpy(o->buf.data, cv->buf.data, MIN(o->buf.len, cv->buf.len));
		}
		obj_put(a, cv);
		return 0;
	case AML_FIELD_UNIT:
	case AML_BUFFER_FIELD: return field_write(a, o, v);
	case AML_PACKAGE:
	case AML_REFERENCE:
	case AML_UNINIT: cv = obj_copy(a, v); break;
	default: {
		char path[64];

		aml_node_path(n, path, sizeof(path));
		aml_log(a, 1, "aml: cannot store to %s (a %s)", path,
			aml_type_name(o ? o->type : AML_SCOPE));
		return -EINVAL;
	}
	}
	if (!cv)
		return r ? r : -ENOMEM;
	node_set(a, n, cv);
	return 0;
}

static int set_slot(struct aml *a, struct aml_object **slot, struct aml_object *v, bool copy)
{
	struct aml_object *cv = copy ? obj_copy(a, v) : obj_get(v);

	if (!cv)
		return -ENOMEM;
	obj_put(a, *slot);
	*slot = cv;
	return 0;
}

int store(struct aml *a, struct frame *fr, struct target *t, struct aml_object *v)
{
	struct aml_object *arg;

	switch (t->kind) {
	case T_NONE: return 0;
	case T_DEBUG:
		if (a->ops->debug)
			a->ops->debug(a->ctx, v, a->int_bytes);
		return 0;
	case T_LOCAL: return set_slot(a, &fr->locals[t->index], v, true);
	case T_ARG:
		arg = fr->args[t->index];
		if (arg && arg->type == AML_REFERENCE && arg->ref.kind == REF_NODE)
			return store_node(a, arg->ref.node, v);
		return set_slot(a, &fr->args[t->index], v, true);
	case T_NODE: return store_node(a, t->node, v);
	case T_REF: return store_ref(a, t->ref, v);
	}
	return -EINVAL;
}

int copy_object(struct aml *a, struct frame *fr, struct target *t, struct aml_object *v)
{
	struct aml_object *cv;

	switch (t->kind) {
	case T_LOCAL: return set_slot(a, &fr->locals[t->index], v, true);
	case T_ARG: return set_slot(a, &fr->args[t->index], v, true);
	case T_NODE:
		cv = obj_copy(a, v);
		if (!cv)
			return -ENOMEM;
		node_set(a, node_resolve_alias(t->node), cv);
		return 0;
	default: return store(a, fr, t, v);
	}
}
