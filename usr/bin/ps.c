/* ps: the processes this one can see in /proc, with their command lines. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <loom.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp_pid(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	long pids[512];
	int n = 0;
	struct dirent *e;
	DIR *d = opendir("/proc");

	if (!d) {
		fprintf(stderr, "ps: /proc: %s\n", strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) && n < 512)
		if (isdigit((unsigned char)e->name[0]))
			pids[n++] = strtol(e->name, NULL, 10);
	closedir(d);
	qsort(pids, n, sizeof(pids[0]), cmp_pid);
	printf("%6s  %s\n", "PID", "COMMAND");
	for (int i = 0; i < n; i++) {
		int fd = open(F("/proc/%ld/cmdline:r", pids[i]));
		char buf[256];
		ssize_t len = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

		if (fd >= 0)
			close(fd);
		if (len < 0)
			continue; /* ended meanwhile */
		for (ssize_t j = 0; j < len; j++)
			if (!buf[j])
				buf[j] = ' ';
		while (len && buf[len - 1] == ' ')
			len--;
		buf[len] = 0;
		printf("%6ld  %s\n", pids[i], buf);
	}
	return 0;
}
