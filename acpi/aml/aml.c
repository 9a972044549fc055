/*
 * The interpreter's entry points: a namespace with the predefined scopes,
 * loading definition blocks (the table must stay in memory as long as the
 * namespace: methods run from it), evaluating objects, running _STA/_INI
 * over the devices, and identifying devices by _HID/_CID.
 */
#include <loom/printk.h>
#include "exec.h"

static const char *const osi_strings[] = {
	"Windows 2000",
	"Windows 2001",
	"Windows 2001 SP1",
	"Windows 2001 SP2",
	"Windows 2006",
	"Windows 2009",
	"Windows 2012",
	"Windows 2015",
	"Module Device",
	"Processor Device",
	"3.0 Thermal Model",
	"Extended Address Space Descriptor",
	"Processor Aggregator Device",
};

static int native_osi(struct aml *a, struct aml_object **args, struct aml_object **ret)
{
	bool yes = false;

	if (!args || !args[0] || args[0]->type != AML_STRING)
		return -EINVAL;
	for (u32 i = 0; i < ARRAY_SIZE(osi_strings); i++)
		if (!strcmp(args[0]->str.data, osi_strings[i]))
			yes = true;
	if (ret) {
		*ret = obj_int(a, yes ? ~0ull : 0);
		return *ret ? 0 : -ENOMEM;
	}
	return 0;
}

static int predefine(struct aml *a, const char *name, struct aml_object *o)
{
	struct aml_node *n;

	if (!o && strcmp(name, "_GPE") && strcmp(name, "_PR_") && strcmp(name, "_SI_"))
		return -ENOMEM;
	n = node_new(a, a->root, name);
	if (!n) {
		obj_put(a, o);
		return -ENOMEM;
	}
	node_set(a, n, o);
	return 0;
}

struct aml *aml_create(const struct aml_host_ops *ops, void *ctx)
{
	struct aml *a = ops->alloc(sizeof(*a));
	struct aml_object *osi;
	int r = 0;

	if (!a)
		return NULL;
	memset(a, 0, sizeof(*a));
	a->ops = ops;
	a->ctx = ctx;
	a->int_bytes = 8;
	a->root = node_new(a, NULL, "\\___");
	if (!a->root) {
		ops->free(a);
		return NULL;
	}
	osi = obj_new(a, AML_METHOD);
	if (osi) {
		osi->method.flags = 1;
		osi->method.native = native_osi;
		osi->method.int_bytes = 8;
	}
	r |= predefine(a, "_GPE", NULL);
	r |= predefine(a, "_PR_", NULL);
	r |= predefine(a, "_SB_", obj_new(a, AML_DEVICE));
	r |= predefine(a, "_SI_", NULL);
	r |= predefine(a, "_TZ_", obj_new(a, AML_DEVICE));
	r |= predefine(a, "_GL_", obj_new(a, AML_MUTEX));
	r |= predefine(a, "_OSI", osi);
	r |= predefine(a, "_OS_", obj_string(a, "Microsoft Windows NT", 20));
	r |= predefine(a, "_REV", obj_int(a, 2));
	if (r) {
		aml_destroy(a);
		return NULL;
	}
	return a;
}

void aml_destroy(struct aml *a)
{
	if (!a)
		return;
	node_detach(a, a->root);
	a->ops->free(a);
}

int aml_load_table(struct aml *a, const void *table, size_t len)
{
	const u8 *t = table;
	struct frame fr;
	u32 tlen;
	int r;

	if (len < 36) {
		aml_log(a, 1, "aml: table of %zu bytes has no header", len);
		return -EINVAL;
	}
	tlen = (u32)t[4] | (u32)t[5] << 8 | (u32)t[6] << 16 | (u32)t[7] << 24;
	if (tlen < 36 || tlen > len) {
		aml_log(a, 1, "aml: table length %u does not fit its %zu bytes", tlen, len);
		return -EINVAL;
	}
	memcpy(a->sig, t, 4);
	a->sig[4] = 0;
	a->int_bytes = t[8] < 2 ? 4 : 8;
	a->table_start = t;
	a->table_end = t + tlen;
	a->error_logged = false;
	a->deadline = a->ops->now_ns ? a->ops->now_ns(a->ctx) + AML_MAX_EVAL_NS : 0;
	a->stack_top = (uintptr_t)__builtin_frame_address(0);
	memset(&fr, 0, sizeof(fr));
	fr.scope = a->root;
	r = exec_term_list(a, &fr, t + 36, t + tlen);
	if (r > 0)
		r = 0;
	obj_put(a, fr.ret);
	for (int i = 0; i < 8; i++)
		obj_put(a, fr.locals[i]);
	a->deadline = 0;
	if (r)
		aml_log(a, 1, "aml: %s load stopped: %s", a->sig, errno_name(-r));
	return r;
}

int aml_evaluate(struct aml *a, struct aml_node *node, struct aml_object **args, u32 nargs,
		 struct aml_object **result)
{
	struct aml_object *v = NULL;
	int r;

	if (result)
		*result = NULL;
	node = node_resolve_alias(node);
	if (!node)
		return -ENOENT;
	if (aml_node_type(node) == AML_METHOD) {
		if (nargs < (node->obj->method.flags & 7u)) {
			aml_log(a, 1, "aml: method needs %u arguments, %u given",
				node->obj->method.flags & 7u, nargs);
			return -EINVAL;
		}
		node_get(node);
		r = invoke(a, node, args, nargs, &v);
		node_put(a, node);
	} else {
		if (!a->depth) {
			a->error_logged = false;
			a->stack_top = (uintptr_t)__builtin_frame_address(0);
		}
		r = node_value(a, node, &v);
	}
	if (r) {
		obj_put(a, v);
		return r;
	}
	if (result)
		*result = v;
	else
		obj_put(a, v);
	return 0;
}

int aml_eval_integer(struct aml *a, struct aml_node *node, const char *path, u64 *v)
{
	struct aml_node *n;
	struct aml_object *o;
	char seg[4];
	int r;

	if (strlen(path) != 4) {
		n = aml_lookup(a, node, path);
	} else {
		memcpy(seg, path, 4);
		n = node_child(node, seg);
	}
	if (!n)
		return -ENOENT;
	r = aml_evaluate(a, n, NULL, 0, &o);
	if (r)
		return r;
	r = o && o->type == AML_INTEGER ? 0 : -EINVAL;
	if (!r)
		*v = o->integer;
	obj_put(a, o);
	return r;
}

int aml_device_status(struct aml *a, struct aml_node *dev, u64 *sta)
{
	int r = aml_eval_integer(a, dev, "_STA", sta);

	if (r == -ENOENT) {
		*sta = 0x0f;
		return 0;
	}
	return r;
}

static bool is_device_like(const struct aml_node *n)
{
	enum aml_type t = aml_node_type(n);

	return t == AML_DEVICE || t == AML_PROCESSOR || t == AML_THERMAL || t == AML_POWER;
}

/* Depth first, parents before children; a device that is neither present
 * nor functioning hides its children. */
static int init_walk(struct aml *a, struct aml_node *n)
{
	int count = 0;

	for (struct aml_node *c = n->child; c; c = c->next) {
		struct aml_node *ini;
		u64 sta = 0x0f;

		if (!is_device_like(c)) {
			if (aml_node_type(c) == AML_SCOPE)
				count += init_walk(a, c);
			continue;
		}
		if (aml_device_status(a, c, &sta))
			continue;
		if (!(sta & 0x1) && !(sta & 0x8))
			continue;
		ini = node_child(c, "_INI");
		if ((sta & 0x1) && ini && aml_node_type(ini) == AML_METHOD) {
			if (aml_evaluate(a, ini, NULL, 0, NULL) == 0)
				count++;
		}
		count += init_walk(a, c);
	}
	return count;
}

int aml_initialize(struct aml *a)
{
	struct aml_node *sb = node_child(a->root, "_SB_"), *ini;
	int count = 0;

	ini = sb ? node_child(sb, "_INI") : NULL;
	if (ini && aml_node_type(ini) == AML_METHOD && aml_evaluate(a, ini, NULL, 0, NULL) == 0)
		count++;
	return count + init_walk(a, a->root);
}

void aml_eisa_id(u32 v, char out[8])
{
	static const char hex[] = "0123456789ABCDEF";
	u32 x = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >> 8) & 0xff00) | (v >> 24);

	out[0] = (char)('@' + ((x >> 26) & 0x1f));
	out[1] = (char)('@' + ((x >> 21) & 0x1f));
	out[2] = (char)('@' + ((x >> 16) & 0x1f));
	out[3] = hex[(x >> 12) & 0xf];
	out[4] = hex[(x >> 8) & 0xf];
	out[5] = hex[(x >> 4) & 0xf];
	out[6] = hex[x & 0xf];
	out[7] = 0;
}

static int add_id(const struct aml_object *o, char (*ids)[AML_ID_LEN], int n, int max)
{
	if (n >= max || !o)
		return n;
	if (o->type == AML_INTEGER) {
		aml_eisa_id((u32)o->integer, ids[n]);
		return n + 1;
	}
	if (o->type == AML_STRING && o->str.len) {
		/* Ids are upper case; firmware that writes "VM_Gen_Counter"
		 * means VM_GEN_COUNTER. */
		strlcpy(ids[n], o->str.data, AML_ID_LEN);
		for (char *p = ids[n]; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		return n + 1;
	}
	return n;
}

int aml_device_ids(struct aml *a, struct aml_node *dev, char (*ids)[AML_ID_LEN], int max)
{
	struct aml_object *o;
	struct aml_node *n;
	int count = 0;

	n = node_child(dev, "_HID");
	if (n && aml_evaluate(a, n, NULL, 0, &o) == 0) {
		count = add_id(o, ids, count, max);
		obj_put(a, o);
	}
	n = node_child(dev, "_CID");
	if (n && aml_evaluate(a, n, NULL, 0, &o) == 0) {
		if (o && o->type == AML_PACKAGE) {
			for (u32 i = 0; i < o->pkg.count; i++)
				count = add_id(o->pkg.elems[i], ids, count, max);
		} else {
			count = add_id(o, ids, count, max);
		}
		obj_put(a, o);
	}
	return count;
}
