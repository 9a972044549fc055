/* Runs the boot-time init calls collected in the .initcallN sections. */
#include <loom/errno.h>
#include <loom/init.h>
#include <loom/ksyms.h>
#include <loom/printk.h>

extern const initcall_t __initcall1_start[], __initcall2_start[], __initcall3_start[],
	__initcall4_start[], __initcall_end[];

static const initcall_t *const levels[] = {
	__initcall1_start, __initcall2_start, __initcall3_start, __initcall4_start, __initcall_end,
};

void do_initcall_level(int level)
{
	for (const initcall_t *fn = levels[level - 1]; fn < levels[level]; fn++) {
		int err = (*fn)();

		if (err < 0 && err != -ENODEV) {
			char sym[96];

			ksym_format(sym, sizeof(sym), (u64)(uintptr_t)*fn);
			pr_err("init: %s failed: %s", sym, errno_name(-err));
		}
	}
}
