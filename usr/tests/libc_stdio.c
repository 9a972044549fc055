/* stdio in user mode: formatting (integers and doubles), files written
 * and read back through FILE streams, fseek/ftell, fgets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

UT_CASE(formatting)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%d|%5s|%-4x|%08.3f|%e|%g", -7, "ab", 255, 3.14159, 12345.678,
		 0.0001);
	UT_EXPECT_STREQ(buf, "-7|   ab|ff  |0003.142|1.234568e+04|0.0001");
	snprintf(buf, sizeof(buf), "%llu %zu %p %c%%", 1ull << 63, (size_t)9, (void *)0x10, 'x');
	UT_EXPECT_STREQ(buf, "9223372036854775808 9 0x10 x%");
}

UT_CASE(file_roundtrip)
{
	char line[64];
	FILE *f = fopen("/tmp/stdio_test.txt", "w");

	UT_EXPECT(f != NULL);
	if (!f)
		return;
	for (int i = 0; i < 100; i++)
		fprintf(f, "line %d\n", i);
	UT_EXPECT_EQ(fclose(f), 0);
	f = fopen("/tmp/stdio_test.txt", "a");
	UT_EXPECT(f != NULL);
	if (f) {
		fputs("appended\n", f);
		fclose(f);
	}
	f = fopen("/tmp/stdio_test.txt", "r");
	UT_EXPECT(f != NULL);
	if (!f)
		return;
	for (int i = 0; i < 100; i++) {
		char want[32];

		snprintf(want, sizeof(want), "line %d\n", i);
		if (!fgets(line, sizeof(line), f) || strcmp(line, want)) {
			UT_EXPECT_STREQ(line, want);
			break;
		}
	}
	UT_EXPECT(fgets(line, sizeof(line), f) != NULL);
	UT_EXPECT_STREQ(line, "appended\n");
	UT_EXPECT(fgets(line, sizeof(line), f) == NULL);
	UT_EXPECT(feof(f));
	UT_EXPECT_EQ(fseek(f, 5, SEEK_SET), 0);
	UT_EXPECT_EQ(ftell(f), 5);
	UT_EXPECT_EQ(fgetc(f), '0');
	fclose(f);
	UT_EXPECT_EQ(unlink("/tmp/stdio_test.txt"), 0);
	UT_EXPECT(fopen("/tmp/stdio_test.txt", "r") == NULL);
}

UT_CASE(bad_mode)
{
	UT_EXPECT(fopen("/tmp/x", "q") == NULL);
}

UT_MAIN(libc_stdio, UT(formatting), UT(file_roundtrip), UT(bad_mode))
