/* The file system calls (sys_file.c, sys_share.c), for the table in syscall.c. */
#ifndef KERNEL_PROC_SYSCALLS_H
#define KERNEL_PROC_SYSCALLS_H

#include <loom/types.h>

s64 sys_open(u64 path);
s64 sys_open2(u64 path, u64 fds);
s64 sys_openat(u64 dirfd, u64 path);
s64 sys_close(u64 fd);
s64 sys_read(u64 fd, u64 buf, u64 n);
s64 sys_write(u64 fd, u64 buf, u64 n);
s64 sys_seek(u64 fd, u64 off, u64 whence);
s64 sys_dup(u64 fd);
s64 sys_dup2(u64 oldfd, u64 newfd);
s64 sys_stat(u64 path, u64 st);
s64 sys_fstat(u64 fd, u64 st);
s64 sys_readdir(u64 fd, u64 buf, u64 count);
s64 sys_mkdir(u64 path);
s64 sys_remove(u64 path);
s64 sys_rename(u64 from, u64 to);
s64 sys_link(u64 oldpath, u64 newpath);
s64 sys_symlink(u64 target, u64 path);
s64 sys_readlink(u64 path, u64 buf, u64 size);
s64 sys_chdir(u64 path);
s64 sys_getcwd(u64 buf, u64 size);
s64 sys_mount(u64 target, u64 fs, u64 source);
s64 sys_bind(u64 target, u64 source);
s64 sys_umount(u64 target);
s64 sys_poll(u64 fds, u64 n, u64 timeout_ns);
/* sys_share.c */
s64 sys_share(u64 key, u64 size, u64 fd, u64 timeout_ns);
s64 sys_claim(u64 key);

#endif
