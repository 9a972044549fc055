/*
 * The in-kernel benchmark runner: with "kbench" on the command line, runs
 * every benchmark of the .kbench section (or those named: "kbench=a,b"),
 * prints "bench ..." lines and leaves QEMU with the success status.
 */
#include <loom/boot.h>
#include <loom/kbench.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <asm/cpu.h>
#include <asm/x86.h>

extern const struct kbench __kbench_start[], __kbench_end[];

void kbench_report(const char *name, u64 param, u64 value, const char *unit)
{
	pr_notice("bench %s %llu %llu %s", name, param, value, unit);
}

void kbench_sort(u64 *v, int n)
{
	for (int i = 1; i < n; i++) {
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	}
}

u64 kbench_now_ns(void)
{
	return clock_ns();
}

static bool wanted(const char *list, const char *name)
{
	return !list[0] || strlist_has(list, ',', name);
}

void kbench_run_all(void)
{
	char list[256] = "";

	cmdline_get("kbench", list, sizeof(list));
	for (const struct kbench *b = __kbench_start; b < __kbench_end; b++) {
		if (!wanted(list, b->name))
			continue;
		pr_notice("kbench: %s", b->name);
		b->fn();
	}
	pr_notice("kbench: done");
	qemu_exit(QEMU_EXIT_SUCCESS);
}
