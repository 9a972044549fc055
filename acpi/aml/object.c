/*
 * AML objects: allocation through the host ops, reference counts, copies,
 * and the Debug-style text of a value (aml_format). An object is freed when
 * its last reference goes; packages and references release what they hold.
 */
#include <loom/printk.h>
#include <stdarg.h>
#include "internal.h"

void *aml_alloc(struct aml *a, size_t size)
{
	return a->ops->alloc(size ? size : 1);
}

void aml_free(struct aml *a, void *p)
{
	if (p)
		a->ops->free(p);
}

void aml_log(struct aml *a, int error, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (a->ops->log)
		a->ops->log(a->ctx, error, msg);
}

u64 int_mask(const struct aml *a)
{
	return a->int_bytes == 4 ? 0xffffffffull : ~0ull;
}

struct aml_object *obj_new(struct aml *a, u8 type)
{
	struct aml_object *o = aml_alloc(a, sizeof(*o));

	if (!o)
		return NULL;
	memset(o, 0, sizeof(*o));
	o->refs = 1;
	o->type = type;
	return o;
}

struct aml_object *obj_get(struct aml_object *o)
{
	if (o)
		o->refs++;
	return o;
}

void obj_put(struct aml *a, struct aml_object *o)
{
	if (!o || --o->refs)
		return;
	switch (o->type) {
	case AML_STRING: aml_free(a, o->str.data); break;
	case AML_BUFFER: aml_free(a, o->buf.data); break;
	case AML_PACKAGE:
		for (u32 i = 0; i < o->pkg.count; i++)
			obj_put(a, o->pkg.elems[i]);
		aml_free(a, o->pkg.elems);
		break;
	case AML_REFERENCE:
		if (o->ref.kind == REF_NODE)
			node_put(a, o->ref.node);
		else
			obj_put(a, o->ref.container);
		break;
	case AML_METHOD: obj_put(a, o->method.mutex); break;
	case AML_BUFFER_FIELD: obj_put(a, o->bfield.buffer); break;
	case AML_FIELD_UNIT:
		node_put(a, o->field.region);
		node_put(a, o->field.index);
		node_put(a, o->field.data);
		break;
	case AML_REGION: node_put(a, o->region.node); break;
	case AML_ALIAS: node_put(a, o->alias.target); break;
	}
	aml_free(a, o);
}

struct aml_object *obj_int(struct aml *a, u64 v)
{
	struct aml_object *o = obj_new(a, AML_INTEGER);

	if (o)
		o->integer = v & int_mask(a);
	return o;
}

struct aml_object *obj_string(struct aml *a, const char *s, u32 len)
{
	struct aml_object *o = obj_new(a, AML_STRING);

	if (!o)
		return NULL;
	o->str.data = aml_alloc(a, len + 1);
	if (!o->str.data) {
		aml_free(a, o);
		return NULL;
	}
	if (s)
		memcpy(o->str.data, s, len);
	else
		memset(o->str.data, 0, len);
	o->str.data[len] = 0;
	o->str.len = len;
	return o;
}

struct aml_object *obj_buffer(struct aml *a, const u8 *data, u32 len)
{
	struct aml_object *o = obj_new(a, AML_BUFFER);

	if (!o)
		return NULL;
	o->buf.data = aml_alloc(a, len);
	if (!o->buf.data) {
		aml_free(a, o);
		return NULL;
	}
	if (data)
		memcpy(o->buf.data, data, len);
	else
		memset(o->buf.data, 0, len);
	o->buf.len = len;
	return o;
}

struct aml_object *obj_package(struct aml *a, u32 count)
{
	struct aml_object *o = obj_new(a, AML_PACKAGE);

	if (!o)
		return NULL;
	o->pkg.elems = aml_alloc(a, count * sizeof(*o->pkg.elems));
	if (!o->pkg.elems) {
		aml_free(a, o);
		return NULL;
	}
	memset(o->pkg.elems, 0, count * sizeof(*o->pkg.elems));
	o->pkg.count = count;
	return o;
}

struct aml_object *obj_ref_node(struct aml *a, struct aml_node *n)
{
	struct aml_object *o = obj_new(a, AML_REFERENCE);

	if (!o)
		return NULL;
	o->ref.kind = REF_NODE;
	o->ref.node = n;
	node_get(n);
	return o;
}

struct aml_object *obj_copy(struct aml *a, struct aml_object *o)
{
	struct aml_object *c;

	switch (o->type) {
	case AML_INTEGER:
		c = obj_new(a, AML_INTEGER);
		if (c)
			c->integer = o->integer;
		return c;
	case AML_STRING: return obj_string(a, o->str.data, o->str.len);
	case AML_BUFFER: return obj_buffer(a, o->buf.data, o->buf.len);
	case AML_PACKAGE:
		c = obj_package(a, o->pkg.count);
		for (u32 i = 0; c && i < o->pkg.count; i++) {
			if (!o->pkg.elems[i])
				continue;
			c->pkg.elems[i] = obj_copy(a, o->pkg.elems[i]);
			if (!c->pkg.elems[i]) {
				obj_put(a, c);
				return NULL;
			}
		}
		return c;
	default:
		/* References, and objects that are not data, are shared. */
		return obj_get(o);
	}
}

/* Public accessors. */

enum aml_type aml_object_type(const struct aml_object *o)
{
	return o ? (enum aml_type)o->type : AML_UNINIT;
}

u64 aml_object_integer(const struct aml_object *o)
{
	return o && o->type == AML_INTEGER ? o->integer : 0;
}

const u8 *aml_object_data(const struct aml_object *o, u32 *len)
{
	if (o && o->type == AML_STRING) {
		*len = o->str.len;
		return (const u8 *)o->str.data;
	}
	if (o && o->type == AML_BUFFER) {
		*len = o->buf.len;
		return o->buf.data;
	}
	*len = 0;
	return NULL;
}

u32 aml_package_count(const struct aml_object *o)
{
	return o && o->type == AML_PACKAGE ? o->pkg.count : 0;
}

const struct aml_object *aml_package_element(const struct aml_object *o, u32 i)
{
	return i < aml_package_count(o) ? o->pkg.elems[i] : NULL;
}

struct aml_object *aml_object_new_integer(struct aml *a, u64 v)
{
	return obj_int(a, v);
}

struct aml_object *aml_object_new_string(struct aml *a, const char *s)
{
	return obj_string(a, s, (u32)strlen(s));
}

void aml_object_put(struct aml *a, struct aml_object *o)
{
	obj_put(a, o);
}

int aml_int_bytes(const struct aml *a)
{
	return a->int_bytes;
}

/* Formatting: appends to buf, always counting what it needed. */
struct fmt {
	char *buf;
	size_t size, len;
};

static __printf(2, 3) void put(struct fmt *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(f->len < f->size ? f->buf + f->len : NULL,
		      f->len < f->size ? f->size - f->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		f->len += (size_t)n;
}

static const char *const type_names[] = {
	[AML_UNINIT] = "Uninitialized",
	[AML_INTEGER] = "Integer",
	[AML_STRING] = "String",
	[AML_BUFFER] = "Buffer",
	[AML_PACKAGE] = "Package",
	[AML_FIELD_UNIT] = "FieldUnit",
	[AML_DEVICE] = "Device",
	[AML_EVENT] = "Event",
	[AML_METHOD] = "Method",
	[AML_MUTEX] = "Mutex",
	[AML_REGION] = "OpRegion",
	[AML_POWER] = "PowerResource",
	[AML_PROCESSOR] = "Processor",
	[AML_THERMAL] = "ThermalZone",
	[AML_BUFFER_FIELD] = "BufferField",
	[AML_DEBUG] = "Debug",
	[AML_REFERENCE] = "Reference",
	[AML_SCOPE] = "Scope",
	[AML_ALIAS] = "Alias",
};

const char *aml_type_name(u8 type)
{
	if (type < ARRAY_SIZE(type_names) && type_names[type])
		return type_names[type];
	return "Unknown";
}

static void format(struct fmt *f, const struct aml_object *o, int int_bytes, int depth)
{
	if (!o) {
		put(f, "[Uninitialized]");
		return;
	}
	switch (o->type) {
	case AML_INTEGER:
		if (int_bytes == 4)
			put(f, "0x%08llX", (unsigned long long)(o->integer & 0xffffffffull));
		else
			put(f, "0x%016llX", (unsigned long long)o->integer);
		break;
	case AML_STRING: put(f, "\"%s\"", o->str.data); break;
	case AML_BUFFER:
		put(f, "Buffer[%u]", o->buf.len);
		for (u32 i = 0; i < o->buf.len; i++)
			put(f, " %02X", o->buf.data[i]);
		break;
	case AML_PACKAGE:
		put(f, "Package[%u] {", o->pkg.count);
		for (u32 i = 0; i < o->pkg.count; i++) {
			put(f, i ? ", " : " ");
			if (depth < 4)
				format(f, o->pkg.elems[i], int_bytes, depth + 1);
			else
				put(f, "...");
		}
		put(f, " }");
		break;
	case AML_REFERENCE:
		if (o->ref.kind == REF_NODE) {
			char path[64];

			aml_node_path(o->ref.node, path, sizeof(path));
			put(f, "[Reference %s]", path);
		} else {
			put(f, "[Index %u of %s]", o->ref.index,
			    aml_type_name(o->ref.container->type));
		}
		break;
	default: put(f, "[%s]", aml_type_name(o->type));
	}
}

size_t aml_format(const struct aml_object *o, int int_bytes, char *buf, size_t size)
{
	struct fmt f = { buf, size, 0 };

	if (size)
		buf[0] = 0;
	format(&f, o, int_bytes, 0);
	return f.len;
}
