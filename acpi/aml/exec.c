/*
 * The AML evaluator: walks the byte code of a term list directly (no parse
 * tree), one term at a time. eval() runs one term and, when out is not
 * NULL, hands back its value; control flow comes back as FLOW_* codes and
 * errors as negative errno values, which abort the running method (the log
 * says where). Definitions live in define.c, operators in ops.c, targets
 * and Store in store.c, method calls and mutexes in method.c.
 */
#include <loom/printk.h>
#include "exec.h"

void error_at(struct aml *a, const struct cursor *c, int err, const char *what)
{
	if (a->error_logged)
		return;
	a->error_logged = true;
	aml_log(a, 1, "aml: %s (%s) at offset 0x%lx of %s", what, errno_name(-err),
		(unsigned long)(c->p - a->table_start), a->sig);
}

int pkg_length(struct aml *a, struct cursor *c, const u8 **end)
{
	const u8 *start = c->p;
	u32 len, n;

	if (c->p >= c->end)
		goto bad;
	n = *c->p >> 6;
	if (c->end - c->p < (long)n + 1)
		goto bad;
	if (n == 0) {
		len = *c->p & 0x3f;
	} else {
		len = *c->p & 0x0f;
		for (u32 i = 0; i < n; i++)
			len |= (u32)c->p[1 + i] << (4 + 8 * i);
	}
	c->p += n + 1;
	if (len < n + 1 || len > (u64)(c->end - start))
		goto bad;
	*end = start + len;
	return 0;
bad:
	error_at(a, c, -EINVAL, "bad package length");
	return -EINVAL;
}

int need(struct aml *a, struct cursor *c, u32 n)
{
	if ((u64)(c->end - c->p) >= n)
		return 0;
	error_at(a, c, -EINVAL, "truncated term");
	return -EINVAL;
}

int check_time(struct aml *a, const struct cursor *c)
{
	if (a->deadline && a->ops->now_ns && a->ops->now_ns(a->ctx) > a->deadline) {
		error_at(a, c, -ETIMEDOUT, "time limit reached");
		return -ETIMEDOUT;
	}
	return 0;
}

/* Evaluate a term that must give a value. */
int eval_arg(struct aml *a, struct frame *fr, struct cursor *c, struct aml_object **o)
{
	struct aml_object *v = NULL;
	const u8 *at = c->p;
	int r = eval(a, fr, c, &v);

	if (r > 0) {
		struct cursor e = { at, c->end };

		obj_put(a, v);
		error_at(a, &e, -EINVAL, "control flow where a value is needed");
		return -EINVAL;
	}
	if (r)
		return r;
	if (!v) {
		struct cursor e = { at, c->end };

		error_at(a, &e, -EINVAL, "term gives no value");
		return -EINVAL;
	}
	*o = v;
	return 0;
}

int eval_int(struct aml *a, struct frame *fr, struct cursor *c, u64 *v)
{
	struct aml_object *o;
	const u8 *at = c->p;
	int r = eval_arg(a, fr, c, &o);

	if (r)
		return r;
	r = to_integer(a, o, v);
	obj_put(a, o);
	if (r) {
		struct cursor e = { at, c->end };

		error_at(a, &e, r, "operand is not an integer");
	}
	return r;
}

static __noinline int op_if(struct aml *a, struct frame *fr, struct cursor *c)
{
	struct cursor body;
	const u8 *end;
	u64 pred;
	int r;

	r = pkg_length(a, c, &end);
	if (r)
		return r;
	body = (struct cursor){ c->p, end };
	c->p = end;
	r = eval_int(a, fr, &body, &pred);
	if (r)
		return r;
	if (pred)
		r = exec_term_list(a, fr, body.p, end);
	if (r)
		return r;
	if (c->p < c->end && *c->p == OP_ELSE) {
		c->p++;
		r = pkg_length(a, c, &end);
		if (r)
			return r;
		body = (struct cursor){ c->p, end };
		c->p = end;
		if (!pred)
			r = exec_term_list(a, fr, body.p, end);
	}
	return r;
}

static __noinline int op_while(struct aml *a, struct frame *fr, struct cursor *c)
{
	struct cursor body;
	const u8 *end;
	u32 n = 0;
	u64 pred;
	int r;

	r = pkg_length(a, c, &end);
	if (r)
		return r;
	body = (struct cursor){ c->p, end };
	c->p = end;
	for (;;) {
		struct cursor pc = body;

		if (++n > AML_MAX_LOOP) {
			error_at(a, &body, -ELOOP, "While loop limit reached");
			return -ELOOP;
		}
		if ((n & 0xff) == 0 && (r = check_time(a, &body)))
			return r;
		r = eval_int(a, fr, &pc, &pred);
		if (r)
			return r;
		if (!pred)
			return 0;
		r = exec_term_list(a, fr, pc.p, end);
		if (r == FLOW_BREAK)
			return 0;
		if (r && r != FLOW_CONTINUE)
			return r;
	}
}

/* A name in a term: a method call, or the object's value. */
static __noinline int op_name(struct aml *a, struct frame *fr, struct cursor *c,
			      struct aml_object **out)
{
	struct aml_object *args[7] = { 0 };
	struct aml_node *n;
	struct name nm;
	u32 argc;
	int r;

	r = parse_name(a, c, &nm);
	if (r)
		return r;
	n = name_resolve(a, fr->scope, c, &nm, "");
	if (!n)
		return -ENOENT;
	if (aml_node_type(n) != AML_METHOD) {
		if (!out)
			return 0;
		r = node_value(a, n, out);
		if (r)
			error_at(a, c, r, "cannot read the object");
		return r;
	}
	argc = n->obj->method.flags & 7;
	for (u32 i = 0; i < argc; i++) {
		r = eval_arg(a, fr, c, &args[i]);
		if (r)
			goto out;
	}
	node_get(n);
	r = invoke(a, n, args, argc, out);
	node_put(a, n);
	if (r)
		error_at(a, c, r, "method failed");
out:
	for (u32 i = 0; i < argc; i++)
		obj_put(a, args[i]);
	return r;
}

static __noinline int data_object(struct aml *a, struct cursor *c, u8 op, struct aml_object **out)
{
	u64 v = 0;
	u32 n = 0, i;

	switch (op) {
	case OP_BYTE: n = 1; break;
	case OP_WORD: n = 2; break;
	case OP_DWORD: n = 4; break;
	case OP_QWORD: n = 8; break;
	case OP_STRING:
		for (i = 0; c->p + i < c->end && c->p[i]; i++)
			;
		if (c->p + i >= c->end) {
			error_at(a, c, -EINVAL, "unterminated string");
			return -EINVAL;
		}
		*out = obj_string(a, (const char *)c->p, i);
		c->p += i + 1;
		return *out ? 0 : -ENOMEM;
	}
	if (need(a, c, n))
		return -EINVAL;
	for (i = 0; i < n; i++)
		v |= (u64)c->p[i] << (8 * i);
	c->p += n;
	*out = obj_int(a, v);
	return *out ? 0 : -ENOMEM;
}

static __noinline int op_buffer(struct aml *a, struct frame *fr, struct cursor *c,
				struct aml_object **out)
{
	struct cursor body;
	const u8 *end;
	u64 size;
	u32 init;
	int r;

	r = pkg_length(a, c, &end);
	if (r)
		return r;
	body = (struct cursor){ c->p, end };
	c->p = end;
	r = eval_int(a, fr, &body, &size);
	if (r)
		return r;
	init = (u32)(end - body.p);
	if (size > AML_MAX_OBJECT_SIZE) {
		error_at(a, &body, -E2BIG, "buffer too large");
		return -E2BIG;
	}
	*out = obj_buffer(a, NULL, MAX((u32)size, init));
	if (!*out)
		return -ENOMEM;
	memcpy((*out)->buf.data, body.p, init);
	return 0;
}

static __noinline int op_package(struct aml *a, struct frame *fr, struct cursor *c, u8 op,
				 struct aml_object **out)
{
	struct aml_object *p;
	struct cursor body;
	const u8 *end;
	u64 count;
	u32 i = 0;
	int r;

	r = pkg_length(a, c, &end);
	if (r)
		return r;
	body = (struct cursor){ c->p, end };
	c->p = end;
	if (op == OP_PACKAGE) {
		if ((r = need(a, &body, 1)))
			return r;
		count = *body.p++;
	} else {
		r = eval_int(a, fr, &body, &count);
		if (r)
			return r;
		if (count > AML_MAX_OBJECT_SIZE / 8) {
			error_at(a, &body, -E2BIG, "package too large");
			return -E2BIG;
		}
	}
	p = obj_package(a, (u32)count);
	if (!p)
		return -ENOMEM;
	while (body.p < end) {
		struct aml_object *e = NULL;

		if (is_name_lead(*body.p)) {
			struct aml_node *n;
			struct name nm;
			char text[48];

			r = parse_name(a, &body, &nm);
			if (r)
				goto bad;
			n = name_lookup(a, fr->scope, &nm);
			if (n) {
				e = obj_ref_node(a, n);
			} else {
				name_format(&nm, text, sizeof(text));
				e = obj_string(a, text, (u32)strlen(text));
			}
			if (!e)
				r = -ENOMEM;
		} else {
			r = eval_arg(a, fr, &body, &e);
		}
		if (r)
			goto bad;
		if (i < p->pkg.count)
			p->pkg.elems[i] = e;
		else
			obj_put(a, e);
		i++;
	}
	*out = p;
	return 0;
bad:
	obj_put(a, p);
	return r;
}

static int op_local_arg(struct aml *a, struct frame *fr, struct cursor *c, u8 op,
			struct aml_object **out)
{
	struct aml_object *v = op >= OP_ARG0 ? fr->args[op - OP_ARG0] : fr->locals[op - OP_LOCAL0];

	if (!v) {
		error_at(a, c, -EINVAL,
			 op >= OP_ARG0 ? "argument not passed" : "local variable not set");
		return -EINVAL;
	}
	if (out)
		*out = obj_get(v);
	return 0;
}

static __noinline int unsupported(struct aml *a, struct cursor *c, u16 op)
{
	char what[48];

	snprintf(what, sizeof(what), "opcode 0x%x not supported", op);
	error_at(a, c, -ENOSYS, what);
	return -ENOSYS;
}

int eval(struct aml *a, struct frame *fr, struct cursor *c, struct aml_object **out)
{
	const u8 *start = c->p;
	u16 op;
	int r;

	if (out)
		*out = NULL;
	if (c->p >= c->end) {
		error_at(a, c, -EINVAL, "truncated term");
		return -EINVAL;
	}
	if (++a->nest > AML_MAX_NEST ||
	    (a->ops->stack_budget &&
	     a->stack_top - (uintptr_t)__builtin_frame_address(0) > a->ops->stack_budget)) {
		error_at(a, c, -ELOOP, "terms nested too deeply");
		r = -ELOOP;
		goto out;
	}
	op = *c->p;
	if (is_name_lead((u8)op)) {
		r = op_name(a, fr, c, out);
		goto out;
	}
	c->p++;
	if (op == OP_EXT) {
		if (c->p >= c->end) {
			error_at(a, c, -EINVAL, "truncated term");
			r = -EINVAL;
			goto out;
		}
		op = (u16)(0x5b00 | *c->p++);
	}
	switch (op) {
	case OP_ZERO:
	case OP_ONE:
	case OP_ONES:
		if (out) {
			*out = obj_int(a, op == OP_ZERO ? 0 : op == OP_ONE ? 1 : ~0ull);
			r = *out ? 0 : -ENOMEM;
		} else {
			r = 0;
		}
		break;
	case OP_BYTE:
	case OP_WORD:
	case OP_DWORD:
	case OP_QWORD:
	case OP_STRING: {
		struct aml_object *v;

		r = data_object(a, c, (u8)op, &v);
		if (!r && out)
			*out = v;
		else
			obj_put(a, r ? NULL : v);
		break;
	}
	case OP_REVISION:
		r = 0;
		if (out) {
			*out = obj_int(a, 2);
			r = *out ? 0 : -ENOMEM;
		}
		break;
	case OP_BUFFER:
	case OP_PACKAGE:
	case OP_VAR_PACKAGE: {
		struct aml_object *v = NULL;

		r = op == OP_BUFFER ? op_buffer(a, fr, c, &v) : op_package(a, fr, c, (u8)op, &v);
		if (!r && out)
			*out = v;
		else
			obj_put(a, v);
		break;
	}
	case OP_SCOPE:
	case OP_DEVICE:
	case OP_PROCESSOR:
	case OP_POWER:
	case OP_THERMAL: r = scoped_object(a, fr, c, op); break;
	case OP_METHOD: r = def_method(a, fr, c); break;
	case OP_NAME: r = def_name(a, fr, c); break;
	case OP_ALIAS: r = def_alias(a, fr, c); break;
	case OP_MUTEX:
	case OP_EVENT: r = def_sync(a, fr, c, op); break;
	case OP_REGION: r = def_region(a, fr, c); break;
	case OP_FIELD:
	case OP_INDEX_FIELD:
	case OP_BANK_FIELD: r = def_field(a, fr, c, op); break;
	case OP_CREATE_BIT:
	case OP_CREATE_BYTE:
	case OP_CREATE_WORD:
	case OP_CREATE_DWORD:
	case OP_CREATE_QWORD:
	case OP_CREATE_FIELD: r = def_buffer_field(a, fr, c, op); break;
	case OP_EXTERNAL: {
		struct name skip;

		r = parse_name(a, c, &skip);
		if (!r)
			r = need(a, c, 2);
		if (!r)
			c->p += 2;
		break;
	}
	case OP_LOCAL0 ... OP_LOCAL0 + 7:
	case OP_ARG0 ... OP_ARG0 + 6: r = op_local_arg(a, fr, c, (u8)op, out); break;
	case OP_IF: r = op_if(a, fr, c); break;
	case OP_ELSE: { /* without an If before it: skipped */
		const u8 *end;

		r = pkg_length(a, c, &end);
		if (!r)
			c->p = end;
		break;
	}
	case OP_WHILE: r = op_while(a, fr, c); break;
	case OP_BREAK: r = FLOW_BREAK; break;
	case OP_CONTINUE: r = FLOW_CONTINUE; break;
	case OP_RETURN: {
		struct aml_object *v;

		r = eval_arg(a, fr, c, &v);
		if (r)
			break;
		obj_put(a, fr->ret);
		fr->ret = v;
		r = FLOW_RETURN;
		break;
	}
	case OP_NOOP:
	case OP_BREAKPOINT: r = 0; break;
	case OP_LOAD:
	case OP_LOAD_TABLE:
	case OP_UNLOAD:
	case OP_DATA_REGION:
		c->p = start;
		r = unsupported(a, c, op);
		break;
	default:
		r = eval_op(a, fr, c, op, out);
		if (r == -ENOSYS && !a->error_logged) {
			c->p = start;
			r = unsupported(a, c, op);
		}
	}
out:
	a->nest--;
	if (r < 0 && out && *out) {
		obj_put(a, *out);
		*out = NULL;
	}
	return r;
}

/*
 * Run a term list. While a table loads (no method), a failed term that has
 * a known length is reported and skipped so that the rest of the table
 * still loads; in a method the first error aborts it.
 */
int exec_term_list(struct aml *a, struct frame *fr, const u8 *p, const u8 *end)
{
	struct cursor c = { p, end };
	int r;

	while (c.p < c.end) {
		const u8 *start = c.p;

		r = eval(a, fr, &c, NULL);
		if (r > 0)
			return r;
		if (r < 0) {
			const u8 *skip;

			if (fr->method || r == -ENOMEM || r == -ELOOP || r == -ETIMEDOUT)
				return r;
			skip = term_end(start, end);
			if (!skip)
				return r;
			aml_log(a, 1, "aml: definition at offset 0x%lx of %s skipped",
				(unsigned long)(start - a->table_start), a->sig);
			a->error_logged = false;
			c.p = skip;
		}
	}
	return 0;
}

/* End of a term that carries its length (after a PkgLength), or NULL. */
const u8 *term_end(const u8 *p, const u8 *end)
{
	struct aml dummy;
	struct cursor c;
	const u8 *e;
	u16 op;

	if (p >= end)
		return NULL;
	op = *p++;
	if (op == OP_EXT) {
		if (p >= end)
			return NULL;
		op = (u16)(0x5b00 | *p++);
	}
	switch (op) {
	case OP_SCOPE:
	case OP_METHOD:
	case OP_BUFFER:
	case OP_PACKAGE:
	case OP_VAR_PACKAGE:
	case OP_IF:
	case OP_ELSE:
	case OP_WHILE:
	case OP_DEVICE:
	case OP_PROCESSOR:
	case OP_POWER:
	case OP_THERMAL:
	case OP_FIELD:
	case OP_INDEX_FIELD:
	case OP_BANK_FIELD: break;
	default: return NULL;
	}
	memset(&dummy, 0, sizeof(dummy));
	dummy.error_logged = true; /* quiet */
	c = (struct cursor){ p, end };
	if (pkg_length(&dummy, &c, &e))
		return NULL;
	return e;
}
