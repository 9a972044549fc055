/*
 * Address-to-name lookup over the table scripts/kallsyms.py links into
 * .kallsyms, and frame-pointer backtraces (every kernel object is built with
 * -fno-omit-frame-pointer). Without CONFIG_KALLSYMS the table symbols stay
 * undefined (weak, address 0) and traces print bare addresses.
 */
#include <loom/ksyms.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/module.h>

extern const u64 kallsyms_num __attribute__((weak));
extern const u64 kallsyms_addrs[] __attribute__((weak));
extern const u32 kallsyms_sizes[] __attribute__((weak));
extern const u32 kallsyms_name_offs[] __attribute__((weak));
extern const char kallsyms_names[] __attribute__((weak));
extern char _text[], _etext[];

const char *ksym_lookup(u64 addr, u64 *offset, u64 *size)
{
	u64 lo = 0, hi;

	if (!&kallsyms_num || !kallsyms_num)
		return NULL;
	if (addr < (u64)(uintptr_t)_text || addr >= (u64)(uintptr_t)_etext)
		return NULL;
	hi = kallsyms_num;
	/* Last symbol whose address is <= addr. */
	while (hi - lo > 1) {
		u64 mid = lo + (hi - lo) / 2;

		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_addrs[lo] > addr)
		return NULL;
	*offset = addr - kallsyms_addrs[lo];
	*size = kallsyms_sizes[lo];
	if (!*size && lo + 1 < kallsyms_num)
		*size = kallsyms_addrs[lo + 1] - kallsyms_addrs[lo];
	return kallsyms_names + kallsyms_name_offs[lo];
}

void ksym_format(char *buf, size_t size, u64 addr)
{
	u64 off, sz;
	const char *mod = NULL;
	const char *name = ksym_lookup(addr, &off, &sz);

	if (!name)
		name = module_symbolize(addr, &off, &sz, &mod);
	if (name && mod)
		snprintf(buf, size, "%s+0x%llx/0x%llx [%s]", name, (unsigned long long)off,
			 (unsigned long long)sz, mod);
	else if (name)
		snprintf(buf, size, "%s+0x%llx/0x%llx", name, (unsigned long long)off,
			 (unsigned long long)sz);
	else
		snprintf(buf, size, "0x%016llx", (unsigned long long)addr);
}

static bool kernel_stack_addr(u64 p)
{
	return p >= 0xffff800000000000ULL && !(p & 7);
}

void backtrace_print(int level, u64 rip, u64 rbp)
{
	char sym[128];
	int depth = 0;

	printk(level, "Call trace:");
	if (rip) {
		ksym_format(sym, sizeof(sym), rip);
		printk(level, "  [<%016llx>] %s", (unsigned long long)rip, sym);
	}
	while (kernel_stack_addr(rbp) && depth++ < 32) {
		const u64 *frame = (const u64 *)(uintptr_t)rbp;
		u64 ret = frame[1];

		if (!ret)
			break;
		/* The return address points after the call: look up ret-1. */
		ksym_format(sym, sizeof(sym), ret - 1);
		printk(level, "  [<%016llx>] %s", (unsigned long long)ret, sym);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

void dump_stack(void)
{
	backtrace_print(LOG_ERR, 0, (u64)(uintptr_t)__builtin_frame_address(0));
}

EXPORT_SYMBOL(dump_stack);
