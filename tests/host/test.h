/*
 * Host unit tests: a tiny framework for pure kernel code compiled for the
 * host with AddressSanitizer and UBSan (tests/host/Makefile).
 *
 * A test file defines cases with TEST(name) { ... } and checks with the
 * EXPECT_* macros; each failed check prints file, line and both values.
 * tests/host/main.c runs every case and prints KTAP; the runner counts them.
 */
#ifndef LOOM_HOST_TEST_H
#define LOOM_HOST_TEST_H

#include <stdio.h>
#include <string.h>
#include <stdint.h>

struct host_test {
	const char *name;
	const char *file;
	void (*fn)(int *failed);
};

#define TEST(name)                                                                            \
	static void test_##name(int *failed);                                                 \
	static const struct host_test host_test_##name                                        \
		__attribute__((used, section("host_tests"), aligned(8))) = { #name, __FILE__, \
									     test_##name };   \
	static void test_##name(int *failed __attribute__((unused)))

#define EXPECT_TRUE(c)                                                                \
	do {                                                                          \
		if (!(c)) {                                                           \
			printf("    # %s:%d: expected %s\n", __FILE__, __LINE__, #c); \
			*failed = 1;                                                  \
		}                                                                     \
	} while (0)

#define EXPECT_EQ(a, b)                                                                         \
	do {                                                                                    \
		long long _a = (long long)(a), _b = (long long)(b);                             \
		if (_a != _b) {                                                                 \
			printf("    # %s:%d: %s == %s: %lld != %lld\n", __FILE__, __LINE__, #a, \
			       #b, _a, _b);                                                     \
			*failed = 1;                                                            \
		}                                                                               \
	} while (0)

#define EXPECT_STREQ(a, b)                                                                      \
	do {                                                                                    \
		const char *_a = (a), *_b = (b);                                                \
		if (!_a || !_b || strcmp(_a, _b)) {                                             \
			printf("    # %s:%d: %s == %s: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
			       #a, #b, _a ? _a : "(null)", _b ? _b : "(null)");                 \
			*failed = 1;                                                            \
		}                                                                               \
	} while (0)

#endif
