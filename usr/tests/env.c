/* The environment: init's PATH arrives, setenv is seen by a child,
 * unsetenv removes it, bad names are refused. */
#include <errno.h>
#include <loom.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

static char *child_env(const char *name)
{
	const char *argv[] = { "/bin/env", name, NULL };
	char st[64], *out;
	int p[2];
	pid_t pid;

	if (pipe(p) < 0)
		return NULL;
	pid = spawn(argv, SPAWN_SUSPENDED);
	if (pid < 0 || proc_ctl(pid, F("dup2 %d 1 && close 3-", p[1])) < 0 ||
	    proc_ctl(pid, "start") < 0) {
		close(p[0]);
		close(p[1]);
		return NULL;
	}
	close(p[1]);
	out = sread(p[0]);
	close(p[0]);
	proc_wait(pid, st, sizeof(st));
	return out;
}

UT_CASE(inherited)
{
	UT_EXPECT(getenv("PATH") != NULL);
}

UT_CASE(set_seen_by_child)
{
	char *out;

	UT_EXPECT_EQ(setenv("LOOM_ENV_TEST", "hello world", 1), 0);
	UT_EXPECT_STREQ(getenv("LOOM_ENV_TEST"), "hello world");
	out = child_env("LOOM_ENV_TEST");
	UT_EXPECT_STREQ(out, "hello world\n");
	free(out);
	UT_EXPECT_EQ(setenv("LOOM_ENV_TEST", "other", 0), 0);
	UT_EXPECT_STREQ(getenv("LOOM_ENV_TEST"), "hello world");
	UT_EXPECT_EQ(unsetenv("LOOM_ENV_TEST"), 0);
	UT_EXPECT(getenv("LOOM_ENV_TEST") == NULL);
	out = child_env("LOOM_ENV_TEST");
	UT_EXPECT_STREQ(out, "");
	free(out);
}

UT_CASE(bad_names)
{
	UT_EXPECT(setenv("A=B", "x", 1) < 0 && errno == EINVAL);
	UT_EXPECT(setenv("", "x", 1) < 0 && errno == EINVAL);
}

UT_MAIN(env, UT(inherited), UT(set_seen_by_child), UT(bad_names))
