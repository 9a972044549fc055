/* The C library's string, ctype and conversion functions, in user mode. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "utest.h"

UT_CASE(basics)
{
	char buf[32];

	UT_EXPECT_EQ(strlen("loom"), 4);
	UT_EXPECT(strcmp("a", "b") < 0);
	UT_EXPECT_STREQ(strchr("x:ce", ':'), ":ce");
	UT_EXPECT_EQ(strlcpy(buf, "truncated", 4), 9);
	UT_EXPECT_STREQ(buf, "tru");
	memset(buf, 'z', 8);
	UT_EXPECT(!memcmp(buf, "zzzzzzzz", 8));
	memmove(buf + 1, buf, 7);
	UT_EXPECT_EQ(buf[7], 'z');
}

UT_CASE(ctype)
{
	UT_EXPECT(isdigit('7') && !isdigit('a'));
	UT_EXPECT(isspace('\t') && !isspace('x'));
	UT_EXPECT_EQ(toupper('q'), 'Q');
}

UT_CASE(conversions)
{
	char *end;

	UT_EXPECT_EQ(strtol("0x1f", &end, 0), 31);
	UT_EXPECT_EQ(*end, 0);
	UT_EXPECT_EQ(atoi("-42"), -42);
	UT_EXPECT_EQ(strtoull("18446744073709551615", NULL, 10), 18446744073709551615ull);
	UT_EXPECT(strtod("2.5e2", NULL) == 250.0);
}

UT_MAIN(libc_string, UT(basics), UT(ctype), UT(conversions))
