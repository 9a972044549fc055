/* Running user programs with captured output (capture.c): tests and
 * benchmarks only. Each returns 0 / a length, or -errno. */
#ifndef KERNEL_PROC_CAPTURE_H
#define KERNEL_PROC_CAPTURE_H

#include <loom/types.h>

struct file;
struct process;

#define CAPTURE_PATH "/proc-test.out"
#define UTEST	     "/tests/user/utest"

int capture_open(struct file **out);
/* The captured output so far, NUL-terminated: its length. */
int capture_read(char *buf, size_t size);
/* Spawned suspended with fds 0-2 on a fresh capture file. */
int capture_spawn(const char *const *argv, u32 argc, struct process **out);
/* Spawn, start, wait: the status in status[], the output in out[]. */
int capture_run(const char *const *argv, u32 argc, char *status, size_t ssize, char *out,
		size_t osize);

/* capture_run of a program that prints "NAME VALUE" and exits with 0:
 * the decimal VALUE in *value; 0, or -errno (-EINVAL: another output). */
int capture_figure(const char *const *argv, u32 argc, u64 *value);

#endif
