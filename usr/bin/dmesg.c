/* dmesg [-f]: print the kernel log; -f keeps following it. */
#include <errno.h>
#include <loom.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int follow = argc > 1 && !strcmp(argv[1], "-f");
	int fd = open(follow ? "/dev/klog:r" : "/dev/klog:r:nonblock");
	char buf[4096];
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "dmesg: /dev/klog: %s\n", strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, n) != n)
			return 1;
	if (n < 0 && errno != EAGAIN) {
		fprintf(stderr, "dmesg: read: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
