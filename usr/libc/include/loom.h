/*
 * Loom's own interface (usr/libc/loom.c): processes are spawned (optionally
 * suspended, to be prepared through /proc/[pid]/ctl and /proc/[pid]/env/
 * before "start"), waited for by reading /proc/[pid]/wait (the exit status
 * is a string), and told things through notes. Small helpers read and
 * write whole files as strings.
 */
#ifndef _LOOM_H
#define _LOOM_H

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>
#include <loom/syscall.h>

/* Start argv[0] (a path) with SPAWN_* flags: the pid, or -1 and errno. */
pid_t spawn(const char *const argv[], unsigned long flags);

/* Wait for a process to end: its status string ("0", "3", "pagefault at
 * ...") into buf; the length, or -1 and errno. */
int proc_wait(pid_t pid, char *buf, size_t size);
/* The exit code of a status string; -1 when the process died of a note. */
int status_code(const char *status);
/* Write a command ("start", "dup2 3 1 && close 3", "kill") to
 * /proc/[pid]/ctl: 0 or -1 and errno. */
int proc_ctl(pid_t pid, const char *cmd);
/* Set an environment variable of another (suspended) process. */
int proc_setenv(pid_t pid, const char *name, const char *value);

/* Read all of fd (up to its end) into a malloc()ed string; NULL and errno. */
char *sread(int fd);
/* Write all of str: 0 or -1 and errno. */
int swrite(int fd, const char *str);
/* The same, opening and closing path (flags in the path). */
char *sreadfile(const char *path);
int swritefile(const char *path, const char *str);

/* A formatted string in a buffer on the caller's stack, valid until the
 * end of the enclosing block: open(F("/proc/%d/ctl", pid)). Truncated at
 * F_MAX - 1 bytes. */
#define F_MAX 512
char *__fmt_into(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define F(...) __fmt_into((char[F_MAX]){ 0 }, F_MAX, __VA_ARGS__)

/* Open a path (with its flags): the fd, or -1 and errno. */
int open(const char *path);
int openat(int dirfd, const char *path);
int open2(const char *path, int fds[2]);

/* Notes: handler(note) runs on the thread the note interrupted; when it
 * returns, the interrupted code continues. NULL restores the default (a
 * note ends the process). */
typedef void (*note_handler_t)(const char *note);
int notify(note_handler_t handler);

/* Hand an open file to another process as text: share() writes a
 * one-time key (SHARE_KEY_SIZE bytes with its NUL: key must have room)
 * valid for timeout_ns (at most SHARE_TIMEOUT_MAX); claim(key) in any
 * process gives a new fd for the same open file, once. share: the key's
 * length, claim: the fd; -1 and errno (ENOENT: unknown or already
 * claimed; ETIMEDOUT: expired; ENOSPC: too many keys waiting). */
int share(char *key, size_t size, int fd, unsigned long long timeout_ns);
int claim(const char *key);

int mount(const char *target, const char *fs, const char *source);
int bind(const char *target, const char *source);
int umount(const char *target);

#endif
