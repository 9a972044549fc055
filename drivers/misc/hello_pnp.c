/*
 * hello_pnp: a sample module for ACPI devices. It claims the parallel
 * port (PNP0400) and serial ports (PNP0501) that the ACPI namespace
 * announces, and nothing at boot: as a .ko it is loaded only because such a
 * device was announced. It counts and logs its ATTACH/DETACH events.
 */
#include <loom/module.h>
#include <loom/printk.h>

static int attached;

int hello_pnp_attached(void)
{
	return attached;
}
EXPORT_SYMBOL(hello_pnp_attached);

static int pnp_event(const struct module_event *ev)
{
	switch (ev->type) {
	case MODULE_EVENT_ATTACH:
		attached++;
		pr_info("hello_pnp: attached to %s (%s)", ev->dev->name, ev->dev->types);
		return 0;
	case MODULE_EVENT_DETACH:
		attached--;
		pr_info("hello_pnp: detached from %s", ev->dev->name);
		return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "Sample module for ACPI devices (parallel, serial)", "1.0", "MIT",
	    "PNP0400;PNP0501", pnp_event);
