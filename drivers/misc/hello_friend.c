/*
 * hello_friend: a sample module that uses hello's export, so it depends on
 * hello (scripts/modpost.py records it): loading it loads hello first, and
 * hello cannot be unloaded while hello_friend is loaded.
 */
#include <loom/module.h>
#include <loom/printk.h>

int hello_load_count(void);

static int friend_event(const struct module_event *ev)
{
	if (ev->type == MODULE_EVENT_LOAD)
		pr_info("hello_friend: hello has seen %d load event(s)", hello_load_count());
	return 0;
}

MODULE_INFO("Loom developers", "Sample module that depends on hello", "1.0", "MIT", "BOOT_ALWAYS",
	    friend_event);
