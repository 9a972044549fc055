/*
 * The kernel's random source (include/loom/random.h): RDRAND, or a
 * TSC-stirred xorshift64* when the CPU has none or it keeps failing.
 */
#include <loom/random.h>
#include <loom/string.h>
#include <asm/cpu.h>
#include <asm/x86.h>

#define RDRAND_TRIES 10

static u64 fallback_state; /* 0: not seeded yet */

static bool rdrand64(u64 *v)
{
	for (int i = 0; i < RDRAND_TRIES; i++) {
		u8 ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok)::"cc");
		if (ok)
			return true;
	}
	return false;
}

/* One xorshift64* step (Vigna): a full period of 2^64 - 1 over nonzero states. */
static u64 xorshift64(u64 x)
{
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	return x;
}

u64 random_fallback_u64(void)
{
	u64 old = __atomic_load_n(&fallback_state, __ATOMIC_RELAXED), next;

	do {
		/* the TSC's low bits are the unpredictable part: spread them */
		next = xorshift64((old ? old : 0x9e3779b97f4a7c15ULL) ^
				  (rdtsc() * 0xbf58476d1ce4e5b9ULL));
		if (!next)
			next = 0x9e3779b97f4a7c15ULL;
	} while (!__atomic_compare_exchange_n(&fallback_state, &old, next, true, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return next * 0x2545f4914f6cdd1dULL;
}

bool random_is_hw(void)
{
	return cpu_features.rdrand;
}

u64 random_u64(void)
{
	u64 v;

	if (cpu_features.rdrand && rdrand64(&v))
		return v;
	return random_fallback_u64();
}

void random_bytes(void *buf, size_t n)
{
	u8 *p = buf;

	while (n) {
		u64 v = random_u64();
		size_t c = MIN(n, sizeof(v));

		memcpy(p, &v, c);
		p += c;
		n -= c;
	}
}
