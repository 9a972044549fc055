/*
 * The module core, built in every configuration: the list of modules
 * (built-in drivers registered from .module_info, and loaded .ko files), the
 * device registry, event delivery and the kernel's export table. A built-in
 * driver goes through exactly the same events as a loaded one.
 */
#include <loom/errno.h>
#include <loom/printk.h>
#include <loom/string.h>
#include "internal.h"

extern const struct module_info __module_info_start[], __module_info_end[];
extern const struct kernel_symbol __export_symbols_start[], __export_symbols_end[];

#define MAX_BUILTIN 64
static struct module builtin[MAX_BUILTIN];
struct module *module_list;
static struct device *devices;

struct module *module_find(const char *name)
{
	for (struct module *m = module_list; m; m = m->next)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

bool module_loaded(const char *name)
{
	return module_find(name) != NULL;
}
EXPORT_SYMBOL(module_loaded);

int module_for_each(int (*fn)(const struct module_desc *m, void *arg), void *arg)
{
	struct module_desc d;
	int r;

	for (struct module *m = module_list; m; m = m->next) {
		d.name = m->name;
		d.version = m->version;
		d.builtin = m->builtin;
		d.users = m->users;
		d.nr_deps = MIN(m->nr_deps, (u32)ARRAY_SIZE(d.deps));
		for (u32 i = 0; i < d.nr_deps; i++)
			d.deps[i] = m->deps[i]->name;
		r = fn(&d, arg);
		if (r)
			return r;
	}
	return 0;
}

bool devices_claim(const char *list, const char *type)
{
	return strlist_has(list, ';', type);
}

int module_event(struct module *m, enum module_event_type type, struct device *dev)
{
	static const char *const names[] = { "load", "unload", "attach", "detach" };
	struct module_event ev = { type, dev };
	int err;

	if (!m->info->event)
		return 0;
	err = m->info->event(&ev);
	if (err == -ENODEV && type == MODULE_EVENT_LOAD)
		pr_info("module: %s: no device to drive here; not started", m->name);
	else if (err)
		pr_err("module: %s: %s event%s%s failed: %s", m->name, names[type],
		       dev ? " for " : "", dev ? dev->name : "", errno_name(-err));
	return err;
}

/* Does the module claim any of the device's types? */
static bool claims(const struct module *m, const struct device *d)
{
	return strlist_intersects(d->types, m->info->devices, ';');
}

static void attach(struct module *m, struct device *d)
{
	if (d->driver || !claims(m, d))
		return;
	d->driver = m;
	if (module_event(m, MODULE_EVENT_ATTACH, d))
		d->driver = NULL;
	else
		pr_info("device: %s (%s) attached to %s", d->name, d->types, m->name);
}

void module_attach_devices(struct module *m)
{
	for (struct device *d = devices; d; d = d->next)
		attach(m, d);
}

void module_detach_devices(struct module *m)
{
	for (struct device *d = devices; d; d = d->next) {
		if (d->driver == m) {
			module_event(m, MODULE_EVENT_DETACH, d);
			d->driver = NULL;
		}
	}
}

void device_announce(struct device *dev)
{
	const char *ko;

	dev->driver = NULL;
	dev->next = devices;
	devices = dev;
	for (struct module *m = module_list; m && !dev->driver; m = m->next)
		attach(m, dev);
	if (dev->driver || !IS_ENABLED(CONFIG_MODULES))
		return;
	ko = ko_claiming(dev->types);
	if (ko && module_load(ko) == 0 && !dev->driver)
		pr_warn("device: %s (%s): module %s loaded but did not attach", dev->name,
			dev->types, ko);
}
EXPORT_SYMBOL(device_announce);

void modules_init_builtin(void)
{
	u32 n = 0;

	for (const struct module_info *i = __module_info_start; i < __module_info_end; i++) {
		struct module *m;

		if (n == MAX_BUILTIN) {
			pr_err("module: more than %d built-in modules; %s ignored", MAX_BUILTIN,
			       i->name);
			continue;
		}
		m = &builtin[n++];
		m->info = i;
		m->builtin = true;
		strlcpy(m->name, i->name, sizeof(m->name));
		strlcpy(m->version, i->version, sizeof(m->version));
		if (!devices_claim(i->devices, "BOOT_ALWAYS"))
			continue; /* started when one of its devices appears */
		if (module_event(m, MODULE_EVENT_LOAD, NULL))
			continue;
		m->next = module_list;
		module_list = m;
		pr_info("module: loaded %s %s (built in)", m->name, m->version);
	}
	/* Built-in drivers of devices: listed, started on their first device. */
	for (u32 k = 0; k < n; k++) {
		struct module *m = &builtin[k];

		if (devices_claim(m->info->devices, "BOOT_ALWAYS"))
			continue;
		if (module_event(m, MODULE_EVENT_LOAD, NULL) == 0) {
			m->next = module_list;
			module_list = m;
			pr_info("module: loaded %s %s (built in)", m->name, m->version);
		}
	}
}

u64 kernel_export_lookup(const char *name)
{
	for (const struct kernel_symbol *s = __export_symbols_start; s < __export_symbols_end; s++)
		if (!strcmp(s->name, name))
			return s->addr;
	return 0;
}
