/* The undefined behaviour sanitizer reports what it should (CONFIG_UBSAN). */
#include <loom/ktest.h>

extern unsigned long ubsan_reports;

static volatile int big = 0x7fffffff, index = 5, shift = 40;
static int arr[4];

static void each_kind_is_reported(struct ktest *t)
{
	unsigned long n = READ_ONCE(ubsan_reports);
	volatile int r;

	/* Each statement must add at least one report (an out-of-bounds
	 * load may also be reported as an object-size violation). */
	r = big + 1;
	KEXPECT_LT(t, n, READ_ONCE(ubsan_reports));
	n = READ_ONCE(ubsan_reports);
	r = arr[index];
	KEXPECT_LT(t, n, READ_ONCE(ubsan_reports));
	n = READ_ONCE(ubsan_reports);
	r = 1 << shift;
	KEXPECT_LT(t, n, READ_ONCE(ubsan_reports));
	(void)r;
}

KTEST_SUITE(ubsan, KTEST_CASE(each_kind_is_reported));
