/*
 * hello_friend: a sample module that uses hello's export, so it depends on
 * hello (scripts/modpost.py records it): loading it loads hello first, and
 * hello cannot be unloaded while hello_friend is loaded. It also claims the
 * PCI host bridge class (pci-class:0600, on every PC) to show device
 * events: it counts the ATTACH and DETACH events it gets.
 */
#include <loom/module.h>
#include <loom/printk.h>

int hello_load_count(void);

static int attached;

int hello_friend_attached(void)
{
	return attached;
}
EXPORT_SYMBOL(hello_friend_attached);

static int friend_event(const struct module_event *ev)
{
	switch (ev->type) {
	case MODULE_EVENT_LOAD:
		pr_info("hello_friend: hello has seen %d load event(s)", hello_load_count());
		return 0;
	case MODULE_EVENT_ATTACH:
		attached++;
		pr_info("hello_friend: attached to %s", ev->dev->name);
		return 0;
	case MODULE_EVENT_DETACH:
		attached--;
		pr_info("hello_friend: detached from %s", ev->dev->name);
		return 0;
	default: return 0;
	}
}

MODULE_INFO("Loom developers", "Sample module that depends on hello", "1.0", "MIT",
	    "BOOT_ALWAYS;pci-class:0600", friend_event);
