/*
 * Helpers and cases shared by the vfs suite's files (vfs_test.c,
 * vfs_files_test.c): a copy of the root namespace with a private 1 MiB
 * tmpfs at /kt, and whole-file string reads and writes.
 */
#ifndef KTEST_VFS_TEST_H
#define KTEST_VFS_TEST_H

#include <loom/ktest.h>
#include <loom/vfs.h>

struct namespace *vfs_test_setup(struct ktest *t);
/* Write s to path (opened for writing with its flags): 0 or -errno. */
int vfs_test_put(struct namespace *ns, const char *path, const char *s);
/* Read path into buf (NUL-terminated): bytes read or -errno. */
int vfs_test_get(struct namespace *ns, struct file *cwd, const char *path, char *buf, size_t n);

void vfs_links_and_unlink_while_open(struct ktest *t);
void vfs_rename_cases(struct ktest *t);
void vfs_tmpfs_full(struct ktest *t);
void vfs_fill_and_readdir(struct ktest *t);
void vfs_readers_beside_writers(struct ktest *t);

#endif
