/*
 * The ACPI namespace at boot: load the DSDT (from the FADT) and every SSDT
 * into the AML interpreter, run _STA/_INI, and announce each present device
 * that has a _HID or _CID to the module core, its types being those ids
 * ("PNP0A08;PNP0A03"). dev->data[0] is the first fixed memory range of its
 * _CRS (mapped uncached; 0 if none), data[1] its namespace node. Runs once
 * on the boot CPU; the namespace is read-only afterwards (/dev/acpi_namespace
 * lists it without running AML).
 */
#include <loom/acpi.h>
#include <loom/devfs.h>
#include <loom/errno.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include "internal.h"

#define MAX_IDS 8

struct acpi_dev {
	struct device dev;
	struct aml_node *node;
	u64 sta;
	bool announced, has_res;
	struct acpi_resources res; /* its _CRS, when has_res */
};

static struct aml *ns;
static struct acpi_dev *devs;
static u32 nr_devs;
static struct acpi_namespace_stats stats;

const struct acpi_header *acpi_dsdt(void)
{
	const struct acpi_header *fadt = acpi_find_table("FACP", 0);
	u64 x = 0;
	u32 d = 0;

	if (!fadt) {
		pr_warn("acpi: no FADT: no namespace");
		return NULL;
	}
	if (fadt->length >= 148)
		memcpy(&x, (const u8 *)fadt + 140, 8);
	if (fadt->length >= 44)
		memcpy(&d, (const u8 *)fadt + 40, 4);
	if (!x && !d) {
		pr_warn("acpi: the FADT gives no DSDT: no namespace");
		return NULL;
	}
	return acpi_map_table(x ? x : d);
}

static void load(const struct acpi_header *t)
{
	int r;

	if (!t)
		return;
	r = aml_load_table(ns, t, t->length);
	stats.tables++;
	if (r)
		pr_warn("acpi: %.4s (%.8s) loaded with errors: %s", t->signature, t->oem_table_id,
			errno_name(-r));
}

static bool device_like(struct aml_node *n)
{
	enum aml_type t = aml_node_type(n);

	return t == AML_DEVICE || t == AML_PROCESSOR || t == AML_THERMAL;
}

/* Calls fn for every device-like node whose parents are present or
 * functioning, parents first. */
static void walk(struct aml_node *n, void (*fn)(struct aml_node *d, u64 sta))
{
	for (struct aml_node *c = aml_node_child(n); c; c = aml_node_next(c)) {
		u64 sta = 0x0f;

		if (device_like(c)) {
			if (aml_device_status(ns, c, &sta))
				continue;
			fn(c, sta);
			if (!(sta & 0x9))
				continue;
		}
		walk(c, fn);
	}
}

/* Decode the device's own _CRS into a->res (a->has_res): 0, or -ENOENT
 * when it has none, -EINVAL (logged) when it is not a resource template. */
static int read_crs(struct acpi_dev *a, const char *path)
{
	struct aml_node *n = aml_lookup(ns, a->node, "_CRS");
	struct aml_object *o = NULL;
	const u8 *p;
	u32 size = 0;
	int err;

	if (!n || aml_node_parent(n) != a->node)
		return -ENOENT;
	if (aml_evaluate(ns, n, NULL, 0, &o)) {
		pr_warn("acpi: %s: _CRS failed: no resources", path);
		return -EINVAL;
	}
	p = aml_object_type(o) == AML_BUFFER ? aml_object_data(o, &size) : NULL;
	err = p ? acpi_resources_parse(p, size, &a->res) : -EINVAL;
	aml_object_put(ns, o);
	if (err) {
		pr_warn("acpi: %s: _CRS is not a valid resource template: no resources", path);
		return err;
	}
	if (a->res.dropped)
		pr_warn("acpi: %s: _CRS has more than %d ranges of a kind: %u left out", path,
			ACPI_RES_MAX, a->res.dropped);
	a->has_res = true;
	return 0;
}

/* Room for one more device: the array doubles (before any is announced). */
static struct acpi_dev *new_dev(void)
{
	static u32 cap;

	if (nr_devs == cap) {
		u32 ncap = cap ? 2 * cap : 32;
		struct acpi_dev *n = kzalloc(ncap * sizeof(*n));

		if (!n)
			return NULL;
		if (devs)
			memcpy(n, devs, nr_devs * sizeof(*n));
		kfree(devs);
		devs = n;
		cap = ncap;
	}
	return &devs[nr_devs++];
}

static void add_one(struct aml_node *d, u64 sta)
{
	char ids[MAX_IDS][AML_ID_LEN];
	struct acpi_dev *a;
	char path[96];
	size_t used = 0;
	int n;

	stats.devices++;
	if (sta & 1)
		stats.present++;
	aml_node_path(d, path, sizeof(path));
	a = new_dev();
	if (!a) {
		pr_warn("acpi: out of memory: %s not announced", path);
		return;
	}
	a->node = d;
	a->sta = sta;
	strlcpy(a->dev.name, path, sizeof(a->dev.name));
	n = aml_device_ids(ns, d, ids, MAX_IDS);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(ids[i]);

		if (used + l + (used ? 1 : 0) >= sizeof(a->dev.types))
			break;
		if (used)
			a->dev.types[used++] = ';';
		memcpy(a->dev.types + used, ids[i], l + 1);
		used += l;
	}
	a->dev.data[1] = (u64)(uintptr_t)d;
	if (!(sta & 1) || !used)
		return;
	if (!read_crs(a, path) && a->res.nr_mem) {
		u64 base = a->res.mem[0].base, len = a->res.mem[0].len;

		if (mmio_map_uc(base, MIN(len, 0x10000ull)) == 0)
			a->dev.data[0] = base;
	}
	a->announced = true;
}

void acpi_namespace_init(void)
{
	const struct acpi_header *t;
	u64 t0 = clock_ns(), t1, t2;

	ns = aml_create(&acpi_aml_ops, NULL);
	if (!ns) {
		pr_err("acpi: out of memory for the namespace");
		return;
	}
	load(acpi_dsdt());
	for (int i = 0; (t = acpi_find_table("SSDT", i)); i++)
		load(t);
	t1 = clock_ns();
	stats.ini = (u32)aml_initialize(ns);
	t2 = clock_ns();
	walk(aml_root(ns), add_one);
	stats.objects = aml_object_count(ns);
	stats.load_ns = t1 - t0;
	stats.init_ns = t2 - t1;
	pr_info("acpi: namespace: %u tables, %u objects, %u devices (%u present), %u _INI run; "
		"loaded in %llu.%03llu ms, _STA/_INI %llu.%03llu ms",
		stats.tables, stats.objects, stats.devices, stats.present, stats.ini,
		(unsigned long long)(stats.load_ns / 1000000),
		(unsigned long long)(stats.load_ns / 1000 % 1000),
		(unsigned long long)(stats.init_ns / 1000000),
		(unsigned long long)(stats.init_ns / 1000 % 1000));
	for (u32 i = 0; i < nr_devs; i++) {
		if (!devs[i].announced)
			continue;
		stats.announced++;
		device_announce(&devs[i].dev);
	}
	acpi_namespace_devfs_init();
}

bool acpi_namespace_announced(const char *type)
{
	for (u32 i = 0; i < nr_devs; i++)
		if (devs[i].announced && strlist_has(devs[i].dev.types, ';', type))
			return true;
	return false;
}

const struct acpi_namespace_stats *acpi_namespace_stats(void)
{
	return ns ? &stats : NULL;
}

struct aml *acpi_namespace(void)
{
	return ns;
}

int acpi_namespace_device(u32 i, const struct device **dev, u64 *sta)
{
	if (i >= nr_devs)
		return -ENOENT;
	*dev = &devs[i].dev;
	*sta = devs[i].sta;
	return devs[i].announced ? 1 : 0;
}

int acpi_device_resources(const struct device *dev, struct acpi_resources *r)
{
	for (u32 i = 0; i < nr_devs; i++) {
		if (&devs[i].dev != dev)
			continue;
		if (!devs[i].has_res)
			return -ENOENT;
		*r = devs[i].res;
		return 0;
	}
	return -ENODEV;
}
EXPORT_SYMBOL(acpi_device_resources);
EXPORT_SYMBOL(acpi_namespace_device);
