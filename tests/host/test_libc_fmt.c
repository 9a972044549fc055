/* The user-space printf formatter (usr/libc/fmt.c) against the host C
 * library's, conversion by conversion, including doubles, and truncation. */
#include "test.h"
#include "libc_host.h"
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>

#define CHECKF(fmt, ...)                                                                   \
	do {                                                                               \
		char _u[512], _h[512];                                                     \
		int _nu = u_snprintf(_u, sizeof(_u), fmt, __VA_ARGS__);                    \
		int _nh = snprintf(_h, sizeof(_h), fmt, __VA_ARGS__);                      \
		if (strcmp(_u, _h) || _nu != _nh) {                                        \
			printf("    # %s:%d: \"%s\": got \"%s\" (%d), host \"%s\" (%d)\n", \
			       __FILE__, __LINE__, fmt, _u, _nu, _h, _nh);                 \
			*failed = 1;                                                       \
		}                                                                          \
	} while (0)

TEST(libc_fmt_integers)
{
	CHECKF("%d %i %u", 0, -1, 4000000000u);
	CHECKF("%d|%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42, 42);
	CHECKF("%.3d|%8.3d|%-8.3d|%08.3d|%.0d|", 7, -7, 7, 7, 0);
	CHECKF("%x %X %#x %#X %o %#o %#o", 255u, 255u, 255u, 0u, 8u, 8u, 0u);
	CHECKF("%ld %lld %lu %llu", LONG_MIN, LLONG_MAX, ULONG_MAX, 0ull);
	CHECKF("%zu %zd %td %jd", (size_t)123456789, (ssize_t)-5, (ptrdiff_t)-9, (intmax_t)77);
	CHECKF("%hd %hhd %hu %hhu", 70000, 300, 70000, 300);
	CHECKF("%*d|%-*d|%.*d", 6, 1, 6, 2, 4, 3);
	CHECKF("%c%c|%3c|%-3c|", 'a', 'b', 'x', 'y');
	CHECKF("%s|%10s|%-10s|%.2s|%10.3s|", "hello", "hi", "hi", "hello", "hello");
	CHECKF("%p %p", (void *)0x1234, (void *)UINTPTR_MAX);
	CHECKF("%% %d%%", 5);
	CHECKF("%#10x|%-#10x|%#010x", 0xbeefu, 0xbeefu, 0xbeefu);
}

TEST(libc_fmt_doubles)
{
	static const double v[] = { 0.0,
				    -0.0,
				    1.0,
				    -1.5,
				    3.14159265358979,
				    0.1,
				    0.125,
				    2.5,
				    0.5,
				    1.5,
				    123456.789,
				    1e-5,
				    1e-300,
				    1e22,
				    9.9999,
				    0.95,
				    99.5,
				    1234567890123.0,
				    6.02214076e18,
				    2.2250738585072014e-308,
				    1.0 / 3,
				    2.0 / 3,
				    1e15,
				    0.000123456 };

	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		double x = v[i];

		CHECKF("%f|%.0f|%.1f|%.2f|%.3f|%.10f", x, x, x, x, x, x);
		CHECKF("%e|%.0e|%.2e|%E|%.12e", x, x, x, x, x);
		CHECKF("%g|%.1g|%.3g|%G|%.10g|%#g", x, x, x, x, x, x);
		CHECKF("%12.3f|%-12.3f|%012.3f|%+.2f|% .2f", x, x, x, x, x);
	}
	CHECKF("%f %f %e %g %F", INFINITY, -INFINITY, NAN, INFINITY, INFINITY);
	CHECKF("%5.1f|%-8.2e|%08.2f", -2.25, 1234.5, -3.75);
	CHECKF("%.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, 3.5);
	CHECKF("%.2f %.2f %.1f", 1.005, 2.675, 0.25);
	/* beyond 17 significant digits the host prints the exact binary
	 * value; ours prints zeros there */
	EXPECT_TRUE(u_snprintf(NULL, 0, "%f", 1e300) == snprintf(NULL, 0, "%f", 1e300));
}

TEST(libc_fmt_truncation)
{
	char buf[8];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = u_snprintf(buf, sizeof(buf), "%s-%d", "abcdef", 12345);
	EXPECT_EQ(n, 12);
	EXPECT_STREQ(buf, "abcdef-");
	n = u_snprintf(buf, 1, "%d", 99);
	EXPECT_EQ(n, 2);
	EXPECT_EQ(buf[0], 0);
	n = u_snprintf(NULL, 0, "%f", 1.0);
	EXPECT_EQ(n, 8);
	/* an unknown conversion is printed as written */
	n = u_snprintf(buf, sizeof(buf), "%y%d", 1);
	EXPECT_STREQ(buf, "%y1");
}
