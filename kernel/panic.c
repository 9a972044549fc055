/*
 * panic(): report a broken invariant once, with a backtrace, then stop.
 * With CONFIG_QEMU_EXIT_ON_PANIC QEMU is left through isa-debug-exit
 * (status 37); otherwise the CPU halts. A panic while panicking halts at
 * once. Never call it for conditions a user or an input can cause.
 */
#include <loom/ksyms.h>
#include <loom/log.h>
#include <loom/panic.h>
#include <loom/printk.h>
#include <asm/cpu.h>
#include <asm/x86.h>
#include <loom/module.h>

static int panicking;

__noreturn void panic_stop(void)
{
	log_emergency_flush();
	/* SMP: other CPUs get stopped here once they exist. */
	if (IS_ENABLED(CONFIG_QEMU_EXIT_ON_PANIC))
		qemu_exit(QEMU_EXIT_PANIC);
	halt_forever();
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	cli();
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST))
		halt_forever();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic: %s", msg);
	backtrace_print(LOG_EMERG, 0, (u64)(uintptr_t)__builtin_frame_address(0));
	pr_emerg("---[ end Kernel panic: %s ]---", msg);
	panic_stop();
}

/* Called from code built with -fstack-protector-strong. */
u64 __stack_chk_guard = 0x595e9fbd94fda766ULL;

__noreturn void __stack_chk_fail(void)
{
	char sym[128];

	ksym_format(sym, sizeof(sym), (u64)(uintptr_t)__builtin_return_address(0));
	panic("stack protector: stack corrupted in %s", sym);
}

EXPORT_SYMBOL(panic);
EXPORT_SYMBOL(__stack_chk_guard);
EXPORT_SYMBOL(__stack_chk_fail);
