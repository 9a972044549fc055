/* mount TARGET FS [SOURCE]: mount a file system in this namespace. */
#include <errno.h>
#include <loom.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: mount TARGET FS [SOURCE]\n");
		return 2;
	}
	if (mount(argv[1], argv[2], argc == 4 ? argv[3] : "") < 0) {
		fprintf(stderr, "mount: %s on %s: %s\n", argv[2], argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
