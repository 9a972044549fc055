/*
 * FPU/SSE state survives thread switches (lazy switching): two threads
 * keep different values in xmm0-xmm1 and the x87 control word across many
 * yields. Built with the FPU allowed (see the Makefile).
 */
#include <loom/ktest.h>
#include <loom/thread.h>

static volatile int bad;

static void keep_pattern(void *arg)
{
	u64 want = (u64)(uintptr_t)arg, got0, got1;

	__asm__ volatile("movq %0, %%xmm0\n\tmovq %0, %%xmm1" ::"r"(want) : "xmm0", "xmm1");
	for (int i = 0; i < 200; i++) {
		yield();
		__asm__ volatile("movq %%xmm0, %0\n\tmovq %%xmm1, %1" : "=r"(got0), "=r"(got1));
		if (got0 != want || got1 != want)
			bad++;
	}
}

static void fpu_state_is_per_thread(struct ktest *t)
{
	struct thread *a = thread_create("fpu-a", keep_pattern, (void *)0x1111222233334444ULL, 0);
	struct thread *b = thread_create("fpu-b", keep_pattern, (void *)0x5555666677778888ULL, 0);

	bad = 0;
	KASSERT_TRUE(t, a && b);
	thread_join(a);
	thread_join(b);
	KEXPECT_EQ(t, bad, 0);
}

KTEST_SUITE(fpu, KTEST_CASE(fpu_state_is_per_thread));
