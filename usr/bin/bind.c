/* bind TARGET SOURCE: make SOURCE visible at TARGET in this namespace. */
#include <errno.h>
#include <loom.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bind TARGET SOURCE\n");
		return 2;
	}
	if (bind(argv[1], argv[2]) < 0) {
		fprintf(stderr, "bind: %s at %s: %s\n", argv[2], argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
