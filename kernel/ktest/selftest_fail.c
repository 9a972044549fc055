/* Harness self-test: fails on purpose (CONFIG_KTEST_SELFTEST_FAIL). */
#include <loom/ktest.h>

static void selftest_must_fail(struct ktest *t)
{
	KEXPECT_EQ(t, 1 + 1, 3);
}

KTEST_SUITE(selftest_fail, KTEST_CASE(selftest_must_fail));
