/* Error messages, one per errno value of include/uapi/loom/errno.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const messages[] = {
	[0] = "Success",
	[EPERM] = "Operation not permitted",
	[ENOENT] = "No such file or directory",
	[ESRCH] = "No such process",
	[EINTR] = "Interrupted",
	[EIO] = "I/O error",
	[ENXIO] = "No such device or address",
	[E2BIG] = "Argument list too long",
	[ENOEXEC] = "Not an executable",
	[EBADF] = "Bad file descriptor",
	[ECHILD] = "No child process",
	[EAGAIN] = "Try again",
	[ENOMEM] = "Out of memory",
	[EACCES] = "Permission denied",
	[EFAULT] = "Bad address",
	[EBUSY] = "Busy",
	[EEXIST] = "File exists",
	[EXDEV] = "Cross-device link",
	[ENODEV] = "No such device",
	[ENOTDIR] = "Not a directory",
	[EISDIR] = "Is a directory",
	[EINVAL] = "Invalid argument",
	[ENFILE] = "Too many open files in system",
	[EMFILE] = "Too many open files",
	[ENOTTY] = "Not a terminal",
	[EFBIG] = "File too large",
	[ENOSPC] = "No space left",
	[ESPIPE] = "Illegal seek",
	[EROFS] = "Read-only file system",
	[EMLINK] = "Too many links",
	[EPIPE] = "Broken pipe",
	[EDOM] = "Argument out of domain",
	[ERANGE] = "Result out of range",
	[EDEADLK] = "Deadlock",
	[ENAMETOOLONG] = "Name too long",
	[ENOSYS] = "Not implemented",
	[ENOTEMPTY] = "Directory not empty",
	[ELOOP] = "Too many symbolic links",
	[ENODATA] = "No data",
	[ETIME] = "Timer expired",
	[EOVERFLOW] = "Value too large",
	[EILSEQ] = "Illegal byte sequence",
	[EMSGSIZE] = "Message too long",
	[EPROTOTYPE] = "Wrong socket type",
	[ENOTSUP] = "Not supported",
	[EADDRINUSE] = "Address in use",
	[EISCONN] = "Already connected",
	[ENOTCONN] = "Not connected",
	[ETIMEDOUT] = "Timed out",
	[ECONNREFUSED] = "Connection refused",
};

char *strerror(int err)
{
	static char unknown[32];

	if (err >= 0 && err < (int)(sizeof(messages) / sizeof(messages[0])) && messages[err])
		return (char *)messages[err];
	snprintf(unknown, sizeof(unknown), "Unknown error %d", err);
	return unknown;
}
