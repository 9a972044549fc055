/* touch FILE...: create files that do not exist. Path flags pass through
 * ("touch f:ce" fails if f exists); without flags ":create" is added. */
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
		int fd = open(strchr(argv[i], ':') ? argv[i] : F("%s:create", argv[i]));

		if (fd < 0) {
			fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		close(fd);
	}
	return rc;
}
