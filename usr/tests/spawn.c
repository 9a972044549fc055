/* Processes from user mode: spawn and wait for the status string, an exit
 * code, a death by a note, and a suspended child prepared through ctl
 * (its stdout moved to a pipe) and env before "start". */
#include <errno.h>
#include <loom.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

static const char *run(const char *const argv[], char *status, size_t size)
{
	pid_t pid = spawn(argv, 0);

	if (pid < 0 || proc_wait(pid, status, size) < 0)
		return "(spawn or wait failed)";
	return status;
}

UT_CASE(exit_codes)
{
	char st[128];
	const char *ok[] = { "/bin/sh", "-c", "exit 0", NULL };
	const char *three[] = { "/bin/sh", "-c", "exit 3", NULL };
	const char *missing[] = { "/bin/no-such-program", NULL };

	UT_EXPECT_STREQ(run(ok, st, sizeof(st)), "0");
	UT_EXPECT_STREQ(run(three, st, sizeof(st)), "3");
	UT_EXPECT_EQ(status_code("3"), 3);
	UT_EXPECT(spawn(missing, 0) < 0 && errno == ENOENT);
}

UT_CASE(note_ends_it)
{
	char st[128];
	const char *so[] = { "/bin/stackoverflow", NULL };

	run(so, st, sizeof(st));
	UT_EXPECT(!strncmp(st, "pagefault", 9));
	UT_EXPECT_EQ(status_code(st), -1);
}

UT_CASE(suspended_prepared)
{
	const char *argv[] = { "/bin/env", "SPAWN_TEST", NULL };
	char st[128], *out;
	int p[2];
	pid_t pid;

	UT_EXPECT_EQ(pipe(p), 0);
	pid = spawn(argv, SPAWN_SUSPENDED);
	UT_EXPECT(pid > 0);
	if (pid <= 0)
		return;
	UT_EXPECT_EQ(proc_ctl(pid, F("dup2 %d 1 && close 3-", p[1])), 0);
	UT_EXPECT_EQ(proc_setenv(pid, "SPAWN_TEST", "prepared"), 0);
	UT_EXPECT_EQ(proc_ctl(pid, "start"), 0);
	UT_EXPECT(proc_ctl(pid, "start") < 0); /* only a suspended one starts */
	close(p[1]);
	out = sread(p[0]);
	close(p[0]);
	UT_EXPECT_STREQ(out, "prepared\n");
	free(out);
	UT_EXPECT(proc_wait(pid, st, sizeof(st)) >= 0);
	UT_EXPECT_STREQ(st, "0");
}

UT_CASE(kill_a_sleeper)
{
	const char *argv[] = { "/bin/sleep", "100", NULL };
	char st[128];
	pid_t pid = spawn(argv, 0);

	UT_EXPECT(pid > 0);
	if (pid <= 0)
		return;
	UT_EXPECT_EQ(proc_ctl(pid, "kill"), 0);
	UT_EXPECT(proc_wait(pid, st, sizeof(st)) >= 0);
	UT_EXPECT(!strncmp(st, "kill", 4));
}

UT_MAIN(spawn, UT(exit_codes), UT(note_ends_it), UT(suspended_prepared), UT(kill_a_sleeper))
