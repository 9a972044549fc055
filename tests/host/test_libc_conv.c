/* The user-space C library's conversions, sorting and string functions
 * (usr/libc/strtol.c, qsort.c, string.c, math.c) against the host's. */
#include "test.h"
#include "libc_host.h"
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

int *u_errno_location(void);

TEST(libc_strtol)
{
	static const char *const in[] = { "0",
					  "42",
					  "-42",
					  "  +17xyz",
					  "0x1f",
					  "0X1F",
					  "017",
					  "9223372036854775807",
					  "9223372036854775808",
					  "-9223372036854775808",
					  "-9223372036854775809",
					  "",
					  "abc",
					  "- 5",
					  "0x",
					  "  -0",
					  "18446744073709551615",
					  "99999999999999999999",
					  "0b1",
					  "z" };
	static const int bases[] = { 0, 10, 16, 8, 2, 36 };

	for (unsigned i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		for (unsigned b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			char *ue, *he;
			long u, h;
			int uerr, herr;

			*u_errno_location() = 0;
			errno = 0;
			u = u_strtol(in[i], &ue, bases[b]);
			h = strtol(in[i], &he, bases[b]);
			uerr = *u_errno_location();
			herr = errno;
			EXPECT_EQ(u, h);
			EXPECT_EQ(ue - in[i], he - in[i]);
			EXPECT_EQ(uerr == ERANGE, herr == ERANGE);
			{
				unsigned long long uu = u_strtoull(in[i], &ue, bases[b]);
				unsigned long long hu = strtoull(in[i], &he, bases[b]);

				EXPECT_EQ(uu, hu);
				EXPECT_EQ(ue - in[i], he - in[i]);
			}
		}
	EXPECT_EQ(u_atoi("  -123abc"), -123);
	EXPECT_EQ(u_strtol("10", NULL, 1), 0);
	EXPECT_EQ(u_strtol("10", NULL, 37), 0);
}

TEST(libc_strtod)
{
	static const char *const in[] = { "0",
					  "1.5",
					  "-2.25e3",
					  "3.14159",
					  "1e-5",
					  "  42abc",
					  ".5",
					  "5.",
					  "1e",
					  "inf",
					  "-nan",
					  "1.7976931348623157e308",
					  "123456789.125" };

	for (unsigned i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		char *ue, *he;
		double u = u_strtod(in[i], &ue), h = strtod(in[i], &he);

		EXPECT_EQ(ue - in[i], he - in[i]);
		if (isnan(h))
			EXPECT_TRUE(isnan(u));
		else
			EXPECT_TRUE(u == h || fabs(u - h) <= fabs(h) * 1e-15);
	}
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

struct rec {
	int key, seq;
};

static int cmp_rec(const void *a, const void *b)
{
	return cmp_int(a, b);
}

TEST(libc_qsort_bsearch)
{
	static int a[5000], b[5000];
	unsigned seed = 1;

	for (int round = 0; round < 40; round++) {
		int n = round < 20 ? round : (int)(seed % 5000);
		int mod = round % 3 == 0 ? 5 : 1000000; /* many duplicates, or few */

		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			a[i] = b[i] = round % 7 == 1   ? i
				      : round % 7 == 2 ? n - i
						       : (int)(seed >> 8) % mod;
		}
		u_qsort(a, n, sizeof(int), cmp_int);
		qsort(b, n, sizeof(int), cmp_int);
		EXPECT_EQ(memcmp(a, b, n * sizeof(int)), 0);
		for (int i = 0; i < n; i += 7) {
			int *p = u_bsearch(&b[i], a, n, sizeof(int), cmp_int);

			EXPECT_TRUE(p && *p == b[i]);
		}
		{
			int missing = -1;

			EXPECT_TRUE(u_bsearch(&missing, a, n, sizeof(int), cmp_int) == NULL);
		}
	}
	{
		struct rec r[100];

		for (int i = 0; i < 100; i++)
			r[i] = (struct rec){ (i * 37) % 100, i };
		u_qsort(r, 100, sizeof(r[0]), cmp_rec);
		for (int i = 0; i < 100; i++)
			EXPECT_EQ(r[i].key, i);
	}
}

TEST(libc_string)
{
	char a[64], b[64];
	char *save;

	EXPECT_EQ(u_strlen(""), 0);
	EXPECT_EQ(u_strlen("hello"), 5);
	EXPECT_TRUE(u_strcmp("abc", "abd") < 0);
	EXPECT_TRUE(u_strcmp("abd", "abc") > 0);
	EXPECT_TRUE(u_strcmp("\xff", "a") > 0);
	EXPECT_EQ(u_strncmp("abcX", "abcY", 3), 0);
	EXPECT_EQ(u_strcasecmp("HeLLo", "hello"), 0);
	EXPECT_STREQ(u_strchr("a:b:c", ':'), ":b:c");
	EXPECT_STREQ(u_strrchr("a:b:c", ':'), ":c");
	EXPECT_TRUE(u_strchr("abc", 'z') == NULL);
	EXPECT_STREQ(u_strchr("abc", 0), "");
	EXPECT_STREQ(u_strstr("path/file.txt:ce", ":c"), ":ce");
	EXPECT_TRUE(u_strstr("abc", "abd") == NULL);
	EXPECT_EQ(u_strspn("  \tx", " \t"), 3);
	EXPECT_EQ(u_strcspn("abc|d", "|"), 3);
	EXPECT_EQ(u_strlcpy(a, "truncate me", 5), 11);
	EXPECT_STREQ(a, "trun");
	EXPECT_EQ(u_strlcat(a, "XYZ", 6), 7);
	EXPECT_STREQ(a, "trunX");
	strcpy(b, "  a b  c ");
	EXPECT_STREQ(u_strtok_r(b, " ", &save), "a");
	EXPECT_STREQ(u_strtok_r(NULL, " ", &save), "b");
	EXPECT_STREQ(u_strtok_r(NULL, " ", &save), "c");
	EXPECT_TRUE(u_strtok_r(NULL, " ", &save) == NULL);
	/* memmove both ways, memcpy and memset at every alignment and length */
	for (int off = 0; off < 9; off++)
		for (int len = 0; len < 40; len++) {
			unsigned char x[64], y[64];

			for (int i = 0; i < 64; i++)
				x[i] = y[i] = (unsigned char)(i * 7 + 1);
			u_memmove(x + off, x + 3, len);
			memmove(y + off, y + 3, len);
			EXPECT_EQ(memcmp(x, y, 64), 0);
			u_memset(x + off, 0xa5, len);
			memset(y + off, 0xa5, len);
			EXPECT_EQ(memcmp(x, y, 64), 0);
			u_memcpy(x + off, "0123456789abcdefghijklmnopqrstuvwxyzABCD", len);
			memcpy(y + off, "0123456789abcdefghijklmnopqrstuvwxyzABCD", len);
			EXPECT_EQ(memcmp(x, y, 64), 0);
			EXPECT_EQ(u_memcmp(x, y, 64), 0);
		}
}

TEST(libc_math)
{
	static const double v[] = { 0.5, 1, 2, 2.5, -2.5, 10, 1e-3, 123.456, 1e10, 7.0 / 3 };

	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		double x = v[i];

		EXPECT_TRUE(u_floor(x) == floor(x));
		EXPECT_TRUE(u_ceil(x) == ceil(x));
		EXPECT_TRUE(u_sqrt(fabs(x)) == sqrt(fabs(x)));
		EXPECT_TRUE(u_fmod(x, 0.75) == fmod(x, 0.75));
		if (x < 7000)
			EXPECT_TRUE(fabs(u_exp(x / 10) - exp(x / 10)) <= exp(x / 10) * 1e-15);
		else
			EXPECT_TRUE(isinf(u_exp(x / 10)));
		if (x > 0) {
			EXPECT_TRUE(fabs(u_log(x) - log(x)) <= fabs(log(x)) * 1e-15 + 1e-300);
			EXPECT_TRUE(fabs(u_pow(x, 1.5) - pow(x, 1.5)) <= pow(x, 1.5) * 1e-14);
		}
		EXPECT_TRUE(u_pow(x, 3) == x * x * x);
	}
	EXPECT_TRUE(u_pow(2, -2) == 0.25);
	EXPECT_TRUE(isnan(u_log(-1)));
	EXPECT_TRUE(isnan(u_fmod(1, 0)));
	EXPECT_TRUE(u_floor(-0.5) == -1 && u_ceil(-0.5) == 0);
}
