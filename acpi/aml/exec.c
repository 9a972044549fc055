/*
 * The AML evaluator: walks the byte code of a term list directly (no parse
 * tree), one term at a time. eval() runs one term and, when out is not
 * NULL, hands back its value; control flow comes back as FLOW_* codes and
 * errors as negative errno values, which abort the running method (the log
 * says where). Named objects made by a method are removed when it returns.
 * Operators live in ops.c; targets and Store in store.c.
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

/* Record a name made while a method runs, to remove it when it returns. */
static void note_temp(struct frame *fr, struct aml_node *n)
{
	if (!fr->method)
		return;
	n->temp_next = fr->temps;
	fr->temps = n;
	node_get(n);
}

/*
 * Parse a NameString and make the node. In a table being loaded an
 * existing name is reported and the definition skipped (*n = NULL, 0);
 * inside a method it is an error.
 */
int create_name(struct aml *a, struct frame *fr, struct cursor *c, struct aml_node **n)
{
	struct name nm;
	char text[48];
	int r;

	*n = NULL;
	r = parse_name(a, c, &nm);
	if (r)
		return r;
	r = name_create(a, fr->scope, &nm, n);
	if (r == 0) {
		note_temp(fr, *n);
		return 0;
	}
	name_format(&nm, text, sizeof(text));
	*n = NULL;
	if (r == -EEXIST && !fr->method) {
		aml_log(a, 1, "aml: %s already exists: second definition ignored", text);
		return 0;
	}
	aml_log(a, 1, "aml: cannot create %s: %s", text, errno_name(-r));
	error_at(a, c, r, "cannot create a name");
	return r;
}

/* Make a named object; consumes o. *n NULL when skipped. */
static int define(struct aml *a, struct frame *fr, struct cursor *c, struct aml_object *o,
		  struct aml_node **out)
{
	struct aml_node *n;
	int r;

	if (!o) {
		error_at(a, c, -ENOMEM, "out of memory");
		return -ENOMEM;
	}
	r = create_name(a, fr, c, &n);
	if (r || !n) {
		obj_put(a, o);
		if (out)
			*out = NULL;
		return r;
	}
	node_set(a, n, o);
	if (out)
		*out = n;
	return 0;
}

/* Run a term list with another scope. */
static int in_scope(struct aml *a, struct frame *fr, struct aml_node *scope, const u8 *p,
		    const u8 *end)
{
	struct aml_node *saved = fr->scope;
	int r;

	fr->scope = scope;
	r = exec_term_list(a, fr, p, end);
	fr->scope = saved;
	return r;
}

/* Scope, Device, Processor, PowerResource, ThermalZone. */
static int scoped_object(struct aml *a, struct frame *fr, struct cursor *c, u16 op)
{
	const u8 *end;
	struct cursor body;
	struct aml_object *o = NULL;
	struct aml_node *n;
	struct name nm;
	int r;

	r = pkg_length(a, c, &end);
	if (r)
		return r;
	body = (struct cursor){ c->p, end };
	c->p = end;
	if (op == OP_SCOPE) {
		char text[48];

		r = parse_name(a, &body, &nm);
		if (r)
			return r;
		n = name_lookup(a, fr->scope, &nm);
		if (!n) {
			name_format(&nm, text, sizeof(text));
			aml_log(a, 1, "aml: Scope (%s): no such name", text);
			error_at(a, &body, -ENOENT, "scope not found");
			return -ENOENT;
		}
		return in_scope(a, fr, n, body.p, end);
	}
	switch (op) {
	case OP_DEVICE:
		o = obj_new(a, AML_DEVICE);
		break;
	case OP_THERMAL:
		o = obj_new(a, AML_THERMAL);
		break;
	case OP_PROCESSOR:
		o = obj_new(a, AML_PROCESSOR);
		break;
	case OP_POWER:
		o = obj_new(a, AML_POWER);
		break;
	}
	{
		struct cursor save = body;
		struct name skip;

		/* Fixed fields follow the name: read them first. */
		r = parse_name(a, &save, &skip);
		if (r) {
			obj_put(a, o);
			return r;
		}
		if (o && op == OP_PROCESSOR) {
			if ((r = need(a, &save, 6))) {
				obj_put(a, o);
				return r;
			}
			o->proc.id = save.p[0];
			o->proc.pblk = (u32)save.p[1] | (u32)save.p[2] << 8 |
				       (u32)save.p[3] << 16 | (u32)save.p[4] << 24;
			o->proc.pblk_len = save.p[5];
			save.p += 6;
		} else if (op == OP_POWER) {
			if ((r = need(a, &save, 3))) {
				obj_put(a, o);
				return r;
			}
			save.p += 3;
		}
		r = define(a, fr, &body, o, &n);
		if (r)
			return r;
		body.p = save.p;
	}
	if (!n)
		return 0;
	return in_scope(a, fr, n, body.p, end);
}

static int def_method(struct aml *a, struct frame *fr, struct cursor *c)
{
	const u8 *end;
	struct cursor body;
	struct aml_object *o;
	struct aml_node *n;
	int r;

	r = pkg_length(a, c, &end);
	if (r)
		return r;
	body = (struct cursor){ c->p, end };
	c->p = end;
	o = obj_new(a, AML_METHOD);
	{
		struct cursor peek = body;
		struct name skip;

		r = parse_name(a, &peek, &skip);
		if (!r)
			r = need(a, &peek, 1);
		if (r) {
			obj_put(a, o);
			return r;
		}
		if (o) {
			o->method.flags = *peek.p;
			o->method.code = peek.p + 1;
			o->method.len = (u32)(end - peek.p - 1);
			o->method.int_bytes = (u8)a->int_bytes;
			if (o->method.flags & 0x08) {
				o->method.mutex = obj_new(a, AML_MUTEX);
				if (!o->method.mutex) {
					obj_put(a, o);
					o = NULL;
				} else {
					o->method.mutex->mutex.sync = o->method.flags >> 4;
				}
			}
		}
	}
	return define(a, fr, &body, o, &n);
}

static int def_name(struct aml *a, struct frame *fr, struct cursor *c)
{
	struct cursor peek = *c;
	struct aml_object *v;
	struct name skip;
	int r;

	r = parse_name(a, &peek, &skip);
	if (r)
		return r;
	r = eval_arg(a, fr, &peek, &v);
	if (r)
		return r;
	if (v->refs > 1) {
		struct aml_object *cp = obj_copy(a, v);

		obj_put(a, v);
		v = cp;
	}
	r = define(a, fr, c, v, NULL);
	c->p = peek.p;
	return r;
}

static int def_alias(struct aml *a, struct frame *fr, struct cursor *c)
{
	struct aml_object *o;
	struct aml_node *target;
	struct name src;
	int r;

	r = parse_name(a, c, &src);
	if (r)
		return r;
	target = name_lookup(a, fr->scope, &src);
	if (!target) {
		char text[48];

		name_format(&src, text, sizeof(text));
		aml_log(a, 1, "aml: Alias of %s: no such name", text);
		error_at(a, c, -ENOENT, "alias target not found");
		return -ENOENT;
	}
	o = obj_new(a, AML_ALIAS);
	if (o) {
		o->alias.target = target;
		node_get(target);
	}
	return define(a, fr, c, o, NULL);
}

static int def_sync(struct aml *a, struct frame *fr, struct cursor *c, u16 op)
{
	struct cursor peek = *c;
	struct aml_object *o;
	struct name skip;
	int r;

	r = parse_name(a, &peek, &skip);
	if (r)
		return r;
	o = obj_new(a, op == OP_MUTEX ? AML_MUTEX : AML_EVENT);
	if (op == OP_MUTEX) {
		r = need(a, &peek, 1);
		if (r) {
			obj_put(a, o);
			return r;
		}
		if (o)
			o->mutex.sync = *peek.p & 0x0f;
		peek.p++;
	}
	r = define(a, fr, c, o, NULL);
	c->p = peek.p;
	return r;
}

static int def_region(struct aml *a, struct frame *fr, struct cursor *c)
{
	struct cursor peek = *c;
	struct aml_object *o;
	struct name skip;
	u64 off, len;
	u8 space;
	int r;

	r = parse_name(a, &peek, &skip);
	if (!r)
		r = need(a, &peek, 1);
	if (r)
		return r;
	space = *peek.p++;
	r = eval_int(a, fr, &peek, &off);
	if (!r)
		r = eval_int(a, fr, &peek, &len);
	if (r)
		return r;
	o = obj_new(a, AML_REGION);
	if (o) {
		o->region.space = space;
		o->region.offset = off;
		o->region.len = len;
		o->region.node = fr->scope;
		node_get(fr->scope);
	}
	r = define(a, fr, c, o, NULL);
	c->p = peek.p;
	return r;
}

static struct aml_node *lookup_or_fail(struct aml *a, struct frame *fr, struct cursor *c)
{
	struct name nm;
	struct aml_node *n;
	char text[48];

	if (parse_name(a, c, &nm))
		return NULL;
	n = name_lookup(a, fr->scope, &nm);
	if (!n) {
		name_format(&nm, text, sizeof(text));
		aml_log(a, 1, "aml: %s: no such name", text);
		error_at(a, c, -ENOENT, "name not found");
	}
	return n;
}

/* Field, IndexField, BankField. */
static int def_field(struct aml *a, struct frame *fr, struct cursor *c, u16 op)
{
	struct aml_object proto;
	struct cursor body;
	const u8 *end;
	int r;

	r = pkg_length(a, c, &end);
	if (r)
		return r;
	body = (struct cursor){ c->p, end };
	c->p = end;
	memset(&proto, 0, sizeof(proto));
	proto.type = AML_FIELD_UNIT;
	if (op == OP_INDEX_FIELD) {
		proto.field.kind = FIELD_INDEX;
		proto.field.index = lookup_or_fail(a, fr, &body);
		if (!proto.field.index)
			return -ENOENT;
		proto.field.data = lookup_or_fail(a, fr, &body);
		if (!proto.field.data)
			return -ENOENT;
	} else {
		proto.field.kind = op == OP_BANK_FIELD ? FIELD_BANK : FIELD_REGION;
		proto.field.region = lookup_or_fail(a, fr, &body);
		if (!proto.field.region)
			return -ENOENT;
		if (aml_node_type(proto.field.region) != AML_REGION) {
			error_at(a, &body, -EINVAL, "field of something that is not a region");
			return -EINVAL;
		}
		if (op == OP_BANK_FIELD) {
			proto.field.data = lookup_or_fail(a, fr, &body);
			if (!proto.field.data)
				return -ENOENT;
			r = eval_int(a, fr, &body, &proto.field.bank_value);
			if (r)
				return r;
		}
	}
	r = need(a, &body, 1);
	if (r)
		return r;
	proto.field.flags = *body.p++;
	return parse_field_list(a, fr, &body, &proto);
}

/* CreateBitField ... CreateQWordField, CreateField. */
static int def_buffer_field(struct aml *a, struct frame *fr, struct cursor *c, u16 op)
{
	struct aml_object *buf, *o;
	u64 index, bits;
	int r;

	r = eval_arg(a, fr, c, &buf);
	if (r)
		return r;
	if (buf->type != AML_BUFFER) {
		obj_put(a, buf);
		error_at(a, c, -EINVAL, "CreateField on something that is not a Buffer");
		return -EINVAL;
	}
	r = eval_int(a, fr, c, &index);
	if (r)
		goto out;
	switch (op) {
	case OP_CREATE_BIT:
		bits = 1;
		break;
	case OP_CREATE_BYTE:
		bits = 8;
		break;
	case OP_CREATE_WORD:
		bits = 16;
		break;
	case OP_CREATE_DWORD:
		bits = 32;
		break;
	case OP_CREATE_QWORD:
		bits = 64;
		break;
	default:
		r = eval_int(a, fr, c, &bits);
		if (r)
			goto out;
	}
	if (op != OP_CREATE_BIT && op != OP_CREATE_FIELD)
		index *= 8;
	if (!bits || index + bits > (u64)buf->buf.len * 8 || index > (u64)buf->buf.len * 8) {
		error_at(a, c, -ERANGE, "buffer field beyond the end of its buffer");
		r = -ERANGE;
		goto out;
	}
	o = obj_new(a, AML_BUFFER_FIELD);
	if (o) {
		o->bfield.buffer = obj_get(buf);
		o->bfield.bit_offset = (u32)index;
		o->bfield.bit_len = (u32)bits;
		o->bfield.as_buffer = op == OP_CREATE_FIELD;
	}
	r = define(a, fr, c, o, NULL);
out:
	obj_put(a, buf);
	return r;
}

static int op_if(struct aml *a, struct frame *fr, struct cursor *c)
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

static int op_while(struct aml *a, struct frame *fr, struct cursor *c)
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
static int op_name(struct aml *a, struct frame *fr, struct cursor *c, struct aml_object **out)
{
	struct aml_object *args[7] = { 0 };
	struct aml_node *n;
	struct name nm;
	u32 argc;
	int r;

	r = parse_name(a, c, &nm);
	if (r)
		return r;
	n = name_lookup(a, fr->scope, &nm);
	if (!n) {
		char text[48];

		name_format(&nm, text, sizeof(text));
		aml_log(a, 1, "aml: %s: no such name", text);
		error_at(a, c, -ENOENT, "name not found");
		return -ENOENT;
	}
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

static int data_object(struct aml *a, struct cursor *c, u8 op, struct aml_object **out)
{
	u64 v = 0;
	u32 n = 0, i;

	switch (op) {
	case OP_BYTE:
		n = 1;
		break;
	case OP_WORD:
		n = 2;
		break;
	case OP_DWORD:
		n = 4;
		break;
	case OP_QWORD:
		n = 8;
		break;
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

static int op_buffer(struct aml *a, struct frame *fr, struct cursor *c, struct aml_object **out)
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

static int op_package(struct aml *a, struct frame *fr, struct cursor *c, u8 op,
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
		error_at(a, c, -EINVAL, op >= OP_ARG0 ? "argument not passed" :
							"local variable not set");
		return -EINVAL;
	}
	if (out)
		*out = obj_get(v);
	return 0;
}

static int unsupported(struct aml *a, struct cursor *c, u16 op)
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
	if (++a->nest > AML_MAX_NEST) {
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
	case OP_THERMAL:
		r = scoped_object(a, fr, c, op);
		break;
	case OP_METHOD:
		r = def_method(a, fr, c);
		break;
	case OP_NAME:
		r = def_name(a, fr, c);
		break;
	case OP_ALIAS:
		r = def_alias(a, fr, c);
		break;
	case OP_MUTEX:
	case OP_EVENT:
		r = def_sync(a, fr, c, op);
		break;
	case OP_REGION:
		r = def_region(a, fr, c);
		break;
	case OP_FIELD:
	case OP_INDEX_FIELD:
	case OP_BANK_FIELD:
		r = def_field(a, fr, c, op);
		break;
	case OP_CREATE_BIT:
	case OP_CREATE_BYTE:
	case OP_CREATE_WORD:
	case OP_CREATE_DWORD:
	case OP_CREATE_QWORD:
	case OP_CREATE_FIELD:
		r = def_buffer_field(a, fr, c, op);
		break;
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
	case OP_ARG0 ... OP_ARG0 + 6:
		r = op_local_arg(a, fr, c, (u8)op, out);
		break;
	case OP_IF:
		r = op_if(a, fr, c);
		break;
	case OP_ELSE: { /* without an If before it: skipped */
		const u8 *end;

		r = pkg_length(a, c, &end);
		if (!r)
			c->p = end;
		break;
	}
	case OP_WHILE:
		r = op_while(a, fr, c);
		break;
	case OP_BREAK:
		r = FLOW_BREAK;
		break;
	case OP_CONTINUE:
		r = FLOW_CONTINUE;
		break;
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
	case OP_BREAKPOINT:
		r = 0;
		break;
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
	case OP_BANK_FIELD:
		break;
	default:
		return NULL;
	}
	memset(&dummy, 0, sizeof(dummy));
	dummy.error_logged = true; /* quiet */
	c = (struct cursor){ p, end };
	if (pkg_length(&dummy, &c, &e))
		return NULL;
	return e;
}

static int acquire(struct aml *a, struct aml_object *m, const char *name)
{
	if (m->mutex.depth) {
		if (m->mutex.depth == 255)
			return -EOVERFLOW;
		m->mutex.depth++;
		return 0;
	}
	if (m->mutex.sync < a->sync_level) {
		aml_log(a, 1, "aml: cannot acquire mutex %s (SyncLevel %u) at SyncLevel %u", name,
			m->mutex.sync, a->sync_level);
		return -EDEADLK;
	}
	if (a->nheld == ARRAY_SIZE(a->held))
		return -EOVERFLOW;
	a->held[a->nheld++] = obj_get(m);
	m->mutex.depth = 1;
	m->mutex.prev_sync = a->sync_level;
	a->sync_level = m->mutex.sync;
	return 0;
}

static int release(struct aml *a, struct aml_object *m, const char *name)
{
	u32 i;

	if (!m->mutex.depth) {
		aml_log(a, 1, "aml: release of mutex %s that is not held", name);
		return -EPERM;
	}
	if (m->mutex.depth > 1) {
		m->mutex.depth--;
		return 0;
	}
	if (m->mutex.sync < a->sync_level) {
		aml_log(a, 1, "aml: release of mutex %s (SyncLevel %u) at SyncLevel %u", name,
			m->mutex.sync, a->sync_level);
		return -EDEADLK;
	}
	for (i = 0; i < a->nheld && a->held[i] != m; i++)
		;
	if (i == a->nheld)
		return -EPERM;
	m->mutex.depth = 0;
	if (i == a->nheld - 1)
		a->sync_level = m->mutex.prev_sync;
	memmove(&a->held[i], &a->held[i + 1], (a->nheld - i - 1) * sizeof(a->held[0]));
	a->nheld--;
	obj_put(a, m);
	return 0;
}

int mutex_op(struct aml *a, struct aml_node *n, bool acq)
{
	char path[64];
	int r;

	aml_node_path(n, path, sizeof(path));
	r = acq ? acquire(a, n->obj, path) : release(a, n->obj, path);
	return r;
}

/* Release what an evaluation left held (logged: the AML is wrong). */
static void release_all(struct aml *a)
{
	while (a->nheld) {
		struct aml_object *m = a->held[--a->nheld];

		aml_log(a, 1, "aml: mutex still held when the evaluation ended: released");
		m->mutex.depth = 0;
		a->sync_level = m->mutex.prev_sync;
		obj_put(a, m);
	}
	a->sync_level = 0;
}

int invoke(struct aml *a, struct aml_node *m, struct aml_object **args, u32 nargs,
	   struct aml_object **ret)
{
	struct aml_object *mo = obj_get(m->obj);
	struct aml_method *meth = &mo->method;
	int saved_bytes = a->int_bytes, r;
	struct frame fr;
	bool top = a->depth == 0;

	if (ret)
		*ret = NULL;
	if (a->depth >= AML_MAX_CALL_DEPTH) {
		aml_log(a, 1, "aml: method calls nested deeper than %d", AML_MAX_CALL_DEPTH);
		obj_put(a, mo);
		return -ELOOP;
	}
	if (top) {
		a->deadline = a->ops->now_ns ? a->ops->now_ns(a->ctx) + AML_MAX_EVAL_NS : 0;
		a->error_logged = false;
	} else if (a->deadline && a->ops->now_ns && a->ops->now_ns(a->ctx) > a->deadline) {
		aml_log(a, 1, "aml: time limit reached");
		obj_put(a, mo);
		return -ETIMEDOUT;
	}
	if (meth->native) {
		a->depth++;
		r = meth->native(a, args, ret);
		a->depth--;
		obj_put(a, mo);
		return r;
	}
	memset(&fr, 0, sizeof(fr));
	for (u32 i = 0; i < nargs && i < 7; i++)
		fr.args[i] = obj_get(args[i]);
	fr.scope = m;
	fr.method = m;
	a->int_bytes = meth->int_bytes;
	a->depth++;
	if (meth->mutex) {
		r = acquire(a, meth->mutex, "(serialized method)");
		if (r)
			goto out;
	}
	r = exec_term_list(a, &fr, meth->code, meth->code + meth->len);
	if (meth->mutex) {
		int r2 = release(a, meth->mutex, "(serialized method)");

		if (!r && r2 < 0)
			r = r2;
	}
	if (r > 0)
		r = 0; /* Return, or a stray Break/Continue */
	if (r == 0 && ret) {
		*ret = fr.ret;
		fr.ret = NULL;
	}
out:
	if (r < 0 && top) {
		char path[64];

		aml_node_path(m, path, sizeof(path));
		aml_log(a, 1, "aml: method %s aborted: %s", path, errno_name(-r));
	}
	a->depth--;
	obj_put(a, fr.ret);
	for (int i = 0; i < 7; i++)
		obj_put(a, fr.args[i]);
	for (int i = 0; i < 8; i++)
		obj_put(a, fr.locals[i]);
	while (fr.temps) {
		struct aml_node *t = fr.temps;

		fr.temps = t->temp_next;
		if (!t->detached)
			node_detach(a, t);
		node_put(a, t);
	}
	a->int_bytes = saved_bytes;
	if (top)
		release_all(a);
	obj_put(a, mo);
	return r;
}
