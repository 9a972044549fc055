/*
 * The in-kernel test runner: runs the suites of .ktest_suites in link order
 * (or those named by "ktest=a,b"), prints KTAP version 1 (as Linux's KUnit)
 * and leaves QEMU through isa-debug-exit: status 33 when every test passed,
 * 35 otherwise. On a machine without isa-debug-exit it halts.
 */
#include <loom/boot.h>
#include <loom/ktest.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <asm/cpu.h>
#include <asm/x86.h>

extern const struct ktest_suite __ktest_suites_start[], __ktest_suites_end[];

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_info("        # %s:%d: %s", file, line, msg);
	t->failed = true;
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = true;
	t->skip_reason = reason;
}

static bool selected(const char *list, const char *name)
{
	return !list[0] || strlist_has(list, ',', name);
}

/* Returns true when no case of the suite failed. */
static bool run_suite(const struct ktest_suite *s, int index, int *pass, int *fail, int *skip)
{
	int sp = 0, sf = 0, ss = 0;

	pr_info("    KTAP version 1");
	pr_info("    # Subtest: %s", s->name);
	pr_info("    1..%zu", s->nr_cases);
	for (size_t i = 0; i < s->nr_cases; i++) {
		struct ktest t = { 0 };

		s->cases[i].fn(&t);
		if (t.failed) {
			pr_info("    not ok %zu %s", i + 1, s->cases[i].name);
			sf++;
		} else if (t.skipped) {
			pr_info("    ok %zu %s # SKIP %s", i + 1, s->cases[i].name,
				t.skip_reason ? t.skip_reason : "");
			ss++;
		} else {
			pr_info("    ok %zu %s", i + 1, s->cases[i].name);
			sp++;
		}
	}
	pr_info("    # %s: pass:%d fail:%d skip:%d total:%zu", s->name, sp, sf, ss, s->nr_cases);
	pr_info("%s %d %s", sf ? "not ok" : "ok", index, s->name);
	*pass += sp;
	*fail += sf;
	*skip += ss;
	return sf == 0;
}

void ktest_run_all(void)
{
	char list[256] = "";
	int n = 0, index = 0, pass = 0, fail = 0, skip = 0;

	cmdline_get("ktest", list, sizeof(list));
	for (const struct ktest_suite *s = __ktest_suites_start; s < __ktest_suites_end; s++)
		n += selected(list, s->name);
	pr_info("KTAP version 1");
	pr_info("1..%d", n);
	for (const struct ktest_suite *s = __ktest_suites_start; s < __ktest_suites_end; s++)
		if (selected(list, s->name))
			run_suite(s, ++index, &pass, &fail, &skip);
	pr_info("# Totals: pass:%d fail:%d skip:%d total:%d", pass, fail, skip, pass + fail + skip);
	qemu_exit(fail ? QEMU_EXIT_FAILURE : QEMU_EXIT_SUCCESS);
	halt_forever();
}
