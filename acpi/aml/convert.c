/*
 * Conversions between Integer, String and Buffer: the implicit ones that
 * operands and Store targets apply, the explicit To* operators, and the
 * comparison and concatenation rules that follow the first operand's type.
 * Integers are a->int_bytes wide (4 in revision-1 tables).
 */
#include <loom/printk.h>
#include "internal.h"

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static u64 le_bytes(const u8 *p, u32 len, int int_bytes)
{
	u64 v = 0;

	for (u32 i = 0; i < len && i < (u32)int_bytes; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

/* Parse digits of base 16 or 10 until the first that is not one. */
static u64 parse_digits(const char *s, u32 len, int base)
{
	u64 v = 0;

	for (u32 i = 0; i < len; i++) {
		int d = hex_digit(s[i]);

		if (d < 0 || d >= base)
			break;
		v = v * (u64)base + (u64)d;
	}
	return v;
}

static const char *skip_space(const char *s, u32 *len)
{
	while (*len && (*s == ' ' || *s == '\t')) {
		s++;
		(*len)--;
	}
	return s;
}

int to_integer(struct aml *a, struct aml_object *o, u64 *v)
{
	const char *s;
	u32 len;

	switch (o ? o->type : AML_UNINIT) {
	case AML_INTEGER: *v = o->integer & int_mask(a); return 0;
	case AML_STRING:
		len = o->str.len;
		s = skip_space(o->str.data, &len);
		if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			s += 2;
			len -= 2;
		}
		*v = parse_digits(s, len, 16) & int_mask(a);
		return 0;
	case AML_BUFFER: *v = le_bytes(o->buf.data, o->buf.len, a->int_bytes); return 0;
	default:
		aml_log(a, 1, "aml: %s where an Integer is needed",
			aml_type_name(o ? o->type : AML_UNINIT));
		return -EINVAL;
	}
}

int to_integer_explicit(struct aml *a, struct aml_object *o, u64 *v)
{
	const char *s;
	u32 len;

	if (!o || o->type != AML_STRING)
		return to_integer(a, o, v);
	len = o->str.len;
	s = skip_space(o->str.data, &len);
	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		*v = parse_digits(s + 2, len - 2, 16);
	else
		*v = parse_digits(s, len, 10);
	*v &= int_mask(a);
	return 0;
}

struct aml_object *to_buffer(struct aml *a, struct aml_object *o, int *err)
{
	struct aml_object *r = NULL;
	u8 b[8];

	switch (o ? o->type : AML_UNINIT) {
	case AML_INTEGER:
		for (int i = 0; i < 8; i++)
			b[i] = (u8)(o->integer >> (8 * i));
		r = obj_buffer(a, b, (u32)a->int_bytes);
		break;
	case AML_STRING:
		r = obj_buffer(a, (const u8 *)o->str.data, o->str.len ? o->str.len + 1 : 0);
		break;
	case AML_BUFFER: return obj_get(o);
	default:
		aml_log(a, 1, "aml: %s where a Buffer is needed",
			aml_type_name(o ? o->type : AML_UNINIT));
		*err = -EINVAL;
		return NULL;
	}
	if (!r)
		*err = -ENOMEM;
	return r;
}

/* Bytes of a buffer as text: each as fmt, joined by sep. */
static struct aml_object *join_bytes(struct aml *a, const struct aml_object *o, bool hex, char sep,
				     int *err)
{
	u32 cap = o->buf.len * 5 + 1, n = 0;
	struct aml_object *r;
	char *t;

	if (cap > AML_MAX_OBJECT_SIZE) {
		*err = -E2BIG;
		return NULL;
	}
	t = aml_alloc(a, cap);
	if (!t) {
		*err = -ENOMEM;
		return NULL;
	}
	for (u32 i = 0; i < o->buf.len; i++) {
		if (i)
			t[n++] = sep;
		n += (u32)snprintf(t + n, cap - n, hex ? "0x%02X" : "%u", o->buf.data[i]);
	}
	r = obj_string(a, t, n);
	aml_free(a, t);
	if (!r)
		*err = -ENOMEM;
	return r;
}

static struct aml_object *int_hex(struct aml *a, u64 v, int *err)
{
	char t[20];
	int n;

	if (a->int_bytes == 4)
		n = snprintf(t, sizeof(t), "%08llX", (unsigned long long)(v & 0xffffffffull));
	else
		n = snprintf(t, sizeof(t), "%016llX", (unsigned long long)v);
	struct aml_object *r = obj_string(a, t, (u32)n);
	if (!r)
		*err = -ENOMEM;
	return r;
}

struct aml_object *to_string(struct aml *a, struct aml_object *o, int *err)
{
	switch (o ? o->type : AML_UNINIT) {
	case AML_INTEGER: return int_hex(a, o->integer, err);
	case AML_STRING: return obj_get(o);
	case AML_BUFFER: return join_bytes(a, o, true, ' ', err);
	default:
		aml_log(a, 1, "aml: %s where a String is needed",
			aml_type_name(o ? o->type : AML_UNINIT));
		*err = -EINVAL;
		return NULL;
	}
}

struct aml_object *to_hex_string(struct aml *a, struct aml_object *o, int *err)
{
	if (o && o->type == AML_BUFFER)
		return join_bytes(a, o, true, ',', err);
	return to_string(a, o, err);
}

struct aml_object *to_dec_string(struct aml *a, struct aml_object *o, int *err)
{
	char t[24];
	int n;

	if (o && o->type == AML_BUFFER)
		return join_bytes(a, o, false, ',', err);
	if (o && o->type == AML_INTEGER) {
		struct aml_object *r;

		n = snprintf(t, sizeof(t), "%llu", (unsigned long long)o->integer);
		r = obj_string(a, t, (u32)n);
		if (!r)
			*err = -ENOMEM;
		return r;
	}
	return to_string(a, o, err);
}

static int cmp_bytes(const u8 *x, u32 xl, const u8 *y, u32 yl)
{
	int c = memcmp(x, y, MIN(xl, yl));

	if (c)
		return c < 0 ? -1 : 1;
	return xl == yl ? 0 : (xl < yl ? -1 : 1);
}

int compare(struct aml *a, struct aml_object *x, struct aml_object *y, int *cmp)
{
	struct aml_object *t;
	int err = 0;
	u64 u, v;

	switch (x ? x->type : AML_UNINIT) {
	case AML_INTEGER:
		err = to_integer(a, y, &v);
		if (err)
			return err;
		u = x->integer & int_mask(a);
		*cmp = u == v ? 0 : (u < v ? -1 : 1);
		return 0;
	case AML_STRING:
		t = to_string(a, y, &err);
		if (!t)
			return err;
		*cmp = cmp_bytes((const u8 *)x->str.data, x->str.len, (const u8 *)t->str.data,
				 t->str.len);
		obj_put(a, t);
		return 0;
	case AML_BUFFER:
		t = to_buffer(a, y, &err);
		if (!t)
			return err;
		*cmp = cmp_bytes(x->buf.data, x->buf.len, t->buf.data, t->buf.len);
		obj_put(a, t);
		return 0;
	default:
		aml_log(a, 1, "aml: cannot compare a %s", aml_type_name(x ? x->type : AML_UNINIT));
		return -EINVAL;
	}
}

struct aml_object *concat(struct aml *a, struct aml_object *x, struct aml_object *y, int *err)
{
	struct aml_object *bx = NULL, *by = NULL, *r = NULL;
	u64 v;

	switch (x ? x->type : AML_UNINIT) {
	case AML_INTEGER:
		*err = to_integer(a, y, &v);
		if (*err)
			return NULL;
		r = obj_buffer(a, NULL, 2 * (u32)a->int_bytes);
		if (!r)
			break;
		for (int i = 0; i < a->int_bytes; i++) {
			r->buf.data[i] = (u8)(x->integer >> (8 * i));
			r->buf.data[a->int_bytes + i] = (u8)(v >> (8 * i));
		}
		return r;
	case AML_STRING:
		by = to_string(a, y, err);
		if (!by)
			return NULL;
		if ((u64)x->str.len + by->str.len > AML_MAX_OBJECT_SIZE) {
			*err = -E2BIG;
			goto out;
		}
		r = obj_string(a, NULL, x->str.len + by->str.len);
		if (r) {
			memcpy(r->str.data, x->str.data, x->str.len);
			memcpy(r->str.data + x->str.len, by->str.data, by->str.len);
		}
		break;
	case AML_BUFFER:
		bx = obj_get(x);
		by = to_buffer(a, y, err);
		if (!by)
			goto out;
		if ((u64)bx->buf.len + by->buf.len > AML_MAX_OBJECT_SIZE) {
			*err = -E2BIG;
			goto out;
		}
		r = obj_buffer(a, NULL, bx->buf.len + by->buf.len);
		if (r) {
			memcpy(r->buf.data, bx->buf.data, bx->buf.len);
			memcpy(r->buf.data + bx->buf.len, by->buf.data, by->buf.len);
		}
		break;
	default:
		aml_log(a, 1, "aml: cannot concatenate a %s",
			aml_type_name(x ? x->type : AML_UNINIT));
		*err = -EINVAL;
		return NULL;
	}
	if (!r)
		*err = -ENOMEM;
out:
	obj_put(a, bx);
	obj_put(a, by);
	return r;
}
