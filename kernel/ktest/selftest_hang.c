/* Harness self-test: never returns (CONFIG_KTEST_SELFTEST_HANG). */
#include <loom/ktest.h>
#include <asm/x86.h>

static void selftest_must_hang(struct ktest *t)
{
	for (;;)
		pause();
}

KTEST_SUITE(selftest_hang, KTEST_CASE(selftest_must_hang));
