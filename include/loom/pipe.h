/*
 * Pipes (ipc/pipe.c): a ring buffer between a read end and a write end,
 * made by opening /dev/pipe/new: vfs_open2 gives the two ends, a plain
 * open one file that is both. Reads block until data is there and return
 * what there is (0: every writer has closed); writes block until all is
 * written, a write of at most PIPE_BUF bytes in one piece; with :nonblock
 * both return -EAGAIN instead of blocking (a write then writes what fits).
 * A write with no reader left is -EPIPE. Pollable (POLLIN, POLLOUT when
 * PIPE_BUF bytes fit, POLLHUP with no writer, POLLERR with no reader).
 */
#ifndef LOOM_PIPE_H
#define LOOM_PIPE_H

#define PIPE_SIZE (64 * 1024) /* bytes a pipe holds */
#define PIPE_BUF  4096	      /* writes up to this size are never split */

#endif
