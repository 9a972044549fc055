/*
 * Processes for in-kernel tests (procfs, netfs): a tiny program written to
 * the root tmpfs (KTEST_PROG, argv "arg one" "two": it exits with status
 * 7 once started), spawned suspended; the test thread can act as one of
 * them for a while (ktest_viewer_attach), as file systems ask
 * proc_current() who is looking.
 */
#ifndef KTEST_PROC_UTIL_H
#define KTEST_PROC_UTIL_H

#include <loom/proc.h>
#include <loom/vfs.h>

#define KTEST_PROG "/kt-procfs-prog"

/* Spawn KTEST_PROG suspended (flags: SPAWN_*), a child of parent (NULL:
 * of the kernel): 0 and a referenced process, or -errno. */
int ktest_spawn(struct process *parent, u64 flags, struct process **out);
/* End p (if it still runs) and drop the test's reference. */
void ktest_finish(struct process *p);
/* Act as p (NULL: as the kernel); returns who the thread acted as. */
struct process *ktest_viewer_attach(struct process *p);
/* Does a listing of dir (in ns) hold name? */
bool ktest_listed(struct namespace *ns, const char *dir, const char *name);

#endif
