/* touch FILE...: create files that do not exist. Path flags pass through
 * ("touch f:ce" fails if f exists); without flags ":create" is added.
 * Creating needs write permission, so ":w" is always added. */
#include <loom.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: touch FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		int fd = open(F(strchr(argv[i], ':') ? "%s:w" : "%s:create:w", argv[i]));

		if (fd < 0) {
			fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		close(fd);
	}
	return rc;
}
