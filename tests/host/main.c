/*
 * Runs every host test case (the "host_tests" section) and prints KTAP:
 * one "ok N name" / "not ok N name" line per case. Arguments, when given,
 * select cases whose name or file contains one of them. Exit 1 on failure.
 */
#include "test.h"
#include <stdlib.h>

extern const struct host_test __start_host_tests[], __stop_host_tests[];

static int wanted(const struct host_test *t, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strstr(t->name, argv[i]) || strstr(t->file, argv[i]))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int n = 0, i = 0, bad = 0;

	for (const struct host_test *t = __start_host_tests; t < __stop_host_tests; t++)
		n += wanted(t, argc, argv);
	printf("KTAP version 1\n1..%d\n", n);
	for (const struct host_test *t = __start_host_tests; t < __stop_host_tests; t++) {
		int failed = 0;

		if (!wanted(t, argc, argv))
			continue;
		t->fn(&failed);
		printf("%s %d %s\n", failed ? "not ok" : "ok", ++i, t->name);
		fflush(stdout);
		bad |= failed;
	}
	return bad;
}
