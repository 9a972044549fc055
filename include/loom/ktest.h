/*
 * In-kernel tests (CONFIG_KTEST). A suite is a named array of cases placed
 * in the .ktest_suites section by KTEST_SUITE(); kernel/ktest/ktest.c runs
 * them when "ktest" is on the command line ("ktest=a,b" runs suites a and b)
 * and prints KTAP. Checks print file, line and both values on failure; the
 * KASSERT_ forms also end the case.
 */
#ifndef LOOM_KTEST_H
#define LOOM_KTEST_H

#include <loom/compiler.h>
#include <loom/types.h>

struct ktest {
	bool failed;
	bool skipped;
	const char *skip_reason;
};

struct ktest_case {
	const char *name;
	void (*fn)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	size_t nr_cases;
};

#define KTEST_CASE(fn)  \
	{               \
#fn, fn \
	}

#define KTEST_SUITE(sname, ...)                                                                 \
	static const struct ktest_case __ktest_cases_##sname[] = { __VA_ARGS__ };               \
	static const struct ktest_suite __ktest_suite_##sname __used __section(".ktest_suites") \
		__aligned(8) = { #sname, __ktest_cases_##sname,                                 \
				 ARRAY_SIZE(__ktest_cases_##sname) }

/* A small reproducible pseudo-random generator for tests (xorshift64):
 * give each test its own non-zero state. */
static inline u64 ktest_rand(u64 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

__printf(4, 5) void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...);
void ktest_skip(struct ktest *t, const char *reason);
void ktest_run_all(void);

#define KEXPECT_TRUE(t, c)                                                    \
	({                                                                    \
		bool _ok = !!(c);                                             \
		if (!_ok)                                                     \
			ktest_fail(t, __FILE__, __LINE__, "expected %s", #c); \
		_ok;                                                          \
	})

#define KEXPECT_OP(t, a, op, b)                                                                 \
	({                                                                                      \
		long long _a = (long long)(a), _b = (long long)(b);                             \
		bool _ok = _a op _b;                                                            \
		if (!_ok)                                                                       \
			ktest_fail(t, __FILE__, __LINE__,                                       \
				   "%s %s %s: %lld (0x%llx) vs %lld (0x%llx)", #a, #op, #b, _a, \
				   _a, _b, _b);                                                 \
		_ok;                                                                            \
	})
#define KEXPECT_EQ(t, a, b) KEXPECT_OP(t, a, ==, b)
#define KEXPECT_NE(t, a, b) KEXPECT_OP(t, a, !=, b)
#define KEXPECT_LT(t, a, b) KEXPECT_OP(t, a, <, b)
#define KEXPECT_LE(t, a, b) KEXPECT_OP(t, a, <=, b)

#define KEXPECT_STREQ(t, a, b)                                                                  \
	({                                                                                      \
		const char *_a = (a), *_b = (b);                                                \
		bool _ok = _a && _b && !strcmp(_a, _b);                                         \
		if (!_ok)                                                                       \
			ktest_fail(t, __FILE__, __LINE__, "%s == %s: \"%s\" vs \"%s\"", #a, #b, \
				   _a ? _a : "(null)", _b ? _b : "(null)");                     \
		_ok;                                                                            \
	})

#define KASSERT_TRUE(t, c)               \
	do {                             \
		if (!KEXPECT_TRUE(t, c)) \
			return;          \
	} while (0)
#define KASSERT_EQ(t, a, b)               \
	do {                              \
		if (!KEXPECT_EQ(t, a, b)) \
			return;           \
	} while (0)
#define KASSERT_NE(t, a, b)               \
	do {                              \
		if (!KEXPECT_NE(t, a, b)) \
			return;           \
	} while (0)

#endif
