/*
 * hello: the sample module. It claims BOOT_ALWAYS, so the kernel starts it
 * at boot whether it is built in or a .ko in the ramdisk, and logs on its
 * load and unload events. hello_load_count() tells how many load events
 * this copy of the module has seen (always 1 for a running module).
 */
#include <loom/module.h>
#include <loom/printk.h>

static int loads;

int hello_load_count(void)
{
	return loads;
}
EXPORT_SYMBOL(hello_load_count);

static int hello_event(const struct module_event *ev)
{
	switch (ev->type) {
	case MODULE_EVENT_LOAD:
		loads++;
		pr_info("hello: hello from a module (load event %d)", loads);
		return 0;
	case MODULE_EVENT_UNLOAD: pr_info("hello: goodbye"); return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "Sample module: logs on load and unload", "1.0", "MIT",
	    "BOOT_ALWAYS", hello_event);
