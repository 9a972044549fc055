/* POSIX-style file and process calls over Loom's system calls. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int pipe(int fds[2]);
int dup(int fd);
int dup2(int oldfd, int newfd);
pid_t getpid(void);
int gettid(void);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int unlink(const char *path);
int rmdir(const char *path);
int link(const char *old, const char *new);
int symlink(const char *target, const char *path);
ssize_t readlink(const char *path, char *buf, size_t size);
int usleep(unsigned long us);
unsigned int sleep(unsigned int s);
int isatty(int fd);
__attribute__((noreturn)) void _exit(int code);

#endif
