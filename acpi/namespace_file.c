/*
 * /dev/acpi_namespace: the ACPI namespace as text, one object a line in
 * definition order, "PATH TYPE" and for devices their _STA at boot and
 * ids ("\_SB.PCI0 Device sta=0x0f ids=PNP0A08;PNP0A03"). Made once at the
 * first read (the namespace does not change after boot) and kept; no AML
 * runs. Reads are serialized by vfs_lock (the ops are not FOPS_UNLOCKED).
 */
#include <loom/acpi.h>
#include <loom/aml.h>
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>

static const char *const type_names[] = {
	[AML_UNINIT] = "Uninitialized",
	[AML_INTEGER] = "Integer",
	[AML_STRING] = "String",
	[AML_BUFFER] = "Buffer",
	[AML_PACKAGE] = "Package",
	[AML_FIELD_UNIT] = "Field",
	[AML_DEVICE] = "Device",
	[AML_EVENT] = "Event",
	[AML_METHOD] = "Method",
	[AML_MUTEX] = "Mutex",
	[AML_REGION] = "Region",
	[AML_POWER] = "PowerResource",
	[AML_PROCESSOR] = "Processor",
	[AML_THERMAL] = "ThermalZone",
	[AML_BUFFER_FIELD] = "BufferField",
	[AML_REFERENCE] = "Reference",
	[AML_SCOPE] = "Scope",
	[AML_ALIAS] = "Alias",
};

struct text {
	char *buf; /* NULL: measuring */
	size_t len, cap;
};

static char *listing;
static size_t listing_len;

static void emit(struct text *t, const char *s, size_t n)
{
	if (t->buf && t->len + n <= t->cap)
		memcpy(t->buf + t->len, s, n);
	t->len += n;
}

static void list_node(struct text *t, struct aml_node *n)
{
	enum aml_type type = aml_node_type(n);
	const struct device *dev;
	char line[192];
	size_t l;
	u64 sta;

	l = aml_node_path(n, line, sizeof(line));
	l = MIN(l, sizeof(line) - 1);
	l += (size_t)snprintf(line + l, sizeof(line) - l, " %s",
			      type < ARRAY_SIZE(type_names) && type_names[type] ? type_names[type]
										: "Unknown");
	for (u32 i = 0; l < sizeof(line) && acpi_namespace_device(i, &dev, &sta) >= 0; i++) {
		if (dev->data[1] != (u64)(uintptr_t)n)
			continue;
		l += (size_t)snprintf(line + l, sizeof(line) - l, " sta=0x%02llx",
				      (unsigned long long)sta);
		if (dev->types[0] && l < sizeof(line))
			l += (size_t)snprintf(line + l, sizeof(line) - l, " ids=%s", dev->types);
		break;
	}
	l = MIN(l, sizeof(line) - 2);
	line[l++] = '\n';
	emit(t, line, l);
	for (struct aml_node *c = aml_node_child(n); c; c = aml_node_next(c))
		list_node(t, c);
}

static int build(void)
{
	struct aml *ns = acpi_namespace();
	struct text t = { NULL, 0, 0 };
	struct aml_node *root;

	if (!ns)
		return -ENODEV;
	root = aml_root(ns);
	for (struct aml_node *c = aml_node_child(root); c; c = aml_node_next(c))
		list_node(&t, c);
	t.cap = t.len;
	t.buf = kmalloc(t.cap + 1);
	if (!t.buf)
		return -ENOMEM;
	t.len = 0;
	for (struct aml_node *c = aml_node_child(root); c; c = aml_node_next(c))
		list_node(&t, c);
	listing = t.buf;
	listing_len = t.len;
	return 0;
}

static ssize_t ns_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	ssize_t r = 0;

	if (!listing) {
		int err = build();

		if (err)
			return err;
	}
	if (*pos < listing_len) {
		r = (ssize_t)MIN(n, listing_len - *pos);
		memcpy(buf, listing + *pos, (size_t)r);
		*pos += (u64)r;
	}
	return r;
}

static const struct file_ops ns_ops = {
	.open = vfs_nop_open,
	.release = vfs_nop_release,
	.read = ns_read,
	.write = vfs_no_write,
	.seek = vfs_generic_seek,
	.readdir = vfs_no_readdir,
	.poll = vfs_poll_ready,
};

void acpi_namespace_devfs_init(void)
{
	int r = devfs_register("acpi_namespace", &ns_ops, NULL, 0444);

	if (r)
		pr_warn("acpi: /dev/acpi_namespace: %s", errno_name(-r));
}
