/* symlink TARGET PATH: a symbolic link at PATH pointing to TARGET. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: symlink TARGET PATH\n");
		return 2;
	}
	if (symlink(argv[1], argv[2]) < 0) {
		fprintf(stderr, "symlink: %s -> %s: %s\n", argv[2], argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
