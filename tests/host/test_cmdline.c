/* Kernel command-line parsing. */
#include "test.h"
#include <loom/cmdline.h>
#include <uapi/loom/errno.h>

TEST(cmdline_keys_values_quotes)
{
	char v[16];

	EXPECT_EQ(cmdline_find("loglevel=7 console=ttyS0,fb0", "console", v, sizeof(v)), 9);
	EXPECT_STREQ(v, "ttyS0,fb0");
	EXPECT_EQ(cmdline_find("  a=\"x y z\"  b", "a", v, sizeof(v)), 5);
	EXPECT_STREQ(v, "x y z");
	EXPECT_EQ(cmdline_find("a b c", "b", v, sizeof(v)), 0);
	EXPECT_STREQ(v, "");
	EXPECT_EQ(cmdline_find("abc=1", "ab", v, sizeof(v)), -ENOENT);
	EXPECT_EQ(cmdline_find("", "a", v, sizeof(v)), -ENOENT);
	EXPECT_EQ(cmdline_find("a=1", "", v, sizeof(v)), -ENOENT);
	EXPECT_EQ(cmdline_find("k=verylongvalue", "k", v, 5), 13);
	EXPECT_STREQ(v, "very");
	EXPECT_EQ(cmdline_find("q=\"unterminated", "q", v, sizeof(v)), 12);
}

TEST(cmdline_parse_numbers)
{
	unsigned long long x = 0;

	EXPECT_EQ(parse_u64("1234", &x), 0);
	EXPECT_EQ(x, 1234);
	EXPECT_EQ(parse_u64("0x1F", &x), 0);
	EXPECT_EQ(x, 31);
	EXPECT_EQ(parse_u64("", &x), -EINVAL);
	EXPECT_EQ(parse_u64("0x", &x), -EINVAL);
	EXPECT_EQ(parse_u64("12a", &x), -EINVAL);
	EXPECT_EQ(parse_u64("18446744073709551615", &x), 0);
	EXPECT_EQ(parse_u64("18446744073709551616", &x), -ERANGE);
}
