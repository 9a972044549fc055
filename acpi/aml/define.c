/*
 * Named-object definitions: Name, Alias, Method, Mutex, Event,
 * OperationRegion, the Field family, the CreateField family, and the
 * objects that open a scope (Scope, Device, Processor, PowerResource,
 * ThermalZone). A name a running method makes is removed when it returns;
 * a name defined twice while a table loads is reported and skipped.
 */
#include <loom/printk.h>
#include "exec.h"

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
__noinline int scoped_object(struct aml *a, struct frame *fr, struct cursor *c, u16 op)
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
		r = parse_name(a, &body, &nm);
		if (r)
			return r;
		n = name_resolve(a, fr->scope, &body, &nm, "Scope ");
		if (!n)
			return -ENOENT;
		return in_scope(a, fr, n, body.p, end);
	}
	switch (op) {
	case OP_DEVICE: o = obj_new(a, AML_DEVICE); break;
	case OP_THERMAL: o = obj_new(a, AML_THERMAL); break;
	case OP_PROCESSOR: o = obj_new(a, AML_PROCESSOR); break;
	case OP_POWER: o = obj_new(a, AML_POWER); break;
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
			o->proc.pblk = (u32)save.p[1] | (u32)save.p[2] << 8 | (u32)save.p[3] << 16 |
				       (u32)save.p[4] << 24;
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

__noinline int def_method(struct aml *a, struct frame *fr, struct cursor *c)
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

__noinline int def_name(struct aml *a, struct frame *fr, struct cursor *c)
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

__noinline int def_alias(struct aml *a, struct frame *fr, struct cursor *c)
{
	struct aml_object *o;
	struct aml_node *target;
	struct name src;
	int r;

	r = parse_name(a, c, &src);
	if (r)
		return r;
	target = name_resolve(a, fr->scope, c, &src, "Alias of ");
	if (!target)
		return -ENOENT;
	o = obj_new(a, AML_ALIAS);
	if (o) {
		o->alias.target = target;
		node_get(target);
	}
	return define(a, fr, c, o, NULL);
}

__noinline int def_sync(struct aml *a, struct frame *fr, struct cursor *c, u16 op)
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

__noinline int def_region(struct aml *a, struct frame *fr, struct cursor *c)
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

	if (parse_name(a, c, &nm))
		return NULL;
	return name_resolve(a, fr->scope, c, &nm, "");
}

/* Field, IndexField, BankField. */
__noinline int def_field(struct aml *a, struct frame *fr, struct cursor *c, u16 op)
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
__noinline int def_buffer_field(struct aml *a, struct frame *fr, struct cursor *c, u16 op)
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
	case OP_CREATE_BIT: bits = 1; break;
	case OP_CREATE_BYTE: bits = 8; break;
	case OP_CREATE_WORD: bits = 16; break;
	case OP_CREATE_DWORD: bits = 32; break;
	case OP_CREATE_QWORD: bits = 64; break;
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
