/* Paths with flags and permissions. */
#include "test.h"
#include <loom/path.h>
#include <stdlib.h>
#include <uapi/loom/errno.h>

static struct path_spec sp;

TEST(path_long_and_short_forms_agree)
{
	static const char *const pairs[][2] = {
		{ "f:create:exclusive", "f:ce" }, { "d:create:directory:parents", "d:cdp" },
		{ "f:read:write", "f:rw" },	  { "f:append", "f:a" },
		{ "dir:recursive", "dir:R" },	  { "s:nofollow", "s:l" },
		{ "m:private", "m:P" },		  { "f:create:truncate:write", "f:ctw" },
		{ "f:nonblock:read", "f:n:r" },	  { "x:execute", "x:x" },
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct path_spec a, b;

		EXPECT_EQ(path_parse(pairs[i][0], &a, NULL), 0);
		EXPECT_EQ(path_parse(pairs[i][1], &b, NULL), 0);
		EXPECT_EQ(a.flags, b.flags);
		EXPECT_EQ(a.perms, b.perms);
		EXPECT_TRUE(a.flags | a.perms);
	}
	EXPECT_EQ(path_parse("/a/b:ce:rw", &sp, NULL), 0);
	EXPECT_STREQ(sp.path, "/a/b");
	EXPECT_EQ(sp.flags, PATH_CREATE | PATH_EXCLUSIVE);
	EXPECT_EQ(sp.perms, PERM_READ | PERM_WRITE);
	EXPECT_TRUE(sp.absolute);
}

TEST(path_bad_flags_are_errors)
{
	const char *why = NULL;

	EXPECT_EQ(path_parse("f:creat", &sp, &why), -EINVAL);
	EXPECT_STREQ(sp.bad, "creat");
	EXPECT_TRUE(why != NULL);
	EXPECT_EQ(path_parse("f:cz", &sp, &why), -EINVAL);
	EXPECT_STREQ(sp.bad, "cz");
	EXPECT_EQ(path_parse("f:", &sp, &why), -EINVAL);
	EXPECT_EQ(path_parse("f:c::e", &sp, &why), -EINVAL);
	EXPECT_EQ(path_parse("dir:c/file", &sp, &why), -EINVAL);
	EXPECT_EQ(path_parse("", &sp, &why), -EINVAL);
	EXPECT_EQ(path_parse(":c", &sp, &why), -EINVAL);
}

TEST(path_components)
{
	char name[NAME_MAX + 1];
	size_t pos = 0;
	const char *want[] = { "a", "..", "b", "c" };
	int n = 0;

	EXPECT_EQ(path_parse("//a/./../b//c/.:r", &sp, NULL), 0);
	EXPECT_EQ(sp.ncomponents, 4);
	while (path_next(sp.path, &pos, name)) {
		EXPECT_TRUE(n < 4);
		if (n < 4)
			EXPECT_STREQ(name, want[n]);
		n++;
	}
	EXPECT_EQ(n, 4);
	EXPECT_EQ(path_parse("/", &sp, NULL), 0);
	EXPECT_EQ(sp.ncomponents, 0);
	EXPECT_EQ(path_parse("rel/x", &sp, NULL), 0);
	EXPECT_TRUE(!sp.absolute);
}

TEST(path_lengths)
{
	char *p = malloc(PATH_MAX + 10);

	memset(p, 'a', NAME_MAX);
	p[NAME_MAX] = '\0';
	EXPECT_EQ(path_parse(p, &sp, NULL), 0);
	p[NAME_MAX] = 'a';
	p[NAME_MAX + 1] = '\0';
	EXPECT_EQ(path_parse(p, &sp, NULL), -ENAMETOOLONG);
	for (int i = 0; i < PATH_MAX + 5; i++)
		p[i] = i % 10 == 9 ? '/' : 'b';
	p[PATH_MAX + 5] = '\0';
	EXPECT_EQ(path_parse(p, &sp, NULL), -ENAMETOOLONG);
	free(p);
}

TEST(path_random_input_never_overflows)
{
	char buf[64];

	srand(7);
	for (int i = 0; i < 50000; i++) {
		int n = rand() % 63;

		for (int k = 0; k < n; k++)
			buf[k] = "ab/.:cerwxRlPdtnpaz"[rand() % 19];
		buf[n] = '\0';
		int r = path_parse(buf, &sp, NULL);
		EXPECT_TRUE(r == 0 || r == -EINVAL || r == -ENAMETOOLONG);
		if (r == 0)
			EXPECT_TRUE(strlen(sp.path) <= (size_t)n);
	}
}

TEST(path_flag_names)
{
	char b[128];

	path_flags_str(PATH_CREATE | PATH_EXCLUSIVE, PERM_READ, b, sizeof(b));
	EXPECT_STREQ(b, "create|exclusive|read");
}
