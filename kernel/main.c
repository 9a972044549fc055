/*
 * kernel_main: the portable start of the kernel, reached from _start64 with
 * the physical address of the loader's struct boot_info. Order: boot info,
 * log, CPU tables, clock, consoles, memory, ACPI, interrupt controller,
 * ramdisk and modules, clocks and timers, drivers, then the banner
 * "Loom <version> (<config>) booted in <N> ms on <C> CPUs".
 */
#include <loom/acpi.h>
#include <loom/boot.h>
#include <loom/init.h>
#include <loom/kbench.h>
#include <loom/ktest.h>
#include <loom/log.h>
#include <loom/module.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/slab.h>
#include <loom/vfs.h>
#include <asm/cpu.h>
#include <asm/irq.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <asm/x86.h>
#include <generated/version.h>

int boot_copy(u64 phys);
void cpu_print_info(void);
void crash_from_cmdline(void);

static const char *loader_name(u32 l)
{
	return l == BOOT_LOADER_UEFI ? "UEFI" : l == BOOT_LOADER_PVH ? "PVH" : "?";
}

__attribute__((noreturn)) void kernel_main(u64 boot_info_phys)
{
	struct page_stats ps;
	u64 ms;

	boot_tsc = rdtsc();
	if (boot_copy(boot_info_phys)) {
		static const char msg[] = "loom: bad boot information from the loader\n";

		emergency_console_ops.write(NULL, msg, sizeof(msg) - 1);
		halt_forever();
	}
	percpu_init_bsp(); /* GS: smp_processor_id() works from here on */
	log_init();
	gdt_init();
	idt_init();
	cpu_init();
	tsc_calibrate();
	do_initcall_level(1);
	modules_init_builtin(); /* built-in consoles: the log so far is replayed */

	pr_notice("Loom %s (%s), loaded by %s", LOOM_VERSION, LOOM_CONFIG_NAME,
		  loader_name(boot_info->loader));
	pr_info("command line: %s", boot_cmdline());
	cpu_print_info();

	page_alloc_init();
	paging_init();
	page_alloc_release_loader();
	slab_init();
	if (IS_ENABLED(CONFIG_ACPI))
		acpi_tables_init();
	irq_init(); /* the local APIC; interrupts stay off (IF=0) */

	do_initcall_level(2); /* the ramdisk */
	vfs_init();
	if (IS_ENABLED(CONFIG_MODULES))
		modules_autoload();
	/* ACPI devices: after the module index, before the HPET is sought */
	if (IS_ENABLED(CONFIG_ACPI_AML))
		acpi_namespace_init();
	time_init();  /* after the modules: the HPET may be one */
	sched_init(); /* this becomes the thread "main"; interrupts on */
	do_initcall_level(3);
	do_initcall_level(4);

	page_alloc_stats(&ps);
	pr_info("mm: %llu of %llu KiB free", ps.free * 4, ps.total * 4);

	if (IS_ENABLED(CONFIG_KTEST) && cmdline_has("ktest"))
		ktest_run_all();
	if (IS_ENABLED(CONFIG_KBENCH) && cmdline_has("kbench"))
		kbench_run_all();
	if (IS_ENABLED(CONFIG_DEBUG_CRASH_CMDLINE))
		crash_from_cmdline();

	ms = clock_ns() / 1000000;
	pr_notice("Loom %s (%s) booted in %llu ms on %u CPUs", LOOM_VERSION, LOOM_CONFIG_NAME,
		  (unsigned long long)ms, smp_cpus_online());
	/* qemu_exit=boot: leave QEMU with the success status (boot tests of
	 * configurations that have no console to print the banner on). */
	if (cmdline_has("qemu_exit"))
		qemu_exit(QEMU_EXIT_SUCCESS);
	proc_start_init(); /* returns when init ends (or at once without one) */
	/* Nothing more to do here: main sleeps, the idle thread halts. */
	for (;;)
		sleep_ns(3600ULL * 1000000000ULL);
}
