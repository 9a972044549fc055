/*
 * Field units (Field, IndexField, BankField over an OperationRegion) and
 * buffer fields (CreateField family). A field is read and written in
 * access-width units aligned to that width; a write that covers part of a
 * unit fills the rest per the update rule (Preserve reads the unit first,
 * WriteAsOnes/WriteAsZeros fill it). Region bytes go through the host ops.
 */
#include "exec.h"

/* Raw PkgLength encoding as a number (field widths), not bounded by end. */
static int field_length(struct aml *a, struct cursor *c, u32 *len)
{
	u32 n;

	if (need(a, c, 1))
		return -EINVAL;
	n = *c->p >> 6;
	if (need(a, c, n + 1))
		return -EINVAL;
	if (!n) {
		*len = *c->p & 0x3f;
	} else {
		*len = *c->p & 0x0f;
		for (u32 i = 0; i < n; i++)
			*len |= (u32)c->p[1 + i] << (4 + 8 * i);
	}
	c->p += n + 1;
	return 0;
}

int parse_field_list(struct aml *a, struct frame *fr, struct cursor *c,
		     const struct aml_object *proto)
{
	u8 flags = proto->field.flags;
	u64 bit = 0;
	u32 len;
	int r;

	while (c->p < c->end) {
		switch (*c->p) {
		case 0x00:
			c->p++;
			r = field_length(a, c, &len);
			if (r)
				return r;
			bit += len;
			break;
		case 0x01:
			if ((r = need(a, c, 3)))
				return r;
			flags = (u8)((flags & 0xf0) | (c->p[1] & 0x0f));
			c->p += 3;
			break;
		case 0x03:
			if ((r = need(a, c, 4)))
				return r;
			flags = (u8)((flags & 0xf0) | (c->p[1] & 0x0f));
			c->p += 4;
			break;
		case 0x02: {
			/* ConnectField (GPIO/serial bus connections): skipped. */
			struct name skip;
			const u8 *end;

			c->p++;
			if (c->p < c->end && *c->p == 0x11) {
				c->p++;
				r = pkg_length(a, c, &end);
				if (!r)
					c->p = end;
			} else {
				r = parse_name(a, c, &skip);
			}
			if (r)
				return r;
			break;
		}
		default: {
			struct aml_object *o;
			struct aml_node *n;
			struct cursor nc = { c->p, c->p + 4 <= c->end ? c->p + 4 : c->end };

			r = create_name(a, fr, &nc, &n);
			if (r)
				return r;
			c->p = nc.p;
			r = field_length(a, c, &len);
			if (r)
				return r;
			if (bit + len > 0xffffffffull) {
				error_at(a, c, -ERANGE, "field offset too large");
				return -ERANGE;
			}
			if (!n) {
				bit += len;
				break;
			}
			o = obj_new(a, AML_FIELD_UNIT);
			if (!o)
				return -ENOMEM;
			o->field = proto->field;
			o->field.flags = flags;
			o->field.bit_offset = (u32)bit;
			o->field.bit_len = len;
			node_get(o->field.region);
			node_get(o->field.index);
			node_get(o->field.data);
			node_set(a, n, o);
			bit += len;
		}
		}
	}
	return 0;
}

static u32 access_bytes(u8 flags)
{
	switch (flags & 0x0f) {
	case 2: return 2;
	case 3: return 4;
	case 4: return 8;
	default: return 1;
	}
}

/* PCI address of a PCI_Config region: _ADR of its device, _BBN/_SEG above. */
static void pci_address(struct aml *a, struct aml_node *dev, struct aml_pci_addr *pci)
{
	u64 v;

	memset(pci, 0, sizeof(*pci));
	if (dev && aml_eval_integer(a, dev, "_ADR", &v) == 0) {
		pci->dev = (u8)(v >> 16);
		pci->fn = (u8)v;
	}
	for (struct aml_node *n = dev; n; n = n->parent) {
		if (aml_eval_integer(a, n, "_BBN", &v) == 0) {
			pci->bus = (u8)v;
			if (aml_eval_integer(a, n, "_SEG", &v) == 0)
				pci->seg = (u16)v;
			break;
		}
	}
}

static int region_access(struct aml *a, struct aml_node *rn, u64 off, u32 width, bool write,
			 u64 *val)
{
	struct aml_object *rg = rn->obj;
	struct aml_pci_addr pci;
	u64 addr;
	int r;

	if (off + width > rg->region.len || off + width < off) {
		char path[64];

		aml_node_path(rn, path, sizeof(path));
		aml_log(a, 1, "aml: access at 0x%llx (%u bytes) beyond region %s (0x%llx bytes)",
			(unsigned long long)off, width, path, (unsigned long long)rg->region.len);
		return -ERANGE;
	}
	addr = rg->region.offset + off;
	if (rg->region.space == AML_SPACE_PCI)
		pci_address(a, rg->region.node, &pci);
	if (!a->ops->read || !a->ops->write)
		return -ENODEV;
	r = write ? a->ops->write(a->ctx, rg->region.space, &pci, addr, width, *val)
		  : a->ops->read(a->ctx, rg->region.space, &pci, addr, width, val);
	if (r) {
		aml_log(a, 1, "aml: region space %u %s at 0x%llx failed: %s", rg->region.space,
			write ? "write" : "read", (unsigned long long)addr, errno_name(-r));
		return r;
	}
	if (width < 8)
		*val &= (1ull << (8 * width)) - 1;
	return 0;
}

/* Read or write one access unit of a field unit at byte offset off. */
static int unit_access(struct aml *a, struct aml_object *f, u64 off, u32 width, bool write,
		       u64 *val)
{
	struct aml_object *v;
	int r;

	switch (f->field.kind) {
	case FIELD_BANK:
		v = obj_int(a, f->field.bank_value);
		if (!v)
			return -ENOMEM;
		r = store_node(a, f->field.data, v);
		obj_put(a, v);
		if (r)
			return r;
		/* FALLTHROUGH */
	case FIELD_REGION:
		if (aml_node_type(f->field.region) != AML_REGION)
			return -EINVAL;
		return region_access(a, f->field.region, off, width, write, val);
	case FIELD_INDEX:
		v = obj_int(a, off);
		if (!v)
			return -ENOMEM;
		r = store_node(a, f->field.index, v);
		obj_put(a, v);
		if (r)
			return r;
		if (write) {
			v = obj_int(a, *val);
			if (!v)
				return -ENOMEM;
			r = store_node(a, f->field.data, v);
			obj_put(a, v);
			return r;
		}
		r = node_value(a, f->field.data, &v);
		if (r)
			return r;
		r = to_integer(a, v, val);
		obj_put(a, v);
		return r;
	}
	return -EINVAL;
}

static bool get_bit(const u8 *p, u64 i)
{
	return (p[i / 8] >> (i % 8)) & 1;
}

static void set_bit(u8 *p, u64 i, bool v)
{
	if (v)
		p[i / 8] |= (u8)(1u << (i % 8));
	else
		p[i / 8] &= (u8) ~(1u << (i % 8));
}

/* The field's bits as bytes: read (write false) or written from bits. */
static int field_bits(struct aml *a, struct aml_object *f, u8 *bits, bool write)
{
	u32 w = access_bytes(f->field.flags), wb = 8 * w;
	u64 start = f->field.bit_offset, end = start + f->field.bit_len;
	u8 rule = (f->field.flags >> 5) & 3;
	int r;

	for (u64 u = start / wb; u * wb < end; u++) {
		u64 lo = MAX(start, u * wb), hi = MIN(end, (u + 1) * wb), val = 0;

		if (!write || (hi - lo < wb && rule == 0)) {
			r = unit_access(a, f, u * w, w, false, &val);
			if (r)
				return r;
		} else if (rule == 1) {
			val = wb == 64 ? ~0ull : (1ull << wb) - 1;
		}
		for (u64 i = lo; i < hi; i++) {
			u64 ub = i - u * wb;

			if (write) {
				if (get_bit(bits, i - start))
					val |= 1ull << ub;
				else
					val &= ~(1ull << ub);
			} else {
				set_bit(bits, i - start, (val >> ub) & 1);
			}
		}
		if (write) {
			r = unit_access(a, f, u * w, w, true, &val);
			if (r)
				return r;
		}
	}
	return 0;
}

/* Bits as the value of a field: an Integer when it fits, else a Buffer. */
static struct aml_object *bits_value(struct aml *a, const u8 *bits, u32 nbits, bool as_buffer)
{
	u32 nbytes = (nbits + 7) / 8;
	u64 v = 0;

	if (as_buffer || nbits > 8u * (u32)a->int_bytes)
		return obj_buffer(a, bits, nbytes);
	for (u32 i = 0; i < nbytes; i++)
		v |= (u64)bits[i] << (8 * i);
	return obj_int(a, v);
}

static u32 field_width(const struct aml_object *f)
{
	return f->type == AML_FIELD_UNIT ? f->field.bit_len : f->bfield.bit_len;
}

int field_read(struct aml *a, struct aml_object *f, struct aml_object **out)
{
	u32 nbits = field_width(f), nbytes = (nbits + 7) / 8;
	u8 small[16], *bits = nbytes <= sizeof(small) ? small : NULL;
	int r = 0;

	*out = NULL;
	if (nbytes > AML_MAX_OBJECT_SIZE)
		return -E2BIG;
	if (!bits)
		bits = aml_alloc(a, nbytes);
	if (!bits)
		return -ENOMEM;
	memset(bits, 0, nbytes);
	if (f->type == AML_BUFFER_FIELD) {
		struct aml_object *b = f->bfield.buffer;

		if ((u64)f->bfield.bit_offset + nbits > (u64)b->buf.len * 8) {
			r = -ERANGE;
			goto out;
		}
		for (u32 i = 0; i < nbits; i++)
			set_bit(bits, i, get_bit(b->buf.data, (u64)f->bfield.bit_offset + i));
	} else {
		r = field_bits(a, f, bits, false);
		if (r)
			goto out;
	}
	*out = bits_value(a, bits, nbits, f->type == AML_BUFFER_FIELD && f->bfield.as_buffer);
	if (!*out)
		r = -ENOMEM;
out:
	if (bits != small)
		aml_free(a, bits);
	return r;
}

int field_write(struct aml *a, struct aml_object *f, struct aml_object *v)
{
	u32 nbits = field_width(f), nbytes = (nbits + 7) / 8;
	u8 small[16], *bits = nbytes <= sizeof(small) ? small : NULL;
	const u8 *src;
	u32 srclen;
	u8 ib[8];
	int r = 0;

	if (nbytes > AML_MAX_OBJECT_SIZE)
		return -E2BIG;
	if (v->type == AML_INTEGER) {
		for (int i = 0; i < 8; i++)
			ib[i] = (u8)(v->integer >> (8 * i));
		src = ib;
		srclen = (u32)a->int_bytes;
	} else if (v->type == AML_BUFFER || v->type == AML_STRING) {
		src = aml_object_data(v, &srclen);
	} else {
		aml_log(a, 1, "aml: cannot write a %s to a field", aml_type_name(v->type));
		return -EINVAL;
	}
	if (!bits)
		bits = aml_alloc(a, nbytes);
	if (!bits)
		return -ENOMEM;
	memset(bits, 0, nbytes);
	memcpy(bits, src, MIN(srclen, nbytes));
	if (nbits % 8)
		bits[nbytes - 1] &= (u8)((1u << (nbits % 8)) - 1);
	if (f->type == AML_BUFFER_FIELD) {
		struct aml_object *b = f->bfield.buffer;

		if ((u64)f->bfield.bit_offset + nbits > (u64)b->buf.len * 8) {
			r = -ERANGE;
			goto out;
		}
		for (u32 i = 0; i < nbits; i++)
			set_bit(b->buf.data, (u64)f->bfield.bit_offset + i, get_bit(bits, i));
	} else {
		r = field_bits(a, f, bits, true);
	}
out:
	if (bits != small)
		aml_free(a, bits);
	return r;
}
