/* Notes from user mode: a handler registered with notify() receives a note
 * written to /proc/[pid]/note and the interrupted code goes on; errno
 * survives the handler; without a handler, a note ends the process with
 * the note as its status. */
#include <errno.h>
#include <loom.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include "utest.h"

static volatile int got;
static char text[NOTE_MAX];

static void handler(const char *note)
{
	strlcpy(text, note, sizeof(text));
	errno = 99; /* must not leak into the interrupted code */
	got++;
}

UT_CASE(handler_runs)
{
	errno = 7;
	UT_EXPECT_EQ(notify(handler), 0);
	UT_EXPECT_EQ(swritefile(F("/proc/%d/note:w", getpid()), "hello there"), 0);
	for (int i = 0; i < 1000 && !got; i++)
		sched_yield();
	UT_EXPECT_EQ(got, 1);
	UT_EXPECT_STREQ(text, "hello there");
	UT_EXPECT_EQ(errno, 7);
	UT_EXPECT_EQ(notify(NULL), 0);
}

UT_CASE(no_handler_ends_it)
{
	const char *argv[] = { "/bin/sleep", "100", NULL };
	char st[128];
	pid_t pid = spawn(argv, 0);

	UT_EXPECT(pid > 0);
	if (pid <= 0)
		return;
	UT_EXPECT_EQ(swritefile(F("/proc/%d/note:w", pid), "custom note"), 0);
	UT_EXPECT(proc_wait(pid, st, sizeof(st)) >= 0);
	UT_EXPECT_STREQ(st, "custom note");
}

UT_MAIN(notes, UT(handler_runs), UT(no_handler_ends_it))
