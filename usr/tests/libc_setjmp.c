/* setjmp/longjmp: the value comes back, 0 becomes 1, callee-saved
 * registers and locals survive a jump from deep recursion. */
#include <setjmp.h>
#include "utest.h"

static jmp_buf env;

static void deep(int n, int val)
{
	volatile char pad[256];

	pad[0] = (char)n;
	if (n == 0)
		longjmp(env, val);
	deep(n - 1, val + pad[0] * 0);
}

UT_CASE(jump_back)
{
	volatile int local = 5;
	int r = setjmp(env);

	if (r == 0) {
		local = 6;
		deep(50, 7);
	}
	UT_EXPECT_EQ(r, 7);
	UT_EXPECT_EQ(local, 6);
}

UT_CASE(zero_becomes_one)
{
	int r = setjmp(env);

	if (r == 0)
		longjmp(env, 0);
	UT_EXPECT_EQ(r, 1);
}

UT_MAIN(libc_setjmp, UT(jump_back), UT(zero_becomes_one))
