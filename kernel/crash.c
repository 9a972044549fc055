/*
 * crash=TYPE on the command line: fault on purpose, from a function named
 * after the fault, so tests can check that exception reports name it.
 * Types: pagefault, ud, gp, divide, panic. Unknown types are logged and
 * ignored.
 */
#include <loom/boot.h>
#include <loom/panic.h>
#include <loom/printk.h>
#include <loom/string.h>

static volatile u64 *volatile null_ptr;
static volatile int zero;

static __noinline void crash_pagefault(void)
{
	*null_ptr = 0x10c0; /* write to address 0: not mapped */
}

static __noinline void crash_invalid_opcode(void)
{
	__asm__ volatile("ud2");
}

static __noinline void crash_general_protection(void)
{
	/* A non-canonical address. */
	*(volatile u64 *)0x8000000000000000ULL = 1;
}

static __noinline void crash_divide(void)
{
	volatile int x = 1 / zero;
	(void)x;
}

static __noinline void crash_panic(void)
{
	panic("crash=panic requested on the command line");
}

static const struct {
	const char *name;
	void (*fn)(void);
} crashes[] = {
	{ "pagefault", crash_pagefault },   { "ud", crash_invalid_opcode },
	{ "gp", crash_general_protection }, { "divide", crash_divide },
	{ "panic", crash_panic },
};

void crash_from_cmdline(void)
{
	char what[32];

	if (cmdline_get("crash", what, sizeof(what)) < 0)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(crashes); i++) {
		if (!strcmp(what, crashes[i].name)) {
			pr_notice("crash: %s, as the command line asks", what);
			crashes[i].fn();
			pr_err("crash: %s did not fault", what);
			return;
		}
	}
	pr_warn("crash: unknown type '%s' (pagefault, ud, gp, divide, panic)", what);
}
