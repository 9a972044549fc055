/*
 * User-space tests: each program in /tests is one KTAP suite, printed with
 * four spaces of indentation so that init's own KTAP (one line per
 * program) nests it:
 *     # Subtest: libc_string
 *     1..3
 *     ok 1 strlen
 * UT_EXPECT* print file, line and both values and mark the case failed;
 * UT_SKIP(reason) ends a case that cannot run here as "ok N name # SKIP".
 * ut_main() runs the cases and returns the program's exit status.
 */
#ifndef UTEST_H
#define UTEST_H

#include <stdio.h>
#include <string.h>

struct ut_case {
	const char *name;
	void (*fn)(int *failed);
};

#define UT_CASE(name) static void name(int *ut_failed)
#define UT(name)            \
	{                   \
#name, name \
	}

/* The case cannot run here (a missing kernel feature): reported as a skip. */
#define UT_SKIP(reason)                                 \
	do {                                            \
		*ut_failed = -1;                        \
		printf("        # skip: %s\n", reason); \
		return;                                 \
	} while (0)

#define UT_EXPECT(c)                                                                      \
	do {                                                                              \
		if (!(c)) {                                                               \
			printf("        # %s:%d: expected %s\n", __FILE__, __LINE__, #c); \
			*ut_failed = 1;                                                   \
		}                                                                         \
	} while (0)

#define UT_EXPECT_EQ(a, b)                                                                      \
	do {                                                                                    \
		long long _a = (long long)(a), _b = (long long)(b);                             \
		if (_a != _b) {                                                                 \
			printf("        # %s:%d: %s == %s: %lld != %lld\n", __FILE__, __LINE__, \
			       #a, #b, _a, _b);                                                 \
			*ut_failed = 1;                                                         \
		}                                                                               \
	} while (0)

#define UT_EXPECT_STREQ(a, b)                                                             \
	do {                                                                              \
		const char *_a = (a), *_b = (b);                                          \
		if (!_a || !_b || strcmp(_a, _b)) {                                       \
			printf("        # %s:%d: %s == %s: \"%s\" != \"%s\"\n", __FILE__, \
			       __LINE__, #a, #b, _a ? _a : "(null)", _b ? _b : "(null)"); \
			*ut_failed = 1;                                                   \
		}                                                                         \
	} while (0)

static inline int ut_main(const char *suite, const struct ut_case *cases, int n)
{
	int bad = 0;

	printf("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", suite, n);
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		int failed = 0;

		cases[i].fn(&failed);
		printf("    %s %d %s%s\n", failed > 0 ? "not ok" : "ok", i + 1, cases[i].name,
		       failed < 0 ? " # SKIP" : "");
		fflush(stdout);
		bad += failed > 0;
	}
	return bad ? 1 : 0;
}

#define UT_MAIN(suite, ...)                                                      \
	int main(void)                                                           \
	{                                                                        \
		static const struct ut_case cases[] = { __VA_ARGS__ };           \
		return ut_main(#suite, cases, sizeof(cases) / sizeof(cases[0])); \
	}

#endif
