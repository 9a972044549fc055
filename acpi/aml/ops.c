/*
 * AML operators: arithmetic and logic on integers, conversions, strings,
 * buffers and packages (Concatenate, Mid, Index, Match, SizeOf), references
 * (RefOf, CondRefOf, DerefOf, ObjectType), Store/CopyObject, and the
 * synchronization and miscellaneous statements (Acquire, Wait, Notify,
 * Sleep ...). eval_op returns -ENOSYS for an opcode it does not know.
 */
#include <loom/printk.h>
#include "exec.h"

/* Store the result to an optional target and hand it out. Consumes v. */
static __noinline int result(struct aml *a, struct frame *fr, struct cursor *c,
			     struct aml_object *v, struct aml_object **out)
{
	struct target t;
	int r;

	if (!v)
		return -ENOMEM;
	r = parse_target(a, fr, c, &t, NULL);
	if (!r) {
		r = store(a, fr, &t, v);
		if (r)
			error_at(a, c, r, "cannot store the result");
		target_release(a, &t);
	}
	if (r || !out)
		obj_put(a, v);
	else
		*out = v;
	return r;
}

static u64 ones(struct aml *a)
{
	return int_mask(a);
}

static __noinline int binary_int(struct aml *a, struct frame *fr, struct cursor *c, u16 op,
				 struct aml_object **out)
{
	u64 x, y, v = 0;
	int r;

	r = eval_int(a, fr, c, &x);
	if (!r)
		r = eval_int(a, fr, c, &y);
	if (r)
		return r;
	switch (op) {
	case OP_ADD: v = x + y; break;
	case OP_SUBTRACT: v = x - y; break;
	case OP_MULTIPLY: v = x * y; break;
	case OP_SHL: v = y >= 64 ? 0 : x << y; break;
	case OP_SHR: v = y >= 64 ? 0 : x >> y; break;
	case OP_AND: v = x & y; break;
	case OP_NAND: v = ~(x & y); break;
	case OP_OR: v = x | y; break;
	case OP_NOR: v = ~(x | y); break;
	case OP_XOR: v = x ^ y; break;
	case OP_MOD:
		if (!y) {
			error_at(a, c, -EDOM, "Mod by zero");
			return -EDOM;
		}
		v = x % y;
		break;
	}
	return result(a, fr, c, obj_int(a, v), out);
}

static __noinline int op_divide(struct aml *a, struct frame *fr, struct cursor *c,
				struct aml_object **out)
{
	struct target rem, quo;
	struct aml_object *q = NULL, *m = NULL;
	u64 x, y;
	int r;

	r = eval_int(a, fr, c, &x);
	if (!r)
		r = eval_int(a, fr, c, &y);
	if (r)
		return r;
	if (!y) {
		error_at(a, c, -EDOM, "Divide by zero");
		return -EDOM;
	}
	r = parse_target(a, fr, c, &rem, NULL);
	if (r)
		return r;
	r = parse_target(a, fr, c, &quo, NULL);
	if (r)
		goto out_rem;
	m = obj_int(a, x % y);
	q = obj_int(a, x / y);
	if (!m || !q) {
		r = -ENOMEM;
		goto out;
	}
	r = store(a, fr, &rem, m);
	if (!r)
		r = store(a, fr, &quo, q);
	if (!r && out) {
		*out = q;
		q = NULL;
	}
out:
	obj_put(a, m);
	obj_put(a, q);
	target_release(a, &quo);
out_rem:
	target_release(a, &rem);
	return r;
}

static __noinline int unary_int(struct aml *a, struct frame *fr, struct cursor *c, u16 op,
				struct aml_object **out)
{
	u64 x, v = 0;
	int r;

	r = eval_int(a, fr, c, &x);
	if (r)
		return r;
	switch (op) {
	case OP_NOT: v = ~x; break;
	case OP_FIND_LEFT: v = x ? 64 - (u64)__builtin_clzll(x) : 0; break;
	case OP_FIND_RIGHT: v = x ? (u64)__builtin_ctzll(x) + 1 : 0; break;
	case OP_FROM_BCD:
		for (u64 m = 1; x; x >>= 4, m *= 10)
			v += (x & 0xf) * m;
		break;
	case OP_TO_BCD:
		for (int s = 0; x && s < 64; x /= 10, s += 4)
			v |= (x % 10) << s;
		break;
	}
	return result(a, fr, c, obj_int(a, v), out);
}

static __noinline int inc_dec(struct aml *a, struct frame *fr, struct cursor *c, u16 op,
			      struct aml_object **out)
{
	struct aml_object *v, *nv;
	struct target t;
	u64 x;
	int r;

	r = parse_target(a, fr, c, &t, NULL);
	if (r)
		return r;
	r = target_value(a, fr, &t, &v);
	if (!r) {
		r = to_integer(a, v, &x);
		obj_put(a, v);
	}
	if (!r) {
		nv = obj_int(a, op == OP_INCREMENT ? x + 1 : x - 1);
		r = nv ? store(a, fr, &t, nv) : -ENOMEM;
		if (!r && out)
			*out = nv;
		else
			obj_put(a, nv);
	}
	if (r)
		error_at(a, c, r, "Increment/Decrement failed");
	target_release(a, &t);
	return r;
}

static __noinline int logical(struct aml *a, struct frame *fr, struct cursor *c, u16 op,
			      struct aml_object **out)
{
	struct aml_object *x, *y;
	bool v = false;
	u64 i, j;
	int r, cmp;

	if (op == OP_LNOT) {
		r = eval_int(a, fr, c, &i);
		if (r)
			return r;
		v = !i;
		goto done;
	}
	if (op == OP_LAND || op == OP_LOR) {
		r = eval_int(a, fr, c, &i);
		if (!r)
			r = eval_int(a, fr, c, &j);
		if (r)
			return r;
		v = op == OP_LAND ? (i && j) : (i || j);
		goto done;
	}
	r = eval_arg(a, fr, c, &x);
	if (r)
		return r;
	r = eval_arg(a, fr, c, &y);
	if (!r) {
		r = compare(a, x, y, &cmp);
		obj_put(a, y);
	}
	obj_put(a, x);
	if (r) {
		error_at(a, c, r, "cannot compare");
		return r;
	}
	v = op == OP_LEQUAL ? cmp == 0 : op == OP_LGREATER ? cmp > 0 : cmp < 0;
done:
	if (!out)
		return 0;
	*out = obj_int(a, v ? ones(a) : 0);
	return *out ? 0 : -ENOMEM;
}

static __noinline int op_store(struct aml *a, struct frame *fr, struct cursor *c, bool copy,
			       struct aml_object **out)
{
	struct aml_object *v;
	struct target t;
	int r;

	r = eval_arg(a, fr, c, &v);
	if (r)
		return r;
	r = parse_target(a, fr, c, &t, NULL);
	if (!r) {
		r = copy ? copy_object(a, fr, &t, v) : store(a, fr, &t, v);
		if (r)
			error_at(a, c, r, "Store failed");
		target_release(a, &t);
	}
	if (!r && out)
		*out = v;
	else
		obj_put(a, v);
	return r;
}

static __noinline int op_ref_of(struct aml *a, struct frame *fr, struct cursor *c, bool cond,
				struct aml_object **out)
{
	struct aml_object *ref = NULL;
	struct target t, dst;
	bool found;
	int r;

	r = parse_target(a, fr, c, &t, cond ? &found : NULL);
	if (r)
		return r;
	if (cond && !found) {
		r = parse_target(a, fr, c, &dst, NULL);
		target_release(a, &dst);
		if (!r && out)
			*out = obj_int(a, 0);
		return r;
	}
	switch (t.kind) {
	case T_NODE: ref = obj_ref_node(a, t.node); break;
	case T_REF: ref = obj_get(t.ref); break;
	case T_LOCAL:
	case T_ARG: {
		struct aml_object *v = t.kind == T_LOCAL ? fr->locals[t.index] : fr->args[t.index];

		/* A reference in a variable refers on; a reference to the
		 * variable itself is not supported. */
		if (v && v->type == AML_REFERENCE) {
			ref = obj_get(v);
			break;
		}
	}
		/* FALLTHROUGH */
	default:
		target_release(a, &t);
		error_at(a, c, -ENOTSUP, "RefOf a variable or the Debug object");
		return -ENOTSUP;
	}
	target_release(a, &t);
	if (!ref)
		return -ENOMEM;
	if (cond) {
		r = parse_target(a, fr, c, &dst, NULL);
		if (!r) {
			r = store(a, fr, &dst, ref);
			target_release(a, &dst);
		}
		obj_put(a, ref);
		if (!r && out)
			*out = obj_int(a, ones(a));
		return r;
	}
	if (out)
		*out = ref;
	else
		obj_put(a, ref);
	return 0;
}

static __noinline int op_deref_of(struct aml *a, struct frame *fr, struct cursor *c,
				  struct aml_object **out)
{
	struct aml_object *v, *res = NULL;
	int r;

	r = eval_arg(a, fr, c, &v);
	if (r)
		return r;
	if (v->type == AML_REFERENCE) {
		r = deref(a, v, &res);
	} else if (v->type == AML_STRING) {
		struct aml_node *n = aml_lookup(a, fr->scope, v->str.data);

		r = n ? node_value(a, n, &res) : -ENOENT;
	} else {
		r = -EINVAL;
	}
	obj_put(a, v);
	if (r) {
		error_at(a, c, r, "DerefOf failed");
		return r;
	}
	if (out)
		*out = res;
	else
		obj_put(a, res);
	return 0;
}

static __noinline int op_index(struct aml *a, struct frame *fr, struct cursor *c,
			       struct aml_object **out)
{
	struct aml_object *src, *ref;
	u32 len;
	u64 i;
	int r;

	r = eval_arg(a, fr, c, &src);
	if (r)
		return r;
	r = eval_int(a, fr, c, &i);
	if (r)
		goto out;
	switch (src->type) {
	case AML_PACKAGE: len = src->pkg.count; break;
	case AML_BUFFER: len = src->buf.len; break;
	case AML_STRING: len = src->str.len; break;
	default:
		error_at(a, c, -EINVAL,
			 "Index of something that is not a Package, Buffer or String");
		r = -EINVAL;
		goto out;
	}
	if (i >= len) {
		aml_log(a, 1, "aml: Index %llu beyond the %u elements", (unsigned long long)i, len);
		error_at(a, c, -ERANGE, "index out of range");
		r = -ERANGE;
		goto out;
	}
	ref = obj_new(a, AML_REFERENCE);
	if (!ref) {
		r = -ENOMEM;
		goto out;
	}
	ref->ref.kind = REF_INDEX;
	ref->ref.container = obj_get(src);
	ref->ref.index = (u32)i;
	r = result(a, fr, c, ref, out);
out:
	obj_put(a, src);
	return r;
}

static __noinline int op_size_of(struct aml *a, struct frame *fr, struct cursor *c,
				 struct aml_object **out)
{
	struct aml_object *v, *d;
	struct target t;
	u64 n = 0;
	int r;

	r = parse_target(a, fr, c, &t, NULL);
	if (r)
		return r;
	r = target_value(a, fr, &t, &v);
	target_release(a, &t);
	if (r)
		return r;
	if (v->type == AML_REFERENCE) {
		r = deref(a, v, &d);
		obj_put(a, v);
		if (r)
			return r;
		v = d;
	}
	switch (v->type) {
	case AML_STRING: n = v->str.len; break;
	case AML_BUFFER: n = v->buf.len; break;
	case AML_PACKAGE: n = v->pkg.count; break;
	default:
		r = -EINVAL;
		error_at(a, c, r, "SizeOf something that is not a String, Buffer or Package");
	}
	obj_put(a, v);
	if (!r && out) {
		*out = obj_int(a, n);
		r = *out ? 0 : -ENOMEM;
	}
	return r;
}

static u8 type_of(const struct aml_object *o)
{
	if (!o)
		return AML_UNINIT;
	if (o->type == AML_REFERENCE && o->ref.kind == REF_NODE)
		return o->ref.node->obj ? type_of(o->ref.node->obj) : AML_UNINIT;
	if (o->type == AML_REFERENCE)
		return 20; /* ACPICA's value for a reference */
	if (o->type == AML_SCOPE || o->type == AML_ALIAS)
		return AML_UNINIT;
	return o->type;
}

static __noinline int op_object_type(struct aml *a, struct frame *fr, struct cursor *c,
				     struct aml_object **out)
{
	struct aml_object *v = NULL;
	struct target t;
	u8 type = 0;
	int r;

	r = parse_target(a, fr, c, &t, NULL);
	if (r)
		return r;
	switch (t.kind) {
	case T_NODE: type = type_of(node_resolve_alias(t.node)->obj); break;
	case T_LOCAL: type = type_of(fr->locals[t.index]); break;
	case T_ARG: type = type_of(fr->args[t.index]); break;
	case T_DEBUG: type = AML_DEBUG; break;
	case T_REF:
		r = deref(a, t.ref, &v);
		type = type_of(v);
		obj_put(a, v);
		break;
	}
	target_release(a, &t);
	if (!r && out) {
		*out = obj_int(a, type);
		r = *out ? 0 : -ENOMEM;
	}
	return r;
}

static __noinline int op_concat(struct aml *a, struct frame *fr, struct cursor *c, bool res,
				struct aml_object **out)
{
	struct aml_object *x, *y, *v = NULL;
	int r;

	r = eval_arg(a, fr, c, &x);
	if (r)
		return r;
	r = eval_arg(a, fr, c, &y);
	if (r)
		goto out_x;
	if (!res) {
		v = concat(a, x, y, &r);
	} else if (x->type != AML_BUFFER || y->type != AML_BUFFER) {
		r = -EINVAL;
	} else {
		/* Resource templates: drop the first's end tag, keep one. */
		u32 lx = x->buf.len >= 2 ? x->buf.len - 2 : 0;
		u32 ly = y->buf.len >= 2 ? y->buf.len - 2 : 0;

		v = obj_buffer(a, NULL, lx + ly + 2);
		if (v) {
			memcpy(v->buf.data, x->buf.data, lx);
			memcpy(v->buf.data + lx, y->buf.data, ly);
			v->buf.data[lx + ly] = 0x79;
		} else {
			r = -ENOMEM;
		}
	}
	obj_put(a, y);
out_x:
	obj_put(a, x);
	if (!v) {
		error_at(a, c, r, "Concatenate failed");
		return r;
	}
	return result(a, fr, c, v, out);
}

static __noinline int op_convert(struct aml *a, struct frame *fr, struct cursor *c, u16 op,
				 struct aml_object **out)
{
	struct aml_object *x, *v = NULL;
	u64 i, len = ~0ull;
	int r = 0;

	r = eval_arg(a, fr, c, &x);
	if (r)
		return r;
	if (op == OP_TO_STRING) {
		r = eval_int(a, fr, c, &len);
		if (r)
			goto out;
	}
	switch (op) {
	case OP_TO_INTEGER:
		r = to_integer_explicit(a, x, &i);
		if (!r)
			v = obj_int(a, i);
		break;
	case OP_TO_BUFFER:
		v = to_buffer(a, x, &r);
		if (v == x) {
			obj_put(a, v);
			v = obj_copy(a, x);
		}
		break;
	case OP_TO_HEX_STRING: v = to_hex_string(a, x, &r); break;
	case OP_TO_DEC_STRING: v = to_dec_string(a, x, &r); break;
	case OP_TO_STRING: {
		u32 n = 0;

		if (x->type != AML_BUFFER) {
			r = -EINVAL;
			break;
		}
		while (n < x->buf.len && n < len && x->buf.data[n])
			n++;
		v = obj_string(a, (const char *)x->buf.data, n);
		break;
	}
	}
	if (!v && !r)
		r = -ENOMEM;
out:
	obj_put(a, x);
	if (r) {
		error_at(a, c, r, "conversion failed");
		return r;
	}
	return result(a, fr, c, v, out);
}

static __noinline int op_mid(struct aml *a, struct frame *fr, struct cursor *c,
			     struct aml_object **out)
{
	struct aml_object *x, *v = NULL;
	u64 idx, len;
	u32 total;
	int r;

	r = eval_arg(a, fr, c, &x);
	if (r)
		return r;
	r = eval_int(a, fr, c, &idx);
	if (!r)
		r = eval_int(a, fr, c, &len);
	if (r)
		goto out;
	if (x->type != AML_STRING && x->type != AML_BUFFER) {
		r = -EINVAL;
		error_at(a, c, r, "Mid of something that is not a String or Buffer");
		goto out;
	}
	total = x->type == AML_STRING ? x->str.len : x->buf.len;
	if (idx > total)
		idx = total;
	if (len > total - idx)
		len = total - idx;
	if (x->type == AML_STRING)
		v = obj_string(a, x->str.data + idx, (u32)len);
	else
		v = obj_buffer(a, x->buf.data + idx, (u32)len);
	r = v ? 0 : -ENOMEM;
out:
	obj_put(a, x);
	if (r)
		return r;
	return result(a, fr, c, v, out);
}

static int match_one(struct aml *a, u8 op, struct aml_object *e, struct aml_object *o, bool *ok)
{
	int cmp, r;

	*ok = false;
	if (op == 0) {
		*ok = true;
		return 0;
	}
	if (!e || (e->type != AML_INTEGER && e->type != AML_STRING && e->type != AML_BUFFER))
		return 0;
	r = compare(a, e, o, &cmp);
	if (r)
		return 0; /* not comparable: no match */
	switch (op) {
	case 1: *ok = cmp == 0; break;
	case 2: *ok = cmp <= 0; break;
	case 3: *ok = cmp < 0; break;
	case 4: *ok = cmp >= 0; break;
	case 5: *ok = cmp > 0; break;
	default: return -EINVAL;
	}
	return 0;
}

static __noinline int op_match(struct aml *a, struct frame *fr, struct cursor *c,
			       struct aml_object **out)
{
	struct aml_object *pkg, *o1 = NULL, *o2 = NULL;
	u64 start, found = ones(a);
	u8 m1, m2;
	int r;

	r = eval_arg(a, fr, c, &pkg);
	if (r)
		return r;
	if ((r = need(a, c, 1)))
		goto out;
	m1 = *c->p++;
	if ((r = eval_arg(a, fr, c, &o1)) || (r = need(a, c, 1)))
		goto out;
	m2 = *c->p++;
	if ((r = eval_arg(a, fr, c, &o2)) || (r = eval_int(a, fr, c, &start)))
		goto out;
	if (pkg->type != AML_PACKAGE || m1 > 5 || m2 > 5) {
		r = -EINVAL;
		error_at(a, c, r, "bad Match operands");
		goto out;
	}
	if (start >= pkg->pkg.count && pkg->pkg.count) {
		r = -ERANGE;
		error_at(a, c, r, "Match start index out of range");
		goto out;
	}
	for (u64 i = start; i < pkg->pkg.count; i++) {
		bool k1, k2;

		if ((r = match_one(a, m1, pkg->pkg.elems[i], o1, &k1)) ||
		    (r = match_one(a, m2, pkg->pkg.elems[i], o2, &k2)))
			goto out;
		if (k1 && k2) {
			found = i;
			break;
		}
	}
	if (out) {
		*out = obj_int(a, found);
		r = *out ? 0 : -ENOMEM;
	}
out:
	obj_put(a, pkg);
	obj_put(a, o1);
	obj_put(a, o2);
	return r;
}

/* A SuperName that must name an object of a type (Mutex, Event ...). */
static __noinline int sync_target(struct aml *a, struct frame *fr, struct cursor *c, u8 type,
				  struct aml_node **n)
{
	struct target t;
	int r;

	r = parse_target(a, fr, c, &t, NULL);
	if (r)
		return r;
	*n = NULL;
	if (t.kind == T_NODE)
		*n = node_resolve_alias(t.node);
	else if (t.kind == T_REF && t.ref->ref.kind == REF_NODE)
		*n = t.ref->ref.node;
	else if ((t.kind == T_LOCAL || t.kind == T_ARG)) {
		struct aml_object *v = t.kind == T_LOCAL ? fr->locals[t.index] : fr->args[t.index];

		if (v && v->type == AML_REFERENCE && v->ref.kind == REF_NODE)
			*n = v->ref.node;
	}
	target_release(a, &t);
	if (!*n || aml_node_type(*n) != type) {
		error_at(a, c, -EINVAL, type == AML_MUTEX ? "not a Mutex" : "not an Event");
		return -EINVAL;
	}
	return 0;
}

static __noinline int op_sync(struct aml *a, struct frame *fr, struct cursor *c, u16 op,
			      struct aml_object **out)
{
	bool is_mutex = op == OP_ACQUIRE || op == OP_RELEASE;
	struct aml_object *e;
	struct aml_node *n;
	u64 timeout = 0, v = 0;
	int r;

	r = sync_target(a, fr, c, is_mutex ? AML_MUTEX : AML_EVENT, &n);
	if (r)
		return r;
	if (op == OP_ACQUIRE) {
		if ((r = need(a, c, 2)))
			return r;
		c->p += 2; /* the timeout: one thread never waits for itself */
	} else if (op == OP_WAIT) {
		r = eval_int(a, fr, c, &timeout);
		if (r)
			return r;
	}
	e = n->obj;
	switch (op) {
	case OP_ACQUIRE:
	case OP_RELEASE:
		r = mutex_op(a, n, op == OP_ACQUIRE);
		if (r) {
			error_at(a, c, r, op == OP_ACQUIRE ? "Acquire failed" : "Release failed");
			return r;
		}
		break;
	case OP_SIGNAL:
		if (e->event.count < 0xffff)
			e->event.count++;
		break;
	case OP_RESET: e->event.count = 0; break;
	case OP_WAIT:
		/* Nothing else runs AML: an unsignalled event times out now. */
		if (e->event.count)
			e->event.count--;
		else
			v = ones(a);
		break;
	}
	if (out && (op == OP_ACQUIRE || op == OP_WAIT)) {
		*out = obj_int(a, v);
		return *out ? 0 : -ENOMEM;
	}
	return 0;
}

static __noinline int op_misc(struct aml *a, struct frame *fr, struct cursor *c, u16 op,
			      struct aml_object **out)
{
	struct target t;
	char path[64];
	u64 v = 0;
	int r;

	switch (op) {
	case OP_NOTIFY:
		r = parse_target(a, fr, c, &t, NULL);
		if (r)
			return r;
		r = eval_int(a, fr, c, &v);
		if (!r) {
			if (t.kind == T_NODE)
				aml_node_path(t.node, path, sizeof(path));
			else
				strlcpy(path, "(object)", sizeof(path));
			aml_log(a, 0, "aml: Notify (%s, 0x%llx) ignored", path,
				(unsigned long long)v);
		}
		target_release(a, &t);
		return r;
	case OP_SLEEP:
	case OP_STALL:
		r = eval_int(a, fr, c, &v);
		if (r)
			return r;
		if (op == OP_SLEEP && a->ops->sleep_ms)
			a->ops->sleep_ms(a->ctx, MIN(v, 10000ull));
		if (op == OP_STALL && a->ops->stall_us)
			a->ops->stall_us(a->ctx, MIN(v, 1000ull));
		return 0;
	case OP_FATAL:
		if ((r = need(a, c, 5)))
			return r;
		c->p += 5;
		r = eval_int(a, fr, c, &v);
		if (r)
			return r;
		aml_log(a, 1, "aml: Fatal (type 0x%x, code 0x%x, arg 0x%llx)", c->p[-5],
			(u32)c->p[-4] | (u32)c->p[-3] << 8 | (u32)c->p[-2] << 16 |
				(u32)c->p[-1] << 24,
			(unsigned long long)v);
		return -EIO;
	case OP_TIMER:
		if (out) {
			*out = obj_int(a, a->ops->now_ns ? a->ops->now_ns(a->ctx) / 100 : 0);
			return *out ? 0 : -ENOMEM;
		}
		return 0;
	}
	return -ENOSYS;
}

int eval_op(struct aml *a, struct frame *fr, struct cursor *c, u16 op, struct aml_object **out)
{
	switch (op) {
	case OP_ADD:
	case OP_SUBTRACT:
	case OP_MULTIPLY:
	case OP_SHL:
	case OP_SHR:
	case OP_AND:
	case OP_NAND:
	case OP_OR:
	case OP_NOR:
	case OP_XOR:
	case OP_MOD: return binary_int(a, fr, c, op, out);
	case OP_DIVIDE: return op_divide(a, fr, c, out);
	case OP_NOT:
	case OP_FIND_LEFT:
	case OP_FIND_RIGHT:
	case OP_FROM_BCD:
	case OP_TO_BCD: return unary_int(a, fr, c, op, out);
	case OP_INCREMENT:
	case OP_DECREMENT: return inc_dec(a, fr, c, op, out);
	case OP_LAND:
	case OP_LOR:
	case OP_LNOT:
	case OP_LEQUAL:
	case OP_LGREATER:
	case OP_LLESS: return logical(a, fr, c, op, out);
	case OP_STORE:
	case OP_COPY_OBJECT: return op_store(a, fr, c, op == OP_COPY_OBJECT, out);
	case OP_REF_OF:
	case OP_COND_REF_OF: return op_ref_of(a, fr, c, op == OP_COND_REF_OF, out);
	case OP_DEREF_OF: return op_deref_of(a, fr, c, out);
	case OP_INDEX: return op_index(a, fr, c, out);
	case OP_SIZE_OF: return op_size_of(a, fr, c, out);
	case OP_OBJECT_TYPE: return op_object_type(a, fr, c, out);
	case OP_CONCAT:
	case OP_CONCAT_RES: return op_concat(a, fr, c, op == OP_CONCAT_RES, out);
	case OP_TO_INTEGER:
	case OP_TO_BUFFER:
	case OP_TO_HEX_STRING:
	case OP_TO_DEC_STRING:
	case OP_TO_STRING: return op_convert(a, fr, c, op, out);
	case OP_MID: return op_mid(a, fr, c, out);
	case OP_MATCH: return op_match(a, fr, c, out);
	case OP_ACQUIRE:
	case OP_RELEASE:
	case OP_SIGNAL:
	case OP_WAIT:
	case OP_RESET: return op_sync(a, fr, c, op, out);
	default: return op_misc(a, fr, c, op, out);
	}
}
