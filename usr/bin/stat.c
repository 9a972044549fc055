/* stat PATH...: type, size, links, inode, device and mode of each path;
 * PATH:nofollow describes a symbolic link itself (and shows its target). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *type_name(unsigned t)
{
	return t == STAT_REG	   ? "file"
	       : t == STAT_DIR	   ? "directory"
	       : t == STAT_SYMLINK ? "symlink"
				   : "other";
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: stat PATH[:nofollow]...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "stat: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		printf("%s: %s size %llu links %u inode %llu device %u mode %04o", argv[i],
		       type_name(st.type), st.size, st.nlink, st.ino, st.dev, st.mode);
		if (st.type == STAT_SYMLINK) {
			char target[4096], path[4200];
			char *colon;
			ssize_t n;

			snprintf(path, sizeof(path), "%s", argv[i]);
			colon = strchr(path, ':');
			if (colon)
				*colon = 0;
			n = readlink(path, target, sizeof(target) - 1);
			if (n >= 0) {
				target[n] = 0;
				printf(" -> %s", target);
			}
		}
		putchar('\n');
	}
	return rc;
}
