/*
 * Local sockets as files (net/, CONFIG_NETFS): the netfs file system,
 * mounted at /net of the initial namespace. Opening /net/local/seqpacket
 * or /net/local/stream makes a socket; reading that file gives its id,
 * the name of its directory /net/local/[id]/ with ctl, data and accept.
 * Documentation/net.md describes the files; this header is what the
 * rest of the kernel (tests, benchmarks) may use.
 */
#ifndef LOOM_NET_H
#define LOOM_NET_H

#include <loom/types.h>

#define NET_LOCAL_BUF	      (64 * 1024) /* bytes a connection end queues  */
#define NET_LOCAL_NAME_MAX    63	  /* bytes of a bound name          */
#define NET_LOCAL_BACKLOG     8		  /* listen without a number        */
#define NET_LOCAL_BACKLOG_MAX 128
#define NET_LOCAL_POLL_ROOM   4096 /* POLLOUT: a write of this size would not block */

/* Live sockets (every end: made by open, or by connect), for leak checks. */
u64 net_local_count(void);

#endif
