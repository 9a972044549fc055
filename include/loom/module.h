/*
 * Modules and devices (kernel/module/). A driver declares itself once with
 * MODULE_INFO(); whether Kconfig builds it in (y) or as a .ko (m) changes
 * nothing in its code. The module core delivers the same events either way:
 * LOAD when it starts, ATTACH/DETACH for each announced device whose type
 * the module claims, UNLOAD before it goes. Device types are strings:
 * "BOOT_ALWAYS" (load at boot), ACPI ids ("PNP0303"), PCI ids
 * ("pci:8086:100e") and classes ("pci-class:0200"). A module claims types
 * in a ';'-separated list. EXPORT_SYMBOL(sym) makes a kernel or module
 * symbol available to modules; nothing else is.
 */
#ifndef LOOM_MODULE_H
#define LOOM_MODULE_H

#include <loom/compiler.h>
#include <loom/types.h>
#include <uapi/loom/errno.h>

struct device {
	char types[64];	       /* what it is, ";"-separated: "pci:8086:100e;pci-class:0200" */
	char name[32];	       /* where it is: "pci0000:00:02.0"               */
	u64 data[2];	       /* bus-specific: PCI address, ACPI handle ...    */
	struct module *driver; /* owned by the module core          */
	struct device *next;   /* owned by the module core          */
};

enum module_event_type {
	MODULE_EVENT_LOAD,
	MODULE_EVENT_UNLOAD,
	MODULE_EVENT_ATTACH,
	MODULE_EVENT_DETACH,
};

struct module_event {
	enum module_event_type type;
	struct device *dev; /* ATTACH, DETACH */
};

/* Returns 0, or a negative errno: a failed LOAD means the module is
 * unloaded again; a failed ATTACH leaves the device unclaimed. */
typedef int (*module_event_fn)(const struct module_event *ev);

struct module_info {
	const char *name; /* KBUILD_MODNAME */
	const char *author;
	const char *description;
	const char *version;
	const char *license;
	const char *devices; /* ';'-separated device types */
	module_event_fn event;
};

/*
 * Declare the module. The struct goes to .module_info (collected by the
 * kernel link for built-in drivers, found by the loader in a .ko); the
 * strings also go to .modinfo, which the kernel reads from a .ko without
 * loading it to know what it claims.
 */
#define MODULE_INFO(_author, _desc, _version, _license, _devices, _event)              \
	static const struct module_info __module_info __used __section(".module_info") \
		__aligned(8) = {                                                       \
			.name = KBUILD_MODNAME,                                        \
			.author = _author,                                             \
			.description = _desc,                                          \
			.version = _version,                                           \
			.license = _license,                                           \
			.devices = _devices,                                           \
			.event = _event,                                               \
		};                                                                     \
	static const char __modinfo[] __used __section(".modinfo") __aligned(1) =      \
		"name=" KBUILD_MODNAME "\0version=" _version "\0license=" _license     \
		"\0devices=" _devices "\0author=" _author "\0description=" _desc

struct kernel_symbol {
	u64 addr;
	const char *name;
};

#define EXPORT_SYMBOL(sym)                                                                   \
	static const struct kernel_symbol __export_##sym __used __section(".export_symbols") \
		__aligned(8) = { (u64)(uintptr_t)&sym, #sym }

/* Announce a device: the module that claims its type gets ATTACH (a .ko
 * that claims it is loaded first). The device must stay valid. */
void device_announce(struct device *dev);
/* Modules and devices at boot: built-in BOOT_ALWAYS modules first (the
 * consoles among them), then, once memory and the ramdisk are there,
 * every .ko that claims BOOT_ALWAYS or an announced device. */
void modules_init_builtin(void);
#ifdef CONFIG_MODULES
void modules_autoload(void);
#endif

/* Is a module of that name loaded (built in or .ko)? */
bool module_loaded(const char *name);
/* A loaded module as module_for_each shows it (valid during the call). */
struct module_desc {
	const char *name, *version;
	bool builtin;
	int users; /* loaded modules that depend on it */
	u32 nr_deps;
	const char *deps[8]; /* names of the modules it depends on */
};
/* Call fn for each loaded module, newest first, until it returns non-zero
 * (returned). The caller serializes with module_load/module_unload. */
int module_for_each(int (*fn)(const struct module_desc *m, void *arg), void *arg);

/* Exported kernel symbol by name, or 0. */
u64 kernel_export_lookup(const char *name);

#ifdef CONFIG_MODULES
/* Load a module (and what it needs) from the ramdisk's kernel/modules/.
 * 0 or a negative errno; the log says why. */
int module_load(const char *name);
/* Load a module from an image in memory (depth: dependency nesting, 0). */
int module_load_image(const char *name, const void *image, u64 size, int depth);
/* Unload: -EBUSY while another module uses it, -EPERM when built in,
 * -ENOSYS without CONFIG_MODULE_UNLOAD. */
int module_unload(const char *name);
/* The function containing addr in a loaded module (for backtraces). */
const char *module_symbolize(u64 addr, u64 *offset, u64 *size, const char **modname);
/* An exported symbol of the kernel or of a loaded module, or 0. */
u64 module_export_lookup(const char *name);
#else
static inline int module_load(const char *name)
{
	return -ENOSYS;
}
static inline int module_unload(const char *name)
{
	return -ENOSYS;
}
static inline const char *module_symbolize(u64 addr, u64 *offset, u64 *size, const char **modname)
{
	return NULL;
}
static inline u64 module_export_lookup(const char *name)
{
	return kernel_export_lookup(name);
}
static inline void modules_autoload(void)
{
}
#endif

#endif
