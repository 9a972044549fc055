/* Path flags through open(): create, exclusive, append, read-only refusing
 * writes, unknown flags refused, symlinks with and without :nofollow. */
#include <errno.h>
#include <loom.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "utest.h"

UT_CASE(create_exclusive)
{
	int fd = open("/tmp/pf_a:ce");

	UT_EXPECT(fd >= 0);
	close(fd);
	UT_EXPECT(open("/tmp/pf_a:ce") < 0 && errno == EEXIST);
	UT_EXPECT(open("/tmp/pf_missing:r") < 0 && errno == ENOENT);
	UT_EXPECT_EQ(unlink("/tmp/pf_a"), 0);
}

UT_CASE(append_and_readonly)
{
	char *s;
	int fd;

	UT_EXPECT_EQ(swritefile("/tmp/pf_b:w:create:truncate", "one\n"), 0);
	UT_EXPECT_EQ(swritefile("/tmp/pf_b:w:append", "two\n"), 0);
	s = sreadfile("/tmp/pf_b:r");
	UT_EXPECT_STREQ(s, "one\ntwo\n");
	free(s);
	fd = open("/tmp/pf_b:r");
	UT_EXPECT(fd >= 0);
	UT_EXPECT(write(fd, "x", 1) < 0 && errno == EACCES);
	close(fd);
	UT_EXPECT(open("/tmp/pf_b:creat") < 0 && errno == EINVAL);
	UT_EXPECT_EQ(unlink("/tmp/pf_b"), 0);
}

UT_CASE(symlink_nofollow)
{
	struct stat st;

	UT_EXPECT_EQ(swritefile("/tmp/pf_c:w:create", "12345"), 0);
	UT_EXPECT_EQ(symlink("/tmp/pf_c", "/tmp/pf_link"), 0);
	UT_EXPECT_EQ(stat("/tmp/pf_link", &st), 0);
	UT_EXPECT_EQ(st.type, STAT_REG);
	UT_EXPECT_EQ(st.size, 5);
	UT_EXPECT_EQ(stat("/tmp/pf_link:nofollow", &st), 0);
	UT_EXPECT_EQ(st.type, STAT_SYMLINK);
	UT_EXPECT_EQ(lstat("/tmp/pf_link", &st), 0);
	UT_EXPECT_EQ(st.type, STAT_SYMLINK);
	UT_EXPECT_EQ(unlink("/tmp/pf_link"), 0);
	UT_EXPECT_EQ(unlink("/tmp/pf_c"), 0);
}

UT_MAIN(pathflags, UT(create_exclusive), UT(append_and_readonly), UT(symlink_nofollow))
