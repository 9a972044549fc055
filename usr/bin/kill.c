/* kill [-n NOTE] PID...: send a note ("kill" by default, which ends the
 * process) through /proc/[pid]/ctl. */
#include <errno.h>
#include <loom.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *note = NULL;
	int i = 1, rc = 0;

	if (argc > 2 && !strcmp(argv[1], "-n")) {
		note = argv[2];
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: kill [-n NOTE] PID...\n");
		return 2;
	}
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);

		if (*end || end == argv[i] || pid <= 0) {
			fprintf(stderr, "kill: %s: not a pid\n", argv[i]);
			rc = 1;
			continue;
		}
		if (proc_ctl((pid_t)pid, note ? F("kill \"%s\"", note) : "kill") < 0) {
			fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
			rc = 1;
		}
	}
	return rc;
}
