/*
 * The ACPI namespace QEMU's firmware gives (pc and q35): \_SB.PCI0 is a
 * PCI host bridge, the keyboard controller (PNP0303), a serial port
 * (PNP0501) and the HPET (PNP0103) are present and were announced once,
 * the HPET works from its _CRS address, hello_pnp (when configured) got
 * its devices, methods can be evaluated again after boot, and
 * /dev/acpi_namespace lists the devices with their ids.
 */
#include <loom/acpi.h>
#include <loom/aml.h>
#include <loom/errno.h>
#include <loom/ktest.h>
#include <loom/module.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/time.h>
#include <loom/path.h>
#include <loom/vfs.h>

/* Present devices with this id, and how many of them were announced. */
static u32 with_id(const char *id, u32 *announced)
{
	const struct device *dev;
	u32 n = 0;
	u64 sta;
	int r;

	*announced = 0;
	for (u32 i = 0; (r = acpi_namespace_device(i, &dev, &sta)) >= 0; i++) {
		if (!(sta & 1) || !strlist_has(dev->types, ';', id))
			continue;
		n++;
		*announced += r == 1;
	}
	return n;
}

static void summary(struct ktest *t)
{
	const struct acpi_namespace_stats *s = acpi_namespace_stats();

	KASSERT_TRUE(t, s != NULL);
	KEXPECT_TRUE(t, s->tables >= 1);
	KEXPECT_TRUE(t, s->objects > 200);
	KEXPECT_TRUE(t, s->devices >= 20);
	KEXPECT_TRUE(t, s->present > 10 && s->present <= s->devices);
	KEXPECT_TRUE(t, s->announced > 10);
	KEXPECT_TRUE(t, s->load_ns > 0 && s->load_ns < 2000000000ull);
	KEXPECT_TRUE(t, s->init_ns > 0 && s->init_ns < 2000000000ull);
}

static void pci_host_bridge(struct ktest *t)
{
	struct aml *ns = acpi_namespace();
	struct aml_node *pci0;
	char ids[4][AML_ID_LEN];
	int n;

	KASSERT_TRUE(t, ns != NULL);
	pci0 = aml_lookup(ns, NULL, "\\_SB.PCI0");
	KASSERT_TRUE(t, pci0 != NULL);
	KEXPECT_EQ(t, aml_node_type(pci0), AML_DEVICE);
	n = aml_device_ids(ns, pci0, ids, 4);
	KASSERT_TRUE(t, n >= 1);
	/* pc: PNP0A03; q35: PNP0A08 with PNP0A03 as compatible id */
	KEXPECT_TRUE(t, !strcmp(ids[0], "PNP0A03") || !strcmp(ids[0], "PNP0A08"));
	KEXPECT_TRUE(t, !strcmp(ids[n - 1], "PNP0A03"));
}

static void pc_devices_announced(struct ktest *t)
{
	u32 ann;

	KEXPECT_EQ(t, with_id("PNP0303", &ann), 1);
	KEXPECT_EQ(t, ann, 1);
	KEXPECT_TRUE(t, with_id("PNP0501", &ann) >= 1);
	KEXPECT_TRUE(t, ann >= 1);
	KEXPECT_TRUE(t, with_id("PNP0B00", &ann) == 1); /* the RTC */
}

static void hpet_once(struct ktest *t)
{
	u32 ann;

	if (!IS_ENABLED(CONFIG_HPET))
		return ktest_skip(t, "needs CONFIG_HPET");
	KEXPECT_EQ(t, with_id("PNP0103", &ann), 1);
	KEXPECT_EQ(t, ann, 1);
	KEXPECT_TRUE(t, acpi_namespace_announced("PNP0103"));
	/* The driver ran on the namespace's announcement (the static table
	 * path stepped aside): the clock source is there. */
	KEXPECT_TRUE(t, clocksource_find("hpet", NULL) != NULL);
}

static void module_loaded_for_device(struct ktest *t)
{
	int (*attached)(void);

	if (!IS_ENABLED(CONFIG_SAMPLE_HELLO_PNP))
		return ktest_skip(t, "needs CONFIG_SAMPLE_HELLO_PNP");
	KASSERT_TRUE(t, module_loaded("hello_pnp"));
	attached = (int (*)(void))(uintptr_t)module_export_lookup("hello_pnp_attached");
	KASSERT_NE(t, (u64)(uintptr_t)attached, 0);
	/* The parallel port and the serial port(s). */
	KEXPECT_TRUE(t, attached() >= 2);
}

static void evaluate_after_boot(struct ktest *t)
{
	struct aml *ns = acpi_namespace();
	struct aml_node *n;
	u64 v = 1;

	KASSERT_TRUE(t, ns != NULL);
	KEXPECT_EQ(t, aml_eval_integer(ns, aml_lookup(ns, NULL, "\\_SB.PCI0"), "_ADR", &v), 0);
	KEXPECT_EQ(t, v, 0);
	KEXPECT_EQ(t, aml_eval_integer(ns, aml_root(ns), "\\_SB.NOPE", &v), -ENOENT);
	n = aml_lookup(ns, NULL, "\\_OSI");
	KASSERT_TRUE(t, n != NULL);
	{
		struct aml_object *arg = aml_object_new_string(ns, "Windows 2009"), *res = NULL;

		KASSERT_TRUE(t, arg != NULL);
		KEXPECT_EQ(t, aml_evaluate(ns, n, &arg, 1, &res), 0);
		KEXPECT_EQ(t, aml_object_integer(res) != 0, true);
		aml_object_put(ns, res);
		aml_object_put(ns, arg);
	}
}

static bool contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return true;
	return false;
}

static void devfs_listing(struct ktest *t)
{
	struct file *f = NULL;
	size_t cap = 64 * 1024, len = 0;
	char *buf;
	ssize_t r;

	if (!IS_ENABLED(CONFIG_ACPI_AML_DEVFS))
		return ktest_skip(t, "needs devfs");
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/acpi_namespace", PERM_READ, &f), 0);
	buf = kmalloc(cap);
	KASSERT_TRUE(t, buf != NULL);
	while (len < cap && (r = vfs_read(f, buf + len, cap - len)) > 0)
		len += (size_t)r;
	vfs_close(f);
	KEXPECT_TRUE(t, len > 1000 && len < cap);
	KEXPECT_TRUE(t, contains(buf, len, "\\_SB.PCI0 Device sta=0x0f ids=PNP0A0"));
	KEXPECT_TRUE(t, contains(buf, len, " ids=PNP0303\n"));
	KEXPECT_TRUE(t, contains(buf, len, "\\_SB.PCI0._CRS "));
	kfree(buf);
}

/* The first present device with this id, or NULL. */
static const struct device *first_with_id(const char *id)
{
	const struct device *dev;
	u64 sta;

	for (u32 i = 0; acpi_namespace_device(i, &dev, &sta) >= 0; i++)
		if ((sta & 1) && strlist_has(dev->types, ';', id))
			return dev;
	return NULL;
}

/* Resources from _CRS at boot: the keyboard's ports and ISA IRQ, the
 * mouse's IRQ, the HPET's registers; a device that is not ACPI's has none. */
static void device_resources(struct ktest *t)
{
	const struct device *kbd = first_with_id("PNP0303"), *mou = first_with_id("PNP0F13");
	const struct device *hpet = first_with_id("PNP0103");
	struct device other = { .types = "PNP0303" };
	struct acpi_resources r;

	KASSERT_TRUE(t, kbd && mou && hpet);
	KASSERT_EQ(t, acpi_device_resources(kbd, &r), 0);
	KEXPECT_EQ(t, r.nr_io, 2);
	KEXPECT_EQ(t, r.io[0].base, 0x60);
	KEXPECT_EQ(t, r.io[0].len, 1);
	KEXPECT_EQ(t, r.io[1].base, 0x64);
	KEXPECT_EQ(t, r.nr_irqs, 1);
	KEXPECT_EQ(t, r.irq[0].irq, 1);
	KEXPECT_EQ(t, r.irq[0].flags, ACPI_IRQ_ISA);
	KASSERT_EQ(t, acpi_device_resources(mou, &r), 0);
	KEXPECT_EQ(t, r.nr_irqs, 1);
	KEXPECT_EQ(t, r.irq[0].irq, 12);
	KEXPECT_EQ(t, r.nr_io, 0);
	KASSERT_EQ(t, acpi_device_resources(hpet, &r), 0);
	KEXPECT_EQ(t, r.nr_mem, 1);
	KEXPECT_EQ(t, r.mem[0].base, 0xfed00000);
	KEXPECT_EQ(t, r.mem[0].len, 0x400);
	KEXPECT_EQ(t, acpi_device_resources(&other, &r), -ENODEV);
}

KTEST_SUITE(acpi, KTEST_CASE(summary), KTEST_CASE(pci_host_bridge), KTEST_CASE(device_resources),
	    KTEST_CASE(pc_devices_announced), KTEST_CASE(hpet_once),
	    KTEST_CASE(module_loaded_for_device), KTEST_CASE(evaluate_after_boot),
	    KTEST_CASE(devfs_listing));
