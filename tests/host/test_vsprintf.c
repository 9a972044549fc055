/* The kernel's vsnprintf against the C library's, format by format. */
#include "test.h"
#include <loom/printk.h>
#undef snprintf
/* The C library's, as the reference (test.h renamed its declaration). */
int snprintf(char *buf, size_t size, const char *fmt, ...);
#include <stdlib.h>

static int same(const char *fmt, long long v, int *failed)
{
	char a[128], b[128];
	int na = k_snprintf(a, sizeof(a), fmt, v);
	int nb = snprintf(b, sizeof(b), fmt, v);

	if (na != nb || strcmp(a, b)) {
		printf("    # format \"%s\" value %lld: kernel \"%s\" (%d), libc \"%s\" (%d)\n",
		       fmt, v, a, na, b, nb);
		*failed = 1;
		return 0;
	}
	return 1;
}

TEST(vsprintf_integers_match_libc)
{
	static const char *const fmts[] = {
		"%lld",	     "%llu",   "%llx",	 "%llX",     "%llo",	"%5lld",   "%-5lld|",
		"%05lld",    "%+lld",  "% lld",	 "%#llx",    "%#llo",	"%.3lld",  "%8.3lld",
		"%-8.3lld|", "%.0lld", "%#8llx", "%-#8llx|", "%020llu", "%+.5lld",
	};
	static const long long vals[] = {
		0,
		1,
		-1,
		7,
		42,
		-42,
		255,
		4096,
		99999,
		-100000,
		0x7fffffffLL,
		-0x80000000LL,
		0x123456789abcdefLL,
		(long long)0x8000000000000000ULL,
		0x7fffffffffffffffLL,
	};
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++)
			if (!same(fmts[i], vals[j], failed))
				return;
}

TEST(vsprintf_strings_and_chars)
{
	char a[64];

	k_snprintf(a, sizeof(a), "[%s|%10s|%-10s|%.2s|%c|%%]", "abc", "right", "left", "xyz", 'q');
	EXPECT_STREQ(a, "[abc|     right|left      |xy|q|%]");
	{
		const char *volatile nul = NULL;

		k_snprintf(a, sizeof(a), "%s", nul);
	}
	EXPECT_STREQ(a, "(null)");
	k_snprintf(a, sizeof(a), "%*d|%-*d|%.*s", 4, 7, 3, 8, 2, "abcd");
	EXPECT_STREQ(a, "   7|8  |ab");
	k_snprintf(a, sizeof(a), "%hhd %hd %d", 257, 65537, -3);
	EXPECT_STREQ(a, "1 1 -3");
}

TEST(vsprintf_truncation_and_return_value)
{
	char a[6];

	memset(a, 'x', sizeof(a));
	EXPECT_EQ(k_snprintf(a, sizeof(a), "%s", "abcdefgh"), 8);
	EXPECT_STREQ(a, "abcde");
	EXPECT_EQ(k_snprintf(a, 1, "%d", 12345), 5);
	EXPECT_EQ(a[0], '\0');
	EXPECT_EQ(k_snprintf(NULL, 0, "%s%d", "ab", 100), 5);
}

TEST(vsprintf_random_differential)
{
	static const char *const fmts[] = { "%lld", "%llx", "%-12llu|", "%#018llx", "%+09lld" };

	srand(1);
	for (int i = 0; i < 20000; i++) {
		long long v =
			(long long)(((unsigned long long)rand() << 33) ^
				    ((unsigned long long)rand() << 2) ^ (unsigned long long)rand());

		if (!same(fmts[i % 5], i % 3 ? v : -v, failed))
			return;
	}
}
