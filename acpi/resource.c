/*
 * ACPI resource templates (the buffer a device's _CRS returns) decoded into
 * struct acpi_resources: IRQ (small 0x22/0x23), Extended IRQ (large 0x89),
 * I/O (0x47), Fixed I/O (0x4b), 32-bit memory (0x85, 0x86); other
 * descriptors are stepped over. Pure: no allocation, no state; a buffer
 * that is truncated, has a descriptor too short for its type or lacks the
 * end tag is refused whole. Host-tested (tests/host/test_acpi_resource.c).
 */
#include <loom/acpi.h>
#include <loom/string.h>
#include <loom/unaligned.h>
#include <uapi/loom/errno.h>

#define SMALL_IRQ	0x04
#define SMALL_DMA	0x05
#define SMALL_IO	0x08
#define SMALL_FIXED_IO	0x09
#define SMALL_END	0x0f
#define LARGE_MEMORY32	0x05
#define LARGE_FIXED_M32 0x06
#define LARGE_EXT_IRQ	0x09

/* Is there room for one more of a kind that has n? Else one more dropped. */
static bool room(struct acpi_resources *r, u32 n)
{
	if (n < ACPI_RES_MAX)
		return true;
	r->dropped++;
	return false;
}

static void add_irq(struct acpi_resources *r, u32 irq, u8 flags)
{
	if (room(r, r->nr_irqs)) {
		r->irq[r->nr_irqs].irq = irq;
		r->irq[r->nr_irqs++].flags = flags;
	}
}

static void add_io(struct acpi_resources *r, u16 base, u16 len)
{
	if (room(r, r->nr_io)) {
		r->io[r->nr_io].base = base;
		r->io[r->nr_io++].len = len;
	}
}

static void add_mem(struct acpi_resources *r, u64 base, u64 len)
{
	if (room(r, r->nr_mem)) {
		r->mem[r->nr_mem].base = base;
		r->mem[r->nr_mem++].len = len;
	}
}

/* A small descriptor: d[0] is the tag, len the bytes after it. */
static int small(struct acpi_resources *r, u8 type, const u8 *d, u32 len)
{
	switch (type) {
	case SMALL_IRQ: {
		u8 flags = ACPI_IRQ_ISA; /* 2 bytes: edge, active high, exclusive */
		u16 mask;

		if (len != 2 && len != 3)
			return -EINVAL;
		mask = get_le16(d + 1);
		if (len == 3) {
			flags |= (d[3] & 0x01) ? 0 : ACPI_IRQ_LEVEL;
			flags |= (d[3] & 0x08) ? ACPI_IRQ_ACTIVE_LOW : 0;
			flags |= (d[3] & 0x10) ? ACPI_IRQ_SHARED : 0;
		}
		for (u32 i = 0; i < 16; i++)
			if (mask & (1u << i))
				add_irq(r, i, flags);
		return 0;
	}
	case SMALL_IO:
		if (len != 7)
			return -EINVAL;
		if (d[7])
			add_io(r, get_le16(d + 2), d[7]);
		return 0;
	case SMALL_FIXED_IO:
		if (len != 3)
			return -EINVAL;
		if (d[3])
			add_io(r, get_le16(d + 1) & 0x3ff, d[3]);
		return 0;
	default: return 0; /* DMA, dependent functions, vendor: not used */
	}
}

/* A large descriptor: d[0] is the tag, d[1..2] len, the data follows. */
static int large(struct acpi_resources *r, u8 type, const u8 *d, u32 len)
{
	switch (type) {
	case LARGE_FIXED_M32:
		if (len != 9)
			return -EINVAL;
		if (get_le32(d + 8))
			add_mem(r, get_le32(d + 4), get_le32(d + 8));
		return 0;
	case LARGE_MEMORY32:
		if (len != 17)
			return -EINVAL;
		if (get_le32(d + 16))
			add_mem(r, get_le32(d + 4), get_le32(d + 16));
		return 0;
	case LARGE_EXT_IRQ: {
		u8 info, n, flags;

		if (len < 6)
			return -EINVAL;
		info = d[3];
		n = d[4];
		if (!n || 2u + 4u * n > len)
			return -EINVAL;
		if (!(info & 0x01))
			return 0; /* a producer: the interrupts are not the device's own */
		flags = (info & 0x02 ? 0 : ACPI_IRQ_LEVEL) |
			(info & 0x04 ? ACPI_IRQ_ACTIVE_LOW : 0) |
			(info & 0x08 ? ACPI_IRQ_SHARED : 0);
		for (u32 i = 0; i < n; i++)
			add_irq(r, get_le32(d + 5 + 4 * i), flags);
		return 0;
	}
	default: return 0;
	}
}

int acpi_resources_parse(const void *buf, u32 size, struct acpi_resources *r)
{
	const u8 *p = buf;
	u32 i = 0;
	int err;

	memset(r, 0, sizeof(*r));
	while (i < size) {
		u32 len;

		if (p[i] & 0x80) {
			if (size - i < 3)
				return -EINVAL;
			len = get_le16(p + i + 1);
			if (size - i - 3 < len)
				return -EINVAL;
			err = large(r, p[i] & 0x7f, p + i, len);
			i += 3 + len;
		} else {
			u8 type = (p[i] >> 3) & 0xf;

			len = p[i] & 7;
			if (size - i - 1 < len)
				return -EINVAL;
			if (type == SMALL_END)
				return len == 1 ? 0 : -EINVAL;
			err = small(r, type, p + i, len);
			i += 1 + len;
		}
		if (err)
			return err;
	}
	return -EINVAL; /* no end tag */
}
