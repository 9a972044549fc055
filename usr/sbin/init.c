/*
 * init, the first process (pid 1, fds 0 1 2 on /dev/console). Makes /tmp,
 * then, in the normal mode, runs /bin/sh on the console (and on the
 * framebuffer console /dev/fbcon when the kernel has one) and starts a
 * shell again when it ends. "run CMD ARG..." in /etc/init.conf runs that
 * one command and ends with its result (make bench). In test mode (/etc/init.conf says "tests") it
 * runs every program of /tests in name order, each on the console, and
 * prints KTAP: a "# Subtest" per program, its result, and a "# Totals"
 * line, then exits with the number of failed programs.
 */
#include <errno.h>
#include <dirent.h>
#include <loom.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* /etc/init.conf: "tests", "run CMD ARG...", or absent (the shell). */
static char *read_conf(void)
{
	char *conf = sreadfile("/etc/init.conf:r");

	if (conf)
		conf[strcspn(conf, "\n")] = 0;
	return conf;
}

/* Run one command line (blank-separated words) and end with its status. */
static int run_once(char *line)
{
	const char *argv[32];
	char status[128];
	int argc = 0;
	pid_t pid;

	for (char *w = strtok(line, " \t"); w && argc < 31; w = strtok(NULL, " \t"))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (!argc) {
		fprintf(stderr, "init: run: no command\n");
		return 1;
	}
	pid = spawn(argv, 0);
	if (pid < 0 || proc_wait(pid, status, sizeof(status)) < 0) {
		fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
		return 1;
	}
	printf("init: %s ended with status %s\n", argv[0], status);
	fflush(stdout);
	return status_code(status) == 0 ? 0 : 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_tests(void)
{
	char *names[128], status[128];
	int n = 0, failed = 0;
	struct dirent *e;
	DIR *d = opendir("/tests");

	if (!d) {
		printf("KTAP version 1\n1..0\n# init: no /tests: %s\n", strerror(errno));
		printf("# Totals: pass:0 fail:1 skip:0\n");
		return 1;
	}
	while ((e = readdir(d)) && n < 128)
		if (e->type == STAT_REG)
			names[n++] = strdup(e->name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	printf("KTAP version 1\n1..%d\n", n);
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		char path[300];
		const char *argv[] = { path, NULL };
		pid_t pid;
		int ok;

		snprintf(path, sizeof(path), "/tests/%s", names[i]);
		pid = spawn(argv, 0);
		if (pid < 0) {
			printf("# init: cannot start %s: %s\n", path, strerror(errno));
			ok = 0;
		} else if (proc_wait(pid, status, sizeof(status)) < 0) {
			printf("# init: cannot wait for %s: %s\n", path, strerror(errno));
			ok = 0;
		} else {
			ok = !strcmp(status, "0");
			if (!ok)
				printf("# %s ended with status \"%s\"\n", names[i], status);
		}
		failed += !ok;
		printf("%s %d %s\n", ok ? "ok" : "not ok", i + 1, names[i]);
		fflush(stdout);
	}
	printf("# Totals: pass:%d fail:%d skip:0\n", n - failed, failed);
	fflush(stdout);
	return failed;
}

/* A shell on a console device: fds 0 1 2 of the child are that device. */
static pid_t start_shell(const char *console)
{
	const char *argv[] = { "/bin/sh", NULL };
	pid_t pid;
	int fd;

	if (!strcmp(console, "/dev/console"))
		return spawn(argv, 0); /* fds 0-2 are already the console */
	pid = spawn(argv, SPAWN_SUSPENDED);
	if (pid < 0)
		return -1;
	fd = open(F("%s:rw", console));
	if (fd < 0 ||
	    proc_ctl(pid, F("dup2 %d 0 && dup2 %d 1 && dup2 %d 2 && close 3-", fd, fd, fd)) < 0) {
		if (fd >= 0)
			close(fd);
		proc_ctl(pid, "kill");
		return -1;
	}
	close(fd);
	if (proc_ctl(pid, "start") < 0) {
		proc_ctl(pid, "kill");
		return -1;
	}
	return pid;
}

int main(int argc, char **argv)
{
	static const char *const consoles[] = { "/dev/console", "/dev/fbcon" };
	pid_t shells[2] = { -1, -1 };
	char status[128], *conf;
	struct stat st;

	if (mkdir("/tmp", 0755) < 0 && errno != EEXIST)
		fprintf(stderr, "init: mkdir /tmp: %s\n", strerror(errno));
	setenv("PATH", "/bin:/sbin", 1);
	setenv("HOME", "/", 1);
	conf = read_conf();
	if ((conf && !strcmp(conf, "tests")) || (argc > 1 && !strcmp(argv[1], "tests")))
		return run_tests();
	if (conf && !strncmp(conf, "run ", 4))
		return run_once(conf + 4);
	free(conf);

	for (;;) {
		for (int i = 0; i < 2; i++) {
			if (shells[i] > 0)
				continue;
			if (i > 0 && stat(consoles[i], &st) < 0)
				continue;
			shells[i] = start_shell(consoles[i]);
			if (shells[i] < 0) {
				fprintf(stderr, "init: cannot start a shell on %s: %s\n",
					consoles[i], strerror(errno));
				if (i == 0)
					return 1;
			}
		}
		/* wait for the console's shell; the other is restarted on the next round */
		if (proc_wait(shells[0], status, sizeof(status)) < 0) {
			/* without /proc nothing can be waited for: do not start
			 * shell after shell */
			fprintf(stderr, "init: cannot wait for the shell: %s\n", strerror(errno));
			for (;;)
				sleep(3600);
		}
		shells[0] = -1;
		printf("init: the shell ended (%s); starting a new one\n", status);
	}
}
