/*
 * Private to kernel/module/. Locking: modules and devices are changed only
 * from boot code and (later) from process context under the module core's
 * serialization; there is no concurrency before the scheduler exists.
 */
#ifndef KERNEL_MODULE_INTERNAL_H
#define KERNEL_MODULE_INTERNAL_H

#include <loom/modelf.h>
#include <loom/module.h>

#define MODULE_MAX_DEPS 8

struct module {
	const struct module_info *info;
	char name[32];
	char version[16];
	bool builtin;
	int users; /* loaded modules that depend on this one */
	struct module *deps[MODULE_MAX_DEPS];
	u32 nr_deps;
	struct modelf elf; /* .ko only */
	struct module *next;
};

extern struct module *module_list;

struct module *module_find(const char *name);
/* Deliver an event, logging a failure. */
int module_event(struct module *m, enum module_event_type type, struct device *dev);
/* Does the ';'-separated list claim type? */
bool devices_claim(const char *list, const char *type);
/* Offer every announced, unclaimed device to module m. */
void module_attach_devices(struct module *m);
/* DETACH every device module m drives. */
void module_detach_devices(struct module *m);

/* loader.c (CONFIG_MODULES): the ramdisk's .ko claiming one of the
 * ';'-separated device types. */
#ifdef CONFIG_MODULES
const char *ko_claiming(const char *types);
#else
static inline const char *ko_claiming(const char *types)
{
	return NULL;
}
#endif

#endif
